"""The terminal commands (list agenda, explain, holidays, month, init) at a fixed today, exact output.

Calendar facts used below, checked against the weekday of each date (2026-01-01 is a Thursday,
2026-07-01 a Wednesday) and the 2026 national holidays (1/1, 1/12 成人の日, 2/11, 2/23, 3/20,
4/29, 5/3–5/6, 7/20 海の日, 8/11, 9/21–9/23, 10/12, 11/3, 11/23):

January 2026, default profile, forms fixture:
  社会保険料 Nov 2025: 12/31 (Wed) is a bank holiday, 1/1–1/3 too, 1/4 Sun → Mon 1/5
  月次決算 Dec 2025: 5th open day of January on the government calendar: 1/1–1/3 closed, 1/4 Sun,
      1/5 (1) 1/6 (2) 1/7 (3) 1/8 (4) → Fri 1/9 (5)
  源泉所得税 Dec 2025: 1/10 Sat, 1/11 Sun, 1/12 成人の日 → Tue 1/13
  給与 Jan 2026: 25th is a Sunday, 1/24 Sat → brought forward to Fri 1/23
  月末の支払 Jan 2026: last bank day: 1/31 Sat → Fri 1/30 (a "last business day" rule, not moved)
  (法定調書 and 死傷病報告 fall on 1/31 Sat → Mon 2/2: February, not listed)
July 2026:
  月次決算 Jun: 7/1 (1) 7/2 (2) 7/3 (3) 7/6 (4) → Tue 7/7 (5); 源泉 Jun, 算定基礎届, 年度更新: Fri 7/10;
  定時株主総会 FY Mar 2026: no agm_date → 6/30 (Tue, open); 役員変更登記 +2 weeks → Tue 7/14;
  招集通知: 中14日 before 6/30 → 6/15 (Mon), 6/16–6/29 being the 14 whole days between;
  賞与 7/10 + 5 days → Wed 7/15; 給与: 7/25 Sat → Fri 7/24; 7/31 Fri: 死傷病報告 Apr–Jun,
  社会保険料 Jun, 月末の支払.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bocal.cli import cli
from bocal.cli import context as cli_module
from bocal.profile import load_profile
from helpers.startup import after_list

FORMS = str(Path(__file__).parent / "fixtures" / "rules" / "forms.toml")
RULES = ["--no-bundled", "--rules", FORMS]


def run(*args: str, lang: str = "ja_JP.UTF-8", input: str | None = None) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli, [*args], env={"LANG": lang, "NO_COLOR": None, "BOCAL_TODAY": None}, input=input)
    return r.exit_code, r.stdout, r.stderr


# -- list ------------------------------------------------------------------------------------------


def test_list_agenda_japanese_piped() -> None:
    code, out, err = run("--today", "2026-01-05", "list", *RULES)
    assert code == 0, err
    assert out == (
        "2026年1月の期限 — サンプル株式会社（今日 1/5(月)）\n"
        "1/5(月)   今日      労務  社会保険料の納付（2025年11月分）※1\n"
        "1/9(金)   あと4日   経理  月次決算の締め（2025年12月分）\n"
        "1/13(火)  あと8日   経理  源泉所得税の納付（2025年12月分）※2\n"
        "1/23(金)  あと18日  経理  給与支給（2026年1月分）※3\n"
        "1/30(金)  あと25日  経理  月末の支払処理（2026年1月分）\n"
        "※1 12/31〜1/3(年末年始)・1/4(日)のため 1/5(月) に延長 — 翌銀行営業日の扱い（休業日は銀行法施行令5条）\n"
        "※2 1/10(土)・1/11(日)・1/12(成人の日)のため 1/13(火) に延長 — 国税通則法10条2項\n"
        "※3 1/24(土)・1/25(日)のため 1/23(金) に繰上げ — 就業規則（賃金規程）の定め\n"
        "5件（今日 1・期限超過 0）\n"
    )


def test_list_agenda_english_with_windows() -> None:
    # today Mon 7/6: the 年度更新 window (6/1–7/10) and 算定基礎届 (7/1–7/10) are open
    code, out, err = run("--today", "2026-07-06", "list", *RULES, "--lang", "en")
    assert code == 0, err
    assert out == (
        "Deadlines, July 2026 — サンプル株式会社 (today Mon 7/6)\n"
        "Tue 7/7   in 1 day    Accounting  Close the monthly books (Jun 2026)\n"
        "Fri 7/10  in 4 days   Labour      Labour insurance annual renewal (2026) — open now, 6/1–7/10\n"
        "                      Labour      File the standard remuneration report (2026) — open now, 7/1–7/10\n"
        "                      Accounting  Pay withheld income tax (Jun 2026)\n"
        "Tue 7/14  in 8 days   Legal       Register the change of directors (FY ending Mar 2026)\n"
        "Wed 7/15  in 9 days   Labour      File the bonus payment report (10 Jul 2026)\n"
        "Fri 7/24  in 18 days  Accounting  Pay salaries (Jul 2026)*1\n"
        "Fri 7/31  in 25 days  Labour      Report minor workplace injuries (quarterly) (Apr–Jun 2026)\n"
        "                      Labour      Pay social insurance premiums (Jun 2026)\n"
        "                      Accounting  Month-end payments (Jul 2026)\n"
        "*1 brought forward to Fri 7/24: Sat 7/25 closed — 就業規則（賃金規程）の定め\n"
        "10 deadlines (0 today, 0 overdue)\n"
    )


def test_list_upcoming_keeps_this_months_overdue_and_shows_windows_opening() -> None:
    # today Wed 6/3, --upcoming 10 → 6/1–6/13. 社会保険料 Apr: 5/31 Sun → Mon 6/1 (overdue 2 days);
    # 年度更新 (due 7/10, outside) opens Mon 6/1 (open day, not moved): shown where it opens.
    code, out, err = run("--today", "2026-06-03", "list", *RULES, "--upcoming", "10", "--area", "labor")
    assert code == 0, err
    assert out == (
        "2026/6/1〜2026/6/13の期限 — サンプル株式会社（今日 6/3(水)）\n"
        "6/1(月)  期限超過 2日  労務  労働保険の年度更新（2026年分） 受付開始（〜7/10(金)）\n"
        "                       労務  社会保険料の納付（2026年4月分）※1\n"
        "※1 5/31(日)のため 6/1(月) に延長 — 翌銀行営業日の扱い（休業日は銀行法施行令5条）\n"
        "1件（今日 0・期限超過 1）\n"
    )


def test_list_colour_on_request() -> None:
    # today Mon 1/12 (成人の日): 1/9 overdue 3 days (red), 1/13 tomorrow (soon: yellow), later plain
    code, out, err = run("--today", "2026-01-12", "list", *RULES, "--area", "accounting", "--color")
    assert code == 0, err
    acc = "\x1b[33m経理\x1b[0m"
    assert out == (
        "\x1b[1m2026年1月の期限 — サンプル株式会社（今日 1/12(月)）\x1b[0m\n"
        f"\x1b[1;31m1/9(金) \x1b[0m  \x1b[1;31m期限超過 3日\x1b[0m  {acc}  月次決算の締め（2025年12月分）\n"
        f"\x1b[1;33m1/13(火)\x1b[0m  \x1b[1;33mあと1日     \x1b[0m  {acc}  源泉所得税の納付（2025年12月分）\x1b[2m※1\x1b[0m\n"
        f"1/23(金)  あと11日      {acc}  給与支給（2026年1月分）\x1b[2m※2\x1b[0m\n"
        f"1/30(金)  あと18日      {acc}  月末の支払処理（2026年1月分）\n"
        "\x1b[2m※1 \x1b[0m1/10(土)・1/11(日)・1/12(成人の日)のため 1/13(火) に延長 — 国税通則法10条2項\n"
        "\x1b[2m※2 \x1b[0m1/24(土)・1/25(日)のため 1/23(金) に繰上げ — 就業規則（賃金規程）の定め\n"
        "4件（今日 0・期限超過 1）\n"
    )
    # piped without --color: the same text, no escapes
    _, plain, _ = run("--today", "2026-01-12", "list", *RULES, "--area", "accounting")
    assert (
        "\x1b" not in plain and plain.splitlines()[1] == "1/9(金)   期限超過 3日  経理  月次決算の締め（2025年12月分）"
    )


def test_colour_decision(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    assert cli_module.use_color(None) is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli_module.use_color(None) is False
    assert cli_module.use_color(True) is True  # an explicit flag wins
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    assert cli_module.use_color(None) is False


def test_list_owner_column_and_filter(tmp_path: Path) -> None:
    profile = tmp_path / "acme.toml"
    profile.write_text('[owners]\nlabor = "労務 鈴木"\naccounting = "経理 佐藤"\n', "utf-8")
    code, out, err = run("--today", "2026-01-05", "list", *RULES, "--profile", str(profile), "--owner", "鈴木")
    assert code == 0, err
    assert out.splitlines()[1:3] == [
        "1/5(月)  今日  労務  労務 鈴木  社会保険料の納付（2025年11月分）※1",
        "※1 12/31〜1/3(年末年始)・1/4(日)のため 1/5(月) に延長 — 翌銀行営業日の扱い（休業日は銀行法施行令5条）",
    ]


def test_list_json_keeps_fields_and_filters_by_owner(tmp_path: Path) -> None:
    import json

    profile = tmp_path / "acme.toml"
    profile.write_text('[owners]\naccounting = "経理 佐藤"\n', "utf-8")
    code, out, _ = run(
        "--today", "2026-01-05", "list", *RULES, "--profile", str(profile), "--owner", "佐藤", "--format", "json"
    )
    rows = json.loads(out)
    assert code == 0 and [r["due"] for r in rows] == ["2026-01-09", "2026-01-13", "2026-01-23", "2026-01-30"]
    assert all(r["owner"] == "経理 佐藤" for r in rows)


def test_upcoming_excludes_other_ranges() -> None:
    code, _, err = run("--today", "2026-01-05", "list", *RULES, "--upcoming", "7", "--month", "2026-02")
    assert code == 2 and "--upcoming" in err


def test_empty_range() -> None:
    code, out, _ = run("--today", "2026-01-05", "list", *RULES, "--area", "hr")
    assert code == 0 and out == "2026年1月の期限 — サンプル株式会社（今日 1/5(月)）\n該当する期限はありません。\n"


# -- explain ---------------------------------------------------------------------------------------


def test_explain_moved_by_a_weekend_and_a_holiday() -> None:
    code, out, err = run("--today", "2026-01-05", "explain", "withholding-tax", "2025-12", *RULES)
    assert code == 0, err
    assert out == (
        "源泉所得税の納付（2025年12月分）  [withholding-tax]\n"
        " 1. ルール: 毎月 — 翌月10日（10th of next month）\n"
        " 2. 対象期間: 2025年12月分 (2025-12-01 – 2025-12-31)\n"
        " 3. 本来の期日: 2026-01-10 1/10(土)\n"
        " 4. 休日の扱い: 翌営業日 — 国税（土日・祝日・12/29〜1/3）（国税通則法10条2項）\n"
        " 5. 休日: 1/10(土) 週末\n"
        " 6. 休日: 1/11(日) 週末\n"
        " 7. 休日: 1/12(月) 成人の日（国民の祝日）\n"
        " 8. 期日: 2026-01-13 1/13(火) — 1/10(土)・1/11(日)・1/12(成人の日)のため 1/13(火) に延長 — 国税通則法10条2項\n"
        " 9. 根拠: 所得税法183条1項\n"
        "10. 出典: https://www.nta.go.jp/taxes/shiraberu/taxanswer/gensen/2505.htm\n"
    )


def test_explain_relative_duty_shows_the_anchor_and_the_count() -> None:
    code, out, err = run("--today", "2026-01-05", "explain", "agm-notice", "FY2026-03", *RULES)
    assert code == 0, err
    assert out == (
        "株主総会の招集通知の発送（2026年3月期）  [agm-notice]\n"
        " 1. ルール: agm の期日から — 起算日の前に中14日をおいた日（14 clear days before）\n"
        " 2. 対象期間: 2026年3月期 (2025-04-01 – 2026-03-31)\n"
        " 3. 基準: 定時株主総会（2026年3月期） [agm] 2026-06-30 6/30(火)\n"
        " 4. 数え方: 中14日 — 6/16(火)〜6/29(月) の14日をまるまる空ける（初日・当日を含めない、民法140条）\n"
        " 5. 本来の期日: 2026-06-15 6/15(月)\n"
        " 6. 休日の扱い: 移動しない（休日でもこの日のまま）\n"
        " 7. 期日: 2026-06-15 6/15(月)\n"
        " 8. 根拠: 会社法299条1項\n"
        " 9. 出典: https://laws.e-gov.go.jp/law/417AC0000000086\n"
    )


def test_explain_english_year_end() -> None:
    # Nov 2025 premiums: 12/31 (Wed) bank holiday, 1/1 元日, 1/2–1/3 year-end, 1/4 Sunday → Mon 1/5
    code, out, err = run(
        "--today", "2026-01-05", "explain", "social-insurance-premiums", "2025-11", *RULES, "--lang", "en"
    )
    assert code == 0, err
    assert out.splitlines()[3:10] == [
        " 3. Nominal date: 2025-12-31 Wed 12/31",
        " 4. Convention: next open day (the banks' practice) — bank holidays (weekends, holidays, 12/31–1/3) (銀行法施行令5条)",
        " 5. Closed: Wed 12/31 year-end holidays",
        " 6. Closed: Thu 1/1 New Year's Day (national holiday)",
        " 7. Closed: Fri 1/2 year-end holidays",
        " 8. Closed: Sat 1/3 year-end holidays",
        " 9. Closed: Sun 1/4 weekend",
    ]


@pytest.mark.parametrize(
    ("duty", "period", "due"),
    [
        ("withholding-tax", "2026-07", "2026-07-10"),  # a month that is also a period key: Jul 2026 → 8/10
        ("santei-kiso", "2026-07", "2026-07-10"),  # period key is 2026: falls back to the month due
        ("santei-kiso", "2026", "2026-07-10"),
        ("withholding-tax", "2026-07-11", "2026-08-10"),  # first due on or after the date (8/10 Mon)
        ("withholding-tax", None, "2026-01-13"),  # next from today 1/5
        ("bonus-report", "2026-07-10", "2026-07-15"),  # a for_each period key
    ],
)
def test_explain_period_forms(duty: str, period: str | None, due: str) -> None:
    args = ["--today", "2026-01-05", "explain", duty, *([period] if period else []), *RULES]
    code, out, err = run(*args)
    assert code == 0, err
    line = next(ln for ln in out.splitlines() if ". 期日:" in ln)
    expected = "2026-08-10" if (duty, period) == ("withholding-tax", "2026-07") else due
    assert line.split("期日: ")[1].startswith(expected)


def test_explain_errors() -> None:
    code, _, err = run("explain", "withholding-taks", *RULES)
    assert (
        code == 2 and "「withholding-taks」に当たる義務はありません" in err and 'did you mean "withholding-tax"' in err
    )
    code, _, err = run("explain", "stress-check", *RULES)
    assert code == 2 and "does not apply" in err and "employees" in err


# -- holidays --------------------------------------------------------------------------------------


def test_holidays_2026_national_tax() -> None:
    code, out, err = run("--today", "2026-01-05", "holidays", "2026")
    assert code == 0, err
    assert out == (
        "2026年の休日 — 国税（土日・祝日・12/29〜1/3）（祝日等でない土日は省略）\n"
        "1/1(木)    祝日      元日\n"
        "1/2(金)    年末年始  年末年始\n"
        "1/3(土)    年末年始  年末年始\n"
        "1/12(月)   祝日      成人の日\n"
        "2/11(水)   祝日      建国記念の日\n"
        "2/23(月)   祝日      天皇誕生日\n"
        "3/20(金)   祝日      春分の日\n"
        "4/29(水)   祝日      昭和の日\n"
        "5/3(日)    祝日      憲法記念日\n"
        "5/4(月)    祝日      みどりの日\n"
        "5/5(火)    祝日      こどもの日\n"
        "5/6(水)    祝日      憲法記念日 振替休日\n"
        "7/20(月)   祝日      海の日\n"
        "8/11(火)   祝日      山の日\n"
        "9/21(月)   祝日      敬老の日\n"
        "9/22(火)   祝日      国民の休日\n"
        "9/23(水)   祝日      秋分の日\n"
        "10/12(月)  祝日      スポーツの日\n"
        "11/3(火)   祝日      文化の日\n"
        "11/23(月)  祝日      勤労感謝の日\n"
        "12/29(火)  年末年始  年末年始\n"
        "12/30(水)  年末年始  年末年始\n"
        "12/31(木)  年末年始  年末年始\n"
        "計 23日\n"
    )


def test_holidays_bank_keeps_12_29_and_12_30_open_and_all_adds_weekends() -> None:
    _, out, _ = run("holidays", "2026", "--regime", "bank")
    assert "12/29" not in out and "12/30" not in out and out.endswith("計 21日\n")
    _, out, _ = run("holidays", "2026", "--all", "--lang", "en")
    # 104 weekend days in 2026 (52 weeks + Thu 1/1: 52 Sat, 52 Sun), less those already counted:
    # 1/3 Sat (year-end) and 5/3 Sun (憲法記念日) → 23 + 104 - 2 = 125; dates padded to "Thu 12/31" (9)
    assert out.endswith("125 days\n") and "Sat 1/10   weekend   Sat\n" in out


def test_holidays_provisional_year() -> None:
    from bocal.calendars import LAST_OFFICIAL_YEAR as LAST

    # the year after LAST_OFFICIAL_YEAR: its equinox days are forecasts, marked and explained
    _, out, _ = run("holidays", str(LAST + 1))
    lines = out.splitlines()
    assert sum(line.endswith("   祝日      春分の日（暫定）") for line in lines) == 1
    assert sum(line.endswith("   祝日      秋分の日（暫定）") for line in lines) == 1
    assert out.endswith(
        f"（暫定）{LAST + 1}年の春分の日・秋分の日はまだ官報で公示されていません（確定は{LAST}年まで）。\n"
    )
    # 2028 (provisional while LAST is 2027): the equinoxes by the standard formula are 3/20 (Mon) and
    # 9/22 (Fri), whether or not the 官報 has confirmed them yet
    _, out, _ = run("holidays", "2028")
    assert "3/20(月)   祝日      春分の日" in out and "9/22(金)   祝日      秋分の日" in out


def test_holidays_company_regime_uses_the_profile(tmp_path: Path) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text('[calendar]\nclosures = [{ on = "2026-10-02", name = "創立記念日" }]\n', "utf-8")
    _, out, _ = run("holidays", "2026", "--regime", "company", "--profile", str(profile))
    assert "10/2(金)   自社      創立記念日\n" in out


# -- month -----------------------------------------------------------------------------------------


def test_month_grid_japanese() -> None:
    code, out, err = run("--today", "2026-07-06", "month", "2026-07", *RULES)
    assert code == 0, err
    grid, _, agenda = out.partition("\n\n")
    assert grid + "\n" == (
        "         2026年7月\n"
        " 日  月  火  水  木  金  土\n"
        "              1   2   3   4\n"
        "  5   6   7*  8   9  10* 11\n"
        " 12  13  14* 15* 16  17  18\n"
        " 19  20+ 21  22  23  24* 25\n"
        " 26  27  28  29  30  31*\n"
        "* 期限  + 休日（祝日・年末年始・自社休業）\n"
        "  7/20(月)  海の日\n"
    )
    assert agenda.startswith("2026年7月の期限 — サンプル株式会社（今日 7/6(月)）\n7/7(火)   あと1日")


def test_month_grid_english_monday_first_year_end() -> None:
    # Dec 2026: 12/7 月次決算 (5th open day: 12/1–12/4, 12/7), 12/10 源泉, 12/15 賞与支払届 (12/10 + 5),
    # 12/25 給与, 12/30 月末の支払 (12/31 is a bank holiday); 12/29–12/31 closed (government calendar)
    code, out, err = run("--today", "2026-12-01", "month", "2026-12", "--monday", "--lang", "en", *RULES)
    assert code == 0, err
    assert out.partition("\n\n")[0] + "\n" == (
        "       December 2026\n"
        " Mo  Tu  We  Th  Fr  Sa  Su\n"
        "      1   2   3   4   5   6\n"
        "  7*  8   9  10* 11  12  13\n"
        " 14  15* 16  17  18  19  20\n"
        " 21  22  23  24  25* 26  27\n"
        " 28  29+ 30* 31+\n"
        "* deadline  + closed (holiday, year-end, company)\n"
        "  Tue 12/29  year-end holidays\n"
        "  Wed 12/30  year-end holidays\n"
        "  Thu 12/31  year-end holidays\n"
    )


# -- init ------------------------------------------------------------------------------------------


def test_init_from_flags_without_a_terminal(tmp_path: Path) -> None:
    target = tmp_path / "bocal.toml"
    code, _, err = run(
        "init", "-o", str(target), "--name", "テスト株式会社", "--fiscal-year-end", "12", "--employees", "8",
        "--withholding-special", "--bonus", "none",
    )  # fmt: skip
    assert code == 0, err
    p = load_profile(target)
    assert (p.name, p.get("fiscal_year_end"), p.get("employees")) == ("テスト株式会社", 12, 8)
    assert p.get("withholding_special") is True and p.get("bonus_dates") == [] and p.get("payday") == 25
    text = target.read_text("utf-8")
    assert "fiscal_year_end = 12  # 決算月" in text and '# leave_grant_date = "04-01"' in text
    # never overwrites without --force
    code, _, err = run("init", "-o", str(target), "--employees", "30")
    assert code == 2 and err == f"bocal: {target}: ファイルが既にあります。上書きするなら --force を付けてください\n"
    assert load_profile(target).get("employees") == 8
    code, _, _ = run("init", "-o", str(target), "--employees", "30", "--force")
    assert code == 0 and load_profile(target).get("employees") == 30


def test_init_asks_the_questions(tmp_path: Path) -> None:
    target = tmp_path / "acme.toml"
    # name, kind (default), prefecture (default), 13 is refused and asked again, employees, the largest
    # site (default: employees), the special schedules, listed, board, AGM date (none), payday, bonus, owners
    answers = "ACME\n\n\n13\n9\n60\n\ny\nn\nn\nn\n\n20\n06-30, 12-10\n\n"
    code, _, err = run("init", "-o", str(target), "--ask", input=answers)
    assert code == 0, err
    assert "1〜12 の範囲で答えてください: 13" in err
    p = load_profile(target)
    assert (p.name, p.get("fiscal_year_end"), p.get("employees"), p.get("withholding_special")) == ("ACME", 9, 60, True)
    assert p.get("board") is False and p.get("payday") == 20 and p.get("bonus_dates") == ["06-30", "12-10"]


def test_init_rejects_a_bad_bonus_list(tmp_path: Path) -> None:
    code, _, err = run("init", "-o", str(tmp_path / "x.toml"), "--bonus", "07-10,02-30")
    assert code == 2 and "--bonus" in err and not (tmp_path / "x.toml").exists()


# -- start-up ----------------------------------------------------------------------------------------


def test_list_imports_nothing_it_does_not_use() -> None:
    heavy = after_list(FORMS, "[m for m in ('icalendar', 'waitress', 'jpholiday', 'bocal.ical') if m in sys.modules]")
    assert heavy == "[]"
