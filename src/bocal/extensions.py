"""Disaster extensions: the `[[extension]]` tables of a profile (災害等による期限の延長, 国税通則法11条).

An extension moves the deadlines of the named regimes (or duties) that fall in a window to a later
date. It is a fact about one company (where it is, which 告示 or individual approval applies), so it
lives in the profile, never in the rules. `bocal.profile` re-exports what is defined here, so
`from bocal.profile import Extension` keeps working.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .calendars import REGIMES
from .errors import suggest
from .profile_dates import parse_date

EXTENSION_KEYS = ("regimes", "duties", "from", "to", "until", "note", "basis")

#: The law that allows a disaster extension, by regime: what a task says when it is extended.
EXTENSION_BASIS = {
    "national-tax": "国税通則法11条",
    "local-tax": "地方税法20条の5の2",
}
#: An extension spans at most this long; a longer one is almost certainly a typo in a year.
MAX_EXTENSION_DAYS = 3 * 366

#: How a problem in one [[extension]] table is reported: (message, key, hint).
Report = Callable[..., None]

_DUTY_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Extension:
    """A disaster extension (災害等による期限の延長, 国税通則法11条) declared in the profile.

    Deadlines of the named regimes (or duties) that fall in [start, end] move to `until`. An
    extension is a fact about one company (where it is, which 告示 or individual approval applies),
    so it lives in the profile, never in the rules.
    """

    start: date
    end: date
    until: date
    note: str
    regimes: frozenset[str] = frozenset()
    duties: frozenset[str] = frozenset()
    basis: str = ""
    line: int | None = field(default=None, compare=False)

    def covers(self, duty_id: str, regime: str, due: date) -> bool:
        """True when a deadline of this duty, due on `due`, is extended by this declaration."""
        return (duty_id in self.duties or regime in self.regimes) and self.start <= due <= self.end


class _Counted:
    """Passes each problem on and counts them: an extension with any problem is not built."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.count = 0

    def __call__(self, msg: str, key: str | None = None, hint: str | None = None) -> None:
        self.count += 1
        self.report(msg, key, hint)


def parse_extension(item: Any, report: Report) -> Extension | None:
    """Validate one [[extension]] table; report each problem through `report(msg, key, hint)`."""
    if not isinstance(item, dict):
        report("must be a table")
        return None
    bad = _Counted(report)
    misspelt = _unknown_keys(item, bad)  # required keys an unknown key probably meant: one message, not two
    regimes, duties = _targets(item, bad)
    dates = _dates(item, misspelt, bad)
    note = item.get("note")
    if (not isinstance(note, str) or not note.strip()) and not ("note" not in item and "note" in misspelt):
        bad('is required: the 告示 or approval, e.g. "令和6年能登半島地震による期限延長（石川県）"', "note")
    basis = item.get("basis")
    if basis is not None and (not isinstance(basis, str) or not basis.strip()):
        bad('must be a non-empty string such as "国税通則法11条"', "basis")
    if len(dates) == 3:
        _check_span(dates, bad)
    if bad.count:
        return None
    if basis is None:
        basis = "; ".join(dict.fromkeys(EXTENSION_BASIS[r] for r in regimes if r in EXTENSION_BASIS)) or "期限延長"
    return Extension(
        start=dates["from"],
        end=dates["to"],
        until=dates["until"],
        note=str(note).strip(),
        regimes=frozenset(regimes),
        duties=frozenset(duties),
        basis=str(basis).strip(),
    )


def _unknown_keys(item: Mapping[str, Any], bad: _Counted) -> set[str]:
    """Report unknown keys; returns the known keys they are close to (probably meant)."""
    misspelt: set[str] = set()
    for k in item:
        if k not in EXTENSION_KEYS:
            import difflib  # only on error paths (~3 ms to import)

            close = difflib.get_close_matches(k, EXTENSION_KEYS, n=1, cutoff=0.6)
            misspelt.update(close)
            bad("unknown key", k, suggest(k, EXTENSION_KEYS) or f"keys are {', '.join(EXTENSION_KEYS)}")
    return misspelt


def _targets(item: Mapping[str, Any], bad: _Counted) -> tuple[list[str], list[str]]:
    """The regimes and duties whose deadlines move."""
    regimes: list[str] = []
    duties: list[str] = []
    for k, out in (("regimes", regimes), ("duties", duties)):
        v = item.get(k, [])
        if not isinstance(v, list) or not all(isinstance(x, str) and x for x in v):
            bad(f'must be a list of strings, e.g. {k} = ["{"national-tax" if k == "regimes" else "corporate-tax"}"]', k)
            continue
        out.extend(v)
    for r in regimes:
        if r not in REGIMES:
            bad(f"unknown regime {r!r}", "regimes", suggest(r, REGIMES) or f"regimes are {', '.join(REGIMES)}")
    for d in duties:
        if not _DUTY_ID.fullmatch(d):
            bad(f"{d!r} is not a duty id", "duties")
    if not regimes and not duties and not bad.count:
        bad('say whose deadlines move: regimes = ["national-tax"] and/or duties = ["duty-id"]', "regimes")
    return regimes, duties


def _dates(item: Mapping[str, Any], misspelt: set[str], bad: _Counted) -> dict[str, date]:
    """The from, to and until dates that are present and valid."""
    dates: dict[str, date] = {}
    for k in ("from", "to", "until"):
        if k not in item:
            if k not in misspelt:
                bad("is required (a date such as 2024-09-30)", k)
            continue
        try:
            dates[k] = parse_date(item[k])
        except ValueError as e:
            bad(str(e), k)
    return dates


def _check_span(dates: Mapping[str, date], bad: _Counted) -> None:
    if dates["to"] < dates["from"]:
        bad(f"to ({dates['to']}) is before from ({dates['from']})", "to")
    elif dates["until"] < dates["to"]:
        bad(
            f"until ({dates['until']}) is before to ({dates['to']}): an extension never brings a deadline forward",
            "until",
        )
    elif (dates["until"] - dates["from"]).days > MAX_EXTENSION_DAYS:
        bad("spans more than three years; check the years", "until")
