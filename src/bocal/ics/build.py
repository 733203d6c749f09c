"""The one builder of calendar components: every VEVENT and VTODO bocal writes or serves.

One all-day VEVENT per deadline (``DTSTART;VALUE=DATE``, ``DTEND`` the next day); a window duty
(算定基礎届 7/1–7/10) becomes an opening event and a deadline event, never a multi-week banner;
VTODOs only on request. The office calendars' titles 「【顧問先】…」 come from the same builder (a
``prefix``), and so does task state: a task that is done or not applicable gets 「✓ 」 before its
SUMMARY, and its VTODO ``STATUS:COMPLETED`` with ``COMPLETED`` — a DATE-TIME in UTC, as RFC 5545
§3.8.2.1 requires: 00:00 Asia/Tokyo of ``done_on`` (the day it was done, where the office is), so
2026-06-10 is ``COMPLETED:20260609T150000Z``. Without state (``NO_STATE``) nothing changes.

**Each distinct body is rendered once.** A task's components differ from another client's copy of
the same duty and period only in UID (the company) and, in office calendars, the title's prefix. So
icalendar renders a component once per distinct body (keyed by everything but the company) with
placeholder UID and SUMMARY lines; each write then joins the cached bytes around its own two lines,
folded by `fold_line` (≤ 75 octets, never inside a UTF-8 character). Every other line is folded on
its own, so the result is byte-identical to rendering the whole component again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, timezone
from typing import Any

from icalendar import Alarm, Event, Todo, vText

from ..describe import area_name
from ..expand import Task
from ..revisions import Revision
from ..state import NO_STATE, StateView, TaskState, task_key
from .fold import fold_line, serialize
from .options import CalendarOptions
from .words import alarm_text, derived_uid, description, opening_title, sequence_for, stamp_for

JST = timezone(timedelta(hours=9), "JST")
DONE_MARK = "✓ "
_UID_PH = "bocal-uid-placeholder"
_SUMMARY_PH = "bocal-summary-placeholder"
_SLOTS = re.compile(rb"(UID:" + _UID_PH.encode() + rb"\r\n|SUMMARY:" + _SUMMARY_PH.encode() + rb"\r\n)")
#: Distinct bodies kept (an office of 1,000 clients has ~3,300); past this the cache starts over.
MAX_BODIES = 50_000


@dataclass(frozen=True, slots=True)
class RenderedTask:
    """One task's folded components: its events (opening, deadline) and its VTODO if asked for."""

    task: Task
    events: bytes
    todo: bytes = b""


def completed_stamp(state: TaskState) -> datetime | None:
    """COMPLETED for a finished task: 00:00 Asia/Tokyo of ``done_on``, in UTC (None without a day)."""
    if state.done_on is None:
        return None
    return datetime.combine(state.done_on, time(0, 0), JST).astimezone(UTC)


def _common(comp: Event | Todo, task: Task, desc: str, lang: str, revision: Revision | None = None) -> None:
    stamp = revision.stamp if revision is not None else stamp_for(task)
    comp.add("uid", _UID_PH)
    comp.add("dtstamp", stamp)
    comp.add("last-modified", stamp)
    comp.add("sequence", revision.sequence if revision is not None else sequence_for(task))
    comp.add("summary", _SUMMARY_PH)
    comp.add("description", desc)
    comp.add("categories", [area_name(task.duty.area, lang)])
    if task.duty.source:
        comp.add("url", task.duty.source)


def _event(task: Task, opts: CalendarOptions, opening: bool, revision: Revision | None = None) -> Event:
    ev = Event()
    day = task.start if opening and task.start is not None else task.due
    _common(ev, task, description(task, opts.lang, opening=opening), opts.lang, revision)
    ev.add("dtstart", day)
    ev.add("dtend", day + timedelta(days=1))
    ev.add("transp", "TRANSPARENT")
    ev.add("x-microsoft-cdo-alldayevent", "TRUE")
    if opts.alarms and not opening:
        for days in sorted(set(task.duty.remind), reverse=True):
            al = Alarm()
            al.add("action", "DISPLAY")
            al.add("description", alarm_text(days, opts.lang))
            al.add("trigger", timedelta(days=-days))
            ev.add_component(al)
    return ev


def _todo(task: Task, opts: CalendarOptions, state: TaskState | None, revision: Revision | None = None) -> Todo:
    td = Todo()
    _common(td, task, description(task, opts.lang), opts.lang, revision)
    if task.start is not None and task.start < task.due:
        td.add("dtstart", task.start)
    td.add("due", task.due)
    if state is not None and state.status.finished:
        td.add("status", "COMPLETED")
        done = completed_stamp(state)
        if done is not None:
            td.add("completed", done)
    else:
        td.add("status", "NEEDS-ACTION")
    return td


def _template(comp: Event | Todo) -> tuple[bytes, ...]:
    """The folded component split around its UID and SUMMARY lines: text, slot, text, slot, text."""
    return tuple(_SLOTS.split(serialize(comp)))


_SPECIAL = re.compile(r"[\\;,\r\n]")


def text_value(text: str) -> str:
    """`text` as an escaped TEXT value (RFC 5545 §3.3.11), as icalendar writes it; text without a
    backslash, semicolon, comma or line break (nearly every title and UID) is its own value."""
    return vText(text).to_ical().decode("utf-8") if _SPECIAL.search(text) else text


def _fill(template: tuple[bytes, ...], uid: str, summary: str) -> bytes:
    """The component with its UID and SUMMARY (both already escaped) in their slots, each folded."""
    out = []
    for i, part in enumerate(template):
        if i % 2 == 0:
            out.append(part)
        elif part.startswith(b"UID:"):
            out.append(fold_line("UID:" + uid))
        else:
            out.append(fold_line("SUMMARY:" + summary))
    return b"".join(out)


class Builder:
    """Tasks → `RenderedTask`s, for one set of options and one view of task state.

    ``render(task, prefix)`` gives a task's components; ``prefix`` is the office titles' client
    name (`words.client_prefix`). A builder keeps the bodies it rendered, so an office's thousand
    clients cost a render per distinct duty and period, not per client. Not thread-safe: one per
    thread or behind a lock (the caches are plain dicts).
    """

    def __init__(
        self, opts: CalendarOptions, state: StateView = NO_STATE, revisions: Mapping[str, Revision] | None = None
    ) -> None:
        self.opts = opts
        self.state = state
        # per UID, the SEQUENCE and DTSTAMP already published (bocal.revisions); None: the deterministic ones
        self.revisions = revisions
        self.renders = 0  # icalendar renders, for tests and benchmarks
        self._bodies: dict[tuple[Any, ...], tuple[Any, tuple[bytes, ...]]] = {}
        self._texts: dict[str, str] = {}

    def _state(self, task: Task) -> TaskState | None:
        return None if self.state is NO_STATE else self.state.get(task_key(task))

    def _body(self, kind: str, task: Task, state: TaskState | None) -> tuple[bytes, ...]:
        finished = state is not None and state.status.finished
        revision = self.revisions.get(task.uid) if self.revisions else None
        key: tuple[Any, ...] = (
            revision,
            kind,
            id(task.duty),
            task.period,
            task.nominal,
            task.due,
            task.closed,
            task.nominal_start,
            task.start,
            task.start_closed,
            task.owner,
            task.extension,
            finished,
            state.done_on if finished and state is not None and kind == "todo" else None,
        )
        try:
            hit = self._bodies.get(key)
        except TypeError:  # an unhashable part (never with the model's frozen types): no reuse
            hit, key = None, ()
        if hit is not None and hit[0] is task.duty:
            return hit[1]
        if kind == "todo":
            template = _template(_todo(task, self.opts, state, revision))
        else:
            template = _template(_event(task, self.opts, kind == "opens", revision))
        self.renders += 1
        if key:
            if len(self._bodies) >= MAX_BODIES:
                self._bodies.clear()
            self._bodies[key] = (task.duty, template)  # the duty kept alive: its id stays its own
        return template

    def _escaped(self, text: str) -> str:
        """A title or prefix escaped once: escaping works character by character, so the escaped
        parts of 「✓ 」 + 「【顧問先】」 + title join to the escaped whole (no part ends in a backslash)."""
        got = self._texts.get(text)
        if got is None:
            if len(self._texts) >= MAX_BODIES:
                self._texts.clear()
            got = self._texts[text] = text_value(text)
        return got

    def render(self, task: Task, prefix: str = "") -> RenderedTask:
        """The task's events (the opening one first, for a window duty) and its VTODO if asked for."""
        lang = self.opts.lang
        state = self._state(task)
        head = self._escaped((DONE_MARK if state is not None and state.status.finished else "") + prefix)
        title = self._escaped(task.title(lang))
        uid = task.uid
        ev = b""
        if task.start is not None and task.start < task.due and self.opts.windows == "both":
            opening = self._escaped(opening_title(task, lang))
            ev += _fill(self._body("opens", task, state), text_value(derived_uid(uid, "opens")), head + opening)
        ev += _fill(self._body("due", task, state), text_value(uid), head + title)
        todo = b""
        if self.opts.todo:
            todo = _fill(self._body("todo", task, state), text_value(derived_uid(uid, "todo")), head + title)
        return RenderedTask(task, ev, todo)

    def render_all(self, tasks: Iterable[Task], prefix: str = "") -> list[RenderedTask]:
        """Each task's components, to be assembled into any number of calendars."""
        return [self.render(t, prefix) for t in tasks]


def render_tasks(
    tasks: Iterable[Task], opts: CalendarOptions, state: StateView = NO_STATE, prefix: str = ""
) -> list[RenderedTask]:
    """Each task's components rendered once (a fresh builder), shared by any number of calendars."""
    return Builder(opts, state).render_all(tasks, prefix)
