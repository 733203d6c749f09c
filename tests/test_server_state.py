"""Task state reaches the served feeds: marking a task done changes its calendar's bytes and ETag
(the one version stamp includes `StateView.version()`), and clients see 「✓ 」 before its title.

tests/fixtures/rules/forms.toml, today 2026-05-01: the feed window is 2025-05-01 .. 2028-05-31, so
算定基礎届 (santei-kiso) of 2026, due Fri 7/10 (2026-01-01 was a Thursday; 7/10 is 190 days later,
27 weeks + 1 day → Friday, not moved), is in every feed.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

from bocal.server.app import FeedApp
from bocal.server.company import CompanyFeeds, Inputs
from bocal.server.office import OfficeFeeds
from bocal.server.tokens import Registry
from bocal.state import Status, TaskState

HERE = Path(__file__).parent
FORMS = str(HERE / "fixtures" / "rules" / "forms.toml")
TODAY = date(2026, 5, 1)
TOKEN = "St7Qm2Lp9Rt4Vw6Yz8Ab1Cd3E"


class DictState:
    """A StateView over a dict, with a version that changes on every edit (as the store's does)."""

    def __init__(self) -> None:
        self.states: dict[str, TaskState] = {}
        self.edits = 0

    def set(self, key: str, status: Status) -> None:
        self.states[key] = TaskState(key, status, done_on=date(2026, 7, 8))
        self.edits += 1

    def get(self, key: str) -> TaskState | None:
        return self.states.get(key)

    def version(self) -> str:
        return str(self.edits)


def get(app: FeedApp, path: str) -> tuple[str, bytes]:
    seen: list[tuple[str, list[tuple[str, str]]]] = []
    body = b"".join(app({"REQUEST_METHOD": "GET", "PATH_INFO": path}, lambda s, h: seen.append((s, h))))
    assert seen[0][0] == "200 OK"
    return dict(seen[0][1])["ETag"], body


def summaries(body: bytes) -> list[str]:
    return re.findall(r"SUMMARY:(.*)\r\n", body.decode("utf-8").replace("\r\n ", ""))


def test_marking_a_task_done_changes_the_company_feed(tmp_path: Path) -> None:
    profile = tmp_path / "acme.toml"
    profile.write_text('[company]\nname = "株式会社アクメ"\nid = "acme"\nfiscal_year_end = 3\n', "utf-8")
    state = DictState()
    feeds = CompanyFeeds(Inputs(str(profile), (FORMS,), False), today=lambda: TODAY, state=state, check_interval=0)
    registry = Registry()
    registry.add(TOKEN, feeds)
    app = FeedApp(registry)
    etag1, body1 = get(app, f"/{TOKEN}/labor.ics")
    assert "算定基礎届の提出（2026年分）" in summaries(body1)
    state.set("santei-kiso-2026-acme", Status.DONE)
    etag2, body2 = get(app, f"/{TOKEN}/labor.ics")
    assert etag2 != etag1
    assert "✓ 算定基礎届の提出（2026年分）" in summaries(body2)
    assert "算定基礎届の提出（2026年分）" not in summaries(body2)


def test_marking_a_task_done_changes_the_office_feeds(tmp_path: Path) -> None:
    clients = tmp_path / "clients"
    shutil.copytree(HERE / "fixtures" / "clients", clients)
    state = DictState()
    feeds = OfficeFeeds(str(clients), rules=[FORMS], bundled=False, today=lambda: TODAY, state=state, check_interval=0)
    app = FeedApp(feeds.registry)
    office = feeds.office_token or feeds.tokens.office
    etag1, body1 = get(app, f"/{office}/labor.ics")
    client_etag1, _ = get(app, f"/{feeds.tokens.clients['beta']}/all.ics")
    state.set("santei-kiso-2026-beta", Status.NOT_APPLICABLE)
    etag2, body2 = get(app, f"/{office}/labor.ics")
    client_etag2, client_body = get(app, f"/{feeds.tokens.clients['beta']}/all.ics")
    assert etag2 != etag1 and client_etag2 != client_etag1
    # one office event for 算定基礎届 (due 7/10, both clients): its description says who is finished
    text = body2.decode().replace("\r\n ", "")
    assert "算定基礎届の提出（2026年分） — 2社" in summaries(body2)  # alpha's is still open: no ✓
    assert "2社（未了 1・済 1）\\n未了: 株式会社アルファ\\n済: beta" in text
    assert "2社（未了 2・済 0）" in body1.decode().replace("\r\n ", "")
    assert "✓ 算定基礎届の提出（2026年分）" in summaries(client_body)


def test_the_office_feeds_report_a_duplicate_id_as_list_does(tmp_path: Path) -> None:
    clients = tmp_path / "clients"
    clients.mkdir()
    for stem in ("a", "b"):
        (clients / f"{stem}.toml").write_text(f'[company]\nname = "{stem}社"\nid = "same"\n', "utf-8")
    feeds = OfficeFeeds(str(clients), rules=[FORMS], bundled=False, today=lambda: TODAY, check_interval=0)
    from bocal.office import load_office

    listed = load_office(clients)
    assert [str(p) for p in feeds.problems] == [str(p) for p in listed.problems]
    assert str(feeds.problems[0]) == (
        f"{clients}/b.toml: key \"id\": id 'same' is already used by {clients}/a.toml (calendar UIDs would collide)"
        " (set a different id in [company])"
    )


def components(body: bytes) -> list[bytes]:
    return re.findall(rb"BEGIN:V(?:EVENT|TODO)\r\n.*?END:V(?:EVENT|TODO)\r\n", body, flags=re.S)


def test_office_ics_holds_the_office_feeds_components(tmp_path: Path) -> None:
    """office.ics (export --clients) and the office's labor feed come from one digest: for the same
    range, the feed's components are exactly office.ics's labor ones, byte for byte, in order."""
    from click.testing import CliRunner

    from bocal.cli import cli

    clients = tmp_path / "clients"
    shutil.copytree(HERE / "fixtures" / "clients", clients)
    # the office feeds' window for 2026-05-01: from the 1st of last month to the end of the month
    # twelve months ahead: 2026-04-01 .. 2027-05-31
    r = CliRunner().invoke(
        cli,
        [
            "--today",
            "2026-05-01",
            "export",
            "--clients",
            str(clients),
            "--no-bundled",
            "--rules",
            FORMS,
            "--from",
            "2026-04-01",
            "--to",
            "2027-05-31",
            "--todo",
            "-o",
            str(tmp_path / "out"),
        ],
    )
    assert r.exit_code == 2, r.output  # broken.toml is skipped (and said so); the others are written
    office_ics = (tmp_path / "out" / "office.ics").read_bytes()
    from bocal.ics import CalendarOptions

    feeds = OfficeFeeds(
        str(clients),
        rules=[FORMS],
        bundled=False,
        today=lambda: TODAY,
        options=CalendarOptions(todo=True),
        check_interval=0,
    )
    _, labor = get(FeedApp(feeds.registry), f"/{feeds.office_token or feeds.tokens.office}/labor.ics")
    want = [c for c in components(office_ics) if b"CATEGORIES:\xe5\x8a\xb4\xe5\x8b\x99\r\n" in c]  # 労務
    assert want and components(labor) == want


def test_a_live_store_reaches_the_office_feeds_without_a_restart(tmp_path: Path) -> None:
    """serve --clients follows the task store (a LiveState): a task marked done by another process
    shows in the office feed at the next check."""
    from datetime import UTC, datetime

    from bocal.store import DbUrl, Store, TaskRef, Update
    from bocal.store.live import LiveState

    clients = tmp_path / "clients"
    shutil.copytree(HERE / "fixtures" / "clients", clients)
    url = DbUrl("sqlite", str(tmp_path / "state.sqlite3"))
    live = LiveState(Store(url), check_interval=0)
    feeds = OfficeFeeds(str(clients), rules=[FORMS], bundled=False, today=lambda: TODAY, state=live, check_interval=0)
    app = FeedApp(feeds.registry)
    office = feeds.office_token or feeds.tokens.office
    etag1, body1 = get(app, f"/{office}/labor.ics")
    assert "2社（未了 2・済 0）" in body1.decode().replace("\r\n ", "")
    beta = next(c for c in feeds.clients if c.id == "beta")
    task = next(
        t
        for t in feeds.rules.expander.expand(beta.profile, date(2026, 7, 1), date(2026, 7, 31))
        if t.duty.id == "santei-kiso"
    )
    with Store(url) as other:  # `bocal done --clients … --client beta` in another process, in effect
        other.apply(
            [Update(TaskRef.of(task), status=Status.DONE)], at=datetime(2026, 7, 1, tzinfo=UTC), by="x", today=TODAY
        )
    etag2, body2 = get(app, f"/{office}/labor.ics")
    assert etag2 != etag1
    assert "2社（未了 1・済 1）" in body2.decode().replace("\r\n ", "")
