"""The 年間スケジュール表 model (annual.py) and its terminal table (annual_text.py).

Dates come from the forms fixture and the default profile (March year-end, bonus paid 7/10), checked
by hand against the calendar: 2026-01-01 is a Thursday, 2026-07-01 a Wednesday; the 2026 national
holidays are 1/1, 1/12 成人の日, 2/11, 2/23, 3/20, 4/29, 5/3–5/6, 7/20, 8/11, 9/21–9/23, 10/12, 11/3, 11/23.

January 2026 (the whole month):
  労務 社会保険料 Nov 2025: 12/31 is a bank holiday, 1/1–1/3 too, 1/4 Sun → Mon 1/5 (moved)
  経理 月次決算 Dec 2025: 5th open day of January: 1/5 1/6 1/7 1/8 → Fri 1/9 (5th)
       源泉所得税 Dec 2025: 1/10 Sat, 1/11 Sun, 1/12 成人の日 → Tue 1/13 (moved)
       給与 Jan 2026: 1/25 Sun, 1/24 Sat → brought forward to Fri 1/23 (moved)
       月末の支払 Jan 2026: the last bank day, 1/31 being a Saturday → Fri 1/30 (computed so, not moved)
  法定調書 (1/31 Sat → Mon 2/2) falls in February.
July 2026, 労務: 年度更新 (window 6/1–7/10) and 算定基礎届 (window 7/1–7/10) Fri 7/10; 賞与支払届:
  7/10 + 5 days → Wed 7/15; 7/31 Fri: 労働者死傷病報告 Apr–Jun and 社会保険料 Jun.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from bocal.annual import (
    AnnualSchedule,
    annual_schedule,
    build_schedule,
    marks_legend,
    months_between,
    wareki,
    year_span,
)
from bocal.annual_text import render_year, wrap
from bocal.cli import cli
from bocal.expand import Expander
from bocal.profile import AREAS, build_profile, default_profile
from bocal.render import width
from bocal.rules import load_catalog
from bocal.state import Status, TaskState, task_key
from helpers.paths import FORMS
from helpers.state import DictState

RULES = ["--no-bundled", "--rules", str(FORMS)]


@pytest.fixture(scope="module")
def expander() -> Expander:
    return Expander(load_catalog([FORMS], bundled=False))


def schedule_of(expander: Expander, start: date, end: date, **kw: object) -> AnnualSchedule:
    return annual_schedule(expander, default_profile(), start, end, **kw)  # type: ignore[arg-type]


def cell(s: AnnualSchedule, year: int, month: int, area: str) -> list[tuple[date, str, bool]]:
    m = next(m for m in s.months if (m.year, m.month) == (year, month))
    return [(e.due, e.task.duty.id, e.moved) for e in m.cells[s.areas.index(area)]]


# -- years, eras, months ---------------------------------------------------------------------------


def test_wareki_follows_the_era_change_on_2019_05_01() -> None:
    # 平成 began 1989-01-08 (元年) so 2019 is 平成31年 until 4/30; 令和元年 from 5/1; 2026 = 令和8年 (2026 − 2018)
    assert wareki(date(2019, 4, 30)) == "平成31年"
    assert wareki(date(2019, 5, 1)) == "令和元年"
    assert wareki(date(2020, 1, 1)) == "令和2年"
    assert wareki(date(2026, 7, 10)) == "令和8年"
    assert wareki(date(1990, 6, 1)) == "平成2年"


def test_year_span_calendar_and_fiscal() -> None:
    assert year_span(2026) == (date(2026, 1, 1), date(2026, 12, 31))
    assert year_span(2026, 12) == (date(2026, 1, 1), date(2026, 12, 31))
    # 2026年度 for a March year-end: April 2026 to March 2027; September year-end: Oct 2026 – Sep 2027
    assert year_span(2026, 3) == (date(2026, 4, 1), date(2027, 3, 31))
    assert year_span(2026, 9) == (date(2026, 10, 1), date(2027, 9, 30))
    # a February year-end in a leap year: March 2027 – February 2028 (29 days)
    assert year_span(2027, 2) == (date(2027, 3, 1), date(2028, 2, 29))


def test_months_between_crosses_the_year() -> None:
    assert months_between(date(2026, 11, 15), date(2027, 2, 1)) == ((2026, 11), (2026, 12), (2027, 1), (2027, 2))


# -- the model ----------------------------------------------------------------------------------------


def test_calendar_year_months_and_areas_in_their_fixed_order(expander: Expander) -> None:
    s = schedule_of(expander, *year_span(2026))
    assert [(m.year, m.month) for m in s.months] == [(2026, k) for k in range(1, 13)]
    assert s.areas == ("general-affairs", "hr", "labor", "accounting", "legal", "it")
    assert s.area_names() == ["総務", "人事", "労務", "経理", "法務", "情報システム"]
    assert cell(s, 2026, 1, "labor") == [(date(2026, 1, 5), "social-insurance-premiums", True)]
    assert cell(s, 2026, 1, "accounting") == [
        (date(2026, 1, 9), "monthly-close", False),
        (date(2026, 1, 13), "withholding-tax", True),
        (date(2026, 1, 23), "payroll", True),
        (date(2026, 1, 30), "month-end-payments", False),
    ]
    # 法定調書 of 2025: 1/31 Sat → Mon 2/2, so in February's row
    assert (date(2026, 2, 2), "statutory-reports", True) in cell(s, 2026, 2, "accounting")
    assert s.title() == "2026年 年間スケジュール表"
    assert s.title(wareki_years=True) == "令和8年 年間スケジュール表"


def test_fiscal_year_runs_april_to_march(expander: Expander) -> None:
    s = schedule_of(expander, *year_span(2026, 3), fiscal=True)
    assert [(m.year, m.month) for m in s.months][:2] == [(2026, 4), (2026, 5)]
    assert [(m.year, m.month) for m in s.months][-1] == (2027, 3)
    assert len(s.months) == 12
    assert s.title() == "2026年度（2026年4月〜2027年3月） 年間スケジュール表"
    assert s.title(wareki_years=True) == "令和8年度（令和8年4月〜令和9年3月） 年間スケジュール表"
    assert s.title("en") == "FY2026 Apr 2026–Mar 2027 annual schedule"
    # July: the two window duties on Fri 7/10 (by duty id), 賞与支払届 Wed 7/15, two on Fri 7/31
    assert cell(s, 2026, 7, "labor") == [
        (date(2026, 7, 10), "labor-insurance-renewal", False),
        (date(2026, 7, 10), "santei-kiso", False),
        (date(2026, 7, 15), "bonus-report", False),
        (date(2026, 7, 31), "accident-report-quarterly", False),
        (date(2026, 7, 31), "social-insurance-premiums", False),
    ]
    july = next(m for m in s.months if m.month == 7)
    santei = july.cells[s.areas.index("labor")][1]
    assert santei.window == (date(2026, 7, 1), date(2026, 7, 10))
    assert santei.date_text() == "7/10(金)" and santei.day_text("en") == "10 Fri"


def test_every_task_of_the_range_is_placed_once(expander: Expander) -> None:
    start, end = year_span(2026, 3)
    tasks = expander.expand(default_profile(), start, end)
    s = schedule_of(expander, start, end)
    placed = [e.task for e in s.entries()]
    assert sorted(task_key(t) for t in placed) == sorted(task_key(t) for t in tasks if start <= t.due <= end)
    assert s.count == len(placed) > 0
    for m in s.months:
        for area, entries in zip(s.areas, m.cells, strict=True):
            assert all(e.task.area == area and (e.due.year, e.due.month) == (m.year, m.month) for e in entries)


def test_status_owner_and_overdue_come_from_the_state_view(expander: Expander) -> None:
    start, end = date(2026, 1, 1), date(2026, 1, 31)
    tasks = {t.duty.id: t for t in expander.expand(default_profile(), start, end)}
    view = DictState(
        {
            task_key(tasks["monthly-close"]): TaskState("k", Status.DONE, "経理 田中"),
            task_key(tasks["payroll"]): TaskState("k", Status.IN_PROGRESS),
        }
    )
    # today 1/14: 月次決算 (1/9) is done, so not overdue; 源泉 (1/13) is open and past its date
    s = build_schedule(tasks.values(), start, end, company="X", state=view, today=date(2026, 1, 14))
    by_id = {e.task.duty.id: e for e in s.entries()}
    assert (by_id["monthly-close"].status, by_id["monthly-close"].owner) == (Status.DONE, "経理 田中")
    assert not by_id["monthly-close"].overdue
    assert by_id["withholding-tax"].overdue and by_id["withholding-tax"].mark() == "!"
    assert by_id["payroll"].status is Status.IN_PROGRESS and by_id["payroll"].mark() == "中"
    assert by_id["payroll"].mark("en") == "~"
    assert not by_id["month-end-payments"].overdue  # 1/30 is after today
    assert by_id["monthly-close"].status_text() == "完了" and by_id["monthly-close"].status_text("en") == "done"


def test_owner_falls_back_to_the_profiles_owner_of_the_area(expander: Expander) -> None:
    profile = build_profile({"owners": {"accounting": "経理 佐藤"}}, path=None)
    s = annual_schedule(expander, profile, date(2026, 1, 1), date(2026, 1, 31))
    assert {e.owner for e in s.entries() if e.task.area == "accounting"} == {"経理 佐藤"}
    assert {e.owner for e in s.entries() if e.task.area == "labor"} == {None}


def test_areas_can_be_narrowed_and_follow_the_profile(expander: Expander) -> None:
    s = schedule_of(expander, *year_span(2026), areas=["legal", "labor"])
    assert s.areas == ("labor", "legal")  # the fixed order, not the order asked
    profile = build_profile({"company": {"areas": ["accounting", "hr"]}}, path=None)
    assert annual_schedule(expander, profile, *year_span(2026)).areas == ("hr", "accounting")


def test_an_empty_or_reversed_range(expander: Expander) -> None:
    from bocal.errors import UsageError

    with pytest.raises(UsageError):
        build_schedule([], date(2026, 2, 1), date(2026, 1, 1), company="X")
    s = build_schedule([], date(2026, 2, 1), date(2026, 2, 28), company="X")
    assert s.count == 0 and len(s.months) == 1 and all(c == () for c in s.months[0].cells)


# -- the terminal table -------------------------------------------------------------------------------


def test_text_july_labor_exact(expander: Expander) -> None:
    start, end = date(2026, 7, 1), date(2026, 7, 31)
    tasks = {t.duty.id: t for t in expander.expand(default_profile(), start, end)}
    view = DictState(
        {
            task_key(tasks["santei-kiso"]): TaskState("k", Status.DONE),
            task_key(tasks["bonus-report"]): TaskState("k", Status.OPEN, "佐藤"),
        }
    )
    s = build_schedule(
        tasks.values(), start, end, company="サンプル株式会社", areas=["labor"], state=view, today=date(2026, 7, 12)
    )
    # 60 columns: 1 + 4 (month) + 1 + 53 (the one area) + 1
    cw = 53

    def row(month: str, text: str) -> str:
        return "|" + month + " " * (4 - width(month)) + "|" + text + " " * (cw - width(text)) + "|"

    rule = "+----+" + "-" * cw + "+"
    expected = [
        "2026年7月 年間スケジュール表 — サンプル株式会社",
        rule,
        row("月", "労務"),
        rule.replace("-", "="),
        row("7月", "10(金)!"),  # 年度更新: open and 7/10 < today 7/12
        row("2026", "労働保険の年度更新"),
        row("", "10(金)済"),  # 算定基礎届: done, so not overdue
        row("", "算定基礎届の提出"),
        row("", "15(水) 佐藤"),  # the assignee from the state
        row("", "賞与支払届の提出"),
        row("", "31(金)"),
        row("", "労働者死傷病報告"),  # （休業4日未満） left out in the narrow cell
        row("", "31(金)"),
        row("", "社会保険料の納付"),
        rule,
        "* 休日のため移動  中=対応中 待=待ち 済=完了 外=対象外  !=期限超過",
    ]
    assert render_year(s, total_width=60) == "\n".join(expected) + "\n"


def test_text_fits_80_columns_for_every_area(expander: Expander) -> None:
    s = schedule_of(expander, *year_span(2026, 3), today=date(2026, 7, 1))
    # six columns of (80 − 2 − month − 6) // 6 = 11 cells: 1 + 4 + 1 + 6 × 12 = 78 in ja; the month
    # column is 5 wide in en ("Month"), (80 − 2 − 5 − 6) // 6 = 11 again, so 79
    for lang, total in (("ja", 78), ("en", 79)):
        lines = render_year(s, lang, total_width=80).splitlines()
        table = [ln for ln in lines if ln.startswith(("|", "+"))]
        assert len(table) > 12 * 2
        assert {width(ln) for ln in table} == {total}
    # 2026-05-10 is a Sunday (5/1 is a Friday: 120 days after Thursday 1/1) → 源泉 Apr 2026 due Mon 5/11, marked *
    assert "11(月)*" in render_year(s, total_width=80)


def test_wrap_counts_wide_characters_and_cuts_the_last_line() -> None:
    assert wrap("算定基礎届の提出", 8) == ["算定基礎", "届の提出"]
    # four wide characters a line; four lines cut to two, the second ending in ..
    assert wrap("社会保険料の納付と届出の確認", 8) == ["社会保険", "料の納.."]
    assert wrap("Pay withheld income tax", 10) == ["Pay", "withheld.."]
    assert wrap("abc", 10) == ["abc"]


def test_marks_legend_lists_every_status_but_open() -> None:
    assert marks_legend() == "中=対応中 待=待ち 済=完了 外=対象外  !=期限超過"
    assert marks_legend("en") == "~=in progress w=waiting ok=done na=n/a  !=overdue"


# -- the command ---------------------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli, list(args), env={"LANG": "ja_JP.UTF-8", "BOCAL_TODAY": None, "BOCAL_DB": None})
    return r.exit_code, r.stdout, r.stderr


def test_year_command_reads_status_from_the_task_store(tmp_path: object, expander: Expander) -> None:
    from pathlib import Path

    from bocal.store import Store, TaskRef, Update, parse_db_url

    db = str(Path(str(tmp_path)) / "state.sqlite3")
    tasks = {t.duty.id: t for t in expander.expand(default_profile(), date(2026, 7, 1), date(2026, 7, 31))}
    with Store(parse_db_url(db, origin="--db")) as store:
        store.apply(
            [Update(TaskRef.of(tasks["santei-kiso"]), status=Status.DONE)],
            at=datetime(2026, 7, 9, 10, 0),
            by="test",
            today=date(2026, 7, 9),
        )
    code, out, err = run(
        "--today", "2026-07-12", "year", *RULES, "--from", "2026-07-01", "--to", "2026-07-31", "--area", "labor",
        "--width", "60", "--db", db,
    )  # fmt: skip
    assert code == 0, err
    assert "|    |10(金)済" in out and "|7月 |10(金)!" in out


def test_year_command_default_is_this_calendar_year_and_fiscal_follows_the_profile() -> None:
    code, out, _ = run("--today", "2026-11-30", "year", *RULES, "--width", "100")
    assert code == 0 and out.startswith("2026年 年間スケジュール表 — サンプル株式会社\n")
    # the default profile ends its year in March: on 2026-11-30 the fiscal year is 2026年度
    code, out, _ = run("--today", "2026-11-30", "year", *RULES, "--fiscal")
    assert code == 0 and out.startswith("2026年度（2026年4月〜2027年3月） 年間スケジュール表")
    # in February 2027 it is still 2026年度
    code, out, _ = run("--today", "2027-02-01", "year", *RULES, "--fiscal", "--wareki")
    assert code == 0 and out.startswith("令和8年度（令和8年4月〜令和9年3月） 年間スケジュール表")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2026", "--from", "2026-01-01"], "bocal: give a YEAR (with or without --fiscal) or --from/--to, not both"),
        (["--area", "labr"], "bocal: key \"--area\": unknown area 'labr'"),
        (["--clients", "x"], 'bocal: key "--clients": with --clients, bocal year writes a workbook'),
    ],
)
def test_year_command_bad_input(args: list[str], message: str) -> None:
    code, out, err = run("--today", "2026-11-30", "year", *RULES, *args)
    assert code == 2 and out == ""
    assert err.startswith(message), err
    assert "Traceback" not in err


@settings(max_examples=40)
@given(total=st.integers(min_value=40, max_value=220), narrow=st.lists(st.sampled_from(list(AREAS)), max_size=3))
def test_every_table_line_has_the_same_width_and_fits(expander: Expander, total: int, narrow: list[str]) -> None:
    s = schedule_of(expander, *year_span(2026), areas=narrow or None, today=date(2026, 7, 1))
    lines = [ln for ln in render_year(s, total_width=total).splitlines() if ln.startswith(("|", "+"))]
    widths = {width(ln) for ln in lines}
    assert len(widths) == 1
    n = len(s.areas)
    # it fits unless the columns would be narrower than MIN_CELL (8): then each is exactly 8
    assert widths.pop() <= total or (total - 2 - 4 - n) // n < 8
