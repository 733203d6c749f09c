"""Subscription feeds: a WSGI application (no framework) and the static files `bocal publish` writes.

The pieces, from the inside out:

* ``Rendered`` — one calendar's bytes with its strong ETag and Last-Modified, computed once.
* ``Inputs`` — the profile and rule files a company's feeds are built from, with a cheap fingerprint
  (inode, mtime, size of each file) so edits are noticed without a restart.
* ``CompanyFeeds`` — one company's calendars (``all`` and one per area), rebuilt when the inputs'
  fingerprint or the month (the window moves monthly) changes. A broken edit keeps the last good calendars serving and
  is logged once. Checks run at most every ``check_interval`` seconds, so a cached feed costs a dict
  lookup.
* ``Registry`` — token → a ``FeedGroup`` (anything with ``snapshot()``): one company per token
  today, many clients and office-wide groups tomorrow (``--clients``), without changing the app.
* ``FeedApp`` — the WSGI callable: ``GET``/``HEAD`` ``/{token}/all.ics``, ``/{token}/{area}.ics`` and the
  index ``/{token}/``; a wrong token and an unknown path get the same 404; tokens never reach a log.

The library never reads the clock for dates: ``today`` is a callable the caller passes (the CLI
passes ``date.today`` or the fixed ``--today``), so a long-running server rolls over by itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import html
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote, urlencode

from .errors import BocalError, Problem, UsageError
from .ics import Builder, CalendarOptions, assemble, calendar_texts

log = logging.getLogger("bocal.feed")

JST = timezone(timedelta(hours=9), "JST")
#: Tokens are URL-safe base64 of at least 16 random bytes (128 bits): 22 characters or more.
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{22,128}")
CALENDAR_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
MIN_TOKEN_CHARS = 22
ICS_TYPE = "text/calendar; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"
ALLOW = "GET, HEAD"
NOT_FOUND = b"Not Found\n"
#: The newest file of the installed bocal package: a new version may render the same inputs
#: differently, so Last-Modified never goes below it.
_CODE_MTIME = max(p.stat().st_mtime for p in Path(__file__).parent.glob("*.py"))


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


# -- inputs ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """The files one company's feeds come from. ``profile=None`` means the embedded default."""

    profile: str | None
    rules: tuple[str, ...] = ()
    bundled: bool = True

    def files(self) -> list[str]:
        from .rules import rule_files

        out = [self.profile] if self.profile else []
        for r in self.rules:
            out.extend(rule_files(r) if os.path.exists(r) else [r])
        return out

    def fingerprint(self) -> tuple[Any, ...]:
        """(path, inode, mtime_ns, size) per file; a stat per file, no reading."""
        fp: list[Any] = []
        for f in self.files():
            try:
                st = os.stat(f)
            except OSError as e:
                fp.append((f, "missing", e.errno))
                continue
            fp.append((f, st.st_ino, st.st_mtime_ns, st.st_size))
        return tuple(fp)

    def newest_mtime(self) -> float:
        times = [_CODE_MTIME]
        for f in self.files():
            with contextlib.suppress(OSError):
                times.append(os.stat(f).st_mtime)
        return max(times)

    def load(self) -> tuple[Any, Any]:
        """(catalog, profile); raises BocalError with every problem."""
        from .profile import default_profile, load_profile
        from .rules import load_catalog

        profile = load_profile(self.profile) if self.profile else default_profile()
        return load_catalog(list(self.rules), bundled=self.bundled), profile


def _month_start(d: date, months: int) -> date:
    t = d.year * 12 + d.month - 1 + months
    return date(t // 12, t % 12 + 1, 1)


def feed_window(today: date, months_back: int = 12, months_ahead: int = 24) -> tuple[date, date]:
    """From the first of this month a year ago to the end of the month two years ahead.

    Whole months, so the feed changes once a month rather than daily; 37 months rather than four
    calendar years, so a company with every area stays under the ~1 MB Google gives up at."""
    return _month_start(today, -months_back), _month_start(today, months_ahead + 1) - timedelta(days=1)


#: Google Calendar reportedly stops reading subscribed feeds larger than about 1 MB.
FEED_SIZE_WARNING = 1_000_000


# -- one company's feeds --------------------------------------------------------------------------


#: What every calendar of a group contains: the one calendar options type (with the feed window).
FeedOptions = CalendarOptions


def render_company(
    catalog: Any, profile: Any, today: date, opts: FeedOptions, last_modified: datetime, state: Any = None
) -> Snapshot:
    """Every calendar of one company: ``all`` and one per area of the profile (finished tasks marked
    when a `state.StateView` is given)."""
    import dataclasses

    from .expand import Expander

    if opts.uid_domain:
        profile = dataclasses.replace(profile, uid_domain=opts.uid_domain)
    start, end = feed_window(today, opts.months_back, opts.months_ahead)
    tasks = Expander(catalog).expand(profile, start, end)
    rendered = Builder(opts, *(() if state is None else (state,))).render_all(
        tasks
    )  # each event once, shared by "all" and its area's calendar
    cals: dict[str, Entry] = {}
    for area in (None, *profile.areas):
        name, desc = calendar_texts(profile.name, opts.lang, area=area, span=(start, end))
        body = assemble(name, desc, (r for r in rendered if area is None or r.task.area == area))
        key = area or "all"
        cals[key] = Entry(key, name, Rendered.of(body, last_modified))
        if len(body) > FEED_SIZE_WARNING:
            log.warning(
                "%s.ics is %d bytes: Google Calendar may stop reading feeds over about 1 MB; "
                "subscribe to the per-area feeds or shorten the window",
                key,
                len(body),
            )
    return Snapshot(title=calendar_texts(profile.name, opts.lang)[0], lang=opts.lang, calendars=cals)


class CompanyFeeds:
    """One company's calendars, cached, rebuilt when its files change or the month rolls over.

    ``today`` is called at most once per check; ``check_interval`` (seconds, on ``clock``) bounds how
    often files are stat'ed: 0 checks on every request.
    """

    def __init__(
        self,
        inputs: Inputs,
        *,
        today: Callable[[], date],
        options: FeedOptions | None = None,
        check_interval: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
        logger: logging.Logger | None = None,
        state: Any = None,
    ) -> None:
        #: task state (a `store.live.LiveState`): re-read on each check, the feed rebuilt when it moved
        self.state = state
        self.inputs = inputs
        self.today = today
        self.options = options or FeedOptions()
        self.check_interval = check_interval
        self.clock = clock
        self.log = logger or log
        self._lock = threading.Lock()
        self._next_check = 0.0
        self._failed: tuple[Any, ...] | None = None
        self._fingerprint, self._month, self._snapshot = self._build()  # errors propagate: no feed to fall back on

    def _fingerprint_now(self) -> tuple[Any, ...]:
        if self.state is None:
            return self.inputs.fingerprint()
        self.state.refresh(force=True)
        error = str(self.state.error) if self.state.error is not None else None
        if error is not None and error != getattr(self, "_state_error", None):
            self.log.error("task state not re-read, still serving the last: %s", error)
        self._state_error = error
        return (*self.inputs.fingerprint(), ("state", self.state.version()))

    def _build(self) -> tuple[tuple[Any, ...], tuple[int, int], Snapshot]:
        fp = self._fingerprint_now()
        today = self.today()
        catalog, profile = self.inputs.load()
        lm = self.last_modified(today)
        return fp, (today.year, today.month), render_company(catalog, profile, today, self.options, lm, self.state)

    def last_modified(self, today: date) -> datetime:
        """The newest of the input files and the bocal code, or the first of this month (JST), the
        day the window last moved, whichever is later."""
        newest = datetime.fromtimestamp(int(self.inputs.newest_mtime()), UTC)
        month_start = datetime(today.year, today.month, 1, tzinfo=JST).astimezone(UTC)
        return max(newest, month_start)

    def snapshot(self) -> Snapshot:
        if self.clock() >= self._next_check:
            self.refresh()
        return self._snapshot

    def refresh(self) -> None:
        """Rebuild if the files or the month changed; keep the last good snapshot on an error."""
        with self._lock:
            now = self.clock()
            if now < self._next_check:
                return
            self._next_check = now + self.check_interval
            fp = self._fingerprint_now()
            today = self.today()
            month = (today.year, today.month)
            if fp == self._fingerprint and month == self._month:
                return
            if fp == self._failed and month == self._month:
                return  # the same broken edit: already logged
            try:
                fp, month, snap = self._build()
            except BocalError as e:
                self._failed = fp
                self.log.error(
                    "feed not updated, still serving the last good one: %s",
                    "; ".join(str(p) for p in e.problems),
                )
                return
            except Exception:
                self._failed = fp
                self.log.exception("feed not updated, still serving the last good one")
                return
            self._fingerprint, self._month, self._snapshot, self._failed = fp, month, snap, None
            self.log.info("feed rebuilt from %d files", len(fp))


# -- tokens and the registry ----------------------------------------------------------------------


def check_token(token: str) -> str:
    """A usable secret: URL-safe characters, at least 22 of them (≥ 128 bits if random)."""
    if not TOKEN_RE.fullmatch(token):
        raise UsageError(
            Problem(
                "the feed token must be 22–128 characters of A–Z a–z 0–9 _ - (at least 128 random bits)",
                key="--token",
                hint='generate one with: python3 -c "import secrets; print(secrets.token_urlsafe(24))"',
            )
        )
    return token


def new_token() -> str:
    import secrets

    return secrets.token_urlsafe(24)  # 192 bits


class Registry:
    """Tokens → groups of calendars. Lookup hashes the candidate, then compares in constant time."""

    def __init__(self) -> None:
        self._groups: dict[bytes, tuple[bytes, FeedGroup]] = {}

    def add(self, token: str, group: FeedGroup) -> None:
        raw = check_token(token).encode("ascii")
        self._groups[hashlib.sha256(raw).digest()] = (raw, group)

    def lookup(self, token: str) -> FeedGroup | None:
        raw = token.encode("utf-8", "surrogateescape")
        hit = self._groups.get(hashlib.sha256(raw).digest())
        if hit is None:
            return None
        return hit[1] if hmac.compare_digest(hit[0], raw) else None

    def __len__(self) -> int:
        return len(self._groups)


# -- links ----------------------------------------------------------------------------------------


def subscribe_links(url: str, name: str) -> dict[str, str]:
    """The one-click links for a feed's https URL: webcal, Google Calendar, Outlook on the web."""
    webcal = re.sub(r"^https?://", "webcal://", url)
    enc_url = quote(url, safe="")
    return {
        "url": url,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/r?cid=" + quote(webcal, safe=""),
        "outlook": "https://outlook.office.com/calendar/0/addfromweb?" + urlencode({"url": url, "name": name}),
        "outlook_live": "https://outlook.live.com/calendar/0/addfromweb?" + urlencode({"url": url, "name": name}),
        "enc_url": enc_url,
    }


def index_html(snapshot: Snapshot, base: str) -> bytes:
    """The page at /{token}/: one block per calendar, with the subscribe links and the URL to paste.

    ``base`` is the absolute URL of the token directory, ending in "/"."""
    ja = snapshot.lang == "ja"
    t = html.escape
    rows = []
    for e in snapshot.calendars.values():
        links = subscribe_links(f"{base}{e.key}.ics", e.label)
        rows.append(
            f"<section><h2>{t(e.label)}</h2>\n<p>"
            f'<a href="{t(links["webcal"])}">{"カレンダーアプリで購読 (webcal)" if ja else "Subscribe (webcal)"}</a> · '
            f'<a href="{t(links["google"])}">Google カレンダー</a> · '
            f'<a href="{t(links["outlook"])}">Outlook (Microsoft 365)</a> · '
            f'<a href="{t(links["outlook_live"])}">Outlook.com</a></p>\n'
            f'<p>{"URL（貼り付け用）" if ja else "URL to paste"}: <input readonly size="80" value="{t(links["url"])}"> '
            f'<a href="{t(e.key)}.ics">.ics</a></p></section>'
        )
    note = (
        "この URL は秘密です。知っている人は誰でも予定を読めます。共有しないでください。"
        if ja
        else "These URLs are secret: anyone who has one can read the calendar. Do not share them."
    )
    page = (
        f'<!doctype html>\n<html lang="{snapshot.lang}"><head><meta charset="utf-8">'
        '<meta name="robots" content="noindex, nofollow"><meta name="referrer" content="no-referrer">'
        f"<title>{t(snapshot.title)}</title></head>\n<body><h1>{t(snapshot.title)}</h1>\n<p>{note}</p>\n"
        + "\n".join(rows)
        + "\n</body></html>\n"
    )
    return page.encode("utf-8")


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


# -- assembling -----------------------------------------------------------------------------------


def make_app(
    token: str,
    *,
    profile: str | None = None,
    rules: Sequence[str] = (),
    bundled: bool = True,
    today: Callable[[], date] = date.today,
    options: FeedOptions | None = None,
    base_url: str | None = None,
    check_interval: float = 2.0,
) -> FeedApp:
    """A ready WSGI app for one company, for waitress, gunicorn or any WSGI server:

    # wsgi.py
    import os
    from bocal.feed import make_app
    app = make_app(os.environ["BOCAL_FEED_TOKEN"], profile="/etc/bocal/bocal.toml")
    """
    registry = Registry()
    feeds = CompanyFeeds(
        Inputs(profile, tuple(rules), bundled), today=today, options=options, check_interval=check_interval
    )
    registry.add(token, feeds)
    return FeedApp(registry, base_url=base_url)


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


# -- static publishing ----------------------------------------------------------------------------


def publish(snapshot: Snapshot, directory: str | Path, token: str, base_url: str | None) -> list[Path]:
    """Write ``DIR/{token}/index.html`` and one .ics per calendar, each atomically; returns the paths.

    Without ``base_url`` the index's links are relative (the subscribe buttons need an absolute URL,
    so pass the address the directory will be served at)."""
    from .atomic import write_atomic

    target = Path(directory) / check_token(token)
    target.mkdir(parents=True, exist_ok=True)
    keep = {f"{k}.ics" for k in snapshot.calendars}
    for old in target.glob("*.ics"):  # an area dropped from the profile: its feed goes too
        if old.name not in keep:
            old.unlink()
    written = []
    for e in snapshot.calendars.values():
        p = target / f"{e.key}.ics"
        write_atomic(p, e.rendered.body)
        os.utime(p, (e.rendered.last_modified.timestamp(), e.rendered.last_modified.timestamp()))
        written.append(p)
    base = f"{base_url.rstrip('/')}/{token}/" if base_url else ""
    p = target / "index.html"
    write_atomic(p, index_html(snapshot, base))
    written.append(p)
    return written
