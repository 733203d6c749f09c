"""`bocal serve` notices task state without a restart: over real HTTP, a task marked done by another
process shows as 「✓ 」 at the next request, with a new ETag (a conditional GET with the old one is
a 200, not a 304)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bocal.state import Status
from bocal.store import DbUrl, Store, TaskRef, Update
from bocal.store.live import LiveState
from helpers.serving import TOKEN, feed_workdir, make_feeds, serving


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    return feed_workdir(tmp_path)


def test_a_served_feed_marks_a_task_done_elsewhere_at_the_next_request(workdir: Path, tmp_path: Path) -> None:
    url = DbUrl("sqlite", str(tmp_path / "state.sqlite3"))  # absent when the server starts
    feeds = make_feeds(workdir, state=LiveState(Store(url), check_interval=0))
    catalog, profile = feeds.inputs.load()
    from bocal.expand import Expander

    task = Expander(catalog).expand(profile, date(2026, 5, 1), date(2026, 6, 30), duties=["withholding-tax"])[0]
    title = task.title("ja").encode()
    with serving(feeds) as srv:
        status, h, body = srv.request(f"/{TOKEN}/all.ics")
        unfolded = body.replace(b"\r\n ", b"")
        assert status == 200 and b"SUMMARY:" + title in unfolded and b"\xe2\x9c\x93" not in unfolded
        etag = h["etag"]
        assert srv.request(f"/{TOKEN}/all.ics", headers={"If-None-Match": etag})[0] == 304
        with Store(url) as other:  # `bocal done` in another process, in effect
            other.apply(
                [Update(TaskRef.of(task), status=Status.DONE)],
                at=datetime(2026, 5, 1, tzinfo=UTC),
                by="x",
                today=date(2026, 5, 1),
            )
        status, h, body = srv.request(f"/{TOKEN}/all.ics", headers={"If-None-Match": etag})
        assert status == 200 and h["etag"] != etag
        assert "SUMMARY:✓ ".encode() + title in body.replace(b"\r\n ", b"")
