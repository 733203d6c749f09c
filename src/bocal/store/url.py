"""Where the task store lives: `--db URL` / `BOCAL_DB`, or the default SQLite file.

Accepted forms::

    postgresql://user:pass@host:5432/dbname   (also postgres://…; needs the extra bocal[postgres])
    sqlite:///absolute/path/state.sqlite3     (sqlite:///relative/path is relative to the working directory)
    /some/path/state.sqlite3                  (a plain file path)

Without either, state lives in ``$XDG_DATA_HOME/bocal/state.sqlite3`` (``~/.local/share/bocal/…`` when
XDG_DATA_HOME is unset): one file per user, shared by every profile (the key names the company), so
moving or renaming a profile never loses its state.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Literal, NamedTuple

from ..errors import Problem, UsageError

Dialect = Literal["sqlite", "postgresql"]


class DbUrl(NamedTuple):
    """A parsed database location: a SQLite file path, or a PostgreSQL connection string.

    (Immutable like the model's frozen dataclasses; a NamedTuple because `bocal list` builds this
    class at every start and a dataclass costs a millisecond to create.)"""

    dialect: Dialect
    #: the SQLite file (dialect "sqlite") or the libpq connection URL (dialect "postgresql")
    target: str

    def display(self) -> str:
        """The location for messages: a PostgreSQL URL without its password."""
        if self.dialect == "sqlite":
            return self.target
        return redact(self.target)


def redact(url: str) -> str:
    """postgresql://user:secret@host/db → postgresql://user:***@host/db (never log a password)."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return "postgresql://…"
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))


def default_path(env: Mapping[str, str]) -> Path:
    """$XDG_DATA_HOME/bocal/state.sqlite3, or ~/.local/share/bocal/state.sqlite3."""
    base = env.get("XDG_DATA_HOME") or ""
    root = (
        Path(base) if base and Path(base).is_absolute() else Path(env.get("HOME") or Path.home()) / ".local" / "share"
    )
    return root / "bocal" / "state.sqlite3"


def parse_db_url(text: str, *, origin: str = "--db") -> DbUrl:
    """Parse a --db / BOCAL_DB value; an unusable one is a UsageError naming where it came from."""
    value = text.strip()
    if not value:
        raise UsageError(Problem(f"{origin} is empty", hint="give a file path, sqlite:///path or postgresql://…"))
    lower = value.lower()
    if lower.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        if lower.startswith("postgresql+psycopg://"):
            value = "postgresql://" + value.split("://", 1)[1]
        return DbUrl("postgresql", value)
    if lower.startswith("sqlite:"):
        rest = value[len("sqlite:") :]
        if not rest.startswith("///") or len(rest) == 3:
            raise UsageError(
                Problem(
                    f"{origin}: cannot read {redact(value)!r} as a SQLite URL",
                    hint="write sqlite:///relative/path or sqlite:////absolute/path",
                )
            )
        return DbUrl("sqlite", rest[3:])
    if "://" in value:
        scheme = value.split("://", 1)[0]
        raise UsageError(
            Problem(
                f"{origin}: unknown database scheme {scheme!r}",
                hint="use a file path, sqlite:///path or postgresql://user@host/db",
            )
        )
    return DbUrl("sqlite", value)


def resolve_db(flag: str | None, env: Mapping[str, str]) -> DbUrl:
    """--db wins over BOCAL_DB, which wins over the default file."""
    if flag is not None:
        return parse_db_url(flag, origin="--db")
    if env.get("BOCAL_DB"):
        return parse_db_url(env["BOCAL_DB"], origin="BOCAL_DB")
    return DbUrl("sqlite", str(default_path(env)))
