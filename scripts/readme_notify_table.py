"""Regenerate the README's table of [notify] keys from bocal.notify.config (NOTIFY_KEYS, RECIPIENT_KEYS).

Run `python scripts/readme_notify_table.py` after adding a key; tests/test_notify_cli.py fails while the
README is out of date. The table sits between the BEGIN/END marker comments.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bocal.notify.config import keys_markdown

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- BEGIN notify-keys -->", "<!-- END notify-keys -->"


def render(readme: str) -> str:
    head, _, rest = readme.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{keys_markdown()}\n{END}{tail}"


if __name__ == "__main__":
    path = ROOT / "README.md"
    new = render(path.read_text("utf-8"))
    if "--check" in sys.argv:
        sys.exit(0 if new == path.read_text("utf-8") else 1)
    path.write_text(new, "utf-8")
