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
from datetime import date
from pathlib import Path
from typing import Protocol

from ..atomic import write_atomic


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


class FileSentLog:
    """A JSON file of sendings (used when no task store is configured), rewritten atomically."""

    def __init__(self, path: str | os.PathLike[str], keep_days: int = 62) -> None:
        self.path = Path(path)
        self.keep_days = keep_days
        try:
            self.data: dict[str, dict[str, object]] = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            self.data = {}
        except (OSError, ValueError) as e:
            raise OSError(f"cannot read the sent-log {self.path}: {e}") from None

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
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(
            str(self.path), json.dumps(self.data, ensure_ascii=False, indent=1, sort_keys=True).encode(), mode=0o600
        )
