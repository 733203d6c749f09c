"""`bocal serve` and `bocal publish` over real HTTP on loopback (waitress, http.client; no mocks).

The server runs in a thread that drives waitress's own loop until told to stop; `today` and the
file-check interval are injected (check_interval=0: the files are stat'ed on every request), so
no test waits on a clock.
"""

from __future__ import annotations

import http.client
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from bocal.cli import cli
from bocal.feed import FeedOptions, publish
from helpers.serving import TOKEN, ServerThread, feed_workdir, make_feeds, serving
from parsers.harness import parse_with, raw_checks, require_or_skip

ROOT = Path(__file__).resolve().parent
FORMS = ROOT / "fixtures" / "rules" / "forms.toml"
LISTED = ROOT / "fixtures" / "profiles" / "listed-dec.toml"
OTHER = "k3Vq9yZr0D_5tW2-LpXo8nMaX"  # differs in the last character
AREAS = ["general-affairs", "hr", "labor", "accounting", "legal", "it"]
BASE_URL = "https://cal.example.jp/bocal"


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    return feed_workdir(tmp_path)


@pytest.fixture
def server(workdir: Path) -> Iterator[ServerThread]:
    with serving(make_feeds(workdir)) as srv:
        yield srv


# -- 200, headers, HEAD, 304 --------------------------------------------------------------------


def test_feed_200_with_the_checklist_headers(server: ServerThread) -> None:
    status, h, body = server.request(f"/{TOKEN}/all.ics", headers={"Accept-Encoding": "gzip, deflate"})
    assert status == 200
    assert h["content-type"] == "text/calendar; charset=utf-8"
    assert h["cache-control"] == "private"
    assert h["x-robots-tag"] == "noindex"
    assert "content-encoding" not in h and "vary" not in h  # never compressed, no negotiation
    assert "content-disposition" not in h
    assert re.fullmatch(r'"[0-9a-f]{32}"', h["etag"])  # strong
    assert parsedate_to_datetime(h["last-modified"]).tzinfo is not None
    assert int(h["content-length"]) == len(body)
    assert raw_checks(body) == []
    assert b"X-WR-CALNAME:" in body and b"BEGIN:VEVENT" in body


def test_feed_window_is_last_year_through_two_years_ahead(server: ServerThread) -> None:
    _, _, body = server.request(f"/{TOKEN}/all.ics")
    starts = sorted(set(re.findall(rb"DTSTART;VALUE=DATE:(\d{4})", body)))
    # today 2026-05-01: 2025-05-01 .. 2028-05-31 (whole months, a year back, two years ahead)
    assert starts == [b"2025", b"2026", b"2027", b"2028"]


def test_head_has_the_get_headers_and_no_body(server: ServerThread) -> None:
    _, get_h, get_body = server.request(f"/{TOKEN}/all.ics")
    status, h, body = server.request(f"/{TOKEN}/all.ics", method="HEAD")
    assert status == 200 and body == b""
    assert int(h["content-length"]) == len(get_body)
    for k in ("content-type", "etag", "last-modified", "cache-control", "x-robots-tag"):
        assert h[k] == get_h[k]


def test_304_on_if_none_match(server: ServerThread) -> None:
    _, h, _ = server.request(f"/{TOKEN}/all.ics")
    for inm in (h["etag"], f'"nope", {h["etag"]}', "W/" + h["etag"], "*"):
        status, h2, body = server.request(f"/{TOKEN}/all.ics", headers={"If-None-Match": inm})
        assert (status, body) == (304, b""), inm
        assert h2["etag"] == h["etag"] and h2["last-modified"] == h["last-modified"]
    status, _, body = server.request(f"/{TOKEN}/all.ics", headers={"If-None-Match": '"other"'})
    assert status == 200 and body


def test_if_modified_since_is_compared_as_a_date(server: ServerThread) -> None:
    _, h, _ = server.request(f"/{TOKEN}/all.ics")
    lm = parsedate_to_datetime(h["last-modified"])
    cases = {
        h["last-modified"]: 304,  # the same instant
        format_datetime(lm + timedelta(days=1), usegmt=True): 304,  # later
        format_datetime(lm - timedelta(seconds=1), usegmt=True): 200,  # earlier: changed since
        "not a date": 200,  # unreadable: answer in full, never 304 on mere presence
        "": 200,
    }
    for ims, want in cases.items():
        status, _, body = server.request(f"/{TOKEN}/all.ics", headers={"If-Modified-Since": ims})
        assert status == want, ims
        assert (body == b"") == (want == 304)
    # If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2).
    status, _, _ = server.request(
        f"/{TOKEN}/all.ics", headers={"If-None-Match": '"other"', "If-Modified-Since": h["last-modified"]}
    )
    assert status == 200


# -- per-area feeds and the index ---------------------------------------------------------------


@pytest.mark.parametrize("area", AREAS)
def test_per_area_feeds(server: ServerThread, area: str) -> None:
    status, h, body = server.request(f"/{TOKEN}/{area}.ics")
    assert status == 200 and h["content-type"] == "text/calendar; charset=utf-8"
    assert raw_checks(body) == []
    names = {"accounting": "経理", "general-affairs": "総務", "hr": "人事", "it": "情報システム"}
    names |= {"labor": "労務", "legal": "法務"}
    text = body.decode("utf-8").replace("\r\n ", "")
    assert f"X-WR-CALNAME:テスト上場株式会社 期限カレンダー（{names[area]}）" in text
    assert set(re.findall(r"CATEGORIES:(.*)\r\n", text)) <= {names[area]}


def test_area_feed_parses_with_a_real_parser(server: ServerThread) -> None:
    require_or_skip("ical")
    _, _, body = server.request(f"/{TOKEN}/legal.ics")
    cal = parse_with("ical", body)
    agm = cal.event("agm-FY2025-12-listed-dec@example.co.jp")
    assert (agm.summary, agm.dtstart) == ("定時株主総会（2025年12月期）", date(2026, 3, 27))


def test_index_has_subscribe_links(server: ServerThread) -> None:
    status, h, body = server.request(f"/{TOKEN}/")
    assert status == 200 and h["content-type"] == "text/html; charset=utf-8"
    assert h["x-robots-tag"] == "noindex" and h["referrer-policy"] == "no-referrer"
    page = body.decode("utf-8")
    https = f"http://127.0.0.1:{server.port}/{TOKEN}/all.ics"  # no --base-url: from the request
    webcal = f"webcal://127.0.0.1:{server.port}/{TOKEN}/all.ics"
    assert f'value="{https}"' in page
    assert f'href="{webcal}"' in page
    google_cid = f"webcal%3A%2F%2F127.0.0.1%3A{server.port}%2F{TOKEN}%2Fall.ics"
    assert f"https://calendar.google.com/calendar/r?cid={google_cid}" in page
    assert "https://outlook.office.com/calendar/0/addfromweb?url=http%3A%2F%2F127.0.0.1" in page
    for area in AREAS:
        assert f"/{TOKEN}/{area}.ics" in page


def test_index_links_use_the_base_url(workdir: Path) -> None:
    with serving(make_feeds(workdir), base_url=BASE_URL) as srv:
        _, _, body = srv.request(f"/{TOKEN}/")
    page = body.decode("utf-8")
    assert f'value="{BASE_URL}/{TOKEN}/all.ics"' in page
    assert f'href="webcal://cal.example.jp/bocal/{TOKEN}/legal.ics"' in page
    assert "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fcal.example.jp%2Fbocal%2F" in page


# -- 404, 405, traversal ------------------------------------------------------------------------


def test_wrong_token_and_unknown_paths_get_the_same_404(server: ServerThread) -> None:
    _, _, ok = server.request(f"/{TOKEN}/all.ics")
    answers = set()
    for path in (
        f"/{OTHER}/all.ics",  # one character off
        f"/{OTHER}/",
        "/short/all.ics",
        f"/{TOKEN}/nope.ics",  # right token, unknown calendar
        f"/{TOKEN}/all.txt",
        f"/{TOKEN}/all.ics/x",
        f"/{TOKEN}",
        "/",
        "/favicon.ico",
    ):
        status, h, body = server.request(path)
        assert status == 404, path
        answers.add((body, h["content-type"], h["content-length"]))
    assert len(answers) == 1  # nothing tells a wrong token from a wrong path


@pytest.mark.parametrize(
    "path",
    [
        f"/{TOKEN}/../{TOKEN}/all.ics",
        f"/{TOKEN}/./all.ics",
        f"/{TOKEN}/%2e%2e/{TOKEN}/all.ics",
        f"/{TOKEN}/%2E%2E%2Fall.ics",
        f"/{TOKEN}/..%2fall.ics",
        f"/{TOKEN}/..%5call.ics",
        f"/{TOKEN}/%61ll.ics",  # an encoded form of a real name is refused too
        f"/{TOKEN}//all.ics",
        f"//{TOKEN}/all.ics",
        f"/{TOKEN}/all.ics%00",
        f"/{TOKEN}\\all.ics",
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
    ],
)
def test_traversal_and_encoded_paths_are_404(server: ServerThread, path: str) -> None:
    status, _, body = server.request(path)
    assert status == 404 and body == b"Not Found\n"


def test_only_get_and_head(server: ServerThread) -> None:
    for method in ("POST", "PUT", "DELETE", "OPTIONS", "PATCH"):
        status, h, body = server.request(f"/{TOKEN}/all.ics", method=method)
        assert status == 405 and h["allow"] == "GET, HEAD", method
    status, h, _ = server.request(f"/{OTHER}/all.ics", method="POST")
    assert status == 405  # the method is judged before the token: no hint either way


def test_oversized_headers_are_refused(server: ServerThread) -> None:
    status, _, _ = server.request(f"/{TOKEN}/all.ics", headers={"X-Big": "a" * 20000})
    assert status == 431 or status == 400


# -- live edits, broken edits, rollover, logs ---------------------------------------------------


def test_a_profile_edit_is_picked_up_without_restart(workdir: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="bocal.feed")
    with serving(make_feeds(workdir)) as srv:
        _, h1, body1 = srv.request(f"/{TOKEN}/all.ics")
        assert "テスト上場株式会社".encode() in body1
        profile = workdir / "bocal.toml"
        profile.write_text(profile.read_text("utf-8").replace("テスト上場株式会社", "改名後株式会社"), "utf-8")
        status, h2, body2 = srv.request(f"/{TOKEN}/all.ics", headers={"If-None-Match": h1["etag"]})
        assert status == 200 and h2["etag"] != h1["etag"]
        assert "改名後株式会社".encode() in body2 and "テスト上場株式会社".encode() not in body2
    assert "feed rebuilt" in caplog.text


def test_a_rule_edit_is_picked_up(workdir: Path) -> None:
    with serving(make_feeds(workdir)) as srv:
        _, _, body1 = srv.request(f"/{TOKEN}/accounting.ics")
        rules = workdir / "rules.toml"
        rules.write_text(rules.read_text("utf-8").replace("源泉所得税の納付", "源泉税の納付"), "utf-8")
        _, _, body2 = srv.request(f"/{TOKEN}/accounting.ics")
    assert "源泉所得税の納付（2025年12月分）".encode() in body1
    assert "源泉税の納付（2025年12月分）".encode() in body2


def test_a_broken_edit_keeps_the_last_good_feed(workdir: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="bocal.feed")
    profile = workdir / "bocal.toml"
    good = profile.read_text("utf-8")
    with serving(make_feeds(workdir)) as srv:
        _, h1, body1 = srv.request(f"/{TOKEN}/all.ics")
        profile.write_text(good.replace("fiscal_year_end = 12", "fiscal_year_end = 13"), "utf-8")
        for _ in range(3):  # logged once, not on every request
            status, h2, body2 = srv.request(f"/{TOKEN}/all.ics")
            assert (status, h2["etag"], body2) == (200, h1["etag"], body1)
        errors = [r for r in caplog.records if r.levelno == logging.ERROR]
        assert len(errors) == 1
        assert "still serving the last good one" in errors[0].getMessage()
        assert "fiscal_year_end" in errors[0].getMessage() and "at most 12" in errors[0].getMessage()
        profile.write_text("[company\n", "utf-8")  # a different breakage: logged again
        assert srv.request(f"/{TOKEN}/all.ics")[2] == body1
        assert len([r for r in caplog.records if r.levelno == logging.ERROR]) == 2
        profile.write_text(good.replace("テスト上場株式会社", "修正後株式会社"), "utf-8")
        _, h3, body3 = srv.request(f"/{TOKEN}/all.ics")
        assert h3["etag"] != h1["etag"] and "修正後株式会社".encode() in body3


def test_the_window_rolls_over_with_today(workdir: Path) -> None:
    today = [date(2026, 12, 31)]
    with serving(make_feeds(workdir, today=lambda: today[0])) as srv:
        _, h1, body1 = srv.request(f"/{TOKEN}/all.ics")
        today[0] = date(2027, 1, 1)
        _, h2, body2 = srv.request(f"/{TOKEN}/all.ics")
    assert b"DTSTART;VALUE=DATE:2025" in body1 and b"DTSTART;VALUE=DATE:2029" not in body1
    assert b"DTSTART;VALUE=DATE:2025" not in body2 and b"DTSTART;VALUE=DATE:2029" in body2
    assert h2["etag"] != h1["etag"]
    # Last-Modified moves too, so a client that sends only If-Modified-Since gets the new window.
    assert parsedate_to_datetime(h2["last-modified"]) > parsedate_to_datetime(h1["last-modified"])


def test_the_token_never_reaches_the_logs(workdir: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with serving(make_feeds(workdir)) as srv:
        srv.request(f"/{TOKEN}/all.ics")
        srv.request(f"/{TOKEN}/")
        srv.request(f"/{TOKEN}/nope.ics")
        srv.request(f"/{TOKEN}/all.ics", method="POST")
        srv.request(f"/{TOKEN}/%2e%2e/x")
    assert TOKEN not in caplog.text
    assert "GET /***/all.ics 200" in caplog.text and "POST /***/all.ics 405" in caplog.text


def test_serve_command_prints_a_generated_token_once_and_never_logs_it(workdir: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "BOCAL_FEED_TOKEN"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bocal", "--today", "2026-05-01", "serve", "--port", "0", "--no-bundled"]
        + ["--rules", str(workdir / "rules.toml"), "--profile", str(workdir / "bocal.toml")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=workdir,
    )
    try:
        assert proc.stderr is not None and proc.stdout is not None
        port = None
        for _ in range(200):  # bounded: the line comes before the server blocks
            line = proc.stderr.readline().decode("utf-8")
            if not line:
                break
            m = re.search(r"bocal: serving http://127\.0\.0\.1:(\d+)/\*\*\*/", line)
            if m:
                port = int(m.group(1))
                break
        assert port is not None, "the server did not say where it listens"
        proc.stdout.readline()
        url = proc.stdout.readline().decode("utf-8").strip()
        m = re.fullmatch(rf"http://127\.0\.0\.1:{port}/([A-Za-z0-9_-]{{32}})/", url)
        assert m, url
        token = m.group(1)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", f"/{token}/all.ics")
        r = conn.getresponse()
        assert r.status == 200 and r.read().startswith(b"BEGIN:VCALENDAR\r\n")
        conn.request("GET", f"/{token}/")
        r = conn.getresponse()
        assert r.status == 200 and r.read()
        conn.close()
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=30)
    logs = err.decode("utf-8")
    assert token not in logs
    assert "GET /***/all.ics 200" in logs
    assert out.decode("utf-8").count(token) == 0  # the rest of stdout: printed only once, above


def test_short_or_odd_tokens_are_refused() -> None:
    r = CliRunner().invoke(cli, ["serve", "--token", "tooshort", "--no-bundled", "--rules", str(FORMS)])
    assert r.exit_code == 2 and "the feed token must be 22–128 characters" in r.output
    r = CliRunner().invoke(cli, ["serve", "--token", "a" * 21 + "/", "--no-bundled", "--rules", str(FORMS)])
    assert r.exit_code == 2


# -- publish ------------------------------------------------------------------------------------


def test_publish_writes_what_serve_answers(workdir: Path, tmp_path: Path) -> None:
    out = tmp_path / "www"
    args = ["--today", "2026-05-01", "publish", str(out), "--no-bundled", "--rules", str(workdir / "rules.toml")]
    args += ["--profile", str(workdir / "bocal.toml"), "--token", TOKEN, "--base-url", BASE_URL + "/"]
    r = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert r.stdout == f"{BASE_URL}/{TOKEN}/\n" and TOKEN not in r.stderr
    files = sorted(p.name for p in (out / TOKEN).iterdir())
    assert files == sorted(["index.html", "all.ics", *[f"{a}.ics" for a in AREAS]])
    assert sorted(os.listdir(out)) == [TOKEN]  # no temp files left behind
    with serving(make_feeds(workdir), base_url=BASE_URL) as srv:
        for name in files:
            status, h, body = srv.request(f"/{TOKEN}/{name}")
            assert status == 200
            assert (out / TOKEN / name).read_bytes() == body, name
            if name.endswith(".ics"):
                # the file's mtime is the feed's Last-Modified, so nginx answers the same 304s
                mtime = (out / TOKEN / name).stat().st_mtime
                assert mtime == parsedate_to_datetime(h["last-modified"]).timestamp()
    # again, without --token: the one token directory is reused, nothing else is created
    r = CliRunner().invoke(cli, [a for a in args if a not in ("--token", TOKEN)], catch_exceptions=False)
    assert r.exit_code == 0 and r.stdout == f"{BASE_URL}/{TOKEN}/\n"
    assert sorted(os.listdir(out)) == [TOKEN]


def test_publish_drops_the_feed_of_a_removed_area(workdir: Path, tmp_path: Path) -> None:
    feeds = make_feeds(workdir)
    publish(feeds.snapshot(), tmp_path, TOKEN, BASE_URL)
    profile = workdir / "bocal.toml"
    profile.write_text(profile.read_text("utf-8").replace("employees = 120", 'employees = 120\nareas = ["legal"]'))
    publish(feeds.snapshot(), tmp_path, TOKEN, BASE_URL)
    assert sorted(p.name for p in (tmp_path / TOKEN).iterdir()) == ["all.ics", "index.html", "legal.ics"]


def test_publish_needs_a_base_url(tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["publish", str(tmp_path), "--no-bundled", "--rules", str(FORMS)])
    assert r.exit_code == 2 and "give --base-url" in r.output


def test_feed_options_reach_the_feeds(workdir: Path) -> None:
    feeds = make_feeds(workdir, options=FeedOptions(lang="en", alarms=False, windows="deadline"))
    body = feeds.snapshot().calendars["labor"].rendered.body
    assert b"BEGIN:VALARM" not in body and b"-opens@" not in body
    assert b"X-WR-CALNAME:\xe3\x83\x86" in body and b"deadlines (Labour)" in body.replace(b"\r\n ", b"")


def test_redact_keeps_only_the_shape_of_a_path() -> None:
    from bocal.feed import redact

    secret = "s3cretTokenValue_abcdefghijklmnop"

    def is_token(seg: str) -> bool:
        return seg == secret

    assert redact(f"/{secret}/all.ics", is_token) == "/***/all.ics"
    assert redact(f"/{secret}/", is_token) == "/***/"
    assert redact(f"/x/../{secret}/all.ics", is_token) == "/***/all.ics"
    assert redact(f"/%2e%2e/{secret}/labor.ics", is_token) == "/***/labor.ics"
    # a token in the last place is never shown, with or without .ics, nor anything odd-looking
    assert redact(f"/x/{secret}", is_token) == "/***/…"
    assert redact(f"/x/{secret}.ics", is_token) == "/***/…"
    assert redact("/x/%2e%2e", is_token) == "/***/…"
    assert redact("/", is_token) == "/"
    assert redact(f"/{secret}", is_token) == "/***"
