#!/usr/bin/env python3
"""XlsxWriter or openpyxl for `bocal export --format xlsx`: the same workbook written by both, side by side.

    python bench/bench_xlsx.py [--tasks 1000] [--runs 5]

The workbook is bocal's: one 年間スケジュール sheet per company (months × areas, wrapped multi-line
cells, row heights) and one タスク一覧 sheet (one row a task, 14 columns with the company, real dates,
autofilter, frozen header), both on A4 landscape fitted to the page width. The tasks are a fiscal
year of the bundled catalog for as many copies of the default company as it takes to reach --tasks.
XlsxWriter runs bocal's own writer (`bocal.xlsx.workbook_bytes`); openpyxl runs the same layout
written here with its API (normal mode: write-only mode cannot set the print titles or the frozen
header the task sheet needs). Both workbooks are read back with openpyxl and must hold the same task
rows. Reported: best-of-N time, file size, peak Python memory (tracemalloc, a separate run).
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import sys
import tracemalloc
from datetime import date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from benchutil import best, machine  # noqa: E402

from bocal.annual import AnnualSchedule, annual_schedule, marks_legend, year_span  # noqa: E402
from bocal.describe import area_name  # noqa: E402
from bocal.expand import Expander  # noqa: E402
from bocal.profile import default_profile  # noqa: E402
from bocal.rules import load_catalog  # noqa: E402
from bocal.xlsx import (  # noqa: E402
    AREA_COLUMN,
    CLIENT_HEADER,
    COLUMN_WIDTHS,
    HEADERS,
    LINE_HEIGHT,
    SHEET_NAMES,
    entry_text,
    sheet_name,
    workbook_bytes,
)


def schedules_for(tasks: int) -> tuple[list[AnnualSchedule], dict[str, str]]:
    expander = Expander(load_catalog([], bundled=True))
    base = default_profile()
    out: list[AnnualSchedule] = []
    names: dict[str, str] = {}
    i = 0
    while sum(s.count for s in out) < tasks:
        i += 1
        values = dict(base.values)
        values["name"] = f"株式会社サンプル{i:03d}"
        profile = dataclasses.replace(base, values=values, company_id=f"c{i:03d}")
        s = annual_schedule(expander, profile, *year_span(2026, 3), today=date(2026, 7, 1), fiscal=True)
        out.append(s)
        names[profile.company_id] = profile.name
    return out, names


def with_openpyxl(schedules: list[AnnualSchedule], names: dict[str, str], lang: str = "ja") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.properties import PageSetupProperties

    book = Workbook()
    book.remove(book.active)
    font = Font(name="Yu Gothic", size=9)
    bold = Font(name="Yu Gothic", size=9, bold=True)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="EEEEEE")
    wrap = Alignment(wrap_text=True, vertical="top")
    taken: set[str] = set()

    def print_setup(ws: Any, title_row: int) -> None:
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.print_title_rows = f"{title_row}:{title_row}"
        ws.oddFooter.center.text = "&P / &N"

    for s in schedules:
        ws = book.create_sheet(sheet_name(s.company, taken))
        ws.column_dimensions["A"].width = 8
        from openpyxl.utils import get_column_letter

        for j in range(len(s.areas)):
            ws.column_dimensions[get_column_letter(2 + j)].width = AREA_COLUMN
        ws.cell(1, 1, f"{s.title(lang)} — {s.company}").font = Font(name="Yu Gothic", size=14, bold=True)
        ws.cell(2, 2, marks_legend(lang)).font = font
        ws.cell(4, 1, "月").font = bold
        for j, a in enumerate(s.area_names(lang)):
            c = ws.cell(4, 2 + j, a)
            c.font, c.fill, c.border = bold, head_fill, box
        for i, m in enumerate(s.months):
            r = 5 + i
            ws.cell(r, 1, m.label(lang, with_year=i == 0 or m.month == 1)).font = bold
            tallest = 1
            for j, cell in enumerate(m.cells):
                texts = [entry_text(e, lang) for e in cell]
                c = ws.cell(r, 2 + j)
                c.value = "\n".join(texts)
                c.data_type = "s"  # never a formula
                c.font, c.alignment, c.border = font, wrap, box
                tallest = max(tallest, len(texts))
            ws.row_dimensions[r].height = LINE_HEIGHT * tallest + 3
        print_setup(ws, 4)

    ws = book.create_sheet(SHEET_NAMES[lang][1])
    headers = [CLIENT_HEADER[lang], *HEADERS[lang]]
    widths = [20, *COLUMN_WIDTHS]
    from openpyxl.utils import get_column_letter

    for c, (h, w) in enumerate(zip(headers, widths, strict=True), start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
        cell = ws.cell(1, c, h)
        cell.font, cell.fill, cell.border = bold, head_fill, box
    r = 1
    for s in schedules:
        for e in s.entries():
            r += 1
            t = e.task
            values: list[Any] = [
                names.get(t.company, t.company),
                datetime(t.due.year, t.due.month, t.due.day),
                e.weekday(lang),
                area_name(t.area, lang),
                e.title(lang),
                t.period.label(lang),
                e.owner or "",
                e.status_text(lang),
                t.duty.basis,
                datetime(t.nominal.year, t.nominal.month, t.nominal.day) if t.moved else None,
                (e.move_text(lang) or "") if t.moved else None,
                datetime(*e.window[0].timetuple()[:3]) if e.window else None,
                t.duty.submit_to,
                e.key,
            ]
            for c, v in enumerate(values, start=1):
                if v is None or v == "":
                    continue
                cell = ws.cell(r, c, v)
                cell.font = font
                if isinstance(v, datetime):
                    cell.number_format = "yyyy/mm/dd"
                else:
                    cell.data_type = "s"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{r}"
    ws.freeze_panes = "B2"
    print_setup(ws, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_xlsxwriter(schedules: list[AnnualSchedule], names: dict[str, str]) -> bytes:
    return workbook_bytes(schedules, "ja", clients=names)


def task_rows(data: bytes) -> list[tuple[Any, ...]]:
    import openpyxl

    ws = openpyxl.load_workbook(io.BytesIO(data), read_only=True)[SHEET_NAMES["ja"][1]]
    return [tuple(r[:9]) for r in ws.iter_rows(min_row=2, values_only=True)]


def peak(fn: Any) -> int:
    tracemalloc.start()
    fn()
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    schedules, names = schedules_for(args.tasks)
    count = sum(s.count for s in schedules)
    print(machine())
    print(f"{count} tasks, {len(schedules)} companies, {len(schedules) + 1} sheets; best of {args.runs}")
    results = {}
    for label, fn in (("XlsxWriter", with_xlsxwriter), ("openpyxl", with_openpyxl)):
        seconds, data = best(args.runs, lambda fn=fn: fn(schedules, names))
        memory = peak(lambda fn=fn: fn(schedules, names))
        results[label] = data
        print(f"{label:<11} {seconds * 1000:8.1f} ms  {len(data) / 1024:8.1f} KiB  peak {memory / 2**20:6.1f} MiB")
    assert task_rows(results["XlsxWriter"]) == task_rows(results["openpyxl"]), "the two workbooks differ"
    print("both workbooks hold the same task rows")


if __name__ == "__main__":
    main()
