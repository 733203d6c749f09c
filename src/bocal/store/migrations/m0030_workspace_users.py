"""The browser workspace's people: users with a role, one-time sign-in links, and sessions.

Only hashes of secrets are stored (scrypt with a per-secret salt, see `bocal.web.auth`): a copy of
the database gives no way to sign in. Number 30 (30+ "ask first"): the workspace's own range.
"""

from . import Migration

MIGRATION = Migration.same(
    30,
    "workspace users and sessions",
    """CREATE TABLE web_users (
    name       TEXT PRIMARY KEY,
    role       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT
)""",
    """CREATE TABLE web_signin (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    secret     TEXT NOT NULL,
    expires_at TEXT NOT NULL
)""",
    """CREATE TABLE web_sessions (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    secret     TEXT NOT NULL,
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
)""",
)
