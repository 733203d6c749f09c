"""The bad-input corpus (tests/bad_inputs/cases.toml): every mistake gets its exact messages, exit 2, no output.

Each case runs `bocal export -o out.ics` in a fresh copy of tests/bad_inputs/ twice: once with no
out.ics (it must not appear) and once with an existing out.ics (it must stay byte-identical). Things
that cannot be committed sensibly are built at test time (`make`): directories where a file belongs,
symlink loops, unreadable and huge files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bocal.cli import cli
from bocal.errors import BocalError
from bocal.expand import expand
from bocal.profile import default_profile, load_profile
from bocal.rules import DUTY_KEYS, load_catalog
from bocal.tomlsource import MAX_BYTES

CORPUS = Path(__file__).parent / "bad_inputs"
CASES: list[dict[str, Any]] = tomllib.loads((CORPUS / "cases.toml").read_text("utf-8"))["case"]
BY_NAME = {c["name"]: c for c in CASES}
OLD = b"BEGIN:VCALENDAR\r\nX-OLD:this file must survive\r\nEND:VCALENDAR\r\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def build(root: Path, case: dict[str, Any]) -> None:
    """Copy the corpus into `root` and make what the case's `make` asks for."""
    for f in CORPUS.iterdir():
        if f.suffix == ".toml" and f.name != "cases.toml":
            shutil.copy(f, root / f.name)
    make, target = case.get("make"), case.get("target")
    if make is None:
        return
    p = root / target
    p.parent.mkdir(parents=True, exist_ok=True)
    if make == "directory":
        if p.parent != root:  # a rules directory: one good file beside the directory named *.toml
            shutil.copy(CORPUS / "good-rules.toml", p.parent / "good.toml")
        p.mkdir()
    elif make == "symlink-loop":
        os.symlink(p.name, p)
    elif make == "symlink-loop2":
        os.symlink("b.toml", p)
        os.symlink(p.name, root / "b.toml")
    elif make == "dangling-symlink":
        os.symlink("deleted.toml", p)
    elif make == "unreadable":
        p.write_text('[company]\nname = "株式会社サンプル"\n', "utf-8")
        p.chmod(0)
    elif make == "fifo":  # a named pipe nobody writes to: reading it would block for ever
        os.mkfifo(p)
    elif make == "device":  # an endless device behind a .toml name
        os.symlink("/dev/zero", p)
    elif make == "huge":
        # a plausible runaway file (one comment line repeated) just over the limit; never committed
        line = b"# " + b"x" * 77 + b"\n"
        p.write_bytes(line * (MAX_BYTES // len(line) + 2))
    else:  # pragma: no cover - a typo in cases.toml
        raise AssertionError(f"unknown make {make!r}")


def args_of(case: dict[str, Any]) -> list[str]:
    args = ["--today", "2026-01-05", "export", "--no-bundled", "-o", "out.ics"]
    if "profile" in case:
        args += ["--profile", case["profile"]]
    for r in case["rules"]:
        args += ["--rules", r]
    return args


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BOCAL_PROFILE", raising=False)
    yield tmp_path


def run_in_process(root: Path, case: dict[str, Any]) -> tuple[int, str, str, BaseException | None]:
    r = CliRunner().invoke(cli, args_of(case), env={"LANG": "C.UTF-8"})
    return r.exit_code, r.stdout, r.stderr, r.exception


DROP_DAC = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]


def can_drop_dac() -> bool:
    """True when a child process can run as root *without* the power to ignore file modes."""
    if shutil.which("setpriv") is None:
        return False
    with tempfile.NamedTemporaryFile() as f:
        os.chmod(f.name, 0)
        r = subprocess.run([*DROP_DAC, "cat", f.name], capture_output=True, timeout=30)
    return r.returncode != 0 and b"Permission denied" in r.stderr


def run_without_dac(root: Path, case: dict[str, Any]) -> tuple[int, str, str, BaseException | None]:
    r = subprocess.run(
        [*DROP_DAC, sys.executable, "-m", "bocal", *args_of(case)],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "LANG": "C.UTF-8"},
        timeout=60,
    )
    return r.returncode, r.stdout, r.stderr, None


def check(case: dict[str, Any], code: int, stdout: str, stderr: str, exc: BaseException | None) -> None:
    assert "Traceback" not in stderr + stdout
    assert exc is None or isinstance(exc, SystemExit), repr(exc)
    assert code == 2, (code, stderr)
    assert stderr.splitlines() == ["bocal: " + e for e in case["expect"]]
    # every message names the file it is about
    named = {case.get("profile"), case.get("target"), *case["rules"]} - {None}
    for line in case["expect"]:
        assert any(line.startswith(str(n)) for n in named) or "/" in line.split(":")[0], line


@pytest.mark.parametrize("name", [c["name"] for c in CASES])
def test_bad_input_case(workdir: Path, name: str) -> None:
    case = BY_NAME[name]
    build(workdir, case)
    runner = run_in_process
    if case.get("make") == "unreadable" and IS_ROOT:
        # Honest about root: chmod 000 does not stop root (CAP_DAC_OVERRIDE), so the case runs in a
        # process whose capability bounding set lacks the two capabilities that bypass file modes.
        if not can_drop_dac():
            pytest.skip("running as root without setpriv (or the right to drop capabilities): chmod 000 cannot bite")
        runner = run_without_dac
    out = workdir / "out.ics"
    # 1. no output file is created
    check(case, *runner(workdir, case))
    assert not out.exists()
    # 2. an existing output file is left byte-identical, and no temporary file is left beside it
    out.write_bytes(OLD)
    check(case, *runner(workdir, case))
    assert out.read_bytes() == OLD
    assert not [p.name for p in workdir.iterdir() if p.name.startswith(".out.ics")]


def test_corpus_size_and_coverage() -> None:
    assert len(CASES) >= 40
    files = {f.name for f in CORPUS.iterdir()} - {"cases.toml"}
    used = {c.get("profile") for c in CASES} | {r for c in CASES for r in c["rules"]}
    # every committed input is used by a case; names are unique
    assert files <= used | {"good-rules.toml"}, files - used
    assert len(BY_NAME) == len(CASES)
    makes = {c.get("make") for c in CASES}
    assert {"directory", "symlink-loop", "unreadable", "huge"} <= makes


LIBRARY_CASES = [c["name"] for c in CASES if c.get("make") not in ("unreadable",)]


@pytest.mark.parametrize("name", LIBRARY_CASES)
def test_library_raises_located_problems(workdir: Path, name: str) -> None:
    """The same inputs through the library: BocalError only, one Problem per message, each with a path;
    problems about a key of a duty name the duty."""
    case = BY_NAME[name]
    build(workdir, case)
    with pytest.raises(BocalError) as info:
        if "profile" in case:
            load_profile(case["profile"])
        catalog = load_catalog(case["rules"], bundled=False)
        if case.get("stage") == "expand":  # problems only a period can reveal
            expand(catalog, default_profile(), date(2026, 1, 1), date(2026, 12, 31))
    problems = info.value.problems
    assert len(problems) == len(case["expect"])
    for p in problems:
        assert p.path
        if p.key in DUTY_KEYS or (p.key or "").startswith("cases."):
            assert p.duty, p


SUBPROCESS_SAMPLE = [
    "p-shift-jis",
    "r-symlink-loop",
    "r-huge",
    "p-directory",
    "r-malformed",
    "r-cycle",
    "p-ext-bad-date",
]


@pytest.mark.parametrize("name", SUBPROCESS_SAMPLE)
def test_real_process_exits_2_without_traceback(name: str) -> None:
    """A sample through a real `python -m bocal` process: the exit status and stderr a shell sees."""
    case = BY_NAME[name]
    root = Path(tempfile.mkdtemp(prefix="bocal-corpus-"))
    try:
        build(root, case)
        r = subprocess.run(
            [sys.executable, "-m", "bocal", *args_of(case)], cwd=root, capture_output=True, text=True, timeout=60
        )
        check(case, r.returncode, r.stdout, r.stderr, None)
        assert not (root / "out.ics").exists()
    finally:
        shutil.rmtree(root, ignore_errors=True)
