"""Calendar invariants under random company calendars, across year ends, and for business-day arithmetic.

Extends the properties in test_calendars.py (national regimes only) to `company` calendars built from
random closures and working days, to dates around 年末年始 in every year, and to disaster extensions.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bocal.calendars import CONVENTIONS, REGIMES, BusinessCalendar, Closures, business_calendar
from bocal.expand import Task, apply_extension
from bocal.profile import build_profile
from bocal.rules import Duty

D = date
DAY = timedelta(days=1)
PROPS = settings(max_examples=150, deadline=None)

monthdays = st.tuples(st.integers(1, 12), st.integers(1, 28))
closures = st.builds(
    lambda rec, dated, working: Closures(
        {md: "夏季休業" for md in rec}, {d: "創立記念日" for d in dated}, frozenset(working)
    ),
    st.lists(monthdays, max_size=20),
    st.lists(st.dates(D(2024, 1, 1), D(2028, 12, 31)), max_size=20),
    st.lists(st.dates(D(2024, 1, 1), D(2028, 12, 31)), max_size=10),
)
days = st.dates(D(2024, 1, 1), D(2028, 12, 31))
conventions = st.sampled_from(sorted(CONVENTIONS))
regimes = st.sampled_from(sorted(REGIMES))


def year_end_days() -> st.SearchStrategy[date]:
    """12/20 … 1/10 of any year 2000–2040: the days where tax, government and bank calendars differ."""
    return st.builds(lambda y, k: D(y, 12, 20) + timedelta(days=k), st.integers(2000, 2039), st.integers(0, 21))


@PROPS
@given(c=closures, day=days, convention=conventions)
def test_company_calendar_shift_is_open_stable_and_explained(c: Closures, day: date, convention: str) -> None:
    cal = BusinessCalendar("company", c)
    moved, closed = cal.shift(day, convention)
    if convention != "none":
        assert cal.is_open(moved)
        # every day passed over is closed, and all of them are listed
        assert len(closed) == abs((moved - day).days)
    assert cal.shift(moved, convention)[0] == moved
    assert all(not cal.is_open(x.day) for x in closed)


@PROPS
@given(c=closures, day=days)
def test_company_calendar_composes_government_closures_and_working_days(c: Closures, day: date) -> None:
    company, gov = BusinessCalendar("company", c), business_calendar("government")
    if day in c.working:
        assert company.is_open(day)
        return
    if not gov.is_open(day):
        assert not company.is_open(day)  # the government's closed days stay closed
    if c.dated.get(day) or c.recurring.get((day.month, day.day)):
        assert not company.is_open(day)
        reason = company.closed(day)
        assert reason is not None and reason.kind in ("company", "holiday")
    if not c.working:
        # more closed days can only push "following" later and "preceding" earlier
        assert company.following(day) >= gov.following(day)
        assert company.preceding(day) <= gov.preceding(day)


@PROPS
@given(day=year_end_days(), regime=st.sampled_from(["national-tax", "local-tax", "government", "bank"]))
def test_year_end_crossing(day: date, regime: str) -> None:
    cal = business_calendar(regime)
    first_closed = D(day.year if day.month == 12 else day.year - 1, 12, 31 if regime == "bank" else 29)
    jan3 = D(first_closed.year + 1, 1, 3)
    if first_closed <= day <= jan3:
        assert not cal.is_open(day)
        nxt = cal.following(day)
        prev = cal.preceding(day)
        assert nxt > jan3 and nxt.year == jan3.year and nxt.month == 1  # never lands inside 年末年始
        assert prev < first_closed and prev.month == 12
        moved, closed = cal.shift(day, "following")
        assert {x.kind for x in closed} <= {"year-end", "holiday", "weekend"}
        assert any(x.kind == "year-end" or x.day.month == 1 and x.day.day == 1 for x in closed)
    elif day < first_closed and cal.following(day) >= first_closed:
        assert cal.following(day) > jan3  # a move that reaches 年末年始 crosses all of it


@PROPS
@given(c=closures, day=days, n=st.integers(-40, 40))
def test_business_day_arithmetic_on_company_calendars(c: Closures, day: date, n: int) -> None:
    cal = BusinessCalendar("company", c)
    later = cal.add_business_days(day, n)
    if n == 0:
        assert later == day
        return
    assert cal.is_open(later)
    lo, hi = (day + DAY, later) if n > 0 else (later, day - DAY)
    assert cal.count_business_days(lo, hi) == abs(n)
    # going back the same number of open days returns to the first open day on the way
    start = cal.following(day) if n > 0 else cal.preceding(day)
    if start == day:
        assert cal.add_business_days(later, -n) == day


@PROPS
@given(c=closures, year=st.integers(2024, 2028), month=st.integers(1, 12), k=st.integers(1, 23))
def test_nth_and_last_business_day(c: Closures, year: int, month: int, k: int) -> None:
    cal = BusinessCalendar("company", c)
    first = D(year, month, 1)
    total = cal.count_business_days(first, (first + timedelta(days=32)).replace(day=1) - DAY)
    if k > total:
        try:
            cal.nth_business_day(year, month, k)
        except ValueError:
            return
        raise AssertionError("expected ValueError")
    d = cal.nth_business_day(year, month, k)
    assert d.month == month and cal.is_open(d) and cal.count_business_days(first, d) == k
    if total:
        last = cal.last_business_day(year, month)
        assert cal.nth_business_day(year, month, total) == last


DUTY = Duty(id="wt", title="t", title_en="t", area="accounting", kind="every", due=(), basis="x", regime="national-tax")


@PROPS
@given(
    due=days,
    span=st.tuples(days, st.integers(0, 200), st.integers(0, 200)),
    regimes_=st.lists(regimes, max_size=2, unique=True),
    duties_=st.lists(st.sampled_from(["wt", "other"]), max_size=2, unique=True),
    shift=conventions,
)
def test_extensions_only_move_deadlines_later_onto_open_days(
    due: date, span: tuple[date, int, int], regimes_: list[str], duties_: list[str], shift: str
) -> None:
    start, length, extra = span
    end = start + timedelta(days=length)
    until = end + timedelta(days=extra)
    ext = {"from": start, "to": end, "until": until, "note": "延長", "regimes": regimes_, "duties": duties_}
    if not regimes_ and not duties_:
        ext["regimes"] = ["national-tax"]
    profile = build_profile({"extension": [ext]}, path=None)
    duty = Duty(**{**DUTY.__dict__, "shift": shift})
    task = Task(duty, None, due, due, (), None, None, (), "c", "d", None)  # type: ignore[arg-type]
    moved = apply_extension(task, profile)
    cal = business_calendar("national-tax")
    target = cal.shift(until, shift)[0]
    covered = start <= due <= end and ("national-tax" in ext["regimes"] or "wt" in ext["duties"]) and until > due
    assert (moved.extension is not None) == (covered and target > due)
    if moved.extension is not None:
        assert moved.due == target > due  # later, never earlier
        assert moved.nominal == due and moved.closed[: len(task.closed)] == task.closed
        if shift != "none":
            assert cal.is_open(moved.due)
    else:
        assert moved is task
