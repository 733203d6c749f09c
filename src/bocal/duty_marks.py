"""The parsers of the duty keys that mark what a date is worth (declared in duty_keys.toml):

- `deadline`: ``statutory`` (the law sets the date), ``customary`` (a custom; basis = "customary")
  or ``target`` (the law says 遅滞なく／速やかに／おおむね, or sets no date: the date is bocal's aim).
  Left out, it follows the basis: "customary" → customary, otherwise statutory.
- `dated`: dates an authority announces each year, keyed by the year the period starts in:
  ``dated = { 2024 = [2024-07-01, 2024-09-30, 2024-12-27, 2025-02-28] }`` (one date per instalment,
  or one date). Years the table lacks use the rule's date, marked as assumed (`Task.assumed`).
- `start_shift`: how a window's start moves, when not like the deadline.

`review`, `pending` and `shift_basis` are plain texts read by their sections' loops.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

DEADLINE_KINDS = ("statutory", "customary", "target")

Report = Callable[[str, str], None]


def deadline_kind(value: Any, basis: str, err: Report) -> str:
    """`deadline`, checked against `basis` (customary goes with basis = "customary" and only with it)."""
    customary = basis.strip().lower() == "customary"
    if value is None:
        return "customary" if customary else "statutory"
    if value not in DEADLINE_KINDS:
        err("deadline", f"must be one of {', '.join(DEADLINE_KINDS)}, got {value!r}")
    elif (value == "customary") != customary:
        err(
            "deadline",
            'deadline = "customary" goes with basis = "customary"'
            if value == "customary"
            else f'deadline = "{value}" needs a law in basis, not "customary"',
        )
    else:
        return str(value)
    return "customary" if customary else "statutory"


def parse_dated(value: Any, key: str, slots: int, err: Report) -> dict[int, tuple[date, ...]]:
    """`dated = { 2024 = [...] }`: year → the announced dates, `slots` of them (1 unless instalments)."""
    if not isinstance(value, Mapping) or not value:
        err(key, "must be a table of years, e.g. dated = { 2024 = 2024-12-27 }")
        return {}
    out: dict[int, tuple[date, ...]] = {}
    for year_text, dates in value.items():
        if not str(year_text).isdigit() or not 1900 <= int(year_text) <= 2200:
            err(key, f"{year_text!r} is not a year")
            continue
        items = dates if isinstance(dates, list) else [dates]
        if not all(isinstance(d, date) and not hasattr(d, "hour") for d in items):
            err(key, f"{year_text}: give TOML dates such as 2024-12-27, got {dates!r}")
            continue
        if len(items) != slots:
            err(key, f"{year_text}: {len(items)} date(s) given, the duty has {slots} per period")
            continue
        out[int(year_text)] = tuple(items)
    return out
