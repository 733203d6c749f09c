"""The task store's library, run the same on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bocal.errors import UsageError
from bocal.state import Status, TaskState
from bocal.store import Store, StoreError, TaskRef, Update
from bocal.store.backend import connect
from bocal.store.migrations import all_migrations
from bocal.store.portable import dumps, export_state, import_state
from bocal.store.schema import current_version, latest, migrate
from bocal.store.url import DbUrl, default_path, parse_db_url, redact, resolve_db
from helpers.postgres import BACKENDS, both_backends

AT = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)
TODAY = date(2026, 11, 30)


def ref(duty: str = "withholding-tax", period: str = "2026-10", company: str = "acme") -> TaskRef:
    return TaskRef(f"{duty}-{period}-{company}", duty, period, company)


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> DbUrl:
    return both_backends(request, tmp_path / "data" / "state.sqlite3")


@pytest.fixture
def store(url: DbUrl) -> Store:
    s = Store(url)
    yield s  # type: ignore[misc]
    s.close()


def test_a_store_that_was_never_written_reads_as_all_open(tmp_path: Path) -> None:
    path = tmp_path / "none" / "state.sqlite3"
    with Store(DbUrl("sqlite", str(path))) as s:
        assert s.snapshot().get("withholding-tax-2026-10-acme") is None
        assert s.version() == "0"
        assert s.history() == [] and s.stored() == [] and s.duties() == {}
    assert not path.exists() and not path.parent.exists()  # reading creates nothing


def test_done_records_state_and_history(store: Store) -> None:
    v0 = store.version()
    changes = store.apply([Update(ref(), status=Status.DONE)], at=AT, by="sato", today=TODAY)
    # done without --on is done today
    assert changes[0].after == TaskState("withholding-tax-2026-10-acme", Status.DONE, done_on=TODAY)
    assert changes[0].fields() == [("status", Status.OPEN, Status.DONE), ("done_on", None, TODAY)]
    assert store.get("withholding-tax-2026-10-acme") == changes[0].after
    hist = store.history()
    assert [(h.by, h.action, h.before.status, h.after.status, h.at) for h in hist] == [
        ("sato", "set", Status.OPEN, Status.DONE, "2026-11-30T09:15:00+00:00")
    ]
    assert store.version() != v0


def test_a_change_that_changes_nothing_is_not_recorded(store: Store) -> None:
    store.apply([Update(ref(), status=Status.DONE)], at=AT, by="sato", today=TODAY)
    v = store.version()
    assert store.apply([Update(ref(), status=Status.DONE)], at=AT, by="suzuki", today=TODAY) == []
    assert store.version() == v
    assert len(store.history()) == 1


def test_leaving_done_clears_the_done_date_and_fields_are_kept_unless_given(store: Store) -> None:
    r = ref()
    store.apply(
        [Update(r, status=Status.WAITING, assignee="田中", note="顧問先の資料待ち")], at=AT, by="a", today=TODAY
    )
    store.apply([Update(r, status=Status.DONE, done_on=date(2026, 11, 10))], at=AT, by="a", today=TODAY)
    s = store.get(r.key)
    assert s == TaskState(r.key, Status.DONE, "田中", "顧問先の資料待ち", date(2026, 11, 10))
    store.apply([Update(r, status=Status.IN_PROGRESS, note="")], at=AT, by="a", today=TODAY)
    assert store.get(r.key) == TaskState(r.key, Status.IN_PROGRESS, "田中", None, None)


def test_undo_puts_back_the_last_change_and_is_itself_history(store: Store) -> None:
    r = ref()
    store.apply([Update(r, status=Status.WAITING)], at=AT, by="a", today=TODAY)
    store.apply([Update(r, status=Status.DONE)], at=AT, by="a", today=TODAY)
    undone = store.undo([r], at=AT, by="b")
    assert [(c.before.status, c.after.status, c.action) for c in undone] == [(Status.DONE, Status.WAITING, "undo")]
    assert store.get(r.key) == TaskState(r.key, Status.WAITING)
    assert [c.action for c in store.history(keys=[r.key])] == ["set", "set", "undo"]
    # a task never changed has nothing to undo
    assert store.undo([ref(period="2026-09")], at=AT, by="b") == []


def test_history_of_a_duty_is_not_confused_by_a_longer_duty_id(store: Store) -> None:
    # "resident-tax" is a prefix of "resident-tax-special": keys alone cannot tell them apart
    a, b = ref("resident-tax", "2026-06"), ref("resident-tax-special", "2026-06")
    store.apply([Update(a, status=Status.DONE), Update(b, status=Status.WAITING)], at=AT, by=None, today=TODAY)
    assert [c.ref.duty for c in store.history(duty="resident-tax")] == ["resident-tax"]
    assert store.duties() == {"resident-tax": 1, "resident-tax-special": 1}
    assert [s.ref.key for s in store.stored(duty="resident-tax-special")] == [b.key]


def test_snapshot_of_many_keys_reads_in_chunks_and_whole(store: Store) -> None:
    refs = [ref(company=f"c{i:04d}") for i in range(4100)]
    store.apply([Update(r, status=Status.DONE) for r in refs[::2]], at=AT, by=None, today=TODAY)
    some = [r.key for r in refs[:1200]]  # three chunks of ≤ 500
    snap = store.snapshot(some)
    assert len(snap) == 600 and snap.get(refs[0].key) is not None and snap.get(refs[1].key) is None
    assert len(store.snapshot([r.key for r in refs])) == 2050  # whole-table path
    assert snap.version() == store.version()


def test_export_import_round_trips_and_importing_twice_changes_nothing(store: Store, tmp_path: Path) -> None:
    r1, r2 = ref(), ref("labor-insurance", "2026", "beta")
    store.apply([Update(r1, status=Status.WAITING, assignee="佐藤", note="資料待ち")], at=AT, by="佐藤", today=TODAY)
    store.apply([Update(r1, status=Status.DONE), Update(r2, status=Status.NOT_APPLICABLE)], at=AT, by="x", today=TODAY)
    text = dumps(export_state(store))
    with Store(DbUrl("sqlite", str(tmp_path / "copy.sqlite3"))) as copy:
        assert import_state(copy, text) == (2, 3)
        v = copy.version()
        assert import_state(copy, text) == (0, 0)
        assert copy.version() == v
        assert dumps(export_state(copy)) == text
    data = json.loads(text)
    assert data["states"][1]["status"] == "done" and data["states"][1]["done_on"] == "2026-11-30"


def test_import_moves_state_from_sqlite_to_postgresql(tmp_path: Path, postgres_db: str) -> None:
    with Store(DbUrl("sqlite", str(tmp_path / "s.sqlite3"))) as lite:
        lite.apply([Update(ref(), status=Status.DONE, note="納付済")], at=AT, by="a", today=TODAY)
        text = dumps(export_state(lite))
    with Store(DbUrl("postgresql", postgres_db)) as pg:
        assert import_state(pg, text) == (1, 1)
        assert dumps(export_state(pg)) == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not JSON"),
        ('{"format": "other"}', "not a bocal state export"),
        ('{"format": "bocal-state", "version": 9, "states": [], "history": []}', "unsupported export version"),
        (
            '{"format": "bocal-state", "version": 1, "history": [], "states": [{"key": "k", "duty": "d",'
            ' "period": "p", "company": "c", "status": "finished", "updated_at": "x"}]}',
            'states[0]: unknown status "finished"',
        ),
    ],
)
def test_a_bad_import_file_is_a_located_message(tmp_path: Path, text: str, message: str) -> None:
    with Store(DbUrl("sqlite", str(tmp_path / "s.sqlite3"))) as s, pytest.raises(UsageError) as err:
        import_state(s, text, "backup.json")
    assert message in str(err.value) and "backup.json" in str(err.value)


def test_migrations_run_from_every_earlier_version(url: DbUrl) -> None:
    versions = [0, *(m.version for m in all_migrations())]
    assert versions[-1] == latest()
    for start in versions[:-1]:
        target = url
        if url.dialect == "sqlite":
            target = DbUrl("sqlite", url.target + f".{start}")
        else:  # a fresh schema per starting version on the same database
            schema = f"from_{start}"
            conn0 = connect(url, create=True)
            assert conn0 is not None
            conn0.execute(f"CREATE SCHEMA {schema}")
            conn0.close()
            target = DbUrl("postgresql", url.target + f"?options=-csearch_path%3D{schema}")
        conn = connect(target, create=True)
        assert conn is not None
        assert migrate(conn, upto=start) == start
        if start >= 1:  # state written under the older schema (as version 1 wrote it) survives the upgrade
            with conn.write():
                conn.execute(
                    "INSERT INTO task_state (key, duty, period, company, status, done_on, updated_at, updated_by)"
                    " VALUES (?, ?, ?, ?, 'done', '2026-11-30', '2026-11-30T09:15:00+00:00', 'old')",
                    (ref().key, ref().duty, ref().period, ref().company),
                )
                conn.execute(
                    "INSERT INTO task_history (key, duty, period, company, at, by_name, action, old_status, new_status,"
                    " new_done_on) VALUES (?, ?, ?, ?, '2026-11-30T09:15:00+00:00', 'old', 'set', 'open', 'done',"
                    " '2026-11-30')",
                    (ref().key, ref().duty, ref().period, ref().company),
                )
        conn.close()
        with Store(target) as s:
            if start >= 1:
                assert s.get(ref().key) == TaskState(ref().key, Status.DONE, done_on=TODAY)
                assert [c.by for c in s.history()] == ["old"]
            s.apply([Update(ref("x"), status=Status.WAITING)], at=AT, by=None, today=TODAY)
            check = connect(target, create=False)
            assert check is not None and current_version(check) == latest()
            applied = [r[0] for r in check.execute("SELECT version FROM schema_version ORDER BY version")]
            assert applied == versions[1:]
            check.close()


def test_a_database_newer_than_this_bocal_is_refused(store: Store, url: DbUrl) -> None:
    store.apply([Update(ref(), status=Status.DONE)], at=AT, by=None, today=TODAY)
    conn = connect(url, create=False)
    assert conn is not None
    conn.execute("INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'future', 'x')")
    conn.close()
    with Store(url) as s, pytest.raises(StoreError, match="schema version 999, newer than this bocal knows"):
        s.snapshot()


def test_a_damaged_sqlite_file_is_one_message(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    path.write_bytes(b"this is not a database, it is a shopping list\n" * 100)
    with Store(DbUrl("sqlite", str(path))) as s, pytest.raises(StoreError) as err:
        s.snapshot()
    assert len(err.value.problems) == 1 and "damaged" in str(err.value) and str(path) in str(err.value)


def test_a_locked_sqlite_database_is_one_message(tmp_path: Path) -> None:
    url = DbUrl("sqlite", str(tmp_path / "state.sqlite3"))
    with Store(url) as first:
        first.apply([Update(ref(), status=Status.WAITING)], at=AT, by=None, today=TODAY)
    holder = connect(url, create=False)
    assert holder is not None
    with holder.write():  # another writer holds the write lock
        with Store(url, busy_timeout_ms=100) as s, pytest.raises(StoreError, match="locked by another program"):
            s.apply([Update(ref(), status=Status.DONE)], at=AT, by=None, today=TODAY)
        # readers are not blocked by a writer (WAL)
        with Store(url, busy_timeout_ms=100) as r:
            assert r.get(ref().key) == TaskState(ref().key, Status.WAITING)
    holder.close()


def test_an_unreachable_postgresql_server_is_one_message_without_the_password() -> None:
    from helpers.postgres import free_port

    url = parse_db_url(f"postgresql://bocal:s3cret@127.0.0.1:{free_port()}/bocal", origin="BOCAL_DB")
    with Store(url) as s, pytest.raises(StoreError) as err:
        s.apply([Update(ref(), status=Status.DONE)], at=AT, by=None, today=TODAY)
    text = str(err.value)
    assert "cannot use the PostgreSQL task-state database" in text and "s3cret" not in text and "\n" not in text


def test_urls() -> None:
    assert parse_db_url("sqlite:///rel/state.db") == DbUrl("sqlite", "rel/state.db")
    assert parse_db_url("sqlite:////abs/state.db") == DbUrl("sqlite", "/abs/state.db")
    assert parse_db_url("/var/lib/bocal.db") == DbUrl("sqlite", "/var/lib/bocal.db")
    assert parse_db_url("postgres://u@h/db").dialect == "postgresql"
    assert redact("postgresql://u:pw@h:5432/db") == "postgresql://u:***@h:5432/db"
    for bad, message in [("mysql://h/db", "unknown database scheme"), ("sqlite://x", "SQLite URL"), (" ", "empty")]:
        with pytest.raises(UsageError, match=message):
            parse_db_url(bad)
    env = {"HOME": "/home/k", "XDG_DATA_HOME": "/data"}
    assert default_path(env) == Path("/data/bocal/state.sqlite3")
    assert default_path({"HOME": "/home/k", "XDG_DATA_HOME": "relative"}) == Path(
        "/home/k/.local/share/bocal/state.sqlite3"
    )
    assert resolve_db(None, {**env, "BOCAL_DB": "/x.db"}) == DbUrl("sqlite", "/x.db")
    assert resolve_db("/y.db", {**env, "BOCAL_DB": "/x.db"}) == DbUrl("sqlite", "/y.db")
    assert resolve_db(None, env) == DbUrl("sqlite", "/data/bocal/state.sqlite3")


READ_ONLY_PROBE = """
import sys
from datetime import UTC, date, datetime
from bocal.state import Status
from bocal.store import DbUrl, Store, StoreError, TaskRef, Update
url = DbUrl("sqlite", sys.argv[1])
with Store(url) as s:
    print(s.get("withholding-tax-2026-10-acme").status)
    try:
        s.apply([Update(TaskRef("x-1-acme", "x", "1", "acme"), status=Status.DONE)],
                at=datetime(2026, 11, 30, tzinfo=UTC), by=None, today=date(2026, 11, 30))
    except StoreError as exc:
        print(exc)
"""


def test_a_read_only_database_reads_and_refuses_writes_in_one_line() -> None:
    import shutil
    import subprocess
    import sys
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="bocal-ro-"))  # not under tmp_path: another user must reach it
    try:
        path = root / "state.sqlite3"
        with Store(DbUrl("sqlite", str(path))) as s:
            s.apply([Update(ref(), status=Status.DONE)], at=AT, by=None, today=TODAY)
        path.chmod(0o444)
        root.chmod(0o555)
        # root ignores permissions: the probe then runs as nobody, with the system's Python (the venv's
        # may sit in root's home) and bocal's sources on its path (the store needs nothing else)
        python, user, env = sys.executable, None, None
        if os.geteuid() == 0:
            import bocal

            python, user = "/usr/bin/python3", "nobody"
            env = {"PYTHONPATH": str(Path(bocal.__file__).parents[1]), "PATH": "/usr/bin:/bin"}
        out = subprocess.run(
            [python, "-c", READ_ONLY_PROBE, str(path)], user=user, env=env, capture_output=True, text=True, check=True
        ).stdout.splitlines()
        assert out[0] == "done"
        assert len(out) == 2 and "read-only" in out[1] and str(path) in out[1]
    finally:
        root.chmod(0o755)
        shutil.rmtree(root)


def test_live_state_follows_writes_from_another_store(url: DbUrl) -> None:
    from bocal.store.live import LiveState

    ticks = iter(range(0, 1000, 5))  # a clock that moves 5 "seconds" per reading: no waiting in tests
    with Store(url) as server_side, Store(url) as writer:
        live = LiveState(server_side, check_interval=2.0, clock=lambda: float(next(ticks)))
        v0 = live.version()
        assert live.get(ref().key) is None and not live.refresh()
        writer.apply([Update(ref(), status=Status.DONE)], at=AT, by="x", today=TODAY)
        assert live.get(ref().key) is None  # a snapshot until refreshed
        assert live.refresh()
        assert live.get(ref().key) == TaskState(ref().key, Status.DONE, done_on=TODAY)
        assert live.version() != v0 and not live.refresh()


def test_live_state_keeps_the_last_state_when_the_database_fails(tmp_path: Path) -> None:
    from bocal.store.live import LiveState

    url = DbUrl("sqlite", str(tmp_path / "state.sqlite3"))
    with Store(url) as writer:
        writer.apply([Update(ref(), status=Status.DONE)], at=AT, by="x", today=TODAY)
    store = Store(url)
    live = LiveState(store, check_interval=0)
    assert live.get(ref().key) is not None
    store.close()  # as after a dropped connection: the next check opens the database again
    for suffix in ("", "-wal", "-shm"):
        Path(url.target + suffix).unlink(missing_ok=True)
    Path(url.target).write_bytes(b"not a database " * 400)
    assert not live.refresh() and live.error is not None and "damaged" in str(live.error)
    assert live.get(ref().key) == TaskState(ref().key, Status.DONE, done_on=TODAY)  # still served
    store.close()
