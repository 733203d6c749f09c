"""The Excel workbook (xlsx.py), read back by two independent readers: openpyxl and python-calamine.

Dates as derived in test_annual.py (forms fixture, default profile; 2026-01-01 is a Thursday):
January 2026 — 社会保険料 (Nov 2025) Mon 1/5 (moved from 12/31), 月次決算 Fri 1/9, 源泉所得税 (Dec 2025)
Tue 1/13 (moved from Sat 1/10: 1/10 Sat, 1/11 Sun, 1/12 成人の日), 給与 Fri 1/23 (brought forward from
Sun 1/25), 月末の支払 Fri 1/30. July 2026 — 算定基礎届 Fri 7/10 (window from Wed 7/1).
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from bocal.annual import AnnualSchedule, annual_schedule, year_span
from bocal.cli import cli
from bocal.expand import Expander
from bocal.profile import build_profile, default_profile
from bocal.rules import load_catalog
from bocal.state import Status, TaskState, task_key
from bocal.xlsx import Layout, sheet_name, workbook_bytes
from helpers.paths import FIXTURES, FORMS

RULES = ["--no-bundled", "--rules", str(FORMS)]
HEADERS = [
    "期限",
    "曜日",
    "区分",
    "業務",
    "期間",
    "担当",
    "状態",
    "根拠",
    "本来の期限",
    "移動の理由",
    "受付開始",
    "提出先",
    "キー",
]


@pytest.fixture(scope="module")
def expander() -> Expander:
    return Expander(load_catalog([FORMS], bundled=False))


def january(expander: Expander, profile: object = None, **kw: object) -> AnnualSchedule:
    p = profile or default_profile()
    return annual_schedule(expander, p, date(2026, 1, 1), date(2026, 1, 31), **kw)  # type: ignore[arg-type]


def open_both(data: bytes) -> tuple[openpyxl.Workbook, CalamineWorkbook]:
    return openpyxl.load_workbook(io.BytesIO(data)), CalamineWorkbook.from_filelike(io.BytesIO(data))


def test_task_sheet_rows_dates_and_headers(expander: Expander) -> None:
    data = workbook_bytes([january(expander)])
    book, cal = open_both(data)
    assert book.sheetnames == ["年間スケジュール", "タスク一覧"] == cal.sheet_names
    ws = book["タスク一覧"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    # one row a task, in date order: the five January tasks
    assert [(r[0], r[1], r[2], r[3]) for r in rows[1:]] == [
        (datetime(2026, 1, 5), "月", "労務", "社会保険料の納付（2025年11月分）"),
        (datetime(2026, 1, 9), "金", "経理", "月次決算の締め（2025年12月分）"),
        (datetime(2026, 1, 13), "火", "経理", "源泉所得税の納付（2025年12月分）"),
        (datetime(2026, 1, 23), "金", "経理", "給与支給（2026年1月分）"),
        (datetime(2026, 1, 30), "金", "経理", "月末の支払処理（2026年1月分）"),
    ]
    gensen = rows[3]
    assert gensen[6] == "未着手"
    assert gensen[8] == datetime(2026, 1, 10)  # the nominal date, as a real date too
    assert gensen[9] == "1/10(土)・1/11(日)・1/12(成人の日)のため 1/13(火) に延長 — 国税通則法10条2項"
    assert rows[2][8] is None and rows[2][9] is None  # 月次決算 did not move
    # real Excel dates: numeric cells with a date format, not text
    cell = ws["A4"]
    assert cell.data_type == "d" and cell.is_date and cell.number_format == "yyyy/mm/dd"
    # the second reader agrees, cell by cell
    other = cal.get_sheet_by_name("タスク一覧").to_python()
    assert [str(v) for v in other[0]] == HEADERS
    assert [(r[0], r[3]) for r in other[1:]] == [(r[0].date(), r[3]) for r in rows[1:]]  # type: ignore[union-attr]


def test_autofilter_frozen_header_and_print_setup(expander: Expander) -> None:
    book, _ = open_both(workbook_bytes([january(expander)]))
    tasks = book["タスク一覧"]
    assert tasks.auto_filter.ref == "A1:M6"  # 13 columns, header + 5 tasks
    assert tasks.freeze_panes == "A2"
    for ws in (tasks, book["年間スケジュール"]):
        ps = ws.page_setup
        assert (ps.orientation, int(ps.paperSize)) == ("landscape", 9)  # 9 = A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        # one page wide, as many down as needed (fitToWidth 1 is the default of ECMA-376, so it may be left out)
        assert (ps.fitToWidth or 1, ps.fitToHeight) == (1, 0)
    assert tasks.print_title_rows == "$1:$1"
    assert book["年間スケジュール"].print_title_rows == "$4:$4"


def test_schedule_sheet_months_by_areas(expander: Expander) -> None:
    s = annual_schedule(expander, default_profile(), *year_span(2026, 3), today=date(2026, 7, 12))
    book, cal = open_both(workbook_bytes([s]))
    ws = book["年間スケジュール"]
    assert ws["A1"].value == "2026年度（2026年4月〜2027年3月） 年間スケジュール表 — サンプル株式会社"
    assert [c.value for c in ws[4]] == ["月", "総務", "人事", "労務", "経理", "法務", "情報システム"]
    assert [ws.cell(5 + i, 1).value for i in range(12)] == (
        ["2026年4月"] + [f"{m}月" for m in range(5, 13)] + ["2027年1月", "2月", "3月"]
    )
    july_labor = ws.cell(5 + 3, 4).value.split("\n")
    # open and past today 7/12 → !; 7/15 and 7/31 are still ahead
    assert july_labor[0] == "7/10(金) 労働保険の年度更新 !"
    assert "7/10(金) 算定基礎届の提出 !" in july_labor
    assert ws.cell(8, 4).alignment.wrap_text is True
    assert cal.get_sheet_by_name("年間スケジュール").to_python()[7][3] == ws.cell(8, 4).value


def test_status_and_assignee_from_the_state(expander: Expander) -> None:
    start, end = date(2026, 1, 1), date(2026, 1, 31)
    tasks = {t.duty.id: t for t in expander.expand(default_profile(), start, end)}

    class View:
        def get(self, key: str) -> TaskState | None:
            if key == task_key(tasks["withholding-tax"]):
                return TaskState(key, Status.DONE, "経理 佐藤")
            return None

        def version(self) -> str:
            return "1"

    book, _ = open_both(workbook_bytes([january(expander, state=View(), today=date(2026, 1, 20))]))
    row = next(r for r in book["タスク一覧"].iter_rows(values_only=True) if r[3] and str(r[3]).startswith("源泉"))
    assert (row[5], row[6]) == ("経理 佐藤", "完了")
    grid = book["年間スケジュール"].cell(5, 5).value  # January (row 5), 経理 (column E)
    assert "1/13(火)* 源泉所得税の納付 済 〔経理 佐藤〕" in grid.split("\n")
    assert "1/9(金) 月次決算の締め !" in grid.split("\n")  # open, due before 1/20


def test_text_that_looks_like_a_formula_stays_text(expander: Expander) -> None:
    evil = '=HYPERLINK("http://evil.example/","click")'
    profile = build_profile({"company": {"name": "=1+1"}, "owners": {"accounting": evil}}, path=None)
    data = workbook_bytes([january(expander, profile)])
    book, cal = open_both(data)
    owners = [r[5] for r in book["タスク一覧"].iter_rows(min_row=2, values_only=True) if r[2] == "経理"]
    assert owners == [evil] * 4
    assert all(c.data_type == "s" for c in book["タスク一覧"]["F"][1:] if c.value)
    assert book["年間スケジュール"]["A1"].value.endswith("— =1+1")
    assert cal.get_sheet_by_name("タスク一覧").to_python()[2][5] == evil
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in s or b"<f " in s for s in sheets)  # no formula anywhere


def test_same_inputs_same_bytes(expander: Expander) -> None:
    assert workbook_bytes([january(expander)]) == workbook_bytes([january(expander)])


def test_english_headers(expander: Expander) -> None:
    book, _ = open_both(workbook_bytes([january(expander)], "en"))
    assert book.sheetnames == ["Annual schedule", "Tasks"]
    assert next(book["Tasks"].iter_rows(max_row=1, values_only=True))[:4] == ("Due", "Day", "Area", "Task")


def test_sheet_names_are_legal_and_unique() -> None:
    taken: set[str] = set()
    assert sheet_name("株式会社[A]:B/C?", taken) == "株式会社_A__B_C_"
    assert sheet_name("株式会社_A__B_C_", taken) == "株式会社_A__B_C_ (2)"
    long = "あ" * 40
    assert sheet_name(long, taken) == "あ" * 31
    assert sheet_name(long, taken) == "あ" * 27 + " (2)"
    assert sheet_name("'  '", taken) == "sheet"


def test_layout_is_checked() -> None:
    from bocal.errors import UsageError

    with pytest.raises(UsageError):
        Layout("pivot")


# -- the commands -----------------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli, list(args), env={"LANG": "ja_JP.UTF-8", "BOCAL_TODAY": None, "BOCAL_DB": None})
    return r.exit_code, r.stdout, r.stderr


def test_export_format_xlsx(tmp_path: Path) -> None:
    out = tmp_path / "y.xlsx"
    code, _, err = run(
        "--today", "2026-11-30", "export", *RULES, "--month", "2026-01", "--format", "xlsx", "-o", str(out)
    )
    assert code == 0, err
    assert err.splitlines()[0] == f"{out}: 5 tasks, 1 schedule(s)"  # then the sample-company notice
    book = openpyxl.load_workbook(out)
    assert book["タスク一覧"].max_row == 6
    # the same workbook as bocal year --format xlsx over the same range
    out2 = tmp_path / "z.xlsx"
    code, _, err = run(
        "--today", "2026-11-30", "year", *RULES, "--from", "2026-01-01", "--to", "2026-01-31",
        "--format", "xlsx", "-o", str(out2),
    )  # fmt: skip
    assert code == 0, err
    assert out.read_bytes() == out2.read_bytes()


@pytest.mark.parametrize("flag", [["--split"], ["--todo"], ["--owner", "x"], ["--uid-domain", "example.jp"]])
def test_export_xlsx_refuses_ics_only_flags(tmp_path: Path, flag: list[str]) -> None:
    code, out, err = run("export", *RULES, "--format", "xlsx", *flag, "-o", str(tmp_path / "a.xlsx"))
    assert code == 2 and out == ""
    assert err == f'bocal: key "{flag[0]}": {flag[0]} is for iCalendar files, not for --format xlsx\n'
    assert not (tmp_path / "a.xlsx").exists()


def test_office_workbook_per_client_and_office_sheet(tmp_path: Path) -> None:
    clients = FIXTURES / "clients"
    out = tmp_path / "office.xlsx"
    code, _, err = run(
        "--today", "2026-11-30", "year", "2026", *RULES, "--clients", str(clients), "--format", "xlsx", "-o", str(out)
    )
    # broken.toml is reported and the exit status is 2, but the other clients are written
    assert code == 2 and "broken.toml" in err
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["株式会社アルファ", "beta", "タスク一覧"]
    tasks = list(book["タスク一覧"].iter_rows(values_only=True))
    assert tasks[0][0] == "顧問先" and list(tasks[0][1:]) == HEADERS
    assert {r[0] for r in tasks[1:]} == {"株式会社アルファ", "beta"}
    assert book["タスク一覧"].freeze_panes == "B2"
    # アルファ has 納期の特例: its 源泉 is half-yearly (Jul–Dec 2025 → 1/20/2026, a Tuesday), beta monthly
    alpha_gensen = [r[1] for r in tasks[1:] if r[0] == "株式会社アルファ" and str(r[4]).startswith("源泉所得税")]
    assert datetime(2026, 1, 20) in alpha_gensen
    beta_gensen = [r[1] for r in tasks[1:] if r[0] == "beta" and str(r[4]).startswith("源泉所得税の納付（20")]
    assert len(beta_gensen) == 12

    office = tmp_path / "one.xlsx"
    code, _, err = run(
        "--today", "2026-11-30", "year", "2026", *RULES, "--clients", str(clients), "--client", "beta",
        "--client", "株式会社アルファ", "--format", "xlsx", "--sheets", "office", "-o", str(office),
    )  # fmt: skip
    assert code == 0, err
    book = openpyxl.load_workbook(office)
    assert book.sheetnames == ["年間スケジュール", "タスク一覧"]
    january_acct = book["年間スケジュール"].cell(5, 5).value.split("\n")
    # both open and past today (2026-11-30): marked !; アルファ's accounting owner from its profile
    assert "1/20(火) 株式会社アルファ: 源泉所得税の納付（納期の特例） ! 〔税理士 佐藤〕" in january_acct
    assert "1/13(火)* beta: 源泉所得税の納付 !" in january_acct


def test_wareki_dates_are_still_real_dates(expander: Expander) -> None:
    book, cal = open_both(workbook_bytes([january(expander)], wareki=True))
    ws = book["タスク一覧"]
    assert ws["A2"].number_format == '[$-411]ggge"年"m"月"d"日"'  # 令和8年1月5日 in Excel
    assert ws["A2"].value == datetime(2026, 1, 5) and ws["A2"].is_date
    assert cal.get_sheet_by_name("タスク一覧").to_python()[1][0] == date(2026, 1, 5)
    assert book["年間スケジュール"]["A1"].value.startswith("令和8年1月 年間スケジュール表")


def test_office_sheet_spans_every_clients_fiscal_year(tmp_path: Path) -> None:
    # --fiscal 2026: アルファ (March year-end) 2026-04 – 2027-03, beta (December) 2026-01 – 2026-12, so
    # the office sheet runs from January 2026 to March 2027: 15 month rows after the header in row 4
    out = tmp_path / "o.xlsx"
    code, _, err = run(
        "--today", "2026-11-30", "year", "2026", "--fiscal", *RULES, "--clients", str(FIXTURES / "clients"),
        "--client", "beta", "--client", "株式会社アルファ", "--format", "xlsx", "--sheets", "office", "-o", str(out),
    )  # fmt: skip
    assert code == 0, err
    ws = openpyxl.load_workbook(out)["年間スケジュール"]
    months = [ws.cell(r, 1).value for r in range(5, 5 + 16)]
    assert months == ["2026年1月", *(f"{m}月" for m in range(2, 13)), "2027年1月", "2月", "3月", None]
