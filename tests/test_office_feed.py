"""`serve --clients` and `publish --clients` over real HTTP on loopback: a feed set per client under its
own token, the office feeds by area and owner, a broken client isolated, the tokens file."""

from __future__ import annotations

import logging
import os
import re
import shutil
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from bocal.cli import cli
from bocal.feed import FeedApp
from bocal.office_feed import OfficeFeeds, owner_key, read_tokens
from helpers.serving import ServerThread

HERE = Path(__file__).parent
FORMS = str(HERE / "fixtures" / "rules" / "forms.toml")
TODAY = date(2026, 5, 1)
BASE_URL = "https://cal.example.jp/bocal"
AREAS = ["general-affairs", "hr", "labor", "accounting", "legal", "it"]
# the feed window for 2026-05-01: 2025-05-01 .. 2028-05-31 (a year back, two years ahead, whole months)
WINDOW = ["--from", "2025-05-01", "--to", "2028-05-31"]


@pytest.fixture
def clients(tmp_path: Path) -> Path:
    d = tmp_path / "clients"
    shutil.copytree(HERE / "fixtures" / "clients", d)
    return d


def make(clients: Path, **kw: object) -> OfficeFeeds:
    return OfficeFeeds(
        str(clients),
        rules=[FORMS],
        bundled=False,
        today=lambda: TODAY,
        check_interval=0,
        **kw,  # type: ignore[arg-type]
    )


@pytest.fixture
def served(clients: Path) -> Iterator[tuple[OfficeFeeds, ServerThread]]:
    feeds = make(clients)
    srv = ServerThread(FeedApp(feeds.registry))
    try:
        yield feeds, srv
    finally:
        srv.stop()


def token_of(feeds: OfficeFeeds, cid: str) -> str:
    return read_tokens(feeds.tokens_path).office if cid == "office" else feeds.tokens.clients[cid]  # type: ignore[return-value]


def export(profile: Path, *extra: str) -> bytes:
    r = CliRunner().invoke(
        cli,
        ["export", "--no-bundled", "--rules", FORMS, "--profile", str(profile), *WINDOW, *extra],
        env={"LANG": "ja_JP.UTF-8"},
    )
    assert r.exit_code == 0, r.output
    return r.stdout_bytes


def summaries(body: bytes) -> list[str]:
    return re.findall(r"SUMMARY:(.*)\r\n", body.decode("utf-8").replace("\r\n ", ""))


def uids(body: bytes) -> list[str]:
    return re.findall(r"UID:(.*)\r\n", body.decode("utf-8").replace("\r\n ", ""))


# -- per-client feeds ----------------------------------------------------------------------------------


def test_each_client_feed_is_its_export(served: tuple[OfficeFeeds, ServerThread], clients: Path) -> None:
    feeds, srv = served
    for cid in ("alpha", "beta"):
        status, h, body = srv.request(f"/{token_of(feeds, cid)}/all.ics")
        assert status == 200 and h["content-type"] == "text/calendar; charset=utf-8"
        assert body == export(clients / f"{cid}.toml")  # byte for byte, the same window
        status, _, area = srv.request(f"/{token_of(feeds, cid)}/accounting.ics")
        assert status == 200 and area == export(clients / f"{cid}.toml", "--area", "accounting")


def test_a_client_token_serves_only_that_client(served: tuple[OfficeFeeds, ServerThread]) -> None:
    feeds, srv = served
    _, _, alpha = srv.request(f"/{token_of(feeds, 'alpha')}/all.ics")
    assert all(re.fullmatch(r".*-alpha(-opens)?@bocal\.invalid", u) for u in uids(alpha)) and uids(alpha)
    status, _, page = srv.request(f"/{token_of(feeds, 'alpha')}/")
    assert status == 200 and "株式会社アルファ" in page.decode() and "beta" not in page.decode()


def test_the_broken_client_404s_like_a_wrong_token(served: tuple[OfficeFeeds, ServerThread]) -> None:
    feeds, srv = served
    broken = token_of(feeds, "broken")  # it has a token, kept for when its file is fixed
    answers = set()
    for path in (
        f"/{broken}/all.ics",
        f"/{broken}/",
        "/" + "A" * 32 + "/all.ics",
        f"/{token_of(feeds, 'alpha')}/x.ics",
    ):
        status, h, body = srv.request(path)
        assert status == 404, path
        answers.add((body, h["content-type"], h["content-length"]))
    assert len(answers) == 1
    assert [p.path.rsplit("/", 1)[1] for p in feeds.problems] == ["broken.toml", "broken.toml"]


def test_a_fixed_client_is_served_on_the_next_check(served: tuple[OfficeFeeds, ServerThread], clients: Path) -> None:
    feeds, srv = served
    broken = token_of(feeds, "broken")
    (clients / "broken.toml").write_text(
        '[company]\nname = "株式会社ブロークン"\nfiscal_year_end = 3\nemployees = 5\n', "utf-8"
    )
    status, _, body = srv.request(f"/{broken}/all.ics")
    assert status == 200 and "株式会社ブロークン 期限カレンダー" in body.decode().replace("\r\n ", "")
    assert token_of(feeds, "broken") == broken


# -- 304 without rendering -----------------------------------------------------------------------------


def test_304_needs_no_render(clients: Path) -> None:
    feeds = make(clients)
    srv = ServerThread(FeedApp(feeds.registry))
    try:
        path = f"/{token_of(feeds, 'beta')}/all.ics"
        _, h, _ = srv.request(path)
        renders = feeds.cache.renders
        assert renders == 1
        feeds.cache._items.clear()  # forget the bytes: a 304 must not need them
        for _ in range(3):
            status, h2, body = srv.request(path, headers={"If-None-Match": h["etag"]})
            assert (status, body, h2["etag"]) == (304, b"", h["etag"])
        assert feeds.cache.renders == renders
    finally:
        srv.stop()
    # the ETag is known before any render, and a new process computes the same one
    again = make(clients)
    assert again.snapshots["beta"].calendars["all"].rendered.etag == h["etag"]
    assert again.cache.renders == 0


def test_an_edit_changes_the_etag(served: tuple[OfficeFeeds, ServerThread], clients: Path) -> None:
    feeds, srv = served
    path = f"/{token_of(feeds, 'beta')}/all.ics"
    _, h1, _ = srv.request(path)
    (clients / "beta.toml").write_text((clients / "beta.toml").read_text("utf-8").replace("payday = 10", "payday = 20"))
    status, h2, body = srv.request(path, headers={"If-None-Match": h1["etag"]})
    assert status == 200 and h2["etag"] != h1["etag"] and body


def test_the_cache_is_bounded(clients: Path) -> None:
    feeds = make(clients, cache_bytes=200_000)  # alpha's and beta's all.ics are ~130-150 kB each
    for cid in ("alpha", "beta", "alpha"):
        _ = feeds.snapshots[cid].calendars["all"].rendered.body
    assert feeds.cache.size <= 200_000 and len(feeds.cache) == 1 and feeds.cache.renders == 3


# -- office feeds --------------------------------------------------------------------------------------


#: The office feeds' window for 2026-05-01: the 1st of last month to the end of the month twelve
#: months ahead (2026-04-01 .. 2027-05-31).
OFFICE_WINDOW = ["--from", "2026-04-01", "--to", "2027-05-31"]


def events(body: bytes) -> list[tuple[str, str]]:
    """(SUMMARY, DTSTART) of each VEVENT."""
    text = body.decode("utf-8").replace("\r\n ", "")
    return re.findall(r"SUMMARY:(.*)\r\nDTSTART;VALUE=DATE:(\d{8})\r\n", text)


def expected_digest(*exports: bytes) -> list[tuple[str, str]]:
    """The office events the clients' own exports imply: one per title and date, with the count of
    clients having it (a title names duty and period), by date."""
    from collections import Counter

    counts = Counter(e for body in exports for e in events(body))
    return sorted(((f"{t} — {n}社", d) for (t, d), n in counts.items()), key=lambda e: (e[1], e[0]))


def test_office_area_feed_has_one_event_per_deadline_across_the_clients(
    served: tuple[OfficeFeeds, ServerThread], clients: Path
) -> None:
    feeds, srv = served
    office = token_of(feeds, "office")
    status, _, body = srv.request(f"/{office}/accounting.ics")
    assert status == 200
    alpha = export(clients / "alpha.toml", "--area", "accounting", *OFFICE_WINDOW)
    beta = export(clients / "beta.toml", "--area", "accounting", *OFFICE_WINDOW)
    assert sorted(events(body), key=lambda e: (e[1], e[0])) == expected_digest(alpha, beta)
    text = body.decode().replace("\r\n ", "")
    # 源泉所得税 for April 2026 (所得税法183条: the 10th of the next month; 2026-05-10 is a Sunday →
    # Monday 5/11): beta only, since alpha has 納期の特例 (Jan–Jun due 7/10, a Friday: alpha only)
    assert ("源泉所得税の納付（2026年4月分） — 1社", "20260511") in events(body)
    assert ("源泉所得税の納付（納期の特例）（2026年1月〜6月分） — 1社", "20260710") in events(body)
    assert "DESCRIPTION:1社（未了 1・済 0）\\n未了: 株式会社アルファ\\n" in text
    uids_ = uids(body)
    assert len(uids_) == len(set(uids_)) and all(u.endswith("-office@bocal.invalid") for u in uids_)
    assert "X-WR-CALNAME:事務所 期限カレンダー（経理・2社）" in text
    assert len(body) < 1_000_000


def test_office_owner_feed(served: tuple[OfficeFeeds, ServerThread], clients: Path) -> None:
    feeds, srv = served
    office = token_of(feeds, "office")
    key = owner_key("税理士 佐藤")  # alpha's [owners] accounting = "税理士 佐藤"; beta names no owner
    assert re.fullmatch(r"owner-[0-9a-f]{8}", key)
    status, _, body = srv.request(f"/{office}/{key}.ics")
    assert status == 200
    alpha = export(clients / "alpha.toml", "--area", "accounting", *OFFICE_WINDOW)
    assert sorted(events(body), key=lambda e: (e[1], e[0])) == expected_digest(alpha)
    _, _, page = srv.request(f"/{office}/")
    text = page.decode()
    assert "事務所 期限カレンダー（税理士 佐藤・1社）" in text and f"/{office}/{key}.ics" in text
    assert sorted(feeds.snapshots["office"].calendars) == sorted([*AREAS, key])


def test_owner_keys_are_url_safe_and_distinct() -> None:
    assert owner_key("Sato Taro") == "owner-sato-taro-" + owner_key("Sato Taro")[-8:]
    assert owner_key("佐藤") != owner_key("佐藤 ") and owner_key("a" * 100).startswith("owner-" + "a" * 40 + "-")
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]{0,62}", owner_key(n)) for n in ("税理士 佐藤", "a" * 100, "x/../y"))


# -- tokens --------------------------------------------------------------------------------------------


def publish(out: Path, clients: Path, *extra: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(
        cli,
        ["--today", "2026-05-01", "publish", str(out), "--clients", str(clients), "--no-bundled", "--rules", FORMS]
        + ["--base-url", BASE_URL, *extra],
    )
    return r.exit_code, r.stdout, r.stderr


def test_tokens_file_is_private_and_stable(clients: Path, tmp_path: Path) -> None:
    code, out1, err = publish(tmp_path / "www", clients)
    assert code == 2  # the broken client
    tokens = clients / ".bocal-tokens.toml"
    assert stat.S_IMODE(tokens.stat().st_mode) == 0o600
    t = read_tokens(tokens)
    assert sorted(t.clients) == ["alpha", "beta", "broken"] and t.office
    assert all(len(v) == 32 for v in [*t.clients.values(), t.office])  # token_urlsafe(24): 192 bits
    assert out1.splitlines() == [
        f"{BASE_URL}/{t.office}/\toffice\t事務所 期限カレンダー（2社）",
        f"{BASE_URL}/{t.clients['alpha']}/\talpha\t株式会社アルファ",
        f"{BASE_URL}/{t.clients['beta']}/\tbeta\tbeta",
    ]
    for tok in [*t.clients.values(), t.office]:
        assert tok not in err
    code, out2, _ = publish(tmp_path / "www", clients)
    assert out2 == out1 and read_tokens(tokens) == t
    feeds = make(clients)  # serve reads the same file
    assert feeds.tokens.clients == t.clients and feeds.tokens.office == t.office


def test_revoking_a_token_by_editing_the_file(clients: Path, tmp_path: Path) -> None:
    www = tmp_path / "www"
    publish(www, clients)
    tokens = clients / ".bocal-tokens.toml"
    old = read_tokens(tokens).clients["beta"]
    tokens.write_text("\n".join(ln for ln in tokens.read_text().splitlines() if not ln.startswith("beta ")) + "\n")
    publish(www, clients)
    new = read_tokens(tokens).clients["beta"]
    assert new != old and (www / new / "all.ics").is_file() and not (www / old).exists()


def test_tokens_never_reach_the_logs(clients: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    feeds = make(clients)
    srv = ServerThread(FeedApp(feeds.registry))
    try:
        t = read_tokens(feeds.tokens_path)
        for tok in (t.office, *t.clients.values()):
            srv.request(f"/{tok}/")
            srv.request(f"/{tok}/all.ics")
        (clients / "gamma.toml").write_text('[company]\nname = "ガンマ"\nfiscal_year_end = 6\n', "utf-8")
        srv.request(f"/{t.office}/accounting.ics")  # the next check finds gamma: a new token, not logged
    finally:
        srv.stop()
    new = read_tokens(feeds.tokens_path).clients["gamma"]
    assert "GET /***/all.ics 200" in caplog.text and "new feed tokens for gamma" in caplog.text
    for tok in (t.office, *t.clients.values(), new):
        assert tok and tok not in caplog.text


# -- publish -------------------------------------------------------------------------------------------


def test_publish_writes_what_serve_answers(clients: Path, tmp_path: Path) -> None:
    www = tmp_path / "www"
    code, _, err = publish(www, clients)
    assert code == 2 and "broken.toml:4" in err and "skipped 1 of 3 clients" in err
    t = read_tokens(clients / ".bocal-tokens.toml")
    assert sorted(os.listdir(www)) == sorted([t.office, t.clients["alpha"], t.clients["beta"]])  # no broken dir
    feeds = make(clients)
    srv = ServerThread(FeedApp(feeds.registry, base_url=BASE_URL))
    try:
        n = 0
        for tok in (t.office, t.clients["alpha"], t.clients["beta"]):
            for f in sorted((www / tok).iterdir()):
                status, h, body = srv.request(f"/{tok}/{f.name}")
                assert status == 200 and f.read_bytes() == body, f
                if f.suffix == ".ics":
                    assert (
                        f.stat().st_mtime
                        == feeds.snapshots[
                            "office" if tok == t.office else ("alpha" if tok == t.clients["alpha"] else "beta")
                        ]
                        .calendars[f.stem]
                        .rendered.last_modified.timestamp()
                    )
                n += 1
        assert n == 8 + 8 + 8  # office: 6 areas + 1 owner + index; each client: all + 6 areas + index
    finally:
        srv.stop()
    assert not [p for p in www.rglob("*") if p.name.startswith(".")]  # no temp files left


def test_publish_one_client(clients: Path, tmp_path: Path) -> None:
    code, out, err = publish(tmp_path / "www", clients, "--client", "beta")
    assert code == 0, err
    t = read_tokens(clients / ".bocal-tokens.toml")
    assert out == f"{BASE_URL}/{t.clients['beta']}/\tbeta\tbeta\n"
    assert os.listdir(tmp_path / "www") == [t.clients["beta"]]
