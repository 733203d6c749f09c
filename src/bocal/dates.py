"""Date expressions: the `due` and `start` strings of a duty, compiled once into small objects.

The forms (docs/rules.md has the full table):

    10th of next month | last day of next month | 5th business day of next month | payday of this month
    2 months after end | 2 months after month 6
    07-10 | 7/10 | next 01-31
    5 days after | 14 clear days before | 3 business days after | 2 weeks after | 1 month after
    agm_date | agm_date or 3 months after end

Each compiled expression evaluates against a context (the period, the anchor, the profile, the
regime calendar) and returns a date, or None when a profile key it names is unset (so `or` can fall
through). Parsing errors are ValueErrors with a message meant for the person editing the file.
"""

from __future__ import annotations

import calendar as _cal
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .calendars import BusinessCalendar


@dataclass(frozen=True)
class Context:
    """What an expression may read: the period, the anchor date, profile values, the calendar."""

    period_start: date
    period_end: date
    values: Mapping[str, Any]
    calendar: BusinessCalendar
    anchor: date | None = None


class Expr:
    """A compiled date expression. Every subclass carries these fields:

    text: the normalised source; anchored: counts from an anchor (for_each / relative_to) rather
    than a period; names: profile keys it reads; lag_days: how far after the period's end the date
    can fall (bounds period enumeration); reach_days: how far from the anchor it can fall.
    """

    text: str
    anchored: bool
    names: frozenset[str]
    lag_days: int
    reach_days: int

    def evaluate(self, ctx: Context) -> date | None:  # pragma: no cover - abstract
        raise NotImplementedError

    def words_ja(self) -> str:  # pragma: no cover - abstract
        """The expression in Japanese words, without the source text: 「翌月10日」."""
        raise NotImplementedError

    def describe(self, lang: str = "ja") -> str:
        """The expression said in `lang`: 「翌月10日（10th of next month）」 in ja; the rule text itself
        (already English words) in en."""
        if lang != "ja":
            return self.text
        said = self.words_ja()
        return f"{said}（{self.text}）" if said != self.text else self.text


#: 当月 / 翌月 / 翌々月 / 3か月後の月: the month N months after the period's last month.
def _month_words(months: int) -> str:
    return ("当月", "翌月", "翌々月")[months] if months < 3 else f"{months}か月後の月の"


def _month_add(year: int, month: int, k: int) -> tuple[int, int]:
    m = year * 12 + (month - 1) + k
    return m // 12, m % 12 + 1


def _month_end(year: int, month: int) -> date:
    return date(year, month, _cal.monthrange(year, month)[1])


@dataclass(frozen=True)
class DayOfMonth(Expr):
    """ "10th of next month", "last business day of this month", "payday of this month"."""

    text: str
    day: int | None  # None: last day
    business: bool
    key: str | None
    months: int
    names: frozenset[str] = frozenset()
    lag_days: int = 0
    anchored: bool = False
    reach_days: int = 0

    def evaluate(self, ctx: Context) -> date | None:
        y, m = _month_add(ctx.period_end.year, ctx.period_end.month, self.months)
        if self.business:
            if self.day is None:
                return ctx.calendar.last_business_day(y, m)
            return ctx.calendar.nth_business_day(y, m, self.day)
        last = _cal.monthrange(y, m)[1]
        day: int | None = self.day
        if self.key is not None:
            v = ctx.values.get(self.key)
            if v is None:
                return None
            day = int(v)
        return date(y, m, last if day is None else min(day, last))

    def words_ja(self) -> str:
        month = _month_words(self.months)
        sep = "" if month.endswith("の") else "の"
        if self.key is not None:
            return f"{month}{sep}プロファイル {self.key} の日"
        if self.business:
            return f"{month}{sep}最終営業日" if self.day is None else f"{month}{sep}第{self.day}営業日"
        return f"{month}末日" if self.day is None else f"{month}{self.day}日"


@dataclass(frozen=True)
class MonthsAfter(Expr):
    """ "2 months after end" / "2 months after month 6": the end of the N-th month after (民法143条)."""

    text: str
    months: int
    of_month: int | None  # None: the period's end; else the period's k-th month
    lag_days: int = 0
    anchored: bool = False
    names: frozenset[str] = frozenset()
    reach_days: int = 0

    def evaluate(self, ctx: Context) -> date | None:
        if self.of_month is None:
            y, m = ctx.period_end.year, ctx.period_end.month
        else:
            y, m = _month_add(ctx.period_start.year, ctx.period_start.month, self.of_month - 1)
        return _month_end(*_month_add(y, m, self.months))

    def words_ja(self) -> str:
        n = self.months
        if self.of_month is None:
            return f"期末の翌日から{n}か月（期末から{n}か月後の月末）"
        return f"期首から{self.of_month}か月目の末日から{n}か月後の月末"


@dataclass(frozen=True)
class MonthDay(Expr):
    """ "07-10" (inside the period) or "next 01-31" (the first after the period ends)."""

    text: str
    month: int
    day: int
    after_end: bool
    lag_days: int = 0
    anchored: bool = False
    names: frozenset[str] = frozenset()
    reach_days: int = 0

    def evaluate(self, ctx: Context) -> date | None:
        return _first_monthday(self.month, self.day, ctx.period_end + _DAY if self.after_end else ctx.period_start)

    def words_ja(self) -> str:
        day = "末日" if self.day == 0 else f"{self.day}日"
        return f"{'期間終了後の' if self.after_end else ''}{self.month}月{day}"


def _monthday(year: int, month: int, day: int) -> date:
    return date(year, month, day or _cal.monthrange(year, month)[1])


def _first_monthday(month: int, day: int, on_or_after: date) -> date:
    """The first date with this month and day (0: the month's last) on or after `on_or_after`."""
    d = _monthday(on_or_after.year, month, day)
    return d if d >= on_or_after else _monthday(on_or_after.year + 1, month, day)


@dataclass(frozen=True)
class ProfileDate(Expr):
    """A month-day the profile holds: inside the period ("leave_grant_date"), or the first one after
    the period ends ("next agm_date": the AGM that follows a fiscal year)."""

    text: str
    key: str
    after_end: bool
    names: frozenset[str] = frozenset()
    lag_days: int = 366
    anchored: bool = False
    reach_days: int = 0

    def evaluate(self, ctx: Context) -> date | None:
        v = ctx.values.get(self.key)
        if not v:
            return None
        mm, dd = (int(x) for x in str(v).split("-"))
        return _first_monthday(mm, dd, ctx.period_end + _DAY if self.after_end else ctx.period_start)

    def words_ja(self) -> str:
        return f"{'期間終了後の' if self.after_end else '期間内の'}プロファイル {self.key} の日付"


@dataclass(frozen=True)
class Offset(Expr):
    """ "5 days after", "14 clear days before", "3 business days after", "1 month after" an anchor."""

    text: str
    n: int
    unit: str  # days | business | months
    clear: bool
    before: bool
    anchored: bool = True
    reach_days: int = 0
    names: frozenset[str] = frozenset()
    lag_days: int = 0
    weeks: bool = False  # written in weeks ("2 weeks after"); n counts days

    def evaluate(self, ctx: Context) -> date | None:
        a = ctx.anchor
        if a is None:
            return None
        sign = -1 if self.before else 1
        if self.unit == "business":
            return ctx.calendar.add_business_days(a, sign * self.n)
        if self.unit == "months":
            from dateutil.relativedelta import relativedelta

            moved: date = a + relativedelta(months=sign * self.n)
            return moved
        # 中N日 (clear days): N whole days lie between the anchor and the result.
        days = self.n + (1 if self.clear else 0)
        return a + timedelta(days=sign * days)

    def words_ja(self) -> str:
        side = "前" if self.before else "後"
        if self.clear:
            return f"起算日の{side}に中{self.n}日をおいた日"
        if self.unit == "business":
            return f"起算日の{self.n}営業日{side}"
        if self.unit == "months":
            return f"起算日の{self.n}か月{side}"
        if self.weeks:
            return f"起算日の{self.n // 7}週間{side}"
        return f"起算日の{self.n}日{side}"


@dataclass(frozen=True)
class Either(Expr):
    """ "agm_date or 3 months after end": the first alternative that gives a date."""

    text: str
    options: tuple[Expr, ...]
    anchored: bool = False
    names: frozenset[str] = frozenset()
    lag_days: int = 0
    reach_days: int = 0

    def evaluate(self, ctx: Context) -> date | None:
        for o in self.options:
            d = o.evaluate(ctx)
            if d is not None:
                return d
        return None

    def words_ja(self) -> str:
        return "、なければ".join(o.words_ja() for o in self.options)


@dataclass(frozen=True)
class Earliest(Expr):
    """ "earliest of 1 month after and 4 months after end": the earliest date the options give
    (事前確定届出給与: the AGM + 1 month or the fiscal year's start + 4 months, whichever comes first).
    Options that give no date are skipped; anchored and period forms may be mixed (relative duties
    have both an anchor and a period)."""

    text: str
    options: tuple[Expr, ...]
    anchored: bool = False
    names: frozenset[str] = frozenset()
    lag_days: int = 0
    reach_days: int = 0

    def evaluate(self, ctx: Context) -> date | None:
        found = [d for o in self.options if (d := o.evaluate(ctx)) is not None]
        return min(found) if found else None

    def words_ja(self) -> str:
        return "・".join(o.words_ja() for o in self.options) + "のいずれか早い日"


_DAY = timedelta(days=1)
_ORD = r"(\d+)(?:st|nd|rd|th)"
_MONTHREF = r"(this month|next month|month after next|(\d+) months? after)"
_RE_DOM = re.compile(
    rf"^(?:{_ORD}|day (\d+)|(last) day|{_ORD} business day|(last) business day|([a-z_][a-z0-9_]*)) of {_MONTHREF}$"
)
_RE_MONTHS_AFTER = re.compile(r"^(\d+) months? after (?:end|month (\d+))$")
_RE_MONTHDAY = re.compile(r"^(next )?(\d{1,2})[-/](\d{1,2}|last)$")
_RE_OFFSET = re.compile(r"^(\d+) (clear |business )?(days?|weeks?|months?) (before|after)$")
_RE_KEY = re.compile(r"^(next )?([a-z_][a-z0-9_]*)$")

FORMS_HELP = (
    'e.g. "10th of next month", "last day of next month", "5th business day of next month", '
    '"2 months after end", "2 months after month 6", "07-10", "next 01-31", "5 days after", '
    '"14 clear days before", "next agm_date or 3 months after end"'
)


def parse_expr(text: str, profile_keys: Mapping[str, str]) -> Expr:
    """Compile a date expression. `profile_keys` maps key name → type, for keys it may name."""
    if not isinstance(text, str):
        raise ValueError(f'must be a string such as "10th of next month", got {text!r}')
    norm = " ".join(text.strip().lower().split())
    if not norm:
        raise ValueError("is empty")
    if norm.startswith("earliest of "):
        return _earliest(text, norm, profile_keys)
    if " or " in norm:
        return _either(text, norm, profile_keys)
    for pattern, build in _FORMS:
        m = pattern.match(norm)
        if m:
            return build(text, norm, m, profile_keys)
    raise ValueError(f"cannot read {text!r} ({FORMS_HELP})")


def _earliest(text: str, norm: str, profile_keys: Mapping[str, str]) -> Expr:
    parts = norm.removeprefix("earliest of ").split(" and ")
    if len(parts) < 2:
        raise ValueError(f'{text!r}: give two or more dates, e.g. "earliest of 1 month after and 4 months after end"')
    options = tuple(parse_expr(p, profile_keys) for p in parts)
    return Earliest(
        norm,
        options,
        anchored=any(o.anchored for o in options),
        names=frozenset().union(*(o.names for o in options)),
        lag_days=max(o.lag_days for o in options),
        reach_days=max(o.reach_days for o in options),
    )


def _either(text: str, norm: str, profile_keys: Mapping[str, str]) -> Expr:
    options = tuple(parse_expr(p, profile_keys) for p in norm.split(" or "))
    anchored = {o.anchored for o in options}
    if len(anchored) > 1:
        raise ValueError(f'{text!r}: cannot mix anchored forms ("5 days after") with period forms')
    names: frozenset[str] = frozenset().union(*(o.names for o in options))
    return Either(
        norm,
        options,
        anchored=anchored.pop(),
        names=names,
        lag_days=max(o.lag_days for o in options),
        reach_days=max(o.reach_days for o in options),
    )


def _day_of_month(text: str, norm: str, m: re.Match[str], profile_keys: Mapping[str, str]) -> Expr:
    ordn, dayn, _last, bord, blast, key, mref, mk = m.groups()
    months = {"this month": 0, "next month": 1, "month after next": 2}.get(mref)
    if months is None:
        months = int(mk)
    if months > 24:
        raise ValueError(f"{text!r}: more than 24 months after the period")
    business = bool(bord or blast)
    day: int | None = None
    if ordn or dayn or bord:
        day = _day_number(text, int(ordn or dayn or bord), business)
    kname = None
    if key:
        if key not in profile_keys:
            raise ValueError(f"{text!r}: {key!r} is not a profile key")
        if profile_keys[key] not in ("day", "int"):
            raise ValueError(f"{text!r}: profile key {key!r} is not a day of the month")
        kname = key
    return DayOfMonth(
        norm, day, business, kname, months, names=frozenset({kname} if kname else ()), lag_days=31 * (months + 1)
    )


def _day_number(text: str, day: int, business: bool) -> int:
    if business and not 1 <= day <= 23:
        raise ValueError(f"{text!r}: a month has at most 23 business days")
    if not business and not 1 <= day <= 31:
        raise ValueError(f"{text!r}: day must be 1–31")
    return day


def _months_after(text: str, norm: str, m: re.Match[str], profile_keys: Mapping[str, str]) -> Expr:
    n = int(m.group(1))
    of_month = int(m.group(2)) if m.group(2) else None
    if n > 24:
        raise ValueError(f"{text!r}: more than 24 months")
    if of_month is not None and not 1 <= of_month <= 12:
        raise ValueError(f"{text!r}: month {of_month} of the period must be 1–12")
    return MonthsAfter(norm, n, of_month, lag_days=31 * (n + 1))


def _month_day(text: str, norm: str, m: re.Match[str], profile_keys: Mapping[str, str]) -> Expr:
    month, day = int(m.group(2)), (0 if m.group(3) == "last" else int(m.group(3)))
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r}: month must be 1–12")
    if month == 2 and day == 29:
        raise ValueError(f'{text!r}: 02-29 does not occur every year; use "02-last" for the end of February')
    if day != 0 and not 1 <= day <= _cal.monthrange(2025, month)[1]:
        raise ValueError(f"{text!r}: there is no day {day} in month {month}")
    after = bool(m.group(1))
    return MonthDay(norm, month, day, after, lag_days=366 if after else 0)


def _offset(text: str, norm: str, m: re.Match[str], profile_keys: Mapping[str, str]) -> Expr:
    n = int(m.group(1))
    kind = (m.group(2) or "").strip()
    unit = m.group(3).rstrip("s")
    if kind == "clear" and unit == "month":
        raise ValueError(f'{text!r}: "clear" counts days or weeks, not months')
    if kind == "business" and unit != "day":
        raise ValueError(f"{text!r}: business days are counted in days")
    if n > 400:
        raise ValueError(f"{text!r}: more than 400")
    weeks = unit == "week"
    if weeks:
        n, unit = n * 7, "day"
    u = "business" if kind == "business" else ("months" if unit == "month" else "days")
    reach = n * 2 + 10 if u == "business" else (n * 31 if u == "months" else n + 1)
    return Offset(norm, n, u, kind == "clear", m.group(4) == "before", anchored=True, reach_days=reach, weeks=weeks)


def _profile_date(text: str, norm: str, m: re.Match[str], profile_keys: Mapping[str, str]) -> Expr:
    key = m.group(2)
    if key not in profile_keys:
        raise ValueError(f"cannot read {text!r} ({FORMS_HELP})")
    if profile_keys[key] != "monthday":
        raise ValueError(f"{text!r}: profile key {key!r} is not a month-day (MM-DD)")
    after = bool(m.group(1))
    return ProfileDate(norm, key, after, names=frozenset({key}), lag_days=366 if after else 0)


#: The forms, tried in order; each builder checks what the pattern cannot and compiles the expression.
_FORMS: tuple[tuple[re.Pattern[str], Callable[[str, str, re.Match[str], Mapping[str, str]], Expr]], ...] = (
    (_RE_DOM, _day_of_month),
    (_RE_MONTHS_AFTER, _months_after),
    (_RE_MONTHDAY, _month_day),
    (_RE_OFFSET, _offset),
    (_RE_KEY, _profile_date),
)
