"""Start-up benchmark: `bocal list` wall time against the floor of `python -c "import click"`.

Both run as fresh subprocesses of the same interpreter (so the same environment, site-packages and
.pyc caches), repeated, and the medians are compared; the target is `bocal list` under 2x the floor.
`bocal list` runs on a fixed day with the forms fixture by default (the bundled catalog with
--bundled), its output discarded. The commands take turns, run after run, so a change in the
machine's load falls on all of them alike; each also reports its CPU time (user + system of the
child), which a loaded machine disturbs far less than the wall time.

--against PYTHON adds `bocal list` run by another interpreter (another checkout's virtualenv, e.g.
the main branch) to compare two versions of bocal side by side.

    python bench/startup.py                 # 21 runs each
    python bench/startup.py -n 51 --bundled
    python bench/startup.py --bundled --against ../main/.venv/bin/python
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
FLOOR = "python -c 'import click'"
OURS = "bocal list"


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """The wall time and the CPU time (user + system of the child) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True, env=env)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def compile_bytecode(python: str) -> None:
    """As installed by pip: bytecode compiled (a shell with PYTHONDONTWRITEBYTECODE=1 would otherwise
    recompile every module edited since its last .pyc on every run, and measure that instead)."""
    code = "import compileall, os, bocal; compileall.compile_dir(os.path.dirname(bocal.__file__), quiet=1)"
    subprocess.run([python, "-c", code], check=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=21, help="runs of each command (default 21)")
    ap.add_argument("--bundled", action="store_true", help="list with the bundled catalog, not the forms fixture")
    ap.add_argument("--against", metavar="PYTHON", help="also time `bocal list` under this interpreter")
    args = ap.parse_args()
    env = {**os.environ, "LANG": "ja_JP.UTF-8", "NO_COLOR": "1"}
    env.pop("BOCAL_PROFILE", None)
    rules = [] if args.bundled else ["--no-bundled", "--rules", str(FORMS)]
    listing = ["-m", "bocal", "--today", "2026-07-01", "list", *rules]
    commands = {FLOOR: [sys.executable, "-c", "import click"], OURS: [sys.executable, *listing]}
    if args.against:
        commands[f"{OURS} ({args.against})"] = [args.against, *listing]
    for python in {cmd[0] for cmd in commands.values()}:
        compile_bytecode(python)
    for cmd in commands.values():  # warm the .pyc and OS caches
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True, env=env)
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.n):
        for name, cmd in commands.items():
            w, c = run_once(cmd, env)
            walls[name].append(w)
            cpus[name].append(c)
    med = {name: statistics.median(v) for name, v in walls.items()}
    cpu = {name: statistics.median(v) for name, v in cpus.items()}
    for name in commands:
        print(
            f"{name:<28} median {med[name] * 1000:7.1f} ms  min {min(walls[name]) * 1000:7.1f} ms"
            f"  cpu median {cpu[name] * 1000:7.1f} ms  (n={args.n})"
        )
    ratio = med[OURS] / med[FLOOR]
    print(f"cpu: {OURS} / floor = {cpu[OURS] / cpu[FLOOR]:.2f}x")
    print(f"{OURS} / floor = {ratio:.2f}x (target < 2.00x) — {'OK' if ratio < 2 else 'OVER'}")
    print(f"catalog: {'bundled' if args.bundled else FORMS.relative_to(ROOT)}; python {sys.version.split()[0]}")
    return 0 if ratio < 2 else 1


if __name__ == "__main__":
    sys.exit(main())
