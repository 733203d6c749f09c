#!/usr/bin/env python3
"""Expansion speed: tasks/s for 1, 100 and 1,000 clients × the bundled catalog × one year.

    python bench/bench_expand.py [--runs 5] [--year 2026] [--seed 1]

Prints, for each office size, the best of `--runs` runs (other work on the machine only ever makes
a run slower, so the best run is the truest): loading the profiles from their TOML files,
expanding them with one shared Expander (cold: a new Expander each run), and the two together;
then the `bocal list` start-up ratio (a default `bocal list` against a bare `python -c pass`)
and the process's peak memory. Plain timing, no assertions: the targets are in the README.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import make_clients  # noqa: E402
from benchutil import best, machine  # noqa: E402

from bocal.clients import load_clients  # noqa: E402
from bocal.expand import Expander  # noqa: E402
from bocal.rules import load_catalog  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--year", type=int, default=2026)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    start, end = date(a.year, 1, 1), date(a.year, 12, 31)
    print(f"machine: {machine()}")
    catalog = load_catalog()
    print(f"catalog: {len(catalog.duties)} bundled duties; year {a.year}; best of {a.runs} runs\n")
    print(
        f"{'clients':>8} {'tasks':>9} {'load s':>8} {'expand s':>9} {'total s':>8} {'tasks/s (expand)':>17} {'tasks/s (total)':>16}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for n in (1, 100, 1000):
            d = Path(tmp) / str(n)
            make_clients.write_clients(d, n, a.seed)
            t_load, office = best(a.runs, lambda d=d: load_clients(d))
            profiles = [c.profile for c in office.clients]

            def expand_all(profiles=profiles) -> int:  # type: ignore[no-untyped-def]
                ex = Expander(catalog)  # cold cache every run
                return sum(len(ex.expand(p, start, end)) for p in profiles)

            expand_all()  # the holiday tables of these years, once per process
            t_exp, tasks = best(a.runs, expand_all)
            total = t_load + t_exp
            print(
                f"{n:>8} {tasks:>9,} {t_load:>8.3f} {t_exp:>9.3f} {total:>8.3f} {tasks / t_exp:>17,.0f} {tasks / total:>16,.0f}"
            )

    # start-up: a default `bocal list` (embedded profile, bundled catalog, this month) vs bare Python
    exe = [sys.executable, "-m", "bocal", "--today", f"{a.year}-07-01", "list"]

    def proc(cmd: list[str]) -> float:
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - t

    bare = min(proc([sys.executable, "-c", "pass"]) for _ in range(a.runs))
    lst = min(proc(exe) for _ in range(a.runs))
    print(
        f"\nbocal list start-up: {lst * 1000:.0f} ms vs python -c pass {bare * 1000:.0f} ms (ratio {lst / bare:.1f}x)"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS of this process, 1,000 clients loaded and expanded): {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
