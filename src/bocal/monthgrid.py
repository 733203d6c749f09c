"""A month as a `cal`-style grid for `bocal month`, deadline days and closed days marked.

     2026年7月
 日  月  火  水  木  金  土
              1   2   3   4
  5   6   7*  8   9  10* 11
 …
Each day takes four cells: the day right-aligned in three, then a mark — `*` a deadline, `+` a
closed weekday (holiday, 年末年始, company closure). Weeks start on Sunday as Japanese wall calendars
do (`monday=True` for Monday). With colour: Sundays and holidays red, Saturdays blue, deadline days
reversed, today underlined.
"""

from __future__ import annotations

import calendar as _cal
from collections.abc import Collection
from datetime import date

from .calendars import BusinessCalendar, format_md
from .i18n import t
from .render import pad, width

CELL = 4


def render_grid(
    year: int,
    month: int,
    cal: BusinessCalendar,
    deadlines: Collection[date],
    *,
    today: date | None = None,
    lang: str = "ja",
    color: bool = False,
    monday: bool = False,
) -> str:
    ja = lang == "ja"
    first = 0 if monday else 6
    order = [(first + i) % 7 for i in range(7)]  # date.weekday() numbers, Monday = 0
    names = [t(f"weekday_short.{w}", lang) for w in order]
    title = t("grid.title", lang, year=year, month=t(f"month_long.{month}", lang))
    total = CELL * 7
    lines = [" " * max(0, (total - width(title)) // 2) + title]
    lines.append("".join(" " * (CELL - 1 - width(n)) + n + " " for n in names).rstrip())
    weeks = _cal.Calendar(firstweekday=first).monthdatescalendar(year, month)
    closed_weekdays = []
    for week in weeks:
        cells = []
        for d in week:
            if d.month != month:
                cells.append(" " * CELL)
                continue
            reason = cal.closed(d)
            is_deadline = d in deadlines
            mark = "*" if is_deadline else ("+" if reason is not None and reason.kind != "weekend" else " ")
            if reason is not None and reason.kind != "weekend":
                closed_weekdays.append(reason)
            text = f"{d.day:>{CELL - 1}}"
            if color:
                codes = []
                if d.weekday() == 6 or (reason is not None and reason.kind != "weekend"):
                    codes.append("31")
                elif d.weekday() == 5:
                    codes.append("34")
                if is_deadline:
                    codes.append("7")
                if today == d:
                    codes.append("4")
                if codes:
                    text = " " * (CELL - 1 - len(str(d.day))) + f"\x1b[{';'.join(codes)}m{d.day}\x1b[0m"
            cells.append(text + mark)
        lines.append("".join(cells).rstrip())
    lines.append(t("grid.legend", lang))
    for c in closed_weekdays:
        lines.append(f"  {pad(format_md(c.day, lang), 9 if ja else 10)} {c.label(lang)}")
    return "\n".join(lines) + "\n"
