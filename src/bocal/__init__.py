"""bocal — Japanese back-office deadlines (総務・人事・労務・経理・法務・情報システム) as tasks and calendars.

The library API (docs/api.md): what a program needs to load a company profile and the catalog of
duties, expand a date range into tasks, render iCalendar, serve feeds (the WSGI app), keep task
state (the store) and catch bocal's errors::

    from datetime import date
    import bocal

    tasks = bocal.Expander(bocal.load_catalog()).expand(bocal.default_profile(), date(2027, 1, 1), date(2027, 3, 31))
    ics = bocal.to_ical(tasks, name="期限")

(The function `bocal.expand.expand` is not re-exported: its name is the module's, which Python
sets on the package once the module is imported.) The names are imported lazily (PEP 562): ``import bocal`` — which every ``bocal list`` does — loads
nothing more than this file; a name's module is imported the first time the name is used.
The library never reads the clock: ``today`` is always the caller's to pass.
"""

from __future__ import annotations

from importlib import import_module

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~5 ms; mypy knows the name)
if TYPE_CHECKING:
    from typing import Any

    from .errors import BocalError, Problem, ProfileError, RuleError, UsageError
    from .expand import Expander, Task
    from .extensions import Extension
    from .ical import to_ical
    from .ics import CalendarOptions
    from .profile import Profile, build_profile, default_profile, load_profile
    from .rules import Catalog, Duty, load_catalog
    from .server.app import FeedApp
    from .server.company import make_app
    from .state import Status, TaskState, task_key
    from .store import Store, StoreError, TaskRef, Update, resolve_db

__version__ = "0.1.0"

#: name -> the module that defines it (imported on first use).
_WHERE = {
    # a company and the catalog of duties
    "Profile": "profile",
    "load_profile": "profile",
    "build_profile": "profile",
    "default_profile": "profile",
    "Extension": "extensions",
    "Catalog": "rules",
    "Duty": "rules",
    "load_catalog": "rules",
    # dated tasks
    "Task": "expand",
    "Expander": "expand",
    # iCalendar and feeds
    "to_ical": "ical",
    "CalendarOptions": "ics",
    "make_app": "server.company",
    "FeedApp": "server.app",
    # task state
    "Status": "state",
    "TaskState": "state",
    "task_key": "state",
    "Store": "store",
    "StoreError": "store",
    "TaskRef": "store",
    "Update": "store",
    "resolve_db": "store",
    # errors
    "BocalError": "errors",
    "Problem": "errors",
    "ProfileError": "errors",
    "RuleError": "errors",
    "UsageError": "errors",
}

#: The API: every name of _WHERE, and the version.
__all__ = [
    "__version__",
    "BocalError",
    "CalendarOptions",
    "Catalog",
    "Duty",
    "Expander",
    "Extension",
    "FeedApp",
    "Problem",
    "Profile",
    "ProfileError",
    "RuleError",
    "Status",
    "Store",
    "StoreError",
    "Task",
    "TaskRef",
    "TaskState",
    "Update",
    "UsageError",
    "build_profile",
    "default_profile",
    "load_catalog",
    "load_profile",
    "make_app",
    "resolve_db",
    "task_key",
    "to_ical",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # the next access is an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
