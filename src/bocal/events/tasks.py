"""Event × duty → dated tasks, shaped like every other task (`expand.Task`).

A task set off by an event has the event as its period: the key is the event's id (so the uid is
duty + event + company, and its state is stored under that key like any task), the label is the
person and what happened (「山田太郎・4/1入社」), so its title reads 「資格取得届（山田太郎・4/1入社）」.
The nominal date comes from the duty's due form counted from the event's DATE (or the day after),
then moves off closed days by the duty's regime and convention, exactly as calendar duties do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from ..calendars import ClosedDay, business_calendar
from .catalog import EventCatalog, EventDuty, bundled_event_catalog
from .model import Event

if TYPE_CHECKING:
    from ..expand import Period, Task
    from ..profile import Profile

_DAY = timedelta(days=1)


def event_period(event: Event) -> Period:
    from ..expand import Period

    return Period(event.id, event.label("ja"), event.label("en"), event.date, event.date)


def condition_values(event: Event, profile: Profile) -> dict[str, object]:
    """What a duty's `when` reads: the profile's values, overridden by the event's attributes."""
    return {**profile.values, **event.values()}


def applies(duty: EventDuty, event: Event, profile: Profile, values: Mapping[str, object] | None = None) -> bool:
    """Whether the duty is set off by this event for this company (area, kind, condition)."""
    if event.kind not in duty.on or duty.area not in profile.areas:
        return False
    if duty.when is None:
        return True
    return bool(duty.when(values if values is not None else condition_values(event, profile)))


def anchor_date(duty: EventDuty, event: Event) -> date:
    """The day the count starts from: the event's DATE, or the day after (資格喪失日 = 退職日の翌日)."""
    return event.date + _DAY if duty.counts_from == "day-after" else event.date


def event_task(duty: EventDuty, event: Event, profile: Profile) -> Task:
    """The one task this duty gives for this event (whatever its date)."""
    from ..expand import Task

    assert duty.event_due is not None
    cal = business_calendar(duty.regime, profile.closures)
    anchor = anchor_date(duty, event)
    nominal = duty.event_due.evaluate(anchor, cal)
    due, closed = cal.shift(nominal, duty.shift)
    nstart = start = None
    sclosed: tuple[ClosedDay, ...] = ()
    if duty.event_start is not None:
        nstart = duty.event_start.evaluate(anchor, cal)
        start, sclosed = cal.shift(nstart, duty.shift)
    return Task(
        duty,
        event_period(event),
        nominal,
        due,
        closed,
        nstart,
        start,
        sclosed,
        profile.company_id,
        profile.uid_domain,
        profile.owners.get(duty.area),
    )


def event_tasks(
    profile: Profile,
    events: Iterable[Event],
    start: date,
    end: date,
    *,
    catalog: EventCatalog | None = None,
    areas: Sequence[str] | None = None,
    duties: Iterable[str] | None = None,
) -> list[Task]:
    """The tasks the events set off for this company, due in [start, end], in agenda order."""
    catalog = catalog or bundled_event_catalog()
    wanted = set(duties) if duties is not None else None
    out: list[Task] = []
    for event in events:
        values = condition_values(event, profile)
        for duty in catalog.for_kind(event.kind):
            if areas is not None and duty.area not in areas:
                continue
            if wanted is not None and duty.id not in wanted:
                continue
            if not applies(duty, event, profile, values):
                continue
            task = event_task(duty, event, profile)
            if start <= task.due <= end:
                out.append(task)
    out.sort(key=task_order)
    return out


def task_order(t: Task) -> tuple[Any, ...]:
    from ..expand import AREA_ORDER

    return (t.due, AREA_ORDER.get(t.duty.area, 99), t.duty.id, t.period.start, t.period.key)
