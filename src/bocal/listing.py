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
from .errors import BocalError, Problem, UsageError
from .expand import Expander, Task
from .profile import Profile
from .rules import Catalog
from .statutory import expander_for

if TYPE_CHECKING:
    from collections.abc import Callable

    from .clients import Client
    from .state import StateView

    #: Loads the state of the tasks with these keys (the CLI's --db; a server's live view).
    StateSource = Callable[[Sequence[str]], StateView]

#: Windows longer than this are not looked for when listing the days windows open.
WINDOW_REACH = timedelta(days=120)


class Query:
    """What to list: [start, end], only these areas (None: all), only tasks whose owner contains one of `owner`.

    Immutable by convention; a plain class because a dataclass costs `bocal list` half a millisecond
    of start-up (bench/startup.py)."""

    __slots__ = ("start", "end", "areas", "owner", "statutory", "statuses", "show_all")

    def __init__(
        self,
        start: date,
        end: date,
        areas: list[str] | None = None,
        owner: tuple[str, ...] = (),
        statutory: bool = False,
        statuses: tuple[str, ...] = (),
        show_all: bool = False,
    ) -> None:
        self.start, self.end, self.areas, self.owner = start, end, areas, owner
        #: only the duties whose date the law sets (`--statutory`)
        self.statutory = statutory
        #: only tasks in these states (`--status`); and whether to keep tasks finished before today (`--all`)
        self.statuses, self.show_all = statuses, show_all

    def __repr__(self) -> str:
        return (
            f"Query({self.start}, {self.end}, areas={self.areas!r}, owner={self.owner!r}, statutory={self.statutory!r})"
        )


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


def with_state(
    tasks: list[Task], query: Query, state: StateSource | None, today: date, *, agenda: bool
) -> tuple[StateView, list[Task], int]:
    """The state of the tasks, the tasks to show, and how many were left out: `--status` keeps only
    those states; otherwise the agenda (not JSON/CSV, which carry every task) leaves out tasks
    finished before today unless `--all`."""
    from .agenda import state_of, visible
    from .state import NO_STATE, task_key

    view = state([task_key(t) for t in tasks]) if state is not None else NO_STATE
    if query.statuses:
        return view, [t for t in tasks if state_of(t, view).status.value in query.statuses], 0
    if query.show_all or not agenda:
        return view, tasks, 0
    shown, hidden = visible(tasks, view, today)
    return view, shown, hidden


def agenda(
    expander: Expander,
    profile: Profile,
    tasks: list[Task],
    query: Query,
    *,
    today: date,
    lang: str,
    color: bool,
    state: StateView | None = None,
    hidden: int = 0,
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
    from .state import NO_STATE

    return render_agenda(
        tasks,
        today=today,
        lang=lang,
        color=color,
        opening=opening,
        title=title,
        state=state if state is not None else NO_STATE,
        hidden=hidden,
    )


def list_company(
    catalog: Catalog,
    profile: Profile,
    query: Query,
    *,
    today: date,
    lang: str,
    fmt: str,
    bom: bool,
    color: bool,
    state: StateSource | None = None,
) -> tuple[str, list[Task]]:
    """A company's tasks as an agenda (`table`), JSON or CSV, each with its state: the text, and the
    tasks due in the range (for the data-horizon warning)."""
    from .render import to_csv, to_json

    expander = expander_for(catalog, query.statutory)
    tasks = company_tasks(expander, profile, query)
    view, shown, hidden = with_state(tasks, query, state, today, agenda=fmt == "table")
    if fmt == "json":
        return to_json(shown, lang, view), tasks
    if fmt == "csv":
        return to_csv(shown, lang, bom=bom, state=view), tasks
    text = agenda(expander, profile, shown, query, today=today, lang=lang, color=color, state=view, hidden=hidden)
    return text, tasks


def list_office(
    catalog: Catalog,
    chosen: Sequence[Client],
    query: Query,
    *,
    today: date,
    lang: str,
    fmt: str,
    bom: bool,
    state: StateSource | None = None,
    failed: list[tuple[Client, BocalError]] | None = None,
) -> str:
    """An office's clients' tasks, one row per client and task, each with its state, as a table, JSON or
    CSV (a client whose expansion fails is recorded in `failed` when given, and the others listed)."""
    from . import clients as cl

    rows = cl.office_tasks(
        expander_for(catalog, query.statutory), chosen, query.start, query.end, areas=query.areas, failed=failed
    )
    if query.owner:
        kept = {id(t) for t in owned([t for _, t in rows], query.owner)}
        rows = [(c, t) for c, t in rows if id(t) in kept]
    view, shown, _hidden = with_state([t for _, t in rows], query, state, today, agenda=fmt == "table")
    if len(shown) != len(rows):
        ids = {id(t) for t in shown}
        rows = [(c, t) for c, t in rows if id(t) in ids]
    if fmt == "json":
        return cl.to_json(rows, lang, view)
    if fmt == "csv":
        return cl.to_csv(rows, lang, bom=bom, state=view)
    return cl.to_table(rows, lang, view)


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
    statutory: bool = False,
    state: StateSource | None = None,
) -> str:
    """`bocal month`: the month's grid (deadline days and closed days marked), a blank line, its agenda."""
    from .calendars import business_calendar
    from .monthgrid import render_grid

    start, end = month_range(year, month)
    query = Query(start, end, areas, owner, statutory)
    expander = expander_for(catalog, query.statutory)
    tasks = company_tasks(expander, profile, query)
    cal = business_calendar("company", profile.closures)
    grid = render_grid(year, month, cal, {t.due for t in tasks}, today=today, lang=lang, color=color, monday=monday)
    view, shown, hidden = with_state(tasks, query, state, today, agenda=False)
    text = agenda(expander, profile, shown, query, today=today, lang=lang, color=color, state=view, hidden=hidden)
    return grid + "\n" + text
