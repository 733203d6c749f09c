"""Task-state benchmark (issue #13, item 8): what a state database costs where people wait.

A/B in one run, same interpreter, fresh subprocesses, interleaved (each command once per round, so
both see the same load), best of N (ratios) and medians:

1. start-up: `python -c "import click"` (the floor), `bocal list` with no state database, and
   `bocal list` with a SQLite store of 10,000 state rows (some of them this company's tasks of the
   month shown). Target: the latter under 2x the floor.
2. an office: `bocal list --clients DIR --month M --format json` for 1,000 synthetic clients
   (bench/make_clients.py, seed 1) without a store, and with a store of 10,000 rows, a third of them
   the clients' tasks of that month. Target: within 1.5x of the listing without state.

    python bench/bench_state.py            # 11 runs each
    python bench/bench_state.py -n 21 --clients 1000
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from benchutil import machine  # noqa: E402
from make_clients import write_clients  # noqa: E402

TODAY = "2026-07-15"
MONTH = "2026-07"
ROWS = 10_000


def interleaved(cmds: dict[str, tuple[list[str], dict[str, str]]], n: int) -> dict[str, list[float]]:
    """Each command once per round, n rounds: A and B see the same load on a shared machine."""
    for cmd, env in cmds.values():  # warm the .pyc and OS caches
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True, env=env)
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(n):
        for name, (cmd, env) in cmds.items():
            t = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True, env=env)
            times[name].append(time.perf_counter() - t)
    return times


def fill(db: Path, keys: list[tuple[str, str, str, str]]) -> None:
    """A store of ROWS rows: the given tasks first (alternately done and waiting), then filler."""
    from bocal.state import Status
    from bocal.store import DbUrl, Store, TaskRef, Update

    refs = [TaskRef(*k) for k in keys[:ROWS]]
    refs += [TaskRef(f"filler-{i}-{i % 97}", "filler", str(i), f"x{i % 97}") for i in range(ROWS - len(refs))]
    at, today = datetime(2026, 7, 15, tzinfo=UTC), date(2026, 7, 15)
    ups = [Update(r, status=Status.DONE if i % 2 else Status.WAITING) for i, r in enumerate(refs)]
    with Store(DbUrl("sqlite", str(db))) as s:
        s.apply(ups, at=at, by="bench", today=today)
        assert len(s.stored()) == ROWS


def company_keys() -> list[tuple[str, str, str, str]]:
    from bocal.expand import Expander
    from bocal.profile import default_profile
    from bocal.rules import load_catalog
    from bocal.state import task_key

    tasks = Expander(load_catalog([])).expand(default_profile(), date(2026, 7, 1), date(2026, 7, 31))
    return [(task_key(t), t.duty.id, t.period.key, t.company) for t in tasks]


def office_keys(directory: Path) -> list[tuple[str, str, str, str]]:
    from bocal.clients import expand_clients, load_clients
    from bocal.expand import Expander
    from bocal.rules import load_catalog
    from bocal.state import task_key

    office = load_clients(directory)
    out = []
    for _, tasks in expand_clients(Expander(load_catalog([])), office.clients, date(2026, 7, 1), date(2026, 7, 31)):
        out += [(task_key(t), t.duty.id, t.period.key, t.company) for t in tasks]
    return out[: ROWS // 3]


def report(rows: dict[str, list[float]], base: str) -> dict[str, float]:
    """Print min (best of N: other work only ever slows a run) and median; ratios are of the mins."""
    best = {k: min(v) for k, v in rows.items()}
    for name, times in rows.items():
        med = statistics.median(times) * 1000
        ratio = best[name] / best[base]
        print(f"  {name:<44} min {best[name] * 1000:8.1f} ms  median {med:8.1f} ms  {ratio:5.2f}x")
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=11, help="runs of each command (default 11)")
    ap.add_argument("--clients", type=int, default=1000, help="clients in the synthetic office (default 1000)")
    args = ap.parse_args()
    import compileall

    import bocal

    compileall.compile_dir(str(Path(bocal.__file__).parent), quiet=1)
    work = Path(tempfile.mkdtemp(prefix="bocal-bench-state-"))
    env = {**os.environ, "LANG": "ja_JP.UTF-8", "NO_COLOR": "1", "BOCAL_TODAY": TODAY}
    env.pop("BOCAL_PROFILE", None)
    none_db, company_db, office_db = work / "absent.sqlite3", work / "company.sqlite3", work / "office.sqlite3"
    fill(company_db, company_keys())
    clients = work / "clients"
    write_clients(clients, args.clients)
    fill(office_db, office_keys(clients))
    bocal_cmd = [sys.executable, "-m", "bocal"]

    print(f"machine: {machine()}; {ROWS} state rows; n={args.n}")
    print("1. start-up (bocal list, bundled catalog, this month)")
    cmds = {
        "python -c 'import click'": ([sys.executable, "-c", "import click"], env),
        "bocal list (no state database)": ([*bocal_cmd, "list"], {**env, "BOCAL_DB": str(none_db)}),
        f"bocal list (state: {ROWS} rows)": ([*bocal_cmd, "list"], {**env, "BOCAL_DB": str(company_db)}),
    }
    timed = interleaved(cmds, args.n)
    med = report(timed, "python -c 'import click'")
    ok1 = med[f"bocal list (state: {ROWS} rows)"] < 2 * med["python -c 'import click'"]
    print(f"  target < 2x import click: {'met' if ok1 else 'NOT met'}")

    print(f"2. an office of {args.clients} clients (list --clients --month {MONTH} --format json)")
    office = [*bocal_cmd, "list", "--clients", str(clients), "--month", MONTH, "--format", "json"]
    rounds = max(3, args.n // 2)
    timed = interleaved(
        {
            "without state": (office, {**env, "BOCAL_DB": str(none_db)}),
            f"with state ({ROWS} rows)": (office, {**env, "BOCAL_DB": str(office_db)}),
        },
        rounds,
    )
    med = report(timed, "without state")
    ok2 = med[f"with state ({ROWS} rows)"] <= 1.5 * med["without state"]
    print(f"  target within 1.5x: {'met' if ok2 else 'NOT met'}")
    assert not none_db.exists(), "a listing created the store"
    return 0 if ok1 and ok2 else 1


if __name__ == "__main__":
    sys.exit(main())
