"""The test support itself: conftest's clean environment, and the polling helper (tests/helpers/poll.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bocal.cli import cli
from helpers.paths import FORMS, TESTS
from helpers.poll import wait_for_log, wait_until

XDG = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


def test_environment_is_clean(clean_env: Path) -> None:
    assert [k for k in os.environ if k.startswith("BOCAL_")] == []
    assert "LC_ALL" not in os.environ and "LC_MESSAGES" not in os.environ
    assert os.environ["HOME"] == str(clean_env) and Path.home() == clean_env
    for name in XDG:
        assert Path(os.environ[name]).parent == clean_env and Path(os.environ[name]).is_dir()
    # child processes inherit it
    r = subprocess.run(
        [sys.executable, "-c", "import os; print([k for k in os.environ if k.startswith('BOCAL_')], os.path.expanduser('~'))"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert r.stdout == f"[] {clean_env}\n"
    # the CLI runs with its defaults: the embedded profile, today from the clock, the cache under XDG_CACHE_HOME
    result = CliRunner().invoke(cli, ["list", "--no-bundled", "--rules", str(FORMS), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert list((clean_env / "cache").rglob("catalog-*.pickle"))


def test_a_polluted_environment_does_not_reach_the_tests(tmp_path: Path) -> None:
    """Run the test above in a pytest whose environment has everything that used to leak in."""
    home = tmp_path / "user-home"
    env = {
        **os.environ,
        "BOCAL_PROFILE": "/nonexistent",
        "BOCAL_TODAY": "2020-01-01",
        "BOCAL_CACHE_DIR": str(tmp_path / "user-cache"),
        "BOCAL_NO_CACHE": "1",
        "LC_ALL": "en_US.UTF-8",
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / ".cache"),
    }
    r = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"{__file__}::test_environment_is_clean"],
        cwd=TESTS.parent, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert r.returncode == 0, r.stdout[-3000:]
    assert "1 passed" in r.stdout
    assert not (tmp_path / "user-cache").exists() and not home.exists()


def test_wait_until_returns_the_first_true_value() -> None:
    calls: list[int] = []

    def third_time() -> int | None:
        calls.append(1)
        return len(calls) if len(calls) >= 3 else None

    assert wait_until(third_time, "the third call", interval=0) == 3


def test_wait_until_gives_up_at_the_deadline() -> None:
    with pytest.raises(AssertionError, match="never: not after 0.05 s"):
        wait_until(lambda: None, "never", timeout=0.05)


def test_wait_until_stops_when_the_process_ends() -> None:
    proc = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    proc.wait(timeout=60)
    with pytest.raises(AssertionError, match=r"the line: the process ended first \(exit 3\)"):
        wait_until(lambda: False, "the line", proc=proc)


def test_wait_for_log_reads_from_the_offset(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    log.write_text("old line GET\n", "utf-8")
    offset = log.stat().st_size
    with log.open("a", encoding="utf-8") as f:
        f.write("new line GET\n")
    assert wait_for_log(log, lambda t: "GET" in t, "a GET", offset=offset) == "new line GET\n"
    with pytest.raises(AssertionError, match="old: not after"):
        wait_for_log(log, lambda t: "old" in t, "old", offset=offset, timeout=0.05)


def test_hypothesis_profile_follows_ci() -> None:
    from hypothesis import settings

    chosen = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
    profile = settings.get_profile(chosen)
    assert (settings.default.derandomize, settings.default.database, settings.default.deadline) == (
        profile.derandomize,
        profile.database,
        profile.deadline,
    )
    if chosen == "ci":  # the same examples on every CI run, nothing remembered between runs
        assert settings.default.derandomize and settings.default.database is None
