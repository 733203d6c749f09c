"""A thin DB-API layer over sqlite3 and psycopg 3: one SQL text and one code path for both databases.

Why not SQLAlchemy: bocal is a command people wait on (`bocal list` must start within twice the time
of `import click`), and SQLAlchemy Core costs more to import than all of bocal; the SQL bocal needs is
a handful of plain statements that both databases accept as written. The differences are kept here:
placeholders (written ``?``, sent as ``%s`` to PostgreSQL), how a write transaction starts (SQLite
``BEGIN IMMEDIATE`` takes the write lock up front, so concurrent writers queue on ``busy_timeout``
instead of failing on upgrade), and the DDL of each migration (see `migrations`).

Every database failure becomes a one-line `StoreError` (a `BocalError`): locked, read-only, corrupt,
unreachable, missing driver — the CLI prints it and exits 2, never a traceback.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from ..errors import BocalError, Problem
from .url import DbUrl

#: How long a SQLite writer waits for another process's write to finish before giving up.
BUSY_TIMEOUT_MS = 30_000
PG_CONNECT_TIMEOUT_S = 5
#: The PostgreSQL advisory lock every bocal write transaction holds ("bocal" in ASCII).
PG_WRITE_LOCK = 0x626F63616C


class StoreError(BocalError):
    """The task-state database cannot be used (locked, read-only, corrupt, unreachable …)."""


Row = tuple[Any, ...]


class Connection:
    """One open database: `execute` returns all rows; `write()` / `read()` are transactions."""

    def __init__(self, url: DbUrl, raw: Any) -> None:
        self.url = url
        self.dialect = url.dialect
        self._raw = raw
        self._pg = url.dialect == "postgresql"
        self._sql_cache: dict[str, str] = {}
        self._in_tx = False

    def _sql(self, sql: str) -> str:
        if not self._pg:
            return sql
        done = self._sql_cache.get(sql)
        if done is None:
            done = self._sql_cache[sql] = sql.replace("?", "%s")
        return done

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self.translating():
            cur = self._raw.execute(self._sql(sql), tuple(params))
            if cur.description is None:
                return []
            return [tuple(r) for r in cur.fetchall()]

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        with self.translating():
            cur = self._raw.cursor()
            cur.executemany(self._sql(sql), [tuple(r) for r in rows])

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction: serialised against other writers, committed whole or not at all."""
        with self._transaction("BEGIN IMMEDIATE" if not self._pg else "BEGIN"):
            if self._pg:  # one writer at a time, as SQLite does: history reads "from" what it replaced
                self.execute("SELECT pg_advisory_xact_lock(?)", (PG_WRITE_LOCK,))
            yield self

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction: every query inside sees the same snapshot."""
        begin = "BEGIN" if not self._pg else "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
        with self._transaction(begin):
            yield self

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[None]:
        if self._in_tx:  # nested: part of the outer transaction
            yield
            return
        self.execute(begin)
        self._in_tx = True
        try:
            yield
        except BaseException:
            self._in_tx = False
            try:
                with self.translating():
                    self._raw.execute("ROLLBACK")
            except StoreError:
                pass
            raise
        self._in_tx = False
        self.execute("COMMIT")

    @contextmanager
    def translating(self) -> Iterator[None]:
        """Turn the driver's exceptions into a one-line StoreError about this database."""
        try:
            yield
        except sqlite3.Error as exc:
            raise sqlite_problem(exc, self.url) from exc
        except Exception as exc:
            if self._pg and is_psycopg_error(exc):
                raise pg_problem(exc, self.url) from exc
            raise

    def close(self) -> None:
        with suppress(Exception):  # closing a broken connection is not worth a message
            self._raw.close()


def is_psycopg_error(exc: BaseException) -> bool:
    return type(exc).__module__.startswith("psycopg")


def sqlite_problem(exc: sqlite3.Error, url: DbUrl) -> StoreError:
    text = str(exc)
    low = text.lower()
    where = url.display()
    if "locked" in low or "busy" in low:
        return StoreError(
            Problem(
                f"the task-state database is locked by another program: {where}",
                hint="another bocal may be writing; try again",
            )
        )
    if "readonly" in low or "read-only" in low:
        return StoreError(
            Problem(
                f"cannot write the task-state database (read-only): {where}",
                hint="check the file's and its directory's permissions, or point --db / BOCAL_DB elsewhere",
            )
        )
    if "not a database" in low or "malformed" in low or "corrupt" in low:
        return StoreError(
            Problem(
                f"the task-state database is damaged ({text}): {where}",
                hint="restore it from a `bocal state export` backup, or move it away to start afresh",
            )
        )
    if "unable to open" in low:
        return StoreError(
            Problem(
                f"cannot open the task-state database: {where}", hint="check that the directory exists and is writable"
            )
        )
    return StoreError(Problem(f"task-state database error ({text}): {where}"))


def pg_problem(exc: BaseException, url: DbUrl) -> StoreError:
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    # libpq messages may quote the connection string; never echo a password
    if "password" in first.lower() and "authentication" not in first.lower():
        first = "connection refused"
    name = type(exc).__name__
    if name in ("OperationalError", "InterfaceError"):
        return StoreError(
            Problem(
                f"cannot use the PostgreSQL task-state database {url.display()}: {first}",
                hint="check that the server is running and the URL in --db / BOCAL_DB is right",
            )
        )
    return StoreError(Problem(f"PostgreSQL error ({first}): {url.display()}"))


def connect(url: DbUrl, *, create: bool, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Connection | None:
    """Open the database; None when it is a SQLite file that does not exist and `create` is false."""
    if url.dialect == "postgresql":
        return _connect_pg(url)
    return _connect_sqlite(url, create=create, busy_timeout_ms=busy_timeout_ms)


def _connect_sqlite(url: DbUrl, *, create: bool, busy_timeout_ms: int) -> Connection | None:
    path = Path(url.target)
    if path.is_dir():
        raise StoreError(Problem(f"the task-state database is a directory, not a file: {path}"))
    if not path.exists():
        if not create:
            return None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                Problem(f"cannot create the directory of the task-state database: {path.parent} ({exc.strerror})")
            ) from exc
    # a file or directory this user cannot write is opened read-only, so reading still works (a WAL
    # database in a read-only directory cannot have its -shm file: it is read as immutable then);
    # writing then fails with the read-only message
    read_only = path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))
    target, uri = str(path), False
    if read_only:
        immutable = "&immutable=1" if not os.access(path.parent, os.W_OK) else ""
        target, uri = path.resolve().as_uri() + "?mode=ro" + immutable, True
    try:
        raw = sqlite3.connect(target, timeout=busy_timeout_ms / 1000, isolation_level=None, uri=uri)
    except sqlite3.Error as exc:
        raise sqlite_problem(exc, url) from exc
    conn = Connection(url, raw)
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    if read_only:
        conn.execute("SELECT count(*) FROM sqlite_master")  # a damaged file says so here
        return conn
    try:
        # WAL: readers never wait for a writer, and a writer killed mid-transaction leaves nothing
        # half-written; FULL: a committed change survives a power cut too
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
    except StoreError:
        conn.close()
        raise
    return conn


def _connect_pg(url: DbUrl) -> Connection:
    try:
        import psycopg
    except ImportError as exc:
        raise StoreError(
            Problem(
                f"PostgreSQL support is not installed (needed for {url.display()})",
                hint="pip install 'bocal[postgres]'",
            )
        ) from exc
    try:
        raw = psycopg.connect(url.target, autocommit=True, connect_timeout=PG_CONNECT_TIMEOUT_S)
    except Exception as exc:
        if is_psycopg_error(exc):
            raise pg_problem(exc, url) from exc
        raise
    return Connection(url, raw)
