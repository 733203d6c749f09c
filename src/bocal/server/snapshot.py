"""What a feed group serves: snapshots of named calendars, each with its bytes, ETag and Last-Modified."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Protocol

# -- one rendered calendar ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rendered:
    """A calendar's bytes, strong ETag and Last-Modified (whole seconds, UTC)."""

    body: bytes
    etag: str
    last_modified: datetime
    http_date: str

    @classmethod
    def of(cls, body: bytes, last_modified: datetime) -> Rendered:
        lm = last_modified.astimezone(UTC).replace(microsecond=0)
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        return cls(body, etag, lm, format_datetime(lm, usegmt=True))


class RenderedLike(Protocol):
    """What the app reads of a calendar: ``Rendered``, or a lazy stand-in whose ``body`` is rendered
    only when read (``office_feed``), so a 304 never renders."""

    @property
    def body(self) -> bytes: ...
    @property
    def etag(self) -> str: ...
    @property
    def last_modified(self) -> datetime: ...
    @property
    def http_date(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Entry:
    """A named calendar in a group: its file name stem (``all``, ``accounting``), label and bytes."""

    key: str
    label: str
    rendered: RenderedLike


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What a group serves right now: a title and its calendars by key (``all`` first)."""

    title: str
    lang: str
    calendars: Mapping[str, Entry]


class FeedGroup(Protocol):
    """Anything the registry can serve under a token."""

    def snapshot(self) -> Snapshot: ...
