"""Offices at scale (issue #17): the office feeds of 1,000 generated clients each stay under 1 MB and
real parsers read them; the office feeds are rendered in one pass, once; list --clients as data is
written as it goes with the bytes of the whole-list renderer; progress on a terminal only.

No timings here (they are in bench/): these tests check sizes, counts and bytes.
"""

from __future__ import annotations

import json
import sys
import threading
from datetime import date
from pathlib import Path

import icalendar
import pytest

from bocal.clients import office_tasks, to_csv, to_json
from bocal.expand import Expander
from bocal.listing import Query
from bocal.office import load_office
from bocal.office_rows import office_rows
from bocal.rules import load_catalog
from bocal.server.office import OfficeFeeds

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "bench"))
import make_clients  # noqa: E402  (bench/make_clients.py: the seeded synthetic office)

sys.path.insert(0, str(HERE))
from parsers import harness  # noqa: E402

TODAY = date(2026, 5, 1)
#: Google Calendar stops reading subscribed feeds above about 1 MB.
ONE_MB = 1_000_000


@pytest.fixture(scope="module")
def office_1000(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("office1000")
    make_clients.write_clients(d, 1000, seed=1)
    return d


def test_every_office_feed_of_1000_clients_is_under_1_mb_and_parses(office_1000: Path) -> None:
    feeds = OfficeFeeds(str(office_1000), today=lambda: TODAY, check_interval=3600)
    office = feeds.snapshots["office"]
    assert len(office.calendars) >= 6 + 5  # the areas, and the generator's office staff as owners
    bodies = {key: entry.rendered.body for key, entry in office.calendars.items()}
    # every feed came from the one pass the first request started: one render, the rest put alongside
    assert feeds.office_passes == 1 and len(feeds.cache) == len(bodies)
    for key, body in bodies.items():
        assert 0 < len(body) < ONE_MB, (key, len(body))
        cal = icalendar.Calendar.from_ical(body)
        events = list(cal.walk("VEVENT"))
        assert events and len({str(e["UID"]) for e in events}) == len(events), key
        # every event counts its clients, and its description lists some of them
        assert all(str(e["SUMMARY"]).endswith("社") for e in events), key
    accounting = bodies["accounting"]
    readers = {"libical": harness.parse_libical, "vobject": harness.parse_vobject, "ical": harness.parse_ical}
    readers["icaljs"] = harness.parse_icaljs
    available = [p for p in harness.available_parsers() if p in readers]
    assert available  # vobject and ical come with the test extras
    n = len(icalendar.Calendar.from_ical(accounting).walk("VEVENT"))
    for parser in available:
        assert len(readers[parser](accounting).events) == n, parser


def test_the_office_feeds_are_rendered_once_for_concurrent_first_polls(tmp_path: Path) -> None:
    d = tmp_path / "c"
    make_clients.write_clients(d, 40, seed=5)
    feeds = OfficeFeeds(str(d), today=lambda: TODAY, check_interval=3600)
    entries = list(feeds.snapshots["office"].calendars.values())
    got: list[bytes] = []
    threads = [threading.Thread(target=lambda e=e: got.append(e.rendered.body)) for e in entries * 3]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 3 * len(entries) and feeds.office_passes == 1


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_streamed_office_rows_are_the_whole_lists_bytes(tmp_path: Path, fmt: str) -> None:
    """The streamed rows equal the renderer that holds the whole list (ordered by due date, then
    client in directory order, then the client's own order), for an office with varied clients."""
    d = tmp_path / "c"
    make_clients.write_clients(d, 25, seed=11)
    catalog = load_catalog()
    clients = load_office(d).clients
    query = Query(date(2026, 1, 1), date(2026, 12, 31), None, ())
    rows = office_tasks(Expander(catalog), clients, query.start, query.end)
    want = to_json(rows, "ja") if fmt == "json" else to_csv(rows, "ja", bom=True)
    got = b"".join(office_rows(catalog, clients, query, lang="ja", fmt=fmt, bom=True)).decode("utf-8")
    assert got == want
    if fmt == "json":
        data = json.loads(got)
        dues = [r["due"] for r in data]
        assert dues == sorted(dues) and len({r["client"] for r in data}) == 25


def test_an_empty_office_list_is_an_empty_json_list(tmp_path: Path) -> None:
    d = tmp_path / "c"
    make_clients.write_clients(d, 2, seed=1)
    query = Query(date(2026, 1, 1), date(2026, 12, 31), ["hr"], ("nobody",))
    got = b"".join(office_rows(load_catalog(), load_office(d).clients, query, lang="ja", fmt="json"))
    assert got == b"[]\n" == to_json([], "ja").encode()


# -- progress on a terminal only ---------------------------------------------------------------------


def _run_in_pty(args: list[str]) -> bytes:
    """The command's stdout and stderr as a terminal shows them (a real pty, a real process)."""
    import os
    import pty
    import subprocess

    main, sub = pty.openpty()
    bocal = str(Path(sys.executable).parent / "bocal")
    proc = subprocess.Popen([bocal, *args], stdin=sub, stdout=sub, stderr=sub, env={**os.environ, "LANG": "C.UTF-8"})
    os.close(sub)
    out = b""
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:  # EIO: the process closed the terminal
            break
        if not data:
            break
        out += data
    os.close(main)
    assert proc.wait() == 0, out
    return out


def test_office_export_shows_a_progress_bar_on_a_terminal_and_a_summary(tmp_path: Path) -> None:
    d = tmp_path / "c"
    make_clients.write_clients(d, 3, seed=2)
    out = _run_in_pty(
        ["--today", "2026-05-01", "export", "--clients", str(d), "--year", "2026", "-o", str(tmp_path / "o")]
    )
    text = out.decode("utf-8")
    assert "\r\x1b[K顧問先 3/3 [########################] 100%" in text  # the last draw is always shown
    summary = text.rsplit("\r\x1b[K", 1)[1]  # the bar is erased before the summary
    assert summary.startswith(f"{tmp_path / 'o'}: 3 client calendars and office.ics, ") and summary.endswith("\r\n")
    quiet = _run_in_pty(
        ["--today", "2026-05-01", "export", "--clients", str(d), "--year", "2026", "-o", str(tmp_path / "q"), "-q"]
    ).decode("utf-8")
    assert "顧問先" not in quiet and "\x1b" not in quiet and ": 3 client calendars and office.ics, " in quiet


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from bocal.cli import cli

    d = tmp_path / "c"
    make_clients.write_clients(d, 3, seed=2)
    r = CliRunner().invoke(
        cli, ["--today", "2026-05-01", "export", "--clients", str(d), "--year", "2026", "-o", str(tmp_path / "o")]
    )
    assert r.exit_code == 0 and "\x1b" not in r.stderr and r.stderr.count("\n") == 1


def test_the_eta_comes_from_the_pace_so_far() -> None:
    from bocal.cli.progress import bar_line

    # 1 of 4 clients in 10 s: 3 more at 10 s each → 30 s left
    assert bar_line(1, 4, 10.0, "顧問先", "ja") == "顧問先 1/4 [######··················] 25% 残り約 0:30"
    # 150 of 1,000 in 90 s: 850 × 0.6 s = 510 s = 8:30
    assert bar_line(150, 1000, 90.0, "clients", "en").endswith("15% about 8:30 left")
    assert bar_line(0, 10, 0.0, "clients", "en") == "clients 0/10 [························] 0%"


# -- rendered calendars kept on disk ------------------------------------------------------------------


def test_a_calendar_larger_than_memory_is_read_back_from_disk_not_rendered_again(tmp_path: Path) -> None:
    from bocal.server.cache import RenderCache

    cache = RenderCache(1000, str(tmp_path / "feeds"))
    made: list[str] = []

    def render(tag: str) -> bytes:
        made.append(tag)
        return tag.encode() * 600  # 1.2-1.8 kB: more than the whole memory budget

    for tag in ("aa", "bbb", "aa", "bbb", "aa"):
        assert cache.get(tag, lambda tag=tag: render(tag)) == tag.encode() * 600
    assert made == ["aa", "bbb"] and cache.disk_reads == 3 and len(cache) == 0
    cache.retain({"bbb"})
    assert len(list((tmp_path / "feeds").iterdir())) == 1
    assert cache.get("aa", lambda: render("aa")) and made == ["aa", "bbb", "aa"]


def test_serving_an_office_keeps_every_feed_on_disk_and_memory_bounded(tmp_path: Path) -> None:
    d = tmp_path / "c"
    make_clients.write_clients(d, 12, seed=4)
    feeds = OfficeFeeds(
        str(d), today=lambda: TODAY, check_interval=3600, cache_bytes=300_000, disk_cache=str(tmp_path / "k")
    )
    feeds.warm_office()
    first = {cid: snap.calendars["all"].rendered.body for cid, snap in feeds.snapshots.items() if cid != "office"}
    renders = feeds.cache.renders
    again = {cid: snap.calendars["all"].rendered.body for cid, snap in feeds.snapshots.items() if cid != "office"}
    assert again == first and feeds.cache.renders == renders and feeds.cache.size <= 300_000
    assert len(list((tmp_path / "k").iterdir())) == 12 + len(feeds.snapshots["office"].calendars)


@pytest.mark.parametrize(
    ("name", "desc"),
    [
        ("株式会社アルファ 期限カレンダー（経理・税理士 佐藤）", "顧問先の法定・慣行上の期限（bocal）。" * 6),
        ("Alpha deadlines (Accounting, Sato)", "Deadlines; moved off weekends, holidays and the year-end closure."),
        ("山田商事\\本社", None),
        ("🍣" * 40, "a,b;c"),
        ("x", ""),
        ("bocal-name-placeholder", "bocal-description-placeholder"),
    ],
)
def test_a_header_filled_in_is_the_header_icalendar_renders(name: str, desc: str | None) -> None:
    from bocal.ics.assemble import calendar_header, render_header

    assert calendar_header(name, desc) == render_header(name, desc)
    icalendar.Calendar.from_ical(calendar_header(name, desc) + b"END:VCALENDAR\r\n")
