"""A served feed shows the deadlines of an event recorded by another process (`bocal event add`)
at the next request, without a restart: the event write moves the store's version, the feed
rebuilds, and the feed's inputs read the recorded events from the same store (--db)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from click.testing import CliRunner

from bocal.cli import cli
from bocal.server.company import CompanyFeeds, Inputs
from bocal.store import DbUrl, Store
from bocal.store.live import LiveState
from helpers.serving import ServerThread

TOKEN = "k" * 8 + "Q3v9ZxT2mLp8RwY5"


def test_an_event_recorded_elsewhere_reaches_the_served_feed(tmp_path: Path) -> None:
    from bocal.server.app import FeedApp
    from bocal.server.tokens import Registry

    db = tmp_path / "state.sqlite3"
    runner = CliRunner()
    # the store exists before the server starts (a first `bocal done` or `event add` creates it)
    first = runner.invoke(
        cli, ["--today", "2027-03-01", "event", "add", "hire", "2027-03-01", "--person", "佐藤花子", "--db", str(db)]
    )
    assert first.exit_code == 0, first.output
    feeds = CompanyFeeds(
        Inputs(None, (), True, str(db)),
        today=lambda: date(2027, 3, 1),
        check_interval=0,
        state=LiveState(Store(DbUrl("sqlite", str(db))), check_interval=0),
    )
    registry = Registry()
    registry.add(TOKEN, feeds)
    srv = ServerThread(FeedApp(registry))
    try:
        status, _h, body = srv.request(f"/{TOKEN}/all.ics")
        text = body.replace(b"\r\n ", b"").decode()
        assert status == 200 and "佐藤花子" in text and "山田太郎" not in text
        added = runner.invoke(
            cli,
            ["--today", "2027-03-01", "event", "add", "hire", "2027-04-01", "--person", "山田太郎", "--db", str(db)],
        )
        assert added.exit_code == 0, added.output
        status, _h, body = srv.request(f"/{TOKEN}/all.ics")
        text = body.replace(b"\r\n ", b"").decode()
        # 健保・厚年 資格取得届: 5 days from 4/1, the first day not counted (民法140条) → 4/6 (Tue, open)
        assert status == 200 and "山田太郎" in text
        assert any(line.startswith("DTSTART;VALUE=DATE:20270406") for line in _event_of(text, "山田太郎", "資格取得届"))
    finally:
        srv.stop()


def _event_of(text: str, *words: str) -> list[str]:
    """The lines of the first VEVENT whose SUMMARY holds every word."""
    for block in text.split("BEGIN:VEVENT")[1:]:
        lines = block.split("END:VEVENT")[0].split("\r\n")
        summary = next((line for line in lines if line.startswith("SUMMARY:")), "")
        if all(w in summary for w in words):
            return lines
    raise AssertionError(f"no event with {words}")
