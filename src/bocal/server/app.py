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
#: On every response (calendars, the index, 304, 404, 405, 500): nothing may frame, sniff, refer
#: or run. The index is plain HTML with no script or style of its own, so the policy allows nothing.
SECURITY_HEADERS = [
    ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"),
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
]
_COMMON = [("Cache-Control", "private"), ("X-Robots-Tag", "noindex"), *SECURITY_HEADERS]
_ERROR = ("500 Internal Server Error", [("Content-Type", "text/plain; charset=utf-8"), *_COMMON], b"Error\n")


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
        if since is None or since.tzinfo is None:
            return False
        return r.last_modified <= since
    except (TypeError, ValueError, IndexError, OverflowError):  # a malformed date is ignored (RFC 9110 13.1.3)
        return False


@dataclass
class FeedApp:
    """The WSGI application. ``base_url`` (e.g. ``https://cal.example.jp/feeds``) makes the index's
    links right behind a proxy; without it they use ``listen_url``, the address the server listens
    on (set by `create_server`) — never the request's Host header, which the client chooses."""

    registry: Registry
    base_url: str | None = None
    logger: logging.Logger = field(default_factory=lambda: log)
    listen_url: str | None = None

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        # The path is redacted before anything else can raise: whatever fails below is logged with
        # its shape only (never a token), and answered 500 without the path.
        shown = self.shown_path(environ)
        method = str(environ.get("REQUEST_METHOD", "GET"))
        try:
            status, headers, body = self.respond(environ)
        except Exception as e:  # never a traceback (its frames hold the path) and never the path itself
            self.logger.error("%s %s: internal error (%s)", method, shown, type(e).__name__)
            status, headers, body = _ERROR[0], list(_ERROR[1]), _ERROR[2]
        self.logger.info("%s %s %s", method, shown, status.split(" ", 1)[0])
        if not any(k == "Content-Length" for k, _ in headers):
            headers.append(("Content-Length", str(len(body))))
        start_response(status, headers)
        return [] if method == "HEAD" else [body]

    def shown_path(self, environ: Mapping[str, Any]) -> str:
        """The request path as it may be logged; fully hidden when even redacting fails."""
        try:
            return redact(str(environ.get("PATH_INFO", "")), lambda seg: self.registry.lookup(seg) is not None)
        except Exception:
            return "/***"

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
            return "200 OK", [("Content-Type", HTML_TYPE), *_COMMON], body
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
        """The token directory's absolute URL: --base-url, else the listening address (a Host
        header is the client's to choose, so a link built from it could point anywhere)."""
        if self.base_url:
            return f"{self.base_url.rstrip('/')}/{token}/"
        if self.listen_url:
            return f"{self.listen_url.rstrip('/')}/{token}/"
        host = f"{environ.get('SERVER_NAME', 'localhost')}:{environ.get('SERVER_PORT', '80')}"
        return f"http://{host}/{token}/"


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

    server = _create(app, host=host, port=port, **{**WAITRESS_LIMITS, **overrides})
    shown = f"[{host}]" if ":" in host else host
    app.listen_url = f"http://{shown}:{server.effective_port}"
    return server
