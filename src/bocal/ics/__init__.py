"""One calendar pipeline for every .ics bocal writes or serves (export, ``--split``, per client,
``office.ics``, the feeds, publish).

* `options` — `CalendarOptions`, the one options type;
* `build` — `Builder`, the one event/todo builder (office title prefixes, task state, each distinct
  body rendered once);
* `assemble` — the calendar header (name, description + horizon note) and `stream`/`assemble`;
* `write` — `StaticWriter`, atomic and streamed files with stale-file removal in an owned directory.

So "a client's feed equals its export", "publish equals serve" and "office.ics equals the office
feeds" hold by construction: there is one route to the bytes.
"""

from __future__ import annotations

from .assemble import END, PRODID, REFRESH, assemble, calendar_header, calendar_texts, office_texts, stream
from .build import Builder, RenderedTask, render_tasks
from .fold import MAX_OCTETS, fold, fold_line
from .options import WINDOWS, CalendarOptions
from .words import (
    CATALOG_REVISION,
    alarm_text,
    client_prefix,
    derived_uid,
    description,
    opening_title,
    sequence_for,
    stamp_for,
)
from .write import StaticWriter

__all__ = [
    "CATALOG_REVISION",
    "END",
    "MAX_OCTETS",
    "PRODID",
    "REFRESH",
    "WINDOWS",
    "Builder",
    "CalendarOptions",
    "RenderedTask",
    "StaticWriter",
    "alarm_text",
    "assemble",
    "calendar_header",
    "calendar_texts",
    "client_prefix",
    "derived_uid",
    "description",
    "fold",
    "fold_line",
    "office_texts",
    "opening_title",
    "render_tasks",
    "sequence_for",
    "stamp_for",
    "stream",
]
