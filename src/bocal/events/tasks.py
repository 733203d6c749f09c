"""Event duties expanded: each recorded event of a duty's kinds gives one occurrence.

An event duty is a `Duty` of kind "event" (its [[duty]] table says `on = "hire"`), read by the rule
loader like any other; `kinds.KINDS["event"]` calls `event_occurrences` here. The event is the
task's period: its key is the event's id (so the uid is duty + event + company, and state is stored
under that key like any task) and its label the person and what happened (「山田太郎・4/1入社」), so
the title reads 「資格取得届（山田太郎・4/1入社）」. The date is the duty's due form counted from the
event's date (or the day after, `counts_from = "day-after"`), then moved off closed days by the
duty's regime and convention, exactly as other duties. A duty's `when` is checked per event, over
the profile's values and the event's attributes.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from .model import Event

if TYPE_CHECKING:
    from ..duty import Catalog, Duty
    from ..expand import Task
    from ..kinds import Occurrence, Period, Run
    from ..profile import Profile

_DAY = timedelta(days=1)


@lru_cache(maxsize=8192)
def event_period(event: Event) -> Period:
    """The event as a task's period (the same object for every duty the event sets off)."""
    from ..kinds import Period

    return Period(event.id, event.label("ja"), event.label("en"), event.date, event.date)


def condition_values(event: Event, profile: Profile) -> Mapping[str, object]:
    """What a duty's `when` reads: the event's attributes over the profile's values (not copied)."""
    return ChainMap(event.values(), profile.values)  # type: ignore[arg-type]


def applies(duty: Duty, event: Event, profile: Profile, values: Mapping[str, object] | None = None) -> bool:
    """Whether the duty is set off by this event for this company (area, kind, condition)."""
    if event.kind not in duty.on or duty.area not in profile.areas:
        return False
    if duty.when is None:
        return True
    return bool(duty.when(values if values is not None else condition_values(event, profile)))


def anchor_date(duty: Duty, event: Event) -> date:
    """The day the count starts from: the event's DATE, or the day after (資格喪失日 = 退職日の翌日)."""
    return event.date + _DAY if duty.counts_from == "day-after" else event.date


def event_occurrences(run: Run) -> Iterator[Occurrence]:
    """The duty's occurrences, one per event of its kinds whose condition holds, due in the run's range."""
    duty, profile = run.duty, run.profile
    if not duty.due:
        return
    for event in profile.events:
        if event.kind in duty.on and applies(duty, event, profile):
            o = run.make(event_period(event), duty.due[0], anchor_date(duty, event))
            if o is not None:
                yield o


# -- for callers that want the tasks of a few events (bocal event add, explain, tests) ----------------


@lru_cache(maxsize=1)
def bundled_catalog() -> Catalog:
    """The bundled catalog, compiled once per process."""
    from ..rules import load_catalog

    return load_catalog()


def event_duties(catalog: Catalog, kind: str | None = None) -> tuple[Duty, ...]:
    """The catalog's event duties (of one kind), in file order."""
    return tuple(d for d in catalog.duties if d.kind == "event" and (kind is None or kind in d.on))


def event_tasks(
    profile: Profile,
    events: Iterable[Event],
    start: date,
    end: date,
    *,
    catalog: Catalog | None = None,
    areas: Sequence[str] | None = None,
) -> list[Task]:
    """The tasks these events set off for this company, due in [start, end], in agenda order."""
    from ..expand import Expander

    catalog = catalog or bundled_catalog()
    ids = [d.id for d in event_duties(catalog)]
    p = replace(profile, events=tuple(events), extensions=profile.extensions)
    return Expander(catalog).expand(p, start, end, areas=areas, duties=ids)


def rule_text(duty: Duty, kind: str, lang: str = "ja") -> str:
    """How an event duty's date is counted, in words: 「入社日から5日以内（初日不算入・民法140条）」;
    for a target, the law's words first: 「遅滞なく（目安：災害の発生日から7日以内…）」."""
    from .due import DueForm
    from .kinds import KIND_BY_NAME

    form = duty.due[0]
    assert isinstance(form, DueForm)
    k = KIND_BY_NAME[kind]
    anchor_ja = duty.anchor or k.date_ja.split("（")[0]
    anchor_en = duty.anchor_en or k.date_en.split(" (")[0]
    words = form.describe_from(anchor_ja, anchor_en, lang)
    if duty.target:
        if lang == "ja":
            return f"{duty.target}（目安：{words}）"
        return f"{duty.target_en or duty.target} (target: {words})"
    return words
