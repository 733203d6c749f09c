"""The dates of a profile: month-days ("07-10"), dates and date ranges, and the company closures.

Every date a profile holds enters through `parse_date` (a TOML date or "YYYY-MM-DD", never a
date-time, always in the supported years of `bounds`); closures are recurring month-days or dated
days, and `closed_too_long` refuses closures that, with 年末年始, close the company for a year.
"""

from __future__ import annotations

import calendar as _cal
import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from .bounds import check_date
from .textsafe import control_problem


def one_line(text: str) -> str:
    """`text`, or ValueError when it is not one line of plain text (a name shown in calendars)."""
    message = control_problem(text, newlines=False)
    if message:
        raise ValueError(message)
    return text


_MD = re.compile(r"^(\d{1,2})-(\d{1,2})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_monthday(text: str) -> tuple[int, int]:
    """ "07-10" → (7, 10); rejects impossible dates (02-30) and 02-29, which is not yearly."""
    m = _MD.match(text.strip()) if isinstance(text, str) else None
    if not m:
        if isinstance(text, date):  # a TOML date: the year is one too many
            raise ValueError(f'expected a month-day such as "07-10" (a string, no year), got {text.isoformat()}')
        raise ValueError(f'expected a month-day such as "07-10", got {text!r}')
    month, day = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r}: month must be 1–12")
    if month == 2 and day == 29:
        raise ValueError(f"{text!r}: 02-29 does not occur every year")
    if not 1 <= day <= _cal.monthrange(2025, month)[1]:
        raise ValueError(f"{text!r}: there is no day {day} in month {month}")
    return month, day


def parse_date(text: Any) -> date:
    """Every date of a profile enters here: a TOML date or "YYYY-MM-DD", in the supported years."""
    if isinstance(text, datetime):
        raise ValueError(f"expected a date such as 2026-08-13 without a time, got {text.isoformat()}")
    if isinstance(text, date):
        return check_date(text)
    m = _YMD.match(str(text).strip())
    if not m:
        raise ValueError(f"expected a date such as 2026-08-13, got {text!r}")
    try:
        day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise ValueError(f"{text!r} is not a real date") from None
    return check_date(day)


def dated_days(item: Any) -> list[date]:
    """A date or a range "2026-08-13..2026-08-16" as the list of its days."""
    if isinstance(item, str) and ".." in item:
        a, b = (parse_date(x) for x in item.split("..", 1))
        if b < a:
            raise ValueError(f"{item!r}: the range ends before it starts")
        if (b - a).days > 366:
            raise ValueError(f"{item!r}: a range longer than a year")
        return [a + timedelta(days=i) for i in range((b - a).days + 1)]
    return [parse_date(item)]


def add_closure(item: Any, recurring: dict[tuple[int, int], str], dated: dict[date, str]) -> None:
    """A closure: "08-13..08-16" or "12-28" (every year), a date or date range, or {on, name}."""
    name = "会社休業日"
    if isinstance(item, dict):
        unknown = set(item) - {"on", "name"}
        if unknown or "on" not in item:
            raise ValueError(
                'a closure table needs "on" (and optionally "name"), e.g. {on = "08-13..08-16", name = "夏季休業"}'
            )
        name = one_line(str(item.get("name") or name))
        item = item["on"]
    if isinstance(item, date):
        dated[parse_date(item)] = name
        return
    if not isinstance(item, str):
        raise ValueError(f"a closure must be a string or a date, got {item!r}")
    text = item.strip()
    if _YMD.match(text.split("..")[0].strip()):
        for d in dated_days(text):
            dated[d] = name
        return
    if ".." in text:
        a, b = (parse_monthday(x) for x in text.split("..", 1))
        if b < a:
            raise ValueError(f"{text!r}: a recurring range must not cross the year end; split it in two")
        first, last = date(2025, *a), date(2025, *b)  # a common year: 02-29 is never a recurring closure
        for i in range((last - first).days + 1):
            d = first + timedelta(days=i)
            recurring[(d.month, d.day)] = name
        return
    recurring[parse_monthday(text)] = name


def closed_too_long(
    recurring: Mapping[tuple[int, int], str], dated: Mapping[date, str], working: set[date]
) -> str | None:
    """Why these closures close the company for a whole year or more (with 年末年始 12/29–1/3), or None.

    Deadlines that move to the next open day need one: a calendar closed for good would send the
    search for it to the end of time. Weekends and holidays are left to the calendar's own bound."""
    year_end = {(12, 29), (12, 30), (12, 31), (1, 1), (1, 2), (1, 3)}
    if len(set(recurring) | year_end) >= 365:
        return "closes every day of the year (with 年末年始 12/29–1/3)"
    years = sorted({d.year for d in dated})
    run_start: date | None = None
    previous: date | None = None
    for d in _days_of(years):
        closed = d not in working and (d in dated or (d.month, d.day) in recurring or (d.month, d.day) in year_end)
        if not closed:
            run_start = None
        else:
            if run_start is None or previous is None or (d - previous).days != 1:
                run_start = d
            if (d - run_start).days >= 365:
                return f"closes every day from {run_start} to {d} (a year or more)"
        previous = d
    return None


def _days_of(years: list[int]) -> Iterator[date]:
    """Every day of the given years and the year either side, in order (each day once)."""
    wanted = sorted({y + k for y in years for k in (-1, 0, 1)})
    for y in wanted:
        first = date(y, 1, 1)
        for i in range(366 if _cal.isleap(y) else 365):
            yield first + timedelta(days=i)
