"""`bocal explain DUTY [EVENT]` for a duty an event sets off: the steps from the event to the date."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from ..calendars import REGIMES, convention_name, format_md, regime_name
from ..describe import move_reason
from ..errors import Problem, UsageError
from ..i18n import t
from .tasks import anchor_date, applies, condition_values, event_tasks, rule_text

if TYPE_CHECKING:
    from ..duty import Catalog, Duty
    from ..expand import Task
    from ..profile import Profile
    from .model import Event


def explain_event_duty(catalog: Catalog, profile: Profile, duty: Duty, which: str | None, lang: str = "ja") -> str:
    """The explanation of an event duty for one of the profile's events.

    `which` picks the event: its id, its date (YYYY-MM-DD) or the person's name; it may be left out
    when only one of the profile's events sets the duty off.
    """
    candidates = [e for e in profile.events if applies(duty, e, profile)]
    if which is not None:
        candidates = [e for e in candidates if which in (e.id, e.date.isoformat(), e.person)]
    if len(candidates) != 1:
        what = "no" if not candidates else f"{len(candidates)}"
        ids = ", ".join(e.id for e in candidates[:5])
        raise UsageError(
            Problem(
                f"{what} recorded event{'s' if len(candidates) != 1 else ''} set off {duty.id}"
                + (f" for {which!r}" if which else "")
                + (f": {ids}" if ids else ""),
                hint="give the event's id, date or person after the duty (bocal event list shows them)",
            )
        )
    event = candidates[0]
    # every form lands within months of the event (the longest: the end of the month 4 months on)
    lo, hi = event.date - timedelta(days=31), event.date + timedelta(days=800)
    task = next(t for t in event_tasks(profile, [event], lo, hi, catalog=catalog) if t.duty.id == duty.id)
    return explain_event_task(task, event, profile, lang)


def explain_event_task(task: Task, event: Event, profile: Profile, lang: str = "ja") -> str:
    """Numbered steps: the event, how the law counts, the nominal date, closed days, the date, the basis."""
    d = task.duty

    def w(key: str) -> str:
        return t(f"event.step.{key}", lang)

    kind_name = event.kind_info.ja if lang == "ja" else event.kind_info.en
    steps = [
        f"{w('event')}: {kind_name} — {event.label(lang)} ({event.date.isoformat()}, {w('id')} {event.id})",
        f"{w('counting')}: {rule_text(d, event.kind, lang)}",
    ]
    anchor = anchor_date(d, event)
    if anchor != event.date:
        steps.append(f"{w('counted_from')}: {anchor.isoformat()} {format_md(anchor, lang)}")
    steps.append(f"{w('nominal')}: {task.nominal.isoformat()} {format_md(task.nominal, lang)}")
    conv = convention_name(d.shift, lang)
    if d.shift == "none":
        steps.append(f"{w('convention')}: {conv}")
    else:
        steps.append(f"{w('convention')}: {conv} — {regime_name(d.regime, lang)}（{REGIMES[d.regime]['basis']}）")
    reason = move_reason(task, lang)
    label = w("target") if d.target else w("due")
    steps.append(f"{label}: {task.due.isoformat()} {format_md(task.due, lang)}" + (f" — {reason}" if reason else ""))
    if task.start is not None:
        steps.append(f"{w('opens')}: {task.start.isoformat()} {format_md(task.start, lang)}")
    if d.when is not None:
        values = condition_values(event, profile)
        steps.append(f"{w('condition')}: {d.when.explain(values)}")
    steps.append(f"{w('basis')}: {d.basis}")
    if d.source:
        steps.append(f"{w('source')}: {d.source}")
    out = [f"{task.title(lang)}  [{d.id}]"] + [f"{i:>2}. {s}" for i, s in enumerate(steps, start=1)]
    for key, text in ((w("submit_to"), d.submit_to), (w("form"), d.form)):
        if text:
            out.append(f"    {key}: {text}")
    if d.notes:
        out.append(f"    {w('notes')}: {d.notes}")
    return "\n".join(out) + "\n"
