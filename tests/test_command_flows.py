"""The library flows behind the thin commands (listing, catalog_view, holidays_report, serving),
called directly, without click. Expected dates are derived by hand in the comments."""

from __future__ import annotations

import json
import signal
import socket
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from bocal.calendars import LAST_OFFICIAL_YEAR
from bocal.catalog_view import check_summary, duties_table, duty_rows, explain_period, find_duty, list_duties
from bocal.errors import UsageError
from bocal.feed import FeedApp, Registry
from bocal.holidays import holidays_report
from bocal.listing import Query, check_areas, date_range, list_company, month_range, upcoming_range
from bocal.profile import Profile
from bocal.rules import Catalog
from bocal.server.run import address, listen, publish_token, run_until_interrupted, token_dirs

D = date


def problem_of(e: pytest.ExceptionInfo[UsageError]) -> tuple[str, str | None, str | None]:
    p = e.value.problems[0]
    return p.message, p.key, p.hint


# -- listing: ranges -------------------------------------------------------------------------------------


def test_month_range_knows_leap_years_and_december() -> None:
    # 2028 is divisible by 4 and not a century: February has 29 days; December ends on the 31st
    assert month_range(2028, 2) == (D(2028, 2, 1), D(2028, 2, 29))
    assert month_range(2027, 2) == (D(2027, 2, 1), D(2027, 2, 28))
    assert month_range(2026, 12) == (D(2026, 12, 1), D(2026, 12, 31))


def test_date_range_defaults_and_open_ends() -> None:
    today = D(2026, 1, 5)
    assert date_range(today, None, None, None, None) == (D(2026, 1, 1), D(2026, 1, 31))
    assert date_range(today, None, None, None, None, default="year") == (D(2026, 1, 1), D(2026, 12, 31))
    # --from alone: a year of days, 2026-04-01 + 364 days = 2027-03-31
    assert date_range(today, D(2026, 4, 1), None, None, None) == (D(2026, 4, 1), D(2027, 3, 31))
    # --to alone starts today
    assert date_range(today, None, D(2026, 2, 1), None, None) == (today, D(2026, 2, 1))
    assert date_range(today, None, None, (2026, 7), None) == (D(2026, 7, 1), D(2026, 7, 31))
    assert date_range(today, None, None, None, 2027) == (D(2027, 1, 1), D(2027, 12, 31))


def test_date_range_refuses_two_ranges_and_a_backwards_one() -> None:
    with pytest.raises(UsageError) as e:
        date_range(D(2026, 1, 5), None, None, (2026, 7), 2026)
    assert problem_of(e)[0] == "give one of --from/--to, --month, --year"
    with pytest.raises(UsageError) as e:
        date_range(D(2026, 1, 5), D(2026, 4, 1), D(2026, 3, 1), None, None)
    assert problem_of(e)[0] == "--to 2026-03-01 is before --from 2026-04-01"


def test_upcoming_starts_on_the_first_of_the_month() -> None:
    # 1/20 + 30 days = 1/50 = 2/19
    assert upcoming_range(D(2026, 1, 20), 30) == (D(2026, 1, 1), D(2026, 2, 19))


def test_check_areas_names_the_flag_it_was_given_and_suggests() -> None:
    assert check_areas([]) is None
    assert check_areas(["labor", "hr"]) == ["labor", "hr"]
    with pytest.raises(UsageError) as e:
        check_areas(["labr"], key="area")
    assert problem_of(e) == ("unknown area 'labr'", "area", 'did you mean "labor"?')


# -- listing: the company list -------------------------------------------------------------------------


def test_list_company_json_holds_the_tasks_it_returns(forms: Catalog, make_profile: Callable[..., Profile]) -> None:
    # January 2026, default profile (test_cli.py / test_forms.py): 源泉所得税 12月分 due 1/10 (Sat) ->
    # 1/13 (Tue; 1/12 成人の日); 社会保険料 11月分 due 11/30+1 month = 12/31 -> bank closed 12/31-1/3,
    # 1/4 Sunday -> 1/5 (Mon)
    query = Query(D(2026, 1, 1), D(2026, 1, 31))
    text, tasks = list_company(
        forms, make_profile(), query, today=D(2026, 1, 5), lang="ja", fmt="json", bom=False, color=False
    )
    dues = {(t.duty.id, t.due) for t in tasks}
    assert ("withholding-tax", D(2026, 1, 13)) in dues
    assert ("social-insurance-premiums", D(2026, 1, 5)) in dues
    assert all(query.start <= t.due <= query.end for t in tasks)
    rows = json.loads(text)
    assert [(r["duty"], r["due"]) for r in rows] == [(t.duty.id, t.due.isoformat()) for t in tasks]


def test_list_company_by_area(forms: Catalog, make_profile: Callable[..., Profile]) -> None:
    query = Query(D(2026, 1, 1), D(2026, 1, 31), areas=["labor"])
    text, tasks = list_company(
        forms, make_profile(), query, today=D(2026, 1, 5), lang="en", fmt="csv", bom=False, color=False
    )
    assert tasks and {t.area for t in tasks} == {"labor"}


# -- catalog_view ------------------------------------------------------------------------------------------


def test_find_duty_suggests_the_nearest_id(forms: Catalog) -> None:
    assert find_duty(forms, "santei-kiso").id == "santei-kiso"
    with pytest.raises(UsageError) as e:
        find_duty(forms, "santei-kisso")
    assert problem_of(e) == (
        "no duty matches 'santei-kisso' (bocal duties lists them)",
        None,
        'did you mean "santei-kiso"?',
    )


def test_duty_rows_say_which_apply(forms: Catalog, make_profile: Callable[..., Profile]) -> None:
    # withholding_special defaults to false: the monthly duty applies, the special schedule does not
    rows = {r.duty.id: r.applies for r in duty_rows(forms, make_profile(), ["accounting"])}
    assert rows["withholding-tax"] is True and rows["withholding-tax-special"] is False
    assert "social-insurance-premiums" not in rows  # labor
    special = {r.duty.id: r.applies for r in duty_rows(forms, make_profile(withholding_special=True))}
    assert special["withholding-tax"] is False and special["withholding-tax-special"] is True


def test_duties_table_aligns_by_display_width(forms: Catalog, make_profile: Callable[..., Profile]) -> None:
    rows = duty_rows(forms, make_profile(), ["accounting", "labor"])
    lines = duties_table(rows, "ja").splitlines()
    assert len(lines) == len(rows)
    # 経理 and 労務 are both 2 wide characters = 4 cells: the titles start in the same column
    w_id = max(len(r.duty.id) for r in rows)
    for line, r in zip(lines, rows, strict=True):
        assert line.startswith(("✓ " if r.applies else "- ") + r.duty.id.ljust(w_id) + "  ")
        assert line.endswith("  " + r.duty.title)
    data = json.loads(list_duties(forms, make_profile(), areas=["labor"], fmt="json", lang="ja"))
    assert {d["area"] for d in data} == {"labor"} and all(isinstance(d["applies"], bool) for d in data)


def test_explain_period_refuses_a_duty_that_does_not_apply(
    forms: Catalog, make_profile: Callable[..., Profile]
) -> None:
    with pytest.raises(UsageError) as e:
        explain_period(
            forms, make_profile(name="サンプル株式会社"), "withholding-tax-special", None, D(2026, 1, 5), "ja"
        )
    assert problem_of(e)[0].startswith("duty 'withholding-tax-special' does not apply to サンプル株式会社: ")


def test_explain_period_gives_the_task_named(forms: Catalog, make_profile: Callable[..., Profile]) -> None:
    # 2025年12月分: due 1/10 (Sat), 1/11 Sunday, 1/12 成人の日 -> 1/13 (Tue)
    text = explain_period(forms, make_profile(), "withholding-tax", "2025-12", D(2026, 1, 5), "ja")
    assert "1/13(火)" in text
    with pytest.raises(UsageError) as e:
        explain_period(forms, make_profile(), "withholding-tax", "soon", D(2026, 1, 5), "ja")
    assert problem_of(e)[0] == "no withholding-tax task for 'soon'"


def test_check_summary_counts_duties_per_area(forms: Catalog, make_profile: Callable[..., Profile]) -> None:
    lines = check_summary(forms, make_profile()).splitlines()
    assert lines[0] == f"rules: 1 files, {len(forms.duties)} duties — OK"
    counts = dict(part.rsplit(" ", 1) for part in lines[2].strip().split(", "))
    assert sum(int(n) for n in counts.values()) == len(forms.duties)
    assert lines[-1] == "profile: (embedded default) — " + make_profile().name + " — OK"


# -- holidays_report ---------------------------------------------------------------------------------------


def test_holidays_report_json_and_weekends() -> None:
    # 2026-05-03 (憲法記念日) is a Sunday; 5/4 and 5/5 are holidays, so the substitute is 5/6 (Wed)
    days = json.loads(holidays_report(2026, "national-tax", all_days=False, fmt="json", lang="ja"))
    by_date = {d["date"]: d for d in days}
    assert by_date["2026-05-06"]["kind"] == "holiday"
    assert all(d["kind"] != "weekend" for d in days)
    # with weekends: 2026-01-10 is a Saturday (1/1 is a Thursday)
    every = json.loads(holidays_report(2026, "national-tax", all_days=True, fmt="json", lang="ja"))
    assert {d["date"]: d["kind"] for d in every}["2026-01-10"] == "weekend"


def test_holidays_report_text_heading_and_provisional_note() -> None:
    text = holidays_report(LAST_OFFICIAL_YEAR, "bank", all_days=False, fmt="table", lang="ja")
    assert text.splitlines()[0].startswith(f"{LAST_OFFICIAL_YEAR}年の休日 — ") and text.splitlines()[0].endswith(
        "（祝日等でない土日は省略）"  # issue #12: weekend holidays (1/3(土) 年末年始) are listed
    )
    assert "（暫定）" not in text
    later = holidays_report(LAST_OFFICIAL_YEAR + 1, "bank", all_days=True, fmt="table", lang="en")
    assert later.splitlines()[0].startswith(f"Closed days in {LAST_OFFICIAL_YEAR + 1} — ")
    assert later.splitlines()[-1].startswith(
        f"(provisional) the equinox days of {LAST_OFFICIAL_YEAR + 1} are not yet fixed"
    )


# -- serving -------------------------------------------------------------------------------------------------

TOKEN_A = "Aq3Zr9Lm2Xv7Pk5Wn8Ty1B"  # 22 characters, strong enough (weak ones such as "A" * 22 are refused)
TOKEN_B = "b-7Hq2Ns9Vc4Jx6Rm1Tz3Kd"


def test_publish_token_reuses_the_one_directory_there(tmp_path: Path) -> None:
    token, generated = publish_token(str(tmp_path), None)
    assert generated and len(token) >= 22
    (tmp_path / TOKEN_A).mkdir()
    (tmp_path / "short").mkdir()  # not a token: too short
    (tmp_path / ("C" * 22)).write_text("a file, not a directory")
    assert token_dirs(str(tmp_path)) == [TOKEN_A]
    assert publish_token(str(tmp_path), None) == (TOKEN_A, False)
    assert publish_token(str(tmp_path), TOKEN_B) == (TOKEN_B, False)
    (tmp_path / TOKEN_B).mkdir()
    with pytest.raises(UsageError) as e:
        publish_token(str(tmp_path), None)
    assert problem_of(e)[0] == "2 token directories here: say which with --token"
    assert token_dirs(str(tmp_path / "missing")) == []


def test_listen_reports_a_taken_port_and_address_names_the_server() -> None:
    app = FeedApp(Registry())
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(UsageError) as e:
            listen(app, "127.0.0.1", port)
        assert problem_of(e)[0].startswith(f"cannot listen on 127.0.0.1:{port}: ")
    server = listen(app, "127.0.0.1", 0)
    try:
        assert address(server, "127.0.0.1", None) == f"http://127.0.0.1:{server.effective_port}"
        assert address(server, "127.0.0.1", "https://cal.example.jp/bocal") == "https://cal.example.jp/bocal"
    finally:
        server.close()


def test_run_until_interrupted_returns_on_ctrl_c_and_closes_the_server() -> None:
    server = listen(FeedApp(Registry()), "127.0.0.1", 0)
    port = server.effective_port

    def ctrl_c(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGALRM, ctrl_c)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.2)  # the trigger only; nothing here is timed
        run_until_interrupted(server)  # returns: Ctrl-C is how a server is stopped, not an error
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
