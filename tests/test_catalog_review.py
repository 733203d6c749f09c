"""The catalog review of issue #15 (items 4–5) and issue #12 (item 3, data side).

Corrections checked against official sources, dates set each year by an authority, the
statutory / customary / target marks, maintainer-only `review` notes, and honest move reasons.
Every expected date is derived by hand in a comment (weekday from the calendar; holidays as in
tests/test_forms.py; national-tax / local-tax / government closed Sat, Sun, holidays, 12/29–1/3;
bank closed Sat, Sun, holidays, 12/31–1/3) — never copied from bocal's output.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from bocal.dates import Earliest, parse_expr
from bocal.describe import assumed_note, move_reason
from bocal.errors import RuleError
from bocal.expand import Expander, Task
from bocal.ics.words import description as describe_task
from bocal.profile import Profile, schema
from bocal.render import task_record
from bocal.rules import Catalog, load_catalog

D = date
LO, HI = D(2022, 1, 1), D(2036, 12, 31)
MakeProfile = Callable[..., Profile]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def tasks(catalog: Catalog, profile: Profile, duty_id: str, lo: date = LO, hi: date = HI) -> list[Task]:
    assert catalog.get(duty_id) is not None, duty_id
    return Expander(catalog).expand(profile, lo, hi, duties=[duty_id])


def by_period(ts: list[Task]) -> dict[str, date]:
    return {t.period.key: t.due for t in ts}


# -- issue #15 item 4: corrections ------------------------------------------------------------------


def test_employment_insurance_enrolment_is_its_own_duty(catalog: Catalog, make_profile: MakeProfile) -> None:
    # 雇用保険法施行規則6条1項: 被保険者となった日の属する月の翌月10日まで. April hires → 5/10.
    got = by_period(tasks(catalog, make_profile(), "new-hire-employment-insurance"))
    assert got["2026"] == D(2026, 5, 11)  # 5/10 Sun → 5/11 Mon
    assert got["2027"] == D(2027, 5, 10)  # Mon
    assert got["2025"] == D(2025, 5, 12)  # 5/10 Sat, 5/11 Sun → 5/12 Mon
    # the 5-day social-insurance duty no longer claims the employment-insurance form or article
    hi = catalog.get("new-hire-social-insurance")
    assert hi is not None
    assert "雇用保険" not in hi.basis and "雇用保険被保険者資格取得届" not in (hi.form or "")
    assert "new-hire-employment-insurance" in (hi.notes or "")
    onboarding = catalog.get("new-hire-onboarding")
    assert onboarding is not None and "new-hire-employment-insurance" in (onboarding.notes or "")


def test_levy_window_opens_on_its_day_even_on_a_weekend(catalog: Catalog, make_profile: MakeProfile) -> None:
    # JEED: 申告期間 4/1〜5/15; the window opens on 4/1 even when it is a Saturday (2023, 2028).
    ts = {t.period.key: t for t in tasks(catalog, make_profile(employees=150), "disability-employment-levy")}
    t23, t28 = ts["2023"], ts["2028"]
    assert (t23.start, t23.due) == (D(2023, 4, 1), D(2023, 5, 15))  # 4/1 Sat stays; 5/15 Mon
    assert (t28.start, t28.due) == (D(2028, 4, 1), D(2028, 5, 15))  # 4/1 Sat stays; 5/15 Mon
    # the deadline still moves later: 2027-05-15 Sat, 5/16 Sun → 5/17 Mon
    assert ts["2027"].due == D(2027, 5, 17)
    assert move_reason(ts["2027"]) == "5/15(土)・5/16(日)のため 5/17(月) に延長 — 行政機関の休日に関する法律2条"


def test_salary_report_counts_as_withholding_slip_from_2027(catalog: Catalog) -> None:
    for duty_id in ("statutory-reports-2027", "salary-payment-reports"):
        d = catalog.get(duty_id)
        assert d is not None
        assert "2027年（令和9年）1月1日以後" in (d.notes or "")
        assert "税務署にも提出したものとみなされる" in (d.notes or "")


def test_director_pay_revision_deadline(catalog: Catalog, make_profile: MakeProfile) -> None:
    # 法人税法施行令69条1項1号イ: 会計期間開始の日から3月を経過する日. FY from 4/1 → 6/30; never moved.
    got = by_period(tasks(catalog, make_profile(), "director-pay-revision-deadline"))
    assert got["FY2027-03"] == D(2026, 6, 30)  # Tue
    assert got["FY2028-03"] == D(2027, 6, 30)  # Wed
    dec = by_period(tasks(catalog, make_profile(fiscal_year_end=12), "director-pay-revision-deadline"))
    assert dec["FY2026-12"] == D(2026, 3, 31)  # FY from 1/1 → 3/31 Tue


def test_director_fixed_bonus_notice_is_the_earlier_date(catalog: Catalog, make_profile: MakeProfile) -> None:
    # 法人税法施行令69条4項1号: the earlier of (AGM + 1 month) and (FY start + 4 months).
    # AGM 2026-06-26 Fri → 7/26 Sun; FY start 4/1 + 4 months → 7/31. Earlier: 7/26 Sun → 7/27 Mon.
    got = by_period(tasks(catalog, make_profile(agm_date="06-26"), "director-fixed-bonus-notification"))
    assert got["FY2026-03"] == D(2026, 7, 27)
    # A late AGM: 2026-07-20 (Mon, 海の日) → 8/20; FY start + 4 months = 7/31 Fri is earlier.
    late = by_period(tasks(catalog, make_profile(agm_date="07-20"), "director-fixed-bonus-notification"))
    assert late["FY2026-03"] == D(2026, 7, 31)


def test_earliest_of_form() -> None:
    keys = {k: s.type for k, s in schema().items()}
    e = parse_expr("earliest of 1 month after and 4 months after end", keys)
    assert isinstance(e, Earliest) and e.anchored and len(e.options) == 2
    with pytest.raises(ValueError, match="two or more"):
        parse_expr("earliest of 1 month after", keys)


def test_premium_title_names_the_child_support_levy_from_april_2026(
    catalog: Catalog, make_profile: MakeProfile
) -> None:
    p = make_profile()
    new = {t.period.key: t for t in tasks(catalog, p, "social-insurance-premiums")}
    old = {t.period.key: t for t in tasks(catalog, p, "social-insurance-premiums-until-2026-03")}
    assert "2026-04" in new and "2026-04" not in old  # April 2026 premiums, due 5/31 Sun → 6/1 Mon
    assert new["2026-04"].due == D(2026, 6, 1)
    assert "2026-03" in old and "2026-03" not in new  # March premiums, due 4/30 Thu
    assert "子ども・子育て支援金" in new["2026-04"].title("ja")
    assert "子ども・子育て支援金" not in old["2026-03"].title("ja")


def test_disclosure_thresholds(catalog: Catalog, make_profile: MakeProfile) -> None:
    # 男女の賃金の差異: 301+ since 2022-07-08 (FY2023-03 → おおむね3か月: 6/30 Fri), until the 101+ rule.
    big = make_profile(employees=400)
    gap = by_period(tasks(catalog, big, "gender-pay-gap-disclosure-301"))
    assert gap["FY2023-03"] == D(2023, 6, 30)
    assert gap["FY2026-03"] == D(2026, 6, 30)  # Tue: FY ended before 2026-04-01, old rule
    assert "FY2027-03" not in gap
    assert by_period(tasks(catalog, big, "womens-advancement-disclosure"))["FY2027-03"] == D(2027, 6, 30)
    assert tasks(catalog, make_profile(employees=300), "gender-pay-gap-disclosure-301") == []
    # 育児休業取得状況: over 300 from 2025-04 (FY2025-03 → 6/30 Mon); exactly 300 is not over 300.
    leave = by_period(tasks(catalog, make_profile(employees=301), "childcare-leave-disclosure"))
    assert leave["FY2025-03"] == D(2025, 6, 30)
    assert "FY2024-03" not in leave
    assert tasks(catalog, make_profile(employees=300), "childcare-leave-disclosure") == []


def test_heatstroke_measures_from_2025(catalog: Catalog, make_profile: MakeProfile) -> None:
    got = {t.period.key: t for t in tasks(catalog, make_profile(), "heatstroke-measures")}
    assert "2024" not in got
    assert got["2025"].due == D(2025, 5, 30)  # 5/31 Sat → 5/30 Fri
    t = got["2026"]
    assert t.due == D(2026, 5, 29)  # 5/31 Sun, 5/30 Sat → 5/29 Fri
    assert move_reason(t) == "5/30(土)・5/31(日)のため 5/29(金) に繰上げ — 安全側で前営業日に設定"


@pytest.mark.parametrize(
    ("employees", "duty_id", "day"),
    [
        (40, "part-timer-social-insurance-2027-10", D(2027, 10, 1)),  # 35人を超える: Fri
        (36, "part-timer-social-insurance-2027-10", D(2027, 10, 1)),
        (30, "part-timer-social-insurance-2029-10", D(2029, 10, 1)),  # 20人を超える: Mon
        (15, "part-timer-social-insurance-2032-10", D(2032, 10, 1)),  # 10人を超える: Fri
        (5, "part-timer-social-insurance-2035-10", D(2035, 10, 1)),  # 規模要件なし: Mon
    ],
)
def test_part_timer_coverage_steps(
    catalog: Catalog, make_profile: MakeProfile, employees: int, duty_id: str, day: date
) -> None:
    p = make_profile(employees=employees)
    assert [t.due for t in tasks(catalog, p, duty_id)] == [day]
    others = [d.id for d in catalog.duties if d.id.startswith("part-timer-") and d.id != duty_id]
    for other in others:
        assert tasks(catalog, p, other) == [], other
    # already covered (51+ since 2024-10): none of the steps
    assert all(tasks(catalog, make_profile(employees=51), d) == [] for d in [duty_id, *others])


def test_employment_insurance_10_hours_keeps_its_date_on_a_sunday(catalog: Catalog, make_profile: MakeProfile) -> None:
    (t,) = tasks(catalog, make_profile(), "employment-insurance-10-hours-2028-10")
    assert t.due == D(2028, 10, 1)  # Sunday: an effective date set by law does not move
    assert move_reason(t) == "10/1(日)は休日ですが法定期限のため移動しません"
    assert move_reason(t, "en") == "Sun 10/1: a closed day, but a statutory date does not move"


def test_light_vehicle_tax(catalog: Catalog, make_profile: MakeProfile) -> None:
    (t,) = tasks(catalog, make_profile(), "light-vehicle-tax", D(2026, 1, 1), D(2026, 12, 31))
    assert t.due == D(2026, 6, 1)  # 5/31 Sun → 6/1 Mon
    assert move_reason(t) == "5/31(日)のため 6/1(月) に延長 — 地方税法20条の5第2項"
    assert tasks(catalog, make_profile(owns_vehicles=False), "light-vehicle-tax") == []


def test_earnings_release_45_days(catalog: Catalog, make_profile: MakeProfile) -> None:
    p = make_profile(listed=True)
    got = {t.period.key: t for t in tasks(catalog, p, "earnings-release", D(2026, 1, 1), D(2027, 3, 31))}
    assert got["2026-01..2026-03"].due == D(2026, 5, 15)  # 3/31 + 45 = 5/15 Fri
    assert got["2026-04..2026-06"].due == D(2026, 8, 14)  # 6/30 + 45 = 8/14 Fri
    t = got["2026-07..2026-09"]
    assert (t.nominal, t.due) == (D(2026, 11, 14), D(2026, 11, 16))  # Sat → Mon
    assert move_reason(t) == (
        "11/14(土)・11/15(日)のため 11/16(月) に延長 — 東証の決算短信作成要領（45日目が休日なら翌営業日）"
    )
    assert got["2026-10..2026-12"].due == D(2027, 2, 15)  # 12/31 + 45 = 2/14 Sun → 2/15 Mon
    assert t.duty.deadline == "target"
    assert tasks(catalog, make_profile(listed=False), "earnings-release") == []


def test_withholding_special_note_on_manuscript_fees(catalog: Catalog) -> None:
    d = catalog.get("withholding-tax-special")
    assert d is not None and "原稿料・デザイン料" in (d.notes or "") and "毎月" in (d.notes or "")


def test_small_site_stress_check_is_not_dated(catalog: Catalog, make_profile: MakeProfile) -> None:
    p = make_profile(site_employees=10)
    d = catalog.get("stress-check-small-sites")
    assert d is not None and d.pending and "政令" in d.pending
    assert tasks(catalog, p, "stress-check-small-sites") == []
    # the voluntary check goes on until the 政令 sets the date: 2028-11-30 Thu
    prep = by_period(tasks(catalog, p, "stress-check-small-sites-prep"))
    assert prep["2028"] == D(2028, 11, 30)


# -- classification -------------------------------------------------------------------------------


def test_every_duty_is_marked(catalog: Catalog) -> None:
    kinds = {d.deadline for d in catalog.duties}
    assert kinds == {"statutory", "customary", "target"}
    for d in catalog.duties:
        assert (d.deadline == "customary") == d.customary, d.id
    assert catalog.get("new-year-cards").deadline == "customary"  # type: ignore[union-attr]
    assert catalog.get("health-check-report").deadline == "target"  # type: ignore[union-attr]  # 遅滞なく
    assert catalog.get("withholding-tax").deadline == "statutory"  # type: ignore[union-attr]


def test_marks_are_checked_by_the_loader(tmp_path: Path) -> None:
    f = tmp_path / "bad.toml"
    f.write_text(
        """
[[duty]]
id = "a"
title = "A"
title_en = "A"
area = "labor"
every = "year"
due = "07-10"
basis = "customary"
deadline = "statutory"

[[duty]]
id = "b"
title = "B"
title_en = "B"
area = "labor"
every = "year"
due = "07-10"
start_shift = "none"
deadline = "soon"
basis = "労働基準法24条"
source = "https://laws.e-gov.go.jp/law/322AC0000000049"

[[duty]]
id = "c"
title = "C"
title_en = "C"
area = "accounting"
every = "year"
starting = 4
installments = ["06-30", "12-25"]
dated = { 2024 = [2024-07-01] }
basis = "地方税法362条1項"
source = "https://laws.e-gov.go.jp/law/325AC0000000226"
""",
        encoding="utf-8",
    )
    with pytest.raises(RuleError) as e:
        load_catalog([f], bundled=False)
    text = str(e.value)
    assert 'deadline = "statutory" needs a law in basis' in text
    assert "start_shift" in text and "needs start" in text
    assert "must be one of statutory, customary, target" in text
    assert "2024: 1 date(s) given, the duty has 2 per period" in text


# -- issue #15 item 5: dates set each year by an authority -----------------------------------------


def test_tokyo_fixed_asset_tax_uses_the_announced_dates(catalog: Catalog, make_profile: MakeProfile) -> None:
    got = {
        t.period.key: t for t in tasks(catalog, make_profile(fixed_asset_tax_schedule="tokyo-23"), "fixed-asset-tax")
    }
    # FY2024 as 主税局 announced it: 7/1 (6/30 Sun), 9/30, 12/27, 2/28
    fy24 = [got[f"2024-04..2025-03-{k}"] for k in range(1, 5)]
    assert [t.due for t in fy24] == [D(2024, 7, 1), D(2024, 9, 30), D(2024, 12, 27), D(2025, 2, 28)]
    assert not any(t.assumed for t in fy24)
    # FY2025 is not in the table: the rule's safe early 12/25 (Thu), marked as assumed
    t = got["2025-04..2026-03-3"]
    assert t.due == D(2025, 12, 25) and t.assumed
    assert assumed_note(t) == (
        "推定: 2025年4月〜2026年3月分 第3期の公表日は未登録のため規則による日付（12/25(木)）— 通知・公示で確認"
    )
    assert assumed_note(fy24[2]) is None


def test_minimum_wage_effective_dates(catalog: Catalog, make_profile: MakeProfile) -> None:
    tokyo = {t.period.key: t for t in tasks(catalog, make_profile(prefecture="tokyo"), "minimum-wage-effective")}
    assert tokyo["2025-04..2026-03"].due == D(2025, 10, 3) and not tokyo["2025-04..2026-03"].assumed
    assert tokyo["2026-04..2027-03"].due == D(2026, 10, 1) and tokyo["2026-04..2027-03"].assumed
    akita = by_period(tasks(catalog, make_profile(prefecture="akita"), "minimum-wage-effective"))
    assert akita["2025-04..2026-03"] == D(2026, 3, 31)  # 秋田: 令和8年3月31日発効
    gunma = by_period(tasks(catalog, make_profile(prefecture="gunma"), "minimum-wage-effective"))
    assert gunma["2025-04..2026-03"] == D(2026, 3, 1)  # 群馬: 3/1 Sun — an effective date does not move


def test_assumed_dates_are_marked_everywhere(catalog: Catalog, make_profile: MakeProfile) -> None:
    (t,) = tasks(catalog, make_profile(), "minimum-wage-effective", D(2026, 4, 1), D(2027, 3, 31))
    assert t.assumed
    assert task_record(t)["assumed"] is True
    assert "推定" in describe_task(t, "ja")
    from bocal.agenda import render_agenda

    text = render_agenda([t], today=D(2026, 9, 1), lang="ja", title="t")
    assert "推定: 2026年4月〜2027年3月分の公表日は未登録" in text


# -- issue #12 item 3: maintainers' notes and honest move reasons ----------------------------------


def test_no_maintainer_note_reaches_users(catalog: Catalog) -> None:
    reviewed = [d for d in catalog.duties if d.review]
    assert len(reviewed) >= 25
    for d in catalog.duties:
        for case in (d, *d.cases.values()):
            for text in (
                case.title,
                case.title_en,
                case.basis,
                case.notes or "",
                case.form or "",
                case.submit_to or "",
            ):
                assert "要確認" not in text, d.id
                assert "valid_until" not in text and "valid_from" not in text, d.id


def test_review_is_not_in_any_output(catalog: Catalog, make_profile: MakeProfile) -> None:
    p = make_profile(employees=400, listed=True, site_employees=60)
    ts = Expander(catalog).expand(p, D(2026, 1, 1), D(2027, 12, 31))
    seen = {t.duty.id for t in ts}
    for t in ts:
        review = t.duty.review or catalog.get(t.duty.id).review  # type: ignore[union-attr]
        if not review:
            continue
        for lang in ("ja", "en"):
            assert review not in describe_task(t, lang)
            assert review not in json.dumps(task_record(t, lang), ensure_ascii=False)
    assert {"fixed-asset-tax", "social-insurance-premiums", "earnings-release"} <= seen


def test_payday_move_names_the_work_rules(catalog: Catalog, make_profile: MakeProfile) -> None:
    got = {t.period.key: t for t in tasks(catalog, make_profile(payday=25), "payroll", D(2026, 1, 1), D(2026, 1, 31))}
    t = got["2026-01"]
    assert t.due == D(2026, 1, 23)  # 1/25 Sun, 1/24 Sat → 1/23 Fri
    assert move_reason(t) == "1/24(土)・1/25(日)のため 1/23(金) に繰上げ — 就業規則（賃金規程）の定め"


def test_safe_side_move_does_not_cite_a_law(catalog: Catalog, make_profile: MakeProfile) -> None:
    # 源泉徴収票の本人交付: 2026-01-31 Sat → 1/30 Fri. 国税通則法10条2項 only moves deadlines later.
    got = {t.period.key: t for t in tasks(catalog, make_profile(), "withholding-slips-to-employees")}
    t = got["2025"]
    assert t.due == D(2026, 1, 30)
    assert move_reason(t) == "1/31(土)のため 1/30(金) に繰上げ — 安全側で前営業日に設定"
    assert (
        move_reason(t, "en") == "brought forward to Fri 1/30: Sat 1/31 closed — set to the previous open day to be safe"
    )


def test_social_insurance_move_cites_the_pension_service(catalog: Catalog, make_profile: MakeProfile) -> None:
    got = {t.period.key: t for t in tasks(catalog, make_profile(), "social-insurance-premiums")}
    t = got["2026-11"]  # due 12/31 Thu; banks closed 12/31–1/3 (1/2 Sat, 1/3 Sun) → 1/4 Mon
    assert t.due == D(2027, 1, 4)
    reason = move_reason(t)
    assert reason is not None and reason.endswith("— 日本年金機構の案内（納付期限の末日が休日なら翌営業日）")


def test_target_moves_are_not_the_laws(catalog: Catalog, make_profile: MakeProfile) -> None:
    # 定期健康診断結果報告 (遅滞なく → 30 days after the check, a target): 2026-10-30 Fri (10/31 Sat
    # → preceding) + 30 = 11/29 Sun → 11/30 Mon; the move is bocal's, not 行政機関の休日に関する法律.
    got = {t.period.key: t for t in tasks(catalog, make_profile(site_employees=60), "health-check-report")}
    t = got["2026"]
    assert t.due == D(2026, 11, 30)
    assert move_reason(t) == "11/29(日)のため 11/30(月) に延長 — 目安の日のため翌営業日に設定"


# -- the commands: check --review, --statutory, the pending notice ---------------------------------


def run_cli(*args: str) -> tuple[int, str, str]:
    from click.testing import CliRunner

    from bocal.cli import cli

    r = CliRunner().invoke(cli, list(args), env={"LANG": "ja_JP.UTF-8", "NO_COLOR": "1", "BOCAL_TODAY": None})
    return r.exit_code, r.stdout, r.stderr


def test_check_review_lists_maintainer_notes(catalog: Catalog) -> None:
    code, out, err = run_cli("check", "--review")
    assert code == 0, err
    lines = out.splitlines()
    n = sum(1 for d in catalog.duties if d.review)
    assert lines[-1] == f"review: {n} of {len(catalog.duties)} duties have notes"
    d = catalog.get("stress-check-small-sites")
    assert d is not None and d.review
    assert f"{d.path}:{d.line_of('review')}: stress-check-small-sites: {d.review}" in lines
    # the line is the `review = ` line of that duty in its file
    assert (
        d.path is not None
        and "review"
        in Path("schedules", Path(d.path).name)
        .read_text("utf-8")
        .splitlines()[
            d.line_of("review") - 1  # type: ignore[operator]
        ]
    )
    # without --review, check says nothing about them
    code, out, _ = run_cli("check")
    assert code == 0 and "要確認" not in out


def test_statutory_filter_leaves_customs_and_targets_out() -> None:
    # November 2026, default profile: 年末調整書類の回収 (a target, 11/30) goes, 源泉所得税 (statutory,
    # 11/10) stays; December: 年賀状 (customary) goes.
    code, out, err = run_cli("--today", "2026-12-01", "list", "--month", "2026-11", "--format", "json")
    assert code == 0, err
    every = {t["duty"] for t in json.loads(out)}
    code, out, err = run_cli("--today", "2026-12-01", "list", "--month", "2026-11", "--format", "json", "--statutory")
    assert code == 0, err
    kept = json.loads(out)
    ids = {t["duty"] for t in kept}
    assert {t["deadline"] for t in kept} == {"statutory"}
    assert "withholding-tax" in ids and "year-end-adjustment-forms" in every - ids
    code, out, err = run_cli("--today", "2026-12-01", "list", "--month", "2026-12", "--statutory")
    assert code == 0, err
    assert "年賀状" not in out and "源泉所得税の納付" in out
    # a statutory duty counted from a customary anchor still comes: 資格取得届 5 days after 4/1 入社
    code, out, err = run_cli("--today", "2027-04-01", "list", "--month", "2027-04", "--statutory")
    assert code == 0, err
    assert "新入社員の資格取得届" in out and "新入社員の入社・入社式" not in out


def test_duties_shows_the_pending_notice_instead_of_dates(tmp_path: Path) -> None:
    prof = tmp_path / "bocal.toml"
    prof.write_text('[company]\nname = "小さな会社"\nsite_employees = 10\n', encoding="utf-8")
    code, out, err = run_cli("duties", "--area", "labor", "--profile", str(prof))
    assert code == 0, err
    lines = out.splitlines()
    i = next(k for k, line in enumerate(lines) if "stress-check-small-sites " in line)
    assert lines[i + 1].strip().startswith("期日未定: 施行日は政令で定める日")
    code, out, err = run_cli("duties", "stress-check-small-sites", "--profile", str(prof))
    assert code == 0, err
    assert "期日未定:" in out and "次の期日" not in out
    code, out, err = run_cli(
        "--today", "2029-01-01", "list", "--year", "2029", "--profile", str(prof), "--format", "json"
    )
    assert code == 0, err
    got = {t["duty"] for t in json.loads(out)}
    assert "stress-check-small-sites" not in got and "stress-check-small-sites-prep" in got


def test_target_tasks_say_so(catalog: Catalog, make_profile: MakeProfile) -> None:
    p = make_profile(site_employees=60)
    (t,) = tasks(catalog, p, "health-check-report", D(2026, 1, 1), D(2026, 12, 31))
    assert t.target and t.duty.deadline == "target"
    assert task_record(t)["deadline"] == "target"
    assert "期日は目安" in describe_task(t, "ja")
    (w,) = tasks(catalog, p, "withholding-tax", D(2026, 1, 1), D(2026, 1, 31))
    assert not w.target and task_record(w)["deadline"] == "statutory"


def test_explain_says_which_of_the_two_dates_is_earlier() -> None:
    # default profile: AGM 6/30 (FYE 3/31 + 3 months, Tue) → +1 month 7/30 Thu; FY start + 4 months 7/31 Fri
    code, out, err = run_cli("--today", "2026-06-01", "explain", "director-fixed-bonus-notification")
    assert code == 0, err
    assert (
        " 4. 数え方: 起算日の1か月後 = 7/30(木)・期末の翌日から4か月（期末から4か月後の月末） = 7/31(金) のうち早い日"
        in out
    )
    assert " 5. 本来の期日: 2026-07-30 7/30(木)" in out


def test_explain_names_who_moves_the_date() -> None:
    # 源泉徴収票の本人交付 2025年分: 2026-01-31 Sat → 1/30 Fri, bocal's safe-side choice, not 10条2項's move
    code, out, err = run_cli("--today", "2026-01-05", "explain", "withholding-slips-to-employees", "2025")
    assert code == 0, err
    assert (
        " 4. 休日の扱い: 前営業日（安全側で前営業日に設定） — 国税（土日・祝日・12/29〜1/3）（国税通則法10条2項）"
        in out
    )
    # a deadline the law moves later names no other mover: 源泉所得税 2025年12月分 (1/10 Sat … → 1/13 Tue)
    code, out, err = run_cli("--today", "2026-01-05", "explain", "withholding-tax", "2025-12")
    assert code == 0, err
    assert " 4. 休日の扱い: 翌営業日 — 国税（土日・祝日・12/29〜1/3）（国税通則法10条2項）" in out
