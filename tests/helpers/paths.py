"""Where the test fixtures are: one definition instead of a `Path(__file__).parent / …` per module."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"
FORMS = FIXTURES / "rules" / "forms.toml"  # one duty per form of the rule language
PROFILES = FIXTURES / "profiles"
LISTED_PROFILE = PROFILES / "listed-dec.toml"
