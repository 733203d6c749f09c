"""The limits of what bocal accepts, in one place: years, rule-language sizes, file sizes.

Every input edge (the CLI's option types, the profile reader, the rule loader, the tokens file)
checks its values against these once, where they enter, and says which limit was passed; the
expansion and the calendars can then rely on them (no date arithmetic near `date.max`, no unbounded
loops, no recursion deeper than the declared nesting).
"""

from __future__ import annotations

from datetime import date

#: Dates bocal computes deadlines for: the first and last supported years (inclusive). The statutes
#: bocal encodes are post-1990 law, holidays after 2200 are a formula nobody will honour, and the
#: margins the expansion adds (a due date up to 24 months after its period, shifts past 年末年始)
#: then stay thousands of years away from `datetime.date`'s limits.
FIRST_YEAR = 1990
LAST_YEAR = 2200

#: The rule language (docs/rules.md): an RRULE may not repeat more than this many times in all,
#: nor run past LAST_YEAR; a `when` expression has at most this many characters and this nesting.
MAX_RRULE_COUNT = 1000
MAX_WHEN_LENGTH = 2000
MAX_WHEN_DEPTH = 20
#: A duty counted from a duty counted from a duty …: at most this many relative_to links deep
#: (real chains are two or three; each link widens the range its anchor is searched in).
MAX_RELATIVE_DEPTH = 30
#: Whole numbers read from a rule or a `when` (day counts, thresholds): beyond this they are typos.
MAX_RULE_INT = 10**9

#: Files bocal reads (profiles, rules, the tokens file): larger ones are refused unread.
MAX_FILE_BYTES = 4 * 1024 * 1024
#: A `bocal state export` file (every task state and its history, of an office too).
MAX_STATE_BYTES = 256 * 1024 * 1024


def year_problem(year: int) -> str | None:
    """The message for a year outside FIRST_YEAR..LAST_YEAR, or None when it is supported."""
    if FIRST_YEAR <= year <= LAST_YEAR:
        return None
    return f"year {year} is outside the years bocal supports ({FIRST_YEAR}–{LAST_YEAR})"


def check_date(day: date) -> date:
    """`day` itself, or ValueError (with year_problem's message) when its year is not supported."""
    message = year_problem(day.year)
    if message:
        raise ValueError(message)
    return day
