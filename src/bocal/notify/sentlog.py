"""What was sent: the memory that makes `bocal notify` idempotent under cron and systemd timers.

The key of a sending is *recipient + channel + the digest's date* — not its content. A timer that
fires twice, or a run retried by hand after a partial failure, sends each recipient one digest a
day; when somebody marks a task done between the two runs the second digest would differ, and
sending it again would be exactly the noise the log is there to prevent. `--force` resends. The
content hash (`Digest.fingerprint`) is recorded beside the key, for the record only.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from ..atomic import write_atomic
from ..errors import Problem, UsageError
from ..store.backend import Connection, connect
from ..store.schema import migrate
from ..store.url import DbUrl


def sent_key(recipient_key: str, day: date) -> str:
    return f"{recipient_key}|{day.isoformat()}"


@dataclass(frozen=True)
class Sending:
    key: str
    day: date
    recipient: str
    channel: str
    fingerprint: str
    items: int
    #: When it was sent (the edge's clock; None in tests that do not care).
    at: datetime | None = None


class SentLog(Protocol):
    def was_sent(self, key: str) -> bool: ...

    def record(self, sending: Sending) -> None: ...


class MemorySentLog:
    """A sent-log for one process (tests, --dry-run)."""

    def __init__(self) -> None:
        self.sent: dict[str, Sending] = {}

    def was_sent(self, key: str) -> bool:
        return key in self.sent

    def record(self, sending: Sending) -> None:
        self.sent[sending.key] = sending


class StoreSentLog:
    """The sent-log in the task store's database (table `notifications_sent`, migration 20).

    Reading never creates the database (a dry run on a fresh machine leaves no file behind);
    the first `record` does, and migrates it like every other use of the store."""

    def __init__(self, url: DbUrl) -> None:
        self.url = url
        self._conn: Connection | None = None

    def _open(self, *, create: bool) -> Connection | None:
        if self._conn is None:
            self._conn = connect(self.url, create=create)
            if self._conn is not None:
                migrate(self._conn)
        return self._conn

    def was_sent(self, key: str) -> bool:
        conn = self._open(create=False)
        return conn is not None and bool(conn.execute("SELECT 1 FROM notifications_sent WHERE key = ?", (key,)))

    def record(self, sending: Sending) -> None:
        conn = self._open(create=True)
        assert conn is not None
        at = sending.at.isoformat(timespec="seconds") if sending.at else ""
        row = (sending.key, sending.day.isoformat(), sending.recipient, sending.channel, sending.fingerprint)
        with conn.write():
            conn.execute(
                "INSERT INTO notifications_sent (key, day, recipient, channel, fingerprint, items, sent_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET fingerprint = excluded.fingerprint,"
                " items = excluded.items, sent_at = excluded.sent_at",
                (*row, sending.items, at),
            )

    def sent_on(self, day: date) -> list[Sending]:
        """What was sent for one day (for reports and tests)."""
        conn = self._open(create=False)
        if conn is None:
            return []
        rows = conn.execute(
            "SELECT key, day, recipient, channel, fingerprint, items, sent_at FROM notifications_sent"
            " WHERE day = ? ORDER BY key",
            (day.isoformat(),),
        )
        return [
            Sending(
                r[0],
                date.fromisoformat(r[1]),
                r[2],
                r[3],
                r[4],
                int(r[5]),
                datetime.fromisoformat(r[6]) if r[6] else None,
            )
            for r in rows
        ]

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class FileSentLog:
    """A JSON file of sendings (`--sent-log FILE`, instead of the store), rewritten atomically."""

    def __init__(self, path: str | os.PathLike[str], keep_days: int = 62) -> None:
        self.path = Path(path)
        self.keep_days = keep_days
        self.data: dict[str, dict[str, object]] = {}
        from ..bounds import MAX_STATE_BYTES
        from ..tomlsource import TomlReadError, read_bytes

        if not self.path.exists() and not self.path.is_symlink():
            return
        try:  # a regular file only (a FIFO would block), size capped
            data = json.loads(read_bytes(str(self.path), limit=MAX_STATE_BYTES).decode("utf-8"))
        except TomlReadError as e:
            raise UsageError(e.problem) from None
        except ValueError as e:
            raise UsageError(Problem(f"cannot read the sent-log: {e}", path=str(self.path))) from None
        if not isinstance(data, dict) or not all(isinstance(v, dict) and "day" in v for v in data.values()):
            raise UsageError(Problem("this is not a bocal sent-log (a JSON object of sendings)", path=str(self.path)))
        self.data = data

    def was_sent(self, key: str) -> bool:
        return key in self.data

    def record(self, sending: Sending) -> None:
        self.data[sending.key] = {
            "day": sending.day.isoformat(),
            "recipient": sending.recipient,
            "channel": sending.channel,
            "fingerprint": sending.fingerprint,
            "items": sending.items,
        }
        # forget what is too old to matter (a digest is about one day)
        self.data = {
            k: v
            for k, v in self.data.items()
            if (sending.day - date.fromisoformat(str(v["day"]))).days <= self.keep_days
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._write()
        except OSError as e:
            raise UsageError(Problem(f"cannot write the sent-log: {e.strerror or e}", path=str(self.path))) from None

    def _write(self) -> None:
        write_atomic(
            str(self.path), json.dumps(self.data, ensure_ascii=False, indent=1, sort_keys=True).encode(), mode=0o600
        )
