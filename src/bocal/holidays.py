"""Closed days as text for `bocal holidays`: one line a day, folded runs of 年末年始 kept per day."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .calendars import (
    LAST_OFFICIAL_YEAR,
    NO_CLOSURES,
    REGIMES,
    ClosedDay,
    Closures,
    business_calendar,
    format_md,
    is_provisional,
)
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


def closed_days_json(days: Sequence[ClosedDay]) -> str:
    """The days as a JSON array: date, kind, names, provisional."""
    out = [
        {
            "date": c.day.isoformat(),
            "kind": c.kind,
            "name": c.name_ja,
            "name_en": c.name_en,
            "provisional": provisional_day(c),
        }
        for c in days
    ]
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


def holidays_report(
    year: int, regime: str, *, closures: Closures | None = None, all_days: bool, fmt: str, lang: str
) -> str:
    """`bocal holidays`: a year's closed days under a regime (weekends only with all_days), as text or JSON.

    The text has a heading, the table, and a closing note when the year's equinox days are not yet fixed."""
    cal = business_calendar(regime, NO_CLOSURES if closures is None else closures)
    days = [c for c in cal.closed_days(year) if all_days or c.kind != "weekend"]
    if fmt == "json":
        return closed_days_json(days)
    ja = lang == "ja"
    head = f"{year}年の休日 — {REGIMES[regime]['ja']}" if ja else f"Closed days in {year} — {REGIMES[regime]['en']}"
    if not all_days:
        # a weekend that is also a holiday or 年末年始 (1/3(土)) is listed: only plain weekends are left out
        from .i18n import t

        head += t("holidays.plain_weekends_left_out", lang)
    text = head + "\n" + closed_days_table(days, lang)
    if is_provisional(year):
        text += (
            f"（暫定）{year}年の春分の日・秋分の日はまだ官報で公示されていません（確定は{LAST_OFFICIAL_YEAR}年まで）。"
            if ja
            else f"(provisional) the equinox days of {year} are not yet fixed in the official gazette (fixed up to {LAST_OFFICIAL_YEAR})."
        ) + "\n"
    return text
