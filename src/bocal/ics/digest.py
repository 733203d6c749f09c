"""Office calendars people can subscribe to: one event per duty and date across the clients.

An office of a thousand clients has some 200,000 tasks a year; a calendar with one event each is
hundreds of megabytes, which no calendar app subscribes to (Google stops reading a feed above about
1 MB). So the office calendars (``office.ics`` of ``export --clients``, the office feeds by area and
by owner, and their published files) hold **one event per duty, period and date**:

    源泉所得税の納付（納期の特例・2026年1月〜6月分） — 83社

with the clients in its description, those still open first, each with its state from the task
store (「未了」「済」), at most `MAX_LISTED` names of each kind and a count of the rest, then the
duty's basis and source. The per-client detail (alarms, move reasons, owner) stays in each client's
own calendar; the workspace and the progress table list everything. An event whose every client
is finished gets 「✓ 」 before its title.

UIDs are derived from duty + period + date + ``office`` (a group whose clients have moved dates
apart, by closures of their own, is two events on two days). Bodies are rendered by icalendar
(the serializer of record) and folded by `fold`; there are a few hundred per calendar.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from icalendar import Alarm, Event

from ..describe import area_name
from ..expand import Task
from ..i18n import t as say
from ..state import NO_STATE, StateView, task_key
from .assemble import END, calendar_header
from .build import text_value
from .fold import fold_line, serialize
from .options import CalendarOptions
from .words import alarm_text, description, opening_title, sequence_for, stamp_for

#: Names listed per state in an event's description; the rest are counted (keeps a feed < 1 MB).
MAX_LISTED = 8
#: An office calendar's budget: Google Calendar stops reading subscribed feeds above about 1 MB.
FEED_BUDGET = 960_000
#: Ever shorter forms of the events, tried in turn until a calendar fits its budget: names listed
#: per state, and whether the duty's own lines (window, form, where, why moved, basis) are kept.
LEVELS = ((MAX_LISTED, True), (3, True), (0, True), (0, False))
DONE_MARK = "✓ "


@dataclass
class Group:
    """The clients that have one duty and period due (or opening) on one day."""

    task: Task  # the first client's task: the duty, period and dates every member shares
    opening: bool
    order: int
    count: int = 0
    done: int = 0
    open_names: list[str] = field(default_factory=list)
    done_names: list[str] = field(default_factory=list)

    @property
    def day(self) -> date:
        return self.task.start if self.opening and self.task.start is not None else self.task.due

    def add(self, name: str, finished: bool) -> None:
        self.count += 1
        if finished:
            self.done += 1
            if len(self.done_names) < MAX_LISTED:
                self.done_names.append(name)
        elif len(self.open_names) < MAX_LISTED:
            self.open_names.append(name)


def _names(names: list[str], total: int, lang: str) -> str:
    sep = say("ics.office_sep", lang)
    rest = total - len(names)
    if not names:
        return say("ics.office_total", lang, total=total)
    if rest <= 0:
        return sep.join(names)
    return sep.join(names) + say("ics.office_more", lang, rest=rest)


def clients_text(g: Group, lang: str, listed: int = MAX_LISTED) -> str:
    """「83社（未了 71・済 12）」 and the clients by state (at most `listed` names of each), as the
    description's first lines."""
    g = Group(g.task, g.opening, g.order, g.count, g.done, g.open_names[:listed], g.done_names[:listed])
    pending = g.count - g.done
    heading = "ics.office_heading_one" if g.count == 1 else "ics.office_heading"
    lines = [say(heading, lang, count=g.count, pending=pending, done=g.done)]
    if pending:
        lines.append(say("ics.office_open", lang) + _names(g.open_names, pending, lang))
    if g.done:
        lines.append(say("ics.office_done", lang) + _names(g.done_names, g.done, lang))
    lines.append(say("ics.office_details", lang))
    return "\n".join(lines)


def _shared_description(task: Task, lang: str, opening: bool) -> str:
    """The duty's description less its notes (in each client's own calendar) and the one line that
    belongs to a single client (its owner): what keeps an office feed of a thousand clients < 1 MB."""
    skip = set(task.duty.notes.split("\n")) if task.duty.notes else set()
    own = ("担当: ", "Owner: ")
    lines = description(task, lang, opening=opening).split("\n")
    return "\n".join(ln for ln in lines if ln not in skip and not ln.startswith(own))


def office_uid(g: Group) -> str:
    t = g.task
    suffix = "-opens" if g.opening else ""
    return f"{t.duty.id}-{t.period.key}-{g.day:%Y%m%d}-office{suffix}@{t.uid_domain}"


def summary(g: Group, lang: str) -> str:
    title = opening_title(g.task, lang) if g.opening else g.task.title(lang)
    mark = DONE_MARK if g.count and g.done == g.count else ""
    count = say("ics.office_count_one" if g.count == 1 else "ics.office_count", lang, count=g.count)
    return f"{mark}{title} — {count}"


_SUMMARY_PH = "bocal-office-summary"
_DESC_PH = "bocal-office-description"
_SLOTS = re.compile(rb"(SUMMARY:" + _SUMMARY_PH.encode() + rb"\r\n|DESCRIPTION:" + _DESC_PH.encode() + rb"\r\n)")
#: Group templates kept per digest (or shared by the digests of one pass over the clients).
Templates = dict[tuple[Any, ...], tuple[bytes, ...]]


def _template(g: Group, opts: CalendarOptions, alarms: bool) -> tuple[bytes, ...]:
    """The group's event rendered by icalendar with placeholder SUMMARY and DESCRIPTION, folded and
    split around those two lines (they alone vary with the clients and the form)."""
    lang, t = opts.lang, g.task
    stamp = stamp_for(t)
    ev = Event()
    ev.add("uid", office_uid(g))
    ev.add("dtstamp", stamp)
    ev.add("last-modified", stamp)
    ev.add("sequence", sequence_for(t))
    ev.add("summary", _SUMMARY_PH)
    ev.add("description", _DESC_PH)
    ev.add("categories", [area_name(t.duty.area, lang)])
    if t.duty.source:
        ev.add("url", t.duty.source)
    ev.add("dtstart", g.day)
    ev.add("dtend", g.day + timedelta(days=1))
    ev.add("transp", "TRANSPARENT")
    ev.add("x-microsoft-cdo-alldayevent", "TRUE")
    if alarms:
        for days in sorted(set(t.duty.remind), reverse=True):
            al = Alarm()
            al.add("action", "DISPLAY")
            al.add("description", alarm_text(days, lang))
            al.add("trigger", timedelta(days=-days))
            ev.add_component(al)
    return tuple(_SLOTS.split(serialize(ev)))


def render_group(
    g: Group, opts: CalendarOptions, level: tuple[int, bool] = LEVELS[0], templates: Templates | None = None
) -> bytes:
    """One office event in the form `level` (see `LEVELS`): its template (rendered by icalendar once
    per duty, period, day and alarms, however many calendars and forms it appears in) with its
    SUMMARY and DESCRIPTION filled in and folded."""
    lang, t = opts.lang, g.task
    alarms = opts.alarms and not g.opening and g.done < g.count
    key = (g.opening, g.day, t.duty.id, t.period.key, id(t.duty), alarms)
    cache: Templates = {} if templates is None else templates
    template = cache.get(key)
    if template is None:
        template = cache[key] = _template(g, opts, alarms)
    listed, full = level
    desc = clients_text(g, lang, listed)
    if full:
        desc += "\n" + _shared_description(t, lang, g.opening)
    out = []
    for part in template:
        if part.startswith(b"SUMMARY:" + _SUMMARY_PH.encode()):
            out.append(fold_line("SUMMARY:" + text_value(summary(g, lang))))
        elif part.startswith(b"DESCRIPTION:" + _DESC_PH.encode()):
            out.append(fold_line("DESCRIPTION:" + text_value(desc)))
        else:
            out.append(part)
    return b"".join(out)


class OfficeDigest:
    """Clients' tasks gathered into one event per duty, period and day; memory grows with the
    distinct events (a few hundred a year), never with the clients."""

    def __init__(self, opts: CalendarOptions, state: StateView = NO_STATE, templates: Templates | None = None) -> None:
        self.opts = opts
        self.state = state
        self.templates: Templates = {} if templates is None else templates
        self.tasks = 0
        self._groups: dict[tuple[bool, date, str, str], Group] = {}

    def _finished(self, task: Task) -> bool:
        if self.state is NO_STATE:
            return False
        st = self.state.get(task_key(task))
        return st is not None and st.status.finished

    def _group(self, task: Task, opening: bool) -> Group:
        day = task.start if opening and task.start is not None else task.due
        key = (opening, day, task.duty.id, task.period.key)
        g = self._groups.get(key)
        if g is None:
            g = self._groups[key] = Group(task, opening, len(self._groups))
        return g

    def add(self, tasks: Iterable[Task], client_name: str, areas: Collection[str] | None = None) -> None:
        """One client's tasks (those of `areas` only, when given: the areas this calendar holds)."""
        both = self.opts.windows == "both"
        groups = self._groups
        for t in tasks:
            if areas is not None and t.duty.area not in areas:
                continue
            finished = self._finished(t)
            self.tasks += 1
            if both and t.start is not None and t.start < t.due:
                self._group(t, True).add(client_name, finished)
            key = (False, t.due, t.duty.id, t.period.key)
            g = groups.get(key)
            if g is None:
                g = groups[key] = Group(t, False, len(groups))
            g.add(client_name, finished)

    def __len__(self) -> int:
        return len(self._groups)

    def events(self, budget: int | None = FEED_BUDGET) -> list[bytes]:
        """The events by date, then in the order the groups were first met; in the fullest form
        (`LEVELS`) whose whole fits `budget` bytes (see `fitted` for when none does)."""
        return self.fitted(budget)[0]

    def fitted(self, budget: int | None = FEED_BUDGET) -> tuple[list[bytes], date | None]:
        """`events`, and None — or, when even the shortest form is over `budget` (an office of
        10,000 varied clients), the events of the first days that fit, whole days only, and the
        last day kept: the feed says so in its description (`stream_office`)."""
        groups = sorted(self._groups.values(), key=lambda g: (g.day, g.order))
        out: list[bytes] = []
        for level in LEVELS:
            out = [render_group(g, self.opts, level, self.templates) for g in groups]
            if budget is None or sum(map(len, out)) <= budget:
                return out, None
        assert budget is not None
        kept, size, until = 0, 0, None
        for i, (g, ev) in enumerate(zip(groups, out, strict=True)):
            if size + len(ev) > budget:
                break
            size += len(ev)
            if i + 1 == len(groups) or groups[i + 1].day != g.day:
                kept, until = i + 1, g.day  # a day is kept whole or not at all
        return out[:kept], until


def stream_office(
    name: str, description: str | None, digest: OfficeDigest, budget: int | None = FEED_BUDGET
) -> Iterator[bytes]:
    """An office calendar: the header, one event per duty, period and date (within `budget`: every
    feed; ``office.ics`` of ``export --clients``, a file, passes None), the end."""
    events, until = digest.fitted(budget)
    if until is not None:
        lang = digest.opts.lang
        note = say("ics.office_cut", lang, day=f"{until:%Y-%m-%d}")
        description = f"{description}{note}" if description else note.strip()
    yield calendar_header(name, description)
    yield from events
    yield END
