"""One function per recurrence kind: a duty's occurrences (its periods and dates) in a range.

`KINDS` maps a duty's `kind` (picked by its recurrence key, duty_keys.toml) to the function that
expands it: `every` (calendar periods), `for_each` (dates a profile lists), `relative` (the tasks of
another duty), `rrule` (RFC 5545). Each gets a `Run` (the resolved duty, the profile, the regime
calendar, the range) and yields `Occurrence`s whose due date, after the closed-day shift, lies in the
range. A new kind is a function here and an entry in `KINDS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from .calendars import BusinessCalendar, ClosedDay, NoOpenDay, business_calendar
from .dates import Context, Expr
from .duty import FISCAL, Catalog, Duty
from .errors import Problem, RuleError
from .profile import Profile

#: How far a closed-day shift can move a date (Golden Week, 年末年始 plus a weekend).
SHIFT_MARGIN = timedelta(days=15)
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class Period:
    """What a task is for: a month, a half-year, a fiscal year, a bonus payday."""

    key: str
    label_ja: str
    label_en: str
    start: date
    end: date

    def label(self, lang: str = "ja") -> str:
        return self.label_ja if lang == "ja" else self.label_en


@dataclass(frozen=True, slots=True)
class Occurrence:
    """A duty's dates for one period, independent of which company it is for."""

    duty: Duty
    period: Period
    nominal: date
    due: date
    closed: tuple[ClosedDay, ...]
    nominal_start: date | None
    start: date | None
    start_closed: tuple[ClosedDay, ...]


#: (duty, profile, start, end) → the duty's occurrences due in [start, end] (the expander's cache).
Occurrences = Callable[[Duty, Profile, date, date], tuple[Occurrence, ...]]


class Run:
    """One duty (its case resolved) expanded for one profile over [start, end]."""

    __slots__ = ("duty", "profile", "values", "calendar", "start", "end", "catalog", "occurrences")

    def __init__(
        self, duty: Duty, profile: Profile, start: date, end: date, catalog: Catalog, occurrences: Occurrences
    ) -> None:
        self.duty, self.profile, self.values = duty, profile, profile.values
        self.calendar: BusinessCalendar = business_calendar(duty.regime, profile.closures)
        self.start, self.end = start, end
        self.catalog, self.occurrences = catalog, occurrences

    def make(self, period: Period, expr: Expr, anchor: date | None, slot: int = 0) -> Occurrence | None:
        """The occurrence for one period (and anchor), or None when it gives no date in the range.

        `slot` is the instalment's index: a year in the duty's `dated` table (dates an authority
        announces each year) gives that date instead of the rule's."""
        duty, cal = self.duty, self.calendar
        ctx = Context(period.start, period.end, self.values, cal, anchor)
        announced = duty.dated.get(period.start.year) if duty.dated else None
        if announced is not None:
            nominal: date | None = announced[slot]
        else:
            nominal = evaluate(duty, expr, ctx, "installments" if duty.installments else "due")
        if nominal is None or not valid_on(duty, nominal):
            return None
        due, closed = cal.shift(nominal, duty.shift)
        if not self.start <= due <= self.end:
            return None
        nstart = sdate = None
        sclosed: tuple[ClosedDay, ...] = ()
        if duty.start is not None:
            nstart = evaluate(duty, duty.start, ctx, "start")
            if nstart is not None:
                sdate, sclosed = cal.shift(nstart, duty.start_shift or duty.shift)
        return Occurrence(duty, period, nominal, due, closed, nstart, sdate, sclosed)


def valid_on(duty: Duty, nominal: date) -> bool:
    """Whether a nominal date lies inside the duty's valid_from / valid_until."""
    return not (duty.valid_from and nominal < duty.valid_from or duty.valid_until and nominal > duty.valid_until)


# -- every: calendar periods -----------------------------------------------------------------------


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    t = y * 12 + (m - 1) + k
    return t // 12, t % 12 + 1


def _month_end(y: int, m: int) -> date:
    ny, nm = _add_months(y, m, 1)
    return date(ny, nm, 1) - timedelta(days=1)


def _period(sy: int, sm: int, length: int, fiscal: bool) -> Period:
    ey, em = _add_months(sy, sm, length - 1)
    start, end = date(sy, sm, 1), _month_end(ey, em)
    if fiscal:
        return Period(f"FY{ey}-{em:02d}", f"{ey}年{em}月期", f"FY ending {MONTHS_EN[em - 1]} {ey}", start, end)
    if length == 1:
        return Period(f"{sy}-{sm:02d}", f"{sy}年{sm}月分", f"{MONTHS_EN[sm - 1]} {sy}", start, end)
    if length == 12 and sm == 1:
        return Period(f"{sy}", f"{sy}年分", f"{sy}", start, end)
    key = f"{sy}-{sm:02d}..{ey}-{em:02d}"
    if sy == ey:
        ja = f"{sy}年{sm}月〜{em}月分"
        en = f"{MONTHS_EN[sm - 1]}–{MONTHS_EN[em - 1]} {sy}"
    else:
        ja = f"{sy}年{sm}月〜{ey}年{em}月分"
        en = f"{MONTHS_EN[sm - 1]} {sy}–{MONTHS_EN[em - 1]} {ey}"
    return Period(key, ja, en, start, end)


#: every → the period's length in months.
_LENGTH = {"month": 1, "quarter": 3, "half-year": 6, "year": 12, "years": 12, "fiscal-year": 12}


def periods(duty: Duty, values: Mapping[str, Any], lo: date, hi: date) -> Iterator[tuple[int, Period]]:
    """(index within the cycle, period) for every period of an `every` duty that overlaps [lo, hi]."""
    every = duty.every or "month"
    fiscal = every == "fiscal-year"
    length = _LENGTH[every]
    first = 1 if every == "month" else duty.starting
    if fiscal or first == FISCAL:
        first = int(values["fiscal_year_end"]) % 12 + 1
    # the period containing lo: step back from lo's month to a start month of the cycle
    back = (lo.month - first) % length
    y, m = _add_months(lo.year, lo.month, -back)
    while date(y, m, 1) <= hi:
        if every != "years" or (y - (duty.since or 0)) % duty.n_years == 0:
            idx = ((m - first) % 12) // length
            yield idx, _period(y, m, length, fiscal)
        y, m = _add_months(y, m, length)


def expand_every(run: Run) -> Iterator[Occurrence]:
    duty = run.duty
    exprs = duty.installments or duty.due
    lag = max(e.lag_days for e in exprs) if exprs else 0
    lo = run.start - SHIFT_MARGIN - timedelta(days=lag)
    for idx, period in periods(duty, run.values, lo, run.end + SHIFT_MARGIN):
        if duty.installments:
            for k, e in enumerate(duty.installments, start=1):
                p = Period(
                    f"{period.key}-{k}",
                    f"{period.label_ja} 第{k}期",
                    f"{period.label_en}, instalment {k}",
                    period.start,
                    period.end,
                )
                if (o := run.make(p, e, None, k - 1)) is not None:
                    yield o
        else:
            e = duty.due[idx] if len(duty.due) > 1 else duty.due[0]
            if (o := run.make(period, e, None)) is not None:
                yield o


# -- for_each: the dates a profile key lists -------------------------------------------------------


def _day_period(d: date) -> Period:
    return Period(
        d.isoformat(), f"{d.year}年{d.month}月{d.day}日分", f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}", d, d
    )


def expand_for_each(run: Run) -> Iterator[Occurrence]:
    duty = run.duty
    reach = timedelta(days=max(e.reach_days for e in duty.due)) + SHIFT_MARGIN
    raw = run.values.get(duty.for_each or "") or []
    mds = [raw] if isinstance(raw, str) else list(raw)
    lo, hi = run.start - reach, run.end + reach
    for y in range(lo.year, hi.year + 1):
        for md in mds:
            mm, dd = (int(x) for x in md.split("-"))
            anchor = date(y, mm, dd)
            if lo <= anchor <= hi and (o := run.make(_day_period(anchor), duty.due[0], anchor)) is not None:
                yield o


# -- relative: the tasks of another duty -----------------------------------------------------------


def expand_relative(run: Run) -> Iterator[Occurrence]:
    duty = run.duty
    base = run.catalog.get(duty.relative_to or "")
    if base is None:
        return
    reach = timedelta(days=max(e.reach_days for e in duty.due)) + SHIFT_MARGIN
    for a in run.occurrences(base, run.profile, run.start - reach, run.end + reach):
        if (o := run.make(a.period, duty.due[0], a.due)) is not None:
            yield o


# -- rrule: RFC 5545 ---------------------------------------------------------------------------------


def expand_rrule(run: Run) -> Iterator[Occurrence]:
    duty = run.duty
    if not duty.rrule:
        return
    dtstart = datetime.combine(rrule_start(duty.rrule, duty.valid_from, run.start), datetime.min.time())
    from dateutil.rrule import rrulestr  # only catalogs with rrule duties pay for dateutil.rrule

    rule = rrulestr(duty.rrule, dtstart=dtstart, cache=False)
    lo = datetime.combine(run.start - SHIFT_MARGIN, datetime.min.time())
    hi = datetime.combine(run.end + SHIFT_MARGIN, datetime.min.time())
    for dt in rule.between(lo, hi, inc=True):
        nominal = dt.date()
        if not valid_on(duty, nominal):
            continue
        due, closed = run.calendar.shift(nominal, duty.shift)
        if run.start <= due <= run.end:
            yield Occurrence(duty, Period(*_rrule_period(nominal)), nominal, due, closed, None, None, ())


def _rrule_period(d: date) -> tuple[str, str, str, date, date]:
    # an rrule occurrence is labelled by its date alone (no 分: it is not "for" the day)
    return d.isoformat(), f"{d.year}年{d.month}月{d.day}日", f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}", d, d


def rrule_start(rule: str, valid_from: date | None, start: date) -> date:
    """Where to start iterating an RRULE: its real DTSTART (valid_from, or 2000-01-01), or — when
    the occurrences cannot depend on DTSTART — the January before the range, so a 2026 query does
    not walk every occurrence since 2000.

    DTSTART only fixes an interval's phase, a COUNT's first occurrence and the fields no BY* part
    gives (the weekday of a WEEKLY rule, the day of a MONTHLY one, the month and day of a YEARLY
    one). With INTERVAL=1, no COUNT and those fields pinned by BY* parts, any earlier start yields
    the same occurrences in the range.
    """
    real = valid_from or date(2000, 1, 1)
    parts: dict[str, str] = {}
    for item in rule.upper().removeprefix("RRULE:").split(";"):
        key, _, value = item.partition("=")
        parts[key.strip()] = value.strip()
    freq = parts.get("FREQ")
    pinned = {
        "DAILY": True,
        "WEEKLY": "BYDAY" in parts,
        "MONTHLY": "BYDAY" in parts or "BYMONTHDAY" in parts,
        "YEARLY": "BYMONTH" in parts and ("BYDAY" in parts or "BYMONTHDAY" in parts),
    }.get(freq or "", False)
    if not pinned or parts.get("INTERVAL", "1") != "1" or "COUNT" in parts:
        return real
    return max(real, date(start.year - 1, 1, 1))


# -- event: the events recorded for the company (bocal.events) -------------------------------------


def expand_event(run: Run) -> Iterable[Occurrence]:
    """One occurrence per recorded event of the duty's kinds, counted from the event's date."""
    from .events.tasks import event_occurrences  # only profiles with events get here

    return event_occurrences(run)


#: kind (Duty.kind) → its expander.
KINDS: dict[str, Callable[[Run], Iterable[Occurrence]]] = {
    "every": expand_every,
    "for_each": expand_for_each,
    "relative": expand_relative,
    "rrule": expand_rrule,
    "event": expand_event,
}


def evaluate(duty: Duty, expr: Expr, ctx: Context, key: str) -> date | None:
    """Evaluate a date expression; a rule that cannot give a date for this period is a located RuleError.

    The grammar accepts "20th business day of next month", but some months have fewer business
    days (May with Golden Week, January with 年末年始): say so, with the file, line, duty and key.
    """
    try:
        return expr.evaluate(ctx)
    except NoOpenDay:
        raise  # the company calendar is broken, not the rule: Expander.expand says so
    except ValueError as e:
        a, b = f"{ctx.period_start:%Y-%m}", f"{ctx.period_end:%Y-%m}"
        raise RuleError(
            Problem(
                f"{expr.text!r} gives no date for the period {a if a == b else a + '..' + b}: {e}",
                path=duty.path,
                line=duty.line_of(key),
                duty=duty.id,
                key=key,
                hint='use "last business day of …" or a smaller number',
            )
        ) from None
