"""Feeds for an office's clients: `bocal serve --clients DIR` and `bocal publish OUT --clients DIR`.

Each client gets its own feeds (``all.ics``, one per area, the index) under its own token; the office
gets feeds by area (every client's tasks of that area, each title naming the client) and by owner
(one calendar per person named in the clients' ``[owners]``) under the office token.

* **Tokens** live in a TOML file (default ``DIR/.bocal-tokens.toml``, mode 0600, written atomically):
  ``office = "…"`` and a ``[clients]`` table of client id → token. A client without a token gets a
  new random one (``secrets.token_urlsafe(24)``, 192 bits); existing ones are kept, so URLs survive
  restarts and publishes. Deleting a line revokes that URL (a new token is made for the client).
* **Serving a thousand clients** never renders them all: a calendar is rendered on its first
  request and its bytes kept in a bounded LRU (``RenderCache``). Its ETag is a hash of everything the
  bytes are made from (bocal's code, the rule files, the client's file, the options, the window), so
  it is known without rendering and a 304 costs no render.
* **Publishing** streams client by client: each client's events are rendered once, written to its
  own files and appended to the office files (open side by side, renamed into place at the end).

Serving and publishing assemble the same bytes from the same functions.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import logging
import os
import re
import threading
import time
import tomllib
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from .clients import OFFICE_ID, Client, client_files, load_client
from .errors import BocalError, Problem, UsageError
from .expand import Task
from .feed import (
    _CODE_MTIME,
    JST,
    TOKEN_RE,
    Entry,
    FeedGroup,
    FeedOptions,
    Registry,
    Snapshot,
    check_token,
    feed_window,
    index_html,
    new_token,
)
from .ics import Builder, RenderedTask, assemble, calendar_header, calendar_texts, client_prefix, office_texts, stream

log = logging.getLogger("bocal.feed")

TOKENS_FILE = ".bocal-tokens.toml"
OWNER_PREFIX = "owner-"


# -- the tokens file --------------------------------------------------------------------------------


@dataclass
class Tokens:
    """The office token (None: not in the file) and client id → token."""

    path: Path
    office: str | None = None
    clients: dict[str, str] = field(default_factory=dict)


def read_tokens(path: str | Path) -> Tokens:
    """The tokens file; a missing file is empty. Bad contents are a UsageError naming the file."""
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text("utf-8"))
    except FileNotFoundError:
        return Tokens(p)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise UsageError(Problem(f"cannot read the tokens file: {e}", path=str(p))) from None
    problems: list[Problem] = []
    office = data.get("office")
    if office is not None and not (isinstance(office, str) and TOKEN_RE.fullmatch(office)):
        problems.append(Problem("office must be a token of 22–128 URL-safe characters", path=str(p), key="office"))
        office = None
    clients: dict[str, str] = {}
    table = data.get("clients", {})
    if not isinstance(table, dict):
        problems.append(Problem("[clients] must be a table of client id = token", path=str(p), key="clients"))
        table = {}
    for cid, tok in table.items():
        if isinstance(tok, str) and TOKEN_RE.fullmatch(tok):
            clients[cid] = tok
        else:
            problems.append(Problem("must be a token of 22–128 URL-safe characters", path=str(p), key=cid))
    seen: dict[str, str] = {}
    for who, tok in ([("office", office)] if office else []) + list(clients.items()):
        if tok in seen:
            problems.append(Problem(f"the same token as {seen[tok]!r}", path=str(p), key=who))
        seen[tok] = who
    if problems:
        raise UsageError(problems)
    return Tokens(p, office, clients)


def write_tokens(tokens: Tokens) -> None:
    """Atomically, mode 0600 (the temp file is created 0600 too, so the tokens are never readable)."""
    from .atomic import write_atomic

    lines = [
        "# bocal feed tokens: the secret in each feed URL. Keep this file private (mode 0600).",
        "# Revoke a URL by deleting its line (a new token is made at the next publish or reload)",
        "# or by writing a new token (python3 -c 'import secrets; print(secrets.token_urlsafe(24))').",
    ]
    if tokens.office:
        lines.append(f'office = "{tokens.office}"')
    lines += ["", "[clients]"]
    lines += [f'{_toml_key(cid)} = "{tok}"' for cid, tok in sorted(tokens.clients.items())]
    write_atomic(tokens.path, ("\n".join(lines) + "\n").encode("utf-8"), mode=0o600)


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ensure_tokens(tokens: Tokens, ids: Sequence[str], *, office: bool) -> list[str]:
    """Give every id (and the office, if asked) a token; returns the ids that got a new one."""
    used = set(tokens.clients.values()) | ({tokens.office} if tokens.office else set())
    made = []
    if office and tokens.office is None:
        tokens.office = _fresh(used)
        made.append(OFFICE_ID)
    for cid in ids:
        if cid not in tokens.clients:
            tokens.clients[cid] = _fresh(used)
            made.append(cid)
    return made


def _fresh(used: set[str]) -> str:
    while (tok := new_token()) in used:  # pragma: no cover - 192 random bits
        pass
    used.add(tok)
    return tok


def guess_id(path: str) -> str | None:
    """The id a broken client's profile would have (its [company] id, else its file name), so it keeps
    a token and its URL works again once the file is fixed."""
    from .profile import slug
    from .tomlsource import TomlReadError, read_toml

    stem = Path(path).stem
    try:
        company = read_toml(path).data.get("company")
    except (TomlReadError, BocalError, OSError):
        company = None
    if isinstance(company, dict) and isinstance(company.get("id"), str) and company["id"]:
        return slug(company["id"])
    if stem != "bocal":
        return slug(stem)
    if isinstance(company, dict) and isinstance(company.get("name"), str):
        return slug(company["name"])
    return None


# -- what each calendar is made of --------------------------------------------------------------------


def owner_key(name: str) -> str:
    """A URL-safe file name for an owner: ``owner-`` + the ASCII part + a short hash (Japanese names
    have no ASCII part: ``owner-3fa2c1d0``); different names never share one."""
    ascii_part = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40].strip("-")
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"{OWNER_PREFIX}{ascii_part}-{digest}" if ascii_part else f"{OWNER_PREFIX}{digest}"


@dataclass(frozen=True)
class OfficeCalendar:
    """One office feed: its key (file name stem), texts, and which areas of which clients it holds."""

    key: str
    name: str
    description: str
    members: tuple[tuple[int, frozenset[str]], ...]  # (index in the clients, areas)


def office_plan(clients: Sequence[Client], lang: str, span: tuple[date, date] | None = None) -> list[OfficeCalendar]:
    """The office feeds: one per area some client has (in the usual area order), then one per owner
    (in order of first appearance); `span` (the feed window) for the horizon note."""
    from .describe import area_name
    from .profile import AREAS

    plan = []
    for area in AREAS:
        members = tuple((i, frozenset([area])) for i, c in enumerate(clients) if area in c.profile.areas)
        if members:
            texts = office_texts(len(members), lang, what=area_name(area, lang), span=span)
            plan.append(OfficeCalendar(area, *texts, members))
    owners: dict[str, list[tuple[int, frozenset[str]]]] = {}
    for i, c in enumerate(clients):
        mine: dict[str, set[str]] = {}
        for area, who in c.profile.owners.items():
            if area in c.profile.areas:
                mine.setdefault(who, set()).add(area)
        for who, areas in mine.items():
            owners.setdefault(who, []).append((i, frozenset(areas)))
    for who, members_list in owners.items():
        texts = office_texts(len(members_list), lang, what=who, span=span)
        plan.append(OfficeCalendar(owner_key(who), *texts, tuple(members_list)))
    return plan


def client_keys(client: Client, lang: str) -> list[tuple[str, str]]:
    """(key, label) of a client's feeds: ``all``, then one per area of its profile."""
    return [
        (area or "all", calendar_texts(client.profile.name, lang, area=area)[0])
        for area in (None, *client.profile.areas)
    ]


def feed_profile(client: Client, opts: FeedOptions) -> Any:
    return dataclasses.replace(client.profile, uid_domain=opts.uid_domain) if opts.uid_domain else client.profile


def client_calendar(
    rendered: Sequence[RenderedTask], client: Client, key: str, lang: str, span: tuple[date, date] | None = None
) -> bytes:
    """One client calendar from its rendered tasks: the bytes `feed.render_company` makes."""
    area = None if key == "all" else key
    name, desc = calendar_texts(client.profile.name, lang, area=area, span=span)
    return assemble(name, desc, (r for r in rendered if area is None or r.task.area == area))


# -- digests: an ETag without rendering -------------------------------------------------------------

_code_digest: str | None = None


def code_digest() -> str:
    """bocal's own files (code, schema) and icalendar's version: a new version may render differently."""
    global _code_digest
    if _code_digest is None:
        import icalendar

        h = hashlib.sha256(str(icalendar.__version__).encode())
        root = Path(__file__).parent
        for p in sorted([*root.glob("*.py"), *root.glob("*.toml")]):
            h.update(p.name.encode() + b"\0" + p.read_bytes())
        _code_digest = h.hexdigest()
    return _code_digest


def catalog_digest(rules: Sequence[str], bundled: bool) -> str:
    from .rules import bundled_files, rule_files

    h = hashlib.sha256()
    for name, data in bundled_files() if bundled else []:
        h.update(name.encode() + b"\0" + data)
    for r in rules:
        for f in rule_files(r) if os.path.exists(r) else [r]:
            with contextlib.suppress(OSError):
                h.update(f.encode() + b"\0" + Path(f).read_bytes())
    return h.hexdigest()


def file_digest(path: str) -> str:
    """The client's file name (it may name the client) and its bytes."""
    return hashlib.sha256(Path(path).name.encode() + b"\0" + Path(path).read_bytes()).hexdigest()


def _etag(*parts: object) -> str:
    return '"' + hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:32] + '"'


def _last_modified(mtimes: Sequence[float], today: date) -> datetime:
    """As `CompanyFeeds.last_modified`: the newest input (or bocal's code), or the first of the month."""
    newest = datetime.fromtimestamp(int(max([_CODE_MTIME, *mtimes])), UTC)
    month_start = datetime(today.year, today.month, 1, tzinfo=JST).astimezone(UTC)
    return max(newest, month_start)


# -- rendered bytes, bounded ------------------------------------------------------------------------


class RenderCache:
    """Rendered calendars by ETag, least recently used first out, at most `max_bytes` in all.

    One render per ETag at a time: concurrent first requests for a calendar wait for the same render.
    A calendar larger than the whole cache is served but not kept."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.renders = 0
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self._pending: dict[str, threading.Lock] = {}

    def get(self, etag: str, render: Callable[[], bytes]) -> bytes:
        with self._lock:
            body = self._items.get(etag)
            if body is not None:
                self._items.move_to_end(etag)
                return body
            flight = self._pending.setdefault(etag, threading.Lock())
        with flight:
            with self._lock:
                body = self._items.get(etag)
                if body is not None:
                    self._items.move_to_end(etag)
                    return body
            try:
                body = render()
                self.renders += 1
                self._put(etag, body)
            finally:
                with self._lock:
                    self._pending.pop(etag, None)
        return body

    def _put(self, etag: str, body: bytes) -> None:
        with self._lock:
            if len(body) > self.max_bytes:
                log.warning("a %d-byte calendar is larger than the whole render cache: served, not kept", len(body))
                return
            self._items[etag] = body
            self.size += len(body)
            while self.size > self.max_bytes:
                _, old = self._items.popitem(last=False)
                self.size -= len(old)

    def __len__(self) -> int:
        return len(self._items)


class LazyRendered:
    """A calendar's ETag and Last-Modified, known up front; its body rendered (and cached) when read."""

    __slots__ = ("etag", "last_modified", "http_date", "_render", "_cache")

    def __init__(self, etag: str, last_modified: datetime, render: Callable[[], bytes], cache: RenderCache) -> None:
        self.etag = etag
        self.last_modified = last_modified.astimezone(UTC).replace(microsecond=0)
        self.http_date = format_datetime(self.last_modified, usegmt=True)
        self._render = render
        self._cache = cache

    @property
    def body(self) -> bytes:
        return self._cache.get(self.etag, self._render)


# -- serving ----------------------------------------------------------------------------------------


@dataclass
class _File:
    """One client file as last seen: its stat, and the last good load of it (kept through a broken edit)."""

    path: str
    stat: tuple[int, int, int]
    client: Client | None = None
    digest: str = ""
    mtime: float = 0.0
    failed: tuple[int, int, int] | None = None
    problems: list[Problem] = field(default_factory=list)


class _Group:
    """What the registry holds per token: a client id (or the office), looked up in the current snapshots."""

    def __init__(self, feeds: OfficeFeeds, gid: str) -> None:
        self.feeds, self.gid = feeds, gid

    def snapshot(self) -> Snapshot:
        return self.feeds.snapshots.get(self.gid) or _EMPTY


_EMPTY = Snapshot(title="", lang="ja", calendars={})


class OfficeRegistry(Registry):
    """The registry of an office: checks the files (at most every `check_interval`) before each lookup,
    and answers None — the same 404 as a wrong token — for a client with nothing to serve."""

    def __init__(self, feeds: OfficeFeeds) -> None:
        super().__init__()
        self.feeds = feeds

    def replace(self, groups: dict[str, FeedGroup]) -> None:
        fresh: dict[bytes, tuple[bytes, FeedGroup]] = {}
        for token, group in groups.items():
            raw = check_token(token).encode("ascii")
            fresh[hashlib.sha256(raw).digest()] = (raw, group)
        self._groups = fresh  # one reference swap: requests in flight keep the old dict

    def lookup(self, token: str) -> FeedGroup | None:
        self.feeds.maybe_refresh()
        group = super().lookup(token)
        if group is None or isinstance(group, _Group) and group.gid not in self.feeds.snapshots:
            return None
        return group


class OfficeFeeds:
    """Every client's feeds and the office feeds, served from one registry, following edits."""

    def __init__(
        self,
        directory: str,
        *,
        tokens_path: str | None = None,
        office_token: str | None = None,
        rules: Sequence[str] = (),
        bundled: bool = True,
        today: Callable[[], date] = date.today,
        options: FeedOptions | None = None,
        check_interval: float = 2.0,
        cache_bytes: int = 256 * 2**20,
        cache_dir: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        logger: logging.Logger | None = None,
    ) -> None:
        self.directory = directory
        self.tokens_path = Path(tokens_path or os.path.join(directory, TOKENS_FILE))
        self.office_token = check_token(office_token) if office_token else None
        self.rules = tuple(rules)
        self.bundled = bundled
        self.today = today
        self.options = options or FeedOptions()
        self.check_interval = check_interval
        self.cache = RenderCache(cache_bytes)
        self.cache_dir = cache_dir
        self.clock = clock
        self.log = logger or log
        self.registry = OfficeRegistry(self)
        self.snapshots: dict[str, Snapshot] = {}
        self.tokens = Tokens(self.tokens_path)
        self.clients: tuple[Client, ...] = ()
        self.problems: list[Problem] = []  # of the last check: broken and duplicate clients
        self._files: dict[str, _File] = {}
        self._catalog: Any = None
        self._expander: Any = None
        self._expand_lock = threading.Lock()
        self._catalog_state: tuple[Any, ...] | None = None
        self._catalog_failed: tuple[Any, ...] | None = None
        self._catalog_digest = ""
        self._catalog_mtime = 0.0
        self._tokens_stat: tuple[int, int, int] | None = None
        self._month: tuple[int, int] | None = None
        self._reported: set[str] = set()
        self._lock = threading.Lock()
        self._next_check = 0.0
        self.refresh(force=True)

    # -- checking the files

    def maybe_refresh(self) -> None:
        if self.clock() >= self._next_check:
            self.refresh()

    def refresh(self, force: bool = False) -> None:
        if not self._lock.acquire(blocking=force):
            return  # another request is checking: serve what there is
        try:
            now = self.clock()
            if not force and now < self._next_check:
                return
            self._next_check = now + self.check_interval
            try:
                self._check(first=force and self._catalog is None)
            except BocalError as e:
                if force and self._catalog is None:
                    raise
                self._report("; ".join(str(p) for p in e.problems), logging.ERROR)
        finally:
            self._lock.release()

    def _check(self, first: bool) -> None:
        changed = self._check_catalog(first)
        changed |= self._check_clients()
        changed |= self._check_tokens()
        today = self.today()
        if (today.year, today.month) != self._month:
            self._month, changed = (today.year, today.month), True
        if changed:
            self._rebuild(today)

    def _check_catalog(self, first: bool) -> bool:
        from .rules import load_catalog, rule_files

        files = [f for r in self.rules for f in (rule_files(r) if os.path.exists(r) else [r])]
        state = tuple(_stat_or_missing(f) for f in files)
        if state == self._catalog_state or state == self._catalog_failed:
            return False
        try:
            catalog = load_catalog(list(self.rules), bundled=self.bundled, cache_dir=self.cache_dir)
        except BocalError as e:
            if first:
                raise
            self._catalog_failed = state
            self._report(
                "rules not updated, still serving the last good ones: " + "; ".join(str(p) for p in e.problems),
                logging.ERROR,
            )
            return False
        from .expand import Expander

        with self._expand_lock:
            self._catalog, self._expander = catalog, Expander(catalog)
        self._catalog_state, self._catalog_failed = state, None
        self._catalog_digest = catalog_digest(self.rules, self.bundled)
        self._catalog_mtime = max([0.0, *(os.stat(f).st_mtime for f in files if os.path.exists(f))])
        return True

    def _check_clients(self) -> bool:
        paths = client_files(self.directory)
        changed = set(paths) != set(self._files)
        for gone in set(self._files) - set(paths):
            del self._files[gone]
        for path in paths:
            try:
                st = os.stat(path)
            except OSError:
                continue
            stat = (st.st_ino, st.st_mtime_ns, st.st_size)
            f = self._files.get(path)
            if f is not None and stat in (f.stat, f.failed):
                continue
            if f is None:
                f = self._files[path] = _File(path, stat)
            try:
                client = load_client(path)
                digest = file_digest(path)
            except BocalError as e:
                f.failed, f.stat = stat, stat
                f.problems = list(e.problems)
                kept = " (still serving its last good feeds)" if f.client else ""
                self._report(f"client skipped{kept}: " + "; ".join(str(p) for p in e.problems), logging.ERROR)
                changed = True  # its token goes to 404 (or stays on the last good feeds)
                continue
            except OSError as e:
                self._report(f"client skipped: {path}: {e.strerror or e}", logging.ERROR)
                continue
            if f.client is not None:
                self.log.info("client file changed, its feeds are rebuilt: %s", path)
            f.stat, f.failed, f.client, f.digest, f.mtime = stat, None, client, digest, st.st_mtime
            f.problems = []
            changed = True
        return changed

    def _check_tokens(self) -> bool:
        st = _stat_or_missing(str(self.tokens_path))
        if st == self._tokens_stat:
            return False
        self.tokens = read_tokens(self.tokens_path)
        self._tokens_stat = st
        return True

    def _report(self, message: str, level: int) -> None:
        if message not in self._reported:
            self._reported.add(message)
            self.log.log(level, "%s", message)

    # -- building the snapshots (cheap: no rendering)

    def _rebuild(self, today: date) -> None:
        clients: list[Client] = []
        digests: dict[str, tuple[str, float]] = {}
        problems: list[Problem] = []
        broken_ids: list[str] = []
        for path in sorted(self._files):
            f = self._files[path]
            problems.extend(f.problems)
            if f.client is None:
                gid = guess_id(path)
                if gid:
                    broken_ids.append(gid)
                continue
            c = f.client
            if c.id in digests or c.id == OFFICE_ID:
                why = "already used by another client" if c.id in digests else f"{OFFICE_ID!r} is reserved"
                problems.append(Problem(f"id {c.id!r} is {why}", path=path, key="id", hint="set a different id"))
                continue
            clients.append(c)
            digests[c.id] = (f.digest, f.mtime)
        made = ensure_tokens(self.tokens, [c.id for c in clients] + broken_ids, office=self.office_token is None)
        if made:
            write_tokens(self.tokens)
            self._tokens_stat = _stat_or_missing(str(self.tokens_path))
            if self._month is not None and self.clients:  # after start-up: say so, never the token itself
                self.log.info("new feed tokens for %s, written to %s", ", ".join(made), self.tokens_path)
        opts, lang = self.options, self.options.lang
        window = feed_window(today, opts.months_back, opts.months_ahead)
        common = (code_digest(), self._catalog_digest, repr(opts), window)
        snapshots: dict[str, Snapshot] = {}
        for c in clients:
            digest, mtime = digests[c.id]
            lm = _last_modified([mtime, self._catalog_mtime], today)
            cals = {}
            for key, label in client_keys(c, lang):
                etag = _etag(*common, "client", c.id, digest, key)
                render = _bind(self._render_client, c, key, today)
                cals[key] = Entry(key, label, LazyRendered(etag, lm, render, self.cache))
            snapshots[c.id] = Snapshot(title=calendar_texts(c.profile.name, lang)[0], lang=lang, calendars=cals)
        dir_mtime = 0.0
        with contextlib.suppress(OSError):
            dir_mtime = os.stat(self.directory).st_mtime
        lm = _last_modified([dir_mtime, self._catalog_mtime, *(m for _, m in digests.values())], today)
        office_cals = {}
        for cal in office_plan(clients, lang, window):
            members = [(clients[i].id, digests[clients[i].id][0], sorted(a)) for i, a in cal.members]
            etag = _etag(*common, "office", cal.key, cal.name, members)
            render = _bind(self._render_office, tuple(clients), cal, today)
            office_cals[cal.key] = Entry(cal.key, cal.name, LazyRendered(etag, lm, render, self.cache))
        from .clients import office_calendar_texts

        snapshots[OFFICE_ID] = Snapshot(office_calendar_texts(len(clients), lang)[0], lang, office_cals)
        groups: dict[str, FeedGroup] = {}
        office_token = self.office_token or self.tokens.office
        assert office_token is not None
        groups[office_token] = _Group(self, OFFICE_ID)
        for cid, tok in self.tokens.clients.items():
            if tok != office_token:
                groups[tok] = _Group(self, cid)
        self.registry.replace(groups)
        self.snapshots, self.clients, self.problems = snapshots, tuple(clients), problems

    # -- rendering (on a request, outside the check lock)

    def window(self, today: date) -> tuple[date, date]:
        return feed_window(today, self.options.months_back, self.options.months_ahead)

    def tasks(self, client: Client, areas: frozenset[str] | None, today: date) -> list[Task]:
        """The client's tasks in the feed window (only `areas`, if given)."""
        start, end = self.window(today)
        with self._expand_lock:
            tasks: list[Task] = self._expander.expand(feed_profile(client, self.options), start, end)
        if areas is not None:
            tasks = [t for t in tasks if t.area in areas]
        return tasks

    def _render_client(self, client: Client, key: str, today: date) -> bytes:
        tasks = self.tasks(client, None if key == "all" else frozenset([key]), today)
        rendered = Builder(self.options).render_all(tasks)
        return client_calendar(rendered, client, key, self.options.lang, self.window(today))

    def _render_office(self, clients: tuple[Client, ...], cal: OfficeCalendar, today: date) -> bytes:
        builder, lang = Builder(self.options), self.options.lang
        rendered = (
            r
            for i, areas in cal.members
            for r in builder.render_all(self.tasks(clients[i], areas, today), client_prefix(clients[i].name, lang))
        )
        return b"".join(stream(cal.name, cal.description, rendered, todos_last=False))

    # -- what to print at start-up

    def urls(self, base: str) -> list[tuple[str, str, str]]:
        """(url, id, name) for the office, then each client being served, in file order."""
        office_token = self.office_token or self.tokens.office
        out = [(f"{base}/{office_token}/", OFFICE_ID, self.snapshots[OFFICE_ID].title)]
        out += [(f"{base}/{self.tokens.clients[c.id]}/", c.id, c.name) for c in self.clients]
        return out


def _bind(fn: Callable[..., bytes], *args: Any) -> Callable[[], bytes]:
    return lambda: fn(*args)


def _stat_or_missing(path: str) -> tuple[int, int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (0, 0, -1)
    return (st.st_ino, st.st_mtime_ns, st.st_size)


# -- publishing ---------------------------------------------------------------------------------------


@dataclass
class PublishResult:
    files: int = 0
    clients: int = 0
    removed: list[str] = field(default_factory=list)  # token directories of revoked or removed feeds


def publish_office(
    feeds: OfficeFeeds,
    out_dir: str | Path,
    base_url: str,
    *,
    only: Sequence[Client] | None = None,
) -> PublishResult:
    """Write OUT/TOKEN/… for each client and for the office, the bytes `feeds` would serve.

    Client by client: its events are rendered once, its own calendars written, and its events appended
    to the office files (open side by side, renamed into place when every client is done). With
    `only`, just those clients' files are written and the office feeds are left as they are."""
    from .atomic import AtomicFile, write_atomic

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    lang = feeds.options.lang
    result = PublishResult()
    clients = feeds.clients
    chosen = {c.id for c in (only if only is not None else clients)}
    office_token = feeds.office_token or feeds.tokens.office
    assert office_token is not None
    office_snap = feeds.snapshots[OFFICE_ID]
    today = feeds.today()
    window = feeds.window(today)
    plan = office_plan(clients, lang, window) if only is None else []
    builder = Builder(feeds.options)
    writers: dict[str, AtomicFile] = {}
    wants: dict[int, list[tuple[frozenset[str], AtomicFile]]] = {}
    office_dir = out / office_token
    if plan:
        office_dir.mkdir(exist_ok=True)
    try:
        for cal in plan:
            w = writers[cal.key] = AtomicFile(office_dir / f"{cal.key}.ics")
            w.write(calendar_header(cal.name, cal.description))  # stream()'s first piece
            for i, areas in cal.members:
                wants.setdefault(i, []).append((areas, w))
        for i, c in enumerate(clients):
            if c.id not in chosen:
                continue
            snap = feeds.snapshots[c.id]
            tasks = feeds.tasks(c, None, today)
            rendered = builder.render_all(tasks)
            target = out / feeds.tokens.clients[c.id]
            target.mkdir(exist_ok=True)
            cals = {k: client_calendar(rendered, c, k, lang, window) for k in snap.calendars}
            _write_group(target, snap, cals, base_url)
            result.files += len(snap.calendars) + 1
            result.clients += 1
            prefix = client_prefix(c.name, lang)
            for t in tasks:
                piece = None
                for areas, w in wants.get(i, []):
                    if t.area in areas:
                        piece = piece or builder.render(t, prefix)
                        w.write(piece.events + piece.todo)
        for key, w in writers.items():
            w.write(b"END:VCALENDAR\r\n")
            w.commit()
            lm = office_snap.calendars[key].rendered.last_modified.timestamp()
            os.utime(w.target, (lm, lm))
        writers.clear()
    finally:
        for w in writers.values():
            w.abort()
    if plan:
        for old in office_dir.glob("*.ics"):
            if old.stem not in office_snap.calendars:
                old.unlink()
        write_atomic(office_dir / "index.html", index_html(office_snap, f"{base_url}/{office_token}/"))
        result.files += len(plan) + 1
        # Directories of tokens no longer in the tokens file (revoked) or of clients gone: removed,
        # so a revoked URL stops working on the static host too. Only directories bocal could have
        # written (nothing in them but index.html and .ics files) are touched.
        live = {office_token, *feeds.tokens.clients.values()}
        for d in sorted(out.iterdir()):
            if d.is_dir() and TOKEN_RE.fullmatch(d.name) and d.name not in live and _only_feeds(d):
                for f in d.iterdir():
                    f.unlink()
                d.rmdir()
                result.removed.append(d.name)
    return result


def _write_group(target: Path, snap: Snapshot, bodies: dict[str, bytes], base_url: str) -> None:
    from .atomic import write_atomic

    for old in target.glob("*.ics"):
        if old.stem not in bodies:
            old.unlink()
    for key, body in bodies.items():
        p = target / f"{key}.ics"
        write_atomic(p, body)
        lm = snap.calendars[key].rendered.last_modified.timestamp()
        os.utime(p, (lm, lm))
    write_atomic(target / "index.html", index_html(snap, f"{base_url}/{target.name}/"))


def _only_feeds(d: Path) -> bool:
    return all(f.is_file() and (f.name == "index.html" or f.suffix == ".ics") for f in d.iterdir())


def client_of(feeds: OfficeFeeds, names: Sequence[str]) -> list[Client]:
    """The clients named (by name, file name or id); an unknown or broken one is a UsageError."""
    from .clients import Office

    broken = tuple(p for p, f in feeds._files.items() if f.client is None)
    return list(Office(feeds.directory, feeds.clients, skipped=broken).select(names))
