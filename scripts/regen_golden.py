"""Regenerate the golden snapshots of the bundled catalog: tests/golden/<profile>.json.

Each snapshot lists, per duty, every task due 2025-01-01..2027-12-31 as
"period-key  nominal → due  [window start]". Review the diff line by line against the law and the
calendar before committing (tests/golden/REVIEW.md records how the tricky dates were derived);
tests/test_golden.py fails while a snapshot differs from what the program computes.

    python scripts/regen_golden.py          # rewrite the snapshots
    python scripts/regen_golden.py --check  # exit 1 if any differs
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from bocal.expand import Expander  # noqa: E402
from bocal.profile import default_profile, load_profile  # noqa: E402
from bocal.rules import load_catalog  # noqa: E402

START, END = date(2025, 1, 1), date(2027, 12, 31)
PROFILES = {
    "default": None,
    "small-special": ROOT / "tests" / "fixtures" / "profiles" / "small-special.toml",
    "listed-december": ROOT / "tests" / "fixtures" / "profiles" / "listed-december.toml",
}


def snapshot(name: str) -> str:
    path = PROFILES[name]
    profile = default_profile() if path is None else load_profile(path)
    catalog = load_catalog()
    tasks = Expander(catalog).expand(profile, START, END)
    # calendar duties only: event duties (on = "hire") need recorded events (tests/test_events.py)
    out: dict[str, list[str]] = {d.id: [] for d in catalog.duties if d.kind != "event"}
    for t in tasks:
        line = f"{t.period.key}  {t.nominal.isoformat()} → {t.due.isoformat()}"
        if t.start is not None:
            line += f"  [from {t.start.isoformat()}]"
        out[t.duty.id].append(line)
    return json.dumps(dict(sorted(out.items())), ensure_ascii=False, indent=1) + "\n"


def main() -> int:
    check = "--check" in sys.argv
    stale = []
    for name in PROFILES:
        target = ROOT / "tests" / "golden" / f"{name}.json"
        text = snapshot(name)
        if not target.exists() or target.read_text("utf-8") != text:
            stale.append(name)
            if not check:
                target.write_text(text, "utf-8")
    if check and stale:
        print(
            "stale golden snapshots: " + ", ".join(stale) + " (run python scripts/regen_golden.py and review the diff)"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
