"""Words about tasks, shared by every renderer: why a date moved, what a rule says in prose.

「1/10(土)・1/11(日)・1/12(成人の日)のため 1/13(火) に延長 — 国税通則法10条2項」 is the sentence that
makes a moved deadline trustworthy; the terminal, the calendars and `bocal explain` all print it.
"""

from __future__ import annotations

from datetime import date

from .calendars import ClosedDay, business_calendar, format_md
from .expand import Task
from .i18n import t
from .profile import AREAS as AREA_NAMES
from .rules import Duty
from .vocabulary import REGIME_IDS


def area_name(area: str, lang: str = "ja") -> str:
    ja, en = AREA_NAMES.get(area, (area, area))
    return ja if lang == "ja" else en


def closed_days_text(days: tuple[ClosedDay, ...], lang: str = "ja") -> str:
    """1/10(土)・1/11(日)・1/12(成人の日), with runs of 年末年始 folded: 12/29〜1/3(年末年始)."""
    parts: list[str] = []
    i = 0
    ordered = sorted(days, key=lambda c: c.day)
    while i < len(ordered):
        c = ordered[i]
        if _year_end(c):
            j = i
            while (
                j + 1 < len(ordered) and _year_end(ordered[j + 1]) and (ordered[j + 1].day - ordered[j].day).days == 1
            ):
                j += 1
            a, b = ordered[i].day, ordered[j].day
            span = f"{a.month}/{a.day}"
            if a != b:
                span = t("move.year_end_span", lang, a=span, b=f"{b.month}/{b.day}")
            parts.append(t("move.year_end", lang, span=span))
            i = j + 1
            continue
        parts.append(_one(c, lang))
        i += 1
    return t("list.sep", lang).join(parts)


def _year_end(c: ClosedDay) -> bool:
    return c.kind == "year-end" or (c.kind == "holiday" and c.day.month == 1 and c.day.day == 1)


def _one(c: ClosedDay, lang: str) -> str:
    d = c.day
    if c.kind == "weekend":
        return format_md(d, lang)
    if lang == "ja":
        return f"{d.month}/{d.day}({c.name_ja})"
    return f"{format_md(d, 'en')} ({c.name_en})"


#: The words of a move (who moved it, and why) are the catalogue's `move.*` entries: `move.later.{regime}`
#: names who moves a deadline *later*, for every regime of vocabulary.REGIME_IDS (the law where a law
#: does it: 国税通則法10条2項 …, otherwise the practice). A move *earlier* is never the law's: it is
#: bocal's safe-side choice, or the duty's `shift_basis`.


def shift_basis(duty: Duty, later: bool, lang: str = "ja") -> str:
    """The rule that made a move: the duty's own `shift_basis`, the law when the law moves the date,
    「安全側で前営業日に設定」 when moving earlier is bocal's choice."""
    own = getattr(duty, "shift_basis", None)  # event duties may not carry the calendar duties' marks
    if own:
        return str(own)
    if getattr(duty, "deadline", "statutory") != "statutory" and later:  # a target or a custom: the law moves nothing
        return t("move.target_later", lang)
    if later and duty.regime in REGIME_IDS:
        return t(f"move.later.{duty.regime}", lang)
    return t("move.safe_side", lang)


#: The regimes whose closed-day moves are made by a practice, not their law (catalogue `move.by.{regime}`).
MOVER_REGIMES = ("bank", "company")


def convention_note(duty: Duty, lang: str = "ja") -> str | None:
    """Who moves the date when it is not the regime's law (「安全側で前営業日に設定」, 「就業規則（賃金規程）の
    定め」, 「金融機関の取扱い」), or None when the law of the regime moves it later (国税通則法10条2項 …)."""
    own = getattr(duty, "shift_basis", None)
    if own:
        return str(own)
    if duty.shift in ("preceding", "modified-preceding"):
        return t("move.safe_side", lang)
    if getattr(duty, "deadline", "statutory") != "statutory":
        return t("move.target_later", lang)
    return t(f"move.by.{duty.regime}", lang) if duty.regime in MOVER_REGIMES else None


def move_reason(task: Task, lang: str = "ja", *, start: bool = False) -> str | None:
    """Why the due date (or the window's start) moved — or, for a date that never moves
    (`shift = "none"`) on a closed day, that it stays (「…は休日ですが法定期限のため移動しません」);
    None otherwise."""
    nominal = task.nominal_start if start else task.nominal
    final = task.start if start else task.due
    closed = task.start_closed if start else task.closed
    if nominal is None or final is None:
        return None
    if nominal == final:
        return _stays(task, nominal, lang, start=start)
    ext = None if start else task.extension
    if ext is not None:
        # 「令和6年能登半島地震による…延長（石川県）により 9/30(月) に延長 — 国税通則法11条」
        return t("move.extended", lang, note=ext.note, date=format_md(final, lang), basis=ext.basis)
    basis = shift_basis(task.duty, final > nominal, lang)
    days = closed_days_text(closed, lang)
    return t(
        "move.later" if final > nominal else "move.earlier", lang, days=days, date=format_md(final, lang), basis=basis
    )


def _stays(task: Task, day: date, lang: str, *, start: bool) -> str | None:
    """「6/13(土)は休日ですが法定期限のため移動しません」 for a statutory date that does not move."""
    duty = task.duty
    conv = (getattr(duty, "start_shift", None) or duty.shift) if start else duty.shift
    if conv != "none" or getattr(duty, "deadline", "statutory") != "statutory":
        return None
    c = business_calendar(duty.regime).closed(day)
    if c is None:
        return None
    return t("move.stays", lang, days=closed_days_text((c,), lang))


def dated_text(task: Task, lang: str = "ja") -> str | None:
    """For a duty with a `dated` table: 「2024年分の公表日」 or the assumed note; None otherwise."""
    if not getattr(task.duty, "dated", None):
        return None
    if task.assumed:
        return assumed_note(task, lang)
    label = task.period.label(lang)
    return t("dated.announced", lang, label=label)


def assumed_note(task: Task, lang: str = "ja") -> str | None:
    """For a date an authority announces each year but whose year is not in the duty's table:
    「推定: 2026年度の日付は未登録のため規則の日付（12/25）」; None when the date is the announced one."""
    if not task.assumed:
        return None
    label = task.period.label(lang)
    md = format_md(task.nominal, lang)
    return t("dated.assumed", lang, label=label, md=md)


def deadline_text(duty: Duty, lang: str = "ja") -> str:
    """What the date is worth: 法定の期限 / 慣行 / 目安."""
    return t(f"deadline.{getattr(duty, 'deadline', 'statutory')}", lang)


def pending_text(duty: Duty, lang: str = "ja") -> str | None:
    """For a duty not dated yet: 「期日未定: …」 (the notice `bocal duties` shows instead of dates)."""
    pending = getattr(duty, "pending", None)
    if not pending:
        return None
    return t("duty.pending", lang, pending=pending)


def iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
