"""The workspace in a real browser: Debian's Chromium driven by Playwright against a real `bocal serve`.

Today is fixed at 2026-10-05 (Mon). Hand derivation of the task ticked here: 源泉所得税の納付（2026年9月分）
is due 2026-10-10 (所得税法183条), a Saturday; 10/11 Sunday, 10/12 スポーツの日 (second Monday of
October) → Tuesday 2026-10-13 (国税通則法10条2項).

Needs /usr/bin/chromium (`.ci/tools.d/chromium`) and the `playwright` package (the test extra); no
browser is ever downloaded.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from helpers.paths import FIXTURES
from helpers.poll import wait_until

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TODAY = "2026-10-05"
KEY = "withholding-tax-2026-09-listed-dec"
LISTED = FIXTURES / "profiles" / "listed-dec.toml"
HOSTILE = """<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>株式会社"""

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (.ci/tools.d/chromium)")
sync_api = pytest.importorskip("playwright.sync_api")


@dataclass
class Served:
    proc: subprocess.Popen[bytes]
    base: str
    signin: str
    feed: str | None
    db: Path
    stderr: Path
    lines: list[str]


def serve(tmp: Path, *args: str) -> Served:
    """`bocal serve` on a free loopback port; returns once it has printed its URLs."""
    db, errfile = tmp / "state.sqlite3", tmp / "serve.log"
    env = {**os.environ, "BOCAL_DB": str(db)}
    env.pop("BOCAL_FEED_TOKEN", None)
    err = errfile.open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bocal", "--today", TODAY, "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=err,
        env=env,
        cwd=tmp,
    )
    err.close()
    assert proc.stdout is not None
    lines: list[str] = []
    signin = None
    for _ in range(200):  # bounded: the lines come before the server blocks
        line = proc.stdout.readline().decode("utf-8")
        if not line:
            break
        lines.append(line.rstrip("\n"))
        m = re.match(r"workspace: (http://127\.0\.0\.1:\d+)/w/signin\?token=\S+$", line.strip())
        if m:
            signin = line.strip().split(" ", 1)[1]
            break
    if signin is None:
        proc.kill()
        proc.wait()
        raise AssertionError(f"no workspace line: {lines} {errfile.read_text()}")
    base = re.match(r"(http://127\.0\.0\.1:\d+)", signin).group(1)  # type: ignore[union-attr]
    feed = next((ln.strip() for ln in lines if re.fullmatch(r"\s*http://127\.0\.0\.1:\d+/[\w-]{32}/", ln)), None)
    return Served(proc, base, signin, feed, db, errfile, lines)


def stop(s: Served) -> None:
    s.proc.terminate()
    try:
        s.proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        s.proc.kill()
        s.proc.wait()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@dataclass
class Session:
    served: Served
    context: Any
    page: Any
    landed: str


def signed_in(browser: Any, served: Served) -> Session:
    context = browser.new_context(locale="ja-JP")
    page = context.new_page()
    page.goto(served.signin)
    return Session(served, context, page, page.url)


@pytest.fixture(scope="module")
def company(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[Session]:
    tmp = tmp_path_factory.mktemp("company")
    served = serve(tmp, "--profile", str(LISTED))
    try:
        yield signed_in(browser, served)
    finally:
        stop(served)


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[Session]:
    tmp = tmp_path_factory.mktemp("office")
    clients = tmp / "clients"
    clients.mkdir()
    shutil.copy(FIXTURES / "clients" / "alpha.toml", clients / "alpha.toml")
    name = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    (clients / "evil.toml").write_text(f'[company]\nname = "{name}"\nemployees = 60\n', "utf-8")
    served = serve(tmp, "--clients", str(clients))
    try:
        yield signed_in(browser, served)
    finally:
        stop(served)


def test_sign_in_from_the_printed_url_leaves_a_clean_url(company: Session) -> None:
    s = company
    assert s.landed == s.served.base + "/w/"  # redirected: the token is not in the address bar
    assert "今月" in s.page.title() or s.page.locator("h1").inner_text().startswith("今月")
    cookies = s.context.cookies()
    session = [c for c in cookies if c["name"] == "bocal_ws"]
    assert session and session[0]["httpOnly"] and session[0]["sameSite"] == "Lax"
    assert s.page.evaluate("document.cookie") == ""  # not readable by scripts
    # the printed link is used up: another browser context is sent back to sign in
    other = s.context.browser.new_context()
    page = other.new_page()
    page.goto(s.served.signin)
    assert "/w/signin" in page.url and page.locator(".problem").count() == 1
    other.close()
    token = s.served.signin.split("token=", 1)[1]
    assert token not in s.served.stderr.read_text("utf-8")  # never logged


def bocal_list(s: Served) -> list[dict[str, Any]]:
    env = {**os.environ, "BOCAL_DB": str(s.db)}
    out = subprocess.run(
        [sys.executable, "-m", "bocal", "--today", TODAY, "list", "--profile", str(LISTED)]
        + ["--month", "2026-10", "--format", "json"],
        capture_output=True,
        env=env,
        check=True,
    )
    rows: list[dict[str, Any]] = json.loads(out.stdout)
    return rows


def test_tick_a_task_done_and_see_it_in_list_and_feed(company: Session) -> None:
    s = company
    page = s.page
    page.goto(s.served.base + "/w/")
    item = page.locator(f'li[data-key="{KEY}"]')
    assert "10/13(火) に延長" in item.inner_text()
    item.get_by_role("button", name=re.compile("^完了にする")).click()
    page.wait_for_url(s.served.base + "/w/")
    item = page.locator(f'li[data-key="{KEY}"]')
    assert item.locator(".state").inner_text() == "完了"
    # the terminal: bocal list reads the same store
    rows = bocal_list(s.served)
    row = next(r for r in rows if r["uid"].startswith(KEY + "@"))
    assert row["status"] == "done"
    # the feed served beside the workspace (one server, mounted by prefix) marks it finished
    # (「✓ 」 before the title) once the server notices the store's new version
    assert s.served.feed is not None
    url = s.served.feed + "all.ics"
    assert wait_until(
        lambda: "SUMMARY:✓ 源泉所得税の納付（2026年9月分）" in event_of(url, KEY), "the feed marks it done"
    )


def event_of(url: str, key: str) -> str:
    """The VEVENT/VTODO of the task `key` in the calendar at `url` (lines unfolded)."""
    with urllib.request.urlopen(url, timeout=30) as r:
        ics = r.read().decode("utf-8").replace("\r\n ", "")
    at = ics.index(f"UID:{key}@")
    return ics[ics.rindex("BEGIN:V", 0, at) : ics.index("END:VEVENT", at) if "END:VEVENT" in ics[at:] else None]


def test_a_form_without_its_csrf_token_is_refused(company: Session) -> None:
    s = company
    page = s.page
    page.goto(s.served.base + "/w/task/listed-dec/withholding-tax/2026-08")
    before = page.locator("dd.state").inner_text()
    # the same form the page offers, its hidden token taken out before submitting
    page.evaluate("document.querySelectorAll('form.controls input[name=csrf]').forEach(e => e.remove())")
    with page.expect_navigation():
        page.locator("form.controls button[value=done]").click()
    assert page.locator("h1").inner_text() == "403"
    page.goto(s.served.base + "/w/task/listed-dec/withholding-tax/2026-08")
    assert page.locator("dd.state").inner_text() == before == "未着手"
    # a request from a script with the session cookie but no token
    r = s.context.request.post(
        s.served.base + "/w/task/listed-dec/withholding-tax/2026-08", form={"status": "done"}, max_redirects=0
    )
    assert r.status == 403


def test_a_hostile_company_name_stays_inert(office: Session) -> None:
    s = office
    page = s.page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in ("/w/", "/w/work", "/w/progress?period=2026-10"):
        page.goto(s.served.base + path)
        assert page.evaluate("window.__pwned === undefined"), path
        assert page.locator("img[src=x]").count() == 0
        assert page.locator("script").count() == 1  # web.js only
        assert page.evaluate("n => document.querySelector('main').innerText.includes(n)", HOSTILE), path  # as text
    assert dialogs == []


PAGES = (
    "/w/",
    "/w/?view=upcoming",
    "/w/?view=overdue",
    "/w/?wareki=1",
    "/w/task/listed-dec/withholding-tax/2026-09",
    "/w/work",
    "/w/subscribe",
    "/w/users",
    "/w/year",
)


UNLABELLED = """() => Array.from(document.querySelectorAll('input, select, textarea, button'))
  .filter(e => e.type !== 'hidden' && !e.hidden)
  .filter(e => e.tagName === 'BUTTON' ? !e.textContent.trim() : !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
  .map(e => e.outerHTML.slice(0, 80))"""


def test_every_control_has_a_label_and_the_page_a_language(company: Session, office: Session) -> None:
    for s, paths in ((company, PAGES), (office, ("/w/progress?period=2026-10",))):
        page = s.context.new_page()
        for path in paths:
            page.goto(s.served.base + path)
            assert page.evaluate(UNLABELLED) == [], path
            assert page.evaluate("document.documentElement.lang") == "ja"
            # the keyboard reaches the page's first link (the skip link) and it becomes visible
            page.keyboard.press("Tab")
            focused = page.evaluate("document.activeElement.className")
            assert focused == "skip", path
        page.close()


def no_horizontal_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_each_page_fits_a_phone(company: Session, office: Session) -> None:
    for s, paths in ((company, PAGES), (office, ("/w/", "/w/progress?period=2026-10", "/w/work"))):
        page = s.context.new_page()
        page.set_viewport_size({"width": 375, "height": 740})
        for path in paths:
            r = page.goto(s.served.base + path)
            if path == "/w/year" and r is not None and r.status == 404:
                continue  # the annual schedule is not in this bocal yet
            assert r is not None and r.status == 200, path
            assert no_horizontal_scroll(page), f"{path} scrolls sideways at 375 px"
        page.close()
    # signed out, the sign-in page too
    anon = company.context.browser.new_context(viewport={"width": 375, "height": 740})
    page = anon.new_page()
    page.goto(company.served.base + "/w/signin")
    assert no_horizontal_scroll(page)
    anon.close()


def test_the_annual_schedule_prints_on_a4_landscape(company: Session, tmp_path: Path) -> None:
    s = company
    page = s.context.new_page()
    r = page.goto(s.served.base + "/w/year?year=2026")
    assert r is not None and r.status == 200
    pdf = tmp_path / "year.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    page.close()
    if shutil.which("pdfinfo") is None:
        pytest.skip("needs pdfinfo (poppler-utils, .ci/tools.d/chromium)")
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert size is not None
    # A4 = 210 × 297 mm = 595.3 × 841.9 pt; landscape puts the long side across. The workspace's
    # navigation and filters are not printed, so the year fits on one or two pages as the sheet alone does.
    assert (round(float(size.group(1))), round(float(size.group(2)))) == (842, 595)
    assert pages in (1, 2)


def test_every_link_on_the_subscribe_page_is_a_calendar(company: Session, office: Session) -> None:
    for s, least in ((company, 7), (office, 3)):  # all + six areas; the office's own + two clients
        page = s.context.new_page()
        page.goto(s.served.base + "/w/subscribe")
        https = page.eval_on_selector_all("input.copy-source", "es => es.map(e => e.value)")
        page.close()
        feeds = [u for u in https if u.startswith("http://")]
        assert len(feeds) >= least and all(("webcal://" + u[len("http://") :]) in https for u in feeds)
        for u in feeds:
            with urllib.request.urlopen(u, timeout=30) as r:
                assert r.status == 200 and r.read(15) == b"BEGIN:VCALENDAR", u
