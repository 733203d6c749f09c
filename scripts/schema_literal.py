"""Write a TOML declaration of bocal's as a generated Python literal (shared by scripts/duty_schema.py
and scripts/profile_schema.py): modules bocal loads at start-up import a literal instead of parsing
TOML with tomllib. `--check` exits 1 when the generated module is stale."""

from __future__ import annotations

import pprint
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def render(source: Path, script: str) -> str:
    keys = tomllib.loads(source.read_text("utf-8"))
    body = pprint.pformat(keys, width=110, sort_dicts=False)
    return (
        f'"""Generated from {source.name} by scripts/{script} — do not edit by hand."""\n\n'
        "from typing import Any\n\n"
        f"KEYS: dict[str, dict[str, Any]] = {body}\n"
    )


def main(source: Path, target: Path, script: str) -> None:
    text = render(source, script)
    if "--check" in sys.argv:
        sys.exit(0 if target.exists() and target.read_text("utf-8") == text else 1)
    target.write_text(text, "utf-8")
