"""Tasks as an RFC 5545 calendar: all-day VEVENTs with stable UIDs and input-derived stamps.

Two exports of the same inputs are byte-identical: UIDs come from duty + period + company, and
DTSTAMP / LAST-MODIFIED from the catalog's revision date, never from the clock (style.md: icalendar's
`Event.new()` defaults to uuid4 and now(), so both are always passed).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from .describe import area_name, move_reason
from .expand import Task

#: When the bundled rules last changed; stamps never go below it. Bump it with every catalog edit.
CATALOG_REVISION = datetime(2026, 11, 21, tzinfo=UTC)


def stamp_for(task: Task) -> datetime:
    """A deterministic DTSTAMP / LAST-MODIFIED: the rules' revision or the duty's valid_from."""
    vf = task.duty.valid_from
    if vf is not None:
        v = datetime(vf.year, vf.month, vf.day, tzinfo=UTC)
        return max(CATALOG_REVISION, v) if v <= CATALOG_REVISION + timedelta(days=3650) else CATALOG_REVISION
    return CATALOG_REVISION


def description(task: Task, lang: str = "ja") -> str:
    d = task.duty
    lines: list[str] = []
    if d.notes:
        lines.append(d.notes)
    if d.form:
        lines.append(("様式: " if lang == "ja" else "Form: ") + d.form)
    if d.submit_to:
        lines.append(("提出先: " if lang == "ja" else "Submit to: ") + d.submit_to)
    reason = move_reason(task, lang)
    if reason:
        lines.append(reason)
    if task.start:
        lines.append(
            f"受付開始: {task.start.isoformat()}" if lang == "ja" else f"Window opens: {task.start.isoformat()}"
        )
    lines.append(("根拠: " if lang == "ja" else "Basis: ") + ("慣行" if d.customary and lang == "ja" else d.basis))
    if d.source:
        lines.append(("出典: " if lang == "ja" else "Source: ") + d.source)
    return "\n".join(lines)


def to_ical(tasks: Sequence[Task], *, name: str, lang: str = "ja", alarms: bool = True) -> bytes:
    """A calendar of all-day events, one per task."""
    cal = Calendar()
    cal.add("prodid", "-//bocal//bocal//JA")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("name", name)
    cal.add("x-wr-timezone", "Asia/Tokyo")
    for t in tasks:
        ev = Event()
        ev.add("uid", t.uid)
        stamp = stamp_for(t)
        ev.add("dtstamp", stamp)
        ev.add("last-modified", stamp)
        ev.add("dtstart", t.due)
        ev.add("dtend", t.due + timedelta(days=1))
        ev.add("summary", t.title(lang))
        ev.add("description", description(t, lang))
        ev.add("categories", [area_name(t.duty.area, lang)])
        if t.duty.source:
            ev.add("url", t.duty.source)
        ev.add("transp", "TRANSPARENT")
        if alarms:
            for days in t.duty.remind:
                al = Alarm()
                al.add("action", "DISPLAY")
                al.add("description", t.title(lang))
                al.add("trigger", timedelta(days=-days))
                ev.add_component(al)
        cal.add_component(ev)
    data: bytes = cal.to_ical()
    return data
