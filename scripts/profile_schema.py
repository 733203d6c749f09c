"""Regenerate src/bocal/profile_schema.py from src/bocal/profile_keys.toml (the source of truth).

`bocal list` on the default profile needs the schema for its defaults; reading it from TOML cost
~4 ms of start-up (importing tomllib and parsing), so a Python literal is generated from it. Run
`python scripts/profile_schema.py` after editing profile_keys.toml; `--check` exits 1 when stale;
tests/test_docs.py runs the check.
"""

from __future__ import annotations

from schema_literal import ROOT, main

if __name__ == "__main__":
    main(
        ROOT / "src" / "bocal" / "profile_keys.toml", ROOT / "src" / "bocal" / "profile_schema.py", "profile_schema.py"
    )
