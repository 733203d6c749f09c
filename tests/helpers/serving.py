"""waitress serving a FeedApp on loopback inside the test process (no mocks: real sockets, real HTTP),
and one company's feeds over the fixture profile and rules (`feed_workdir`, `make_feeds`, `serving`)."""

from __future__ import annotations

import http.client
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from bocal.server.app import FeedApp, create_server
from bocal.server.company import CompanyFeeds, Inputs
from bocal.server.tokens import Registry

from .paths import FORMS, LISTED_PROFILE

TOKEN = "k3Vq9yZr0D_5tW2-LpXo8nMa4"  # 25 URL-safe characters: 150 bits


class ServerThread:
    """waitress on 127.0.0.1:0, its loop driven in a thread until stop()."""

    def __init__(self, app: FeedApp) -> None:
        self.server = create_server(app, host="127.0.0.1", port=0, threads=2)
        self.port = self.server.effective_port
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        from waitress import wasyncore

        while not self._stop.is_set():
            wasyncore.loop(timeout=0.05, map=self.server._map, count=1)
        self.server.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)
        assert not self._thread.is_alive()

    def request(
        self, path: str, method: str = "GET", headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.putrequest(method, path, skip_accept_encoding=True)  # the path goes out exactly as given
            for k, v in (headers or {}).items():
                conn.putheader(k, v)
            conn.endheaders()
            r = conn.getresponse()
            body = r.read()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, body
        finally:
            conn.close()


def feed_workdir(tmp_path: Path) -> Path:
    """A directory holding the listed company's profile (bocal.toml) and the forms rules (rules.toml)."""
    shutil.copy(LISTED_PROFILE, tmp_path / "bocal.toml")
    shutil.copy(FORMS, tmp_path / "rules.toml")
    return tmp_path


def make_feeds(workdir: Path, today: Callable[[], date] = lambda: date(2026, 5, 1), **kw: object) -> CompanyFeeds:
    """The feeds of `feed_workdir`'s company, its files stat'ed on every request (check_interval=0)."""
    inputs = Inputs(str(workdir / "bocal.toml"), (str(workdir / "rules.toml"),), bundled=False)
    return CompanyFeeds(inputs, today=today, check_interval=0, **kw)  # type: ignore[arg-type]


@contextmanager
def serving(feeds: CompanyFeeds, base_url: str | None = None) -> Iterator[ServerThread]:
    """These feeds served under TOKEN on loopback until the block ends."""
    registry = Registry()
    registry.add(TOKEN, feeds)
    srv = ServerThread(FeedApp(registry, base_url=base_url))
    try:
        yield srv
    finally:
        srv.stop()
