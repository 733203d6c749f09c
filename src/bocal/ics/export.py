"""`bocal export` through the one pipeline: one company's calendar, one per area (``--split``), or an
office's (``--clients``: a calendar per client and ``office.ics``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..clients import expand_clients
from ..errors import BocalError
from ..expand import Expander, Task
from ..office import OFFICE_ID, Client
from ..revisions import Revision
from ..state import NO_STATE, StateView
from .assemble import assemble, calendar_texts, office_texts, stream
from .build import Builder
from .digest import OfficeDigest, stream_office
from .options import CalendarOptions
from .write import StaticWriter


def company_calendar(
    tasks: Sequence[Task],
    company: str,
    opts: CalendarOptions,
    span: tuple[date, date],
    *,
    area: str | None = None,
    owner: str | None = None,
    state: StateView = NO_STATE,
    revisions: Mapping[str, Revision] | None = None,
) -> bytes:
    """One company's calendar of `tasks`: named for the area and owner, the horizon note for `span`;
    `revisions` (bocal.revisions) carry SEQUENCE and DTSTAMP already published."""
    name, desc = calendar_texts(company, opts.lang, area=area, owner=owner, span=span)
    return assemble(name, desc, Builder(opts, state, revisions).render_all(tasks))


def export_split(
    tasks: Sequence[Task],
    company: str,
    areas: Sequence[str],
    directory: str | Path,
    opts: CalendarOptions,
    span: tuple[date, date],
    *,
    owner: str | None = None,
    state: StateView = NO_STATE,
) -> list[tuple[Path, int]]:
    """DIR/AREA.ics for each of `areas` (atomically, in a directory the user named: nothing else in it
    is touched); returns (file, tasks in it) in area order."""
    builder = Builder(opts, state)
    writer = StaticWriter(directory)
    out = []
    for a in areas:
        mine = [t for t in tasks if t.area == a]
        name, desc = calendar_texts(company, opts.lang, area=a, owner=owner, span=span)
        writer.write(f"{a}.ics", assemble(name, desc, builder.render_all(mine)))
        out.append((writer.written[-1], len(mine)))
    return out


@dataclass(frozen=True)
class ExportResult:
    files: tuple[str, ...]  # client calendars, then the office-wide one
    events: int  # tasks in the client calendars (the office-wide one holds the same again)


def export_office(
    expander: Expander,
    clients: Sequence[Client],
    directory: str | Path,
    start: date,
    end: date,
    *,
    lang: str = "ja",
    alarms: bool = True,
    todo: bool = False,
    windows: str = "both",
    areas: Sequence[str] | None = None,
    failed: list[tuple[Client, BocalError]] | None = None,
    state: StateView = NO_STATE,
    progress: Callable[[int, int], None] | None = None,
) -> ExportResult:
    """Write DIR/<client id>.ics for each client and DIR/office.ics, the office calendar.

    With `failed`, a client whose expansion fails is left out and recorded there (the others are
    written); without it, the error is raised.

    Client by client: one client's tasks and calendar are in memory at a time. Each client's file is
    byte-identical to `bocal export --profile` of its profile with the same options; office.ics has
    one event per duty, period and date across the clients (`digest`), as the office feeds do.
    `progress(done, total)` is called after each client.
    """
    opts = CalendarOptions(lang=lang, alarms=alarms, todo=todo, windows=windows)
    builder = Builder(opts, state)
    digest = OfficeDigest(opts, state)
    writer = StaticWriter(directory, background=True)
    events = 0
    try:
        for n, (client, tasks) in enumerate(
            expand_clients(expander, clients, start, end, areas=areas, failed=failed), 1
        ):
            name, desc = calendar_texts(client.profile.name, lang, span=(start, end))
            writer.write(f"{client.id}.ics", stream(name, desc, builder.render_all(tasks)))
            digest.add(tasks, client.name)
            events += len(tasks)
            if progress is not None:
                progress(n + len(failed or ()), len(clients))
        texts = office_texts(len(clients), lang, span=(start, end))
        writer.write(f"{OFFICE_ID}.ics", stream_office(*texts, digest, budget=None))
    finally:
        writer.abort_all()
        writer.close()
    return ExportResult(tuple(str(p) for p in writer.written), events)
