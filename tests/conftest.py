"""Shared fixtures: a clean environment for every test, hypothesis profiles, the rule-forms fixture
catalog and profile builders. Helpers shared by several test modules live in tests/helpers/."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))  # tests/parsers and tests/helpers are importable as `parsers`, `helpers`

from bocal.profile import Profile, build_profile  # noqa: E402
from bocal.rules import Catalog, load_catalog  # noqa: E402
from helpers.paths import FORMS  # noqa: E402 - needs the path above

# the private PostgreSQL server (postgres_server, postgres_db) for the task-store tests
pytest_plugins = ["helpers.postgres"]

# -- hypothesis ---------------------------------------------------------------------------------------
# `ci` (selected when CI is set, as CI services and .ci/run do): the same examples on every run, no
# example database, no deadline on a shared machine. `dev`: random, hypothesis's own defaults otherwise.
# A test's own @settings(max_examples=…) still wins; HYPOTHESIS_PROFILE picks a profile by name.
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=100,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

# -- the environment ----------------------------------------------------------------------------------
# Nothing of the user's may leak in: every BOCAL_* variable is removed (BOCAL_PROFILE, BOCAL_TODAY,
# BOCAL_FEED_TOKEN, BOCAL_CACHE_DIR, …), the locale variables that outrank LANG are removed and LANG is
# C.UTF-8 (bocal's ja default), and HOME and the XDG directories point at a fresh directory, so no test
# reads the user's files or writes to their ~/.cache. Subprocesses started by tests inherit the same.
LOCALE_OVERRIDES = ("LC_ALL", "LC_MESSAGES", "LANGUAGE")
XDG = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


def isolate(mp: pytest.MonkeyPatch, home: Path) -> None:
    for name in list(os.environ):
        if name.startswith("BOCAL_") or name in LOCALE_OVERRIDES:
            mp.delenv(name)
    mp.setenv("LANG", "C.UTF-8")
    mp.setenv("HOME", str(home))
    for name in XDG:
        d = home / name.removeprefix("XDG_").removesuffix("_HOME").lower()
        d.mkdir(exist_ok=True)
        mp.setenv(name, str(d))


@pytest.fixture(scope="session", autouse=True)
def clean_session_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The same isolation for session- and module-scoped fixtures (servers started once per module)."""
    with pytest.MonkeyPatch.context() as mp:
        home = tmp_path_factory.mktemp("session-home")
        isolate(mp, home)
        yield home


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Per test: no BOCAL_* variable, and HOME/XDG_* in a directory of the test's own (not inside
    tmp_path, which tests list). Returns that home directory."""
    home = tmp_path_factory.mktemp("home")
    isolate(monkeypatch, home)
    return home


# -- catalogs and profiles ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def forms() -> Catalog:
    """The one-duty-per-form fixture (tests/fixtures/rules/forms.toml), without bundled rules."""
    return load_catalog([FORMS], bundled=False)


@pytest.fixture
def make_profile() -> Callable[..., Profile]:
    def make(**company: Any) -> Profile:
        return build_profile({"company": company}, path=None)

    return make
