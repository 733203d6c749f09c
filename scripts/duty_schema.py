"""Regenerate src/bocal/duty_schema.py from src/bocal/duty_keys.toml (the source of truth).

The rule loader reads the declaration on every catalog compile; a Python literal spares it
importing tomllib and parsing the TOML (as scripts/profile_schema.py does for the profile keys).
Run `python scripts/duty_schema.py` after editing duty_keys.toml; `--check` exits 1 when stale;
tests/test_duty_keys.py runs the check.
"""

from __future__ import annotations

import pprint
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "bocal" / "duty_keys.toml"
TARGET = ROOT / "src" / "bocal" / "duty_schema.py"


def render() -> str:
    keys = tomllib.loads(SOURCE.read_text("utf-8"))
    body = pprint.pformat(keys, width=110, sort_dicts=False)
    return (
        '"""Generated from duty_keys.toml by scripts/duty_schema.py — do not edit by hand."""\n\n'
        "from typing import Any\n\n"
        f"KEYS: dict[str, dict[str, Any]] = {body}\n"
    )


if __name__ == "__main__":
    text = render()
    if "--check" in sys.argv:
        sys.exit(0 if TARGET.exists() and TARGET.read_text("utf-8") == text else 1)
    TARGET.write_text(text, "utf-8")
