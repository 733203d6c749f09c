"""The precomputed holiday table says exactly what jpholiday says, year by year."""

from __future__ import annotations

import jpholiday

from bocal import calendars
from bocal.holiday_table import FIRST, LAST, YEARS


def test_table_equals_jpholiday_for_every_year() -> None:
    assert sorted(YEARS) == list(range(FIRST, LAST + 1))
    for year in range(FIRST, LAST + 1):
        calendars.national_holidays.cache_clear()
        assert calendars.national_holidays(year) == dict(jpholiday.year_holidays(year)), year


def test_years_outside_the_table_still_come_from_jpholiday() -> None:
    calendars.national_holidays.cache_clear()
    assert calendars.national_holidays(LAST + 1) == dict(jpholiday.year_holidays(LAST + 1))
