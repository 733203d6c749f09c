"""Explanations in words: a duty's rule (`bocal duties ID`) and how one task's date was computed."""

from __future__ import annotations

from datetime import date, timedelta

from .calendars import CONVENTIONS, REGIMES, format_md
from .describe import area_name, closed_days_text, move_reason
from .expand import Expander, Task, applicability
from .profile import Profile
from .rules import Catalog, Duty

EVERY_WORDS = {
    "month": ("毎月", "every month"),
    "quarter": ("四半期ごと", "every quarter"),
    "half-year": ("半期ごと", "every half-year"),
    "year": ("毎年", "every year"),
    "fiscal-year": ("事業年度ごと", "every fiscal year"),
}


def recurrence_text(duty: Duty, lang: str = "ja") -> str:
    """The recurrence in words: 毎月 / 半期ごと（6月始まり）/ 賞与支給日ごと / agm の日付から."""
    ja = lang == "ja"
    if duty.kind == "every":
        if duty.every == "years":
            base = (
                f"{duty.n_years}年ごと（{duty.since}年から）"
                if ja
                else f"every {duty.n_years} years (from {duty.since})"
            )
        else:
            base = EVERY_WORDS[duty.every or "month"][0 if ja else 1]
        if duty.every in ("quarter", "half-year", "year", "years") and duty.starting != 1:
            if duty.starting == 0:
                base += "（事業年度に合わせる）" if ja else " (aligned with the fiscal year)"
            else:
                base += f"（{duty.starting}月始まり）" if ja else f" (starting in month {duty.starting})"
        return base
    if duty.kind == "for_each":
        return f"プロファイルの {duty.for_each} の日付ごと" if ja else f"for each date in the profile's {duty.for_each}"
    if duty.kind == "relative":
        return f"{duty.relative_to} の期日から" if ja else f"counted from {duty.relative_to}"
    return f"RRULE {duty.rrule}"


def describe_duty(catalog: Catalog, profile: Profile, duty: Duty, today: date, lang: str = "ja") -> str:
    """One duty in words: its rule, its regime, its basis, whether it applies, its next dates."""
    ja = lang == "ja"
    lines = [f"{duty.title_for(lang)}  [{duty.id}]", f"  {'領域' if ja else 'Area'}: {area_name(duty.area, lang)}"]
    due = duty.installments or duty.due
    lines.append(f"  {'周期' if ja else 'Recurrence'}: {recurrence_text(duty, lang)}")
    if due:
        lines.append(f"  {'期日' if ja else 'Due'}: " + " / ".join(e.text for e in due))
    if duty.start:
        lines.append(f"  {'開始' if ja else 'Opens'}: {duty.start.text}")
    conv = CONVENTIONS[duty.shift]["ja" if ja else "en"]
    lines.append(
        f"  {'休日の扱い' if ja else 'On a closed day'}: {conv}"
        + (
            ""
            if duty.shift == "none"
            else f" — {REGIMES[duty.regime]['ja' if ja else 'en']}（{REGIMES[duty.regime]['basis']}）"
        )
    )
    if duty.when:
        lines.append(f"  {'条件' if ja else 'Applies when'}: {duty.when.text}")
    if duty.select:
        lines.append(f"  {'地域別' if ja else 'Varies by'}: {duty.select} ({', '.join(duty.cases)})")
    if duty.valid_from or duty.valid_until:
        lines.append(f"  {'有効期間' if ja else 'Valid'}: {duty.valid_from or '…'} – {duty.valid_until or '…'}")
    lines.append(f"  {'根拠' if ja else 'Basis'}: {duty.basis}")
    if duty.source:
        lines.append(f"  {'出典' if ja else 'Source'}: {duty.source}")
    if duty.submit_to:
        lines.append(f"  {'提出先' if ja else 'Submit to'}: {duty.submit_to}")
    if duty.form:
        lines.append(f"  {'様式' if ja else 'Form'}: {duty.form}")
    if duty.notes:
        lines.append(f"  {'備考' if ja else 'Notes'}: {duty.notes}")
    ok, why = applicability(duty, profile, catalog)
    lines.append(
        f"  {'この会社に' if ja else 'For this company'}: {('適用あり' if ok else '適用なし') if ja else ('applies' if ok else 'does not apply')} — {why}"
    )
    if ok:
        tasks = Expander(catalog).expand(profile, today, today + timedelta(days=730), duties=[duty.id])[:3]
        if tasks:
            lines.append(f"  {'次の期日' if ja else 'Next dates'}:")
            for t in tasks:
                reason = move_reason(t, lang)
                lines.append(
                    f"    {t.due.isoformat()} {format_md(t.due, lang)}  {t.period.label(lang)}"
                    + (f"  ({reason})" if reason else "")
                )
    return "\n".join(lines) + "\n"


def explain_task(task: Task, lang: str = "ja") -> list[str]:
    """The steps from rule to date for one task."""
    ja = lang == "ja"
    d = task.duty
    steps = [
        f"{'ルール' if ja else 'Rule'}: {recurrence_text(d, lang)} — {' / '.join(e.text for e in (d.installments or d.due)) or d.rrule}",
        f"{'本来の期日' if ja else 'Nominal date'}: {task.nominal.isoformat()} {format_md(task.nominal, lang)}",
    ]
    if task.closed:
        steps.append(f"{'休日' if ja else 'Closed'}: {closed_days_text(task.closed, lang)}")
    steps.append(f"{'休日の扱い' if ja else 'Convention'}: {CONVENTIONS[d.shift]['ja' if ja else 'en']}")
    reason = move_reason(task, lang)
    steps.append(
        f"{'期日' if ja else 'Due'}: {task.due.isoformat()} {format_md(task.due, lang)}"
        + (f" — {reason}" if reason else "")
    )
    steps.append(f"{'根拠' if ja else 'Basis'}: {d.basis}" + (f" — {d.source}" if d.source else ""))
    return steps
