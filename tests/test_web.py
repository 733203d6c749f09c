"""The workspace in process: every route, sign-in, sessions, CSRF, roles, escaping, logs.

Today is fixed at 2026-10-05 (Mon). Hand derivation of the date the tests look for:
源泉所得税の納付（2026年9月分） is due on the 10th of the next month (所得税法183条) → 2026-10-10, a
Saturday; 10/11 is a Sunday and 10/12 is the second Monday of October, スポーツの日 (祝日法); so under
国税通則法10条2項 the deadline moves to the next open day, Tuesday 2026-10-13 — 8 days after today.
和暦: 2026 = 令和8年 (令和元年 = 2019).
"""

from __future__ import annotations

import logging
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from bocal.state import Status
from bocal.store import Store, parse_db_url
from bocal.web import FeedLink, mount
from helpers.paths import FIXTURES
from helpers.web import Client, workspace

TODAY = date(2026, 10, 5)
LISTED = str(FIXTURES / "profiles" / "listed-dec.toml")
WHT = "/w/task/listed-dec/withholding-tax/2026-09"


@pytest.fixture
def ws(tmp_path: Path):
    return workspace(tmp_path, profile=LISTED, today=TODAY)


def signed_in(app, startup) -> Client:
    c = Client(app)
    r = c.get(f"/w/signin?token={startup.token}")
    assert r.status == 303, r.text
    return c


def store_of(tmp_path: Path) -> Store:
    return Store(parse_db_url(str(tmp_path / "state.sqlite3")))


# -- sign-in ------------------------------------------------------------------------------------------


def test_pages_need_a_session(ws):
    app, _ = ws
    c = Client(app)
    r = c.get("/w/")
    assert r.status == 303 and r.headers["location"] == "/w/signin"
    assert c.get("/w/signin").status == 200
    assert c.post(WHT, {"status": "done"}).status == 403


def test_startup_link_signs_the_admin_in_once_and_leaves_a_clean_url(ws):
    app, startup = ws
    c = Client(app)
    r = c.get(f"/w/signin?token={startup.token}")
    assert r.status == 303
    assert r.headers["location"] == "/w/"  # the token is not carried on
    cookie = r.cookies[0]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/w" in cookie
    assert "Secure" not in cookie  # plain http on loopback
    assert startup.token not in cookie
    page = c.get("/w/")
    assert page.status == 200 and "admin" in page.text
    # the same link again, in another browser: used up
    other = Client(app)
    again = other.get(f"/w/signin?token={startup.token}")
    assert again.status == 403 and "無効" in again.text
    assert other.get("/w/").status == 303


def test_a_session_cookie_is_secure_behind_https(tmp_path):
    app, startup = workspace(tmp_path, profile=LISTED, today=TODAY, base_url="https://cal.example.jp")
    r = Client(app).get(f"/w/signin?token={startup.token}")
    assert "Secure" in r.cookies[0]


def test_a_forged_or_garbled_cookie_is_no_session(ws):
    app, startup = ws
    c = signed_in(app, startup)
    ident = c.jar["bocal_ws"].split(".")[0]
    for bad in (f"{ident}.wrongsecret", "nodot", "", "x" * 500):
        c.jar["bocal_ws"] = bad
        assert c.get("/w/").status == 303


def test_signin_attempts_are_rate_limited(ws):
    app, startup = ws
    c = Client(app, remote="192.0.2.9")
    for _ in range(10):
        assert c.get("/w/signin?token=abc.def").status == 403
    # the eleventh attempt is refused before it is checked, even with the right token
    assert c.get(f"/w/signin?token={startup.token}").status == 429
    # another address is not affected
    assert Client(app, remote="192.0.2.10").get(f"/w/signin?token={startup.token}").status == 303


def test_a_head_request_does_not_use_up_the_link(ws):
    app, startup = ws
    c = Client(app)
    r = c.request("HEAD", f"/w/signin?token={startup.token}")
    assert r.status == 200 and r.body == b"" and not r.cookies
    assert c.get(f"/w/signin?token={startup.token}").status == 303


def test_a_pasted_token_signs_in_too(ws):
    app, startup = ws
    c = Client(app)
    assert c.post("/w/signin", {"token": startup.token}).status == 303
    assert c.get("/w/").status == 200


def test_sign_out_ends_the_session(ws):
    app, startup = ws
    c = signed_in(app, startup)
    cookie = c.jar["bocal_ws"]
    page = c.get("/w/")
    assert c.post("/w/signout", {"csrf": page.csrf()}).status == 303
    c.jar["bocal_ws"] = cookie  # a copy of the old cookie no longer works
    assert c.get("/w/").status == 303


def test_no_token_reaches_the_log(ws, caplog):
    app, startup = ws
    caplog.set_level(logging.DEBUG)
    c = Client(app)
    c.get("/w/signin?token=abc.bad-guess")
    c.get(f"/w/signin?token={startup.token}")
    c.get("/w/")
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "/w/signin" in text  # requests are logged …
    assert startup.token not in text and "bad-guess" not in text  # … without their query
    assert c.jar["bocal_ws"] not in text


# -- headers ------------------------------------------------------------------------------------------


def test_every_response_carries_the_security_headers(ws):
    app, startup = ws
    c = signed_in(app, startup)
    for url in ("/w/", "/w/signin", WHT, "/w/work", "/w/subscribe", "/w/users", "/w/nothing", "/w/static/web.css"):
        h = c.get(url).headers
        csp = h["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert h["referrer-policy"] == "no-referrer"
        assert h["x-content-type-options"] == "nosniff"


def test_pages_have_no_inline_script_or_style(ws):
    app, startup = ws
    c = signed_in(app, startup)
    for url in ("/w/", WHT, "/w/work", "/w/subscribe", "/w/users"):
        text = c.get(url).text
        assert re.search(r"<script(?![^>]*\bsrc=)", text) is None, url
        assert "<style" not in text and " style=" not in text and " onclick=" not in text
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text


def test_static_files(ws):
    app, startup = ws
    c = Client(app)
    assert c.get("/w/static/web.css").headers["content-type"].startswith("text/css")
    assert c.get("/w/static/web.js").headers["content-type"].startswith("text/javascript")
    for bad in ("/w/static/../app.py", "/w/static/app.py", "/w/static/nothing.css", "/w/static/.css"):
        assert c.get(bad).status == 404


# -- the agenda and a task ----------------------------------------------------------------------------


def test_the_agenda_shows_the_moved_date_with_its_reason_and_days_left(ws):
    app, startup = ws
    text = signed_in(app, startup).get("/w/").text
    assert "今月" in text and "10/13(火)" in text
    section = text[text.index('id="d-2026-10-13"') :]
    section = section[: section.index("</section>")]
    assert "あと8日" in section
    assert "源泉所得税の納付（2026年9月分）" in section
    assert "10/10(土)・10/11(日)・10/12(スポーツの日)のため 10/13(火) に延長 — 国税通則法10条2項" in section


def test_upcoming_and_overdue_views(ws):
    app, startup = ws
    c = signed_in(app, startup)
    # 10/1 (Thu) is 4 days before today: the 内定式 task of the listed company is overdue
    overdue = c.get("/w/?view=overdue").text
    assert 'id="d-2026-10-01"' in overdue and "期限超過 4日" in overdue
    assert 'id="d-2026-10-13"' not in overdue
    upcoming = c.get("/w/?view=upcoming").text  # today .. today + 30 days = 11/4
    assert 'id="d-2026-10-13"' in upcoming and 'id="d-2026-10-01"' not in upcoming
    assert c.get("/w/?view=bogus").status == 400


def test_wareki_on_request(ws):
    app, startup = ws
    text = signed_in(app, startup).get("/w/?wareki=1").text
    assert "令和8年10月13日(火)" in text


def test_english_on_request(ws):
    app, startup = ws
    text = signed_in(app, startup).get("/w/?lang=en").text
    assert "This month" in text and "Pay withheld income tax" in text and 'lang="en"' in text


def test_ticking_a_task_done_writes_through_the_store_with_who_did_it(ws, tmp_path):
    app, startup = ws
    c = signed_in(app, startup)
    page = c.get("/w/")
    r = c.post(WHT, {"csrf": page.csrf(), "status": "done", "back": "/w/?view=month"})
    assert r.status == 303 and r.headers["location"] == "/w/?view=month"
    with store_of(tmp_path) as s:
        state = s.get("withholding-tax-2026-09-listed-dec")
        history = s.history(keys=["withholding-tax-2026-09-listed-dec"])
    assert state is not None and state.status is Status.DONE and state.done_on == TODAY
    assert [(h.by, h.after.status) for h in history] == [("admin", Status.DONE)]
    text = c.get("/w/").text
    item = text[text.index('data-key="withholding-tax-2026-09-listed-dec"') :]
    assert "完了" in item[: item.index("</li>")]
    # the task page shows the change in its history
    task = c.get(WHT).text
    assert "変更履歴" in task and "未着手 → 完了" in task and "admin" in task


def test_assign_and_note(ws, tmp_path):
    app, startup = ws
    c = signed_in(app, startup)
    csrf = c.get(WHT).csrf()
    r = c.post(WHT, {"csrf": csrf, "status": "waiting", "assignee": "佐藤", "note": "領収書待ち <b>"})
    assert r.status == 303 and r.headers["location"] == WHT
    with store_of(tmp_path) as s:
        st = s.get("withholding-tax-2026-09-listed-dec")
    assert st is not None and (st.status, st.assignee, st.note) == (Status.WAITING, "佐藤", "領収書待ち <b>")
    text = c.get(WHT).text
    assert "領収書待ち &lt;b&gt;" in text and "領収書待ち <b>" not in text


def test_assign_and_note_from_the_agenda(ws, tmp_path):
    app, startup = ws
    c = signed_in(app, startup)
    page = c.get("/w/?view=upcoming")
    assert 'for="a-withholding-tax-2026-09-listed-dec"' in page.text  # labelled fields under each task
    r = c.post(WHT, {"csrf": page.csrf(), "assignee": "鈴木", "note": "", "back": "/w/?view=upcoming"})
    assert r.headers["location"] == "/w/?view=upcoming"
    with store_of(tmp_path) as s:
        st = s.get("withholding-tax-2026-09-listed-dec")
    assert st is not None and (st.status, st.assignee, st.note) == (Status.OPEN, "鈴木", None)
    assert "担当: 鈴木" in c.get("/w/?view=upcoming").text


def test_bad_updates_are_refused(ws):
    app, startup = ws
    c = signed_in(app, startup)
    csrf = c.get(WHT).csrf()
    assert c.post(WHT, {"csrf": csrf, "status": "finished"}).status == 400
    assert c.post(WHT, {"csrf": csrf, "note": "x" * 3000}).status == 400
    assert c.post(WHT, {"csrf": csrf, "note": "a\x00b"}).status == 400
    assert c.post("/w/task/listed-dec/withholding-tax/1999-01", {"csrf": csrf, "status": "done"}).status == 404
    assert c.post("/w/task/nobody/withholding-tax/2026-09", {"csrf": csrf, "status": "done"}).status == 404
    # a "back" to another site is not followed
    r = c.post(WHT, {"csrf": csrf, "status": "done", "back": "https://evil.example/"})
    assert r.headers["location"] == WHT
    r = c.post(WHT, {"csrf": csrf, "status": "open", "back": "//evil.example/w/"})
    assert r.headers["location"] == WHT


def test_the_duty_page_explains_the_date(ws):
    app, startup = ws
    c = signed_in(app, startup)
    text = c.get(WHT).text
    assert "期日の求め方" in text
    assert "本来の期日: 2026-10-10 10/10(土)" in text
    assert "国税通則法10条2項" in text and "根拠" in text
    assert c.get("/w/task/listed-dec/nonexistent/2026-09").status == 404
    assert c.get("/w/task/listed-dec/withholding-tax/1999-01").status == 404


# -- CSRF and roles -----------------------------------------------------------------------------------


def test_a_form_without_its_csrf_token_is_refused(ws, tmp_path):
    app, startup = ws
    c = signed_in(app, startup)
    csrf = c.get("/w/").csrf()
    assert c.post(WHT, {"status": "done"}).status == 403
    assert c.post(WHT, {"status": "done", "csrf": csrf[:-1] + ("A" if csrf[-1] != "A" else "B")}).status == 403
    assert c.post(WHT, {"status": "done", "csrf": csrf}, headers={"Origin": "https://evil.example"}).status == 403
    with store_of(tmp_path) as s:
        assert s.get("withholding-tax-2026-09-listed-dec") is None
    assert c.post(WHT, {"status": "done", "csrf": csrf}, headers={"Origin": "http://127.0.0.1:8080"}).status == 303


def add_user(c: Client, name: str, role: str) -> str:
    page = c.get("/w/users")
    r = c.post("/w/users", {"csrf": page.csrf(), "name": name, "role": role})
    assert r.status == 200, r.text
    m = re.search(r'value="(http://127\.0\.0\.1:8080/w/signin\?token=[^"]+)"', r.text)
    assert m, "no sign-in link shown"
    return m.group(1).replace("http://127.0.0.1:8080", "")


def test_roles(ws):
    app, startup = ws
    admin = signed_in(app, startup)
    viewer_link = add_user(admin, "閲覧 太郎", "viewer")
    staff_link = add_user(admin, "担当 花子", "staff")
    viewer, staff = Client(app), Client(app)
    assert viewer.get(viewer_link).status == 303
    assert viewer.get(viewer_link.replace("/w/", "/w/", 1)).status == 403  # once only
    assert staff.get(staff_link).status == 303
    # a viewer reads, has no controls, and cannot change a task
    page = viewer.get("/w/")
    assert page.status == 200 and "閲覧のみの権限" in page.text and "完了にする" not in page.text
    assert viewer.post(WHT, {"csrf": page.csrf(), "status": "done"}).status == 403
    assert viewer.get("/w/users").status == 403
    # staff change tasks but do not manage users
    spage = staff.get("/w/")
    assert "完了にする" in spage.text
    assert staff.post(WHT, {"csrf": spage.csrf(), "status": "done"}).status == 303
    assert staff.get("/w/users").status == 403
    assert staff.post("/w/users", {"csrf": spage.csrf(), "name": "x", "role": "admin"}).status == 403
    # the admin removes the viewer: their session ends
    upage = admin.get("/w/users")
    assert "閲覧 太郎" in upage.text
    assert admin.post("/w/users/remove", {"csrf": upage.csrf(), "name": "閲覧 太郎"}).status == 303
    assert viewer.get("/w/").status == 303
    assert admin.post("/w/users/remove", {"csrf": upage.csrf(), "name": "admin"}).status == 400
    assert admin.post("/w/users", {"csrf": upage.csrf(), "name": "担当 花子", "role": "staff"}).status == 400
    assert admin.post("/w/users", {"csrf": upage.csrf(), "name": "新人", "role": "owner"}).status == 400


def test_history_records_who_changed_what(ws, tmp_path):
    app, startup = ws
    admin = signed_in(app, startup)
    link = add_user(admin, "sato", "staff")
    staff = Client(app)
    staff.get(link)
    staff.post(WHT, {"csrf": staff.get("/w/").csrf(), "status": "waiting"})
    admin.post(WHT, {"csrf": admin.get("/w/").csrf(), "status": "done"})
    with store_of(tmp_path) as s:
        history = s.history(keys=["withholding-tax-2026-09-listed-dec"])
    assert [(h.by, h.before.status, h.after.status) for h in history] == [
        ("sato", Status.OPEN, Status.WAITING),
        ("admin", Status.WAITING, Status.DONE),
    ]


# -- escaping -----------------------------------------------------------------------------------------

HOSTILE = "<script>alert('x')</script>&\"株式会社"


def test_a_hostile_company_name_stays_text(tmp_path):
    profile = tmp_path / "bocal.toml"
    profile.write_text(f'[company]\nname = "{HOSTILE.replace(chr(34), chr(92) + chr(34))}"\nid = "evil"\n', "utf-8")
    app, startup = workspace(tmp_path, profile=str(profile), clients=None, today=TODAY)
    c = signed_in(app, startup)
    for url in ("/w/", "/w/work", "/w/task/evil/withholding-tax/2026-09"):
        text = c.get(url).text
        assert "<script>alert" not in text, url
    # an office shows client names on every row
    office = tmp_path / "clients"
    office.mkdir()
    (office / "evil.toml").write_text(profile.read_text("utf-8"), "utf-8")
    app, startup = workspace(tmp_path / "o", clients=str(office), today=TODAY)
    c = signed_in(app, startup)
    for url in ("/w/", "/w/work", "/w/progress?period=2026-10"):
        text = c.get(url).text
        assert "&lt;script&gt;alert(" in text and "<script>alert" not in text, url


# -- office pages -------------------------------------------------------------------------------------


@pytest.fixture
def office(tmp_path: Path):
    d = tmp_path / "clients"
    d.mkdir()
    for name in ("alpha.toml", "beta.toml"):
        shutil.copy(FIXTURES / "clients" / name, d / name)
    return workspace(tmp_path, clients=str(d), today=TODAY)


def test_progress_table_clients_by_duties(office, tmp_path):
    app, startup = office
    c = signed_in(app, startup)
    # beta pays withholding tax monthly: the September tax is due 10/13 (derived above). alpha has
    # 納期の特例 (withholding_special): no monthly payment in October.
    beta_wht = "/w/task/beta/withholding-tax/2026-09"
    c.post(beta_wht, {"csrf": c.get("/w/").csrf(), "status": "done"})
    text = c.get("/w/progress?period=2026-10").text
    assert "株式会社アルファ" in text and "beta" in text
    row = text[text.index('<th scope="row">beta</th>') :]
    row = row[: row.index("</tr>")]
    assert f'href="{beta_wht}"' in row and "完了" in row
    alpha = text[text.index('<th scope="row">株式会社アルファ</th>') :]
    alpha = alpha[: alpha.index("</tr>")]
    assert "/w/task/" in alpha and "withholding-tax/" not in alpha
    assert c.get("/w/progress?period=2026-13").status == 400


def test_worklist_filters(office):
    app, startup = office
    c = signed_in(app, startup)
    everything = c.get("/w/work").text
    assert "株式会社アルファ" in everything and "beta" in everything
    only_beta = c.get("/w/work?client=beta").text
    assert "<td>beta</td>" in only_beta and "<td>株式会社アルファ</td>" not in only_beta
    accounting = c.get("/w/work?area=accounting").text
    labor = "時間外・休日労働の月次集計と上限確認"  # a labor duty (area = labor) of both clients
    assert labor in everything and labor not in accounting and "源泉所得税の納付" in accounting
    by_owner = c.get("/w/work?owner=" + "税理士 佐藤").text
    assert "<td>beta</td>" not in by_owner and "<td>株式会社アルファ</td>" in by_owner
    csrf = c.get("/w/").csrf()
    c.post("/w/task/beta/withholding-tax/2026-09", {"csrf": csrf, "status": "waiting"})
    waiting = c.get("/w/work?status=waiting").text
    assert waiting.count("data-key=") == 1 and 'data-key="withholding-tax-2026-09-beta"' in waiting
    assert c.get("/w/work?client=nobody").status == 404


# -- subscribe, year, mount ---------------------------------------------------------------------------


def test_subscribe_page_warns_without_base_url(ws, tmp_path):
    app, startup = ws
    text = signed_in(app, startup).get("/w/subscribe").text
    assert "--base-url が指定されていません" in text
    links = (FeedLink("すべて", "https://cal.example.jp/TOKEN/all.ics"),)
    app2, startup2 = workspace(
        tmp_path / "b", profile=LISTED, today=TODAY, base_url="https://cal.example.jp", feed_links=links
    )
    text = signed_in(app2, startup2).get("/w/subscribe").text
    assert "--base-url が指定されていません" not in text
    assert 'value="https://cal.example.jp/TOKEN/all.ics"' in text
    assert 'value="webcal://cal.example.jp/TOKEN/all.ics"' in text
    assert "Google カレンダー" in text


def test_mount_routes_by_prefix(ws):
    app, startup = ws

    def feeds(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"feeds:" + environ["PATH_INFO"].encode()]

    both = Client(mount(feeds, app))
    assert both.get("/TOKEN/all.ics").body == b"feeds:/TOKEN/all.ics"
    assert both.get("/wx").body == b"feeds:/wx"
    assert both.get("/w").headers["location"] == "/w/"
    assert both.get("/w/").headers["location"] == "/w/signin"


def test_unknown_routes_and_methods(ws):
    app, startup = ws
    c = signed_in(app, startup)
    assert c.get("/w/nothing").status == 404
    assert c.post("/w/", {"csrf": c.get("/w/").csrf()}).status == 405
    r = c.request("POST", WHT, form=None, headers={"Content-Length": "999999"})
    assert r.status in (403, 413)


def test_the_annual_schedule_page(ws):
    app, startup = ws
    c = signed_in(app, startup)
    text = c.get("/w/year?year=2026").text
    assert 'href="/w/static/annual.css"' in text and "年間スケジュール" in text
    # the October row, accounting column: 源泉所得税 (2026年9月分) on 13(火), moved (derived above)
    october = text[text.index('<th class="month" scope="row">10月') :]
    october = october[: october.index("</tr>")]
    (item,) = [li for li in october.split("<li ") if "源泉所得税の納付（2026年9月分）" in li]
    assert 'datetime="2026-10-13"' in item and "13(火)" in item and "moved" in item and "status-open" in item
    c.post(WHT, {"csrf": c.get("/w/").csrf(), "status": "done"})
    text = c.get("/w/year?year=2026").text
    october = text[text.index('<th class="month" scope="row">10月') :]
    october = october[: october.index("</tr>")]
    done = [li for li in october.split("<li ") if "源泉所得税の納付（2026年9月分）" in li]
    assert len(done) == 1 and "status-done" in done[0]
    assert c.get("/w/static/annual.css").headers["content-type"].startswith("text/css")
    assert c.get("/w/year?year=abc").status == 400
    assert c.get("/w/year?client=nobody").status == 404
    # 令和 on request
    assert "令和8年" in c.get("/w/year?year=2026&wareki=1").text


def test_a_signin_form_from_another_site_is_refused(ws):
    app, startup = ws
    c = Client(app)
    r = c.post("/w/signin", {"token": startup.token}, headers={"Origin": "https://evil.example"})
    assert r.status == 403 and "bocal_ws" not in c.jar


def test_a_long_page_is_cut_and_asks_for_a_filter(office, monkeypatch):
    from bocal.web import views

    app, startup = office
    c = signed_in(app, startup)
    whole = c.get("/w/?view=month").text
    total = whole.count("data-key=")
    assert total > 5 and "絞り込んでください" not in whole
    monkeypatch.setattr(views, "MAX_ROWS", 5)
    cut = c.get("/w/?view=month").text
    assert cut.count("data-key=") == 5
    assert f"ほか {total - 5}件は表示していません" in cut
    assert f"{total}件" in cut  # the summary still counts every task
    work = c.get("/w/work").text
    assert work.count("data-key=") == 5 and "絞り込んでください" in work


def test_a_recorded_event_shows_its_deadlines(ws, tmp_path):
    from click.testing import CliRunner

    from bocal.cli import cli

    app, startup = ws
    c = signed_in(app, startup)
    assert "山田太郎" not in c.get("/w/?view=upcoming").text
    env = {"BOCAL_DB": str(tmp_path / "state.sqlite3"), "BOCAL_NO_CACHE": "1", "USER": "sato"}
    r = CliRunner().invoke(
        cli, ["--today", "2026-10-05", "event", "add", "hire", "2026-10-01", "--person", "山田太郎"], env=env
    )
    assert r.exit_code == 0, r.output
    # 健康保険・厚生年金保険 資格取得届: within 5 days of the hire (健康保険法施行規則24条1項):
    # 10/1 (Thu) + 5 = 10/6 (Tue), an open day — tomorrow seen from 10/5
    text = c.get("/w/?view=upcoming").text
    day = text[text.index('id="d-2026-10-06"') :]
    day = day[: day.index("</section>")]
    assert "あと1日" in day and "被保険者資格取得届（山田太郎・10/1入社）" in day
    link = re.search(r'href="(/w/task/listed-dec/hire-health-pension-acquisition/[^"]+)"', day)
    assert link and "山田太郎" in c.get(link.group(1)).text
