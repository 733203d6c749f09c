"""Reading task state: the part of the store every listing loads, kept free of anything a reader
does not need (no dataclass is built here: `bocal list` pays for this module at every start)."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from datetime import date

from ..state import Status, TaskState
from .backend import BUSY_TIMEOUT_MS, Connection, Row, connect
from .schema import migrate
from .url import DbUrl

#: Keys per query when a snapshot is asked for given tasks (below SQLite's parameter limit).
CHUNK = 500
#: Above this many keys a snapshot reads the whole table instead.
WHOLE_TABLE_FROM = 4000
STATE_COLUMNS = "key, status, assignee, note, done_on"


def day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def state_of_row(row: Row) -> TaskState:
    """A TaskState from the first five columns (STATE_COLUMNS) of a row."""
    key, status, assignee, note, done_on = row[:5]
    return TaskState(key, Status(status), assignee, note, day(done_on))


def chunks(items: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class StateSnapshot:
    """State as loaded once for one command (a `state.StateView`)."""

    def __init__(self, states: dict[str, TaskState], version: str) -> None:
        self._states = states
        self._version = version

    def get(self, key: str) -> TaskState | None:
        return self._states.get(key)

    def version(self) -> str:
        return self._version

    def __len__(self) -> int:
        return len(self._states)


EMPTY = StateSnapshot({}, "0")


def read_version(conn: Connection) -> str:
    """instance id + change counter: moves on every write, and differs between databases."""
    instance, counter = conn.execute("SELECT instance, counter FROM store_meta WHERE id = 1")[0]
    return f"{instance}.{counter}"


def read_snapshot(conn: Connection, keys: Collection[str] | None) -> StateSnapshot:
    """The stored state of these tasks (all when None), read in one transaction."""
    with conn.read():
        version = read_version(conn)
        rows: list[Row] = []
        if keys is None or len(keys) >= WHOLE_TABLE_FROM:
            rows = conn.execute(f"SELECT {STATE_COLUMNS} FROM task_state")
        else:
            for part in chunks(sorted(set(keys))):
                marks = ",".join("?" * len(part))
                rows += conn.execute(f"SELECT {STATE_COLUMNS} FROM task_state WHERE key IN ({marks})", part)
    return StateSnapshot({r[0]: state_of_row(r) for r in rows}, version)


def snapshot_of(url: DbUrl, keys: Collection[str] | None, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> StateSnapshot:
    """Open, read and close: what a listing needs (an absent SQLite file reads as empty, uncreated)."""
    conn = connect(url, create=False, busy_timeout_ms=busy_timeout_ms)
    if conn is None:
        return EMPTY
    try:
        migrate(conn)
        return read_snapshot(conn, keys)
    finally:
        conn.close()
