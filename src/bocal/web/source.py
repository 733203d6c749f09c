"""What the workspace shows: one company (a profile) or an office's clients, with the catalog.

Inputs are re-read when a file's modification time or size changes (checked at most every
`check_interval` seconds), so an edited profile shows without a restart; a broken edit keeps the
last good inputs and is reported on the pages.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ..duty import Catalog, Duty
from ..errors import BocalError, Problem
from ..expand import Expander, Task
from ..profile import Profile
from ..store.url import DbUrl


@dataclass(frozen=True)
class Company:
    """One company the workspace shows (the profile's, or one client of an office)."""

    id: str
    name: str
    profile: Profile


@dataclass(frozen=True)
class Loaded:
    catalog: Catalog
    companies: tuple[Company, ...]
    office: bool
    problems: tuple[Problem, ...] = ()

    def company(self, ident: str) -> Company | None:
        return next((c for c in self.companies if c.id == ident), None)

    def duty(self, ident: str) -> Duty | None:
        return self.catalog.get(ident)


class Source:
    """The company profile or the clients directory, and the rule files, re-read when they change."""

    def __init__(
        self,
        *,
        profile_path: str | None = None,
        clients_dir: str | None = None,
        rules: Sequence[str] = (),
        bundled: bool = True,
        cache_dir: str | None = None,
        check_interval: float = 2.0,
        db_url: DbUrl | None = None,
    ) -> None:
        self.db_url = db_url  # where recorded events (bocal event add) are kept, joined to the profiles
        self.profile_path, self.clients_dir = profile_path, clients_dir
        self.rules, self.bundled, self.cache_dir = tuple(rules), bundled, cache_dir
        self.check_interval = check_interval
        self._lock = threading.Lock()
        #: expansions share the Expander's caches: one thread at a time
        self._expanding = threading.Lock()
        self._loaded: Loaded | None = None
        self._expander: Expander | None = None
        self._stamp: tuple[object, ...] = ()
        self._checked = 0.0
        self.last_problems: tuple[Problem, ...] = ()

    @property
    def office(self) -> bool:
        return self.clients_dir is not None

    def _files(self) -> list[str]:
        files = list(self.rules)
        if self.profile_path:
            files.append(self.profile_path)
        if self.clients_dir:
            files.append(self.clients_dir)
            files += sorted(str(p) for p in Path(self.clients_dir).glob("*.toml"))
        return files

    def _signature(self) -> tuple[object, ...]:
        out: list[object] = []
        for f in self._files():
            try:
                st = os.stat(f)
                out.append((f, st.st_mtime_ns, st.st_size))
            except OSError:
                out.append((f, None))
        if self.db_url is not None:  # an event recorded or removed changes the store's version
            from ..store import Store

            with Store(self.db_url) as store:
                out.append(("store", store.version()))
        return tuple(out)

    def _read(self) -> Loaded:
        from ..rules import load_catalog

        catalog = load_catalog(self.rules, bundled=self.bundled, cache_dir=self.cache_dir)
        if self.clients_dir is not None:
            from ..clients import load_clients

            office = load_clients(self.clients_dir)
            if self.db_url is not None:
                from ..events.store import office_with_stored_events

                office = office_with_stored_events(office, self.db_url)
            companies = tuple(Company(c.id, c.name, c.profile) for c in office.clients)
            return Loaded(catalog, companies, True, office.problems)
        from ..profile import default_profile, load_profile

        profile = load_profile(self.profile_path) if self.profile_path else default_profile()
        if self.db_url is not None:
            from ..events.store import with_stored_events

            profile = with_stored_events(profile, self.db_url)
        return Loaded(catalog, (Company(profile.company_id, profile.name, profile),), False)

    def load(self) -> Loaded:
        """The current inputs (read on first use; re-read when a file changed)."""
        with self._lock:
            now = time.monotonic()
            if self._loaded is not None and now - self._checked < self.check_interval:
                return self._loaded
            self._checked = now
            stamp = self._signature()
            if self._loaded is not None and stamp == self._stamp:
                return self._loaded
            try:
                loaded = self._read()
            except BocalError as e:
                if self._loaded is None:
                    raise
                self.last_problems = e.problems
                return self._loaded
            self._loaded, self._stamp, self.last_problems = loaded, stamp, ()
            self._expander = Expander(loaded.catalog)
            return loaded

    def expander(self) -> Expander:
        self.load()
        assert self._expander is not None
        return self._expander

    def tasks(
        self, start: date, end: date, *, companies: Sequence[Company] | None = None
    ) -> list[tuple[Company, Task]]:
        """Every chosen company's tasks due in [start, end], by date, then company order."""
        loaded = self.load()
        expander = self.expander()
        rows: list[tuple[tuple[object, ...], Company, Task]] = []
        with self._expanding:
            for i, c in enumerate(companies if companies is not None else loaded.companies):
                for j, t in enumerate(expander.expand(c.profile, start, end)):
                    rows.append(((t.due, i, j), c, t))
        rows.sort(key=lambda r: r[0])
        return [(c, t) for _, c, t in rows]

    def find(self, company: Company, duty: str, period: str, today: date) -> Task | None:
        """The task of `duty` for `period` (searched from three years back to three years ahead)."""
        expander = self.expander()
        start, end = today - timedelta(days=3 * 366), today + timedelta(days=3 * 366)
        with self._expanding:
            found = expander.expand(company.profile, start, end, duties=[duty])
        return next((t for t in found if t.period.key == period), None)
