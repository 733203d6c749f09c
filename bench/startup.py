"""Start-up benchmark: `bocal list` wall time against the floor of `python -c "import click"`.

Both run as fresh subprocesses of the same interpreter (so the same environment, site-packages and
.pyc caches), repeated, and the medians are compared; the target is `bocal list` under 2x the floor.
`bocal list` runs on a fixed day with the forms fixture by default (the bundled catalog with
--bundled), its output discarded.

    python bench/startup.py                 # 21 runs each
    python bench/startup.py -n 51 --bundled
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "tests" / "fixtures" / "rules" / "forms.toml"


def wall(cmd: list[str], n: int, env: dict[str, str]) -> tuple[list[float], list[float]]:
    """Wall times and CPU times (user + system of the child) of n runs.

    On a loaded machine the wall time mostly measures the queue for a core; the CPU time is what the
    process itself spent, so it is the steadier figure to compare two versions by."""
    times, cpu = [], []
    for _ in range(n):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True, env=env)
        times.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return times, cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=21, help="runs of each command (default 21)")
    ap.add_argument("--bundled", action="store_true", help="list with the bundled catalog, not the forms fixture")
    args = ap.parse_args()
    env = {**os.environ, "LANG": "ja_JP.UTF-8", "NO_COLOR": "1"}
    env.pop("BOCAL_PROFILE", None)
    # as installed by pip: bytecode compiled (a shell with PYTHONDONTWRITEBYTECODE=1 would otherwise
    # recompile every module edited since its last .pyc on every run, and measure that instead)
    import compileall

    import bocal

    compileall.compile_dir(str(Path(bocal.__file__).parent), quiet=1)
    rules = [] if args.bundled else ["--no-bundled", "--rules", str(FORMS)]
    commands = {
        "python -c 'import click'": [sys.executable, "-c", "import click"],
        "bocal list": [sys.executable, "-m", "bocal", "--today", "2026-07-01", "list", *rules],
    }
    for cmd in commands.values():  # warm the .pyc and OS caches
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True, env=env)
    med, cpu_med = {}, {}
    for name, cmd in commands.items():
        times, cpu = wall(cmd, args.n, env)
        med[name], cpu_med[name] = statistics.median(times), statistics.median(cpu)
        print(
            f"{name:<28} median {med[name] * 1000:7.1f} ms  min {min(times) * 1000:7.1f} ms"
            f"  cpu median {cpu_med[name] * 1000:7.1f} ms  (n={args.n})"
        )
    floor, ours = med["python -c 'import click'"], med["bocal list"]
    ratio = ours / floor
    cpu_ratio = cpu_med["bocal list"] / cpu_med["python -c 'import click'"]
    print(f"cpu: bocal list / floor = {cpu_ratio:.2f}x")
    print(f"bocal list / floor = {ratio:.2f}x (target < 2.00x) — {'OK' if ratio < 2 else 'OVER'}")
    print(f"catalog: {'bundled' if args.bundled else FORMS.relative_to(ROOT)}; python {sys.version.split()[0]}")
    return 0 if ratio < 2 else 1


if __name__ == "__main__":
    sys.exit(main())
