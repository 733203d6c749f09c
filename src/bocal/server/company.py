"""One company's feeds: its input files, the feed window, ``all`` and one calendar per area, rebuilt
when the files or the month change (a broken edit keeps the last good feeds); `make_app` for WSGI."""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from ..ics import (
    Builder,
    CalendarOptions,
    assemble,
    calendar_texts,
)
from ..state import NO_STATE, StateView
from .app import FeedApp
from .snapshot import Entry, Rendered, Snapshot
from .stamp import CODE_MTIME, last_modified
from .tokens import Registry
from .watch import KeepLastGood, Throttle

log = logging.getLogger("bocal.feed")


# -- inputs ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """The files one company's feeds come from. ``profile=None`` means the embedded default."""

    profile: str | None
    rules: tuple[str, ...] = ()
    bundled: bool = True
    #: the task store whose recorded events (bocal event add) join the profile's (None: BOCAL_DB or
    #: the default file); a new event changes the store's version, which rebuilds the feeds
    db: str | None = None

    def files(self) -> list[str]:
        from ..rules import rule_files

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
        times = [CODE_MTIME]
        for f in self.files():
            with contextlib.suppress(OSError):
                times.append(os.stat(f).st_mtime)
        return max(times)

    def load(self) -> tuple[Any, Any]:
        """(catalog, profile); raises BocalError with every problem."""
        from ..events.locate import attach_stored_events
        from ..profile import default_profile, load_profile
        from ..rules import load_catalog

        profile = load_profile(self.profile) if self.profile else default_profile()
        profile = attach_stored_events(profile, os.environ, self.db)
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
    catalog: Any,
    profile: Any,
    today: date,
    opts: FeedOptions,
    last_modified: datetime,
    state: StateView = NO_STATE,
) -> Snapshot:
    """Every calendar of one company: ``all`` and one per area of the profile."""
    import dataclasses

    from ..expand import Expander

    if opts.uid_domain:
        profile = dataclasses.replace(profile, uid_domain=opts.uid_domain)
    start, end = feed_window(today, opts.months_back, opts.months_ahead)
    tasks = Expander(catalog).expand(profile, start, end)
    rendered = Builder(opts, state).render_all(tasks)  # each event once, shared by "all" and its area's calendar
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
        state: StateView = NO_STATE,
        check_interval: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
        logger: logging.Logger | None = None,
    ) -> None:
        self.inputs = inputs
        self.today = today
        self.options = options or FeedOptions()
        self.state = state
        self.throttle = Throttle(check_interval, clock)
        self.log = logger or log
        self._state_error: str | None = None
        key = self._key()
        self._last = KeepLastGood(key, self._build())  # errors propagate: no feed to fall back on

    def _key(self) -> tuple[Any, ...]:
        """What the calendars are made of, cheaply: the files' stats, the month, the task state."""
        today = self.today()
        return (self.inputs.fingerprint(), (today.year, today.month), self._state_version())

    def _state_version(self) -> str:
        """The task state's version, re-read first when the view follows a store (`store.live.LiveState`:
        `bocal done` in another process shows at the next check); a store that fails to read keeps the
        last state served, said once in the log."""
        refresh = getattr(self.state, "refresh", None)
        if refresh is not None:
            refresh(force=True)
            error = getattr(self.state, "error", None)
            text = str(error) if error is not None else None
            if text is not None and text != self._state_error:
                self.log.error("task state not re-read, still serving the last: %s", text)
            self._state_error = text
        return self.state.version()

    def _build(self) -> Snapshot:
        today = self.today()
        catalog, profile = self.inputs.load()
        lm = self.last_modified(today)
        return render_company(catalog, profile, today, self.options, lm, self.state)

    def last_modified(self, today: date) -> datetime:
        """The newest of the input files and the bocal code, or the first of this month (JST), the
        day the window last moved, whichever is later (`stamp.last_modified`)."""
        return last_modified([self.inputs.newest_mtime()], today)

    def snapshot(self) -> Snapshot:
        if self.throttle.due():
            self.refresh()
        return self._last.value

    def refresh(self) -> None:
        """Rebuild if the files, the month or the task state changed; keep the last good snapshot on an error."""
        with self.throttle.lock:
            if not self.throttle.start():
                return
            if self._last.update(self._key(), self._build, self.log, "feed"):
                self.log.info("feed rebuilt from %d files", len(self._last.key[0]))  # type: ignore[index]


# -- assembling -----------------------------------------------------------------------------------


def make_app(
    token: str,
    *,
    profile: str | None = None,
    rules: Sequence[str] = (),
    bundled: bool = True,
    today: Callable[[], date],
    options: FeedOptions | None = None,
    base_url: str | None = None,
    check_interval: float = 2.0,
) -> FeedApp:
    """A ready WSGI app for one company, for waitress, gunicorn or any WSGI server:

    # wsgi.py
    import os
    from bocal.server.company import make_app
    from datetime import date
    app = make_app(os.environ["BOCAL_FEED_TOKEN"], profile="/etc/bocal/bocal.toml", today=date.today)

    The library never reads the clock: ``today`` is the caller's (here the WSGI file's) to pass.
    """
    return company_app(
        token,
        Inputs(profile, tuple(rules), bundled),
        today=today,
        options=options,
        base_url=base_url,
        check_interval=check_interval,
    )[0]


def company_app(
    token: str,
    inputs: Inputs,
    *,
    today: Callable[[], date],
    options: FeedOptions | None = None,
    state: StateView = NO_STATE,
    base_url: str | None = None,
    check_interval: float = 2.0,
) -> tuple[FeedApp, CompanyFeeds]:
    """The WSGI app serving one company's feeds under `token`, and the feeds (for what they hold)."""
    feeds = CompanyFeeds(inputs, today=today, options=options, state=state, check_interval=check_interval)
    registry = Registry()
    registry.add(token, feeds)
    return FeedApp(registry, base_url=base_url), feeds
