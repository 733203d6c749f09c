"""People of the workspace: users and roles, one-time sign-in links, sessions, CSRF tokens, rate limits.

Secrets (the one-time sign-in links and the session cookies) are ``<id>.<secret>``: the id finds the
row, the secret is checked against its scrypt hash (per-secret salt) with a constant-time compare, so
a copy of the database signs nobody in. A sign-in link works once and expires; a session carries its
own CSRF token, which every state-changing request must send back. No clock is read here: the web
edge passes `now`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final

from ..errors import Problem, UsageError
from ..store.backend import Connection, connect
from ..store.schema import migrate
from ..store.url import DbUrl

ROLES: Final = ("admin", "staff", "viewer")
ROLE_NAMES: Final = {"admin": "管理者", "staff": "担当者", "viewer": "閲覧のみ"}
#: scrypt cost (2**14 × 8 × 1: ~16 MiB, tens of milliseconds a check).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
LINK_TTL: Final = timedelta(days=7)
SESSION_TTL: Final = timedelta(days=14)
ADMIN: Final = "admin"


def hash_secret(secret: str, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$salt$hash`` (hex) of a secret."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_secret(secret: str, stored: str) -> bool:
    """Whether `secret` hashes to `stored` (constant-time compare; a malformed hash never matches)."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt" or len(digest) != 64:
            return False
        got = hashlib.scrypt(secret.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32)
    except ValueError:
        return False
    return hmac.compare_digest(got.hex(), digest)


def check_name(name: str) -> str:
    """A user name: 1–64 printable characters, no spaces at either end."""
    if not name or len(name) > 64 or name != name.strip() or any(not c.isprintable() for c in name):
        raise UsageError(Problem(f"invalid user name {name!r}", hint="1–64 printable characters"))
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise UsageError(Problem(f"unknown role {role!r}", hint="admin, staff or viewer"))
    return role


def split_token(token: str) -> tuple[str, str] | None:
    """(id, secret) of ``<id>.<secret>``, or None for anything else."""
    ident, dot, secret = token.partition(".")
    if not dot or not ident or not secret or len(token) > 200 or not ident.isalnum():
        return None
    return ident, secret


def new_token() -> tuple[str, str, str]:
    """(token, id, secret) of a fresh ``<id>.<secret>``."""
    ident, secret = secrets.token_hex(8), secrets.token_urlsafe(24)
    return f"{ident}.{secret}", ident, secret


@dataclass(frozen=True, slots=True)
class User:
    name: str
    role: str

    def can_change(self) -> bool:
        return self.role in ("admin", "staff")

    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True, slots=True)
class Session:
    id: str
    user: User
    csrf: str
    expires_at: datetime

    def csrf_ok(self, sent: str | None) -> bool:
        return sent is not None and hmac.compare_digest(sent.encode(), self.csrf.encode())


def _stamp(t: datetime) -> str:
    """UTC, so that stamps compare as text whatever the server's time zone."""
    return t.astimezone(UTC).isoformat(timespec="seconds")


class Accounts:
    """Users, sign-in links and sessions in the task store's database (one short connection per call)."""

    def __init__(self, url: DbUrl) -> None:
        self.url = url
        self._verified: OrderedDict[str, str] = OrderedDict()  # session id -> sha256 of its secret
        self._lock = threading.Lock()

    @contextmanager
    def _conn(self) -> Iterator[Connection]:
        conn = connect(self.url, create=True)
        assert conn is not None
        try:
            migrate(conn)
            yield conn
        finally:
            conn.close()

    # -- users -------------------------------------------------------------------------------------
    def users(self) -> list[User]:
        with self._conn() as c:
            return [User(n, r) for n, r in c.execute("SELECT name, role FROM web_users ORDER BY name")]

    def user(self, name: str) -> User | None:
        with self._conn() as c:
            rows = c.execute("SELECT name, role FROM web_users WHERE name = ?", (name,))
        return User(*rows[0]) if rows else None

    def add_user(self, name: str, role: str, *, by: str | None, now: datetime) -> User:
        check_name(name)
        check_role(role)
        with self._conn() as c, c.write():
            if c.execute("SELECT 1 FROM web_users WHERE name = ?", (name,)):
                raise UsageError(Problem(f"user {name!r} exists already", hint="bocal user link NAME"))
            c.execute(
                "INSERT INTO web_users (name, role, created_at, created_by) VALUES (?, ?, ?, ?)",
                (name, role, _stamp(now), by),
            )
        return User(name, role)

    def ensure_admin(self, *, now: datetime) -> User:
        """The administrator the start-up link signs in (created with role admin when missing)."""
        found = self.user(ADMIN)
        if found is not None:
            return found
        try:
            return self.add_user(ADMIN, "admin", by=None, now=now)
        except UsageError:  # created meanwhile by another process
            return self.user(ADMIN) or User(ADMIN, "admin")

    def remove_user(self, name: str) -> bool:
        """Remove a user with their links and sessions; False when there was no such user."""
        with self._conn() as c, c.write():
            found = bool(c.execute("SELECT 1 FROM web_users WHERE name = ?", (name,)))
            for table in ("web_users", "web_signin", "web_sessions"):
                c.execute(f"DELETE FROM {table} WHERE name = ?", (name,))
        with self._lock:
            self._verified.clear()
        return found

    # -- one-time sign-in links ----------------------------------------------------------------------
    def signin_token(self, name: str, *, now: datetime, ttl: timedelta = LINK_TTL) -> str:
        """A fresh one-time sign-in token for an existing user (only its hash is stored)."""
        if self.user(name) is None:
            raise UsageError(Problem(f"no user {name!r}", hint="bocal user add NAME --role staff"))
        token, ident, secret = new_token()
        with self._conn() as c, c.write():
            c.execute(
                "INSERT INTO web_signin (id, name, secret, expires_at) VALUES (?, ?, ?, ?)",
                (ident, name, hash_secret(secret), _stamp(now + ttl)),
            )
        return token

    def redeem(self, token: str, *, now: datetime) -> User | None:
        """The user a valid unexpired sign-in token names; the token is used up (None when invalid)."""
        parts = split_token(token)
        if parts is None:
            return None
        ident, secret = parts
        with self._conn() as c, c.write():
            rows = c.execute("SELECT name, secret, expires_at FROM web_signin WHERE id = ?", (ident,))
            if not rows or not verify_secret(secret, rows[0][1]):
                return None
            c.execute("DELETE FROM web_signin WHERE id = ?", (ident,))
            c.execute("DELETE FROM web_signin WHERE expires_at < ?", (_stamp(now),))
            if rows[0][2] < _stamp(now):
                return None
            found = c.execute("SELECT name, role FROM web_users WHERE name = ?", (rows[0][0],))
        return User(*found[0]) if found else None

    # -- sessions ------------------------------------------------------------------------------------
    def new_session(self, user: User, *, now: datetime, ttl: timedelta = SESSION_TTL) -> str:
        """A new session for `user`; returns the cookie value ``<id>.<secret>``."""
        token, ident, secret = new_token()
        with self._conn() as c, c.write():
            c.execute("DELETE FROM web_sessions WHERE expires_at < ?", (_stamp(now),))
            c.execute(
                "INSERT INTO web_sessions (id, name, secret, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                (ident, user.name, hash_secret(secret), secrets.token_urlsafe(32), _stamp(now), _stamp(now + ttl)),
            )
        return token

    def session(self, cookie: str, *, now: datetime) -> Session | None:
        """The live session a cookie value names (its user's current role), or None."""
        parts = split_token(cookie)
        if parts is None:
            return None
        ident, secret = parts
        with self._conn() as c:
            rows = c.execute(
                "SELECT s.secret, s.csrf, s.expires_at, u.name, u.role FROM web_sessions s"
                " JOIN web_users u ON u.name = s.name WHERE s.id = ?",
                (ident,),
            )
        if not rows:
            return None
        stored, csrf, expires, name, role = rows[0]
        if expires < _stamp(now) or not self._check(ident, secret, stored):
            return None
        return Session(ident, User(name, role), csrf, datetime.fromisoformat(expires))

    def _check(self, ident: str, secret: str, stored: str) -> bool:
        """The scrypt check once per session and process; later requests compare a SHA-256 of it."""
        quick = hashlib.sha256(secret.encode()).hexdigest()
        with self._lock:
            known = self._verified.get(ident)
        if known is not None:
            return hmac.compare_digest(known, quick)
        if not verify_secret(secret, stored):
            return False
        with self._lock:
            self._verified[ident] = quick
            while len(self._verified) > 10_000:
                self._verified.popitem(last=False)
        return True

    def end_session(self, ident: str) -> None:
        with self._conn() as c, c.write():
            c.execute("DELETE FROM web_sessions WHERE id = ?", (ident,))
        with self._lock:
            self._verified.pop(ident, None)


class StartupLink:
    """The link `bocal serve` prints: signs the administrator in once, then is void (kept in memory only)."""

    def __init__(self) -> None:
        self.token, self._id, secret = new_token()
        self._hash: str | None = hash_secret(secret)
        self._lock = threading.Lock()

    def redeem(self, token: str) -> bool:
        parts = split_token(token)
        if parts is None or self._hash is None:
            return False
        with self._lock:
            if self._hash is None or parts[0] != self._id or not verify_secret(parts[1], self._hash):
                return False
            self._hash = None
            return True


class RateLimit:
    """At most `limit` failed sign-in attempts per client address in `window` seconds (monotonic time)."""

    def __init__(self, limit: int = 10, window: float = 300.0, max_keys: int = 10_000) -> None:
        self.limit, self.window, self.max_keys = limit, window, max_keys
        self._fails: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def allowed(self, key: str, now: float) -> bool:
        with self._lock:
            recent = [t for t in self._fails.get(key, []) if now - t < self.window]
            if recent:
                self._fails[key] = recent
            else:
                self._fails.pop(key, None)
            return len(recent) < self.limit

    def failed(self, key: str, now: float) -> None:
        with self._lock:
            self._fails.setdefault(key, []).append(now)
            self._fails.move_to_end(key)
            while len(self._fails) > self.max_keys:
                self._fails.popitem(last=False)
