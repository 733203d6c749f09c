"""Due forms relative to an event's date, compiled once, each able to say how it counts.

    "5 days"                      民法140条: the day of the event is not counted; day 1 is the next day
    "30 days inclusive"           the law (or the official guideline) counts the event's day as day 1
    "2 weeks"                     民法140条・143条: ends on the same weekday two weeks on
    "1 month"                     民法143条: ends the day before the 応当日 of the day after the event
    "10th of next month"          the day in the month after the event's month ("end of next month")
    "end of month after 4 months inclusive"
                                  the last day of the month in which 4 months (day 1 = the event's
                                  day) have passed — 育児休業給付's first application
    "end of month after quarter"  the last day of the month after the event's calendar quarter
    "5 business days"             the n-th open day after the event under the duty's regime
    "same day"                    the event's day itself

A form reads only the anchor date (the event's DATE, or the day after it when a duty counts from
資格喪失日) and the business calendar; the closed-day shift is applied afterwards, by the duty's
regime and convention, like every other duty.
"""

from __future__ import annotations

import calendar as _cal
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..calendars import BusinessCalendar
from ..dates import Context, Expr

_DAY = timedelta(days=1)


def _month_end(y: int, m: int) -> date:
    return date(y, m, _cal.monthrange(y, m)[1])


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    t = y * 12 + (m - 1) + k
    return t // 12, t % 12 + 1


def months_period_end(first_day: date, n: int) -> date:
    """民法143条2項: a period of n months whose first day is `first_day` ends the day before the
    day that corresponds to it n months on; when that month has no such day, on its last day."""
    y, m = _add_months(first_day.year, first_day.month, n)
    if first_day.day > _cal.monthrange(y, m)[1]:
        return _month_end(y, m)
    return date(y, m, first_day.day) - _DAY


#: How far after the anchor each form can fall, in days (bounds the search for events before a range).
_REACH = {"days": 1, "days-inclusive": 1, "weeks": 7, "months": 31, "business": 2}


@dataclass(frozen=True)
class DueForm(Expr):
    """A compiled due form: an anchored `dates.Expr` (kind "event"), evaluated from the event's date.

    `on(anchor, cal)` gives the nominal date; `describe_from(anchor words, lang)` says how it counts.
    """

    text: str
    op: str  # days | days-inclusive | weeks | months | day-of-next | end-next | end-after-months | end-after-quarter | business | same
    n: int = 0

    # what every dates.Expr carries: an event form counts from its anchor and reads no profile key
    anchored = True
    names: frozenset[str] = frozenset()
    lag_days = 0

    @property
    def reach_days(self) -> int:  # type: ignore[override]
        return _REACH.get(self.op, 0) * max(self.n, 1) + 130  # month-end forms: up to ~4 months on

    def evaluate(self, ctx: Context) -> date | None:
        if ctx.anchor is None:
            raise ValueError("an event due form needs the event's date")
        return self.on(ctx.anchor, ctx.calendar)

    def on(self, anchor: date, cal: BusinessCalendar) -> date:
        op, n = self.op, self.n
        if op == "days":
            return anchor + timedelta(days=n)
        if op == "days-inclusive":
            return anchor + timedelta(days=n - 1)
        if op == "weeks":
            return anchor + timedelta(days=7 * n)
        if op == "months":
            return months_period_end(anchor + _DAY, n)
        if op == "day-of-next":
            y, m = _add_months(anchor.year, anchor.month, 1)
            return date(y, m, min(n, _cal.monthrange(y, m)[1]))
        if op == "end-next":
            y, m = _add_months(anchor.year, anchor.month, 1)
            return _month_end(y, m)
        if op == "end-after-months":
            elapsed = months_period_end(anchor, n)
            return _month_end(elapsed.year, elapsed.month)
        if op == "end-after-quarter":
            q_end_month = (anchor.month - 1) // 3 * 3 + 3
            y, m = _add_months(anchor.year, q_end_month, 1)
            return _month_end(y, m)
        if op == "business":
            return cal.add_business_days(anchor, n)
        return anchor  # same

    def words_ja(self) -> str:
        return self.describe_from("出来事の日", "the event's date", "ja")

    def describe_from(self, anchor_ja: str, anchor_en: str, lang: str = "ja") -> str:
        """「入社日から5日以内（初日不算入・民法140条）」 and its English."""
        n = self.n
        ja = {
            "days": f"{anchor_ja}から{n}日以内（初日不算入・民法140条）",
            "days-inclusive": f"{anchor_ja}を1日目として{n}日以内",
            "weeks": f"{anchor_ja}から{n}週間以内（初日不算入・民法140条、143条）",
            "months": f"{anchor_ja}から{n}か月以内（初日不算入・応当日の前日まで、民法140条・143条）",
            "day-of-next": f"{anchor_ja}の属する月の翌月{n}日まで",
            "end-next": f"{anchor_ja}の属する月の翌月末日まで",
            "end-after-months": f"{anchor_ja}から起算して{n}か月を経過する日の属する月の末日まで",
            "end-after-quarter": f"{anchor_ja}の属する四半期の翌月末日まで",
            "business": f"{anchor_ja}から{n}営業日後まで",
            "same": f"{anchor_ja}当日",
        }
        en = {
            "days": f"within {n} days of {anchor_en} (that day not counted, Civil Code art. 140)",
            "days-inclusive": f"within {n} days, {anchor_en} being day 1",
            "weeks": f"within {n} weeks of {anchor_en} (that day not counted)",
            "months": f"within {n} month{'s' if n > 1 else ''} of {anchor_en} (Civil Code arts. 140, 143)",
            "day-of-next": f"by the {_ordinal(n)} of the month after {anchor_en}",
            "end-next": f"by the end of the month after {anchor_en}",
            "end-after-months": f"by the end of the month in which {n} months from {anchor_en} have passed",
            "end-after-quarter": f"by the end of the month after the quarter of {anchor_en}",
            "business": f"{n} business days after {anchor_en}",
            "same": f"on {anchor_en}",
        }
        return (ja if lang == "ja" else en)[self.op]


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


_FORMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), op)
    for p, op in (
        (r"(\d+) days?", "days"),
        (r"(\d+) days? inclusive", "days-inclusive"),
        (r"(\d+) weeks?", "weeks"),
        (r"(\d+) months?", "months"),
        (r"(\d+)(?:st|nd|rd|th) of next month", "day-of-next"),
        (r"end of next month", "end-next"),
        (r"end of month after (\d+) months? inclusive", "end-after-months"),
        (r"end of month after quarter", "end-after-quarter"),
        (r"(\d+) business days?", "business"),
        (r"same day", "same"),
    )
)

EXAMPLES = ('"5 days"', '"30 days inclusive"', '"2 weeks"', '"1 month"', '"10th of next month"', '"5 business days"')


def parse_due(text: str) -> DueForm:
    """Compile a due form; a ValueError says what forms there are."""
    t = " ".join(text.strip().lower().split())
    for pattern, op in _FORMS:
        m = pattern.fullmatch(t)
        if m is None:
            continue
        n = int(m.group(1)) if m.groups() else 0
        if op != "same" and m.groups() and n < 1:
            raise ValueError(f"{text!r}: the number must be 1 or more")
        if op == "day-of-next" and n > 31:
            raise ValueError(f"{text!r}: a month has at most 31 days")
        return DueForm(text, op, n)
    raise ValueError(f"cannot read due form {text!r}; write e.g. {', '.join(EXAMPLES)}")
