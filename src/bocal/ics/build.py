"""The one builder of calendar components: every VEVENT and VTODO bocal writes or serves.

One all-day VEVENT per deadline (``DTSTART;VALUE=DATE``, ``DTEND`` the next day); a window duty
(算定基礎届 7/1–7/10) becomes an opening event and a deadline event, never a multi-week banner;
VTODOs only on request. The office calendars' titles 「【顧問先】…」 come from the same builder (a
``prefix``), and so does task state: a task that is done or not applicable gets 「✓ 」 before its
SUMMARY, and its VTODO ``STATUS:COMPLETED`` with ``COMPLETED`` — a DATE-TIME in UTC, as RFC 5545
§3.8.2.1 requires: 00:00 Asia/Tokyo of ``done_on`` (the day it was done, where the office is), so
2026-06-10 is ``COMPLETED:20260609T150000Z``. Without state (``NO_STATE``) nothing changes.

**Each distinct body is rendered once.** A task's components differ from another client's copy of
the same duty and period only in UID (the company), in office calendars the title's prefix, and in
the description's last line when the clients' owners differ (「担当: …」). So icalendar renders a
component once per distinct body (keyed by everything but the company and the owner) with
placeholder UID, SUMMARY and DESCRIPTION lines; the description is put in once per owner, and each
write joins the cached bytes around its own UID and SUMMARY lines, folded by `fold_line` (≤ 75
octets, never inside a UTF-8 character). Every other line is folded on its own, so the result is
byte-identical to rendering the whole component again (tests/test_ics_build.py checks it against
icalendar rendering every component whole).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

from icalendar import Alarm, Event, Todo, vDate, vText

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
_DESC_PH = "bocal-description-placeholder"
#: The three placeholder lines, each a whole content line (after a line break: never inside a value)
_SLOTS = re.compile(
    b"(?<=\r\n)(UID:%s\r\n|SUMMARY:%s\r\n|DESCRIPTION:%s\r\n)"
    % (_UID_PH.encode(), _SUMMARY_PH.encode(), _DESC_PH.encode())
)
#: Placeholder days of a template's DTSTART, DTEND (an event's next day) and DUE lines
_PH_START, _PH_END, _PH_DUE = date(1900, 1, 1), date(1900, 1, 2), date(1900, 1, 3)
#: Distinct bodies kept (an office of 1,000 clients has ~6,000); past this the cache starts over.
MAX_BODIES = 50_000


#: Templates by (kind, duty, SEQUENCE, revision, finished, windowed) with the duty they were made for.
Templates = dict[tuple[Any, ...], tuple[Any, bytes]]


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


@dataclass(frozen=True, slots=True)
class Lines:
    """What varies between components of one body: UID, SUMMARY and DESCRIPTION (None: placeholders,
    filled per write); a test passes real values to have icalendar render a component whole."""

    uid: str = _UID_PH
    summary: str = _SUMMARY_PH
    description: str | None = _DESC_PH
    #: True: placeholder days (`_PH_START`, `_PH_END`, `_PH_DUE`) for DTSTART, DTEND and DUE
    dates: bool = True


_SLOTTED = Lines()


def _common(comp: Event | Todo, task: Task, desc: str, lang: str, revision: Revision | None, lines: Lines) -> None:
    stamp = revision.stamp if revision is not None else stamp_for(task)
    comp.add("uid", lines.uid)
    comp.add("dtstamp", stamp)
    comp.add("last-modified", stamp)
    comp.add("sequence", revision.sequence if revision is not None else sequence_for(task))
    comp.add("summary", lines.summary)
    comp.add("description", desc if lines.description is None else lines.description)
    comp.add("categories", [area_name(task.duty.area, lang)])
    if task.duty.source:
        comp.add("url", task.duty.source)


def event_component(
    task: Task, opts: CalendarOptions, opening: bool, revision: Revision | None = None, lines: Lines = _SLOTTED
) -> Event:
    """The task's VEVENT (its opening one with `opening`), as icalendar builds it."""
    ev = Event()
    day = _PH_START if lines.dates else task.start if opening and task.start is not None else task.due
    _common(ev, task, description(task, opts.lang, opening=opening), opts.lang, revision, lines)
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


def todo_component(
    task: Task,
    opts: CalendarOptions,
    state: TaskState | None,
    revision: Revision | None = None,
    lines: Lines = _SLOTTED,
) -> Todo:
    """The task's VTODO (``--todo``), completed when its state is finished."""
    td = Todo()
    _common(td, task, description(task, opts.lang), opts.lang, revision, lines)
    if task.start is not None and task.start < task.due:
        td.add("dtstart", _PH_START if lines.dates else task.start)
    td.add("due", _PH_DUE if lines.dates else task.due)
    if state is not None and state.status.finished:
        td.add("status", "COMPLETED")
        done = completed_stamp(state)
        if done is not None:
            td.add("completed", done)
    else:
        td.add("status", "NEEDS-ACTION")
    return td


_SPECIAL = re.compile(r"[\\;,\r\n]")


def text_value(text: str) -> str:
    """`text` as an escaped TEXT value (RFC 5545 §3.3.11), as icalendar writes it; text without a
    backslash, semicolon, comma or line break (nearly every title and UID) is its own value."""
    return vText(text).to_ical().decode("utf-8") if _SPECIAL.search(text) else text


def _day_line(name: bytes, day: date) -> bytes:
    """A whole DATE line, its value written by icalendar (``DTSTART;VALUE=DATE:20260710``)."""
    value: bytes = vDate(day).to_ical()  # type: ignore[no-untyped-call]
    return b"\r\n%s;VALUE=DATE:%s\r\n" % (name, value)


_DATE_LINES = ((b"DTSTART", _PH_START), (b"DTEND", _PH_END), (b"DUE", _PH_DUE))
_DATE_SLOTS = {name: _day_line(name, ph) for name, ph in _DATE_LINES}


def _dates_in(template: bytes, dates: dict[bytes, date]) -> bytes:
    """The template with its placeholder DTSTART, DTEND and DUE lines holding `dates` (each value
    written by icalendar's vDate, as a whole rendering would)."""
    for name, day in dates.items():
        slot = _DATE_SLOTS[name]
        if template.count(slot) != 1:
            raise AssertionError(f"a template without one {name.decode()} line: {template!r}")
        template = template.replace(slot, _day_line(name, day))
    return template


class _Body:
    """One distinct body of one kind (opening event, deadline event, VTODO): its folded bytes split
    at the three placeholder lines, and per owner the bytes with the description in, split at UID
    and SUMMARY: ``(before, between, after, uid_first)``."""

    __slots__ = ("by_owner", "duty", "parts")

    def __init__(self, duty: object, data: bytes) -> None:
        self.duty = duty  # kept alive with its body: the id in the key stays its own
        self.parts = _SLOTS.split(data)  # text, slot, text, slot, text, slot, text
        if len(self.parts) != 7:
            raise AssertionError(f"a component without its three placeholder lines: {data!r}")
        self.by_owner: dict[str | None, tuple[bytes, bytes, bytes, bool]] = {}

    def with_description(self, desc_line: bytes) -> tuple[bytes, bytes, bytes, bool]:
        out, uid_first = [b""], []
        for i, part in enumerate(self.parts):
            if i % 2 == 0:
                out[-1] += part
            elif part.startswith(b"DESCRIPTION:"):
                out[-1] += desc_line
            else:
                uid_first.append(part.startswith(b"UID:"))
                out.append(b"")
        a, b, c = out
        return a, b, c, uid_first[0]


class Builder:
    """Tasks → `RenderedTask`s, for one set of options and one view of task state.

    ``render(task, prefix)`` gives a task's components; ``prefix`` is the office titles' client
    name (`words.client_prefix`). A builder keeps the templates and bodies it made, so an office's
    thousand clients cost an icalendar render per duty and kind, not per client. Not thread-safe: one per
    thread or behind a lock (the caches are plain dicts).
    """

    def __init__(
        self,
        opts: CalendarOptions,
        state: StateView = NO_STATE,
        revisions: Mapping[str, Revision] | None = None,
        *,
        templates: Templates | None = None,
    ) -> None:
        self.opts = opts
        self.state = state
        # per UID, the SEQUENCE and DTSTAMP already published (bocal.revisions); None: the deterministic ones
        self.revisions = revisions
        self.renders = 0  # icalendar renders, for tests and benchmarks
        self._bodies: dict[tuple[Any, ...], dict[Any, _Body]] = {}
        # the icalendar templates, which builders of the same options may share (a server builds a
        # client's feed with a fresh builder, but ~250 templates serve every client): a few hundred
        # kB, and a plain dict (a template made twice by two threads at once is the same bytes)
        self._templates: Templates = {} if templates is None else templates
        self._by_id: dict[tuple[Any, ...], tuple[tuple[Any, ...], dict[Any, _Body]]] = {}
        self._lines: dict[str, bytes] = {}  # a SUMMARY's folded line, by its text

    def _parts(
        self, kinds: dict[Any, _Body], kind: Any, task: Task, state: TaskState | None, revision: Revision | None
    ) -> tuple[bytes, bytes, bytes, bool]:
        """The body of `kind` for this task, its days in, with its owner's description in."""
        body = kinds.get(kind)
        if body is None or body.duty is not task.duty:
            if kind == "opens" or kind == "due":
                day = task.start if kind == "opens" and task.start is not None else task.due
                dates = {b"DTSTART": day, b"DTEND": day + timedelta(days=1)}
            else:
                dates = {b"DUE": task.due}
                if task.start is not None and task.start < task.due:
                    dates[b"DTSTART"] = task.start
            body = kinds[kind] = _Body(task.duty, _dates_in(self._template(kind, task, state, revision), dates))
        parts = body.by_owner.get(task.owner)
        if parts is None:
            desc = description(task, self.opts.lang, opening=kind == "opens")
            parts = body.by_owner[task.owner] = body.with_description(fold_line("DESCRIPTION:" + text_value(desc)))
        return parts

    def _template(self, kind: Any, task: Task, state: TaskState | None, revision: Revision | None) -> bytes:
        """The component of `kind` with placeholder lines for all that varies between tasks of one
        duty (UID, SUMMARY, DESCRIPTION, its days), rendered by icalendar once per duty and what
        else it shows: SEQUENCE, the stamps of a revision, the state of a VTODO."""
        sequence = revision.sequence if revision is not None else sequence_for(task)
        windowed = task.start is not None and task.start < task.due  # a VTODO's DTSTART
        key = (kind, id(task.duty), sequence, revision, state is not None and state.status.finished, windowed)
        hit = self._templates.get(key)
        if hit is not None and hit[0] is task.duty:
            return hit[1]
        if kind == "opens" or kind == "due":
            comp: Event | Todo = event_component(task, self.opts, kind == "opens", revision)
        else:
            comp = todo_component(task, self.opts, state, revision)
        data = serialize(comp)
        self.renders += 1
        if len(self._templates) >= MAX_BODIES:
            self._templates.clear()
        self._templates[key] = (task.duty, data)  # the duty kept alive: its id stays its own
        return data

    def _summary(self, text: str) -> bytes:
        """A SUMMARY line, escaped and folded once per distinct text."""
        line = self._lines.get(text)
        if line is None:
            if len(self._lines) >= MAX_BODIES:
                self._lines.clear()
            line = self._lines[text] = fold_line("SUMMARY:" + text_value(text))
        return line

    def _kinds(self, task: Task, finished: bool, revision: Revision | None) -> dict[Any, _Body]:
        """The bodies of every kind for what this task shares with other companies' copies of it.

        Looked up first by the identity of the parts the expander shares between companies (a
        client's task is built from a cached occurrence: the same period and closed-day objects),
        which hashes as ints, then by their values (equal parts made apart still share a body).
        The identity table keeps those objects alive, so an id in it is never another object's."""
        fast = (
            id(task.duty),
            id(task.period),
            id(task.closed),
            id(task.start_closed),
            task.nominal,
            task.due,
            task.nominal_start,
            task.start,
            task.extension,
            finished,
            revision,
        )
        try:
            hit = self._by_id.get(fast)
        except TypeError:  # an unhashable part (never with the model's frozen types): no reuse
            return {}
        if hit is not None:
            return hit[1]
        key = (id(task.duty), task.period, task.closed, task.start_closed, *fast[4:])
        kinds = self._bodies.get(key)
        if kinds is None:
            if len(self._bodies) >= MAX_BODIES:
                self._bodies.clear()
                self._by_id.clear()
            kinds = self._bodies[key] = {}
        if len(self._by_id) >= MAX_BODIES:
            self._by_id.clear()
        self._by_id[fast] = ((task.duty, task.period, task.closed, task.start_closed), kinds)
        return kinds

    def render(self, task: Task, prefix: str = "") -> RenderedTask:
        """The task's events (the opening one first, for a window duty) and its VTODO if asked for."""
        opts = self.opts
        lang = opts.lang
        state = None if self.state is NO_STATE else self.state.get(task_key(task))
        finished = state is not None and state.status.finished
        revision = self.revisions.get(task.uid) if self.revisions else None
        kinds = self._kinds(task, finished, revision)
        head = DONE_MARK + prefix if finished else prefix
        uid = task.uid
        summary = self._summary(head + task.title(lang))
        events = _join(self._parts(kinds, "due", task, state, revision), _uid_line(uid), summary)
        if task.start is not None and task.start < task.due and opts.windows == "both":
            opening = self._summary(head + opening_title(task, lang))
            opens = _join(
                self._parts(kinds, "opens", task, state, revision), _uid_line(derived_uid(uid, "opens")), opening
            )
            events = opens + events
        todo = b""
        if opts.todo:
            # a finished VTODO carries the day it was done (COMPLETED): one body per day
            kind = ("todo", state.done_on) if finished and state is not None else "todo"
            todo = _join(self._parts(kinds, kind, task, state, revision), _uid_line(derived_uid(uid, "todo")), summary)
        return _rendered(task, events, todo)

    def render_all(self, tasks: Iterable[Task], prefix: str = "") -> list[RenderedTask]:
        """Each task's components, to be assembled into any number of calendars."""
        return [self.render(t, prefix) for t in tasks]


def _uid_line(uid: str) -> bytes:
    return fold_line("UID:" + text_value(uid))


def _join(parts: tuple[bytes, bytes, bytes, bool], uid: bytes, summary: bytes) -> bytes:
    a, b, c, uid_first = parts
    return b"".join((a, uid, b, summary, c) if uid_first else (a, summary, b, uid, c))


# RenderedTask(task, events, todo), built without the frozen dataclass's __setattr__ per field
# (a publish of 1,000 clients makes 650,000 of them); the result is an ordinary RenderedTask.
_set_task, _set_events, _set_todo = (getattr(RenderedTask, f).__set__ for f in ("task", "events", "todo"))
assert RenderedTask.__slots__ == ("task", "events", "todo"), "RenderedTask changed: fill it in _rendered too"


def _rendered(task: Task, events: bytes, todo: bytes) -> RenderedTask:
    r = object.__new__(RenderedTask)
    _set_task(r, task)
    _set_events(r, events)
    _set_todo(r, todo)
    return r


def render_tasks(
    tasks: Iterable[Task], opts: CalendarOptions, state: StateView = NO_STATE, prefix: str = ""
) -> list[RenderedTask]:
    """Each task's components rendered once (a fresh builder), shared by any number of calendars."""
    return Builder(opts, state).render_all(tasks, prefix)
