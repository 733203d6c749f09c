"""Closed days as text for `bocal holidays`: one line a day, folded runs of 年末年始 kept per day."""

from __future__ import annotations

from collections.abc import Sequence

from .calendars import ClosedDay, format_md, is_provisional
from .render import pad, width

#: Holidays whose date the 官報 fixes only a year ahead, and those that follow from them.
UNFIXED = ("春分の日", "秋分の日", "国民の休日")


def provisional_day(c: ClosedDay) -> bool:
    """True for an equinox day (or a day that follows from one) in a year not yet fixed in the 官報."""
    return c.kind == "holiday" and is_provisional(c.day.year) and any(u in c.name_ja for u in UNFIXED)


def kind_label(c: ClosedDay, lang: str = "ja") -> str:
    ja = lang == "ja"
    return {
        "holiday": "祝日" if ja else "holiday",
        "year-end": "年末年始" if ja else "year-end",
        "weekend": "週末" if ja else "weekend",
        "company": "自社" if ja else "company",
    }.get(c.kind, c.kind)


def closed_days_table(days: Sequence[ClosedDay], lang: str = "ja") -> str:
    """7/20(月)  祝日  海の日 — aligned by display width; provisional days marked （暫定）."""
    if not days:
        return ("休日はありません。" if lang == "ja" else "No closed days.") + "\n"
    rows = []
    for c in days:
        name = c.label(lang)
        if provisional_day(c):
            name += "（暫定）" if lang == "ja" else " (provisional)"
        rows.append((format_md(c.day, lang), kind_label(c, lang), name))
    w0 = max(width(r[0]) for r in rows)
    w1 = max(width(r[1]) for r in rows)
    lines = [f"{pad(a, w0)}  {pad(b, w1)}  {n}" for a, b, n in rows]
    n = len(days)
    lines.append(f"計 {n}日" if lang == "ja" else f"{n} day{'s' if n != 1 else ''}")
    return "\n".join(lines) + "\n"
