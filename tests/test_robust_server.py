"""Issue #11, the server side: the feed server never leaks a token and never answers 500 for another
client's mistake; revocation really revokes; every response carries the security headers; weak tokens
are refused. Real HTTP on loopback (waitress), real files, the real log handler — no mocks.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bocal.cli import cli
from bocal.errors import UsageError
from bocal.server.app import FeedApp, redact
from bocal.server.company import CompanyFeeds, Inputs
from bocal.server.office import OfficeFeeds
from bocal.server.publish import remove_revoked
from bocal.server.tokens import Registry, check_token, hide_tokens, read_tokens, weakness
from helpers.serving import ServerThread

HERE = Path(__file__).parent
FORMS = str(HERE / "fixtures" / "rules" / "forms.toml")
LISTED = HERE / "fixtures" / "profiles" / "listed-dec.toml"
TODAY = date(2026, 5, 1)
TOKEN = "Rb7Xq2Lm9Vk4Pz8Wn3Ty6Hc"  # 22 random-looking characters
OFFICE = "Of5Gt8Jw1Ns4Qe7Dx2Kv9Mb"
BASE_URL = "https://cal.example.jp/bocal"
SECURITY = {
    "content-security-policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


class Captured(logging.Handler):
    """Every record the server logs, formatted as a log file would hold it (tracebacks included)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@pytest.fixture
def log() -> Iterator[Captured]:
    handler = Captured()
    logger = logging.getLogger("bocal")
    old = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)


# -- class 2: no 500 for another's mistake, no token in any log ------------------------------------------


@pytest.fixture
def office(tmp_path: Path) -> Iterator[tuple[Path, OfficeFeeds, ServerThread]]:
    clients = tmp_path / "clients"
    clients.mkdir()
    for name in ("alpha.toml", "beta.toml"):
        shutil.copy(HERE / "fixtures" / "clients" / name, clients / name)
    feeds = OfficeFeeds(
        str(clients), rules=[FORMS], bundled=False, today=lambda: TODAY, check_interval=0, office_token=OFFICE
    )
    srv = ServerThread(FeedApp(feeds.registry))
    try:
        yield clients, feeds, srv
    finally:
        srv.stop()


def tokens_of(feeds: OfficeFeeds) -> list[str]:
    return [OFFICE, *feeds.tokens.clients.values()]


def test_a_client_whose_expansion_fails_breaks_neither_the_office_nor_the_others(
    office: tuple[Path, OfficeFeeds, ServerThread], log: Captured
) -> None:
    clients, feeds, srv = office
    alpha, beta = feeds.tokens.clients["alpha"], feeds.tokens.clients["beta"]
    # beta's edit closes every month-day but Golden Week's three holidays: its profile loads, and
    # only expanding it finds that no day is ever open.
    before = srv.request(f"/{OFFICE}/accounting.ics")[2].replace(b"\r\n ", b"").decode()
    assert "未了: 株式会社アルファ、beta" in before  # the office calendar lists both clients (issue #17)
    with open(clients / "beta.toml", "a", encoding="utf-8") as f:
        f.write('\n[calendar]\nclosures = ["01-04..05-02", "05-06..12-28"]\n')
    status, _, body = srv.request(f"/{OFFICE}/accounting.ics")
    assert status == 200 and b"BEGIN:VCALENDAR" in body
    after = body.replace(b"\r\n ", b"").decode()
    assert "beta" not in after and "未了: 株式会社アルファ" in after  # beta left out of the office calendar …
    assert srv.request(f"/{alpha}/all.ics")[0] == 200  # … alpha untouched
    assert srv.request(f"/{beta}/all.ics")[0] == 500  # beta's own feed: its own mistake only
    assert f"client {clients / 'beta.toml'}: no feed: " in log.text and "no open day within 400 days" in log.text
    for tok in tokens_of(feeds):
        assert tok not in log.text


def test_a_reload_that_raises_anything_keeps_the_last_good_feeds(
    office: tuple[Path, OfficeFeeds, ServerThread], log: Captured
) -> None:
    clients, feeds, srv = office
    alpha = feeds.tokens.clients["alpha"]
    before = srv.request(f"/{alpha}/all.ics")
    # a tokens file a person broke by hand: not TOML at all
    feeds.tokens_path.write_text("office = \n[clients\n", "utf-8")
    status, _, body = srv.request(f"/{alpha}/all.ics")
    assert (status, body) == (before[0], before[2])
    assert str(feeds.tokens_path) in log.text and "not valid TOML" in log.text
    assert "Traceback" not in log.text
    for tok in tokens_of(feeds):
        assert tok not in log.text


class Exploding:
    """A feed group whose every method raises: what a bug anywhere below the app looks like."""

    def snapshot(self) -> Any:
        raise RuntimeError(f"boom /{TOKEN}/all.ics")


class ExplodingRegistry(Registry):
    def lookup(self, token: str) -> Any:
        raise ValueError(f"lookup of {token} failed")


@pytest.mark.parametrize("where", ["snapshot", "lookup"])
@pytest.mark.parametrize("path", [f"/{TOKEN}/all.ics", f"/{TOKEN}/", f"/x/../{TOKEN}/all.ics", f"/{TOKEN}"])
def test_every_code_path_that_raises_is_a_500_without_the_path_and_no_token_logged(
    where: str, path: str, log: Captured
) -> None:
    registry: Registry = ExplodingRegistry() if where == "lookup" else Registry()
    if where == "snapshot":
        registry.add(TOKEN, Exploding())  # type: ignore[arg-type]
    srv = ServerThread(FeedApp(registry))
    try:
        status, headers, body = srv.request(path)
        head = srv.request(path, method="HEAD")
    finally:
        srv.stop()
    assert status in (404, 500) and head[0] == status
    assert TOKEN.encode() not in body
    if status == 500:
        assert body == b"Error\n"
    for k, v in SECURITY.items():
        assert headers[k] == v
    assert TOKEN not in log.text
    assert "Traceback" not in log.text


@pytest.mark.parametrize(
    "ims",
    [
        "garbage",
        "Mon, 32 Foo 2026 99:99:99 GMT",
        "Mon, 01 Jan 99999 00:00:00 GMT",
        "Mon, 01 Jan 0000 00:00:00 GMT",
        "Tue, 15 Nov 1994 08:12:31",  # no zone
        "\x7f\x00",
        "1" * 5000,
    ],
)
def test_a_malformed_if_modified_since_is_ignored(tmp_path: Path, ims: str, log: Captured) -> None:
    shutil.copy(LISTED, tmp_path / "bocal.toml")
    feeds = CompanyFeeds(
        Inputs(str(tmp_path / "bocal.toml"), (FORMS,), bundled=False), today=lambda: TODAY, check_interval=0
    )
    registry = Registry()
    registry.add(TOKEN, feeds)
    srv = ServerThread(FeedApp(registry))
    try:
        status, _, body = srv.request(f"/{TOKEN}/all.ics", headers={"If-Modified-Since": ims})
    finally:
        srv.stop()
    assert status in (200, 400) and TOKEN not in log.text  # waitress itself may refuse a control character
    if status == 200:
        assert body.startswith(b"BEGIN:VCALENDAR")


def test_redaction_cannot_fail() -> None:
    app = FeedApp(ExplodingRegistry())
    assert app.shown_path({"PATH_INFO": f"/{TOKEN}/all.ics"}) == "/***"
    assert redact(f"/{TOKEN}/all.ics") == "/***/all.ics"


# -- class 9: security headers everywhere, links never from Host --------------------------------------------


def test_every_response_carries_the_security_headers_and_links_ignore_the_host_header(tmp_path: Path) -> None:
    shutil.copy(LISTED, tmp_path / "bocal.toml")
    feeds = CompanyFeeds(
        Inputs(str(tmp_path / "bocal.toml"), (FORMS,), bundled=False), today=lambda: TODAY, check_interval=0
    )
    registry = Registry()
    registry.add(TOKEN, feeds)
    srv = ServerThread(FeedApp(registry))
    try:
        ok = srv.request(f"/{TOKEN}/all.ics")
        responses = [
            ok,
            srv.request(f"/{TOKEN}/", headers={"Host": "evil.example"}),
            srv.request(f"/{TOKEN}/all.ics", headers={"If-None-Match": ok[1]["etag"]}),
            srv.request("/nothing-here/"),
            srv.request(f"/{TOKEN}/all.ics", method="POST"),
        ]
    finally:
        srv.stop()
    assert [r[0] for r in responses] == [200, 200, 304, 404, 405]
    for _, headers, _ in responses:
        for k, v in SECURITY.items():
            assert headers[k] == v
    page = responses[1][2].decode()
    assert "evil.example" not in page
    assert f"http://127.0.0.1:{srv.port}/{TOKEN}/all.ics" in page


def test_serve_says_that_base_url_is_needed(tmp_path: Path) -> None:
    from bocal.cli.cmd_serve import need_base_url

    r = CliRunner().invoke(cli, ["--help"])  # the group loads; the note itself:
    assert r.exit_code == 0
    import io
    from contextlib import redirect_stderr

    err = io.StringIO()
    with redirect_stderr(err):
        need_base_url(None)
        need_base_url(BASE_URL)
    assert err.getvalue().count("--base-url") == 2 and err.getvalue().startswith("bocal: note: without --base-url")


@pytest.mark.parametrize(
    "token",
    [
        "a" * 22,
        "ab" * 16,
        "abcabcabcabcabcabcabcabc",
        "abcdefghijklmnopqrstuvwxyz",
        "0123456789012345678901234",
        "aaaaaaaaaaaaaaaaaaaaaaab",
        "ABCDEFGHIJKLMNOPQRSTUVWX-ABCDEFGH",
    ],
)
def test_weak_tokens_are_refused(token: str) -> None:
    assert weakness(token) is not None
    with pytest.raises(UsageError) as info:
        check_token(token)
    assert info.value.problems[0].message.startswith("the feed token is too easy to guess: ")
    r = CliRunner().invoke(cli, ["publish", "out", "--token", token, "--base-url", BASE_URL])
    assert r.exit_code == 2 and "too easy to guess" in r.stderr


def test_generated_tokens_are_never_weak() -> None:
    from bocal.server.tokens import new_token

    assert all(weakness(new_token()) is None for _ in range(2000))


# -- class 5: the tokens file -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"office = \n", "tokens.toml:1: not valid TOML: Invalid value"),
        (b'office = "' + b"x" * 22 + b'"\n', 'tokens.toml:1: key "office": the token is too easy to guess'),
        (b"[clients]\nalpha = 12\n", 'tokens.toml:2: key "alpha": must be a token of 22–128 URL-safe characters'),
        (b"\xff\xfe\x00o", "tokens.toml: is saved as UTF-16"),
        (b'offices = "Of5Gt8Jw1Ns4Qe7Dx2Kv9Mb"\n', 'tokens.toml:1: key "offices": unknown key'),
    ],
)
def test_a_broken_tokens_file_is_a_located_error(tmp_path: Path, content: bytes, expected: str) -> None:
    p = tmp_path / "tokens.toml"
    p.write_bytes(content)
    with pytest.raises(UsageError) as info:
        read_tokens(p)
    assert str(info.value.problems[0]).startswith(str(tmp_path) + "/" + expected)


def test_a_fifo_as_the_tokens_file_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "tokens.toml"
    os.mkfifo(p)
    with pytest.raises(UsageError) as info:
        read_tokens(p)
    assert "named pipe" in str(info.value)


def test_publish_warns_when_the_tokens_file_is_readable_by_others(tmp_path: Path) -> None:
    clients = tmp_path / "clients"
    shutil.copytree(HERE / "fixtures" / "clients", clients)
    (clients / "broken.toml").unlink()
    args = ["--today", "2026-05-01", "publish", str(tmp_path / "www"), "--clients", str(clients)]
    args += ["--no-bundled", "--rules", FORMS, "--base-url", BASE_URL]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.stderr
    assert "readable by others" not in first.stderr  # bocal writes it 0600
    (clients / ".bocal-tokens.toml").chmod(0o644)
    second = CliRunner().invoke(cli, args)
    assert second.exit_code == 0
    assert (
        f"bocal: warning: {clients}/.bocal-tokens.toml: the tokens file is readable by others (mode 644)"
        in second.stderr
    )


# -- class 3: revocation really revokes -------------------------------------------------------------------


def publish(tmp_path: Path, *extra: str) -> Any:
    shutil.copy(LISTED, tmp_path / "bocal.toml")
    args = ["--today", "2026-05-01", "publish", str(tmp_path / "www"), "--profile", str(tmp_path / "bocal.toml")]
    return CliRunner().invoke(cli, [*args, "--no-bundled", "--rules", FORMS, "--base-url", BASE_URL, *extra])


def test_publish_with_a_new_token_retires_the_old_one_with_its_stray_files(tmp_path: Path) -> None:
    old, new = "Ol3Dk8Tq1Zp6Wm9Rx4Bv2Nc", "Nw5Hg2Js7Lc4Yf9Pe1Qa8Ud"
    assert publish(tmp_path, "--token", old).exit_code == 0
    www = tmp_path / "www"
    (www / old / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (www / old / ".all.ics.k2j3h4.tmp").write_bytes(b"BEGIN:VCALENDAR\r\n")  # a killed publish
    (www / old / "feed.ics").write_bytes(b"an older layout")
    (www / old / "old-layout").mkdir()
    (www / old / "old-layout" / "x.ics").write_bytes(b"older still")
    r = publish(tmp_path, "--token", new)
    assert r.exit_code == 0, r.stderr
    assert sorted(p.name for p in www.iterdir()) == [new]
    assert f"bocal: removed the revoked feed directory {www}/{old[:4]}… and everything in it" in r.stderr
    assert old not in r.stderr and new not in r.stderr


def test_a_killed_publish_leaves_nothing_the_next_run_does_not_clean(tmp_path: Path) -> None:
    assert publish(tmp_path, "--token", TOKEN).exit_code == 0
    d = tmp_path / "www" / TOKEN
    (d / ".legal.ics.x8y9z0.tmp").write_bytes(b"half")
    (d / ".index.html.a1b2c3.tmp").write_bytes(b"half")
    assert publish(tmp_path, "--token", TOKEN).exit_code == 0
    assert not [p.name for p in d.iterdir() if p.name.endswith(".tmp")]


def test_publish_clients_removes_revoked_directories_even_with_stray_files(tmp_path: Path) -> None:
    clients = tmp_path / "clients"
    shutil.copytree(HERE / "fixtures" / "clients", clients)
    (clients / "broken.toml").unlink()
    www = tmp_path / "www"
    args = ["--today", "2026-05-01", "publish", str(www), "--clients", str(clients), "--no-bundled", "--rules", FORMS]
    args += ["--base-url", BASE_URL]
    assert CliRunner().invoke(cli, args).exit_code == 0
    tokens = read_tokens(clients / ".bocal-tokens.toml")
    revoked = tokens.clients["alpha"]
    (www / revoked / ".DS_Store").write_bytes(b"\0")
    (www / revoked / ".alpha.ics.tmp9.tmp").write_bytes(b"x")
    # revoke alpha's URL: delete its line (a new token is made at this publish)
    text = (clients / ".bocal-tokens.toml").read_text("utf-8")
    (clients / ".bocal-tokens.toml").write_text(
        "\n".join(line for line in text.splitlines() if not line.startswith("alpha")) + "\n", "utf-8"
    )
    r = CliRunner().invoke(cli, args)
    assert r.exit_code == 0, r.stderr
    assert not (www / revoked).exists()
    assert f"removed the revoked feed directory {www}/{revoked[:4]}…" in r.stderr
    assert revoked not in r.stderr


def test_remove_revoked_leaves_directories_bocal_did_not_write(tmp_path: Path) -> None:
    mine = "Mi4Ne7Fr2Ct9Dq5Gs1Hx8Zb"
    theirs = "someone-elses-documents-2024"  # token-shaped, but nothing bocal writes is in it
    (tmp_path / mine).mkdir()
    (tmp_path / mine / "index.html").write_text("x")
    (tmp_path / theirs).mkdir()
    (tmp_path / theirs / "report.docx").write_text("keep me")
    assert remove_revoked(tmp_path, set()) == [mine]
    assert (tmp_path / theirs / "report.docx").read_text() == "keep me"


def test_a_write_error_in_a_token_directory_never_prints_the_token(tmp_path: Path) -> None:
    assert publish(tmp_path, "--token", TOKEN).exit_code == 0
    d = tmp_path / "www" / TOKEN
    (d / "all.ics").unlink()
    (d / "all.ics").mkdir()  # the file cannot be replaced
    (d / "all.ics" / "x").write_text("x")
    r = publish(tmp_path, "--token", TOKEN)
    assert r.exit_code == 2
    assert TOKEN not in r.stderr and "/***/" in r.stderr
    assert hide_tokens(f"/srv/{TOKEN}/all.ics") == "/srv/***/all.ics"


# -- class 4: calendar text ------------------------------------------------------------------------------


def test_names_with_ical_specials_are_escaped_in_every_property(tmp_path: Path) -> None:
    (tmp_path / "p.toml").write_text(
        "[company]\nname = 'A;B,C\\D'\n[owners]\naccounting = 'X;Y,Z\\W'\n"
        "[calendar]\nclosures = [{on = \"08-13..08-16\", name = 'Sum;mer,\\h'}]\n",
        "utf-8",
    )
    out = tmp_path / "o.ics"
    r = CliRunner().invoke(
        cli,
        ["--today", "2026-01-05", "export", "--year", "2026", "--profile", str(tmp_path / "p.toml"), "-o", str(out)],
    )
    assert r.exit_code == 0, r.stderr
    unfolded = out.read_bytes().replace(b"\r\n ", b"").decode("utf-8")
    lines = unfolded.split("\r\n")
    assert "NAME:A\\;B\\,C\\\\D 期限カレンダー" in lines
    assert "X-WR-CALNAME:A\\;B\\,C\\\\D 期限カレンダー" in lines
    assert any(line.startswith("DESCRIPTION:A\\;B\\,C\\\\D") for line in lines)
    assert "担当: X\\;Y\\,Z\\\\W" in unfolded
    # no raw specials of the names anywhere: every occurrence is escaped
    assert "A;B" not in unfolded and "X;Y" not in unfolded


# -- class 8: the clients directory, in publish and serve ------------------------------------------------


def test_publish_clients_reports_every_broken_entry_and_publishes_the_rest(tmp_path: Path) -> None:
    clients = tmp_path / "clients"
    clients.mkdir()
    shutil.copy(HERE / "fixtures" / "clients" / "alpha.toml", clients / "alpha.toml")
    (clients / "dangling.toml").symlink_to("gone.toml")
    (clients / "loop.toml").symlink_to("loop.toml")
    (clients / "archive").mkdir()
    www = tmp_path / "www"
    args = ["--today", "2026-05-01", "publish", str(www), "--clients", str(clients), "--no-bundled", "--rules", FORMS]
    r = CliRunner().invoke(cli, [*args, "--base-url", BASE_URL])
    assert r.exit_code == 2
    c = str(clients)
    assert r.stderr.splitlines()[1:] == [
        f"bocal: {c}/archive: is a directory: client profiles in subdirectories are not read "
        "(move its .toml files up, or start its name with a dot to keep it aside)",
        f"bocal: {c}/dangling.toml: is a symbolic link to gone.toml, which does not exist",
        f"bocal: {c}/loop.toml: is a symbolic link in a loop (it leads back to itself); point it at a real file",
        "bocal: skipped 2 of 3 clients whose profiles are broken (the others are complete)",
    ]
    alpha = read_tokens(clients / ".bocal-tokens.toml").clients["alpha"]
    assert (www / alpha / "all.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
