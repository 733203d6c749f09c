"""Users, one-time links and sessions (bocal.web.auth) on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bocal.errors import UsageError
from bocal.store.url import DbUrl
from bocal.web.auth import Accounts, RateLimit, StartupLink, User, hash_secret, verify_secret
from helpers.postgres import BACKENDS, both_backends

NOW = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> DbUrl:
    return both_backends(request, tmp_path / "state.sqlite3")


def test_users_links_and_sessions(url: DbUrl) -> None:
    a = Accounts(url)
    a.add_user("佐藤", "staff", by="admin", now=NOW)
    with pytest.raises(UsageError):
        a.add_user("佐藤", "viewer", by="admin", now=NOW)
    token = a.signin_token("佐藤", now=NOW)
    late = a.signin_token("佐藤", now=NOW)
    # a link works once …
    assert a.redeem(token, now=NOW + timedelta(days=6)) == User("佐藤", "staff")
    assert a.redeem(token, now=NOW + timedelta(days=6)) is None
    # … and expires after 7 days
    assert a.redeem(late, now=NOW + timedelta(days=7, seconds=1)) is None
    cookie = a.new_session(User("佐藤", "staff"), now=NOW)
    s = a.session(cookie, now=NOW + timedelta(days=1))
    assert s is not None and s.user == User("佐藤", "staff") and len(s.csrf) >= 32
    assert s.csrf_ok(s.csrf) and not s.csrf_ok(None) and not s.csrf_ok(s.csrf + "x")
    # a second process (a fresh Accounts: no verified-session memory) checks the hash itself
    other = Accounts(url)
    assert other.session(cookie, now=NOW) is not None
    ident = cookie.split(".")[0]
    assert other.session(ident + ".wrong", now=NOW) is None
    assert a.session(ident + ".wrong", now=NOW) is None  # the memory is of the secret, not the id
    assert a.session(cookie, now=NOW + timedelta(days=15)) is None  # sessions last 14 days
    assert a.remove_user("佐藤") and not a.remove_user("佐藤")
    assert a.session(cookie, now=NOW) is None
    assert a.users() == []


def test_the_admin_is_created_once(url: DbUrl) -> None:
    a = Accounts(url)
    assert a.ensure_admin(now=NOW) == User("admin", "admin")
    assert a.ensure_admin(now=NOW) == User("admin", "admin")
    assert a.users() == [User("admin", "admin")]


def test_secrets_are_hashed_with_scrypt() -> None:
    stored = hash_secret("s3cret")
    assert stored.startswith("scrypt$16384$8$1$") and "s3cret" not in stored
    assert verify_secret("s3cret", stored) and not verify_secret("s3cret!", stored)
    assert hash_secret("s3cret") != stored  # a fresh salt each time
    for broken in ("", "md5$x", "scrypt$a$b$c$d$e", stored[:-2]):
        assert not verify_secret("s3cret", broken)


def test_the_startup_link_works_once() -> None:
    link = StartupLink()
    ident = link.token.split(".")[0]
    assert not link.redeem(ident + ".guess") and not link.redeem("nonsense")
    assert link.redeem(link.token)
    assert not link.redeem(link.token)


def test_rate_limit_counts_failures_per_address_in_a_window() -> None:
    r = RateLimit(limit=3, window=60.0)
    for t in (0.0, 1.0, 2.0):
        assert r.allowed("a", t)
        r.failed("a", t)
    assert not r.allowed("a", 3.0) and r.allowed("b", 3.0)
    assert r.allowed("a", 61.0)  # the first failure has left the window


def test_names_and_roles_are_checked(tmp_path: Path) -> None:
    a = Accounts(DbUrl("sqlite", str(tmp_path / "s.sqlite3")))
    for name in ("", " x", "x ", "a\nb", "x" * 65):
        with pytest.raises(UsageError):
            a.add_user(name, "staff", by=None, now=NOW)
    with pytest.raises(UsageError):
        a.add_user("x", "root", by=None, now=NOW)
    with pytest.raises(UsageError):
        a.signin_token("nobody", now=NOW)
