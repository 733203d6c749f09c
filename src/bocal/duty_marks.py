"""The duty keys that mark what a date is worth, and the maintainers' side of the catalog.

- `deadline`: ``statutory`` (the law sets the date), ``customary`` (a custom; basis = "customary")
  or ``target`` (the law says 遅滞なく／速やかに／おおむね, or sets no date: the date is bocal's aim).
  Left out, it follows the basis: "customary" → customary, otherwise statutory.
- `review`: a maintainer-only note (要確認: what to check against which source). Never shown to
  users (not in list, explain, JSON, calendars); `bocal check --review` lists them.
- `pending`: the duty is not dated yet (a 政令 will set the start); it yields no task and
  `bocal duties` shows this notice instead.
- `start_shift`: how a window's *start* moves on a closed day, when it differs from the deadline's
  (JEED opens the 障害者雇用納付金 window on 4/1 even on a Saturday: ``start_shift = "none"``).
- `shift_basis`: the rule that moves the date when it is not the regime's law (payday:
  「就業規則（賃金規程）」).
- `dated`: dates an authority announces each year, keyed by the year the period starts in:
  ``dated = { 2024 = [2024-07-01, 2024-09-30, 2024-12-27, 2025-02-28] }`` (one date per instalment,
  or one date). Years the table lacks use the rule's date, marked as assumed.

Each key is parsed here, so the loader only calls `parse_marks` and `parse_dated`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from .calendars import CONVENTIONS

DEADLINE_KINDS = ("statutory", "customary", "target")
MARK_KEYS = ("deadline", "review", "pending", "start_shift", "shift_basis", "dated")

Report = Callable[[str, str], None]


def _text(raw: Mapping[str, Any], key: str, err: Report) -> str | None:
    v = raw.get(key)
    if v is None:
        return None
    if not isinstance(v, str) or not v.strip():
        err(key, f"must be a non-empty string, got {v!r}")
        return None
    return v.strip()


def parse_marks(raw: Mapping[str, Any], basis: str, err: Report) -> dict[str, Any]:
    """The mark keys of one duty as Duty fields (deadline, review, pending, start_shift, shift_basis)."""
    out: dict[str, Any] = {}
    customary = basis.strip().lower() == "customary"
    kind = raw.get("deadline")
    if kind is None:
        out["deadline"] = "customary" if customary else "statutory"
    elif kind not in DEADLINE_KINDS:
        err("deadline", f"must be one of {', '.join(DEADLINE_KINDS)}, got {kind!r}")
    elif (kind == "customary") != customary:
        err(
            "deadline",
            'deadline = "customary" goes with basis = "customary"'
            if kind == "customary"
            else f'deadline = "{kind}" needs a law in basis, not "customary"',
        )
    else:
        out["deadline"] = kind
    for key in ("review", "pending", "shift_basis"):
        value = _text(raw, key, err)
        if value is not None:
            out[key] = value
    start_shift = raw.get("start_shift")
    if start_shift is not None:
        if "start" not in raw:
            err("start_shift", "needs start (the window's opening date)")
        elif not isinstance(start_shift, str) or start_shift not in CONVENTIONS:
            err("start_shift", f"unknown convention {start_shift!r}; use one of {', '.join(CONVENTIONS)}")
        else:
            out["start_shift"] = start_shift
    return out


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
