"""Japanese business calendars: which days are closed under which regime, and how dates move.

National holidays come from jpholiday, read once per year into a dict (a jpholiday call per date in
a loop costs ~26 µs). A regime composes closed-day kinds the way the governing law does
(domain.md, "Holiday regimes"); a `BusinessCalendar` adds a company's own closures and answers
is-open, shift and business-day questions from per-day caches, so expanding a thousand clients does
not redo the same lookups.
"""

from __future__ import annotations

import calendar as _cal
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

#: The last year whose 春分の日 and 秋分の日 have been fixed in the 官報 (published each February for
#: the next year: 2027's on 2026-02-02). Later years are computed by formula and marked provisional.
LAST_OFFICIAL_YEAR = 2027

REGIMES: dict[str, dict[str, str]] = {
    "national-tax": {
        "ja": "国税（土日・祝日・12/29〜1/3）",
        "en": "national tax (weekends, holidays, 12/29–1/3)",
        "basis": "国税通則法10条2項",
    },
    "local-tax": {
        "ja": "地方税（土日・祝日・12/29〜1/3）",
        "en": "local tax (weekends, holidays, 12/29–1/3)",
        "basis": "地方税法20条の5",
    },
    "government": {
        "ja": "行政機関の休日（土日・祝日・12/29〜1/3）",
        "en": "government offices (weekends, holidays, 12/29–1/3)",
        "basis": "行政機関の休日に関する法律1条",
    },
    "bank": {
        "ja": "銀行休業日（土日・祝日・12/31〜1/3）",
        "en": "bank holidays (weekends, holidays, 12/31–1/3)",
        "basis": "銀行法施行令5条",
    },
    "company": {
        "ja": "自社の休業日（行政機関の休日＋自社休業日）",
        "en": "company calendar (government closures plus the company's own)",
        "basis": "就業規則",
    },
}

CONVENTIONS: dict[str, dict[str, str]] = {
    "none": {"ja": "移動しない", "en": "never moves"},
    "following": {"ja": "翌営業日", "en": "next open day"},
    "preceding": {"ja": "前営業日", "en": "previous open day"},
    "modified-following": {"ja": "翌営業日（月をまたぐ場合は前営業日）", "en": "next open day in the same month"},
    "modified-preceding": {"ja": "前営業日（月をまたぐ場合は翌営業日）", "en": "previous open day in the same month"},
}

WEEKDAYS_JA = "月火水木金土日"
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

HOLIDAY_NAMES_EN = {
    "元日": "New Year's Day",
    "成人の日": "Coming of Age Day",
    "建国記念の日": "National Foundation Day",
    "天皇誕生日": "Emperor's Birthday",
    "春分の日": "Vernal Equinox Day",
    "昭和の日": "Showa Day",
    "憲法記念日": "Constitution Memorial Day",
    "みどりの日": "Greenery Day",
    "こどもの日": "Children's Day",
    "海の日": "Marine Day",
    "山の日": "Mountain Day",
    "敬老の日": "Respect for the Aged Day",
    "秋分の日": "Autumnal Equinox Day",
    "スポーツの日": "Sports Day",
    "体育の日": "Health and Sports Day",
    "文化の日": "Culture Day",
    "勤労感謝の日": "Labour Thanksgiving Day",
    "国民の休日": "Citizens' Holiday",
}


def holiday_name_en(name: str) -> str:
    """English for a jpholiday name; 振替休日 comes as "憲法記念日 振替休日"."""
    if name.endswith("振替休日"):
        base = name.removesuffix("振替休日").strip()
        return f"Substitute holiday ({HOLIDAY_NAMES_EN.get(base, base)})" if base else "Substitute holiday"
    return HOLIDAY_NAMES_EN.get(name, name)


@cache
def national_holidays(year: int) -> Mapping[date, str]:
    """All national holidays of `year` (振替休日 and 国民の休日 included).

    Years in `holiday_table` (jpholiday's answers, precomputed) are read from it: jpholiday takes
    ~100 ms a year, most of `bocal list`'s start-up. Other years ask jpholiday's
    checkers through `_year_table` (~10 ms a year; jpholiday imported only then).
    """
    from .holiday_table import YEARS

    packed = YEARS.get(year)
    if packed is not None:
        out: dict[date, str] = {}
        for entry in packed.split(";") if packed else ():
            md, _, name = entry.partition(" ")
            out[date(year, int(md[:2]), int(md[2:]))] = name
        return out
    try:
        return _year_table(year)
    except Exception:  # jpholiday's internals moved: the slow public call is always right
        import jpholiday

        return dict(jpholiday.year_holidays(year))


def _year_table(year: int) -> dict[date, str]:
    """jpholiday's year_holidays in one pass: `jpholiday.year_holidays` asks every checker about
    every day and re-derives 振替休日 and 国民の休日 from scratch for each (~0.25 s a year); this asks
    jpholiday's own checkers once per day and derives the two the way jpholiday does (~10 ms)."""
    from jpholiday.checker.checker import NationalHolidayChecker, TransferHolidayChecker
    from jpholiday.checker.interface import OriginalHolidayCheckerInterface
    from jpholiday.functions import new_api

    checkers = list(new_api.registry.checkers())
    # the "fixed" holidays (neither derived kind, nor a user's own): what 振替休日 and 国民の休日 look at
    fixed = [
        c
        for c in checkers
        if not isinstance(c, TransferHolidayChecker | NationalHolidayChecker | OriginalHolidayCheckerInterface)
    ]
    memo: dict[date, list[str]] = {}

    def fixed_names(d: date) -> list[str]:
        got = memo.get(d)
        if got is None:
            got = memo[d] = [c.holiday_name(d) for c in fixed if c.is_holiday(d)]
        return got

    def transfer(d: date) -> str:  # TransferHolidayChecker.__transfer_holiday_name
        if d.year < 1973 or d.isoweekday() == 7 or fixed_names(d):
            return ""
        c = d - _DAY
        while names := fixed_names(c):
            if c.isoweekday() == 7:
                return f"{names[0]} 振替休日"
            c -= _DAY
        return ""

    def national(d: date) -> bool:  # NationalHolidayChecker.is_holiday
        if d.isoweekday() == 7 or fixed_names(d) or transfer(d):
            return False
        after, before = d + _DAY, d - _DAY
        return bool((fixed_names(after) or transfer(after)) and (fixed_names(before) or transfer(before)))

    out: dict[date, str] = {}
    d = date(year, 1, 1)
    while d.year == year:
        name = None
        for c in checkers:  # in registry order, the last name wins, as dict(year_holidays) does
            if isinstance(c, TransferHolidayChecker):
                name = transfer(d) or name
            elif isinstance(c, NationalHolidayChecker):
                name = "国民の休日" if national(d) else name
            elif c.is_holiday(d):
                name = c.holiday_name(d)
        if name is not None:
            out[d] = name
        d += _DAY
    return out


def is_provisional(year: int) -> bool:
    """True where 春分・秋分 are not yet fixed in the 官報 and the holidays are a forecast."""
    return year > LAST_OFFICIAL_YEAR


def horizon_warning(start: date, end: date, lang: str = "en") -> str | None:
    """The warning to show when [start, end] reaches past the officially announced holidays.

    None when every day of the range lies in a year whose holidays are fixed. The CLI prints it
    once per run on stderr; the feed puts it in the calendar's description. bocal never guesses
    silently: dates after `LAST_OFFICIAL_YEAR` are computed by formula and may move.
    """
    if end < start or not is_provisional(end.year):
        return None
    first = max(start.year, LAST_OFFICIAL_YEAR + 1)
    if lang == "ja":
        return (
            f"{LAST_OFFICIAL_YEAR + 1}年以降の祝日は暫定です（春分の日・秋分の日は官報で未公表）。"
            f"{first}年以降の期限は公表後に変わることがあります"
        )
    return (
        f"holidays after {LAST_OFFICIAL_YEAR} are provisional (春分の日・秋分の日 not yet fixed in the 官報); "
        f"deadlines in {first} and later may move once they are announced"
    )


class NoOpenDay(ValueError):
    """A calendar whose closures leave no open day near a date (a broken company calendar)."""


@dataclass(frozen=True)
class ClosedDay:
    """A closed day and why it is closed: kind is weekend, holiday, year-end or company."""

    day: date
    kind: str
    name_ja: str
    name_en: str

    def label(self, lang: str = "ja") -> str:
        """Short label for explanations: 土, 成人の日, 年末年始."""
        return self.name_ja if lang == "ja" else self.name_en


@dataclass(frozen=True)
class Closures:
    """A company's own calendar: closures (recurring month-days or dated) and extra working days."""

    recurring: Mapping[tuple[int, int], str] = field(default_factory=dict)
    dated: Mapping[date, str] = field(default_factory=dict)
    working: frozenset[date] = frozenset()

    def key(self) -> tuple[object, ...]:
        """A hashable identity, so equal company calendars share caches."""
        return (
            tuple(sorted(self.recurring.items())),
            tuple(sorted(self.dated.items())),
            tuple(sorted(self.working)),
        )


NO_CLOSURES = Closures()


class BusinessCalendar:
    """Open and closed days under one regime, with shifting and business-day arithmetic.

    Build calendars with `business_calendar()`, which shares one per (regime, closures).
    """

    def __init__(self, regime: str, closures: Closures = NO_CLOSURES) -> None:
        if regime not in REGIMES:
            raise ValueError(f"unknown regime {regime!r}")
        self.regime = regime
        self.closures = closures if regime == "company" else NO_CLOSURES
        # Which year-end days are closed: 12/29–1/3 for tax and government, 12/31–1/3 for banks.
        self._year_end_from = 31 if regime == "bank" else 29
        self._closed: dict[int, ClosedDay | None] = {}

    # -- closed days ------------------------------------------------------------------------------
    def closed(self, day: date) -> ClosedDay | None:
        """Why `day` is closed, or None when it is open."""
        o = day.toordinal()
        try:
            return self._closed[o]
        except KeyError:
            pass
        reason = self._reason(day)
        self._closed[o] = reason
        return reason

    def _reason(self, day: date) -> ClosedDay | None:
        c = self.closures
        if day in c.working:
            return None
        name = national_holidays(day.year).get(day)
        if name is not None:
            return ClosedDay(day, "holiday", name, holiday_name_en(name))
        company = c.dated.get(day) or c.recurring.get((day.month, day.day))
        if company is not None:
            return ClosedDay(day, "company", company, company)
        if (day.month == 12 and day.day >= self._year_end_from) or (day.month == 1 and day.day <= 3):
            return ClosedDay(day, "year-end", "年末年始", "year-end holidays")
        wd = day.weekday()
        if wd >= 5:
            return ClosedDay(day, "weekend", WEEKDAYS_JA[wd] + "曜日", WEEKDAYS_EN[wd])
        return None

    def is_open(self, day: date) -> bool:
        """True on a business day of this regime."""
        return self.closed(day) is None

    def closed_days(self, year: int) -> list[ClosedDay]:
        """Every closed day of `year`, in order."""
        d = date(year, 1, 1)
        out = []
        while d.year == year:
            r = self.closed(d)
            if r is not None:
                out.append(r)
            d += _DAY
        return out

    # -- moving dates -----------------------------------------------------------------------------
    def following(self, day: date) -> date:
        """`day` if open, else the next open day (翌営業日)."""
        return self._walk(day, _DAY)

    def preceding(self, day: date) -> date:
        """`day` if open, else the previous open day (前営業日)."""
        return self._walk(day, -_DAY)

    def _walk(self, day: date, step: timedelta) -> date:
        """The first open day from `day` in the direction of `step`; ValueError when none is near.

        The profile refuses closures that close a whole year; this bound makes the rest (closures
        that leave only weekends and holidays open) an error instead of a walk to `date.max`."""
        start = day
        while not self.is_open(day):
            day += step
            if abs((day - start).days) > MAX_CLOSED_RUN:
                raise NoOpenDay(
                    f"no open day within {MAX_CLOSED_RUN} days of {start} on the {self.regime} calendar "
                    "(do the company closures close nearly every day?)"
                )
        return day

    def shift(self, day: date, convention: str) -> tuple[date, tuple[ClosedDay, ...]]:
        """Move `day` by `convention`; return the new date and the closed days passed over.

        The closed days are those between the nominal date and the result (in the direction of
        travel), which is what an explanation must list: 1/10(土)・1/11(日)・1/12(成人の日) → 1/13.
        """
        if convention == "none" or self.is_open(day):
            return day, ()
        if convention == "following":
            target = self.following(day)
        elif convention == "preceding":
            target = self.preceding(day)
        elif convention == "modified-following":
            target = self.following(day)
            if target.month != day.month:
                target = self.preceding(day)
        elif convention == "modified-preceding":
            target = self.preceding(day)
            if target.month != day.month:
                target = self.following(day)
        else:
            raise ValueError(f"unknown convention {convention!r}")
        step = _DAY if target > day else -_DAY
        passed = []
        d = day
        while d != target:
            reason = self.closed(d)
            if reason is not None:
                passed.append(reason)
            d += step
        return target, tuple(passed)

    # -- business-day arithmetic ------------------------------------------------------------------
    def add_business_days(self, day: date, n: int) -> date:
        """The n-th open day after `day` (n > 0) or before it (n < 0); n == 0 gives `day` itself."""
        step = _DAY if n > 0 else -_DAY
        left = abs(n)
        while left:
            day = self._walk(day + step, step)
            left -= 1
        return day

    def nth_business_day(self, year: int, month: int, n: int) -> date:
        """The n-th open day of a month (n ≥ 1); raises ValueError if the month has fewer."""
        if n < 1:
            raise ValueError("n must be at least 1")
        d = date(year, month, 1)
        count = 0
        while d.month == month:
            if self.is_open(d):
                count += 1
                if count == n:
                    return d
            d += _DAY
        raise ValueError(f"{year}-{month:02d} has fewer than {n} business days")

    def last_business_day(self, year: int, month: int) -> date:
        """The last open day of a month."""
        return self.preceding(date(year, month, _cal.monthrange(year, month)[1]))

    def count_business_days(self, start: date, end: date) -> int:
        """Open days in [start, end]."""
        n = 0
        d = start
        while d <= end:
            if self.is_open(d):
                n += 1
            d += _DAY
        return n


_DAY = timedelta(days=1)
#: The longest stretch of closed days a calendar walks before it calls the calendar broken.
MAX_CLOSED_RUN = 400
_calendars: dict[tuple[str, tuple[object, ...]], BusinessCalendar] = {}


def business_calendar(regime: str, closures: Closures = NO_CLOSURES) -> BusinessCalendar:
    """The shared calendar for a regime (and, for `company`, the company's closures)."""
    key = (regime, closures.key() if regime == "company" else ())
    cal = _calendars.get(key)
    if cal is None:
        cal = _calendars[key] = BusinessCalendar(regime, closures)
    return cal


def format_md(day: date, lang: str = "ja") -> str:
    """7/10(金) in Japanese, Fri 7/10 in English."""
    if lang == "ja":
        return f"{day.month}/{day.day}({WEEKDAYS_JA[day.weekday()]})"
    return f"{WEEKDAYS_EN[day.weekday()]} {day.month}/{day.day}"
