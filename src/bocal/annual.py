"""The 年間スケジュール表: a year of duties as months × areas, the model every annual renderer draws.

A year is a calendar year (1月〜12月) or a fiscal year (the 年度 that starts in the given year, e.g.
2026年度 = 2026年4月〜2027年3月 for a March year-end); any other range of whole months works too. Its
months come in that order, its areas in their fixed order (総務・人事・労務・経理・法務・情報システム,
less those the profile or the caller leaves out), and each cell holds the tasks *due* in that month
for that area, in date order, each with its status and owner from a `StateView` (open when nothing is
stored). Renderers: `annual_text` (terminal), `annual_html` (printable page), `xlsx` (workbook).

Pure: no clock, no I/O. The caller passes the tasks (or an `Expander`), the state and `today`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .calendars import horizon_warning
from .describe import area_name, move_reason
from .errors import Problem, UsageError
from .expand import Expander, Task
from .i18n import t
from .profile import AREAS, Profile
from .state import NO_STATE, StateView, Status, task_key

#: Status words and the status marks after a date are the catalogue's `sheet.status.*` and
#: `sheet.mark.*` entries (open is the blank default).
OVERDUE_MARK = "!"


def marks_legend(lang: str = "ja") -> str:
    """中=対応中 待=待ち 済=完了 外=対象外 !=期限超過: what the marks mean."""
    words = [f"{status_mark(s, lang)}={status_text(s, lang)}" for s in Status if s is not Status.OPEN]
    return " ".join(words) + f"  {OVERDUE_MARK}=" + t("sheet.overdue", lang)


def status_text(status: Status, lang: str = "ja") -> str:
    """未着手 / open, 対応中 / in progress …"""
    return t(f"sheet.status.{status.value}", lang)


def status_mark(status: Status, lang: str = "ja") -> str:
    """The mark after a date: 中 / ~, 済 / ok … ("" for open)."""
    return t(f"sheet.mark.{status.value}", lang)


#: Eras for 和暦 (first day, name); years before 平成 are outside bocal's range (1990–2200).
ERAS: tuple[tuple[date, str], ...] = ((date(2019, 5, 1), "令和"), (date(1989, 1, 8), "平成"))


def wareki(day: date) -> str:
    """The Japanese era year of a day: 令和8年 for 2026, 令和元年 for 2019-05-01, 平成31年 for 2019-04-30."""
    for first, name in ERAS:
        if day >= first:
            n = day.year - first.year + 1
            return f"{name}{'元' if n == 1 else n}年"
    return f"{day.year}年"


def year_span(year: int, fiscal_year_end: int | None = None) -> tuple[date, date]:
    """The calendar year, or the fiscal year (年度) that *starts* in `year` for this year-end month.

    >>> year_span(2026, 3)
    (datetime.date(2026, 4, 1), datetime.date(2027, 3, 31))
    """
    if fiscal_year_end is None or fiscal_year_end == 12:
        return date(year, 1, 1), date(year, 12, 31)
    if not 1 <= fiscal_year_end <= 12:
        raise UsageError(Problem(f"fiscal_year_end {fiscal_year_end} is not a month (1–12)"))
    first = date(year, fiscal_year_end % 12 + 1, 1)
    return first, date(year + 1, fiscal_year_end + 1, 1) - timedelta(days=1)


def months_between(start: date, end: date) -> tuple[tuple[int, int], ...]:
    """(year, month) of every month the range touches, in order."""
    y, m = start.year, start.month
    out: list[tuple[int, int]] = []
    while (y, m) <= (end.year, end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Entry:
    """One task as the annual schedule shows it."""

    task: Task
    status: Status
    #: The assignee stored with the task's state, else the owner of its area in the profile.
    owner: str | None
    #: Open (not finished) and due before today.
    overdue: bool

    @property
    def due(self) -> date:
        return self.task.due

    @property
    def moved(self) -> bool:
        return self.task.moved

    @property
    def window(self) -> tuple[date, date] | None:
        """The filing window (start, due) of a window duty such as 算定基礎届 7/1〜7/10; None otherwise."""
        task = self.task
        return (task.start, task.due) if task.start is not None and task.start != task.due else None

    def weekday(self, lang: str = "ja") -> str:
        return t(f"weekday.{self.due.weekday()}", lang)

    def day_text(self, lang: str = "ja") -> str:
        """10(金) / 10 Fri: the day within its month's row."""
        d = self.due.day
        return t("sheet.day", lang, day=d, weekday=self.weekday(lang))

    def date_text(self, lang: str = "ja") -> str:
        """7/10(金) / Fri 7/10."""
        d = self.due
        return t("sheet.date", lang, month=d.month, day=d.day, weekday=self.weekday(lang))

    def label(self, lang: str = "ja") -> str:
        """The duty's short title (the period is in the task sheet and in `title`)."""
        return self.task.duty.title if lang == "ja" else self.task.duty.title_en

    def short_label(self, lang: str = "ja") -> str:
        """The title without its parenthesised asides, for narrow cells: 社会保険料（健康保険・…）の納付 → 社会保険料の納付."""
        text = self.label(lang)
        short = re.sub(r"（[^（）]*）", "", text) if lang == "ja" else re.sub(r" \([^()]*\)", "", text)
        return short or text

    def title(self, lang: str = "ja") -> str:
        return self.task.title(lang)

    def status_text(self, lang: str = "ja") -> str:
        return status_text(self.status, lang)

    def mark(self, lang: str = "ja") -> str:
        """The status mark, then `!` when overdue: 済, 中!, or "" for an open task not yet due."""
        return status_mark(self.status, lang) + (OVERDUE_MARK if self.overdue else "")

    def move_text(self, lang: str = "ja") -> str | None:
        return move_reason(self.task, lang)

    @property
    def key(self) -> str:
        return task_key(self.task)


@dataclass(frozen=True, slots=True)
class Month:
    year: int
    month: int
    #: One tuple of entries per area of the schedule, in `AnnualSchedule.areas` order.
    cells: tuple[tuple[Entry, ...], ...]

    def label(self, lang: str = "ja", *, with_year: bool = False) -> str:
        name = t(f"month.{self.month}", lang)
        return t("sheet.month_year", lang, year=self.year, month=name) if with_year else name

    @property
    def count(self) -> int:
        return sum(len(c) for c in self.cells)


@dataclass(frozen=True, slots=True)
class AnnualSchedule:
    company: str
    start: date
    end: date
    areas: tuple[str, ...]
    months: tuple[Month, ...]
    #: True when [start, end] is a fiscal year other than the calendar year.
    fiscal: bool = False
    today: date | None = None

    def entries(self) -> list[Entry]:
        """Every entry in date order (then area order), as the task sheet lists them."""
        out = [e for m in self.months for cell in m.cells for e in cell]
        order = {a: i for i, a in enumerate(self.areas)}
        out.sort(key=lambda e: (e.due, order[e.task.area], e.task.duty.id, e.task.period.key))
        return out

    def area_names(self, lang: str = "ja") -> list[str]:
        return [area_name(a, lang) for a in self.areas]

    def title(self, lang: str = "ja", *, wareki_years: bool = False) -> str:
        """「2026年度 年間スケジュール表（2026年4月〜2027年3月）」 and the like."""
        return t("sheet.title", lang, span=self.span_text(lang, wareki_years=wareki_years))

    def span_text(self, lang: str = "ja", *, wareki_years: bool = False) -> str:
        s, e = self.start, self.end
        whole_year = s.day == 1 and e + timedelta(days=1) == date(s.year + 1, s.month, 1)
        if lang != "ja":
            if whole_year and s.month == 1:
                return str(s.year)
            if (s.year, s.month) == (e.year, e.month):
                return f"{s:%b %Y}"
            prefix = f"FY{s.year} " if whole_year else ""
            return f"{prefix}{s:%b %Y}–{e:%b %Y}"

        def y(d: date) -> str:
            return wareki(d) if wareki_years else f"{d.year}年"

        if whole_year and s.month == 1:
            return y(s)
        if (s.year, s.month) == (e.year, e.month):
            return f"{y(s)}{s.month}月"
        months = f"{y(s)}{s.month}月〜{y(e)}{e.month}月"
        if whole_year:
            return f"{y(s).removesuffix('年')}年度（{months}）"
        return months

    def horizon(self, lang: str = "ja") -> str | None:
        """The data-horizon sentence when a date rests on holidays not yet fixed in the 官報."""
        last = max((e.due for e in self.entries()), default=self.end)
        return horizon_warning(self.start, max(self.end, last), lang)

    @property
    def count(self) -> int:
        return sum(m.count for m in self.months)


def build_schedule(
    tasks: Iterable[Task],
    start: date,
    end: date,
    *,
    company: str,
    areas: Sequence[str] | None = None,
    state: StateView = NO_STATE,
    today: date | None = None,
    fiscal: bool = False,
) -> AnnualSchedule:
    """Place tasks due in [start, end] in their month × area cell (tasks outside the range are left out)."""
    if end < start:
        raise UsageError(Problem(f"the range ends ({end}) before it starts ({start})"))
    chosen = tuple(a for a in AREAS if areas is None or a in areas)
    col = {a: i for i, a in enumerate(chosen)}
    months = months_between(start, end)
    row = {ym: i for i, ym in enumerate(months)}
    grid: list[list[list[Entry]]] = [[[] for _ in chosen] for _ in months]
    for task in tasks:
        if not start <= task.due <= end or task.area not in col:
            continue
        st = state.get(task_key(task))
        status = st.status if st is not None else Status.OPEN
        owner = (st.assignee if st is not None else None) or task.owner
        overdue = today is not None and task.due < today and not status.finished
        grid[row[(task.due.year, task.due.month)]][col[task.area]].append(Entry(task, status, owner, overdue))
    out = []
    for (y, m), cells in zip(months, grid, strict=True):
        for cell in cells:
            cell.sort(key=lambda e: (e.due, e.task.duty.id, e.task.period.key))
        out.append(Month(y, m, tuple(tuple(c) for c in cells)))
    return AnnualSchedule(company, start, end, chosen, tuple(out), fiscal, today)


def annual_schedule(
    expander: Expander,
    profile: Profile,
    start: date,
    end: date,
    *,
    areas: Sequence[str] | None = None,
    state: StateView = NO_STATE,
    today: date | None = None,
    fiscal: bool = False,
) -> AnnualSchedule:
    """Expand the profile's duties over [start, end] and lay them out (areas: the profile's, or fewer)."""
    own = [a for a in profile.areas if areas is None or a in areas]
    tasks = expander.expand(profile, start, end, areas=own)
    return build_schedule(tasks, start, end, company=profile.name, areas=own, state=state, today=today, fiscal=fiscal)
