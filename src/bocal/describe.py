"""Words about tasks, shared by every renderer: why a date moved, what a rule says in prose.

「1/10(土)・1/11(日)・1/12(成人の日)のため 1/13(火) に延長 — 国税通則法10条2項」 is the sentence that
makes a moved deadline trustworthy; the terminal, the calendars and `bocal explain` all print it.
"""

from __future__ import annotations

from datetime import date

from .calendars import ClosedDay, business_calendar, format_md
from .expand import Task
from .profile import AREAS as AREA_NAMES
from .rules import Duty


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
            label = "年末年始" if lang == "ja" else "year-end holidays"
            span = f"{a.month}/{a.day}" if a == b else f"{a.month}/{a.day}〜{b.month}/{b.day}"
            if lang != "ja":
                span = span.replace("〜", "–")
            parts.append(f"{span}({label})" if lang == "ja" else f"{span} ({label})")
            i = j + 1
            continue
        parts.append(_one(c, lang))
        i += 1
    return ("・" if lang == "ja" else ", ").join(parts)


def _year_end(c: ClosedDay) -> bool:
    return c.kind == "year-end" or (c.kind == "holiday" and c.day.month == 1 and c.day.day == 1)


def _one(c: ClosedDay, lang: str) -> str:
    d = c.day
    if c.kind == "weekend":
        return format_md(d, lang)
    if lang == "ja":
        return f"{d.month}/{d.day}({c.name_ja})"
    return f"{format_md(d, 'en')} ({c.name_en})"


#: Who moves a deadline *later* when it falls on a closed day, per regime: the law where a law does
#: it (国税通則法10条2項, 地方税法20条の5第2項, 行政機関の休日に関する法律2条), otherwise the practice.
#: A move *earlier* is never the law's: it is bocal's safe-side choice, or the duty's `shift_basis`.
LATER_BASIS: dict[str, tuple[str, str]] = {
    "national-tax": ("国税通則法10条2項", "国税通則法10条2項"),
    "local-tax": ("地方税法20条の5第2項", "地方税法20条の5第2項"),
    "government": ("行政機関の休日に関する法律2条", "行政機関の休日に関する法律2条"),
    "bank": (
        "翌銀行営業日の扱い（休業日は銀行法施行令5条）",
        "next bank business day (bank holidays: 銀行法施行令5条)",
    ),
    "company": ("自社の休業日の扱い（就業規則）", "the company's own calendar (就業規則)"),
}
TARGET_LATER = ("目安の日のため翌営業日に設定", "a target date: set to the next open day")
SAFE_SIDE = ("安全側で前営業日に設定", "set to the previous open day to be safe")
NOT_MOVED = ("休日ですが法定期限のため移動しません", "a closed day, but a statutory date does not move")


def shift_basis(duty: Duty, later: bool, lang: str = "ja") -> str:
    """The rule that made a move: the duty's own `shift_basis`, the law when the law moves the date,
    「安全側で前営業日に設定」 when moving earlier is bocal's choice."""
    own = getattr(duty, "shift_basis", None)  # event duties may not carry the calendar duties' marks
    if own:
        return str(own)
    if getattr(duty, "deadline", "statutory") != "statutory" and later:  # a target or a custom: the law moves nothing
        ja, en = TARGET_LATER
        return ja if lang == "ja" else en
    ja, en = LATER_BASIS.get(duty.regime, SAFE_SIDE) if later else SAFE_SIDE
    return ja if lang == "ja" else en


#: When the regime's law does not move the date, what does (for `bocal explain`'s convention step).
MOVERS: dict[str, tuple[str, str]] = {
    "bank": ("金融機関の取扱い", "the banks' practice"),
    "company": ("自社の定め", "the company's own rule"),
}


def convention_note(duty: Duty, lang: str = "ja") -> str | None:
    """Who moves the date when it is not the regime's law (「安全側で前営業日に設定」, 「就業規則（賃金規程）の
    定め」, 「金融機関の取扱い」), or None when the law of the regime moves it later (国税通則法10条2項 …)."""
    own = getattr(duty, "shift_basis", None)
    if own:
        return str(own)
    if duty.shift in ("preceding", "modified-preceding"):
        return SAFE_SIDE[0] if lang == "ja" else SAFE_SIDE[1]
    if getattr(duty, "deadline", "statutory") != "statutory":
        return TARGET_LATER[0] if lang == "ja" else TARGET_LATER[1]
    ja, en = MOVERS.get(duty.regime, (None, None))
    return ja if lang == "ja" else en


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
        if lang == "ja":
            return f"{ext.note}により {format_md(final, 'ja')} に延長 — {ext.basis}"
        return f"extended to {format_md(final, 'en')}: {ext.note} — {ext.basis}"
    basis = shift_basis(task.duty, final > nominal, lang)
    days = closed_days_text(closed, lang)
    if lang == "ja":
        verb = "に延長" if final > nominal else "に繰上げ"
        return f"{days}のため {format_md(final, 'ja')} {verb} — {basis}"
    verb = "moved to" if final > nominal else "brought forward to"
    return f"{verb} {format_md(final, 'en')}: {days} closed — {basis}"


def _stays(task: Task, day: date, lang: str, *, start: bool) -> str | None:
    """「6/13(土)は休日ですが法定期限のため移動しません」 for a statutory date that does not move."""
    duty = task.duty
    conv = (getattr(duty, "start_shift", None) or duty.shift) if start else duty.shift
    if conv != "none" or getattr(duty, "deadline", "statutory") != "statutory":
        return None
    c = business_calendar(duty.regime).closed(day)
    if c is None:
        return None
    ja, en = NOT_MOVED
    if lang == "ja":
        return f"{closed_days_text((c,), 'ja')}は{ja}"
    return f"{closed_days_text((c,), 'en')}: {en}"


def dated_text(task: Task, lang: str = "ja") -> str | None:
    """For a duty with a `dated` table: 「2024年分の公表日」 or the assumed note; None otherwise."""
    if not getattr(task.duty, "dated", None):
        return None
    if task.assumed:
        return assumed_note(task, lang)
    label = task.period.label(lang)
    return f"{label}として公表された日付" if lang == "ja" else f"the date announced for {label}"


def assumed_note(task: Task, lang: str = "ja") -> str | None:
    """For a date an authority announces each year but whose year is not in the duty's table:
    「推定: 2026年度の日付は未登録のため規則の日付（12/25）」; None when the date is the announced one."""
    if not task.assumed:
        return None
    label = task.period.label(lang)
    md = format_md(task.nominal, lang)
    if lang == "ja":
        return f"推定: {label}の公表日は未登録のため規則による日付（{md}）— 通知・公示で確認"
    return f"assumed: the announced date for {label} is not in the table; the rule gives {md} — check the notice"


DEADLINE_WORDS = {
    "statutory": ("法定の期限", "statutory deadline"),
    "customary": ("慣行（法定の期限ではない）", "customary (not a statutory deadline)"),
    "target": (
        "目安（法令に日付の定めがない、または「遅滞なく」などの期限）",
        "target (the law sets no date, or says 'without delay')",
    ),
}


def deadline_text(duty: Duty, lang: str = "ja") -> str:
    """What the date is worth: 法定の期限 / 慣行 / 目安."""
    ja, en = DEADLINE_WORDS[getattr(duty, "deadline", "statutory")]
    return ja if lang == "ja" else en


def pending_text(duty: Duty, lang: str = "ja") -> str | None:
    """For a duty not dated yet: 「期日未定: …」 (the notice `bocal duties` shows instead of dates)."""
    pending = getattr(duty, "pending", None)
    if not pending:
        return None
    return f"期日未定: {pending}" if lang == "ja" else f"Not dated yet: {pending}"


def iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
