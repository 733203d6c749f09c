"""The reviewer's independent derivation (independent_derivation.py, see REVIEW.md) agrees with the
golden snapshots, every line of every profile.

test_golden.py checks that the program reproduces the snapshots; this checks the snapshots against a
second calculator that shares no code with bocal (its own holiday table, its own date arithmetic, each
duty re-stated from the law). A change to a snapshot that the law does not support therefore fails
here even when it was regenerated from the program.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "independent_derivation.py"
SNAPSHOTS = sorted(p.stem for p in HERE.glob("*.json"))


def load_derivation() -> ModuleType:
    spec = importlib.util.spec_from_file_location("independent_derivation", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


derivation = load_derivation()


def nonempty(lines_by_duty: dict[str, list[str]]) -> dict[str, list[str]]:
    """Duty → its lines, sorted; duties without a line left out (the snapshots list every duty)."""
    return {duty: sorted(lines) for duty, lines in lines_by_duty.items() if lines}


def test_every_snapshot_has_a_derivation() -> None:
    assert sorted(derivation.PROFILES) == SNAPSHOTS
    assert len(SNAPSHOTS) == 3


@pytest.mark.parametrize("name", SNAPSHOTS)
def test_derivation_equals_the_snapshot(name: str) -> None:
    golden = nonempty(json.loads((HERE / f"{name}.json").read_text("utf-8")))
    mine = nonempty(derivation.gen(derivation.PROFILES[name]))
    assert sum(map(len, golden.values())) > 500  # the comparison is over real content
    differing = {
        duty: {
            "snapshot only": sorted(set(golden.get(duty, [])) - set(mine.get(duty, []))),
            "derivation only": sorted(set(mine.get(duty, [])) - set(golden.get(duty, []))),
        }
        for duty in sorted(set(golden) | set(mine))
        if golden.get(duty) != mine.get(duty)
    }
    assert differing == {}


def test_the_script_runs_without_bocal() -> None:
    """Run as the review ran it, in a Python that cannot import bocal (-S: no site-packages, -I:
    isolated), so the derivation provably shares no code with the program it checks."""
    r = subprocess.run(
        [sys.executable, "-I", "-S", str(SCRIPT), "-v"], capture_output=True, text=True, timeout=300, check=False
    )
    assert r.returncode == 0, r.stderr
    # -v prints one "NAME checked N" per profile; any other line is a disagreement
    assert [re.sub(r"\d+$", "N", line) for line in r.stdout.splitlines()] == [
        f"{name} checked N" for name in derivation.PROFILES
    ]
