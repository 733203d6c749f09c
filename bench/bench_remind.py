#!/usr/bin/env python3
"""bocal against `remind` on the same rule mix, whole process against whole process, in pairs.

    python bench/bench_remind.py [--companies 1000] [--runs 5] [--year 2026]

The mix: 4 monthly rules (the 10th, 15th and 20th of the next month moved forward off closed days,
the 25th moved back), 10 annual fixed dates moved forward, and 2 rules that depend on the company
(the last day of the month 2 and 3 months after its fiscal year end, moved forward): 60 occurrences
per company-year, 12 distinct year ends among the generated companies, so neither side can treat
1,000 companies as one. remind gets one REM line per rule per company (its year-end dates written
per company) and an OMIT line per closed day (weekends by OMIT SAT SUN, national holidays and
12/29–1/3 from bocal's own tables); `remind -s12` prints the year. bocal gets the same rules as a
rule file and the companies as a --clients directory; `bocal list --clients … --format csv` prints
the year. Every company's dates are checked equal on both sides before timing.

Printed: for 1 company and for --companies, the median wall time of each whole process (start-up,
reading its input, the year, output), taken A B A B; and, for reference, bocal's expansion alone
in-process. Needs `remind` (Debian package remind).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import make_clients  # noqa: E402
from benchutil import best  # noqa: E402

from bocal.calendars import business_calendar  # noqa: E402
from bocal.clients import load_clients  # noqa: E402
from bocal.expand import Expander  # noqa: E402
from bocal.rules import load_catalog  # noqa: E402

BOCAL = str(Path(sys.executable).parent / "bocal")

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHLY = [(10, "following"), (15, "following"), (20, "following"), (25, "preceding")]
ANNUAL = ["01-31", "03-15", "04-30", "05-31", "06-10", "07-10", "08-31", "09-30", "10-31", "12-10"]
#: Rules that depend on the company: due N months after its fiscal year end, on the last day of that
#: month, moved forward (法人税 2 months, 有報 3 months). They keep the expansion cache from turning
#: 1,000 companies into one: each distinct year end is its own work, on both sides.
FISCAL = [2, 3]


def rules_toml() -> str:
    out = []
    for day, shift in MONTHLY:
        months = "this month" if shift == "preceding" else "next month"
        out.append(
            f'[[duty]]\nid = "m{day}"\ntitle = "月次{day}"\ntitle_en = "Monthly {day}"\narea = "accounting"\n'
            f'every = "month"\ndue = "{day}th of {months}"\nshift = "{shift}"\nregime = "national-tax"\n'
            'basis = "customary"\n'
        )
    for md in ANNUAL:
        out.append(
            f'[[duty]]\nid = "y{md}"\ntitle = "年次{md}"\ntitle_en = "Yearly {md}"\narea = "accounting"\n'
            f'every = "year"\ndue = "{md}"\nregime = "national-tax"\nbasis = "customary"\n'
        )
    for n in FISCAL:
        out.append(
            f'[[duty]]\nid = "fy{n}"\ntitle = "決算{n}"\ntitle_en = "Fiscal {n}"\narea = "accounting"\n'
            f'every = "fiscal-year"\ndue = "{n} months after end"\nregime = "national-tax"\nbasis = "customary"\n'
        )
    return "\n".join(out)


def remind_file(companies: list[tuple[str, int]], year: int) -> str:
    cal = business_calendar("national-tax")
    lines = []
    d = date(year - 1, 12, 1)
    while d <= date(year + 1, 1, 31):
        c = cal.closed(d)
        if c is not None and c.kind != "weekend":
            lines.append(f"OMIT {d.day} {MONTHS[d.month - 1]} {d.year}")
        d += timedelta(days=1)
    for cid, fye in companies:
        for n in FISCAL:  # the last day of the month n months after the year end: the 1st of the next, less a day
            after = (fye + n) % 12 + 1
            lines.append(f"REM 1 {MONTHS[after - 1]} --1 OMIT SAT SUN AFTER MSG {cid} fy{n}")
        for day, shift in MONTHLY:
            lines.append(f"REM {day} OMIT SAT SUN {'BEFORE' if shift == 'preceding' else 'AFTER'} MSG {cid} m{day}")
        for md in ANNUAL:
            m, dd = (int(x) for x in md.split("-"))
            lines.append(f"REM {MONTHS[m - 1]} {dd} OMIT SAT SUN AFTER MSG {cid} y{md}")
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--companies", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--year", type=int, default=2026)
    a = ap.parse_args()
    remind = shutil.which("remind")
    if remind is None:
        print("remind is not installed (apt-get install remind)", file=sys.stderr)
        return 1
    y = a.year
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        (t / "mix.toml").write_text(rules_toml(), encoding="utf-8")
        make_clients.write_clients(t / "clients", a.companies, 1)
        office = load_clients(t / "clients")
        ids = [c.id for c in office.clients]
        fyes = [int(c.profile.values["fiscal_year_end"]) for c in office.clients]
        (t / "office.rem").write_text(remind_file(list(zip(ids, fyes, strict=True)), y), encoding="utf-8")
        (t / "one.rem").write_text(remind_file([(ids[0], fyes[0])], y), encoding="utf-8")
        (t / "one").mkdir()
        shutil.copy(office.clients[0].path, t / "one")
        catalog = load_catalog([t / "mix.toml"], bundled=False)

        def run_remind() -> list[str]:
            p = subprocess.run(
                [remind, "-s12", str(t / "office.rem"), "1", "Jan", str(y)], capture_output=True, text=True, check=True
            )
            return p.stdout.splitlines()

        t_rem, lines = best(a.runs, run_remind)
        n_rem = len(lines)
        start, end = date(y, 1, 1), date(y, 12, 31)
        profiles = [c.profile for c in office.clients]

        # the same dates for every company
        by_company: dict[str, list[str]] = {}
        for ln in lines:
            by_company.setdefault(ln.split()[-2], []).append(ln.split()[0].replace("/", "-"))
        ex = Expander(catalog)
        for cid, prof in zip(ids, profiles, strict=True):
            bocal_dates = sorted(tk.due.isoformat() for tk in ex.expand(prof, start, end))
            if sorted(by_company.get(cid, [])) != bocal_dates:
                print(
                    f"MISMATCH for {cid}:\n remind {sorted(by_company.get(cid, []))}\n bocal  {bocal_dates}",
                    file=sys.stderr,
                )
                return 1

        def shared() -> int:
            ex = Expander(catalog)
            return sum(len(ex.expand(p, start, end)) for p in profiles)

        shared()
        t_shared, n_b = best(a.runs, shared)

        def remind_proc(rem: str) -> Callable[[], int]:
            argv = [remind, "-s12", str(t / rem), "1", "Jan", str(y)]
            return lambda: subprocess.run(argv, capture_output=True, check=True).stdout.count(b"\n")

        def bocal_proc(clients: str) -> Callable[[], int]:
            argv = [BOCAL, "list", "--no-bundled", "--rules", str(t / "mix.toml"), "--clients", str(t / clients)]
            argv += ["--year", str(y), "--format", "csv"]
            return lambda: subprocess.run(argv, capture_output=True, check=True).stdout.count(b"\n") - 1

        table = []
        for label, rem, clients in (
            ("1 company", "one.rem", "one"),
            (f"{a.companies:,} companies", "office.rem", "clients"),
        ):
            (t_r, n_r), (t_c, n_c) = pairs(a.runs, remind_proc(rem), bocal_proc(clients))
            if n_r != n_c:
                print(f"COUNTS DIFFER ({label}): remind {n_r}, bocal list {n_c}", file=sys.stderr)
                return 1
            table.append((label, n_r, t_r, t_c))

    print(
        f"{a.companies:,} companies x {len(MONTHLY) + len(ANNUAL) + len(FISCAL)} rules x 12 months ({y}); medians of {a.runs} pairs"
    )
    print(f"remind {subprocess.run([remind, '-V'], capture_output=True, text=True).stderr.strip().split(' (')[0]}")
    if n_rem != n_b:
        print(f"COUNTS DIFFER: remind {n_rem}, bocal {n_b}", file=sys.stderr)
        return 1
    print(
        f"{'whole process (A B A B)':26} {'occurrences':>11} {'remind -s12':>12} {'bocal list':>11} {'bocal/remind':>12}"
    )
    for label, n, t_r, t_c in table:
        print(f"{label:26} {n:>11,} {t_r:>11.3f}s {t_c:>10.3f}s {t_c / t_r:>11.2f}x")
    print(f"(in-process, bocal's expansion alone with one shared Expander: {t_shared:.3f} s for {n_b:,})")
    return 0


def pairs(n: int, a: Callable[[], int], b: Callable[[], int]) -> tuple[tuple[float, int], tuple[float, int]]:
    """Medians of A and B, taken in turn (A B A B …) so drift of a shared machine falls on both."""
    ta, tb = [], []
    na = nb = 0
    for _ in range(n):
        s = time.perf_counter()
        na = a()
        ta.append(time.perf_counter() - s)
        s = time.perf_counter()
        nb = b()
        tb.append(time.perf_counter() - s)
    return (statistics.median(ta), na), (statistics.median(tb), nb)


if __name__ == "__main__":
    sys.exit(main())
