"""Subscription feeds: the old import path of `bocal.server` (one company's feeds, the WSGI app and
publishing), kept as a compatibility shim for importers such as a ``wsgi.py`` with ``from bocal.feed import
make_app``. Nothing inside bocal imports it: new code imports `bocal.server` (or `bocal`)."""

from __future__ import annotations

from .server.app import (
    ALLOW,
    CALENDAR_RE,
    HTML_TYPE,
    ICS_TYPE,
    NOT_FOUND,
    WAITRESS_LIMITS,
    FeedApp,
    create_server,
    not_modified,
    redact,
)
from .server.company import FEED_SIZE_WARNING, CompanyFeeds, FeedOptions, Inputs, feed_window, make_app, render_company
from .server.index import index_html, subscribe_links
from .server.publish import publish
from .server.snapshot import Entry, FeedGroup, Rendered, RenderedLike, Snapshot
from .server.stamp import CODE_MTIME, JST
from .server.tokens import MIN_TOKEN_CHARS, TOKEN_RE, Registry, check_token, new_token

__all__ = [
    "ALLOW",
    "CALENDAR_RE",
    "CODE_MTIME",
    "FEED_SIZE_WARNING",
    "HTML_TYPE",
    "ICS_TYPE",
    "JST",
    "MIN_TOKEN_CHARS",
    "NOT_FOUND",
    "TOKEN_RE",
    "WAITRESS_LIMITS",
    "CompanyFeeds",
    "Entry",
    "FeedApp",
    "FeedGroup",
    "FeedOptions",
    "Inputs",
    "Registry",
    "Rendered",
    "RenderedLike",
    "Snapshot",
    "check_token",
    "create_server",
    "feed_window",
    "index_html",
    "make_app",
    "new_token",
    "not_modified",
    "publish",
    "redact",
    "render_company",
    "subscribe_links",
]
