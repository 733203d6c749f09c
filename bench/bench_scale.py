#!/usr/bin/env python3
"""Offices at scale (issue #17): the whole commands users run, beside a floor, pairs in turn.

    python bench/bench_scale.py [--clients 100 1000 10000] [--pairs 2] [--work /tmp/bocal-scale]

For each office size (bench/make_clients.py, seed 1) and each command, the bocal run (A) and its
floor (B) are taken in turn, A B A B …, so drift of a shared machine falls on both; the median of
each side is reported, with peak RSS (the process's own, from wait4) and the floor's ratio.

* ``export --clients N --year 2026 -o DIR`` — floor: a process writing the same files (bytes read
  before its clock starts), each atomically with fsync, as bocal does.
* ``publish OUT --clients N`` — floor: the same for the published tree.
* ``serve --clients N`` — the first response of each office feed and of a client's ``all.ics``
  (after the server said it is listening; the office feeds warm in the background), then the same
  client feed cached: requests per second over one keep-alive-less loop — floor: nginx serving the
  published file (``apt-get install -y nginx`` — Debian's; skipped with a note when absent). Then
  every client feed once (``all.ics`` and each per-area feed: the median and the worst first
  response), and the server's RSS after every feed has been requested once; the largest office
  feed's size.
* ``list --clients N --year 2026 --format json`` — peak RSS and time (no floor: the bytes are made
  here).

Timings never go in tests; put the printed table in README with the machine line.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import make_clients  # noqa: E402
from benchutil import machine  # noqa: E402

BOCAL = str(Path(sys.executable).parent / "bocal")
TODAY = "2026-11-30"
BASE = "https://cal.example.jp/bocal"

FLOOR = r"""
import os, sys, time
src, dst = sys.argv[1], sys.argv[2]
spent = 0.0
for root, _, names in os.walk(src):
    for n in names:
        p = os.path.join(root, n)
        with open(p, "rb") as f:
            data = f.read()  # read before the clock runs: only the writing is timed (memory stays flat)
        target = os.path.join(dst, os.path.relpath(p, src))
        t = time.perf_counter()
        os.makedirs(os.path.dirname(target), exist_ok=True)
        tmp = target + ".tmp"
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
        spent += time.perf_counter() - t
print(spent)
"""


#: CPU seconds (user + system) of the last `run`: on a shared machine wall time is mostly waiting.
LAST_CPU = [0.0]


def run(argv: list[str], **kw: object) -> tuple[float, int, bytes]:
    """Wall time, peak RSS (kB) and the end of the stdout of a whole process (its CPU time in LAST_CPU)."""
    t = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, **kw)  # type: ignore[call-overload]
    out = b""
    while chunk := p.stdout.read(1 << 20):  # never held whole: a forked child starts with our RSS
        out = (out + chunk)[-4096:]
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    LAST_CPU[0] = usage.ru_utime + usage.ru_stime
    if status != 0 and os.waitstatus_to_exitcode(status) not in (0,):
        raise SystemExit(f"{argv[:3]}: exit {os.waitstatus_to_exitcode(status)}")
    return wall, usage.ru_maxrss, out


def floor(src: Path, work: Path) -> float:
    dst = work / "floor"
    shutil.rmtree(dst, ignore_errors=True)
    _, _, out = run([sys.executable, "-c", FLOOR, str(src), str(dst)])
    return float(out)


def pairs(n: int, a: Callable[[], float], b: Callable[[], float] | None) -> tuple[float, float | None]:
    """Medians of A and B taken in turn: A B A B …"""
    ta, tb = [], []
    for _ in range(n):
        ta.append(a())
        if b is not None:
            tb.append(b())
    return statistics.median(ta), (statistics.median(tb) if tb else None)


def row(what: str, n: int, a: float, b: float | None, rss: int | None = None, note: str = "") -> None:
    fl = f"{b:8.2f} s  ×{a / b:5.1f}" if b else " " * 18
    mem = f"{rss / 1024:7.0f} MB" if rss else " " * 10
    print(f"| {what:<28} | {n:>6} | {a:8.2f} s | {fl} | {mem} | {note}")


def bench_export(n: int, clients: Path, work: Path, k: int) -> None:
    out = work / "export"
    rss = [0]
    cpu: list[float] = []

    def a() -> float:
        shutil.rmtree(out, ignore_errors=True)
        wall, peak, _ = run(
            [BOCAL, "--today", TODAY, "export", "--clients", str(clients), "--year", "2026", "-o", str(out)]
        )
        rss[0] = max(rss[0], peak)
        cpu.append(LAST_CPU[0])
        return wall

    a()  # the floor needs the bytes
    ta, tb = pairs(k, a, lambda: floor(out, work))
    size = sum(p.stat().st_size for p in out.iterdir())
    note = f"CPU {statistics.median(cpu):.1f} s; {size / 1e6:.0f} MB in {n + 1} files"
    row("export --clients (year)", n, ta, tb, rss[0], note)


def bench_publish(n: int, clients: Path, work: Path, k: int) -> Path:
    out = work / "www"
    rss = [0]
    cpu: list[float] = []

    def a() -> float:
        wall, peak, _ = run(
            [BOCAL, "--today", TODAY, "publish", str(out), "--clients", str(clients), "--base-url", BASE]
        )
        rss[0] = max(rss[0], peak)
        cpu.append(LAST_CPU[0])
        return wall

    shutil.rmtree(out, ignore_errors=True)
    a()
    ta, tb = pairs(k, a, lambda: floor(out, work))
    files = [p for p in out.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    note = f"CPU {statistics.median(cpu):.1f} s; {size / 1e6:.0f} MB in {len(files)} files"
    row("publish --clients", n, ta, tb, rss[0], note)
    return out


def get(url: str) -> tuple[float, int]:
    t = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as r:
        body = r.read()
    return time.perf_counter() - t, len(body)


def loop_rate(url: str, seconds: float = 2.0) -> float:
    n, t = 0, time.perf_counter()
    while time.perf_counter() - t < seconds:
        get(url)
        n += 1
    return n / (time.perf_counter() - t)


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def nginx(root: Path, work: Path) -> tuple[subprocess.Popen[bytes], int] | None:
    exe = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if exe is None:
        return None
    port = 18089
    conf = work / "nginx.conf"
    conf.write_text(
        f"""daemon off; worker_processes 1; pid {work}/nginx.pid; error_log {work}/nginx.err;
events {{ worker_connections 256; }}
http {{ access_log off; sendfile on; types {{ text/calendar ics; }}
  server {{ listen 127.0.0.1:{port}; root {root}; }} }}
"""
    )
    p = subprocess.Popen([exe, "-c", str(conf), "-p", str(work)], stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    return p, port


def bench_serve(n: int, clients: Path, www: Path, work: Path, every: int | None = None) -> None:
    from bocal.server.tokens import read_tokens

    port = 18088
    urls = work / "serve.out"  # a file, not a pipe: 1,000 URLs would fill a pipe nobody reads
    with open(urls, "wb") as out:
        srv = subprocess.Popen(
            [BOCAL, "--today", TODAY, "serve", "--clients", str(clients), "--port", str(port), "--base-url", BASE],
            stdout=out,
            stderr=subprocess.DEVNULL,
        )
    try:
        while not urls.stat().st_size:  # the URLs are printed once it listens
            time.sleep(0.05)
        tokens = read_tokens(clients / ".bocal-tokens.toml")
        base = f"http://127.0.0.1:{port}"
        office = sorted(p.stem for p in (www / str(tokens.office)).glob("*.ics"))
        first_office = [get(f"{base}/{tokens.office}/{k}.ics") for k in office]
        cid = sorted(tokens.clients)[0]
        t_client, _ = get(f"{base}/{tokens.clients[cid]}/all.ics")
        worst = max(t for t, _ in first_office)
        row(
            "serve: first office feed",
            n,
            max(first_office[0][0], 0),
            None,
            None,
            f"worst of {len(office)}: {worst:.2f} s",
        )
        row("serve: first client all.ics", n, t_client, None)
        rate = loop_rate(f"{base}/{tokens.clients[cid]}/all.ics")
        floor_rate = None
        ng = nginx(www, work)
        if ng is not None:
            try:
                floor_rate = loop_rate(f"http://127.0.0.1:{ng[1]}/{tokens.clients[cid]}/all.ics")
            finally:
                ng[0].send_signal(signal.SIGQUIT)
                ng[0].wait()
        note = f"{rate:.0f} req/s" + (
            f"; nginx {floor_rate:.0f} req/s ({100 * rate / floor_rate:.0f} %)" if floor_rate else "; nginx absent"
        )
        row("serve: cached client all.ics", n, 1 / rate, 1 / floor_rate if floor_rate else None, None, note)
        # every feed once: each client's all.ics and each of its per-area feeds (the published tree
        # lists them), then the server's RSS; the slowest first response among them all
        ids = sorted(tokens.clients)
        step = max(1, len(ids) // (every or len(ids)))  # `--every K`: every feed of K clients spread evenly
        feeds = [(c, f.name) for c in ids[::step] for f in sorted((www / tokens.clients[c]).glob("*.ics"))]
        t0, times, peak = time.perf_counter(), [], 0
        for i, (c, name) in enumerate(feeds):
            times.append(get(f"{base}/{tokens.clients[c]}/{name}")[0])
            if i % 200 == 0:
                peak = max(peak, rss_kb(srv.pid))
        spent = time.perf_counter() - t0
        largest = max(size for _, size in first_office)
        row(
            "serve: every client feed once" if step == 1 else f"serve: every feed of {len(ids[::step])} clients",
            n,
            statistics.median(times),
            None,
            None,
            f"{len(feeds)} feeds in {spent:.0f} s; worst first response {max(times):.2f} s",
        )
        rss = rss_kb(srv.pid)
        note = f"largest office feed {largest / 1e3:.0f} kB; peak seen {max(peak, rss) / 1024:.0f} MB"
        row("serve: RSS, every feed once", n, 0, None, rss, note)
    finally:
        srv.terminate()
        srv.wait()


def bench_list(n: int, clients: Path, k: int) -> None:
    rss = [0]

    def a() -> float:
        wall, peak, _ = run(
            [BOCAL, "--today", TODAY, "list", "--clients", str(clients), "--year", "2026", "--format", "json"]
        )
        rss[0] = max(rss[0], peak)
        cpu.append(LAST_CPU[0])
        return wall

    cpu: list[float] = []
    ta, _ = pairs(k, a, None)
    row("list --clients --format json", n, ta, None, rss[0], f"CPU {statistics.median(cpu):.1f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--pairs", type=int, default=2)
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--only", nargs="*", default=["export", "publish", "serve", "list"])
    ap.add_argument(
        "--every", type=int, default=None, help="serve: request every feed of this many clients (default all)"
    )
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bocal-scale-"))
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f}; pairs {args.pairs} (A B A B, medians)")
    print("| what                         | client | bocal      | floor, bocal/floor | peak RSS   | notes")
    for n in args.clients:
        clients = work / f"c{n}"
        if not clients.exists():
            make_clients.write_clients(clients, n, seed=1)
        if "export" in args.only:
            bench_export(n, clients, work, args.pairs)
        www = work / "www"
        if "publish" in args.only or "serve" in args.only:
            www = bench_publish(n, clients, work, args.pairs if "publish" in args.only else 1)
        if "serve" in args.only:
            bench_serve(n, clients, www, work, args.every)
        if "list" in args.only:
            bench_list(n, clients, args.pairs)
        for d in ("export", "www", "floor"):
            shutil.rmtree(work / d, ignore_errors=True)


if __name__ == "__main__":
    main()
