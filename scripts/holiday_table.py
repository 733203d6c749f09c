"""Regenerate src/bocal/holiday_table.py: jpholiday's national holidays, precomputed per year.

jpholiday answers `year_holidays(y)` by testing every day of the year against every holiday rule,
about 100 ms a year; `bocal list` touches two or three years, so that was most of its start-up time
(bench/startup.py). The table holds exactly what jpholiday returns for FIRST..LAST; other years
still ask jpholiday. Run `python scripts/holiday_table.py` after upgrading jpholiday;
`--check` exits 1 when the file differs; tests/test_holiday_table.py compares every year with jpholiday.
"""

from __future__ import annotations

import json
import sys
from importlib import metadata
from pathlib import Path

import jpholiday

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "bocal" / "holiday_table.py"
FIRST, LAST = 2000, 2050


def holidays(year: int) -> dict[str, str]:
    """{"MM-DD": name} for one year, as calendars.national_holidays would build it."""
    return {d.strftime("%m-%d"): name for d, name in dict(jpholiday.year_holidays(year)).items()}


def render() -> str:
    version = metadata.version("jpholiday")
    lines = [
        '"""National holidays per year, generated from jpholiday by scripts/holiday_table.py — do not edit.',
        "",
        "Each year is one string of `MMDD name` entries separated by `;` (cheap to import, parsed on demand).",
        '"""',
        "",
        f"JPHOLIDAY_VERSION = {json.dumps(version)}",
        f"FIRST, LAST = {FIRST}, {LAST}",
        "",
        "YEARS: dict[int, str] = {",
    ]
    for y in range(FIRST, LAST + 1):
        entries = ";".join(f"{md.replace('-', '')} {name}" for md, name in sorted(holidays(y).items()))
        lines.append(f"    {y}: {json.dumps(entries, ensure_ascii=False)},")
    lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    text = render()
    if "--check" in sys.argv:
        if not TARGET.is_file() or TARGET.read_text("utf-8") != text:
            print("src/bocal/holiday_table.py is out of date: run python scripts/holiday_table.py", file=sys.stderr)
            sys.exit(1)
        sys.exit(0)
    TARGET.write_text(text, "utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)} ({FIRST}–{LAST})")
