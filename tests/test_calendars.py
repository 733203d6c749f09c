"""Business calendars: closed days and moves derived by hand from the law and the 2025–2027 calendar."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bocal.calendars import (
    CONVENTIONS,
    REGIMES,
    Closures,
    business_calendar,
    is_provisional,
    national_holidays,
)

D = date


def test_2026_holidays_include_substitute_and_citizens_holiday() -> None:
    h = national_holidays(2026)
    # 5/3 憲法記念日 is a Sunday → 振替休日 on 5/6 (5/4, 5/5 are holidays themselves)
    assert D(2026, 5, 6) in h and "振替休日" in h[D(2026, 5, 6)]
    # 9/21 敬老の日 and 9/23 秋分の日 sandwich 9/22 → 国民の休日
    assert h[D(2026, 9, 22)] == "国民の休日"
    assert h[D(2026, 1, 12)] == "成人の日"  # second Monday of January


def test_year_end_differs_by_regime() -> None:
    tax, bank = business_calendar("national-tax"), business_calendar("bank")
    # 2025-12-29 (Mon) and 12-30 (Tue): closed for tax offices, open for banks
    for d in (D(2025, 12, 29), D(2025, 12, 30)):
        assert not tax.is_open(d)
        assert bank.is_open(d)
    # 12/31 and 1/2–1/3 are closed for both
    for d in (D(2025, 12, 31), D(2026, 1, 2)):
        assert not tax.is_open(d) and not bank.is_open(d)


def test_december_2025_withholding_moves_to_january_13() -> None:
    # 1/10 is a Saturday, 1/11 a Sunday, 1/12 成人の日 → 1/13 (国税通則法10条2項)
    cal = business_calendar("national-tax")
    due, closed = cal.shift(D(2026, 1, 10), "following")
    assert due == D(2026, 1, 13)
    assert [c.day for c in closed] == [D(2026, 1, 10), D(2026, 1, 11), D(2026, 1, 12)]
    assert [c.kind for c in closed] == ["weekend", "weekend", "holiday"]
    assert closed[2].name_ja == "成人の日"


def test_bank_premiums_due_new_years_eve_move_past_the_new_year() -> None:
    # 2025-12-31 (Wed) bank closed, 1/1–1/3 closed, 1/4 Sunday → 2026-01-05 (Mon)
    assert business_calendar("bank").shift(D(2025, 12, 31), "following")[0] == D(2026, 1, 5)
    # 2026-12-31 (Thu) → 1/1 Fri, 1/2 Sat, 1/3 Sun → 2027-01-04 (Mon)
    assert business_calendar("bank").shift(D(2026, 12, 31), "following")[0] == D(2027, 1, 4)


def test_golden_week_chain() -> None:
    cal = business_calendar("government")
    # 2026-05-02 Sat … 5/6 振替休日 (Wed) → 5/7 Thu; backwards → 5/1 Fri
    assert cal.following(D(2026, 5, 2)) == D(2026, 5, 7)
    assert cal.preceding(D(2026, 5, 6)) == D(2026, 5, 1)


def test_modified_conventions_stay_in_the_month() -> None:
    cal = business_calendar("bank")
    # 2026-05-31 is a Sunday: following → 6/1, modified-following → 5/29 (Fri)
    assert cal.shift(D(2026, 5, 31), "following")[0] == D(2026, 6, 1)
    assert cal.shift(D(2026, 5, 31), "modified-following")[0] == D(2026, 5, 29)
    # 2026-11-01 is a Sunday: preceding → 10/30 (Fri), modified-preceding → 11/2 (Mon)
    assert cal.shift(D(2026, 11, 1), "preceding")[0] == D(2026, 10, 30)
    assert cal.shift(D(2026, 11, 1), "modified-preceding")[0] == D(2026, 11, 2)


def test_business_day_arithmetic() -> None:
    cal = business_calendar("government")
    # January 2026: 1/1–1/3 closed, 1/4 Sunday → 1st business day 1/5, 5th 1/9, 1/12 成人の日
    assert cal.nth_business_day(2026, 1, 1) == D(2026, 1, 5)
    assert cal.nth_business_day(2026, 1, 5) == D(2026, 1, 9)
    assert cal.nth_business_day(2026, 1, 6) == D(2026, 1, 13)
    # last business day of December 2026 for the government calendar: 12/28 (Mon); 12/29– closed
    assert cal.last_business_day(2026, 12) == D(2026, 12, 28)
    assert business_calendar("bank").last_business_day(2026, 12) == D(2026, 12, 30)
    # 3 business days after Friday 2026-04-24: 4/27 Mon, 4/28 Tue, (4/29 昭和の日) 4/30 Thu
    assert cal.add_business_days(D(2026, 4, 24), 3) == D(2026, 4, 30)
    assert cal.add_business_days(D(2026, 4, 30), -3) == D(2026, 4, 24)
    with pytest.raises(ValueError):
        cal.nth_business_day(2026, 5, 23)  # May 2026 has only 18 business days


def test_company_closures_and_working_days() -> None:
    closures = Closures(
        recurring={(8, 13): "夏季休業", (8, 14): "夏季休業"},
        dated={D(2026, 10, 2): "創立記念日"},
        working=frozenset({D(2026, 11, 23)}),
    )
    cal = business_calendar("company", closures)
    assert cal.closed(D(2026, 8, 13)).name_ja == "夏季休業"  # type: ignore[union-attr]
    assert not cal.is_open(D(2026, 10, 2))
    assert cal.is_open(D(2026, 11, 23))  # 勤労感謝の日, declared a working day
    # other regimes ignore company closures
    assert business_calendar("government", closures).is_open(D(2026, 8, 13))


def test_provisional_years() -> None:
    from bocal.calendars import LAST_OFFICIAL_YEAR as LAST

    # the last year whose equinoxes are in the 官報 (2027, published 2026-02-02) is fixed; the next is not
    assert not is_provisional(LAST)
    assert not is_provisional(2025)
    assert is_provisional(LAST + 1)
    assert is_provisional(LAST + 10)


# -- properties -------------------------------------------------------------------------------------

days = st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 12, 31))
regimes = st.sampled_from(sorted(REGIMES))
conventions = st.sampled_from(sorted(CONVENTIONS))


@settings(max_examples=300, deadline=None)
@given(day=days, regime=regimes, convention=conventions)
def test_shifted_date_is_open_and_stable(day: date, regime: str, convention: str) -> None:
    cal = business_calendar(regime)
    moved, closed = cal.shift(day, convention)
    if convention != "none":
        assert cal.is_open(moved)
    assert cal.shift(moved, convention)[0] == moved  # shifting twice changes nothing
    assert all(not cal.is_open(c.day) for c in closed)
    # a move passes over at least the nominal day; no move passes over nothing
    assert (closed == ()) == (moved == day)
    if closed:
        assert closed[0].day == day


@settings(max_examples=300, deadline=None)
@given(day=days, regime=regimes)
def test_preceding_le_day_le_following(day: date, regime: str) -> None:
    cal = business_calendar(regime)
    assert cal.preceding(day) <= day <= cal.following(day)
    assert (cal.preceding(day) == day) == cal.is_open(day)
    # nothing open strictly between preceding(d) and d
    d = cal.preceding(day) + timedelta(days=1)
    while d < day:
        assert not cal.is_open(d)
        d += timedelta(days=1)


@settings(max_examples=300, deadline=None)
@given(day=days, regime=regimes, convention=st.sampled_from(["modified-following", "modified-preceding"]))
def test_modified_conventions_never_leave_the_month(day: date, regime: str, convention: str) -> None:
    moved, _ = business_calendar(regime).shift(day, convention)
    assert (moved.year, moved.month) == (day.year, day.month)


@settings(max_examples=200, deadline=None)
@given(day=days, regime=regimes, n=st.integers(min_value=1, max_value=30))
def test_adding_then_subtracting_business_days(day: date, regime: str, n: int) -> None:
    cal = business_calendar(regime)
    start = cal.following(day)
    later = cal.add_business_days(start, n)
    assert cal.is_open(later) and later > start
    assert cal.count_business_days(start + timedelta(days=1), later) == n
    assert cal.add_business_days(later, -n) == start
