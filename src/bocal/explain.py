"""Explanations in words: a duty's rule (`bocal duties ID`) and how one task's date was computed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from .bounds import year_problem
from .calendars import CONVENTIONS, LAST_OFFICIAL_YEAR, REGIMES, ClosedDay, format_md
from .dates import Earliest
from .describe import area_name, convention_note, dated_text, deadline_text, move_reason, pending_text
from .errors import Problem, UsageError
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


def duty_details(duty: Duty, ja: bool) -> list[str]:
    """Where it goes, which form, what to do: the lines both explanations end with."""
    out = []
    if duty.submit_to:
        out.append(f"{'提出先' if ja else 'Submit to'}: {duty.submit_to}")
    if duty.form:
        out.append(f"{'様式' if ja else 'Form'}: {duty.form}")
    if duty.notes:
        out.append(f"{'備考' if ja else 'Notes'}: {duty.notes}")
    return out


def recurrence_text(duty: Duty, lang: str = "ja") -> str:
    """The recurrence in words: 毎月 / 半期ごと（6月始まり）/ 賞与支給日ごと / agm の日付から."""
    return RECURRENCE_WORDS[duty.kind](duty, lang == "ja")


def _every_words(duty: Duty, ja: bool) -> str:
    if duty.every == "years":
        base = (
            f"{duty.n_years}年ごと（{duty.since}年から）" if ja else f"every {duty.n_years} years (from {duty.since})"
        )
    else:
        base = EVERY_WORDS[duty.every or "month"][0 if ja else 1]
    if duty.every in ("quarter", "half-year", "year", "years") and duty.starting != 1:
        if duty.starting == 0:
            base += "（事業年度に合わせる）" if ja else " (aligned with the fiscal year)"
        else:
            base += f"（{duty.starting}月始まり）" if ja else f" (starting in month {duty.starting})"
    return base


def _for_each_words(duty: Duty, ja: bool) -> str:
    return f"プロファイルの {duty.for_each} の日付ごと" if ja else f"for each date in the profile's {duty.for_each}"


def _relative_words(duty: Duty, ja: bool) -> str:
    return f"{duty.relative_to} の期日から" if ja else f"counted from {duty.relative_to}"


def _rrule_words(duty: Duty, ja: bool) -> str:
    return f"RRULE {duty.rrule}"


#: kind → the recurrence in words (one entry per kind of kinds.KINDS).
def _event_words(duty: Duty, ja: bool) -> str:
    from .events.kinds import KIND_BY_NAME

    kinds = [KIND_BY_NAME[k] for k in duty.on if k in KIND_BY_NAME]
    if ja:
        return "出来事（" + "・".join(k.ja for k in kinds) + "）ごと、その日から数える"
    return "for each event (" + ", ".join(k.en for k in kinds) + "), counted from its date"


RECURRENCE_WORDS: dict[str, Callable[[Duty, bool], str]] = {
    "every": _every_words,
    "for_each": _for_each_words,
    "relative": _relative_words,
    "rrule": _rrule_words,
    "event": _event_words,
}


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
    if duty.deadline != "statutory":
        lines.append(f"  {'期日の種類' if ja else 'Kind of date'}: {deadline_text(duty, lang)}")
    if notice := pending_text(duty, lang):
        lines.append(f"  {notice}")
    lines += [f"  {line}" for line in duty_details(duty, ja)]
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


# -- `bocal explain DUTY [PERIOD]` ------------------------------------------------------------------


def find_task(catalog: Catalog, profile: Profile, duty: Duty, period: str | None, today: date) -> Task | None:
    """The task `bocal explain` is asked about.

    `period` may be a period key (2025-12, 2026, FY2026-03, 2026-01..2026-06, 2026-07-10 for a bonus),
    a month (2026-07: the task due in that month), a year (2026: the first task due in that year), a
    date (2026-07-10: the first task due on or after it), or None (the next task due from today).
    """
    import re

    expander = Expander(catalog)

    def tasks(lo: date, hi: date) -> list[Task]:
        return expander.expand(profile, lo, hi, duties=[duty.id])

    if period is None:
        found = tasks(today, today + timedelta(days=800))
        return found[0] if found else None
    text = period.strip()
    m = re.search(r"\d+", text)
    if not m:
        return None
    year = int(m.group()) if len(m.group()) <= 6 else 10**6  # int() of 5,000 digits would raise
    out_of_range = year_problem(year)
    if out_of_range:
        raise UsageError(Problem(f"{text!r}: {out_of_range}", key="PERIOD"))
    around = tasks(date(year - 1, 1, 1), date(year + 2, 12, 31))
    for t in around:
        if t.period.key == text:
            return t
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        try:
            day = date.fromisoformat("-".join(f"{int(x):02d}" if i else x for i, x in enumerate(text.split("-"))))
        except ValueError:
            return None
        return next((t for t in around if t.due >= day), None)
    m2 = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if m2:
        month = (int(m2.group(1)), int(m2.group(2)))
        return next((t for t in around if (t.due.year, t.due.month) == month), None)
    if re.fullmatch(r"\d{4}", text):
        return next((t for t in around if t.due.year == year), None)
    return None


def _closed_line(c: ClosedDay, lang: str) -> str:
    ja = lang == "ja"
    day = format_md(c.day, lang)
    if c.kind == "weekend":
        return f"{day} 週末" if ja else f"{day} weekend"
    if c.kind == "holiday":
        return f"{day} {c.name_ja}（国民の祝日）" if ja else f"{day} {c.name_en} (national holiday)"
    if c.kind == "year-end":
        return f"{day} 年末年始（12/29〜1/3 の休日）" if ja else f"{day} year-end holidays"
    return f"{day} {c.name_ja}（会社休業日）" if ja else f"{day} {c.name_en} (company closure)"


def explain(catalog: Catalog, profile: Profile, task: Task, lang: str = "ja") -> str:
    """How the task's date was computed, step by step, as numbered lines (for `bocal explain`)."""
    ja = lang == "ja"
    d = task.duty
    out = [f"{task.title(lang)}  [{d.id}]"]
    steps: list[str] = []
    exprs = d.installments or d.due
    rule = " / ".join(e.describe(lang) for e in exprs) or (d.rrule or "")
    steps.append(f"{'ルール' if ja else 'Rule'}: {recurrence_text(d, lang)} — {rule}")
    steps.append(
        f"{'対象期間' if ja else 'Period'}: {task.period.label(lang)}"
        f" ({task.period.start.isoformat()} – {task.period.end.isoformat()})"
    )
    if d.kind == "relative" and d.relative_to:
        steps.extend(_anchor_steps(catalog, profile, task, lang))
    elif d.kind == "for_each":
        a = task.period.start
        steps.append(
            f"{'起算日' if ja else 'Anchor'}: {a.isoformat()} {format_md(a, lang)}"
            + (f"（プロファイルの {d.for_each}）" if ja else f" (the profile's {d.for_each})")
        )
    note = dated_text(task, lang)
    steps.append(
        f"{'本来の期日' if ja else 'Nominal date'}: {task.nominal.isoformat()} {format_md(task.nominal, lang)}"
        + ((f"（{note}）" if ja else f" ({note})") if note else "")
    )
    conv = CONVENTIONS[d.shift]["ja" if ja else "en"]
    if d.shift == "none":
        steps.append(
            f"{'休日の扱い' if ja else 'Convention'}: {conv}"
            + ("（休日でもこの日のまま）" if ja else " (kept even on a closed day)")
        )
    else:
        regime = REGIMES[d.regime]
        if mover := convention_note(d, lang):  # the regime's law does not move it: say what does
            conv += f"（{mover}）" if ja else f" ({mover})"
        steps.append(
            f"{'休日の扱い' if ja else 'Convention'}: {conv} — {regime['ja' if ja else 'en']}"
            + (f"（{regime['basis']}）" if ja else f" ({regime['basis']})")
        )
        if task.closed:
            for c in sorted(task.closed, key=lambda c: c.day, reverse=task.due < task.nominal):
                steps.append(f"{'休日' if ja else 'Closed'}: {_closed_line(c, lang)}")
        else:
            steps.append("本来の期日は営業日なので移動なし" if ja else "the nominal date is open: no move")
    reason = move_reason(task, lang)
    steps.append(
        f"{'期日' if ja else 'Due'}: {task.due.isoformat()} {format_md(task.due, lang)}"
        + (f" — {reason}" if reason else "")
    )
    if task.start is not None and d.start is not None:
        sreason = move_reason(task, lang, start=True)
        steps.append(
            f"{'受付開始' if ja else 'Window opens'}: {d.start.describe(lang)} → "
            f"{task.start.isoformat()} {format_md(task.start, lang)}" + (f" — {sreason}" if sreason else "")
        )
    steps.append(f"{'根拠' if ja else 'Basis'}: {d.basis}")
    if d.source:
        steps.append(f"{'出典' if ja else 'Source'}: {d.source}")
    out += [f"{i:>2}. {s}" for i, s in enumerate(steps, start=1)]
    extra = duty_details(d, ja)
    if task.provisional:
        extra.append(
            f"※ {task.due.year}年の祝日は暫定です（春分の日・秋分の日は前年2月の官報で確定、確定済みは{LAST_OFFICIAL_YEAR}年まで）"
            if ja
            else f"Note: {task.due.year} holidays are provisional (equinox days are fixed each February for the next year; fixed up to {LAST_OFFICIAL_YEAR})"
        )
    out += [f"    {e}" for e in extra]
    return "\n".join(out) + "\n"


def _anchor_steps(catalog: Catalog, profile: Profile, task: Task, lang: str) -> list[str]:
    """For a duty counted from another: the anchor task, its date, and how the days were counted."""
    ja = lang == "ja"
    d = task.duty
    base = catalog.get(d.relative_to or "")
    if base is None:
        return []
    anchors = Expander(catalog).expand(
        profile, task.period.start - timedelta(days=400), task.period.end + timedelta(days=400), duties=[base.id]
    )
    anchor = next((a for a in anchors if a.period.key == task.period.key), None)
    if anchor is None:
        return []
    lines = [
        f"{'基準' if ja else 'Anchor'}: {anchor.title(lang)} [{base.id}] {anchor.due.isoformat()} {format_md(anchor.due, lang)}"
        + (f"（{move_reason(anchor, lang)}）" if ja and anchor.moved else "")
        + (f" ({move_reason(anchor, lang)})" if not ja and anchor.moved else "")
    ]
    e = d.due[0]
    a, n = anchor.due, task.nominal
    between = abs((a - n).days) - 1
    if isinstance(e, Earliest):
        lines.append(_earliest_line(e, task, profile, a, lang))
    elif getattr(e, "clear", False):
        lo, hi = (n, a) if n < a else (a, n)
        first, last = lo + timedelta(days=1), hi - timedelta(days=1)
        lines.append(
            f"数え方: 中{between}日 — {format_md(first, 'ja')}〜{format_md(last, 'ja')} の{between}日をまるまる空ける（初日・当日を含めない、民法140条）"
            if ja
            else f"Counting: {between} clear days — {format_md(first, 'en')} to {format_md(last, 'en')} lie whole between"
        )
    else:
        days = (n - a).days
        lines.append(
            f"数え方: 起算日から{'後' if days >= 0 else '前'}に{abs(days)}日（暦日）"
            if ja
            else f"Counting: {abs(days)} calendar days {'after' if days >= 0 else 'before'} the anchor"
        )
        if getattr(e, "unit", "") == "months":
            lines[-1] = (
                f"数え方: 起算日から{e.n}か月{'後' if days >= 0 else '前'}（同じ日付）"  # type: ignore[attr-defined]
                if ja
                else f"Counting: {e.n} months {'after' if days >= 0 else 'before'} the anchor"  # type: ignore[attr-defined]
            )
        if getattr(e, "unit", "") == "business":
            lines[-1] = (
                f"数え方: 起算日から{e.n}営業日（{REGIMES[d.regime]['ja']}）"  # type: ignore[attr-defined]
                if ja
                else f"Counting: {e.n} business days ({REGIMES[d.regime]['en']})"  # type: ignore[attr-defined]
            )
    return lines


def _earliest_line(e: Earliest, task: Task, profile: Profile, anchor: date, lang: str) -> str:
    """「数え方: 起算日の1か月後 = 7/30(木)・期末の翌日から4か月… = 7/31(金) のうち早い日」."""
    from .calendars import business_calendar
    from .dates import Context

    cal = business_calendar(task.duty.regime, profile.closures)
    ctx = Context(task.period.start, task.period.end, profile.values, cal, anchor)
    found = [(o, o.evaluate(ctx)) for o in e.options]
    if lang == "ja":
        said = "・".join(f"{o.words_ja()} = {format_md(x, 'ja') if x else '—'}" for o, x in found)
        return f"数え方: {said} のうち早い日"
    said = "; ".join(f"{o.text} = {format_md(x, 'en') if x else '—'}" for o, x in found)
    return f"Counting: the earliest of {said}"
