"""Deadlines that events set off (issue #15): dates derived by hand from the law and the calendar.

Counting, as the rule files document it:
- 「事実があった日から N日以内」: 民法140条 — the event's day is not counted, day 1 is the next day,
  so the last day is DATE + N.
- 「翌月10日まで」: the 10th of the month after the event's month.
- 「翌日から起算して10日以内」 (雇保則7条, counted from 資格喪失日 = 退職日の翌日): 退職日 + 1 + 10.
- 「以後1月以内」: 民法143条 — ends the day before the 応当日 of the day after the event; with no
  応当日 in that month, on its last day.
- 個人情報保護委員会 guideline: 「知った日を1日目」 — 30 days end on DATE + 29.
- a deadline on a closed day moves to the next open day (行政機関の休日: weekends, holidays,
  12/29〜1/3), except where the rule says `shift = "none"`.

2027 calendar used below: 4/1 Thu; Golden Week 4/29 Thu, 5/3 Mon, 5/4 Tue, 5/5 Wed; 9/20 Mon 敬老の日;
12/29–1/3 closed; 2028-01-01 Sat, 1/3 Mon (年末年始), 1/10 Mon 成人の日.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bocal.calendars import business_calendar
from bocal.errors import ProfileError, RuleError
from bocal.events.due import parse_due
from bocal.events.kinds import KIND_NAMES, KINDS
from bocal.events.model import Event, event_id, make_event
from bocal.events.tasks import bundled_catalog, event_duties, event_tasks, rule_text
from bocal.expand import Expander, Task
from bocal.profile import Profile, build_profile
from bocal.render import task_record
from bocal.rules import load_catalog
from helpers.paths import FIXTURES

EV = FIXTURES / "events"


def profile(events: list[dict[str, Any]] | None = None, **company: Any) -> Profile:
    company.setdefault("name", "テスト株式会社")
    return build_profile({"company": company, "event": events or []}, path=None)


def due_dates(p: Profile, start: date, end: date) -> dict[str, date]:
    """duty id → due date of every event task in [start, end]."""
    tasks = event_tasks(p, p.events, start, end)
    return {t.duty.id: t.due for t in tasks}


def one(kind: str, day: date, person: str | None = "山田太郎", **attrs: Any) -> dict[str, Any]:
    ev: dict[str, Any] = {"kind": kind, "date": day, **attrs}
    if person:
        ev["person"] = person
    return ev


WIDE = (date(2026, 1, 1), date(2029, 12, 31))


# -- the acceptance example ----------------------------------------------------------------


def test_hire_on_april_1() -> None:
    # 健保・厚年 資格取得届: 4/1 not counted, 4/2 is day 1, day 5 = 4/6 (Tue, open).
    # 雇用保険 資格取得届: the 10th of the next month = 5/10 (Mon, open after Golden Week).
    p = profile([one("hire", date(2027, 4, 1))], resident_tax_special=True)
    got = due_dates(p, date(2027, 4, 1), date(2027, 5, 31))
    assert got == {
        "hire-health-pension-acquisition": date(2027, 4, 6),
        "hire-employment-insurance-acquisition": date(2027, 5, 10),
    }


def test_hire_titles_basis_and_uid() -> None:
    p = profile([one("hire", date(2027, 4, 1))])
    tasks = event_tasks(p, p.events, *WIDE)
    emp = next(t for t in tasks if t.duty.id == "hire-employment-insurance-acquisition")
    assert emp.title("ja") == "雇用保険 被保険者資格取得届（山田太郎・4/1入社）"
    assert emp.duty.basis == "雇用保険法7条; 雇用保険法施行規則6条1項"
    ev_id = p.events[0].id
    assert emp.uid == f"hire-employment-insurance-acquisition-{ev_id}-{p.company_id}@bocal.invalid"
    assert ev_id == event_id("hire", date(2027, 4, 1), "山田太郎", None)
    assert ev_id.startswith("hire-20270401-") and ev_id.isascii()


def test_dependents_only_when_declared() -> None:
    # 被扶養者（異動）届 at hire only with dependents = true; same 5-day count as the 取得届: 4/6.
    without = due_dates(profile([one("hire", date(2027, 4, 1))]), *WIDE)
    with_ = due_dates(profile([one("hire", date(2027, 4, 1), dependents=True)]), *WIDE)
    assert "hire-dependents" not in without
    assert with_["hire-dependents"] == date(2027, 4, 6)


def test_hire_not_insured() -> None:
    p = profile([one("hire", date(2027, 4, 1), social_insurance=False, employment_insurance=False)])
    assert due_dates(p, *WIDE) == {}


# -- leavers ---------------------------------------------------------------------------------------


def test_leaver_on_the_last_day_of_march() -> None:
    # 退職日 3/31 (Wed); 資格喪失日 4/1.
    # 健保・厚年 喪失届: 4/1 not counted, day 5 = 4/6 (Tue).
    # 雇用保険 喪失届・離職証明書: from the day after 4/1, day 10 = 4/11 (Sun) → 4/12 (Mon).
    # 源泉徴収票: 1 month from 3/31 — day 1 is 4/1, its 応当日 5/1, the day before = 4/30 (Fri).
    # 住民税 異動届 (特別徴収): the 10th of the next month = 4/10 (Sat) → 4/12 (Mon, local tax).
    p = profile([one("leave", date(2027, 3, 31))], resident_tax_special=True)
    assert due_dates(p, *WIDE) == {
        "leave-health-pension-loss": date(2027, 4, 6),
        "leave-employment-insurance-loss": date(2027, 4, 12),
        "leave-separation-certificate": date(2027, 4, 12),
        "leave-withholding-slip": date(2027, 4, 30),
        "leave-resident-tax-change": date(2027, 4, 12),
    }


def test_leaver_on_the_last_day_of_january_has_no_corresponding_day() -> None:
    # 源泉徴収票: 1/31 → day 1 is 2/1, 応当日 3/1, the day before = 2/28, a Sunday in 2027 → 3/1 (Mon).
    # 2028: 1/30 → day 1 is 1/31, February has no 31st → the last day of February = 2/29 (Tue, leap year).
    p = profile([one("leave", date(2027, 1, 31)), one("leave", date(2028, 1, 30), person="佐藤花子")])
    slips = {t.period.start: t.due for t in event_tasks(p, p.events, *WIDE) if t.duty.id == "leave-withholding-slip"}
    assert slips == {date(2027, 1, 31): date(2027, 3, 1), date(2028, 1, 30): date(2028, 2, 29)}


def test_leaver_without_separation_slip() -> None:
    p = profile([one("leave", date(2027, 3, 31), separation_certificate=False)])
    got = due_dates(p, *WIDE)
    assert "leave-separation-certificate" not in got and "leave-employment-insurance-loss" in got


def test_leaver_just_before_year_end() -> None:
    # 退職日 12/24 (Fri) 2027; 資格喪失日 12/25.
    # 健保・厚年: day 5 = 12/30 (年末年始) → 12/31, 1/1 (Sat), 1/2, 1/3 closed → 2028-01-04 (Tue).
    # 雇用保険: day 10 counted from 12/26 = 2028-01-04 (Tue, open).
    p = profile([one("leave", date(2027, 12, 24))])
    got = due_dates(p, *WIDE)
    assert got["leave-health-pension-loss"] == date(2028, 1, 4)
    assert got["leave-employment-insurance-loss"] == date(2028, 1, 4)


# -- year-end and Golden Week ----------------------------------------------------------------------


def test_hire_just_before_year_end() -> None:
    # 入社 12/27 (Mon) 2027: day 5 = 2028-01-01 (Sat, 元日) → 1/2 Sun, 1/3 Mon (年末年始) → 1/4 (Tue).
    # 雇用保険: 2028-01-10 is 成人の日 (second Monday) → 1/11 (Tue).
    got = due_dates(profile([one("hire", date(2027, 12, 27))]), *WIDE)
    assert got["hire-health-pension-acquisition"] == date(2028, 1, 4)
    assert got["hire-employment-insurance-acquisition"] == date(2028, 1, 11)


def test_hire_before_golden_week() -> None:
    # 入社 4/28 (Wed) 2027: day 5 = 5/3 (憲法記念日) → 5/4, 5/5 holidays → 5/6 (Thu).
    got = due_dates(profile([one("hire", date(2027, 4, 28))]), *WIDE)
    assert got["hire-health-pension-acquisition"] == date(2027, 5, 6)


def test_dependent_change_at_year_end() -> None:
    # 12/26 (Sun) 2027 + 5 = 12/31 (年末年始) → 2028-01-04 (Tue).
    got = due_dates(profile([one("dependent-change", date(2027, 12, 26))]), *WIDE)
    assert got == {"dependent-change-notice": date(2028, 1, 4)}


def test_accident_before_golden_week_is_a_target() -> None:
    # 休業5日: 労働者死傷病報告 「遅滞なく」 — target 7 days: 4/26 (Mon) + 7 = 5/3 (holiday) → 5/6 (Thu).
    p = profile([one("accident", date(2027, 4, 26), days_off=5)])
    tasks = event_tasks(p, p.events, *WIDE)
    assert [(t.duty.id, t.due, t.target) for t in tasks] == [("accident-report", date(2027, 5, 6), True)]
    assert task_record(tasks[0])["target"] is True


def test_accident_with_few_days_off_is_reported_by_quarter() -> None:
    # 休業2日: 1〜3日 → the quarter's report. 3/31 (Q1) → 4/30 (Fri); 11/15 (Q4) → 2028-01-31 (Mon).
    p = profile(
        [one("accident", date(2027, 3, 31), days_off=2), one("accident", date(2027, 11, 15), "佐藤花子", days_off=2)]
    )
    tasks = event_tasks(p, p.events, *WIDE)
    assert [(t.duty.id, t.due, t.target) for t in tasks] == [
        ("accident-report-quarterly", date(2027, 4, 30), False),
        ("accident-report-quarterly", date(2028, 1, 31), False),
    ]


def test_fatal_accident() -> None:
    got = due_dates(profile([one("accident", date(2027, 6, 1), days_off=0, death=True)]), *WIDE)
    assert got == {"accident-report": date(2027, 6, 8)}  # 6/1 (Tue) + 7 = 6/8 (Tue)


def test_data_breach_counts_the_day_of_awareness() -> None:
    # Aware 4/5 (Mon) 2027. 速報 (target, 概ね3〜5日): day 3 = 4/7 (Wed).
    # 確報 30 days, 4/5 = day 1 → day 30 = 5/4 (みどりの日) → 5/5 (こどもの日) → 5/6 (Thu).
    # 本人通知 (target 5 days): day 5 = 4/9 (Fri).
    got = due_dates(profile([one("data-breach", date(2027, 4, 5), person=None)]), *WIDE)
    assert got == {
        "data-breach-preliminary-report": date(2027, 4, 7),
        "data-breach-final-report": date(2027, 5, 6),
        "data-breach-notify-individuals": date(2027, 4, 9),
    }


def test_malicious_data_breach_has_sixty_days() -> None:
    # 4/5 = day 1 → day 60 = 6/3 (Thu).
    got = due_dates(profile([one("data-breach", date(2027, 4, 5), person=None, malicious=True)]), *WIDE)
    assert got["data-breach-final-report-malicious"] == date(2027, 6, 3)
    assert "data-breach-final-report" not in got


def test_officer_change_before_golden_week() -> None:
    # 4/20 (Tue) + 2 weeks = 5/4 (みどりの日) → 5/5 → 5/6 (Thu).
    got = due_dates(profile([one("officer-change", date(2027, 4, 20), person="鈴木一郎")]), *WIDE)
    assert got == {"officer-change-registration": date(2027, 5, 6)}


def test_head_office_move() -> None:
    # 9/15 (Wed) 2027. 登記 2 weeks = 9/29 (Wed). 年金 5 days = 9/20 (敬老の日) → 9/21 (Tue).
    # 労働保険・雇用保険 10 days = 9/25 (Sat) → 9/27 (Mon). 税務署 (target 14 days) = 9/29 (Wed).
    got = due_dates(profile([one("head-office-move", date(2027, 9, 15), person=None)]), *WIDE)
    assert got == {
        "head-office-move-registration": date(2027, 9, 29),
        "head-office-move-tax-notice": date(2027, 9, 29),
        "head-office-move-social-insurance": date(2027, 9, 21),
        "head-office-move-labor-insurance": date(2027, 9, 27),
        "head-office-move-employment-insurance": date(2027, 9, 27),
    }


def test_site_reaching_fifty_workers() -> None:
    # 4/21 (Wed) 2027 + 14 = 5/5 (こどもの日): an appointment is not a filing, it does not move.
    # Reports (target 21 days) = 5/12 (Wed). 衛生委員会 (target): end of next month = 5/31 (Mon).
    got = due_dates(profile([one("site-reaches-50", date(2027, 4, 21), person=None)]), *WIDE)
    assert got == {
        "site50-industrial-physician": date(2027, 5, 5),
        "site50-health-supervisor": date(2027, 5, 5),
        "site50-industrial-physician-report": date(2027, 5, 12),
        "site50-health-supervisor-report": date(2027, 5, 12),
        "site50-health-committee": date(2027, 5, 31),
    }


def test_childcare_leave_benefit_window() -> None:
    # Leave from 4/10: 4 months counted from 4/10 (day 1) have passed on 8/9 → the end of August, 8/31 (Tue).
    # The claim can be made once two 支給単位期間 (4/10–5/9, 5/10–6/9) are over: from 6/10 (Thu).
    # From 4/1: 4 months pass on 7/31 (Sat) → 8/2 (Mon).
    p = profile(
        [one("childcare-leave-start", date(2027, 4, 10)), one("childcare-leave-start", date(2027, 4, 1), "佐藤花子")]
    )
    claims = {
        t.period.start: (t.start, t.due)
        for t in event_tasks(p, p.events, *WIDE)
        if t.duty.id == "childcare-benefit-first-claim"
    }
    assert claims == {
        date(2027, 4, 10): (date(2027, 6, 10), date(2027, 8, 31)),
        date(2027, 4, 1): (date(2027, 6, 1), date(2027, 8, 2)),
    }


def test_childcare_leave_end() -> None:
    # Leave ends 6/30 (Wed); back 7/1: pay of July–September, revision from October → target 10/31 (Sun) → 11/1 (Mon).
    p = profile([one("childcare-leave-end", date(2027, 6, 30), reduced_pay=True, early=True)])
    got = due_dates(p, *WIDE)
    assert got == {
        "childcare-leave-end-pay-revision": date(2027, 11, 1),
        "childcare-leave-end-early": date(2027, 7, 14),  # 6/30 + 14 = 7/14 (Wed)
    }


def test_maternity_and_address_change_are_targets() -> None:
    p = profile(
        [one("maternity-leave-start", date(2027, 5, 10)), one("address-change", date(2027, 5, 10), name_change=True)]
    )
    tasks = event_tasks(p, p.events, *WIDE)
    assert {t.duty.id for t in tasks} == {"maternity-leave-exemption", "address-change-pension", "name-change-pension"}
    assert all(t.target for t in tasks)
    assert all(t.due == date(2027, 5, 24) for t in tasks)  # 5/10 (Mon) + 14 = 5/24 (Mon)


# -- every kind has duties; the catalog is well-formed -------------------------------------------


def test_every_kind_sets_off_at_least_one_duty() -> None:
    for kind in KIND_NAMES:
        assert event_duties(bundled_catalog(), kind), kind


def test_every_event_duty_has_basis_source_and_sound_target_words() -> None:
    for d in event_duties(bundled_catalog()):
        assert d.basis and d.source and d.source.startswith("https://"), d.id
        assert d.notes, d.id
        if d.target:
            assert "目安" in (d.notes or ""), f"{d.id}: a target's notes must say the date is a target"
        # doubts belong in review, not in what users read
        for text in (d.title, d.notes or "", d.basis):
            assert "要確認" not in text and "未確認" not in text, d.id


def test_event_duties_are_read_by_the_rule_loader_from_the_event_files() -> None:
    cat = load_catalog()
    events = event_duties(cat)
    assert len(events) == 33 and {d.path for d in events} == {
        "schedules/events-labor.toml",
        "schedules/events-legal.toml",
        "schedules/events-payroll.toml",
    }
    assert all(d.kind != "event" for d in cat.duties if not (d.path or "").startswith("schedules/events-"))


def test_kinds_declared_once() -> None:
    assert len(KIND_NAMES) == len(set(KIND_NAMES)) == len(KINDS) == 12


# -- the hook: events in a profile reach every renderer through the expander -----------------------


def test_expander_adds_event_tasks_in_order() -> None:
    p = profile([one("hire", date(2027, 4, 1))])
    tasks = Expander(load_catalog()).expand(p, date(2027, 4, 1), date(2027, 5, 31))
    ours = [t for t in tasks if t.period.key == p.events[0].id]
    assert [t.due for t in ours] == [date(2027, 4, 6), date(2027, 5, 10)]
    assert tasks == sorted(tasks, key=lambda t: t.due)
    hire = next(t for t in tasks if t.duty.id == "hire-employment-insurance-acquisition")
    assert not hire.target and task_record(hire)["target"] is False


def test_area_and_duty_filters_apply_to_events() -> None:
    p = profile([one("leave", date(2027, 3, 31))])
    tasks = Expander(load_catalog()).expand(p, date(2027, 4, 1), date(2027, 5, 31), areas=["accounting"])
    assert {t.duty.id for t in tasks if t.period.key == p.events[0].id} == {"leave-withholding-slip"}


def test_company_without_an_area_gets_no_event_tasks() -> None:
    p = profile([one("hire", date(2027, 4, 1))], areas=["accounting"])
    assert event_tasks(p, p.events, *WIDE) == []


# -- due forms ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "anchor", "expected"),
    [
        ("5 days", date(2027, 4, 1), date(2027, 4, 6)),
        ("30 days inclusive", date(2027, 4, 5), date(2027, 5, 4)),
        ("2 weeks", date(2027, 4, 20), date(2027, 5, 4)),
        ("1 month", date(2027, 3, 15), date(2027, 4, 15)),  # day 1 = 3/16, 応当日 4/16, the day before
        ("1 month", date(2027, 1, 30), date(2027, 2, 28)),  # day 1 = 1/31, no 2/31 → end of February
        ("10th of next month", date(2027, 12, 27), date(2028, 1, 10)),
        ("end of next month", date(2027, 1, 15), date(2027, 2, 28)),
        ("end of month after quarter", date(2027, 6, 30), date(2027, 7, 31)),
        ("end of month after 4 months inclusive", date(2027, 4, 10), date(2027, 8, 31)),
        # from 4/30 (Fri): 5/1–5/2 weekend, 5/3–5/5 holidays → 5/6 (1), 5/7 (2), weekend, 5/10 (3)
        ("3 business days", date(2027, 4, 30), date(2027, 5, 10)),
        ("same day", date(2027, 4, 1), date(2027, 4, 1)),
    ],
)
def test_due_forms(form: str, anchor: date, expected: date) -> None:
    assert parse_due(form).on(anchor, business_calendar("government")) == expected


@pytest.mark.parametrize("bad", ["5 dayz", "0 days", "32nd of next month", "", "within 5 days"])
def test_bad_due_forms(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_due(bad)


def test_rule_text_says_how_it_counts() -> None:
    cat = bundled_catalog()
    acq = cat.get("hire-health-pension-acquisition")
    assert acq is not None and rule_text(acq, "hire") == "入社日から5日以内（初日不算入・民法140条）"
    loss = cat.get("leave-employment-insurance-loss")
    assert (
        loss is not None
        and rule_text(loss, "leave") == "資格喪失日（離職日の翌日）から10日以内（初日不算入・民法140条）"
    )
    rep = cat.get("accident-report")
    assert rep is not None and rule_text(rep, "accident").startswith("遅滞なく（目安：災害の発生日から7日以内")
    assert rule_text(rep, "accident", "en").startswith(
        "without delay (target: within 7 days of the day of the accident"
    )


# -- bad input: located messages ---------------------------------------------------------------------


def test_bad_event_duties_are_located() -> None:
    path = EV / "bad-duties.toml"
    with pytest.raises(RuleError) as e:
        load_catalog([path], bundled=False)
    got = {(p.duty, p.key, p.line) for p in e.value.problems}
    assert got == {
        ("typo-kind", "on", 8),
        ("bad-due", "due", 19),
        ("unknown-name", "when", 30),
        ("unknown-key", "deu", 43),
    }
    messages = [str(p) for p in e.value.problems]
    assert any("unknown event kind 'hier'" in m and 'did you mean "hire"' in m for m in messages)
    assert any("'days_off' is not a profile key nor an event attribute" in m for m in messages)


def test_profile_event_tables_are_checked() -> None:
    data = {
        "company": {"name": "x"},
        "event": [
            {"kind": "hier", "date": date(2027, 4, 1)},
            {"kind": "hire", "date": "2027-13-01"},
            {"kind": "accident", "date": date(2027, 4, 1), "days_off": "many"},
            {"kind": "hire", "date": date(2027, 4, 1), "color": "red"},
            {"kind": "hire"},
        ],
    }
    with pytest.raises(ProfileError) as e:
        build_profile(data, path=None)
    messages = [str(p) for p in e.value.problems]
    assert len(messages) == 5
    assert "event[1].kind" in messages[0] and 'did you mean "hire"?' in messages[0]
    assert "event[2].date" in messages[1] and "YYYY-MM-DD" in messages[1]
    assert "event[3].days_off" in messages[2] and "whole number" in messages[2]
    assert "event[4].color" in messages[3] and "no attribute 'color'" in messages[3]
    assert "event[5]" in messages[4] and "needs date" in messages[4]


def test_make_event_checks_and_normalises() -> None:
    ev = make_event("leave", "2027/03/31", person=" 佐藤花子 ", attributes={"separation_certificate": "いいえ"})
    assert isinstance(ev, Event)
    assert (ev.date, ev.person, ev.values()["separation_certificate"]) == (date(2027, 3, 31), "佐藤花子", False)
    with pytest.raises(ValueError, match="must be true or false"):
        make_event("leave", "2027-03-31", attributes={"separation_certificate": "maybe"})
    with pytest.raises(ValueError, match="0 or more"):
        make_event("accident", "2027-03-31", attributes={"days_off": -1})


def test_same_event_same_id_different_person_different_id() -> None:
    a = make_event("hire", "2027-04-01", person="山田太郎")
    b = make_event("hire", date(2027, 4, 1), person="山田太郎", note="another note")
    c = make_event("hire", "2027-04-01", person="山田次郎")
    d = make_event("hire", "2027-04-01", person="山田太郎", client="株式会社サンプル")
    assert a.id == b.id and len({a.id, c.id, d.id}) == 3


def test_event_labels(make_profile: Callable[..., Profile]) -> None:
    ev = make_event("leave", "2027-03-31", person="佐藤花子")
    assert ev.label("ja") == "佐藤花子・3/31退職"
    assert ev.label("en") == "佐藤花子, leaves 31 Mar"
    assert make_event("data-breach", "2027-04-05").label("ja") == "4/5漏えい等"
    p = make_profile(name="x")
    task = event_tasks(p, [ev], *WIDE)[0]
    assert isinstance(task, Task) and task.title("en").endswith("(佐藤花子, leaves 31 Mar)")


# -- invariants over every kind and many dates ----------------------------------------------------------

_ALL_ATTRS = {"days_off": 5, "dependents": True, "name_change": True, "early": True, "reduced_pay": True}


@settings(max_examples=150, deadline=None)
@given(kind=st.sampled_from(KIND_NAMES), day=st.dates(date(2026, 1, 1), date(2028, 12, 31)))
def test_event_dates_never_precede_the_event_and_land_on_open_days(kind: str, day: date) -> None:
    info = next(k for k in KINDS if k.name == kind)
    attrs = {a.name: _ALL_ATTRS[a.name] for a in info.attributes if a.name in _ALL_ATTRS}
    p = profile([one(kind, day, **attrs)], resident_tax_special=True)
    tasks = event_tasks(p, p.events, date(2025, 1, 1), date(2030, 12, 31))
    assert tasks, kind
    for t in tasks:
        assert t.due > day, t.duty.id  # every form counts forward from the event
        assert t.nominal <= t.due
        if t.duty.shift == "following":
            assert business_calendar(t.duty.regime).is_open(t.due), (t.duty.id, t.due)
        else:
            assert t.due == t.nominal
        assert t.uid.startswith(f"{t.duty.id}-{p.events[0].id}-")
        if t.start is not None:
            assert day < t.start <= t.due
