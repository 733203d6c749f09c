"""Shared fixtures: the rule-forms fixture catalog and profile builders."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bocal.profile import Profile, build_profile
from bocal.rules import Catalog, load_catalog

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
sys.path.insert(0, str(HERE))  # tests/parsers is importable as `parsers`
# CLI runs in tests cache the compiled catalog in a private directory, never in the user's ~/.cache
os.environ.setdefault("BOCAL_CACHE_DIR", tempfile.mkdtemp(prefix="bocal-test-cache-"))
# task state never touches the user's own store: the default SQLite file lands in a private directory
os.environ.pop("BOCAL_DB", None)
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="bocal-test-data-")
# the private PostgreSQL server (postgres_server, postgres_db) for the task-store tests
pytest_plugins = ["helpers.postgres"]


@pytest.fixture(scope="session")
def forms() -> Catalog:
    """The one-duty-per-form fixture (tests/fixtures/rules/forms.toml), without bundled rules."""
    return load_catalog([FIXTURES / "rules" / "forms.toml"], bundled=False)


@pytest.fixture
def make_profile() -> Callable[..., Profile]:
    def make(**company: Any) -> Profile:
        return build_profile({"company": company}, path=None)

    return make
