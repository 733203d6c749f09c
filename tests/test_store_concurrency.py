"""Nothing lost: real processes writing at once, and a writer killed (SIGKILL) in mid-write, on
SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bocal.state import Status
from bocal.store import DbUrl, Store
from bocal.store.backend import connect
from helpers.postgres import BACKENDS, both_backends

HERE = Path(__file__).parent

# Each worker marks 100 tasks of its own done (one transaction each) and, in between, rewrites the
# note of one task all workers share, so writers really contend for the same row.
WORKER = """
import sys
from datetime import UTC, date, datetime
from bocal.state import Status
from bocal.store import DbUrl, Store, TaskRef, Update
dialect, target, w, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
at, today = datetime(2026, 11, 30, tzinfo=UTC), date(2026, 11, 30)
shared = TaskRef("shared-2026-acme", "shared", "2026", "acme")
with Store(DbUrl(dialect, target)) as s:
    for i in range(n):
        mine = TaskRef(f"d{w}-{i}-acme", f"d{w}", str(i), "acme")
        s.apply([Update(mine, status=Status.DONE)], at=at, by=f"w{w}", today=today)
        s.apply([Update(shared, note=f"w{w}-{i}")], at=at, by=f"w{w}", today=today)
"""

# Writes batches of 50 new tasks, one transaction a batch, until killed.
ENDLESS = """
import itertools, sys
from datetime import UTC, date, datetime
from bocal.state import Status
from bocal.store import DbUrl, Store, TaskRef, Update
dialect, target, run = sys.argv[1], sys.argv[2], sys.argv[3]
at, today = datetime(2026, 11, 30, tzinfo=UTC), date(2026, 11, 30)
with Store(DbUrl(dialect, target)) as s:
    for b in itertools.count():
        batch = [TaskRef(f"k{run}-{b}-{j}-acme", f"k{run}", f"{b}-{j}", "acme") for j in range(50)]
        s.apply([Update(r, status=Status.WAITING, note="x" * 2000) for r in batch], at=at, by=run, today=today)
"""


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> DbUrl:
    return both_backends(request, tmp_path / "state.sqlite3")


def python(*args: str) -> list[str]:
    return [sys.executable, "-c", *args]


def test_eight_processes_marking_a_hundred_tasks_each_lose_nothing(url: DbUrl) -> None:
    procs = [subprocess.Popen(python(WORKER, url.dialect, url.target, str(w), "100")) for w in range(8)]
    assert [p.wait(timeout=600) for p in procs] == [0] * 8
    with Store(url) as s:
        states = s.stored()
        mine = [st for st in states if st.ref.duty != "shared"]
        assert len(mine) == 800 and all(st.state.status is Status.DONE for st in mine)
        # every write of the shared note is in the history, each one "from" what the previous one set
        shared = s.history(keys=["shared-2026-acme"])
        assert len(shared) == 800
        for prev, nxt in zip(shared, shared[1:], strict=False):
            assert nxt.before.note == prev.after.note
        assert s.get("shared-2026-acme") == shared[-1].after
        assert len(s.history()) == 1600
        # the counter behind version() moved once per write transaction
        assert s.version().endswith(".1600")


def test_a_writer_killed_mid_write_leaves_a_consistent_database(url: DbUrl) -> None:
    for run in ("a", "b", "c"):
        proc = subprocess.Popen(python(ENDLESS, url.dialect, url.target, run))
        deadline = time.monotonic() + 120  # a guard against hanging, not a measurement
        with Store(url) as s:
            while len(s.duties()) == 0 or s.duties().get(f"k{run}", 0) < 200:
                assert proc.poll() is None, "the writer stopped by itself"
                assert time.monotonic() < deadline, "the writer made no progress"
                time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait() == -signal.SIGKILL
    with Store(url) as s:
        counts = s.duties()
        assert set(counts) == {"ka", "kb", "kc"}
        # each transaction wrote 50 tasks: a killed one left none of its rows behind
        assert all(n % 50 == 0 for n in counts.values()), counts
        assert len(s.history()) == sum(counts.values())
        assert s.version().endswith(f".{sum(counts.values()) // 50}")
    if url.dialect == "sqlite":
        conn = connect(url, create=False)
        assert conn is not None
        assert conn.execute("PRAGMA integrity_check") == [("ok",)]
        conn.close()
