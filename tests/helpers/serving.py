"""waitress serving a FeedApp on loopback inside the test process (no mocks: real sockets, real HTTP)."""

from __future__ import annotations

import http.client
import threading

from bocal.feed import FeedApp, create_server


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
