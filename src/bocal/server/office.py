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
  bytes are made from (`stamp`: bocal's code, the rule files, the client's file, the options, the
  window, the task state's version), so it is known without rendering and a 304 costs no render.
* **Files** are followed by the one watcher (`watch`: throttled, keep-last-good, each problem logged
  once); the clients come from the one loader (`bocal.office`) with its one id check.
* **Publishing** (`publish.publish_office`) streams client by client through the same builder.

Serving and publishing assemble the same bytes from the same functions (`bocal.ics`).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import BocalError, Problem
from ..expand import Task
from ..ics import Builder, calendar_texts
from ..ics.build import Templates as BodyTemplates
from ..ics.digest import OfficeDigest, Templates, stream_office
from ..office import OFFICE_ID, Client, admit, broken_client_id, client_files, load_client, subdirectories
from ..state import NO_STATE, StateView
from . import stamp
from .cache import LazyRendered, RenderCache
from .company import FeedOptions, feed_window
from .plan import (
    OFFICE_MONTHS_AHEAD,
    OFFICE_MONTHS_BACK,
    OWNER_PREFIX,
    OfficeCalendar,
    client_calendar,
    client_calendars,
    client_keys,
    feed_profile,
    office_plan,
    owner_key,
)
from .snapshot import Entry, FeedGroup, Snapshot
from .stamp import code_digest, file_digest, fresh_version, last_modified
from .tokens import TOKENS_FILE, Registry, Tokens, check_token, ensure_tokens, hide_tokens, read_tokens, write_tokens
from .watch import LogOnce, Throttle, WatchedRules, stat_key

log = logging.getLogger("bocal.feed")

__all__ = [  # the plan's names are still importable from here (bocal.office_feed re-exports them)
    "OFFICE_MONTHS_AHEAD",
    "OFFICE_MONTHS_BACK",
    "OWNER_PREFIX",
    "OfficeCalendar",
    "OfficeFeeds",
    "OfficeRegistry",
    "client_calendar",
    "client_calendars",
    "client_keys",
    "client_of",
    "feed_profile",
    "office_plan",
    "owner_key",
]


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
        today: Callable[[], date],
        options: FeedOptions | None = None,
        state: StateView = NO_STATE,
        check_interval: float = 2.0,
        cache_bytes: int = 256 * 2**20,
        cache_dir: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        logger: logging.Logger | None = None,
        warm: bool = False,
        disk_cache: str | None = None,
    ) -> None:
        self.directory = directory
        self.tokens_path = Path(tokens_path or os.path.join(directory, TOKENS_FILE))
        self.office_token = check_token(office_token) if office_token else None
        self.rules = WatchedRules(tuple(rules), bundled, cache_dir)
        self.today = today
        self.options = options or FeedOptions()
        self.state = state
        self.throttle = Throttle(check_interval, clock)
        self.cache = RenderCache(cache_bytes, disk_cache)
        self.log = logger or log
        self._report = LogOnce(self.log)
        self.registry = OfficeRegistry(self)
        self.snapshots: dict[str, Snapshot] = {}
        self.tokens = Tokens(self.tokens_path)
        self.clients: tuple[Client, ...] = ()
        self.problems: list[Problem] = []  # of the last check: broken and duplicate clients
        self._files: dict[str, _File] = {}
        self._expand_lock = threading.Lock()  # the Expander's caches are not thread-safe
        self._templates: BodyTemplates = {}  # every client render's icalendar templates (ics.build)
        self._tokens_stat: tuple[int, int, int] | None = None
        self._month: tuple[int, int] | None = None
        self._state_version: str | None = None
        self._office_lock = threading.Lock()  # one render of the office feeds at a time (single flight)
        self.office_passes = 0  # passes over the clients that rendered the office feeds (tests, bench)
        self.warm = warm  # render the office feeds in the background after each rebuild, before any poll
        self.refresh(force=True)

    # -- checking the files

    def maybe_refresh(self) -> None:
        if self.throttle.due():
            self.refresh()

    def refresh(self, force: bool = False) -> None:
        if not self.throttle.lock.acquire(blocking=force):
            return  # another request is checking: serve what there is
        try:
            if not self.throttle.start(force=force):
                return
            first = force and self.rules.expander is None
            try:
                self._check(first=first)
            except BocalError as e:
                if first:
                    raise
                self._report(logging.ERROR, "; ".join(str(p) for p in e.problems))
            except Exception as e:  # anything else: the last good feeds stay, and the log says what, never a path
                if first:
                    raise
                self._report(logging.ERROR, f"feeds not updated, still serving the last good ones: {unexpected(e)}")
        finally:
            self.throttle.lock.release()

    def _check(self, first: bool) -> None:
        changed = self.rules.check(self._report, first=first)  # swaps the expander in one assignment
        changed |= self._check_clients()
        changed |= self._check_tokens()
        today = self.today()
        if (today.year, today.month) != self._month:
            self._month, changed = (today.year, today.month), True
        version = fresh_version(self.state)
        if version != self._state_version:
            self._state_version, changed = version, True
        if changed:
            self._rebuild(today)

    def _check_clients(self) -> bool:
        paths = client_files(self.directory)
        changed = set(paths) != set(self._files)
        for gone in set(self._files) - set(paths):
            del self._files[gone]
        for path in paths:
            try:
                st = os.stat(path)
            except OSError:  # a dangling or looping link: its own stat, so the reader reports it once
                try:
                    st = os.lstat(path)
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
                self._report(logging.ERROR, f"client skipped{kept}: " + "; ".join(str(p) for p in e.problems))
                changed = True  # its token goes to 404 (or stays on the last good feeds)
                continue
            except OSError as e:
                self._report(logging.ERROR, f"client skipped: {path}: {e.strerror or e}")
                continue
            except Exception as e:  # one client's file never stops the others, whatever it makes fail
                f.failed, f.stat = stat, stat
                f.problems = [Problem(f"cannot be used: {unexpected(e)}", path=path)]
                self._report(logging.ERROR, f"client skipped: {path}: cannot be used: {unexpected(e)}")
                changed = True
                continue
            if f.client is not None:
                self.log.info("client file changed, its feeds are rebuilt: %s", path)
            f.stat, f.failed, f.client, f.digest, f.mtime = stat, None, client, digest, st.st_mtime
            f.problems = []
            changed = True
        return changed

    def _check_tokens(self) -> bool:
        st = stat_key(str(self.tokens_path))
        if st == self._tokens_stat:
            return False
        self.tokens = read_tokens(self.tokens_path)
        self._tokens_stat = st
        return True

    # -- building the snapshots (cheap: no rendering)

    def _rebuild(self, today: date) -> None:
        clients: list[Client] = []
        digests: dict[str, tuple[str, float]] = {}
        problems: list[Problem] = []
        broken_ids: list[str] = []
        by_id: dict[str, Client] = {}
        problems.extend(subdirectories(self.directory))
        for path in sorted(self._files):
            f = self._files[path]
            problems.extend(f.problems)
            if f.client is None:
                gid = broken_client_id(path)
                if gid:
                    broken_ids.append(gid)
                continue
            c = f.client
            problem = admit(c, by_id)
            if problem is not None:
                problems.append(problem)
                continue
            clients.append(c)
            digests[c.id] = (f.digest, f.mtime)
        made = ensure_tokens(self.tokens, [c.id for c in clients] + broken_ids, office=self.office_token is None)
        if made:
            write_tokens(self.tokens)
            self._tokens_stat = stat_key(str(self.tokens_path))
            if self._month is not None and self.clients:  # after start-up: say so, never the token itself
                self.log.info("new feed tokens for %s, written to %s", ", ".join(made), self.tokens_path)
        opts, lang = self.options, self.options.lang
        window = feed_window(today, opts.months_back, opts.months_ahead)
        common = (code_digest(), self.rules.digest, repr(opts), window, self._state_version)
        snapshots: dict[str, Snapshot] = {}
        for c in clients:
            digest, mtime = digests[c.id]
            lm = last_modified([mtime, self.rules.mtime], today)
            cals = {}
            for key, label in client_keys(c, lang):
                etag = stamp.etag(*common, "client", c.id, digest, key)
                render = _bind(self._render_client, c, key, today)
                cals[key] = Entry(key, label, LazyRendered(etag, lm, render, self.cache))
            snapshots[c.id] = Snapshot(title=calendar_texts(c.profile.name, lang)[0], lang=lang, calendars=cals)
        dir_mtime = 0.0
        with contextlib.suppress(OSError):
            dir_mtime = os.stat(self.directory).st_mtime
        lm = last_modified([dir_mtime, self.rules.mtime, *(m for _, m in digests.values())], today)
        office_cals = {}
        plan = office_plan(clients, lang, self.office_window(today))
        etags = {}
        for cal in plan:
            members = [(clients[i].id, digests[clients[i].id][0], sorted(a)) for i, a in cal.members]
            etags[cal.key] = stamp.etag(*common, "office", cal.key, cal.name, members)
        for cal in plan:
            render = _bind(self._render_office, tuple(clients), tuple(plan), etags, cal.key, today)
            office_cals[cal.key] = Entry(cal.key, cal.name, LazyRendered(etags[cal.key], lm, render, self.cache))
        from ..clients import office_calendar_texts

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
        self.cache.retain({e.rendered.etag for snap in snapshots.values() for e in snap.calendars.values()})
        if self.warm and office_cals:
            first = next(iter(office_cals.values())).rendered
            threading.Thread(target=lambda: first.body, name="bocal-office-warm", daemon=True).start()

    # -- rendering (on a request, outside the check lock)

    def window(self, today: date) -> tuple[date, date]:
        return feed_window(today, self.options.months_back, self.options.months_ahead)

    def office_window(self, today: date) -> tuple[date, date]:
        return feed_window(today, OFFICE_MONTHS_BACK, OFFICE_MONTHS_AHEAD)

    def tasks(
        self, client: Client, areas: frozenset[str] | None, today: date, window: tuple[date, date] | None = None
    ) -> list[Task]:
        """The client's tasks in the feed window, or `window` (only `areas`, if given)."""
        start, end = window or self.window(today)
        with self._expand_lock:
            tasks: list[Task] = self.rules.expander.expand(feed_profile(client, self.options), start, end)
        if areas is not None:
            tasks = [t for t in tasks if t.area in areas]
        return tasks

    def _client_tasks(
        self, client: Client, areas: frozenset[str] | None, today: date, window: tuple[date, date] | None = None
    ) -> list[Task] | None:
        """The client's tasks, or None (logged once, with its file) when its profile makes expansion fail."""
        try:
            return self.tasks(client, areas, today, window)
        except BocalError as e:
            self._report(logging.ERROR, f"client {client.path}: no feed: " + "; ".join(map(str, e.problems)))
        except Exception as e:
            self._report(logging.ERROR, f"client {client.path}: no feed: {unexpected(e)}")
        return None

    def _render_client(self, client: Client, key: str, today: date) -> bytes:
        tasks = self._client_tasks(client, None if key == "all" else frozenset([key]), today)
        if tasks is None:  # its own feed only: answered 500 (logged above with the file), the others unaffected
            raise RuntimeError("client feed unavailable")
        # a builder per render sharing the icalendar templates: one builder kept for the process
        # would hold ~35 MB of bodies at 1,000 clients (RSS ≤ 150 MB); the templates are ~250
        rendered = Builder(self.options, self.state, templates=self._templates).render_all(tasks)
        return client_calendar(rendered, client, key, self.options.lang, self.window(today))

    def _render_office(
        self,
        clients: tuple[Client, ...],
        plan: tuple[OfficeCalendar, ...],
        etags: dict[str, str],
        key: str,
        today: date,
    ) -> bytes:
        """The office feed `key`; every office feed is rendered in the same pass over the clients (each
        client expanded once) and kept in the cache, so the others cost nothing on their first poll."""
        with self._office_lock:
            body = self.cache.peek(etags[key])
            if body is not None:
                return body
            bodies = self.office_bodies(clients, plan, today)
            self.office_passes += 1
            for k, b in bodies.items():
                if k != key:
                    self.cache.put(etags[k], b)
            return bodies[key]

    def office_bodies(self, clients: Sequence[Client], plan: Sequence[OfficeCalendar], today: date) -> dict[str, bytes]:
        """Every office feed of `plan`, from one expansion of each client over the office window."""
        templates: Templates = {}  # an event's template is shared by every feed it is in
        digests = {cal.key: OfficeDigest(self.options, self.state, templates) for cal in plan}
        wants: dict[int, list[tuple[frozenset[str], OfficeDigest]]] = {}
        for cal in plan:
            for i, areas in cal.members:
                wants.setdefault(i, []).append((areas, digests[cal.key]))
        window = self.office_window(today)
        for i, mine in sorted(wants.items()):
            # a client whose expansion fails is left out of the office calendars, never fails them
            tasks = self._client_tasks(clients[i], frozenset().union(*(a for a, _ in mine)), today, window) or []
            for areas, digest in mine:
                digest.add(tasks, clients[i].name, areas)
        return {cal.key: b"".join(stream_office(cal.name, cal.description, digests[cal.key])) for cal in plan}

    def warm_office(self) -> None:
        """Render the office feeds now (or wait for the pass under way), before serving."""
        office = self.snapshots.get(OFFICE_ID)
        if office is not None and office.calendars:
            _ = next(iter(office.calendars.values())).rendered.body

    # -- what to print at start-up

    def urls(self, base: str) -> list[tuple[str, str, str]]:
        """(url, id, name) for the office, then each client being served, in file order."""
        office_token = self.office_token or self.tokens.office
        out = [(f"{base}/{office_token}/", OFFICE_ID, self.snapshots[OFFICE_ID].title)]
        out += [(f"{base}/{self.tokens.clients[c.id]}/", c.id, c.name) for c in self.clients]
        return out


def unexpected(e: BaseException) -> str:
    """An unexpected error for a log line: its type and message, anything shaped like a token hidden."""
    return hide_tokens(f"{type(e).__name__}: {e}")


def _bind(fn: Callable[..., bytes], *args: Any) -> Callable[[], bytes]:
    return lambda: fn(*args)


def client_of(feeds: OfficeFeeds, names: Sequence[str]) -> list[Client]:
    """The clients named (by name, file name or id); an unknown or broken one is a UsageError."""
    from ..office import Office

    broken = tuple(p for p, f in feeds._files.items() if f.client is None)
    return list(Office(feeds.directory, feeds.clients, skipped=broken).select(names))
