"""`bocal export` for one company: one calendar, or one per area (``--split``), through the one pipeline."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..expand import Task
from ..state import NO_STATE, StateView
from .assemble import assemble, calendar_texts
from .build import Builder
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
) -> bytes:
    """One company's calendar of `tasks`: named for the area and owner, the horizon note for `span`."""
    name, desc = calendar_texts(company, opts.lang, area=area, owner=owner, span=span)
    return assemble(name, desc, Builder(opts, state).render_all(tasks))


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
