"""Task lists as text: an aligned terminal table, JSON and CSV (with an optional BOM for Excel)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

from .describe import iso, move_reason
from .expand import Task
from .state import NO_STATE, StateView, TaskState, task_key


def state_fields(task: Task, state: StateView) -> dict[str, Any]:
    """status, assignee, note, done_on of a task (open and empty when nothing is stored)."""
    s = state.get(task_key(task)) or TaskState(task_key(task))
    return {"status": s.status.value, "assignee": s.assignee, "note": s.note, "done_on": iso(s.done_on)}


def task_record(task: Task, lang: str = "ja", state: StateView = NO_STATE) -> dict[str, Any]:
    """One task as a plain dict: the JSON and CSV forms (dates in ISO form), with its state."""
    d = task.duty
    return {
        "duty": d.id,
        "title": d.title,
        "title_en": d.title_en,
        "summary": task.title(lang),
        "area": d.area,
        "period": task.period.label(lang),
        "period_key": task.period.key,
        "nominal": iso(task.nominal),
        "due": iso(task.due),
        "start": iso(task.start),
        "nominal_start": iso(task.nominal_start),
        "moved": task.moved,
        "moved_because": move_reason(task, lang),
        "deadline": d.deadline,
        "assumed": task.assumed,
        "closed_days": [{"date": c.day.isoformat(), "kind": c.kind, "name": c.label(lang)} for c in task.closed],
        "shift": d.shift,
        "regime": d.regime,
        "remind_days": list(d.remind),
        "uid": task.uid,
        "company": task.company,
        "owner": task.owner,
        "basis": d.basis,
        "source": d.source,
        "submit_to": d.submit_to,
        "form": d.form,
        "notes": d.notes,
        "provisional": task.provisional,
        # 遅滞なく・速やかに: the law sets no date, `due` is a target (目安)
        "target": task.target,
        **state_fields(task, state),
    }


def to_json(tasks: Iterable[Task], lang: str = "ja", state: StateView = NO_STATE) -> str:
    import json  # only the JSON and CSV forms pay for json / csv

    return json.dumps([task_record(t, lang, state) for t in tasks], ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = (
    "due",
    "weekday",
    "nominal",
    "start",
    "area",
    "duty",
    "title",
    "title_en",
    "period",
    "moved_because",
    "owner",
    "basis",
    "source",
    "submit_to",
    "uid",
    "target",
    "status",
    "assignee",
    "note",
    "done_on",
)


def csv_header(columns: Iterable[str], lang: str) -> list[str]:
    """The CSV header row in the reader's language (期限・曜日・… in Japanese; the ids in English),
    from the message catalogue (`csv.COLUMN`)."""
    from .i18n import has, t

    return [t(f"csv.{c}", lang) if has(f"csv.{c}") else c for c in columns]


def csv_cell(rec: dict[str, Any], column: str, lang: str) -> Any:
    """One CSV cell: the record's value, dates kept ISO for machines; the 曜日 of the due date and the
    area's name in the reader's language added for people."""
    if column == "weekday":
        return weekday_name(rec.get("due"), lang)
    value = rec.get(column)
    if column == "area" and lang == "ja" and value:
        from .vocabulary import AREAS

        return AREAS.get(str(value), (value,))[0]
    return "" if value is None else value


def weekday_name(iso_date: Any, lang: str) -> str:
    """月 … 日 (ja) or Mon … Sun (en) for an ISO date; empty for none."""
    if not iso_date:
        return ""
    from datetime import date

    names = "月火水木金土日" if lang == "ja" else ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    return names[date.fromisoformat(str(iso_date)).weekday()]


def to_csv(tasks: Iterable[Task], lang: str = "ja", *, bom: bool = False, state: StateView = NO_STATE) -> str:
    import csv
    import io

    from .textsafe import csv_row  # a cell Excel would run as a formula (=, +, -, @) is kept as text

    buf = io.StringIO()
    if bom:
        buf.write("\ufeff")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(csv_header(CSV_COLUMNS, lang))
    for t in tasks:
        rec = task_record(t, lang, state)
        w.writerow(csv_row(csv_cell(rec, c, lang) for c in CSV_COLUMNS))
    return buf.getvalue()


def width(text: str) -> int:
    """Display width in a terminal: East Asian wide and full-width characters take two cells."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, cells: int) -> str:
    return text + " " * max(0, cells - width(text))
