"""RFC 5545 export: the old import path of `bocal.ics` (the one calendar pipeline), kept for importers.

``from bocal.ical import to_ical, calendar_texts, fold`` keeps working; new code imports `bocal.ics`.
"""

from __future__ import annotations

from collections.abc import Sequence

from .expand import Task
from .ics import (
    CATALOG_REVISION,
    END,
    MAX_OCTETS,
    PRODID,
    REFRESH,
    WINDOWS,
    Builder,
    CalendarOptions,
    RenderedTask,
    alarm_text,
    assemble,
    calendar_header,
    calendar_texts,
    derived_uid,
    description,
    fold,
    fold_line,
    opening_title,
    render_tasks,
    sequence_for,
    stamp_for,
)

#: The export options under their old name.
ExportOptions = CalendarOptions


def to_ical(
    tasks: Sequence[Task],
    *,
    name: str,
    description: str | None = None,
    lang: str = "ja",
    alarms: bool = True,
    todo: bool = False,
    windows: str = "both",
) -> bytes:
    """A calendar of all-day events, one per task (two for a window duty), CRLF, folded at 75 octets."""
    opts = CalendarOptions(lang=lang, alarms=alarms, todo=todo, windows=windows)
    return assemble(name, description, render_tasks(tasks, opts))


__all__ = [
    "CATALOG_REVISION",
    "END",
    "MAX_OCTETS",
    "PRODID",
    "REFRESH",
    "WINDOWS",
    "Builder",
    "CalendarOptions",
    "ExportOptions",
    "RenderedTask",
    "alarm_text",
    "assemble",
    "calendar_header",
    "calendar_texts",
    "derived_uid",
    "description",
    "fold",
    "fold_line",
    "opening_title",
    "render_tasks",
    "sequence_for",
    "stamp_for",
    "to_ical",
]
