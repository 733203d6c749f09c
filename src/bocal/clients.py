"""An office's clients, expanded and rendered: tables, JSON, CSV and `export --clients`.

The clients come from `office.load_office` (the one loader, re-exported here as `load_clients`).
Expansion streams client by client (`expand_clients`), sharing the Expander's cache, so a thousand
clients cost little more than their distinct fiscal year ends, and never hold every client's tasks
at once unless the caller does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from .errors import BocalError
from .expand import Expander, Task
from .office import OFFICE_ID, Client, Office, client_files, load_client, load_office
from .state import NO_STATE, StateView

#: The loader under its old name (`office.load_office` is the one loader).
load_clients = load_office

__all__ = [
    "OFFICE_ID",
    "Client",
    "Office",
    "client_files",
    "client_records",
    "expand_clients",
    "export_office",
    "load_client",
    "load_clients",
    "office_calendar_texts",
    "office_tasks",
    "to_csv",
    "to_json",
    "to_table",
]


def expand_clients(
    expander: Expander,
    clients: Iterable[Client],
    start: date,
    end: date,
    *,
    areas: Sequence[str] | None = None,
    failed: list[tuple[Client, BocalError]] | None = None,
) -> Iterator[tuple[Client, list[Task]]]:
    """Each client with its tasks in [start, end], one client at a time.

    A client whose expansion fails (its closures leave a month without the business day a rule
    counts to, say) is left out and recorded in `failed` when it is given — one broken client never
    stops the others — and raised otherwise."""
    for c in clients:
        try:
            tasks = expander.expand(c.profile, start, end, areas=areas)
        except BocalError as e:
            if failed is None:
                raise
            failed.append((c, e))
            continue
        yield c, tasks


def office_tasks(
    expander: Expander,
    clients: Sequence[Client],
    start: date,
    end: date,
    *,
    areas: Sequence[str] | None = None,
    failed: list[tuple[Client, BocalError]] | None = None,
) -> list[tuple[Client, Task]]:
    """Every client's tasks in one list, ordered by due date, then client (directory order), then task."""
    rows: list[tuple[Any, Client, Task]] = []
    for i, (c, tasks) in enumerate(expand_clients(expander, clients, start, end, areas=areas, failed=failed)):
        rows.extend(((t.due, i, j), c, t) for j, t in enumerate(tasks))
    rows.sort(key=lambda r: r[0])
    return [(c, t) for _, c, t in rows]


# -- rendering --------------------------------------------------------------------------------------


def client_records(
    rows: Iterable[tuple[Client, Task]], lang: str = "ja", state: StateView = NO_STATE
) -> list[dict[str, Any]]:
    """JSON/CSV records: the single-company fields (with the task state) plus `client` (its name)."""
    from .render import task_record

    return [{"client": c.name, **task_record(t, lang, state)} for c, t in rows]


def to_json(rows: Iterable[tuple[Client, Task]], lang: str = "ja", state: StateView = NO_STATE) -> str:
    import json

    return json.dumps(client_records(rows, lang, state), ensure_ascii=False, indent=2) + "\n"


def to_csv(
    rows: Iterable[tuple[Client, Task]], lang: str = "ja", *, bom: bool = False, state: StateView = NO_STATE
) -> str:
    import csv
    import io

    from .render import CSV_COLUMNS, csv_cell, csv_header
    from .textsafe import csv_row  # a cell Excel would run as a formula (=, +, -, @) is kept as text

    buf = io.StringIO()
    if bom:
        buf.write("\ufeff")
    w = csv.writer(buf, lineterminator="\r\n")
    columns = ("client", *CSV_COLUMNS)
    w.writerow(csv_header(columns, lang))
    for rec in client_records(rows, lang, state):
        w.writerow(csv_row(csv_cell(rec, k, lang) for k in columns))
    return buf.getvalue()


def to_table(rows: Sequence[tuple[Client, Task]], lang: str = "ja", state: StateView = NO_STATE) -> str:
    """Date, client, area, title (and the owner in brackets when the profile names one), with ✓ and
    the status of tasks that have one (agenda.with_state)."""
    from .agenda import with_state
    from .calendars import format_md
    from .describe import area_name
    from .render import pad, width

    if not rows:
        return ("該当する期限はありません。" if lang == "ja" else "No deadlines in this range.") + "\n"
    cells = []
    for c, t in rows:
        owner = f"  [{t.owner}]" if t.owner else ""
        cells.append(
            (
                format_md(t.due, lang) + ("*" if t.moved else " "),
                c.name,
                area_name(t.duty.area, lang),
                with_state(t.title(lang), t, state, lang) + owner,
            )
        )
    w = [max(width(r[k]) for r in cells) for k in range(3)]
    lines = [f"{pad(a, w[0])}  {pad(b, w[1])}  {pad(ar, w[2])}  {title}" for a, b, ar, title in cells]
    if any(t.moved for _, t in rows):
        lines.append("* " + ("休日のため期日が移動" if lang == "ja" else "moved off a closed day"))
    return "\n".join(lines) + "\n"


# -- export -----------------------------------------------------------------------------------------


def office_calendar_texts(count: int, lang: str = "ja", span: tuple[date, date] | None = None) -> tuple[str, str]:
    """The office-wide calendar's name and description (with the horizon note for `span`)."""
    from .ics import office_texts

    return office_texts(count, lang, span=span)


def export_office(*args: Any, **kwargs: Any) -> Any:
    """`bocal.ics.export.export_office` (the office's .ics files, through the one pipeline); imported
    on call, so `bocal list --clients` never loads icalendar."""
    from .ics.export import export_office as export

    return export(*args, **kwargs)
