"""The bundled catalog (schedules/*.toml): its structure, its conditions, and hand-derived dates.

Every expected date below was derived by hand from the law and the calendar (never copied from
bocal's output): weekdays from Python's calendar, national holidays 2025–2027 as listed in
tests/test_forms.py, national-tax / local-tax / government closed Sat, Sun, holidays and 12/29–1/3,
banks closed Sat, Sun, holidays and 12/31–1/3. Each moved date carries a comment saying why.
tests/golden/REVIEW.md records the full review of the three snapshot profiles.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from datetime import date

import pytest

from bocal.profile import Profile, schema
from bocal.rules import Catalog, load_catalog
from helpers.expand import dues, tasks

D = date
AREAS = ("general-affairs", "hr", "labor", "accounting", "legal", "it")
MakeProfile = Callable[..., Profile]

# The two fixture profiles (tests/fixtures/profiles/*.toml), as keyword arguments.
SMALL = dict(
    fiscal_year_end=12,
    employees=6,
    withholding_special=True,
    resident_tax_special=True,
    board=False,
    payday=20,
    bonus_dates=["12-20"],
)
LISTED = dict(
    fiscal_year_end=12,
    employees=1200,
    listed=True,
    board=True,
    filing_extension=True,
    payday=25,
    bonus_dates=["06-30", "12-10"],
    agm_date="03-27",
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


# ---------------------------------------------------------------- structure


def test_size_and_areas(catalog: Catalog) -> None:
    assert len(catalog.duties) >= 70
    per_area = Counter(d.area for d in catalog.duties)
    assert set(per_area) == set(AREAS)
    for area in AREAS:
        assert per_area[area] >= 5, area


def test_ids_unique_and_well_formed(catalog: Catalog) -> None:
    ids = [d.id for d in catalog.duties]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids)


LAW = re.compile(r"(法|令|規則|告示|基準|省令|条例)")
ARTICLE = re.compile(r"\d+条|附則")


def test_statutory_duties_cite_law_article_and_source(catalog: Catalog) -> None:
    statutory = [d for d in catalog.duties if d.basis != "customary"]
    assert len(statutory) >= 50
    for d in statutory:
        assert LAW.search(d.basis), f"{d.id}: basis names no law: {d.basis}"
        assert ARTICLE.search(d.basis), f"{d.id}: basis names no article: {d.basis}"
        assert d.source and d.source.startswith("https://"), f"{d.id}: source {d.source!r}"


def test_customary_duties_say_whose_custom(catalog: Catalog) -> None:
    customary = [d for d in catalog.duties if d.basis == "customary"]
    assert len(customary) >= 10
    for d in customary:
        assert d.notes and re.search(r"慣行|慣習|商習慣|業界ルール|社内|CA/Browser Forum", d.notes), d.id


def test_conditions_name_real_profile_keys(catalog: Catalog) -> None:
    from bocal.events.kinds import attributes_of

    keys = set(schema())
    for d in catalog.duties:
        if d.when is not None:  # an event duty may also read its events' attributes (days_off …)
            assert d.when.names <= keys | attributes_of(d.on), (d.id, d.when.names - keys)
        if d.select is not None:
            assert d.select in keys, d.id
        if d.for_each is not None:
            assert d.for_each in keys, d.id


def test_relative_to_names_real_duties(catalog: Catalog) -> None:
    ids = {d.id for d in catalog.duties}
    for d in catalog.duties:
        if d.relative_to is not None:
            assert d.relative_to in ids, d.id


def test_national_tax_duties_use_the_national_tax_regime(catalog: Catalog) -> None:
    # 国税通則法10条2項 applies to national-tax deadlines; 地方税法20条の5 to local ones.
    for d in catalog.duties:
        if "国税通則法10条2項" in d.basis:
            assert d.regime == "national-tax", d.id
        if "地方税法20条の5" in d.basis:
            assert d.regime == "local-tax", d.id
    # Companies Act backward periods never move.
    by_id = {d.id: d for d in catalog.duties}
    for i in (
        "agm-notice-two-weeks",
        "agm-notice-one-week",
        "agm-electronic-provision",
        "agm-documents-on-file",
        "agm-documents-on-file-no-board",
        "agm",
    ):
        assert by_id[i].shift == "none", i
    # Premiums paid by transfer count bank days.
    assert by_id["social-insurance-premiums"].regime == "bank"


# ---------------------------------------------------------------- conditions switch duties on and off


def has(catalog: Catalog, profile: Profile, duty: str) -> bool:
    return bool(tasks(catalog, profile, duty))


@pytest.mark.parametrize(
    ("company", "duty", "expected"),
    [
        (dict(site_employees=49), "health-committee", False),
        (dict(site_employees=50), "health-committee", True),
        (dict(site_employees=49), "stress-check", False),
        (dict(site_employees=50), "stress-check", True),
        (dict(site_employees=49), "stress-check-small-sites-prep", True),
        (dict(site_employees=50), "stress-check-small-sites-prep", False),
        (dict(site_employees=49), "health-check-report", False),
        (dict(site_employees=50), "health-check-report", True),
        (dict(listed=False), "securities-report", False),
        (dict(listed=True), "securities-report", True),
        (dict(listed=True), "financial-statement-notice", False),
        (dict(listed=False), "financial-statement-notice", True),
        (dict(withholding_special=False), "withholding-tax", True),
        (dict(withholding_special=False), "withholding-tax-special", False),
        (dict(withholding_special=True), "withholding-tax", False),
        (dict(withholding_special=True), "withholding-tax-special", True),
        (dict(resident_tax_special=True), "resident-tax-remittance", False),
        (dict(resident_tax_special=True), "resident-tax-remittance-special", True),
        (dict(taxable=False), "consumption-tax-return", False),
        (dict(taxable=False), "consumption-tax-interim-once", False),
        (dict(taxable=True), "consumption-tax-return", True),
        (dict(prior_corporate_tax=200_000), "corporate-tax-interim", False),  # ÷12×6 = 100,000: not over
        (dict(prior_corporate_tax=200_001), "corporate-tax-interim", True),
        (dict(prior_corporate_tax=200_000), "local-corporate-tax-interim", False),
        (dict(filing_extension=True), "corporate-tax-return", False),
        (dict(filing_extension=True), "corporate-tax-return-extended", True),
        (dict(filing_extension=True), "corporate-tax-payment-extended", True),
        (dict(employees=100), "womens-advancement-disclosure", False),
        (dict(employees=101), "womens-advancement-disclosure", True),
        (dict(employees=100), "disability-employment-levy", False),
        (dict(employees=101), "disability-employment-levy", True),
        (dict(employees=20), "elderly-employment-report", False),
        (dict(employees=21), "elderly-employment-report", True),
        (dict(board=False), "agm-documents-on-file", False),
        (dict(board=False), "agm-documents-on-file-no-board", True),
        (dict(public_company=True), "agm-notice-two-weeks", True),
        (dict(public_company=True), "agm-notice-one-week", False),
    ],
)
def test_condition_switches(
    catalog: Catalog, make_profile: MakeProfile, company: dict, duty: str, expected: bool
) -> None:
    assert has(catalog, make_profile(**company), duty) is expected


@pytest.mark.parametrize(
    ("tax", "once", "quarterly", "monthly"),
    [
        (480_000, False, False, False),  # 48万円以下: no interim return
        (480_001, True, False, False),
        (4_000_000, True, False, False),
        (4_000_001, False, True, False),
        (48_000_000, False, True, False),
        (48_000_001, False, False, True),
    ],
)
def test_consumption_tax_interim_thresholds(
    catalog: Catalog, make_profile: MakeProfile, tax: int, once: bool, quarterly: bool, monthly: bool
) -> None:
    p = make_profile(prior_consumption_tax=tax)
    assert has(catalog, p, "consumption-tax-interim-once") is once
    assert has(catalog, p, "consumption-tax-interim-quarterly") is quarterly
    assert has(catalog, p, "consumption-tax-interim-monthly") is monthly


def test_disability_report_threshold_changes_in_2026(catalog: Catalog, make_profile: MakeProfile) -> None:
    # 6/1 status reported by 7/15: 2025 and 2026 on the 2.5% rate (40.0 workers), 2027 on 2.7% (37.5).
    # valid_until/valid_from apply to the nominal due date (7/15). 2025-07-15 Tue, 2026-07-15 Wed,
    # 2027-07-15 Thu: none moves.
    old, new = "disability-employment-report", "disability-employment-report-37-5"
    p40, p38, p37 = (make_profile(employees=n) for n in (40, 38, 37))
    assert dues(catalog, p40, old) == [D(2025, 7, 15), D(2026, 7, 15)]
    assert dues(catalog, p40, new) == [D(2027, 7, 15)]
    assert dues(catalog, p38, old) == []  # 38 < 40: no report for 2025, 2026
    assert dues(catalog, p38, new) == [D(2027, 7, 15)]  # 38 ≥ 37.5 from the 2027 report
    assert dues(catalog, p37, old) == dues(catalog, p37, new) == []  # 37 × 2.7% < 1


# ---------------------------------------------------------------- hand-derived dates


def test_january_filings_default(catalog: Catalog, make_profile: MakeProfile) -> None:
    p = make_profile()
    assert dues(catalog, p, "statutory-reports") == [
        D(2025, 1, 31),
        D(2026, 2, 2),  # 1/31 Sat, 2/1 Sun
    ]
    assert dues(catalog, p, "statutory-reports-2027") == [D(2027, 2, 1)]  # 1/31 Sun; 30-slip rule from 2027
    assert dues(catalog, p, "salary-payment-reports") == [D(2025, 1, 31), D(2026, 2, 2), D(2027, 2, 1)]  # as above
    assert dues(catalog, p, "depreciable-assets-return") == [D(2025, 1, 31), D(2026, 2, 2), D(2027, 2, 1)]
    # Handing slips to employees moves earlier (safe side): 1/31 Sat → 1/30 Fri; 1/31 Sun, 1/30 Sat → 1/29 Fri.
    assert dues(catalog, p, "withholding-slips-to-employees") == [D(2025, 1, 31), D(2026, 1, 30), D(2027, 1, 29)]


def test_social_insurance_bank_year_end(catalog: Catalog, make_profile: MakeProfile) -> None:
    # November premiums are due 12/31: banks are closed 12/31–1/3 (12/29–30 are open).
    # (premiums up to March 2026 are their own duty: the title gains 子ども・子育て支援金 from April 2026)
    got = {
        t.period.key: t.due
        for duty_id in ("social-insurance-premiums-until-2026-03", "social-insurance-premiums")
        for t in tasks(catalog, make_profile(), duty_id)
    }
    assert got["2024-11"] == D(2025, 1, 6)  # 12/31 Tue, 1/1–1/3, 1/4 Sat, 1/5 Sun
    assert got["2025-11"] == D(2026, 1, 5)  # 12/31 Wed, 1/1–1/3 (1/3 Sat), 1/4 Sun
    assert got["2026-11"] == D(2027, 1, 4)  # 12/31 Thu, 1/1 Fri, 1/2 Sat, 1/3 Sun
    assert got["2025-04"] == D(2025, 6, 2)  # 5/31 Sat, 6/1 Sun
    assert got["2026-01"] == D(2026, 3, 2)  # 2/28 Sat, 3/1 Sun
    assert got["2027-06"] == D(2027, 8, 2)  # 7/31 Sat, 8/1 Sun


def test_bank_vs_tax_on_12_29(catalog: Catalog, make_profile: MakeProfile) -> None:
    # Payroll (bank, preceding) on 12/29 stays: banks are open on 12/29. A national-tax date would not.
    got = {t.period.key: t.due for t in tasks(catalog, make_profile(payday=29), "payroll")}
    assert got["2025-12"] == D(2025, 12, 29)  # Mon, bank open
    assert got["2026-12"] == D(2026, 12, 29)  # Tue, bank open
    assert got["2027-12"] == D(2027, 12, 29)  # Wed, bank open


def test_corporate_tax_march_year_end(catalog: Catalog, make_profile: MakeProfile) -> None:
    p = make_profile()
    assert dues(catalog, p, "corporate-tax-return") == [
        D(2025, 6, 2),  # 5/31 Sat, 6/1 Sun
        D(2026, 6, 1),  # 5/31 Sun
        D(2027, 5, 31),
    ]
    got = tasks(catalog, p, "corporate-tax-interim")
    assert [(t.period.key, t.nominal, t.due) for t in got] == [
        ("FY2026-03", D(2025, 11, 30), D(2025, 12, 1)),  # 6 months to 9/30, + 2 months; 11/30 Sun
        ("FY2027-03", D(2026, 11, 30), D(2026, 11, 30)),
        ("FY2028-03", D(2027, 11, 30), D(2027, 11, 30)),
    ]


def test_filing_extension_listed_december(catalog: Catalog, make_profile: MakeProfile) -> None:
    p = make_profile(**LISTED)
    # filing: 3 months after 12/31 → 3/31 (2025 Mon, 2026 Tue, 2027 Wed)
    assert dues(catalog, p, "corporate-tax-return-extended") == [D(2025, 3, 31), D(2026, 3, 31), D(2027, 3, 31)]
    # payment stays at 2 months: 2/28
    assert dues(catalog, p, "corporate-tax-payment-extended") == [
        D(2025, 2, 28),
        D(2026, 3, 2),  # 2/28 Sat, 3/1 Sun
        D(2027, 3, 1),  # 2/28 Sun
    ]
    assert dues(catalog, p, "local-corporate-tax-payment-extended") == [D(2025, 2, 28), D(2026, 3, 2), D(2027, 3, 1)]


def test_half_year_specials_small(catalog: Catalog, make_profile: MakeProfile) -> None:
    p = make_profile(**SMALL)
    got = [(t.period.key, t.due) for t in tasks(catalog, p, "withholding-tax-special")]
    assert got == [
        ("2024-07..2024-12", D(2025, 1, 20)),
        ("2025-01..2025-06", D(2025, 7, 10)),
        ("2025-07..2025-12", D(2026, 1, 20)),
        ("2026-01..2026-06", D(2026, 7, 10)),
        ("2026-07..2026-12", D(2027, 1, 20)),
        ("2027-01..2027-06", D(2027, 7, 12)),  # 7/10 Sat, 7/11 Sun
    ]
    # 住民税の特例: Jun–Nov → 12/10, Dec–May → 6/10 (the halves differ from 源泉).
    got = [(t.period.key, t.due) for t in tasks(catalog, p, "resident-tax-remittance-special")]
    assert got == [
        ("2024-12..2025-05", D(2025, 6, 10)),
        ("2025-06..2025-11", D(2025, 12, 10)),
        ("2025-12..2026-05", D(2026, 6, 10)),
        ("2026-06..2026-11", D(2026, 12, 10)),
        ("2026-12..2027-05", D(2027, 6, 10)),
        ("2027-06..2027-11", D(2027, 12, 10)),
    ]


def test_payroll_small_preceding_bank_day(catalog: Catalog, make_profile: MakeProfile) -> None:
    got = {t.period.key: t.due for t in tasks(catalog, make_profile(**SMALL), "payroll")}
    assert got["2025-03"] == D(2025, 3, 19)  # 3/20 春分の日
    assert got["2026-07"] == D(2026, 7, 17)  # 7/20 海の日, 7/19 Sun, 7/18 Sat
    assert got["2027-09"] == D(2027, 9, 17)  # 9/20 敬老の日, 9/19 Sun, 9/18 Sat
    assert got["2026-12"] == D(2026, 12, 18)  # 12/20 Sun, 12/19 Sat


def test_bonus_report_follows_moved_bonus(catalog: Catalog, make_profile: MakeProfile) -> None:
    # Bonus paid on the previous bank day, report within 5 days of the actual payment.
    assert dues(catalog, make_profile(), "bonus-payment-report") == [
        D(2025, 7, 15),
        D(2025, 12, 15),
        D(2026, 7, 15),
        D(2026, 12, 15),
        D(2027, 7, 14),  # bonus 7/10 Sat → paid 7/9 Fri, + 5 days
        D(2027, 12, 15),
    ]
    assert dues(catalog, make_profile(**SMALL), "bonus-payment-report") == [
        D(2025, 12, 24),  # 12/20 Sat → paid 12/19, + 5
        D(2026, 12, 23),  # 12/20 Sun → paid 12/18, + 5
        D(2027, 12, 27),  # paid 12/20 Mon, + 5 = 12/25 Sat, 12/26 Sun
    ]


def test_new_hire_enrolment_and_36_agreement(catalog: Catalog, make_profile: MakeProfile) -> None:
    p = make_profile()
    assert dues(catalog, p, "new-hire-social-insurance") == [
        D(2025, 4, 7),  # 4/1 + 5 = 4/6 Sun
        D(2026, 4, 6),
        D(2027, 4, 6),
    ]
    # 36協定: the day before 1/1 is 12/31, inside the government closure 12/29–1/3 → earlier open day.
    got = dues(catalog, make_profile(overtime_agreement_start="01-01"), "overtime-agreement-filing")
    assert got == [
        D(2025, 12, 26),  # 12/31–12/29 closed, 12/28 Sun, 12/27 Sat
        D(2026, 12, 28),  # 12/31–12/29 closed, 12/28 Mon
        D(2027, 12, 28),  # 12/28 Tue
    ]


def test_labour_insurance_window_and_instalments(catalog: Catalog, make_profile: MakeProfile) -> None:
    got = tasks(catalog, make_profile(), "labor-insurance-annual-declaration")
    assert [(t.start, t.due) for t in got] == [
        (D(2025, 6, 2), D(2025, 7, 10)),  # window opens 6/1 Sun → 6/2
        (D(2026, 6, 1), D(2026, 7, 10)),
        (D(2027, 6, 1), D(2027, 7, 12)),  # 7/10 Sat, 7/11 Sun
    ]
    assert dues(catalog, make_profile(labor_insurance_installments=True), "labor-insurance-installments") == [
        D(2025, 1, 31),
        D(2025, 7, 10),
        D(2025, 10, 31),
        D(2026, 2, 2),  # 1/31 Sat, 2/1 Sun
        D(2026, 7, 10),
        D(2026, 11, 2),  # 10/31 Sat, 11/1 Sun
        D(2027, 2, 1),  # 1/31 Sun
        D(2027, 7, 12),  # 7/10 Sat, 7/11 Sun
        D(2027, 11, 1),  # 10/31 Sun
    ]


def test_fixed_asset_tax_tokyo(catalog: Catalog, make_profile: MakeProfile) -> None:
    assert dues(catalog, make_profile(), "fixed-asset-tax") == [
        D(2025, 2, 28),
        D(2025, 6, 30),
        D(2025, 9, 30),
        D(2025, 12, 25),
        D(2026, 3, 2),  # 2/28 Sat, 3/1 Sun
        D(2026, 6, 30),
        D(2026, 9, 30),
        D(2026, 12, 25),
        D(2027, 3, 1),  # 2/28 Sun
        D(2027, 6, 30),
        D(2027, 9, 30),
        D(2027, 12, 27),  # 12/25 Sat, 12/26 Sun
    ]
    # 2028 is a leap year: the 4th instalment is 2/29 (Tue).
    assert dues(catalog, make_profile(), "fixed-asset-tax", D(2028, 2, 1), D(2028, 3, 31)) == [D(2028, 2, 29)]


def test_agm_chain_default(catalog: Catalog, make_profile: MakeProfile) -> None:
    p = make_profile()  # March year end, no agm_date: AGM on the legal limit 6/30, never moved
    assert dues(catalog, p, "agm") == [D(2025, 6, 30), D(2026, 6, 30), D(2027, 6, 30)]
    assert dues(catalog, p, "agm-notice-one-week") == [D(2025, 6, 22), D(2026, 6, 22), D(2027, 6, 22)]  # 中7日
    assert dues(catalog, p, "agm-documents-on-file") == [D(2025, 6, 16), D(2026, 6, 16), D(2027, 6, 16)]  # −14
    # 6/2 Mon (2025), Tue (2026), Wed (2027): AGM − 28 days, all open
    assert dues(catalog, p, "agm-board-approval") == [D(2025, 6, 2), D(2026, 6, 2), D(2027, 6, 2)]
    assert dues(catalog, p, "director-reelection-registration-even") == [D(2026, 7, 14)]  # 6/30 + 14, Tue


def test_agm_chain_listed_december(catalog: Catalog, make_profile: MakeProfile) -> None:
    p = make_profile(**LISTED)
    assert dues(catalog, p, "agm") == [D(2025, 3, 27), D(2026, 3, 27), D(2027, 3, 27)]  # 2027-03-27 Sat, not moved
    # 中14日: 3/13..3/26 between → sent by 3/12, never moved (2027-03-12 Fri)
    assert dues(catalog, p, "agm-notice-two-weeks") == [D(2025, 3, 12), D(2026, 3, 12), D(2027, 3, 12)]
    # 3週間前の日: 3/6 (2027-03-06 Sat, not moved: a backward period)
    assert dues(catalog, p, "agm-electronic-provision") == [D(2025, 3, 6), D(2026, 3, 6), D(2027, 3, 6)]
    assert dues(catalog, p, "agm-voting-results-report") == [
        D(2025, 4, 3),
        D(2026, 4, 3),
        D(2027, 4, 5),  # 4/3 Sat, 4/4 Sun
    ]
    assert dues(catalog, p, "securities-report") == [D(2025, 3, 31), D(2026, 3, 31), D(2027, 3, 31)]
    assert dues(catalog, p, "half-year-report") == [
        D(2025, 8, 14),  # 6/30 + 45
        D(2026, 8, 14),
        D(2027, 8, 16),  # 8/14 Sat, 8/15 Sun
    ]
    assert dues(catalog, p, "director-reelection-registration-even") == [D(2026, 4, 10)]  # 3/27 + 14, Fri


def test_director_term_expiry_is_the_agm_day(catalog: Catalog, make_profile: MakeProfile) -> None:
    # September year end, no agm_date: AGM on 12/31 (3 months), the term ends that day; registration
    # 2 weeks later: 12/31 + 14 = 1/14 (2025 Tue for the 2024 AGM, 2027 Thu).
    p = make_profile(fiscal_year_end=9)
    assert dues(catalog, p, "agm", D(2026, 12, 1), D(2026, 12, 31)) == [D(2026, 12, 31)]
    assert dues(catalog, p, "director-term-expiry-even") == [D(2026, 12, 31)]
    assert dues(catalog, p, "director-reelection-registration-even") == [D(2025, 1, 14), D(2027, 1, 14)]


def test_year_end_company_days(catalog: Catalog, make_profile: MakeProfile) -> None:
    p = make_profile()
    # board meeting on the last business day of the quarter-end month; 12/29–12/31 closed
    got = {t.period.key: t.due for t in tasks(catalog, p, "board-meeting")}
    assert got["2025-10..2025-12"] == D(2025, 12, 26)  # 12/31–12/29 closed, 12/28 Sun, 12/27 Sat
    assert got["2026-10..2026-12"] == D(2026, 12, 28)
    assert got["2027-10..2027-12"] == D(2027, 12, 28)
    assert dues(catalog, p, "new-year-opening-day") == [
        D(2025, 1, 6),  # 1/4 Sat, 1/5 Sun
        D(2026, 1, 5),  # 1/4 Sun
        D(2027, 1, 4),
    ]


def test_fifth_business_day_golden_week_and_new_year(catalog: Catalog, make_profile: MakeProfile) -> None:
    got = {t.period.key: t.due for t in tasks(catalog, make_profile(), "monthly-close")}
    assert got["2025-04"] == D(2025, 5, 9)  # 5/1, 5/2, (5/3–5/6 closed), 5/7, 5/8, 5/9
    assert got["2026-04"] == D(2026, 5, 12)  # 5/1, (5/2–5/6 closed), 5/7, 5/8, 5/11, 5/12
    assert got["2027-04"] == D(2027, 5, 12)  # (5/1–5/5 closed), 5/6, 5/7, 5/10, 5/11, 5/12
    assert got["2025-12"] == D(2026, 1, 9)  # (1/1–1/4 closed), 1/5–1/9
    assert got["2026-12"] == D(2027, 1, 8)  # 1/4–1/8


def test_injury_report_and_levy(catalog: Catalog, make_profile: MakeProfile) -> None:
    assert dues(catalog, make_profile(), "injury-report-quarterly")[::4] == [
        D(2025, 1, 31),  # Oct–Dec 2024
        D(2026, 2, 2),  # Oct–Dec 2025: 1/31 Sat, 2/1 Sun
        D(2027, 2, 1),  # Oct–Dec 2026: 1/31 Sun
    ]
    got = tasks(catalog, make_profile(employees=101), "disability-employment-levy")
    assert [(t.start, t.due) for t in got] == [
        (D(2025, 4, 1), D(2025, 5, 15)),
        (D(2026, 4, 1), D(2026, 5, 15)),  # 5/15 Fri
        (D(2027, 4, 1), D(2027, 5, 17)),  # 5/15 Sat, 5/16 Sun
    ]


def test_safety_reports_for_a_large_site(catalog: Catalog, make_profile: MakeProfile) -> None:
    p = make_profile(site_employees=50)
    # health check 10/31 (company, earlier day) + 30 days
    assert dues(catalog, p, "health-check-report") == [
        D(2025, 12, 1),  # 10/31 Fri + 30 = 11/30 Sun
        D(2026, 11, 30),  # 10/31 Sat → 10/30 Fri; + 30 = 11/29 Sun
        D(2027, 11, 29),  # 10/31 Sun → 10/29 Fri; + 30 = 11/28 Sun
    ]
    # stress check 11/30 (earlier day) + 21 days
    assert dues(catalog, p, "stress-check-report") == [
        D(2025, 12, 19),  # 11/30 Sun → 11/28 Fri; + 21
        D(2026, 12, 21),
        D(2027, 12, 21),
    ]


def test_consumption_tax_interim_quarterly_and_monthly(catalog: Catalog, make_profile: MakeProfile) -> None:
    assert dues(catalog, make_profile(prior_consumption_tax=4_000_001), "consumption-tax-interim-quarterly") == [
        D(2025, 2, 28),  # FY2025-03, 3rd: end of month 9 (Dec) + 2 months
        D(2025, 9, 1),  # 8/31 Sun
        D(2025, 12, 1),  # 11/30 Sun
        D(2026, 3, 2),  # 2/28 Sat, 3/1 Sun
        D(2026, 8, 31),
        D(2026, 11, 30),
        D(2027, 3, 1),  # 2/28 Sun
        D(2027, 8, 31),
        D(2027, 11, 30),
    ]
    got = tasks(
        catalog,
        make_profile(prior_consumption_tax=48_000_001),
        "consumption-tax-interim-monthly",
        D(2025, 12, 1),
        D(2026, 11, 30),
    )
    assert [t.due for t in got] == [
        D(2025, 12, 1),  # FY2026-03 month 6 (Sep): 11/30 Sun
        D(2026, 1, 5),  # FY2026-03 month 7 (Oct): 12/31, 1/1–1/3 closed, 1/4 Sun
        D(2026, 2, 2),  # 1/31 Sat, 2/1 Sun
        D(2026, 3, 2),  # 2/28 Sat, 3/1 Sun
        D(2026, 3, 31),
        D(2026, 4, 30),
        D(2026, 7, 31),  # FY2027-03 months 1 and 2: both due 7/31 (42条1項かっこ書)
        D(2026, 7, 31),
        D(2026, 8, 31),
        D(2026, 9, 30),
        D(2026, 11, 2),  # 10/31 Sat, 11/1 Sun
        D(2026, 11, 30),
    ]


def test_invoice_and_womens_disclosure_boundaries(catalog: Catalog, make_profile: MakeProfile) -> None:
    p = make_profile()
    last80 = tasks(catalog, p, "invoice-transitional-credit-80")[-1]
    first70 = tasks(catalog, p, "invoice-transitional-credit-70")[0]
    assert (last80.period.key, last80.due) == ("2026-09", D(2026, 10, 7))  # 10/1–10/2, 10/5–10/7
    assert (first70.period.key, first70.due) == ("2026-10", D(2026, 11, 9))  # 11/2, (11/3), 11/4–11/6, 11/9
    assert dues(catalog, p, "invoice-transitional-rate-switch") == [D(2026, 9, 30)]
    # 301+ staff, December year end: FY2025-12 ended before the 2026-04-01 amendment; FY2026-12 → 3/31/2027
    assert dues(catalog, make_profile(**LISTED), "womens-advancement-disclosure") == [D(2027, 3, 31)]
    # March year end: FY2027-03 → 6/30/2027 (FY2026-03 ended before the amendment)
    assert dues(catalog, make_profile(employees=101), "womens-advancement-disclosure") == [D(2027, 6, 30)]


def test_automobile_tax_by_prefecture(catalog: Catalog, make_profile: MakeProfile) -> None:
    assert dues(catalog, make_profile(), "automobile-tax") == [
        D(2025, 6, 2),  # 5/31 Sat, 6/1 Sun
        D(2026, 6, 1),  # 5/31 Sun
        D(2027, 5, 31),
    ]
    assert dues(catalog, make_profile(prefecture="akita"), "automobile-tax") == [
        D(2025, 6, 30),
        D(2026, 6, 30),
        D(2027, 6, 30),  # Mon, Tue, Wed
    ]
