"""Pages from Jinja2 templates (``templates/web/``, autoescape on), and the words they share.

Everything a user or a profile wrote reaches a page through autoescape: a company named
``<script>…`` shows as text. Dates read 7/13(月) (or 令和8年7月13日(月) with 和暦 on), with the days
left as in `bocal list`.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from ..agenda import days_left
from ..calendars import format_md
from ..describe import area_name, move_reason
from ..expand import Task
from ..state import Status, TaskState
from ..store.text import status_label

#: The store's words for each status (ja), capitalised for page labels in English.
STATUS_LABELS = {
    "ja": {st.value: status_label(st, "ja") for st in Status},
    "en": {st.value: status_label(st, "en").capitalize() for st in Status},
}
STATUS_MARKS = {"open": "", "in-progress": "▶", "waiting": "⏳", "done": "✓", "not-applicable": "—"}
WEEKDAYS_JA = "月火水木金土日"
ERAS = ((date(2019, 5, 1), "令和"), (date(1989, 1, 8), "平成"), (date(1926, 12, 25), "昭和"))


def wareki(day: date) -> str:
    """令和8年7月13日 (元年 for the first year of an era)."""
    for start, name in ERAS:
        if day >= start:
            n = day.year - start.year + 1
            return f"{name}{'元' if n == 1 else n}年{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"


def day_text(day: date, lang: str, *, wareki_on: bool = False) -> str:
    """7/13(月) / 7/13 (Mon); with 和暦: 令和8年7月13日(月)."""
    if wareki_on and lang == "ja":
        return f"{wareki(day)}({WEEKDAYS_JA[day.weekday()]})"
    return format_md(day, lang)


def urgency_class(day: date, today: date, finished: bool) -> str:
    if finished:
        return "finished"
    n = (day - today).days
    if n < 0:
        return "overdue"
    if n == 0:
        return "today"
    return "soon" if n <= 3 else "later"


def task_row(company: Any, task: Task, state: TaskState | None, today: date, lang: str, prefix: str) -> dict[str, Any]:
    """What a template needs to draw one task (plain strings; the template escapes them)."""
    st = state.status if state is not None else Status.OPEN
    return {
        "key": f"{task.duty.id}-{task.period.key}-{task.company}",
        "company": company.name,
        "company_id": company.id,
        "duty": task.duty.id,
        "period": task.period.key,
        "title": task.title(lang),
        "area": task.area,
        "area_name": area_name(task.area, lang),
        "due": task.due,
        "due_text": (f"{task.due.year}/" if task.due.year != today.year else "") + format_md(task.due, lang),
        "reason": move_reason(task, lang) if task.moved else None,
        "status": st.value,
        "status_label": STATUS_LABELS[lang][st.value],
        "mark": STATUS_MARKS[st.value],
        "finished": st.finished,
        "assignee": state.assignee if state is not None and state.assignee else "",
        "note": state.note if state is not None and state.note else "",
        "owner": task.owner or "",
        "days_left": days_left(task.due, today, lang),
        "urgency": urgency_class(task.due, today, st.finished),
        "url": f"{prefix}/task/{company.id}/{task.duty.id}/{task.period.key}",
    }


def group_by_date(rows: list[dict[str, Any]], today: date, lang: str, wareki_on: bool) -> list[dict[str, Any]]:
    """Rows grouped under their due date (in order), each date with its days left."""
    groups: list[dict[str, Any]] = []
    for r in rows:
        if not groups or groups[-1]["date"] != r["due"]:
            groups.append(
                {
                    "date": r["due"],
                    "iso": r["due"].isoformat(),
                    "text": day_text(r["due"], lang, wareki_on=wareki_on),
                    "days_left": days_left(r["due"], today, lang),
                    "urgency": urgency_class(r["due"], today, False),
                    "rows": [],
                }
            )
        groups[-1]["rows"].append(r)
    return groups


@cache
def environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("bocal", "templates/web"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def render(name: str, **context: Any) -> bytes:
    return bytes(environment().get_template(name).render(**context).encode("utf-8"))
