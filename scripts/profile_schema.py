"""Regenerate src/bocal/profile_schema.py from src/bocal/profile_keys.toml (the source of truth).

`bocal list` on the default profile needs the schema for its defaults; reading it from TOML cost
~4 ms of start-up (importing tomllib and parsing), so a Python literal is generated from it. Run
`python scripts/profile_schema.py` after editing profile_keys.toml; `--check` exits 1 when stale;
tests/test_docs.py runs the check.
"""

from __future__ import annotations

import pprint
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "bocal" / "profile_keys.toml"
TARGET = ROOT / "src" / "bocal" / "profile_schema.py"


def render() -> str:
    keys = tomllib.loads(SOURCE.read_text("utf-8"))
    body = pprint.pformat(keys, width=110, sort_dicts=False)
    return (
        '"""Generated from profile_keys.toml by scripts/profile_schema.py — do not edit by hand."""\n\n'
        "from typing import Any\n\n"
        f"KEYS: dict[str, dict[str, Any]] = {body}\n"
    )


if __name__ == "__main__":
    text = render()
    if "--check" in sys.argv:
        sys.exit(0 if TARGET.exists() and TARGET.read_text("utf-8") == text else 1)
    TARGET.write_text(text, "utf-8")
