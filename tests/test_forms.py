"""Every form of the rule language, expanded for 2025–2027 and compared with dates derived by hand.

Derivations use the weekday of each date and the national holidays (2025: 1/13 成人の日, 5/6 振替,
7/21 海の日, 8/11 山の日, 9/15 敬老, 9/23 秋分, 10/13 スポーツ; 2026: 1/12 成人の日, 5/6 振替,
9/21–9/23, 10/12 スポーツ; 2027: 1/11 成人の日, 3/22 振替, 7/19 海の日, 9/20 敬老, 10/11 スポーツ).
A comment beside each moved date says why it moved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from bocal.expand import Expander
from bocal.profile import Profile
from bocal.rules import Catalog
from helpers.expand import END, START, dues, tasks

D = date


def test_tenth_of_next_month_national_tax(forms: Catalog, make_profile: Callable[..., Profile]) -> None:
    got = dues(forms, make_profile(), "withholding-tax")
    assert got == [
        D(2025, 1, 10),
        D(2025, 2, 10),
        D(2025, 3, 10),
        D(2025, 4, 10),
        D(2025, 5, 12),  # 5/10 Sat, 5/11 Sun
        D(2025, 6, 10),
        D(2025, 7, 10),
        D(2025, 8, 12),  # 8/10 Sun, 8/11 山の日
        D(2025, 9, 10),
        D(2025, 10, 10),
        D(2025, 11, 10),
        D(2025, 12, 10),
        D(2026, 1, 13),  # 1/10 Sat, 1/11 Sun, 1/12 成人の日
        D(2026, 2, 10),
        D(2026, 3, 10),
        D(2026, 4, 10),
        D(2026, 5, 11),  # 5/10 Sun
        D(2026, 6, 10),
        D(2026, 7, 10),
        D(2026, 8, 10),
        D(2026, 9, 10),
        D(2026, 10, 13),  # 10/10 Sat, 10/11 Sun, 10/12 スポーツの日
        D(2026, 11, 10),
        D(2026, 12, 10),
        D(2027, 1, 12),  # 1/10 Sun, 1/11 成人の日
        D(2027, 2, 10),
        D(2027, 3, 10),
        D(2027, 4, 12),  # 4/10 Sat, 4/11 Sun
        D(2027, 5, 10),
        D(2027, 6, 10),
        D(2027, 7, 12),  # 7/10 Sat, 7/11 Sun
        D(2027, 8, 10),
        D(2027, 9, 10),
        D(2027, 10, 12),  # 10/10 Sun, 10/11 スポーツの日
        D(2027, 11, 10),
        D(2027, 12, 10),
    ]
    first = tasks(forms, make_profile(), "withholding-tax")[0]
    assert first.period.label_ja == "2024年12月分" and first.nominal == D(2025, 1, 10)


def test_last_day_of_next_month_bank(forms: Catalog, make_profile: Callable[..., Profile]) -> None:
    got = dues(forms, make_profile(), "social-insurance-premiums")
    assert got == [
        D(2025, 1, 6),  # Nov 2024: 12/31 bank holiday, 1/1–1/3, 1/4 Sat, 1/5 Sun — nominal outside the range
        D(2025, 1, 31),
        D(2025, 2, 28),
        D(2025, 3, 31),
        D(2025, 4, 30),
        D(2025, 6, 2),  # 5/31 Sat
        D(2025, 6, 30),
        D(2025, 7, 31),
        D(2025, 9, 1),  # 8/31 Sun
        D(2025, 9, 30),
        D(2025, 10, 31),
        D(2025, 12, 1),  # 11/30 Sun
        D(2026, 1, 5),  # 12/31 bank holiday, 1/1–1/3, 1/4 Sun
        D(2026, 2, 2),  # 1/31 Sat
        D(2026, 3, 2),  # 2/28 Sat
        D(2026, 3, 31),
        D(2026, 4, 30),
        D(2026, 6, 1),  # 5/31 Sun
        D(2026, 6, 30),
        D(2026, 7, 31),
        D(2026, 8, 31),
        D(2026, 9, 30),
        D(2026, 11, 2),  # 10/31 Sat
        D(2026, 11, 30),
        D(2027, 1, 4),  # 12/31 bank holiday, 1/1 Fri, 1/2 Sat, 1/3 Sun
        D(2027, 2, 1),  # 1/31 Sun
        D(2027, 3, 1),  # 2/28 Sun
        D(2027, 3, 31),
        D(2027, 4, 30),
        D(2027, 5, 31),
        D(2027, 6, 30),
        D(2027, 8, 2),  # 7/31 Sat
        D(2027, 8, 31),
        D(2027, 9, 30),
        D(2027, 11, 1),  # 10/31 Sun
        D(2027, 11, 30),
        # Nov 2027: 12/31 → 2028-01-04, outside the range
    ]
    assert tasks(forms, make_profile(), "social-insurance-premiums")[0].period.key == "2024-11"


def test_fixed_annual_date(forms: Catalog, make_profile: Callable[..., Profile]) -> None:
    # 1/31: 2025 Fri; 2026 Sat → 2/2; 2027 Sun → 2/1
    assert dues(forms, make_profile(), "statutory-reports") == [D(2025, 1, 31), D(2026, 2, 2), D(2027, 2, 1)]
    assert [t.period.label_ja for t in tasks(forms, make_profile(), "statutory-reports")] == [
        "2024年分",
        "2025年分",
        "2026年分",
    ]


def test_windows_move_their_start_too(forms: Catalog, make_profile: Callable[..., Profile]) -> None:
    santei = tasks(forms, make_profile(), "santei-kiso")
    # 7/1–7/10: 2025 Tue–Thu; 2026 Wed–Fri; 2027 Thu–Sat → 7/12 Mon
    assert [(t.start, t.due) for t in santei] == [
        (D(2025, 7, 1), D(2025, 7, 10)),
        (D(2026, 7, 1), D(2026, 7, 10)),
        (D(2027, 7, 1), D(2027, 7, 12)),
    ]
    renewal = tasks(forms, make_profile(), "labor-insurance-renewal")
    # 6/1–7/10: 2025 6/1 is a Sunday → opens 6/2
    assert [(t.start, t.due) for t in renewal] == [
        (D(2025, 6, 2), D(2025, 7, 10)),
        (D(2026, 6, 1), D(2026, 7, 10)),
        (D(2027, 6, 1), D(2027, 7, 12)),
    ]
    assert renewal[0].nominal_start == D(2025, 6, 1)


def test_semiannual_special_schedules(forms: Catalog, make_profile: Callable[..., Profile]) -> None:
    p = make_profile(withholding_special=True, resident_tax_special=True, employees=6)
    # 源泉: Jan–Jun → 7/10, Jul–Dec → 1/20 (2027-07-10 Sat → 7/12)
    assert dues(forms, p, "withholding-tax-special") == [
        D(2025, 1, 20),
        D(2025, 7, 10),
        D(2026, 1, 20),
        D(2026, 7, 10),
        D(2027, 1, 20),
        D(2027, 7, 12),
    ]
    labels = [t.period.label_ja for t in tasks(forms, p, "withholding-tax-special")]
    assert labels[:2] == ["2024年7月〜12月分", "2025年1月〜6月分"]
    # 住民税: Jun–Nov → 12/10, Dec–May → 6/10 (different halves)
    assert dues(forms, p, "resident-tax-special") == [
        D(2025, 6, 10),
        D(2025, 12, 10),
        D(2026, 6, 10),
        D(2026, 12, 10),
        D(2027, 6, 10),
        D(2027, 12, 10),
    ]
    assert tasks(forms, p, "resident-tax-special")[0].period.label_ja == "2024年12月〜2025年5月分"
    # the monthly remittance is off under the special schedule
    assert dues(forms, p, "withholding-tax") == []


def test_relative_to_fiscal_year_end(forms: Catalog, make_profile: Callable[..., Profile]) -> None:
    march = make_profile()
    # FYE 3/31 + 2 months = 5/31: 2025 Sat → 6/2; 2026 Sun → 6/1; 2027 Mon
    assert dues(forms, march, "corporate-tax-return") == [D(2025, 6, 2), D(2026, 6, 1), D(2027, 5, 31)]
    assert dues(forms, march, "corporate-tax-return-extended") == []
    ext = make_profile(filing_extension=True)
    assert dues(forms, ext, "corporate-tax-return-extended") == [D(2025, 6, 30), D(2026, 6, 30), D(2027, 6, 30)]
    # interim: end of the 6th month (September) + 2 months = 11/30: 2025 Sun → 12/1
    assert dues(forms, march, "corporate-tax-interim") == [D(2025, 12, 1), D(2026, 11, 30), D(2027, 11, 30)]
    dec = make_profile(fiscal_year_end=12, listed=True)
    # December year end: + 2 months = 2/28 (2026 Sat → 3/2, 2027 Sun → 3/1); interim June + 2 = 8/31
    assert dues(forms, dec, "corporate-tax-return") == [D(2025, 2, 28), D(2026, 3, 2), D(2027, 3, 1)]
    assert dues(forms, dec, "corporate-tax-interim") == [D(2025, 9, 1), D(2026, 8, 31), D(2027, 8, 31)]
    # 有価証券報告書: + 3 months = 3/31
    assert dues(forms, dec, "securities-report") == [D(2025, 3, 31), D(2026, 3, 31), D(2027, 3, 31)]
    assert dues(forms, march, "securities-report") == []  # not listed
    # a November year end: + 2 months is 1/31, not 1/30 (民法143条: the end of the month)
    nov = make_profile(fiscal_year_end=11)
    assert dues(forms, nov, "corporate-tax-return", D(2026, 1, 1), D(2026, 12, 31)) == [D(2026, 2, 2)]  # 1/31 Sat


def test_relative_to_another_duty(forms: Catalog, make_profile: Callable[..., Profile]) -> None:
    march = make_profile()
    # AGM unset → the legal limit, 3 months after 3/31 = 6/30 (a weekday in each year)
    assert dues(forms, march, "agm") == [D(2025, 6, 30), D(2026, 6, 30), D(2027, 6, 30)]
    # 中14日: 14 whole days between notice and meeting → 6/15; never moves (2025-06-15 is a Sunday)
    assert dues(forms, march, "agm-notice") == [D(2025, 6, 15), D(2026, 6, 15), D(2027, 6, 15)]
    assert dues(forms, march, "director-change-registration") == [D(2025, 7, 14), D(2026, 7, 14), D(2027, 7, 14)]
    listed = make_profile(fiscal_year_end=12, agm_date="03-27")
    # 2027-03-27 is a Saturday → the meeting moves to Fri 3/26 (preceding), and the notice counts from it
    assert dues(forms, listed, "agm") == [D(2025, 3, 27), D(2026, 3, 27), D(2027, 3, 26)]
    assert dues(forms, listed, "agm-notice") == [D(2025, 3, 12), D(2026, 3, 12), D(2027, 3, 11)]
    assert dues(forms, listed, "director-change-registration") == [D(2025, 4, 10), D(2026, 4, 10), D(2027, 4, 9)]
    # the relative task carries its anchor's period
    assert tasks(forms, listed, "agm-notice")[0].period.label_ja == "2024年12月期"


def test_every_date_of_a_profile_list(forms: Catalog, make_profile: Callable[..., Profile]) -> None:
    # bonuses 7/10 and 12/10 → 5 days after: 7/15, 12/15 (all weekdays in 2025–2027)
    assert dues(forms, make_profile(), "bonus-report") == [
        D(2025, 7, 15),
        D(2025, 12, 15),
        D(2026, 7, 15),
        D(2026, 12, 15),
        D(2027, 7, 15),
        D(2027, 12, 15),
    ]
    # bonuses on 6/26 and 12/26: 2025-12-26 + 5 = 12/31 (closed; 1/1–1/3, 1/4 Sun) → 2026-01-05;
    # 2026-06-26 + 5 = 7/1 (Wed); 2026-12-26 + 5 = 12/31 (closed; 1/1–1/3) → 2027-01-04 (Mon)
    p = make_profile(bonus_dates=["06-26", "12-26"])
    assert dues(forms, p, "bonus-report", D(2026, 1, 1), D(2027, 1, 31)) == [
        D(2026, 1, 5),
        D(2026, 7, 1),
        D(2027, 1, 4),
    ]
    assert dues(forms, make_profile(bonus_dates=[]), "bonus-report") == []


def test_nth_and_last_business_day(forms: Catalog, make_profile: Callable[..., Profile]) -> None:
    p = make_profile()
    got = dues(forms, p, "monthly-close", D(2026, 1, 1), D(2026, 6, 30))
    # Jan: 1/5–1/9 → 9; Feb: 2/2–2/6 → 6; Mar: 3/2–3/6 → 6; Apr: 4/1,2,3,6,7 → 7;
    # May: 5/1, (5/2–5/6 closed), 5/7, 5/8, 5/11, 5/12 → 12; Jun: 6/1–6/5 → 5
    assert got == [D(2026, 1, 9), D(2026, 2, 6), D(2026, 3, 6), D(2026, 4, 7), D(2026, 5, 12), D(2026, 6, 5)]
    # last bank business day: Dec 2025 → 12/30 (12/31 closed); Jan 2026 → 1/30 (1/31 Sat); Dec 2026 → 12/30
    got = dues(forms, p, "month-end-payments", D(2025, 12, 1), D(2026, 1, 31))
    assert got == [D(2025, 12, 30), D(2026, 1, 30)]
    assert dues(forms, p, "month-end-payments", D(2026, 12, 1), D(2026, 12, 31)) == [D(2026, 12, 30)]


def test_quarterly(forms: Catalog, make_profile: Callable[..., Profile]) -> None:
    assert dues(forms, make_profile(), "accident-report-quarterly") == [
        D(2025, 1, 31),
        D(2025, 4, 30),
        D(2025, 7, 31),
        D(2025, 10, 31),
        D(2026, 2, 2),  # 1/31 Sat
        D(2026, 4, 30),
        D(2026, 7, 31),
        D(2026, 11, 2),  # 10/31 Sat
        D(2027, 2, 1),  # 1/31 Sun
        D(2027, 4, 30),
        D(2027, 8, 2),  # 7/31 Sat
        D(2027, 11, 1),  # 10/31 Sun
    ]


def test_every_n_years(forms: Catalog, make_profile: Callable[..., Profile]) -> None:
    # every 2 years since 2025 (April-start years): 2025-07-10 Thu; 2027-07-10 Sat → 7/12
    assert dues(forms, make_profile(), "director-term-renewal") == [D(2025, 7, 10), D(2027, 7, 12)]


def test_payday_moves_back_to_the_previous_bank_day(forms: Catalog, make_profile: Callable[..., Profile]) -> None:
    got = dues(forms, make_profile(), "payroll", D(2026, 1, 1), D(2026, 12, 31))
    # the 25th: 1/25 Sun → 1/23; 4/25 Sat → 4/24; 7/25 Sat → 7/24; 10/25 Sun → 10/23
    assert got == [
        D(2026, 1, 23),
        D(2026, 2, 25),
        D(2026, 3, 25),
        D(2026, 4, 24),
        D(2026, 5, 25),
        D(2026, 6, 25),
        D(2026, 7, 24),
        D(2026, 8, 25),
        D(2026, 9, 25),
        D(2026, 10, 23),
        D(2026, 11, 25),
        D(2026, 12, 25),
    ]
    # payday 31 means the month's last day: Feb 2026 → 2/28 Sat → 2/27
    assert dues(forms, make_profile(payday=31), "payroll", D(2026, 2, 1), D(2026, 2, 28)) == [D(2026, 2, 27)]


def test_conditions(forms: Catalog, make_profile: Callable[..., Profile]) -> None:
    assert dues(forms, make_profile(employees=49), "stress-check") == []
    # 11/30: 2025 Sun → 12/1
    assert dues(forms, make_profile(employees=50), "stress-check") == [D(2025, 12, 1), D(2026, 11, 30), D(2027, 11, 30)]


def test_raw_rrule(forms: Catalog, make_profile: Callable[..., Profile]) -> None:
    # first Wednesday of March and September
    assert dues(forms, make_profile(), "fire-drill") == [
        D(2025, 3, 5),
        D(2025, 9, 3),
        D(2026, 3, 4),
        D(2026, 9, 2),
        D(2027, 3, 3),
        D(2027, 9, 1),
    ]


def test_uids_are_stable_and_unique(forms: Catalog, make_profile: Callable[..., Profile]) -> None:
    p = make_profile(id="acme")
    all_tasks = Expander(forms).expand(p, START, END)
    uids = [t.uid for t in all_tasks]
    assert len(uids) == len(set(uids))
    t = next(t for t in all_tasks if t.duty.id == "withholding-tax" and t.period.key == "2025-12")
    # from duty + period + company; the moved date (1/13) is not part of it
    assert t.uid == "withholding-tax-2025-12-acme@bocal.invalid"
    # a narrower range yields the same uid for the same task
    again = Expander(forms).expand(p, D(2026, 1, 13), D(2026, 1, 13), duties=["withholding-tax"])
    assert [x.uid for x in again] == [t.uid]


def test_valid_from_and_until(make_profile: Callable[..., Profile], tmp_path: pytest.TempPathFactory) -> None:
    from bocal.rules import load_catalog

    f = tmp_path / "r.toml"  # type: ignore[operator]
    f.write_text(
        '[[duty]]\nid = "a"\ntitle = "a"\ntitle_en = "a"\narea = "hr"\nevery = "month"\n'
        'due = "10th of next month"\nbasis = "customary"\nvalid_from = 2026-07-01\nvalid_until = 2026-09-30\n',
        encoding="utf-8",
    )
    cat = load_catalog([f], bundled=False)
    # nominal dates 7/10, 8/10, 9/10 lie inside; 10/10 does not
    assert [t.nominal for t in Expander(cat).expand(make_profile(), START, END)] == [
        D(2026, 7, 10),
        D(2026, 8, 10),
        D(2026, 9, 10),
    ]


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=YEARLY;BYMONTH=3,9;BYDAY=1WE",  # pinned: starts near the range
        "FREQ=MONTHLY;BYDAY=2TU",  # pinned
        "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15",  # phase depends on DTSTART: real start kept
        "FREQ=WEEKLY",  # weekday comes from DTSTART: real start kept
        "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1",
    ],
)
def test_rrule_start_shortcut_changes_nothing(rule: str) -> None:
    from datetime import datetime

    from dateutil.rrule import rrulestr

    from bocal.kinds import rrule_start

    lo, hi = datetime(2026, 1, 1), datetime(2027, 12, 31)
    real = rrulestr(rule, dtstart=datetime(2000, 1, 1)).between(lo, hi, inc=True)
    quick = rrulestr(rule, dtstart=datetime.combine(rrule_start(rule, None, lo.date()), datetime.min.time()))
    assert quick.between(lo, hi, inc=True) == real


# -- each expression says itself in words (explain's wording) ----------------------------------------

# The Japanese is written from docs/rules.md's meaning of each form: 翌月 = the month after the
# period's last month, 期末 = the period's end, 起算日 = the anchor (not 基準日, the Companies Act record date), 中N日 = N clear days (民法140条).
WORDS_JA = [
    ("10th of next month", "翌月10日"),
    ("20th of this month", "当月20日"),
    ("10th of month after next", "翌々月10日"),
    ("day 15 of this month", "当月15日"),
    ("10th of 3 months after", "3か月後の月の10日"),
    ("last day of next month", "翌月末日"),
    ("last day of this month", "当月末日"),
    ("5th business day of next month", "翌月の第5営業日"),
    ("1st business day of this month", "当月の第1営業日"),
    ("last business day of this month", "当月の最終営業日"),
    ("last business day of next month", "翌月の最終営業日"),
    ("payday of this month", "当月のプロファイル payday の日"),
    ("2 months after end", "期末の翌日から2か月（期末から2か月後の月末）"),
    ("2 months after month 6", "期首から6か月目の末日から2か月後の月末"),
    ("07-10", "7月10日"),
    ("7/10", "7月10日"),
    ("next 01-31", "期間終了後の1月31日"),
    ("02-last", "2月末日"),
    ("14 clear days before", "起算日の前に中14日をおいた日"),
    ("14 days before", "起算日の14日前"),
    ("5 days after", "起算日の5日後"),
    ("2 weeks after", "起算日の2週間後"),
    ("1 week before", "起算日の1週間前"),
    ("3 business days after", "起算日の3営業日後"),
    ("1 month after", "起算日の1か月後"),
    ("leave_grant_date", "期間内のプロファイル leave_grant_date の日付"),
    ("next agm_date", "期間終了後のプロファイル agm_date の日付"),
    (
        "next agm_date or 3 months after end",
        "期間終了後のプロファイル agm_date の日付、なければ期末の翌日から3か月（期末から3か月後の月末）",
    ),
]


@pytest.mark.parametrize(("text", "words"), WORDS_JA)
def test_each_expression_says_itself_in_japanese(text: str, words: str) -> None:
    from bocal.dates import parse_expr
    from bocal.profile import schema

    e = parse_expr(text, {k: s.type for k, s in schema().items()})
    assert e.describe("ja") == f"{words}（{e.text}）"
    assert e.describe("en") == e.text  # the rule text is already English words


def test_every_bundled_expression_has_japanese_words() -> None:
    from bocal.rules import load_catalog

    for d in load_catalog().duties:
        for case in (d, *d.cases.values()):
            for e in (*case.due, *case.installments, *((case.start,) if case.start else ())):
                said = e.describe("ja")
                assert said.endswith(f"（{e.text}）") and not said.startswith(e.text), (d.id, e.text)
