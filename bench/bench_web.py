#!/usr/bin/env python3
"""How long the workspace's pages take for an office of N clients (in process, no network).

    python bench/bench_web.py [-n 200] [--runs 3]

Builds a seeded office (bench/make_clients.py), signs in once, then times the month agenda, the
worklist, the progress table and one client's agenda (best of --runs; the first request, which
loads and compiles the catalog, is reported on its own).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from benchutil import best, machine  # noqa: E402
from make_clients import make_clients, to_toml  # noqa: E402

from helpers.web import Client, workspace  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=200)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp) / "clients"
        d.mkdir()
        for i, profile in enumerate(make_clients(args.n, 1), start=1):
            (d / f"c{i:04d}.toml").write_text(to_toml(profile), "utf-8")
        app, startup = workspace(Path(tmp), clients=str(d), today=date(2026, 7, 6))
        c = Client(app)
        c.get(f"/w/signin?token={startup.token}")
        t = time.perf_counter()
        first = c.get("/w/")
        print(
            f"{machine()}\n{args.n} clients; first agenda (loads the office): {time.perf_counter() - t:.2f} s, "
            f"{len(first.body) / 1e6:.1f} MB"
        )
        for label, url in (
            ("month agenda", "/w/"),
            ("worklist", "/w/work"),
            ("progress 2026-07", "/w/progress?period=2026-07"),
            ("one client's agenda", "/w/?client=c0001"),
        ):
            secs, reply = best(args.runs, lambda url=url: c.get(url))
            assert reply.status == 200, (url, reply.status)
            print(f"  {label:<22} {secs * 1000:8.0f} ms  {len(reply.body) / 1e6:6.2f} MB")


if __name__ == "__main__":
    main()
