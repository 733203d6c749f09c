"""The WSGI application: GET/HEAD of /{token}/{calendar}.ics and the index /{token}/, a uniform 404,
304s from ETag/Last-Modified, security headers, and no token in any log line."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any

from .index import index_html
from .snapshot import RenderedLike, Snapshot
from .tokens import TOKEN_RE, Registry

log = logging.getLogger("bocal.feed")


MIN_TOKEN_CHARS = 22
ICS_TYPE = "text/calendar; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"
ALLOW = "GET, HEAD"
NOT_FOUND = b"Not Found\n"
CALENDAR_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
#: The newest file of the installed bocal package: a new version may render the same inputs

# -- the WSGI application -------------------------------------------------------------------------

StartResponse = Callable[..., Any]
_COMMON = [("Cache-Control", "private"), ("X-Robots-Tag", "noindex"), ("X-Content-Type-Options", "nosniff")]


def _etags(header: str) -> list[str]:
    return [e.strip().removeprefix("W/") for e in header.split(",") if e.strip()]


def not_modified(environ: Mapping[str, Any], r: RenderedLike) -> bool:
    """RFC 9110: If-None-Match (weak comparison) wins; else If-Modified-Since compared as a date."""
    inm = environ.get("HTTP_IF_NONE_MATCH")
    if inm is not None:
        tags = _etags(inm)
        return "*" in tags or r.etag in tags
    ims = environ.get("HTTP_IF_MODIFIED_SINCE")
    if not ims:
        return False
    try:
        since = parsedate_to_datetime(ims)
    except (TypeError, ValueError, IndexError):
        return False
    if since is None or since.tzinfo is None:
        return False
    return r.last_modified <= since


@dataclass
class FeedApp:
    """The WSGI application. ``base_url`` (e.g. ``https://cal.example.jp/feeds``) makes the index's
    links right behind a proxy; without it they are built from the request's Host."""

    registry: Registry
    base_url: str | None = None
    logger: logging.Logger = field(default_factory=lambda: log)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        shown = redact(environ.get("PATH_INFO", ""), lambda seg: self.registry.lookup(seg) is not None)
        try:
            status, headers, body = self.respond(environ)
        except Exception:  # never let a path (and its token) reach the server's own error log
            self.logger.exception("%s %s: internal error", method, shown)
            status, headers, body = "500 Internal Server Error", [("Content-Type", "text/plain")], b"Error\n"
        self.logger.info("%s %s %s", method, shown, status.split(" ", 1)[0])
        if not any(k == "Content-Length" for k, _ in headers):
            headers.append(("Content-Length", str(len(body))))
        start_response(status, headers)
        return [] if method == "HEAD" else [body]

    def respond(self, environ: Mapping[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD"):
            return "405 Method Not Allowed", [("Allow", ALLOW), ("Content-Type", "text/plain"), *_COMMON], b""
        found = self.route(environ)
        if found is None:
            return "404 Not Found", [("Content-Type", "text/plain; charset=utf-8"), *_COMMON], NOT_FOUND
        snapshot, key, token = found
        if key is None:
            body = index_html(snapshot, self.token_base(environ, token))
            return "200 OK", [("Content-Type", HTML_TYPE), ("Referrer-Policy", "no-referrer"), *_COMMON], body
        r = snapshot.calendars[key].rendered
        headers = [("ETag", r.etag), ("Last-Modified", r.http_date), *_COMMON]
        if not_modified(environ, r):
            return "304 Not Modified", headers, b""
        headers = [("Content-Type", ICS_TYPE), *headers]
        return "200 OK", headers, r.body

    def route(self, environ: Mapping[str, Any]) -> tuple[Snapshot, str | None, str] | None:
        """(snapshot, calendar key or None for the index, token), or None for any 404."""
        path = environ.get("PATH_INFO", "")
        raw = environ.get("REQUEST_URI") or environ.get("RAW_URI")
        if raw is not None:
            raw_path = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/]*", "", str(raw)).split("?", 1)[0]
            if _suspicious(raw_path):
                return None
        if _suspicious(path):
            return None
        parts = path.split("/")
        if len(parts) != 3 or parts[0] != "":
            return None
        token, leaf = parts[1], parts[2]
        if not TOKEN_RE.fullmatch(token):
            return None
        group = self.registry.lookup(token)
        if group is None:
            return None
        snapshot = group.snapshot()
        if leaf == "" or leaf == "index.html":
            return snapshot, None, token
        if not leaf.endswith(".ics") or not CALENDAR_RE.fullmatch(leaf[:-4]):
            return None
        key = leaf[:-4]
        if key not in snapshot.calendars:
            return None
        return snapshot, key, token

    def token_base(self, environ: Mapping[str, Any], token: str) -> str:
        if self.base_url:
            return f"{self.base_url.rstrip('/')}/{token}/"
        scheme = environ.get("wsgi.url_scheme", "http")
        host = (
            environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME', 'localhost')}:{environ.get('SERVER_PORT', '80')}"
        )
        script = environ.get("SCRIPT_NAME", "").rstrip("/")
        return f"{scheme}://{host}{script}/{token}/"


def _suspicious(path: str) -> bool:
    """Traversal and its encodings, backslashes, control characters, empty segments."""
    if "%" in path or "\\" in path or "//" in path or "\x00" in path:
        return True
    if any(seg in (".", "..") for seg in path.split("/")):
        return True
    return any(ord(c) < 0x21 or ord(c) > 0x7E for c in path)


_LOGGABLE_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,79}")


def redact(path: str, is_token: Callable[[str], bool] = lambda _s: False) -> str:
    """The path as it may be logged: its shape only, ``/***/all.ics``.

    Every segment but the last is replaced (a token may stand anywhere: ``/x/../TOKEN/all.ics``,
    ``/%2e%2e/TOKEN/all.ics``), and the last is shown only when it looks like a calendar file name
    and is not itself a token (``is_token``, the registry's lookup).
    """
    parts = str(path).split("/")
    if len(parts) <= 1 or parts == ["", ""]:
        return "/" if parts == ["", ""] else "***"
    name = parts[-1]
    safe = bool(_LOGGABLE_NAME.fullmatch(name)) and not is_token(name) and not is_token(name.rsplit(".", 1)[0])
    shown_name = name if safe or name == "" else "…"
    return "/***/" + shown_name if len(parts) > 2 else "/" + ("***" if name else "")


#: waitress settings: small limits, since a feed request is one short line and a few headers.
WAITRESS_LIMITS: dict[str, Any] = {
    "max_request_header_size": 16 * 1024,
    "max_request_body_size": 1024,
    "channel_timeout": 30,
    "connection_limit": 200,
    "ident": "bocal",
    "expose_tracebacks": False,
    "clear_untrusted_proxy_headers": True,
}


def create_server(app: FeedApp, host: str = "127.0.0.1", port: int = 8080, **overrides: Any) -> Any:
    """A waitress server (not yet running) with bocal's limits; ``.run()`` serves, ``.close()`` stops."""
    from waitress import create_server as _create

    return _create(app, host=host, port=port, **{**WAITRESS_LIMITS, **overrides})
