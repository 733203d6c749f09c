#!/usr/bin/env python3
"""bocal against `remind` on the same simple rule mix: 1,000 companies × 14 rules × 12 months.

    python bench/bench_remind.py [--companies 1000] [--runs 5] [--year 2026]

The mix: 4 monthly rules (the 10th, 15th and 20th of the next month moved forward off closed days,
the 25th moved back) and 10 annual fixed dates moved forward: 58 occurrences per company-year.
remind gets one REM line per rule per company and an OMIT line per closed day (weekends by
OMIT SAT SUN, national holidays and 12/29–1/3 from bocal's own tables), and `remind -s12` prints the
year's occurrences. bocal gets the same 14 rules as a rule file and the companies as a --clients
directory. Both must give the same dates (checked for the first company) and the same count.

Printed (best of --runs): remind's time and rate; bocal's expansion with one shared Expander, with
a fresh Expander per company (no sharing between companies at all), and the whole `bocal list
--clients … --format csv` process (start-up, 1,000 TOML files, expansion, CSV), each with its rate
and its ratio to remind's rate. Needs `remind` (Debian package remind).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import make_clients  # noqa: E402
from benchutil import best  # noqa: E402

from bocal.calendars import business_calendar  # noqa: E402
from bocal.clients import load_clients  # noqa: E402
from bocal.expand import Expander  # noqa: E402
from bocal.rules import load_catalog  # noqa: E402

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHLY = [(10, "following"), (15, "following"), (20, "following"), (25, "preceding")]
ANNUAL = ["01-31", "03-15", "04-30", "05-31", "06-10", "07-10", "08-31", "09-30", "10-31", "12-10"]


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
    return "\n".join(out)


def remind_file(company_ids: list[str], year: int) -> str:
    cal = business_calendar("national-tax")
    lines = []
    d = date(year - 1, 12, 1)
    while d <= date(year + 1, 1, 31):
        c = cal.closed(d)
        if c is not None and c.kind != "weekend":
            lines.append(f"OMIT {d.day} {MONTHS[d.month - 1]} {d.year}")
        d += timedelta(days=1)
    for cid in company_ids:
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
        (t / "office.rem").write_text(remind_file(ids, y), encoding="utf-8")
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

        # the same dates for the first company
        first = ids[0]
        rem_dates = sorted(ln.split()[0].replace("/", "-") for ln in lines if f" {first} " in ln)
        bocal_dates = sorted(tk.due.isoformat() for tk in Expander(catalog).expand(profiles[0], start, end))
        if rem_dates != bocal_dates:
            print(f"MISMATCH for {first}:\n remind {rem_dates}\n bocal  {bocal_dates}", file=sys.stderr)
            return 1

        def shared() -> int:
            ex = Expander(catalog)
            return sum(len(ex.expand(p, start, end)) for p in profiles)

        def alone() -> int:
            return sum(len(Expander(catalog).expand(p, start, end)) for p in profiles)

        shared()
        t_shared, n_b = best(a.runs, shared)
        t_alone, _ = best(a.runs, alone)
        cmd = [sys.executable, "-m", "bocal", "list", "--no-bundled", "--rules", str(t / "mix.toml")]
        cmd += ["--clients", str(t / "clients"), "--year", str(y), "--format", "csv"]

        def cli() -> int:
            p = subprocess.run(cmd, capture_output=True, check=True)
            return p.stdout.count(b"\n") - 1

        t_cli, n_cli = best(a.runs, cli)

    print(f"{a.companies:,} companies x 14 rules x 12 months ({y}); best of {a.runs} runs")
    print(f"remind {subprocess.run([remind, '-V'], capture_output=True, text=True).stderr.strip().split(' (')[0]}")
    if n_rem != n_b or n_cli != n_b:
        print(f"COUNTS DIFFER: remind {n_rem}, bocal {n_b}, bocal list {n_cli}", file=sys.stderr)
        return 1
    rate_rem = n_rem / t_rem
    print(f"{'':34} {'occurrences':>11} {'seconds':>8} {'per second':>11} {'vs remind':>9}")
    rows = [
        ("remind -s12", n_rem, t_rem),
        ("bocal, shared Expander", n_b, t_shared),
        ("bocal, new Expander per company", n_b, t_alone),
        ("bocal list --clients (whole process)", n_cli, t_cli),
    ]
    for label, n, secs in rows:
        print(f"{label:34} {n:>11,} {secs:>8.3f} {n / secs:>11,.0f} {n / secs / rate_rem:>8.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
