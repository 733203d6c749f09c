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


def check_areas(area: Sequence[str], key: str = "--area", lang: str = "en") -> list[str] | None:
    """The area ids asked for (None: all of them), each given by id, Japanese or English name or alias
    (vocabulary.area_id: 労務 = labor); an unknown one is an error with a suggestion."""
    from .errors import suggest
    from .i18n import t
    from .vocabulary import AREAS, area_id, area_words

    out: list[str] = []
    for a in area:
        ident = area_id(a)
        if ident is None:
            names = [*AREAS, *(ja for ja, _ in AREAS.values())]
            hint = suggest(a, names) or t("area.choices", lang, words=area_words(lang))
            raise UsageError(Problem(t("area.unknown", lang, value=repr(a)), key=key, hint=hint))
        if ident not in out:
            out.append(ident)
    return out or None


def owner_matches(owner: str, wanted: str) -> bool:
    """True when `wanted` is part of the owner's name (case-insensitive): 佐藤 matches 経理 佐藤. The one
    rule for --owner in list, month, export and year."""
    return wanted.casefold() in owner.casefold()


def owned(tasks: list[Task], owner: Sequence[str]) -> list[Task]:
    """Tasks whose owner contains one of the `owner` texts (case-insensitive); all without any."""
    if not owner:
        return tasks
    return [t for t in tasks if t.owner and any(owner_matches(t.owner, w) for w in owner)]


def check_owners(profile: Profile, owner: Sequence[str]) -> None:
    """--owner on a profile without [owners] would silently list nothing: an error saying why."""
    if owner and not profile.owners:
        where = profile.path or "the built-in sample company"
        raise UsageError(
            Problem(
                f"--owner {owner[0]!r}: the profile has no [owners] table, so no task has an owner",
                path=profile.path,
                key="--owner",
                hint=f'add [owners] to {where}, e.g. accounting = "経理 佐藤"',
            )
        )


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
    columns: int | None = None,
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
        columns=columns,
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
    columns: int | None = None,
) -> tuple[str, list[Task]]:
    """A company's tasks as an agenda (`table`), JSON or CSV, each with its state: the text, and the
    tasks due in the range (for the data-horizon warning)."""
    from .render import to_csv, to_json

    check_owners(profile, query.owner)
    expander = expander_for(catalog, query.statutory)
    tasks = company_tasks(expander, profile, query)
    view, shown, hidden = with_state(tasks, query, state, today, agenda=fmt == "table")
    if fmt == "json":
        return to_json(shown, lang, view), tasks
    if fmt == "csv":
        return to_csv(shown, lang, bom=bom, state=view), tasks
    text = agenda(
        expander, profile, shown, query, today=today, lang=lang, color=color, state=view, hidden=hidden, columns=columns
    )
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
    color: bool = False,
    columns: int | None = None,
    failed: list[tuple[Client, BocalError]] | None = None,
) -> str:
    """An office's clients' tasks, each with its state, as the agenda (with a client column), JSON or
    CSV (a client whose expansion fails is recorded in `failed` when given, and the others listed)."""
    from . import clients as cl

    rows = cl.office_tasks(
        expander_for(catalog, query.statutory), chosen, query.start, query.end, areas=query.areas, failed=failed
    )
    if query.owner:
        kept = {id(t) for t in owned([t for _, t in rows], query.owner)}
        rows = [(c, t) for c, t in rows if id(t) in kept]
    view, shown, hidden = with_state([t for _, t in rows], query, state, today, agenda=fmt == "table")
    if len(shown) != len(rows):
        ids = {id(t) for t in shown}
        rows = [(c, t) for c, t in rows if id(t) in ids]
    if fmt == "json":
        return cl.to_json(rows, lang, view)
    if fmt == "csv":
        return cl.to_csv(rows, lang, bom=bom, state=view)
    return office_agenda(
        rows,
        query,
        today=today,
        lang=lang,
        color=color,
        clients=len(chosen),
        columns=columns,
        state=view,
        hidden=hidden,
    )


def clip(text: str, cells: int | None) -> str:
    """`text` cut to `cells` display cells, ending with … when cut (None: as is)."""
    from .render import width

    if cells is None or width(text) <= cells:
        return text
    out = ""
    for ch in text:
        if width(out + ch) > cells - 1:
            break
        out += ch
    return out + "…"


def office_agenda(
    rows: Sequence[tuple[Client, Task]],
    query: Query,
    *,
    today: date,
    lang: str,
    color: bool,
    clients: int,
    columns: int | None = None,
    state: StateView | None = None,
    hidden: int = 0,
) -> str:
    """An office's tasks in the one agenda layout `bocal list` uses for a company (days left,
    footnotes with reasons, the count), with a client column: each task's client, and the area's
    owner in brackets when the client's profile names one — 「株式会社アルファ［税理士 佐藤］」."""
    from dataclasses import replace

    from .agenda import range_title, render_agenda

    # on a narrow terminal the client column gives way to the titles: at most half of what is left
    # after the date, days-left and area columns (about 40 cells), shortened with …
    cap = max(8, min(24, (columns - 40) // 2)) if columns else None
    shown = [replace(t, owner=clip(c.name + (f"［{t.owner}］" if t.owner else ""), cap)) for c, t in rows]
    period = range_title(query.start, query.end, lang)
    if lang == "ja":
        title = f"{period}の期限 — 顧問先 {clients}社（今日 {format_md(today, 'ja')}）"
    else:
        title = f"Deadlines, {period} — {clients} client{'s' if clients != 1 else ''} (today {format_md(today, 'en')})"
    from .state import NO_STATE

    return render_agenda(
        shown,
        today=today,
        lang=lang,
        color=color,
        title=title,
        columns=columns,
        state=state if state is not None else NO_STATE,
        hidden=hidden,
    )


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
    columns: int | None = None,
) -> str:
    """`bocal month`: the month's grid (deadline days and closed days marked), a blank line, its agenda
    (fitted to `columns` when given)."""
    from .calendars import business_calendar
    from .monthgrid import render_grid

    start, end = month_range(year, month)
    query = Query(start, end, areas, owner, statutory)
    check_owners(profile, owner)
    expander = expander_for(catalog, query.statutory)
    tasks = company_tasks(expander, profile, query)
    cal = business_calendar("company", profile.closures)
    grid = render_grid(year, month, cal, {t.due for t in tasks}, today=today, lang=lang, color=color, monday=monday)
    view, shown, hidden = with_state(tasks, query, state, today, agenda=False)
    text = agenda(
        expander, profile, shown, query, today=today, lang=lang, color=color, state=view, hidden=hidden, columns=columns
    )
    return grid + "\n" + text


def month_office(
    catalog: Catalog,
    chosen: Sequence[Client],
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
    columns: int | None = None,
) -> str:
    """`bocal month --clients`: the month's grid with every chosen client's deadline days marked (the
    national calendar's closed days: clients' own closures differ), a blank line, the office agenda."""
    from . import clients as cl
    from .calendars import business_calendar
    from .monthgrid import render_grid

    start, end = month_range(year, month)
    query = Query(start, end, areas, owner, statutory)
    rows = cl.office_tasks(expander_for(catalog, statutory), chosen, start, end, areas=areas)
    if owner:
        kept = {id(t) for t in owned([t for _, t in rows], owner)}
        rows = [(c, t) for c, t in rows if id(t) in kept]
    cal = business_calendar("company")
    grid = render_grid(year, month, cal, {t.due for _, t in rows}, today=today, lang=lang, color=color, monday=monday)
    text = office_agenda(rows, query, today=today, lang=lang, color=color, clients=len(chosen), columns=columns)
    return grid + "\n" + text
