#!/usr/bin/env python3
"""Feeds under load: `bocal serve --clients` against nginx serving the same bytes from `bocal publish`.

    python bench/bench_feed.py [--clients 1000] [--duration 12] [--connections 64] [--threads 2]

1. Generates N clients (bench/make_clients.py, seed 1) in a temp dir.
2. Starts `bocal serve --clients` on 127.0.0.1 (an ephemeral port), reads the URLs it prints, warms
   some feeds, then runs wrk (fixed duration, 64 connections, 2 threads) on one client's all.ics:
   cached 200s, then 304s (`-H "If-None-Match: <etag>"`). Errors are wrk's non-2xx/3xx responses and
   socket errors. RSS from /proc/PID/status before and after.
3. `bocal publish --clients … --client <that client>` into a temp dir (a full publish of 1,000 clients
   renders ~800 MB of calendars: minutes; `--publish-all` does it anyway), checks the file is the bytes
   the server sent, starts nginx (generated config, loopback, ephemeral port, `daemon off`, pid and temp
   paths in the temp dir) and runs the same wrk command against it.
4. Prints both rates and the ratio (target: bocal ≥ 10 % of nginx). Everything stops by itself.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = "2026-05-01"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        conn.request("GET", path, headers=headers or {})
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def wrk(port: int, path: str, args: argparse.Namespace, header: str | None = None) -> dict[str, float]:
    cmd = ["wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{args.duration}s", "--timeout", "10s"]
    if header:
        cmd += ["-H", header]
    cmd.append(f"http://127.0.0.1:{port}{path}")
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=args.duration + 60, check=True).stdout
    m = re.search(r"(\d+) requests in ([\d.]+)(\w+),", out)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    assert m and rps, out
    errors = 0
    se = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if se:
        errors += sum(int(x) for x in se.groups())
    non = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non:
        errors += int(non.group(1))
    lat = re.search(r"Latency\s+([\d.]+\w+)", out)
    return {
        "requests": int(m.group(1)),
        "rps": float(rps.group(1)),
        "errors": errors,
        "latency": lat.group(1) if lat else "?",
    }  # type: ignore[dict-item]


def nginx_conf(root: Path, tmp: Path, port: int) -> str:
    return f"""
daemon off;
user root;
worker_processes 2;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    types {{ text/calendar ics; text/html html; }}
    default_type application/octet-stream;
    charset utf-8;
    charset_types text/calendar text/html;
    access_log off;
    sendfile on;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        autoindex off;
    }}
}}
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clients", type=int, default=1000)
    ap.add_argument("--duration", type=int, default=12)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--warm", type=int, default=5, help="client feeds requested before the runs")
    ap.add_argument("--publish-all", action="store_true", help="publish every client (minutes at 1,000)")
    args = ap.parse_args()
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            sys.exit(f"bench_feed: {tool} is not installed (apt-get install {tool})")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    bocal = [sys.executable, "-m", "bocal", "--today", TODAY]
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory(prefix="bench-feed-") as tmpd:
        tmp = Path(tmpd)
        subprocess.run(
            [sys.executable, str(HERE / "make_clients.py"), str(tmp / "clients"), "-n", str(args.clients)],
            check=True,
            capture_output=True,
        )
        port = free_port()
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [*bocal, "serve", "--clients", str(tmp / "clients"), "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # one access-log line per request: not what is measured
            text=True,
        )
        try:
            assert proc.stdout is not None
            urls = []
            deadline = time.time() + 120
            while len(urls) < args.clients + 1 and time.time() < deadline:
                line = proc.stdout.readline()
                if not line:
                    break
                urls.append(line.rstrip("\n").split("\t"))
            assert len(urls) == args.clients + 1, f"the server printed {len(urls)} URLs"
            started = time.perf_counter() - t0
            rss0 = rss_kib(proc.pid)
            url, cid, name = urls[1]
            path = "/" + url.split("/", 3)[3] + "all.ics"
            t1 = time.perf_counter()
            status, h, body = get(port, path)
            first = time.perf_counter() - t1
            assert status == 200, status
            for u in urls[2 : 2 + args.warm - 1]:
                get(port, "/" + u[0].split("/", 3)[3] + "all.ics")
            rss_warm = rss_kib(proc.pid)
            print(
                f"bocal serve --clients ({args.clients} clients): ready in {started:.1f} s, RSS {rss0 / 1024:.0f} MiB"
            )
            print(
                f"  {cid} all.ics: {len(body):,} bytes, first request (render) {first:.2f} s; "
                f"after warming {args.warm} feeds RSS {rss_warm / 1024:.0f} MiB"
            )
            b200 = wrk(port, path, args)
            b304 = wrk(port, path, args, f"If-None-Match: {h['etag']}")
            rss1 = rss_kib(proc.pid)
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        www = tmp / "www"
        pub = [*bocal, "publish", str(www), "--clients", str(tmp / "clients"), "--base-url", "http://127.0.0.1"]
        if not args.publish_all:
            pub += ["--client", cid]
        t2 = time.perf_counter()
        subprocess.run(pub, check=True, capture_output=True, timeout=3600)
        published = time.perf_counter() - t2
        rel = url.split("/", 3)[3] + "all.ics"
        assert (www / rel).read_bytes() == body, "publish wrote other bytes than serve sent"
        nport = free_port()
        ntmp = tmp / "nginx"
        ntmp.mkdir()
        (ntmp / "nginx.conf").write_text(nginx_conf(www, ntmp, nport))
        ng = subprocess.Popen([nginx, "-c", str(ntmp / "nginx.conf"), "-p", str(ntmp)], stderr=subprocess.DEVNULL)
        try:
            for _ in range(100):
                try:
                    if get(nport, "/" + rel)[0] == 200:
                        break
                except OSError:
                    time.sleep(0.1)
            status, nh, nbody = get(nport, "/" + rel)
            assert status == 200 and nbody == body and nh["content-type"] == "text/calendar; charset=utf-8", nh
            n200 = wrk(nport, "/" + rel, args)
            n304 = wrk(nport, "/" + rel, args, f"If-None-Match: {nh['etag']}")
        finally:
            ng.send_signal(signal.SIGQUIT)
            try:
                ng.wait(timeout=30)
            except subprocess.TimeoutExpired:
                ng.kill()
                ng.wait()
    w = f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s"
    print(f"  publish ({'all clients' if args.publish_all else '1 client'}): {published:.1f} s; same bytes as served")
    print(f"\n{w}, one client's all.ics ({len(body):,} bytes)")
    print(f"{'':24}{'200 req/s':>12}{'errors':>8}{'304 req/s':>12}{'errors':>8}")
    print(
        f"{'bocal serve (waitress)':24}{b200['rps']:>12,.0f}{b200['errors']:>8}{b304['rps']:>12,.0f}{b304['errors']:>8}"
    )
    print(
        f"{'nginx (static files)':24}{n200['rps']:>12,.0f}{n200['errors']:>8}{n304['rps']:>12,.0f}{n304['errors']:>8}"
    )
    print(f"{'bocal / nginx':24}{b200['rps'] / n200['rps']:>12.1%}{'':>8}{b304['rps'] / n304['rps']:>12.1%}")
    print(
        f"bocal RSS: {rss0 / 1024:.0f} MiB at start, {rss_warm / 1024:.0f} MiB warmed, {rss1 / 1024:.0f} MiB after the runs"
    )
    target = "met" if b200["rps"] >= 0.1 * n200["rps"] else "NOT met"
    print(f"target bocal >= 10% of nginx for cached 200s: {target}")


if __name__ == "__main__":
    main()
