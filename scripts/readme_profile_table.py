"""Regenerate the README's profile-key table from src/bocal/profile_keys.toml.

Run `python scripts/readme_profile_table.py` after adding a key; tests/test_docs.py fails while the
README is out of date. The table sits between the BEGIN/END marker comments.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- BEGIN profile-keys -->", "<!-- END profile-keys -->"


def table() -> str:
    keys = tomllib.loads((ROOT / "src" / "bocal" / "profile_keys.toml").read_text("utf-8"))
    rows = ["| key | type | default | 意味 / meaning |", "|---|---|---|---|"]
    for name, spec in keys.items():
        default = spec.get("default")
        shown = (
            "(unset)"
            if default is None
            else ("`" + repr(default).replace("'", '"').replace("True", "true").replace("False", "false") + "`")
        )
        typ = spec["type"] + (f" ({', '.join(spec['choices'])})" if spec.get("choices") else "")
        if "min" in spec or "max" in spec:
            typ += f" {spec.get('min', '')}–{spec.get('max', '')}"
        rows.append(f"| `{name}` | {typ} | {shown} | {spec.get('ja', '')} / {spec.get('en', '')} |")
    return "\n".join(rows)


def render(readme: str) -> str:
    head, _, rest = readme.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{table()}\n{END}{tail}"


if __name__ == "__main__":
    path = ROOT / "README.md"
    new = render(path.read_text("utf-8"))
    if "--check" in sys.argv:
        sys.exit(0 if new == path.read_text("utf-8") else 1)
    path.write_text(new, "utf-8")
