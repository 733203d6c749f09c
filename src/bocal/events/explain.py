"""`bocal explain DUTY [EVENT]` for a duty an event sets off: the steps from the event to the date."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from ..calendars import CONVENTIONS, REGIMES, format_md
from ..describe import move_reason
from ..errors import Problem, UsageError
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
    ja = lang == "ja"
    d = task.duty
    steps = [
        f"{'出来事' if ja else 'Event'}: {event.kind_info.ja if ja else event.kind_info.en} — {event.label(lang)}"
        f" ({event.date.isoformat()}, {'id' if not ja else 'ID'} {event.id})",
        f"{'数え方' if ja else 'Counting'}: {rule_text(d, event.kind, lang)}",
    ]
    anchor = anchor_date(d, event)
    if anchor != event.date:
        steps.append(f"{'起算の基準日' if ja else 'Counted from'}: {anchor.isoformat()} {format_md(anchor, lang)}")
    steps.append(
        f"{'本来の期日' if ja else 'Nominal date'}: {task.nominal.isoformat()} {format_md(task.nominal, lang)}"
    )
    conv = CONVENTIONS[d.shift]["ja" if ja else "en"]
    if d.shift == "none":
        steps.append(f"{'休日の扱い' if ja else 'Convention'}: {conv}")
    else:
        regime = REGIMES[d.regime]
        steps.append(
            f"{'休日の扱い' if ja else 'Convention'}: {conv} — {regime['ja' if ja else 'en']}（{regime['basis']}）"
        )
    reason = move_reason(task, lang)
    label = ("目安" if ja else "Target") if d.target else ("期日" if ja else "Due")
    steps.append(f"{label}: {task.due.isoformat()} {format_md(task.due, lang)}" + (f" — {reason}" if reason else ""))
    if task.start is not None:
        steps.append(f"{'受付開始' if ja else 'Window opens'}: {task.start.isoformat()} {format_md(task.start, lang)}")
    if d.when is not None:
        values = condition_values(event, profile)
        steps.append(f"{'条件' if ja else 'Condition'}: {d.when.explain(values)}")
    steps.append(f"{'根拠' if ja else 'Basis'}: {d.basis}")
    if d.source:
        steps.append(f"{'出典' if ja else 'Source'}: {d.source}")
    out = [f"{task.title(lang)}  [{d.id}]"] + [f"{i:>2}. {s}" for i, s in enumerate(steps, start=1)]
    for key, text in (("提出先" if ja else "Submit to", d.submit_to), ("様式" if ja else "Form", d.form)):
        if text:
            out.append(f"    {key}: {text}")
    if d.notes:
        out.append(f"    {'備考' if ja else 'Notes'}: {d.notes}")
    return "\n".join(out) + "\n"
