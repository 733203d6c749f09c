"""The state of tasks and its append-only history, over either database.

`Store` is opened lazily: reading a SQLite store that does not exist yet gives no state (every task
open) without creating the file; the first write creates it and runs the migrations. Every write
is one transaction that bumps a change counter, so `version()` (instance id + counter) changes on
every change and never otherwise; `snapshot()` loads state once per command as a `StateView`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Final

from ..state import Status, TaskState
from .backend import BUSY_TIMEOUT_MS, Connection, Row, connect
from .reader import (
    EMPTY,
    STATE_COLUMNS,
    StateSnapshot,
    chunks,
    day,
    read_snapshot,
    read_version,
    state_of_row,
)
from .schema import migrate
from .url import DbUrl


class Keep:
    """The sentinel for "leave this field as it is" in an `Update`."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Final = Keep()


@dataclass(frozen=True, slots=True)
class TaskRef:
    """Which task: the key state is stored under, and its parts (for filters and orphan checks)."""

    key: str
    duty: str
    period: str
    company: str

    @classmethod
    def of(cls, task: Any) -> TaskRef:
        """The reference of an `expand.Task` (its key as `state.task_key` builds it)."""
        from ..state import task_key

        return cls(task_key(task), task.duty.id, task.period.key, task.company)


@dataclass(frozen=True, slots=True)
class Update:
    """A requested change of one task; fields left as KEEP are not touched."""

    ref: TaskRef
    status: Status | Keep = KEEP
    assignee: str | None | Keep = KEEP
    note: str | None | Keep = KEEP
    done_on: date | None | Keep = KEEP


@dataclass(frozen=True, slots=True)
class Change:
    """One entry of the history: who changed which task when, from what to what."""

    ref: TaskRef
    at: str
    by: str | None
    action: str
    before: TaskState
    after: TaskState

    def fields(self) -> list[tuple[str, object, object]]:
        """(field, old, new) for each field that changed."""
        out = []
        for name in ("status", "assignee", "note", "done_on"):
            old, new = getattr(self.before, name), getattr(self.after, name)
            if old != new:
                out.append((name, old, new))
        return out


@dataclass(frozen=True, slots=True)
class StoredState:
    """A stored row: the state with its task reference and last change."""

    ref: TaskRef
    state: TaskState
    updated_at: str
    updated_by: str | None


_HISTORY_SELECT = (
    "SELECT key, duty, period, company, at, by_name, action, old_status, new_status, old_assignee, new_assignee,"
    " old_note, new_note, old_done_on, new_done_on FROM task_history"
)


def _change(row: Row) -> Change:
    ref = TaskRef(*row[:4])
    at, by, action = row[4:7]
    o_status, n_status, o_assignee, n_assignee, o_note, n_note, o_done, n_done = row[7:15]
    before = TaskState(ref.key, Status(o_status or "open"), o_assignee, o_note, day(o_done))
    after = TaskState(ref.key, Status(n_status), n_assignee, n_note, day(n_done))
    return Change(ref, at, by, action, before, after)


def resolve(old: TaskState, update: Update, today: date) -> TaskState:
    """The state after `update`: done without a date is done today; leaving done clears the date."""
    new = old
    if not isinstance(update.status, Keep):
        new = replace(new, status=update.status)
    if not isinstance(update.assignee, Keep):
        new = replace(new, assignee=update.assignee or None)
    if not isinstance(update.note, Keep):
        new = replace(new, note=update.note or None)
    if not isinstance(update.done_on, Keep):
        new = replace(new, done_on=update.done_on)
    if new.status is Status.DONE and new.done_on is None:
        new = replace(new, done_on=today)
    if new.status is not Status.DONE:
        new = replace(new, done_on=None)
    return new


class Store:
    """Task state in the database at `url` (SQLite or PostgreSQL), opened on first use."""

    def __init__(self, url: DbUrl, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.url = url
        self.busy_timeout_ms = busy_timeout_ms
        self._conn: Connection | None = None
        self._migrated = False

    # -- connections -------------------------------------------------------------------------------
    def _open(self, *, create: bool) -> Connection | None:
        if self._conn is None:
            self._conn = connect(self.url, create=create, busy_timeout_ms=self.busy_timeout_ms)
            if self._conn is None:
                return None
        if not self._migrated:
            migrate(self._conn)
            self._migrated = True
        return self._conn

    def _reader(self) -> Connection | None:
        return self._open(create=False)

    def _writer(self) -> Connection:
        conn = self._open(create=True)
        assert conn is not None
        return conn

    def exists(self) -> bool:
        """Whether the database holds a store already (a missing SQLite file does not)."""
        return self._reader() is not None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
            self._migrated = False

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -----------------------------------------------------------------------------------
    def version(self) -> str:
        """Changes on every write to this database; "0" when there is no database yet."""
        conn = self._reader()
        if conn is None:
            return "0"
        return read_version(conn)

    def snapshot(self, keys: Collection[str] | None = None) -> StateSnapshot:
        """The stored state of these tasks (all tasks when None), read in one transaction."""
        conn = self._reader()
        if conn is None:
            return EMPTY
        return read_snapshot(conn, keys)

    def get(self, key: str) -> TaskState | None:
        return self.snapshot([key]).get(key)

    def stored(self, *, duty: str | None = None, period: str | None = None) -> list[StoredState]:
        """Stored rows (of one duty / period when given), ordered by key."""
        conn = self._reader()
        if conn is None:
            return []
        where, params = [], []
        if duty is not None:
            where.append("duty = ?")
            params.append(duty)
        if period is not None:
            where.append("period = ?")
            params.append(period)
        sql = f"SELECT {STATE_COLUMNS}, duty, period, company, updated_at, updated_by FROM task_state"
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = conn.execute(sql + " ORDER BY key", params)
        return [StoredState(TaskRef(r[0], r[5], r[6], r[7]), state_of_row(r), r[8], r[9]) for r in rows]

    def duties(self) -> dict[str, int]:
        """How many stored states each duty id has (to find state whose duty left the catalog)."""
        conn = self._reader()
        if conn is None:
            return {}
        return {d: int(n) for d, n in conn.execute("SELECT duty, count(*) FROM task_state GROUP BY duty ORDER BY duty")}

    def history(
        self, *, keys: Collection[str] | None = None, duty: str | None = None, limit: int | None = None
    ) -> list[Change]:
        """History entries, oldest first (the last `limit` ones when given)."""
        conn = self._reader()
        if conn is None:
            return []
        rows: list[Row] = []
        if keys is not None:
            for part in chunks(sorted(set(keys))):
                marks = ",".join("?" * len(part))
                rows += conn.execute(
                    f"{_HISTORY_SELECT.replace('SELECT', 'SELECT id,', 1)} WHERE key IN ({marks})", part
                )
        elif duty is not None:
            rows = conn.execute(_HISTORY_SELECT.replace("SELECT", "SELECT id,", 1) + " WHERE duty = ?", (duty,))
        else:
            rows = conn.execute(_HISTORY_SELECT.replace("SELECT", "SELECT id,", 1))
        rows.sort(key=lambda r: int(r[0]))
        if limit is not None:
            rows = rows[-limit:] if limit > 0 else []
        return [_change(r[1:]) for r in rows]

    # -- writing -----------------------------------------------------------------------------------
    def apply(self, updates: Iterable[Update], *, at: datetime, by: str | None, today: date) -> list[Change]:
        """Apply the updates in one transaction; returns the changes made (no-ops are left out)."""
        updates = list(updates)
        conn = self._writer()
        stamp = at.isoformat(timespec="seconds")
        with conn.write():
            old = self._current(conn, [u.ref.key for u in updates])
            changes = []
            for u in updates:
                before = old.get(u.ref.key) or TaskState(u.ref.key)
                after = resolve(before, u, today)
                if after == before:
                    continue
                old[u.ref.key] = after
                changes.append(Change(u.ref, stamp, by, "set", before, after))
            self._record(conn, changes)
        return changes

    def undo(self, refs: Iterable[TaskRef], *, at: datetime, by: str | None) -> list[Change]:
        """Put each task back as it was before its last change (itself recorded as a change)."""
        refs = list(refs)
        conn = self._writer()
        stamp = at.isoformat(timespec="seconds")
        with conn.write():
            current = self._current(conn, [r.key for r in refs])
            changes = []
            for ref in refs:
                last = conn.execute(
                    _HISTORY_SELECT + " WHERE key = ? ORDER BY id DESC LIMIT 1",
                    (ref.key,),
                )
                if not last:
                    continue
                before = current.get(ref.key) or TaskState(ref.key)
                after = _change(last[0]).before
                if after == before:
                    continue
                changes.append(Change(ref, stamp, by, "undo", before, after))
            self._record(conn, changes)
        return changes

    def import_rows(self, states: Sequence[StoredState], history: Sequence[Change]) -> tuple[int, int]:
        """Write exported rows as they are: states that differ, history entries not yet present.

        Importing the same rows twice changes nothing. Returns (states written, history entries added).
        """
        conn = self._writer()
        with conn.write():
            current = self._current(conn, [s.ref.key for s in states])
            new_states = [s for s in states if current.get(s.ref.key) != s.state]
            conn.executemany(_UPSERT, [_state_params(s.ref, s.state, s.updated_at, s.updated_by) for s in new_states])
            have = {_signature(c) for c in self._history_of(conn, {c.ref.key for c in history})}
            fresh = []
            for c in history:
                sig = _signature(c)
                if sig not in have:
                    have.add(sig)
                    fresh.append(c)
            conn.executemany(_INSERT_HISTORY, [_history_params(c) for c in fresh])
            if new_states or fresh:
                conn.execute("UPDATE store_meta SET counter = counter + 1 WHERE id = 1")
        return len(new_states), len(fresh)

    def _history_of(self, conn: Connection, keys: Collection[str]) -> list[Change]:
        rows: list[Row] = []
        for part in chunks(sorted(keys)):
            rows += conn.execute(_HISTORY_SELECT + f" WHERE key IN ({','.join('?' * len(part))})", part)
        return [_change(r) for r in rows]

    @staticmethod
    def _current(conn: Connection, keys: Sequence[str]) -> dict[str, TaskState]:
        out: dict[str, TaskState] = {}
        for part in chunks(sorted(set(keys))):
            marks = ",".join("?" * len(part))
            for r in conn.execute(f"SELECT {STATE_COLUMNS} FROM task_state WHERE key IN ({marks})", part):
                out[r[0]] = state_of_row(r)
        return out

    @staticmethod
    def _record(conn: Connection, changes: Sequence[Change]) -> None:
        if not changes:
            return
        conn.executemany(_UPSERT, [_state_params(c.ref, c.after, c.at, c.by) for c in changes])
        conn.executemany(_INSERT_HISTORY, [_history_params(c) for c in changes])
        conn.execute("UPDATE store_meta SET counter = counter + 1 WHERE id = 1")


_UPSERT = (
    "INSERT INTO task_state (key, duty, period, company, status, assignee, note, done_on, updated_at, updated_by)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET"
    " status = excluded.status, assignee = excluded.assignee, note = excluded.note, done_on = excluded.done_on,"
    " updated_at = excluded.updated_at, updated_by = excluded.updated_by"
)
_INSERT_HISTORY = (
    "INSERT INTO task_history (key, duty, period, company, at, by_name, action, old_status, new_status,"
    " old_assignee, new_assignee, old_note, new_note, old_done_on, new_done_on)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _state_params(ref: TaskRef, s: TaskState, at: str, by: str | None) -> tuple[Any, ...]:
    return (ref.key, ref.duty, ref.period, ref.company, s.status.value, s.assignee, s.note, _iso(s.done_on), at, by)


def _history_params(c: Change) -> tuple[Any, ...]:
    b, a = c.before, c.after
    return (
        *(c.ref.key, c.ref.duty, c.ref.period, c.ref.company, c.at, c.by, c.action),
        *(b.status.value, a.status.value, b.assignee, a.assignee, b.note, a.note, _iso(b.done_on), _iso(a.done_on)),
    )


def _signature(c: Change) -> tuple[Any, ...]:
    return _history_params(c)
