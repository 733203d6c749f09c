"""Regenerate the key table of docs/rules.md from src/bocal/duty_keys.toml.

Run `python scripts/rules_doc_table.py` after adding or changing a duty key; tests/test_duty_keys.py
fails while the document is out of date. The table sits between the BEGIN/END marker comments;
the values of a choice come from the vocabulary the loader checks against.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from bocal.duty_fields import vocabulary  # noqa: E402

DOC = ROOT / "docs" / "rules.md"
BEGIN, END = "<!-- BEGIN duty-keys -->", "<!-- END duty-keys -->"

#: What each declared type accepts, in words.
TYPES = {
    "id": "`[a-z0-9-]+`",
    "text": "string",
    "url": "`https://…` URL",
    "period": '{values}, `"N years"`',
    "month-or-fiscal": '1–12 or `"fiscal"`',
    "year": "a year (1900–2200)",
    "profile-key": "a profile key",
    "duty-id": "a duty id",
    "event-kinds": "an event kind or a list (`bocal event`)",
    "rrule": "RFC 5545 RRULE",
    "date-expr": "a date expression",
    "date-exprs": "a date expression, or a list",
    "lead-times": 'days (0–366) or `"2 weeks"`, one or a list',
    "condition": "a condition",
    "date": "TOML date",
    "cases": "tables `[duty.cases.VALUE]`",
    "choice": "{values}",
    "dated": "a table: year → TOML date (or a list, one per instalment)",
}


def shown(v: Any) -> str:
    return "`" + (repr(v).replace("'", '"') if not isinstance(v, str) else f'"{v}"') + "`"


def value_words(spec: dict[str, Any]) -> str:
    vocab = vocabulary(spec["values"]) if "values" in spec else ()
    # a vocabulary that maps each value to (ja, en) names (the areas) shows the Japanese name too
    values = ", ".join(
        f"`{v}` {vocab[v][0]}" if isinstance(vocab, dict) and isinstance(vocab[v], tuple) else f"`{v}`" for v in vocab
    )
    words = TYPES[spec["type"]].format(values=values)
    if "default" in spec:
        words += f"; default {shown(spec['default'])}"
    return words


def required_words(spec: dict[str, Any]) -> str:
    req = spec.get("required", False)
    return "yes" if req is True else "no" if req is False else str(req)


def table() -> str:
    keys = tomllib.loads((ROOT / "src" / "bocal" / "duty_keys.toml").read_text("utf-8"))
    rows = ["| key | section | required | value | per case | 意味 / meaning |", "|---|---|---|---|---|---|"]
    for name, spec in keys.items():
        case = "yes" if "case" in spec else ""
        rows.append(
            f"| `{name}` | {spec['section']} | {required_words(spec)} | {value_words(spec)} | {case} | "
            f"{spec['ja']} / {spec['en']} |"
        )
    return "\n".join(rows)


def render(doc: str) -> str:
    head, _, rest = doc.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{table()}\n{END}{tail}"


if __name__ == "__main__":
    new = render(DOC.read_text("utf-8"))
    if "--check" in sys.argv:
        sys.exit(0 if new == DOC.read_text("utf-8") else 1)
    DOC.write_text(new, "utf-8")
