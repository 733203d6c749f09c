"""The year as an Excel workbook: a 年間スケジュール sheet (months × areas) and a task sheet (one row a task).

Written with XlsxWriter rather than openpyxl. `bench/bench_xlsx.py` writes the same workbook for a
1,070-task year (5 companies, 6 sheets) with both: XlsxWriter took 116 ms and wrote 70 KiB, openpyxl
525 ms and 123 KiB (peak memory 3.3 vs 4.7 MiB; numbers in the README). XlsxWriter is also a single
pure-Python package with no dependencies, and it only writes — which is all bocal needs. openpyxl stays a test dependency: the tests read every workbook back with
it, and with python-calamine (an independent reader in Rust).

What the workbook holds:

- 年間スケジュール (one per client, or one for the whole office): a title, the legend, then a row per
  month (fiscal order) and a column per area; each cell lists「7/10(金) 算定基礎届の提出 済〔佐藤〕」.
- タスク一覧: 期限 (a real Excel date), 曜日, 区分, 業務, 期間, 担当, 状態, 根拠, 本来の期限, 移動の理由,
  受付開始, 提出先, キー — with an autofilter and a frozen header row (and 顧問先 first for an office).
- Both print on A4 landscape, fitted to the page width, the header row repeated on every page.

Every text is written with `write_string`, and the workbook is opened with formula, URL and number
conversion off: a company name or note starting with `=` stays text, never a formula. The file's
creation time is the schedule's first day, so two runs with the same inputs give identical bytes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .annual import AnnualSchedule, Entry, build_schedule, marks_legend
from .describe import area_name
from .errors import Problem, UsageError
from .i18n import t
from .profile import AREAS
from .render import width

HEADERS = {
    "ja": ("期限", "曜日", "区分", "業務", "期間", "担当", "状態", "根拠", "本来の期限", "移動の理由", "受付開始", "提出先", "キー"),
    "en": ("Due", "Day", "Area", "Task", "Period", "Owner", "Status", "Basis", "Nominal date", "Moved because",
           "Window opens", "Submit to", "Key"),
}  # fmt: skip
CLIENT_HEADER = {"ja": "顧問先", "en": "Client"}
COLUMN_WIDTHS = (11, 5, 9, 44, 18, 12, 8, 28, 11, 40, 11, 22, 36)
SHEET_NAMES = {"ja": ("年間スケジュール", "タスク一覧"), "en": ("Annual schedule", "Tasks")}
A4 = 9
#: Dates shown in the Japanese era (令和8年7月10日), still real dates underneath (Excel and LibreOffice).
WAREKI_DATE = '[$-411]ggge"年"m"月"d"日"'
AREA_COLUMN = 34  # characters ('0' widths) of an area column in the schedule sheet
LINE_HEIGHT = 12.0  # points per line at the 9 pt font
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True, slots=True)
class Layout:
    """Which schedule sheets: one per client (`client`), or one for the whole office (`office`)."""

    sheets: str = "client"

    def __post_init__(self) -> None:
        if self.sheets not in ("client", "office"):
            raise UsageError(Problem(f"unknown sheet layout {self.sheets!r}", hint="client or office"))


def sheet_name(name: str, taken: set[str]) -> str:
    """A legal, unique Excel sheet name: no []:*?/\\, no leading/trailing ', at most 31 characters."""
    base = FORBIDDEN.sub("_", name).strip("'").strip() or "sheet"
    candidate, n = base[:31], 1
    while candidate.casefold() in taken:
        n += 1
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
    taken.add(candidate.casefold())
    return candidate


def entry_text(e: Entry, lang: str, client: str | None = None) -> str:
    """「7/10(金)* 算定基礎届の提出 済 〔佐藤〕」, with the client first on an office sheet."""
    parts = [e.date_text(lang) + ("*" if e.moved else "")]
    if client:
        parts.append(f"{client}:")
    parts.append(e.label(lang))
    if e.mark(lang):
        parts.append(e.mark(lang))
    if e.owner:
        parts.append(t("sheet.owner", lang, owner=e.owner))
    return " ".join(parts)


def _lines(text: str, chars: int) -> int:
    """How many lines a wrapped line of text takes in a column `chars` wide (a wide character = 2)."""
    return max(1, -(-width(text) // max(chars - 1, 1)))


class _Writer:
    def __init__(self, buffer: io.BytesIO, lang: str, created: date, *, wareki: bool = False) -> None:
        import xlsxwriter  # only the workbook pays for it

        self.lang = lang
        self.book = xlsxwriter.Workbook(
            buffer,
            {
                "in_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "default_date_format": "yyyy/mm/dd",
            },
        )
        self.book.set_properties({"created": datetime(created.year, created.month, created.day)})
        self.taken: set[str] = set()
        font = {"font_name": t("sheet.font", lang), "font_size": 9}
        self.f_title = self.book.add_format({**font, "bold": True, "font_size": 14})
        self.f_note = self.book.add_format({**font, "font_color": "#444444"})
        self.f_head = self.book.add_format(
            {**font, "bold": True, "bg_color": "#EEEEEE", "border": 1, "align": "center", "valign": "vcenter"}
        )
        self.f_month = self.book.add_format({**font, "bold": True, "border": 1, "valign": "top", "align": "center"})
        self.f_cell = self.book.add_format({**font, "border": 1, "valign": "top", "text_wrap": True})
        self.f_text = self.book.add_format(font)
        self.f_date = self.book.add_format({**font, "num_format": WAREKI_DATE if wareki else "yyyy/mm/dd"})

    def _print_setup(self, ws: Any, header_row: int, columns: int) -> None:
        ws.set_landscape()
        ws.set_paper(A4)
        ws.fit_to_pages(1, 0)  # the page width; as many pages down as needed
        ws.repeat_rows(header_row)
        ws.set_margins(left=0.3, right=0.3, top=0.4, bottom=0.5)
        ws.center_horizontally()
        ws.set_footer("&C&P / &N")
        ws.print_area(0, 0, ws.dim_rowmax if ws.dim_rowmax is not None else header_row, columns - 1)

    def schedule_sheet(
        self, name: str, schedule: AnnualSchedule, *, wareki: bool, clients: Mapping[str, str] | None = None
    ) -> None:
        lang = self.lang
        ws = self.book.add_worksheet(sheet_name(name, self.taken))
        n = len(schedule.areas)
        ws.set_column(0, 0, 8)
        ws.set_column(1, n, AREA_COLUMN)
        ws.write_string(0, 0, f"{schedule.title(lang, wareki_years=wareki)} — {schedule.company}", self.f_title)
        ws.write_string(1, 0, "* " + t("sheet.moved_note", lang), self.f_note)
        ws.write_string(1, 1, marks_legend(lang), self.f_note)
        horizon = schedule.horizon(lang)
        if horizon:
            ws.write_string(2, 0, horizon, self.f_note)
        head = 3
        ws.write_string(head, 0, t("sheet.month", lang), self.f_head)
        for j, a in enumerate(schedule.area_names(lang)):
            ws.write_string(head, 1 + j, a, self.f_head)
        for i, m in enumerate(schedule.months):
            r = head + 1 + i
            label = m.label(lang, with_year=i == 0 or m.month == 1)
            ws.write_string(r, 0, label, self.f_month)
            tallest = 1
            for j, cell in enumerate(m.cells):
                texts = [entry_text(e, lang, clients.get(e.task.company) if clients else None) for e in cell]
                ws.write_string(r, 1 + j, "\n".join(texts), self.f_cell)
                tallest = max(tallest, sum(_lines(t, AREA_COLUMN) for t in texts))
            ws.set_row(r, LINE_HEIGHT * tallest + 3)
        self._print_setup(ws, head, n + 1)

    def task_sheet(self, schedules: Sequence[AnnualSchedule], clients: Mapping[str, str] | None) -> None:
        lang = self.lang
        ws = self.book.add_worksheet(sheet_name(SHEET_NAMES[lang][1], self.taken))
        headers = list(HEADERS[lang])
        widths = list(COLUMN_WIDTHS)
        if clients is not None:
            headers.insert(0, CLIENT_HEADER[lang])
            widths.insert(0, 20)
        for c, (h, w) in enumerate(zip(headers, widths, strict=True)):
            ws.set_column(c, c, w)
            ws.write_string(0, c, h, self.f_head)
        r = 0
        for schedule in schedules:
            for e in schedule.entries():
                r += 1
                self._task_row(ws, r, e, clients)
        ws.autofilter(0, 0, max(r, 1), len(headers) - 1)
        ws.freeze_panes(1, 1 if clients is not None else 0)
        self._print_setup(ws, 0, len(headers))

    def _task_row(self, ws: Any, r: int, e: Entry, clients: Mapping[str, str] | None) -> None:
        t, lang = e.task, self.lang
        c0 = 0
        if clients is not None:
            ws.write_string(r, 0, clients.get(t.company, t.company), self.f_text)
            c0 = 1
        dt = self.f_date
        ws.write_datetime(r, c0, datetime(t.due.year, t.due.month, t.due.day), dt)
        texts = (
            e.weekday(lang),
            area_name(t.area, lang),
            e.title(lang),
            t.period.label(lang),
            e.owner or "",
            e.status_text(lang),
            t.duty.basis,
        )
        for k, text in enumerate(texts, start=c0 + 1):
            if text:  # an empty cell, not an empty string (the autofilter lists it as blank)
                ws.write_string(r, k, text, self.f_text)
        if t.moved:
            ws.write_datetime(r, c0 + 8, datetime(t.nominal.year, t.nominal.month, t.nominal.day), dt)
            ws.write_string(r, c0 + 9, e.move_text(lang) or "", self.f_text)
        if e.window:
            s = e.window[0]
            ws.write_datetime(r, c0 + 10, datetime(s.year, s.month, s.day), dt)
        if t.duty.submit_to:
            ws.write_string(r, c0 + 11, t.duty.submit_to, self.f_text)
        ws.write_string(r, c0 + 12, e.key, self.f_text)


def workbook_bytes(
    schedules: Sequence[AnnualSchedule],
    lang: str = "ja",
    *,
    wareki: bool = False,
    clients: Mapping[str, str] | None = None,
    layout: Layout = Layout(),
) -> bytes:
    """The workbook for one company (one schedule) or an office (one schedule per client).

    `clients` maps company ids to the names shown (an office: adds the 顧問先 column, and names the
    client sheets); with `Layout("office")` the clients share one schedule sheet."""
    if not schedules:
        raise UsageError(Problem("nothing to write: no company or client was chosen"))
    first = schedules[0]
    buffer = io.BytesIO()
    w = _Writer(buffer, lang, first.start, wareki=wareki)
    title = SHEET_NAMES[lang][0]
    if clients is None:
        for s in schedules:
            w.schedule_sheet(title, s, wareki=wareki)
    elif layout.sheets == "office":
        w.schedule_sheet(title, office_schedule(schedules, lang), wareki=wareki, clients=clients)
    else:
        for s in schedules:
            w.schedule_sheet(s.company, s, wareki=wareki)
    w.task_sheet(schedules, clients)
    w.book.close()
    return buffer.getvalue()


def office_schedule(schedules: Sequence[AnnualSchedule], lang: str = "ja") -> AnnualSchedule:
    """Every client's tasks in one schedule, for the office sheet.

    Its range covers every client's: with --fiscal, clients with other year-ends widen it."""
    first = schedules[0]
    entries = [e for s in schedules for e in s.entries()]
    state = _EntryState(entries)
    name = t("sheet.office_all", lang)
    return build_schedule(
        [e.task for e in entries],
        min(s.start for s in schedules),
        max(s.end for s in schedules),
        company=name,
        areas=[a for a in AREAS if any(a in s.areas for s in schedules)],
        state=state,
        today=first.today,
        fiscal=first.fiscal,
    )


class _EntryState:
    """A StateView over entries already resolved (their status and owner kept as they were)."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        from .state import TaskState

        self._states = {e.key: TaskState(e.key, e.status, e.owner) for e in entries}

    def get(self, key: str) -> Any:
        return self._states.get(key)

    def version(self) -> str:
        return "0"
