"""The tasks of a date range as `bocal list` and `bocal month` show them.

Areas checked, tasks filtered by owner, the agenda with the windows that open in the range but close
after it, an office's rows, and the table / JSON / CSV forms. The range itself comes from the
options (`date_range`). No click: the command line parses, calls one function here, and prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from .calendars import format_md
from .errors import Problem, UsageError
from .expand import Expander, Task
from .profile import Profile
from .rules import Catalog

if TYPE_CHECKING:
    from .clients import Client

#: Windows longer than this are not looked for when listing the days windows open.
WINDOW_REACH = timedelta(days=120)


class Query:
    """What to list: [start, end], only these areas (None: all), only tasks whose owner contains one of `owner`.

    Immutable by convention; a plain class because a dataclass costs `bocal list` half a millisecond
    of start-up (bench/startup.py)."""

    __slots__ = ("start", "end", "areas", "owner")

    def __init__(self, start: date, end: date, areas: list[str] | None = None, owner: tuple[str, ...] = ()) -> None:
        self.start, self.end, self.areas, self.owner = start, end, areas, owner

    def __repr__(self) -> str:
        return f"Query({self.start}, {self.end}, areas={self.areas!r}, owner={self.owner!r})"


def month_range(year: int, month: int) -> tuple[date, date]:
    """The first and last day of a month."""
    return date(year, month, 1), date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)


def date_range(
    today: date,
    from_: date | None,
    to_: date | None,
    month: tuple[int, int] | None,
    year: int | None,
    default: str = "month",
) -> tuple[date, date]:
    """The date range the options name; by default this month (or this year)."""
    chosen = sum(x is not None for x in (month, year)) + (1 if (from_ or to_) else 0)
    if chosen > 1:
        raise UsageError(Problem("give one of --from/--to, --month, --year"))
    if month:
        return month_range(*month)
    if year:
        return date(year, 1, 1), date(year, 12, 31)
    if from_ or to_:
        start = from_ or today
        end = to_ or (start + timedelta(days=365) - timedelta(days=1))
        if end < start:
            raise UsageError(Problem(f"--to {end} is before --from {start}"))
        return start, end
    if default == "year":
        return date(today.year, 1, 1), date(today.year, 12, 31)
    return month_range(today.year, today.month)


def upcoming_range(today: date, days: int) -> tuple[date, date]:
    """From the 1st of this month (this month's overdue deadlines stay in view) to `days` days after today."""
    return today.replace(day=1), today + timedelta(days=days)


def check_areas(area: Sequence[str], key: str = "--area") -> list[str] | None:
    """The areas asked for (None: all of them); an unknown one is an error with a suggestion."""
    from .errors import suggest
    from .profile import AREAS

    for a in area:
        if a not in AREAS:
            raise UsageError(
                Problem(f"unknown area {a!r}", key=key, hint=suggest(a, AREAS) or f"areas are {', '.join(AREAS)}")
            )
    return list(area) or None


def owned(tasks: list[Task], owner: Sequence[str]) -> list[Task]:
    """Tasks whose owner contains one of the `owner` texts (case-insensitive); all without any."""
    if not owner:
        return tasks
    wanted = [o.casefold() for o in owner]
    return [t for t in tasks if t.owner and any(w in t.owner.casefold() for w in wanted)]


def company_tasks(expander: Expander, profile: Profile, query: Query) -> list[Task]:
    """The company's tasks due in the query's range, in its areas, of its owners."""
    return owned(expander.expand(profile, query.start, query.end, areas=query.areas), query.owner)


def agenda(
    expander: Expander, profile: Profile, tasks: list[Task], query: Query, *, today: date, lang: str, color: bool
) -> str:
    """The agenda text for the range: due tasks, and windows that open in the range but close after it."""
    from .agenda import range_title, render_agenda

    start, end = query.start, query.end
    # only window duties (a `start`) can open in the range and close after it
    windowed = [d.id for d in expander.catalog.duties if d.start is not None or any(c.start for c in d.cases.values())]
    later = owned(
        expander.expand(profile, end + timedelta(days=1), end + WINDOW_REACH, areas=query.areas, duties=windowed),
        query.owner,
    )
    opening = [t for t in later if t.start is not None and start <= t.start <= end]
    period = range_title(start, end, lang)
    if lang == "ja":
        title = f"{period}の期限 — {profile.name}（今日 {format_md(today, 'ja')}）"
    else:
        title = f"Deadlines, {period} — {profile.name} (today {format_md(today, 'en')})"
    return render_agenda(tasks, today=today, lang=lang, color=color, opening=opening, title=title)


def list_company(
    catalog: Catalog, profile: Profile, query: Query, *, today: date, lang: str, fmt: str, bom: bool, color: bool
) -> tuple[str, list[Task]]:
    """A company's tasks as an agenda (`table`), JSON or CSV: the text, and the tasks it shows (for
    the data-horizon warning)."""
    from .render import to_csv, to_json

    expander = Expander(catalog)
    tasks = company_tasks(expander, profile, query)
    if fmt == "json":
        return to_json(tasks, lang), tasks
    if fmt == "csv":
        return to_csv(tasks, lang, bom=bom), tasks
    return agenda(expander, profile, tasks, query, today=today, lang=lang, color=color), tasks


def list_office(catalog: Catalog, chosen: Sequence[Client], query: Query, *, lang: str, fmt: str, bom: bool) -> str:
    """An office's clients' tasks, one row per client and task, as a table, JSON or CSV (held whole:
    the command writes JSON and CSV as they go, with `office_rows.office_rows`)."""
    from . import clients as cl

    rows = cl.office_tasks(Expander(catalog), chosen, query.start, query.end, areas=query.areas)
    if query.owner:
        kept = {id(t) for t in owned([t for _, t in rows], query.owner)}
        rows = [(c, t) for c, t in rows if id(t) in kept]
    if fmt == "json":
        return cl.to_json(rows, lang)
    if fmt == "csv":
        return cl.to_csv(rows, lang, bom=bom)
    return cl.to_table(rows, lang)


def month_view(
    catalog: Catalog,
    profile: Profile,
    year: int,
    month: int,
    *,
    areas: list[str] | None,
    owner: tuple[str, ...],
    today: date,
    lang: str,
    color: bool,
    monday: bool,
) -> str:
    """`bocal month`: the month's grid (deadline days and closed days marked), a blank line, its agenda."""
    from .calendars import business_calendar
    from .monthgrid import render_grid

    start, end = month_range(year, month)
    query = Query(start, end, areas, owner)
    expander = Expander(catalog)
    tasks = company_tasks(expander, profile, query)
    cal = business_calendar("company", profile.closures)
    grid = render_grid(year, month, cal, {t.due for t in tasks}, today=today, lang=lang, color=color, monday=monday)
    return grid + "\n" + agenda(expander, profile, tasks, query, today=today, lang=lang, color=color)
