"""Words about tasks, shared by every renderer: why a date moved, what a rule says in prose.

「1/10(土)・1/11(日)・1/12(成人の日)のため 1/13(火) に延長 — 国税通則法10条2項」 is the sentence that
makes a moved deadline trustworthy; the terminal, the calendars and `bocal explain` all print it.
"""

from __future__ import annotations

from datetime import date

from .calendars import REGIMES, ClosedDay, format_md
from .expand import Task
from .profile import AREAS as AREA_NAMES


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


def move_reason(task: Task, lang: str = "ja", *, start: bool = False) -> str | None:
    """Why the due date (or the window's start) moved, or None when it did not."""
    nominal = task.nominal_start if start else task.nominal
    final = task.start if start else task.due
    closed = task.start_closed if start else task.closed
    if nominal is None or final is None or nominal == final:
        return None
    ext = None if start else task.extension
    if ext is not None:
        # 「令和6年能登半島地震による…延長（石川県）により 9/30(月) に延長 — 国税通則法11条」
        if lang == "ja":
            return f"{ext.note}により {format_md(final, 'ja')} に延長 — {ext.basis}"
        return f"extended to {format_md(final, 'en')}: {ext.note} — {ext.basis}"
    basis = REGIMES[task.duty.regime]["basis"]
    days = closed_days_text(closed, lang)
    if lang == "ja":
        verb = "に延長" if final > nominal else "に繰上げ"
        return f"{days}のため {format_md(final, 'ja')} {verb} — {basis}"
    verb = "moved to" if final > nominal else "brought forward to"
    return f"{verb} {format_md(final, 'en')}: {days} closed — {basis}"


def iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
