"""Feeds for an office's clients: the old import path of `bocal.server.office` and friends, kept as a
compatibility shim for programs outside bocal. Nothing inside bocal imports it."""

from __future__ import annotations

from .server.cache import LazyRendered, RenderCache
from .server.office import (
    OWNER_PREFIX,
    OfficeCalendar,
    OfficeFeeds,
    OfficeRegistry,
    client_calendar,
    client_keys,
    client_of,
    feed_profile,
    office_plan,
    owner_key,
)
from .server.publish import PublishResult, publish_office
from .server.stamp import catalog_digest, code_digest, file_digest
from .server.tokens import TOKENS_FILE, Tokens, ensure_tokens, read_tokens, write_tokens

__all__ = [
    "OWNER_PREFIX",
    "TOKENS_FILE",
    "LazyRendered",
    "OfficeCalendar",
    "OfficeFeeds",
    "OfficeRegistry",
    "PublishResult",
    "RenderCache",
    "Tokens",
    "catalog_digest",
    "client_calendar",
    "client_keys",
    "client_of",
    "code_digest",
    "ensure_tokens",
    "feed_profile",
    "file_digest",
    "office_plan",
    "owner_key",
    "publish_office",
    "read_tokens",
    "write_tokens",
]
