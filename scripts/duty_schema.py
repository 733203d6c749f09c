"""Regenerate src/bocal/duty_schema.py from src/bocal/duty_keys.toml (the source of truth).

The rule loader reads the declaration on every catalog compile; a Python literal spares it
importing tomllib and parsing the TOML (as scripts/profile_schema.py does for the profile keys).
Run `python scripts/duty_schema.py` after editing duty_keys.toml; `--check` exits 1 when stale;
tests/test_duty_keys.py runs the check.
"""

from __future__ import annotations

from schema_literal import ROOT, main

if __name__ == "__main__":
    main(ROOT / "src" / "bocal" / "duty_keys.toml", ROOT / "src" / "bocal" / "duty_schema.py", "duty_schema.py")
