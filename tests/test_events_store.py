"""The events tables (migration m0010) on a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bocal.errors import UsageError
from bocal.events.model import make_event
from bocal.events.store import EventStore, with_stored_events
from bocal.profile import build_profile
from bocal.store import Store
from bocal.store.url import DbUrl
from helpers.postgres import BACKENDS, both_backends

AT = datetime(2027, 3, 25, 9, 0, tzinfo=UTC)


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> DbUrl:
    return both_backends(request, tmp_path / "state.sqlite3")


def test_add_list_remove_with_history(url: DbUrl) -> None:
    hire = make_event("hire", "2027-04-01", person="山田太郎", attributes={"dependents": True})
    leave = make_event("leave", "2027-03-31", person="佐藤花子", client="株式会社アルファ", note="自己都合")
    store = EventStore.open(url, create=True)
    assert store is not None
    with store:
        store.add(hire, AT, "sato")
        store.add(leave, AT, "sato")
        with pytest.raises(UsageError, match="already recorded"):
            store.add(hire, AT, "sato")
        assert store.events() == (leave, hire)  # by date
        assert store.events(client="株式会社アルファ") == (leave,)
        assert store.events(kind="hire") == (hire,)
        assert store.remove(hire.id, AT, "suzuki") == hire
        with pytest.raises(UsageError, match="no event"):
            store.remove(hire.id, AT, "suzuki")
        assert store.events() == (leave,)
        hist = store.history(hire.id)
        assert [(h.action, h.by, h.event) for h in hist] == [("add", "sato", hire), ("remove", "suzuki", hire)]


def test_import_is_one_transaction_and_skips_known_events(url: DbUrl) -> None:
    a = make_event("hire", "2027-04-01", person="山田太郎")
    b = make_event("accident", "2027-04-26", person="鈴木一郎", attributes={"days_off": 5})
    store = EventStore.open(url, create=True)
    assert store is not None
    with store:
        store.add(a, AT)
        assert store.add_many([a, b], AT) == (1, 1)
        assert store.events() == (a, b)
        assert store.get(b.id) == b and store.get(b.id).values()["days_off"] == 5  # type: ignore[union-attr]


def test_events_change_the_store_version(url: DbUrl) -> None:
    store = EventStore.open(url, create=True)
    assert store is not None
    with Store(url) as s:
        before = s.version()
    with store:
        store.add(make_event("hire", "2027-04-01", person="山田太郎"), AT)
    with Store(url) as s:
        assert s.version() != before


def test_profiles_get_their_own_events(url: DbUrl) -> None:
    store = EventStore.open(url, create=True)
    assert store is not None
    mine = make_event("hire", "2027-04-01", person="山田太郎")
    theirs = make_event("hire", "2027-04-01", person="山田太郎", client="株式会社ほか")
    with store:
        store.add_many([mine, theirs], AT)
    profile = build_profile({"company": {"name": "テスト株式会社"}}, path=None)
    assert with_stored_events(profile, url).events == (mine,)
    other = build_profile({"company": {"name": "株式会社ほか"}}, path=None)
    assert set(with_stored_events(other, url).events) == {mine, theirs}


def test_no_store_file_is_not_created_by_reading(tmp_path: Path) -> None:
    url = DbUrl("sqlite", str(tmp_path / "none.sqlite3"))
    profile = build_profile({"company": {"name": "x"}}, path=None)
    assert with_stored_events(profile, url) is profile
    assert not (tmp_path / "none.sqlite3").exists()


def test_an_event_task_keeps_its_state_like_any_task(url: DbUrl) -> None:
    from bocal.events.tasks import event_tasks
    from bocal.state import Status, task_key
    from bocal.store import TaskRef, Update

    profile = build_profile({"company": {"name": "テスト株式会社", "id": "test"}}, path=None)
    event = make_event("hire", "2027-04-01", person="山田太郎")
    task = next(t for t in event_tasks(profile, [event], datetime(2027, 4, 1).date(), datetime(2027, 5, 31).date()))
    assert task_key(task) == f"{task.duty.id}-{event.id}-test"
    with Store(url) as s:
        s.apply([Update(TaskRef.of(task), status=Status.DONE)], at=AT, by="sato", today=AT.date())
        state = s.snapshot([task_key(task)]).get(task_key(task))
    assert state is not None and state.status is Status.DONE
