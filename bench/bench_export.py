#!/usr/bin/env python3
"""Export speed: events/s for `bocal export --clients`, and bocal's overhead over bare icalendar.

    python bench/bench_export.py [--clients 100] [--runs 3] [--year 2026]

bocal: `export_office` for N generated clients — expansion, one .ics per client (atomic, fsync)
and the streamed office.ics. Baseline: the same calendars built directly with icalendar from
precomputed values (every property string, date and alarm made before the clock starts), then
serialised and written: icalendar's own cost for the same bytes. bocal's overhead is its time over
the baseline's. Both produce the same content (checked after unfolding; bocal also refolds
every line itself so no fold splits a UTF-8 character, which counts as bocal's own work). Peak memory (tracemalloc, a separate
run) is shown for N and 4N clients: streaming keeps it flat rather than growing with the office.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
import make_clients  # noqa: E402
from icalendar import Alarm, Calendar, Event  # noqa: E402

from bocal.clients import export_office, load_clients, office_calendar_texts  # noqa: E402
from bocal.describe import area_name  # noqa: E402
from bocal.expand import Expander  # noqa: E402
from bocal.ical import (  # noqa: E402
    PRODID,
    REFRESH,
    alarm_text,
    calendar_texts,
    derived_uid,
    description,
    opening_title,
    sequence_for,
    stamp_for,
)
from bocal.rules import load_catalog  # noqa: E402

LANG = "ja"


def plain_values(client: Any, tasks: list[Any]) -> list[dict[str, Any]]:
    """Every component's values (opening and deadline events), computed before timing the baseline."""
    out = []
    prefix = f"【{client.name}】"
    for t in tasks:
        common = {
            "stamp": stamp_for(t),
            "sequence": sequence_for(t),
            "categories": [area_name(t.duty.area, LANG)],
            "url": t.duty.source,
        }
        if t.start is not None and t.start < t.due:
            title = opening_title(t, LANG)
            out.append(
                {
                    **common,
                    "uid": derived_uid(t.uid, "opens"),
                    "summary": title,
                    "office_summary": prefix + title,
                    "description": description(t, LANG, opening=True),
                    "day": t.start,
                    "alarms": [],
                }
            )
        title = t.title(LANG)
        out.append(
            {
                **common,
                "uid": t.uid,
                "summary": title,
                "office_summary": prefix + title,
                "description": description(t, LANG),
                "day": t.due,
                "alarms": [(alarm_text(d, LANG), timedelta(days=-d)) for d in sorted(set(t.duty.remind), reverse=True)],
            }
        )
    return out


def calendar(name: str, desc: str) -> Calendar:
    cal = Calendar()
    for k, v in (
        ("prodid", PRODID),
        ("version", "2.0"),
        ("calscale", "GREGORIAN"),
        ("name", name),
        ("x-wr-calname", name),
        ("description", desc),
        ("x-wr-caldesc", desc),
        ("x-wr-timezone", "Asia/Tokyo"),
    ):
        cal.add(k, v)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT12H")
    return cal


def event(v: dict[str, Any], summary: str) -> Event:
    ev = Event()
    ev.add("uid", v["uid"])
    ev.add("dtstamp", v["stamp"])
    ev.add("last-modified", v["stamp"])
    ev.add("sequence", v["sequence"])
    ev.add("summary", summary)
    ev.add("description", v["description"])
    ev.add("categories", v["categories"])
    if v["url"]:
        ev.add("url", v["url"])
    ev.add("dtstart", v["day"])
    ev.add("dtend", v["day"] + timedelta(days=1))
    ev.add("transp", "TRANSPARENT")
    ev.add("x-microsoft-cdo-alldayevent", "TRUE")
    for text, trigger in v["alarms"]:
        al = Alarm()
        al.add("action", "DISPLAY")
        al.add("description", text)
        al.add("trigger", trigger)
        ev.add_component(al)
    return ev


def baseline(
    prepared: list[tuple[str, tuple[str, str], list[dict[str, Any]]]], office: tuple[str, str], out: Path
) -> None:
    """Each client's Calendar serialised whole; the office calendar's events serialised one by one
    into its file (icalendar's cheapest way to the same bytes without holding them all)."""
    end = b"END:VCALENDAR\r\n"
    with open(out / "office.ics", "wb") as fh:
        fh.write(calendar(*office).to_ical()[: -len(end)])
        for cid, texts, values in prepared:
            cal = calendar(*texts)
            for v in values:
                cal.add_component(event(v, v["summary"]))
                fh.write(event(v, v["office_summary"]).to_ical())
            (out / f"{cid}.ics").write_bytes(cal.to_ical())
        fh.write(end)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=100)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--year", type=int, default=2026)
    a = ap.parse_args()
    start, end = date(a.year, 1, 1), date(a.year, 12, 31)
    catalog = load_catalog()
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        make_clients.write_clients(t / "clients", a.clients * 4, 1)
        office = load_clients(t / "clients")
        clients = office.clients[: a.clients]

        def run_bocal() -> int:
            return export_office(Expander(catalog), clients, t / "bocal", start, end, lang=LANG).events

        def prepare() -> list[tuple[str, tuple[str, str], list[dict[str, Any]]]]:
            ex = Expander(catalog)
            return [
                (c.id, calendar_texts(c.profile.name, LANG), plain_values(c, ex.expand(c.profile, start, end)))
                for c in clients
            ]

        own = []
        for _ in range(a.runs):
            s = time.perf_counter()
            prepared = prepare()
            own.append(time.perf_counter() - s)
        (t / "base").mkdir()

        def run_base() -> None:
            baseline(prepared, office_calendar_texts(len(clients), LANG), t / "base")

        bocal_times, base_times = [], []
        events = 0
        for _ in range(a.runs):  # interleaved, so a noisy neighbour hurts both alike
            s = time.perf_counter()
            events = run_bocal()
            bocal_times.append(time.perf_counter() - s)
            s = time.perf_counter()
            run_base()
            base_times.append(time.perf_counter() - s)

        def unfolded(p: Path) -> bytes:
            return p.read_bytes().replace(b"\r\n ", b"")

        for f in (t / "base").iterdir():  # the same content (bocal refolds between UTF-8 characters itself)
            if f.name == "office.ics":  # bocal's is the office calendar now (one event per deadline, #17)
                continue
            if unfolded(f) != unfolded(t / "bocal" / f.name):
                print(f"DIFFERENT BYTES: {f.name}", file=sys.stderr)
                return 1
        tb, t0 = min(bocal_times), min(base_times)
        written = events * 2  # each event once in its client's file and once in office.ics
        print(f"{a.clients} clients, {events:,} events (x2 with office.ics), {a.year}; best of {a.runs} runs")
        print(f"bocal export --clients : {tb:7.2f} s  {written / tb:8,.0f} events/s written")
        print(f"bare icalendar         : {t0:7.2f} s  {written / t0:8,.0f} events/s written")
        print(f"bocal's own overhead   : {100 * (tb - t0) / t0:6.1f} % (whole export against the baseline)")
        print(
            f"bocal's own work alone : {min(own):7.2f} s  = {100 * min(own) / t0:.1f} % of icalendar's time"
            " (expansion, descriptions, stamps: the values the baseline is handed)"
        )

        for n in (a.clients // 4 or 1, a.clients):
            tracemalloc.start()
            export_office(Expander(catalog), office.clients[:n], t / f"mem{n}", start, end, lang=LANG)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            size = sum(f.stat().st_size for f in (t / f"mem{n}").iterdir())
            print(
                f"peak memory, {n:>4} clients: {peak / 2**20:6.1f} MiB traced (files written: {size / 2**20:.0f} MiB)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
