"""A real `bocal serve` process on loopback: a bounded load test and hardening from the outside.

The load test opens 64 keep-alive connections and sends a fixed budget of requests (feeds, area
feeds, HEAD, conditional GETs, the index and 404s); it stops by itself when the budget is spent or
after 30 seconds, whichever comes first. It asserts zero errors and that the server's resident
memory (VmRSS from /proc) comes back near its level before the run; the figures are printed
(`pytest -s tests/test_load.py`) and attached to the test report. No timing is asserted.
"""

from __future__ import annotations

import contextlib
import errno
import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers.paths import FORMS
from helpers.poll import log_text, wait_for_log, wait_until

TOKEN = "LoadTestToken_q7Zr2Xm9Kv4Pn8Wd1Ys6Bt3Hc5Jf0Ga"  # random-looking: sequential tokens are refused as weak
CONNECTIONS = 64
PER_CONNECTION = 40
TIME_LIMIT = 30.0

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmRSS from /proc")


class Server:
    def __init__(self, proc: subprocess.Popen[bytes], port: int, log: Path) -> None:
        self.proc, self.port, self.log = proc, port, log
        self.idle_sockets = 0

    def rss_kib(self) -> int:
        text = Path(f"/proc/{self.proc.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+) kB", text).group(1))  # type: ignore[union-attr]

    def open_sockets(self) -> int:
        """Sockets the server holds: its listener (and wakeup pair) plus one per open channel."""
        fds = Path(f"/proc/{self.proc.pid}/fd")
        n = 0
        for fd in fds.iterdir():
            with contextlib.suppress(FileNotFoundError):  # closed while we looked
                n += os.readlink(fd).startswith("socket:")
        return n

    def conn(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def get(self, path: str, method: str = "GET", headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        c = self.conn()
        try:
            c.request(method, path, headers=headers or {})
            r = c.getresponse()
            return r.status, r.read()
        finally:
            c.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    work = tmp_path_factory.mktemp("serve")
    log = work / "server.log"
    with log.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bocal", "--today", "2026-01-05", "serve", "--no-bundled", "--rules", str(FORMS),
             "--port", "0", "--token", TOKEN],
            cwd=work, stdout=subprocess.DEVNULL, stderr=err, env={**os.environ, "LANG": "C.UTF-8"},
        )  # fmt: skip
    try:
        try:
            started = wait_until(
                lambda: re.search(r"serving http://127\.0\.0\.1:(\d+)/", log_text(log)), "bocal serve starts", proc=proc
            )
        except AssertionError as e:
            raise AssertionError(f"{e}: {log_text(log)}") from None
        srv = Server(proc, int(started.group(1)), log)
        srv.idle_sockets = srv.open_sockets()  # before any request: no channel open
        yield srv
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)


def test_bounded_load_on_loopback(server: Server, record_property: object) -> None:
    status, body = server.get(f"/{TOKEN}/all.ics")
    assert status == 200 and body.startswith(b"BEGIN:VCALENDAR")
    etag_c = server.conn()
    etag_c.request("HEAD", f"/{TOKEN}/all.ics")
    etag = etag_c.getresponse().getheader("ETag") or ""
    etag_c.close()
    index = server.get(f"/{TOKEN}/")[1]
    areas = sorted(set(re.findall(rb"/([a-z-]+)\.ics", index)) - {b"all"})
    assert areas
    # warm up every path once per connection's worth, then take the baseline
    for _ in range(2):
        for p in ["/all.ics", *[f"/{a.decode()}.ics" for a in areas]]:
            assert server.get(f"/{TOKEN}{p}")[0] == 200
    baseline = server.rss_kib()

    plan = [
        ("GET", f"/{TOKEN}/all.ics", {}, 200),
        ("HEAD", f"/{TOKEN}/all.ics", {}, 200),
        ("GET", f"/{TOKEN}/all.ics", {"If-None-Match": etag}, 304),
        ("GET", f"/{TOKEN}/", {}, 200),
        ("GET", f"/{TOKEN[:-1]}X/all.ics", {}, 404),
        ("GET", f"/{TOKEN}/../all.ics", {}, 404),
        *[("GET", f"/{TOKEN}/{a.decode()}.ics", {}, 200) for a in areas],
    ]
    errors: list[str] = []
    done = [0]
    lock = threading.Lock()
    peak = [baseline]
    stop = threading.Event()
    deadline = time.monotonic() + TIME_LIMIT

    def sampler() -> None:
        while not stop.wait(0.05):
            peak[0] = max(peak[0], server.rss_kib())

    def client(k: int) -> None:
        c = server.conn()
        try:
            for i in range(PER_CONNECTION):
                if time.monotonic() > deadline:
                    return
                method, path, headers, want = plan[(k + i) % len(plan)]
                try:
                    c.request(method, path, headers=headers)
                    r = c.getresponse()
                    r.read()
                    if r.status != want:
                        raise AssertionError(f"{method} {path}: {r.status} != {want}")
                    if r.getheader("Connection", "").lower() == "close":
                        c.close()
                        c = server.conn()
                except Exception as e:  # noqa: BLE001 - every failure is counted, none may happen
                    with lock:
                        errors.append(f"{type(e).__name__}: {e}")
                    c.close()
                    c = server.conn()
                with lock:
                    done[0] += 1
        finally:
            c.close()

    s = threading.Thread(target=sampler, daemon=True)
    s.start()
    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIME_LIMIT + 30)
    elapsed = time.monotonic() - started
    stop.set()
    s.join()
    # every client has closed: wait until waitress has dropped their channels too, then measure
    wait_until(
        lambda: server.open_sockets() <= server.idle_sockets, "the server closes every channel", proc=server.proc
    )
    after = server.rss_kib()
    figures = (
        f"load: {CONNECTIONS} connections, {done[0]} requests in {elapsed:.1f} s "
        f"({done[0] / elapsed:.0f} req/s), {len(errors)} errors; server RSS {baseline / 1024:.1f} MiB before, "
        f"{peak[0] / 1024:.1f} MiB peak, {after / 1024:.1f} MiB after"
    )
    print("\n" + figures)
    record_property("load_figures", figures)  # type: ignore[operator]
    assert not any(t.is_alive() for t in threads)
    assert errors == [], errors[:5]
    assert done[0] > 0
    # back near its level: within a quarter of the baseline or 16 MiB, whichever is larger
    assert after - baseline <= max(baseline // 4, 16 * 1024), figures
    assert server.proc.poll() is None
    assert TOKEN not in server.log.read_text("utf-8", "replace")


@pytest.mark.parametrize(
    "path",
    [
        f"/{TOKEN}/../{TOKEN}/all.ics",
        f"/{TOKEN}/%2e%2e/all.ics",
        f"/{TOKEN}/..%2fall.ics",
        f"/{TOKEN}/%2E%2E%2Fall.ics",
        f"/{TOKEN}/..%5call.ics",
        f"/{TOKEN}%2fall.ics",
        f"/%2e%2e/{TOKEN}/all.ics",
        f"/{TOKEN}/all.ics%00",
        f"//{TOKEN}/all.ics",
        f"/{TOKEN}/./all.ics",
        f"/{TOKEN}/%61ll.ics",
        f"/{TOKEN[:-1]}/all.ics",
        "/etc/passwd",
        f"/{TOKEN}/../../../../etc/passwd",
    ],
)
def test_traversal_and_encodings_get_the_plain_404(server: Server, path: str) -> None:
    wrong_token = server.get("/" + "A" * len(TOKEN) + "/all.ics")
    assert wrong_token[0] == 404
    assert server.get(path) == wrong_token  # same status, same body: nothing tells which part was wrong


# what a socket reports when the other side has closed or reset it (EPIPE, ECONNRESET, ENOTCONN from
# shutdown() after the peer's close, which Linux reports about one run in five here)
GONE = {errno.ENOTCONN, errno.ECONNRESET, errno.EPIPE, errno.ECONNABORTED, errno.ESHUTDOWN}


def raw_exchange(server: Server, data: bytes) -> bytes:
    """Send raw bytes; return what came back. A server that stops reading and closes may reset the
    connection (RST) before or after its error response: that counts as refused, never as served."""
    chunks: list[bytes] = []
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as s:
        try:
            s.sendall(data)
            # ENOTCONN here: the server has already answered and closed; what it sent is still read below
            s.shutdown(socket.SHUT_WR)
        except OSError as e:
            if e.errno not in GONE:
                raise
        try:
            while chunk := s.recv(65536):
                chunks.append(chunk)
        except TimeoutError:
            pass
        except OSError as e:
            if e.errno not in GONE:
                raise
    return b"".join(chunks)


def refused(response: bytes, statuses: tuple[bytes, ...]) -> bool:
    """Refused: a 4xx status from the list, or a reset that cut the answer before its status code."""
    m = re.match(rb"HTTP/1\.[01] (\d{3})", response)
    if m is None:
        return b"BEGIN:VCALENDAR" not in response and len(response) < 13
    return m.group(1) in statuses


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND"])
def test_only_get_and_head(server: Server, method: str) -> None:
    c = server.conn()
    c.request(method, f"/{TOKEN}/all.ics", body=b"x" if method in ("POST", "PUT", "PATCH") else None)
    r = c.getresponse()
    body = r.read()
    c.close()
    assert r.status == 405 and r.getheader("Allow") == "GET, HEAD" and b"BEGIN:VCALENDAR" not in body


def test_oversized_request_line_and_headers_are_refused_and_the_server_lives_on(server: Server) -> None:
    long_line = raw_exchange(server, b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert refused(long_line, (b"400", b"414", b"431")), long_line[:200]
    many = b"".join(b"X-H%d: %s\r\n" % (i, b"v" * 100) for i in range(400))
    big_headers = raw_exchange(server, b"GET /" + TOKEN.encode() + b"/all.ics HTTP/1.1\r\nHost: x\r\n" + many + b"\r\n")
    assert refused(big_headers, (b"400", b"413", b"431")), big_headers[:200]
    assert b"BEGIN:VCALENDAR" not in long_line + big_headers
    assert server.get(f"/{TOKEN}/all.ics")[0] == 200


REQUEST_LINE = re.compile(r"^.* bocal\.feed INFO (?:GET|HEAD|POST|PUT|DELETE|PATCH|OPTIONS) \S* \d{3}$", re.M)


def log_after(server: Server, offset: int, requests: int) -> str:
    """The log from `offset` on, once it holds the access lines of `requests` requests."""
    return wait_for_log(
        server.log,
        lambda text: len(REQUEST_LINE.findall(text)) >= requests,
        f"{requests} request lines in the server log",
        offset=offset,
        proc=server.proc,
    )


def test_token_absent_from_the_server_log(server: Server) -> None:
    offset = server.log.stat().st_size
    for path in (f"/{TOKEN}/all.ics", f"/{TOKEN}/nope.ics", f"/{TOKEN}/%2e%2e/x", f"/{TOKEN}/?q={TOKEN}"):
        server.get(path)
    server.get(f"/{TOKEN}/all.ics", method="POST")
    log = log_after(server, offset, 5)
    assert log.count("/***/") == 5
    assert TOKEN not in log and TOKEN[:16] not in log


@pytest.mark.parametrize(
    "path", [f"/{TOKEN}/../{TOKEN}/all.ics", f"/%2e%2e/{TOKEN}/all.ics", f"/x/{TOKEN}", f"/x/{TOKEN}.ics"]
)
def test_token_absent_from_the_log_when_it_is_not_the_first_segment(server: Server, path: str) -> None:
    offset = server.log.stat().st_size
    assert server.get(path)[0] == 404
    assert TOKEN not in log_after(server, offset, 1)
