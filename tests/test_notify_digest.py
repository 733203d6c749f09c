"""bocal.notify.digest and render: what each recipient is told, derived by hand from the rules.

Calendar used throughout (2026): 11/30 is a Monday; 10/31 Sat, 11/1 Sun; 12/10 Thu; 12/25 Fri;
12/31 Thu is a bank holiday (銀行法施行令5条: 12/31〜1/3), 1/4/2027 is a Monday.

The rules (tests/helpers/notify.RULES), expanded for the profile サンプル商事:
- pay-tax, 10th of next month, 国税 following:  Oct 2026 → 11/10(火); Nov 2026 → 12/10(木). remind [5, 1].
- premiums, last day of next month, bank following: Sep → 10/31(土) → 11/2(月) (moved: 10/31・11/1 closed);
  Oct → 11/30(月); Nov → 12/31(木) bank holiday → 1/4(月) 2027. remind [7].
- year-end-forms, window 12/1(火)〜12/25(金). remind [3].
"""

from __future__ import annotations

import html
import json
from datetime import date, timedelta

import pytest

from bocal.notify import render
from bocal.notify.digest import Audience, Entry, Kind, build_digest
from bocal.state import NO_STATE, Status, TaskState, task_key
from helpers.notify import notify_entries
from helpers.state import DictState

TODAY = date(2026, 11, 30)


@pytest.fixture(scope="module")
def entries(tmp_path_factory: pytest.TempPathFactory) -> list[Entry]:
    return notify_entries(tmp_path_factory.mktemp("rules"), TODAY, timedelta(days=3))


def ids(d: object) -> list[tuple[str, str, str]]:
    return [(i.task.duty.id, i.task.due.isoformat(), str(i.kind)) for i in d.items]  # type: ignore[attr-defined]


def test_days_14_lists_open_tasks_due_11_30_to_12_14_and_the_overdue(entries: list[Entry]) -> None:
    d = build_digest(entries, NO_STATE, TODAY, days=14, overdue_days=30)
    # overdue within 30 days (11/1〜11/29): premiums Sep 11/2, pay-tax Oct 11/10;
    # due 11/30〜12/14: premiums Oct 11/30 (today), pay-tax Nov 12/10. Not 1/4 (premiums Nov), not
    # the year-end window (opens 12/1, not today).
    assert ids(d) == [
        ("premiums", "2026-11-02", "overdue"),
        ("pay-tax", "2026-11-10", "overdue"),
        ("premiums", "2026-11-30", "due"),
        ("pay-tax", "2026-12-10", "due"),
    ]
    assert render.subject(d, "ja") == "【bocal】今後14日の期限 2件（期限超過 2件）— 11/30(月)"
    assert render.subject(d, "en") == "[bocal] Due in the next 14 days: 2 (2 overdue) — Mon 11/30"


def test_lead_times_come_from_remind_without_days(entries: list[Entry]) -> None:
    # pay-tax Nov is due 12/10: 10 days > remind 5 on 11/30 → not listed; on 12/5 it is 5 days → listed.
    d = build_digest(entries, NO_STATE, TODAY, overdue_days=0)
    assert ids(d) == [("premiums", "2026-11-30", "due")]
    d = build_digest(entries, NO_STATE, date(2026, 12, 5), overdue_days=0)
    assert ids(d) == [("pay-tax", "2026-12-10", "due")]


def test_done_tasks_drop_out_and_a_window_opening_today_is_listed(entries: list[Entry]) -> None:
    state = DictState()
    oct_premiums = next(e.task for e in entries if e.task.duty.id == "premiums" and e.task.due == TODAY)
    state.done(task_key(oct_premiums))
    day = date(2026, 12, 1)
    before = build_digest(entries, NO_STATE, day, days=14, overdue_days=30)
    after = build_digest(entries, state, day, days=14, overdue_days=30)
    # 12/1: premiums Oct (11/30) is 1 day overdue until done; the window 12/1〜12/25 opens today
    # (12/25 is 24 days away, beyond 14, so it is an "opening" line, not a due one).
    assert ("premiums", "2026-11-30", "overdue") in ids(before)
    assert ("premiums", "2026-11-30", "overdue") not in ids(after)
    assert ("year-end-forms", "2026-12-25", "opening") in ids(after)
    state.states[task_key(oct_premiums)] = TaskState(task_key(oct_premiums), Status.NOT_APPLICABLE)
    assert ("premiums", "2026-11-30", "overdue") not in ids(build_digest(entries, state, day, days=14))
    state.states[task_key(oct_premiums)] = TaskState(task_key(oct_premiums), Status.WAITING)
    assert ("premiums", "2026-11-30", "overdue") in ids(build_digest(entries, state, day, days=14))


def test_overdue_look_back(entries: list[Entry]) -> None:
    # 11/2 is 28 days before 11/30, 11/10 is 20: a 25-day look-back keeps only 11/10
    d = build_digest(entries, NO_STATE, TODAY, days=0, overdue_days=25)
    assert [i.task.due for i in d.of(Kind.OVERDUE)] == [date(2026, 11, 10)]


def test_audience_by_owner_area_and_assignee(entries: list[Entry]) -> None:
    sato = build_digest(entries, NO_STATE, TODAY, days=14, audience=Audience(owners=("佐藤",)))
    assert {i.task.duty.id for i in sato.items} == {"pay-tax"}  # [owners] accounting = 経理 佐藤
    labor = build_digest(entries, NO_STATE, TODAY, days=14, audience=Audience(areas=("labor",)))
    assert {i.task.duty.id for i in labor.items} == {"premiums"}
    # a stored assignee wins over the profile's owner
    nov_tax = next(e.task for e in entries if e.task.duty.id == "pay-tax" and e.task.due == date(2026, 12, 10))
    state = DictState({task_key(nov_tax): TaskState(task_key(nov_tax), Status.IN_PROGRESS, assignee="田中")})
    tanaka = build_digest(entries, state, TODAY, days=14, audience=Audience(owners=("田中",)))
    assert ids(tanaka) == [("pay-tax", "2026-12-10", "due")]
    assert tanaka.items[0].owner == "田中"
    clients = build_digest(entries, NO_STATE, TODAY, days=14, audience=Audience(clients=("other",)))
    assert clients.empty


def test_text_has_date_weekday_days_left_reason_and_link(entries: list[Entry]) -> None:
    d = build_digest(entries, NO_STATE, TODAY, days=14, overdue_days=30)
    body = render.text(d, "ja", task_url="https://bocal.example.jp/tasks/{key}")
    assert "■ 期限超過（2件）" in body and "■ 今後14日の期限（2件）" in body
    assert "11/2(月)  期限超過 28日  社会保険料の納付（2026年9月分）" in body
    # 10/31(土)・11/1(日) are closed for banks → moved to 11/2(月), basis of the bank regime
    assert "※ 10/31(土)・11/1(日)のため 11/2(月) に延長" in body
    assert "12/10(木)  あと10日  源泉所得税の納付（2026年11月分）  [経理・経理 佐藤]" in body
    assert "11/30(月)  今日" in body
    key = task_key(d.items[3].task)
    assert f"https://bocal.example.jp/tasks/{key}" in body
    en = render.text(d, "en")
    assert "Thu 12/10  in 10 days  Pay withheld income tax (Nov 2026)" in en


def test_html_escapes_what_users_wrote(entries: list[Entry]) -> None:
    d = build_digest(entries, NO_STATE, date(2026, 12, 1), days=14, overdue_days=0)
    page = render.html_body(d, "ja", task_url="https://x.example/t/{key}?a=1&b=2")
    assert "<扶養控除等>" not in page
    assert html.escape("年末調整書類の回収 <扶養控除等> & 確認") in page
    assert 'href="https://x.example/t/year-end-forms-2026-sample?a=1&amp;b=2"' in page


def test_slack_payload_escapes_mrkdwn_and_keeps_block_limits(entries: list[Entry]) -> None:
    d = build_digest(entries, NO_STATE, date(2026, 12, 1), days=14, overdue_days=30)
    p = render.slack_payload(d, "ja")
    assert p["text"].startswith("【bocal】")
    assert p["blocks"][0]["type"] == "header"
    sections = "\n".join(b["text"]["text"] for b in p["blocks"] if b["type"] == "section")
    assert "&lt;扶養控除等&gt; &amp; 確認" in sections
    assert len(p["blocks"]) <= 50 and all(len(b["text"]["text"]) <= 3000 for b in p["blocks"][1:])
    # thousands of items (an office's many clients): still at most 50 blocks, the rest counted
    many = type(d)(today=d.today, items=d.items * 1000, days=14)
    big = render.slack_payload(many, "ja")
    assert len(big["blocks"]) <= 50
    assert big["blocks"][-1]["type"] == "context"
    more = big["blocks"][-1]["elements"][0]["text"]
    shown = sum(
        line[1].isdigit() for b in big["blocks"] if b["type"] == "section" for line in b["text"]["text"].splitlines()
    )
    assert more == f"…ほか {len(many.items) - shown}件" and shown > 0


def test_teams_google_chat_and_json_payloads(entries: list[Entry]) -> None:
    d = build_digest(entries, NO_STATE, TODAY, days=14, overdue_days=30)
    t = render.teams_payload(d, "ja", task_url="https://x.example/{key}")
    att = t["attachments"][0]
    assert t["type"] == "message" and att["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert att["content"]["type"] == "AdaptiveCard" and att["content"]["body"][0]["type"] == "TextBlock"
    assert att["content"]["actions"][0]["type"] == "Action.OpenUrl"
    g = render.google_chat_payload(d, "ja")
    assert set(g) == {"text"} and "12/10(木) あと10日" in g["text"]
    j = render.json_payload(d, "ja", recipient="a@example.com")
    json.dumps(j)  # serialisable
    assert j["counts"] == {"overdue": 2, "due": 2, "opening": 0}
    assert [(i["duty"], i["due"], i["days_left"]) for i in j["items"]] == [
        ("premiums", "2026-11-02", -28),
        ("pay-tax", "2026-11-10", -20),
        ("premiums", "2026-11-30", 0),
        ("pay-tax", "2026-12-10", 10),
    ]


def test_subject_is_one_line_whatever_the_company_name(entries: list[Entry]) -> None:
    d = build_digest(entries, NO_STATE, TODAY, days=14, overdue_days=30, title="サンプル\r\nBcc: x@evil.example")
    assert (
        render.subject(d, "ja") == "【bocal】今後14日の期限 2件（期限超過 2件）— 11/30(月) サンプル Bcc: x@evil.example"
    )
