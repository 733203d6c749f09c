"""Plain WSGI underneath the workspace: a request, a response, the security headers, and a route table.

Why no framework: the workspace has a dozen routes, one form encoding, and cookies; what a framework
would add (routing, request parsing) is ~150 lines here, while its sessions, CSRF and templating
choices would have to be replaced anyway (sessions live in the task store, CSRF tokens in the
session, Jinja2 is already a dependency). Every response gets the same headers: a CSP without
inline scripts or styles, ``frame-ancestors 'none'``, ``Referrer-Policy: no-referrer``, nosniff.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import parse_qs, quote

StartResponse = Callable[..., Any]
#: Largest form body accepted (a note is short; anything bigger is refused with 413).
MAX_BODY = 64 * 1024

SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    (
        "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self';"
        " connect-src 'self'; base-uri 'none'; frame-ancestors 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Cache-Control", "no-store"),
)

STATUS_TEXT = {
    200: "OK",
    303: "See Other",
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Content Too Large",
    429: "Too Many Requests",
    500: "Internal Server Error",
}


class HTTPError(Exception):
    """Stop handling and answer with this status and a short page."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Request:
    method: str
    path: str  # below the workspace prefix, starting with "/"
    query: dict[str, str]
    form: dict[str, str]
    cookies: dict[str, str]
    remote: str
    prefix: str
    scheme: str
    headers: Mapping[str, str] = field(default_factory=dict)

    def arg(self, name: str, default: str = "") -> str:
        return self.query.get(name, default)


def _first(values: dict[str, list[str]]) -> dict[str, str]:
    return {k: v[0] for k, v in values.items() if v}


def read_request(environ: Mapping[str, Any], prefix: str) -> Request:
    """The request from a WSGI environ; the body is read only for form posts, at most MAX_BODY."""
    method = str(environ.get("REQUEST_METHOD", "GET")).upper()
    raw_path = str(environ.get("PATH_INFO", "")) or "/"
    try:  # WSGI passes the path as latin-1 decoded bytes
        path = raw_path.encode("latin-1").decode("utf-8")
    except UnicodeError:
        raise HTTPError(400, "bad path") from None
    path = path[len(prefix) :] if path.startswith(prefix) else path
    query = _first(parse_qs(str(environ.get("QUERY_STRING", "")), keep_blank_values=True))
    form: dict[str, str] = {}
    if method == "POST":
        ctype = str(environ.get("CONTENT_TYPE", "")).split(";")[0].strip().lower()
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise HTTPError(400, "bad Content-Length") from None
        if length > MAX_BODY:
            raise HTTPError(413, "the form is too large")
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        if ctype != "application/x-www-form-urlencoded" and body:
            raise HTTPError(400, "forms are sent as application/x-www-form-urlencoded")
        try:
            form = _first(parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False))
        except UnicodeDecodeError:
            raise HTTPError(400, "the form is not UTF-8") from None
    cookies: dict[str, str] = {}
    jar = SimpleCookie()
    with contextlib.suppress(CookieError):
        jar.load(str(environ.get("HTTP_COOKIE", "")))
    cookies = {k: m.value for k, m in jar.items()}
    headers = {k[5:].replace("_", "-").lower(): str(v) for k, v in environ.items() if k.startswith("HTTP_")}
    return Request(
        method,
        path or "/",
        query,
        form,
        cookies,
        str(environ.get("REMOTE_ADDR", "")),
        prefix,
        str(environ.get("wsgi.url_scheme", "http")),
        headers,
    )


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)

    def send(self, start_response: StartResponse, *, head: bool = False) -> Iterable[bytes]:
        headers = [("Content-Type", self.content_type), ("Content-Length", str(len(self.body)))]
        headers += list(SECURITY_HEADERS) + self.headers
        start_response(f"{self.status} {STATUS_TEXT.get(self.status, 'OK')}", headers)
        return [] if head else [self.body]


def redirect(location: str, headers: list[tuple[str, str]] | None = None) -> Response:
    return Response(303, b"", "text/plain; charset=utf-8", [("Location", location), *(headers or [])])


def cookie_header(name: str, value: str, *, path: str, secure: bool, max_age: int | None) -> tuple[str, str]:
    """Set-Cookie for the session: HttpOnly, SameSite=Lax, Secure behind HTTPS."""
    parts = [f"{name}={value}", f"Path={path}", "HttpOnly", "SameSite=Lax"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    if secure:
        parts.append("Secure")
    return ("Set-Cookie", "; ".join(parts))


def url(prefix: str, path: str, **query: str | int | None) -> str:
    """A workspace URL with its query (empty values left out)."""
    q = "&".join(f"{k}={quote(str(v), safe='')}" for k, v in query.items() if v not in (None, ""))
    return prefix + path + (f"?{q}" if q else "")


Handler = Callable[..., Response]


class Router:
    """Routes by method and path pattern (``/duty/{duty}``); parts are matched as [^/]+."""

    def __init__(self) -> None:
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []

    def add(self, method: str, pattern: str, handler: Handler) -> None:
        rx = "^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern) + "$"
        self._routes.append((method, re.compile(rx), handler))

    def match(self, method: str, path: str) -> tuple[Handler, dict[str, str]]:
        allowed = False
        for m, rx, handler in self._routes:
            found = rx.match(path)
            if found is None:
                continue
            if m == method or (m == "GET" and method == "HEAD"):
                return handler, found.groupdict()
            allowed = True
        if allowed:
            raise HTTPError(405, "method not allowed")
        raise HTTPError(404, "not found")
