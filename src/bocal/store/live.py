"""Task state for long-running servers (`bocal serve`): notice changes without a restart.

`LiveState` is a `StateView` over the whole store that re-reads it only when `version()` moved
(one cheap query, at most once per `check_interval` seconds). A feed folds `version()` into its
ETag and cache key, so a subscriber's next refresh after `bocal done` gets the ✓::

    live = LiveState(Store(url))
    ...
    live.refresh()                      # per request (throttled)
    etag = hash((inputs, live.version()))
    render_tasks(tasks, opts, live)
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ..state import TaskState
from .backend import StoreError
from .reader import StateSnapshot
from .tasks import Store


class LiveState:
    """A StateView that follows the store: `refresh()` reloads it when another process wrote."""

    def __init__(
        self, store: Store, *, check_interval: float = 2.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._store = store
        self._interval = check_interval
        self._clock = clock
        self._snapshot: StateSnapshot = store.snapshot()
        self._checked = clock()
        #: the last failure to read the store (None once it reads again)
        self.error: StoreError | None = None

    def refresh(self, *, force: bool = False) -> bool:
        """Re-read the store if it changed (checked at most once per interval); True when reloaded.

        A database that fails (a PostgreSQL restart, a locked or damaged file) keeps the last state
        served: the error is kept in `error` for the server to log, and the next check reconnects."""
        now = self._clock()
        if not force and now - self._checked < self._interval:
            return False
        self._checked = now
        try:
            if self._store.version() == self._snapshot.version():
                self.error = None
                return False
            self._snapshot = self._store.snapshot()
        except StoreError as exc:
            self.error = exc
            self._store.close()
            return False
        self.error = None
        return True

    def get(self, key: str) -> TaskState | None:
        return self._snapshot.get(key)

    def version(self) -> str:
        return self._snapshot.version()
