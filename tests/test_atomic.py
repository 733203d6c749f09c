"""Atomic writes: an export killed mid-write leaves the old file whole and nothing posing as the target.

The kill is deterministic: a test-only hook (tests/helpers/atomic_hook.py) stops the exporting
process at a chosen point inside `write_atomic` and signals readiness through a file; the test then
SIGKILLs it. No timing is asserted; the waits below are only upper bounds against a hung child.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bocal import atomic
from bocal.atomic import write_atomic

HERE = Path(__file__).parent
FORMS = str(HERE / "fixtures" / "rules" / "forms.toml")
OLD = b"BEGIN:VCALENDAR\r\nX-WR-CALNAME:old\r\nEND:VCALENDAR\r\n"


def export_args(out: Path) -> list[str]:
    return ["--today", "2026-01-05", "export", "--no-bundled", "--rules", FORMS, "--from", "2026-01-01",
            "--to", "2030-12-31", "-o", str(out)]  # fmt: skip


def wait_for(path: Path, proc: subprocess.Popen[bytes], limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while not path.exists():
        if proc.poll() is not None:
            raise AssertionError(f"the exporter ended before the hook fired: {proc.stderr.read()!r}")  # type: ignore[union-attr]
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("the hook never fired")
        time.sleep(0.01)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
@pytest.mark.parametrize("stage", ["mid-write", "before-rename"])
def test_export_killed_mid_write_leaves_the_old_file(tmp_path: Path, stage: str) -> None:
    out = tmp_path / "bocal.ics"
    out.write_bytes(OLD)
    ready = tmp_path / "ready"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen(
        [sys.executable, "-m", "helpers.atomic_hook", stage, str(ready), "--", *export_args(out)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for(ready, proc)
        # frozen inside write_atomic: the temporary file exists beside the target, the target is untouched
        temps = [p for p in tmp_path.iterdir() if p.name.startswith(".bocal.ics.")]
        assert len(temps) == 1 and temps[0].name.endswith(".tmp")
        partial = temps[0].stat().st_size
        assert partial > 0
        assert out.read_bytes() == OLD
    finally:
        proc.kill()  # SIGKILL on POSIX, at the moment the hook chose (or on a failed assertion above)
        proc.wait(timeout=60)
        proc.stdout.close()  # type: ignore[union-attr]
        proc.stderr.close()  # type: ignore[union-attr]
    assert proc.returncode == -signal.SIGKILL
    # the old file is whole; the only trace is a hidden temporary file, never the target name
    assert out.read_bytes() == OLD
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted(["bocal.ics", "ready", temps[0].name])

    # the same export, not killed, replaces the file with a complete calendar of which the killed
    # run had written half (mid-write) or all (before-rename)
    r = subprocess.run([sys.executable, "-m", "bocal", *export_args(out)], capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr
    new = out.read_bytes()
    assert new.startswith(b"BEGIN:VCALENDAR") and new.endswith(b"END:VCALENDAR\r\n")
    if stage == "mid-write":
        assert partial == len(new) // 2
    else:
        assert temps[0].read_bytes() == new


def test_failed_rename_removes_the_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "x.ics"
    out.write_bytes(OLD)

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", refuse)
    with pytest.raises(OSError):
        write_atomic(out, b"new")
    assert out.read_bytes() == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["x.ics"]


def test_write_atomic_sets_the_mode_and_replaces(tmp_path: Path) -> None:
    out = tmp_path / "x.ics"
    out.write_bytes(OLD)
    write_atomic(out, b"new", mode=0o600)
    assert out.read_bytes() == b"new" and (out.stat().st_mode & 0o777) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["x.ics"]


def test_cli_reports_an_unwritable_target(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from bocal.cli import cli

    target = tmp_path / "missing-dir" / "x.ics"
    r = CliRunner().invoke(cli, export_args(target))
    assert r.exit_code == 2 and "Traceback" not in r.stderr
    # (the range reaches past the data horizon, so a warning line comes first)
    assert r.stderr.splitlines()[-1] == f"bocal: {target}: cannot write the file: No such file or directory"
