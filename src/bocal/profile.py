"""The company profile: the facts about a company that decide which duties apply and when.

A profile is a TOML file with a `[company]` table (keys defined in `profile_keys.toml`, so the
validator, the conditions and the README share one list), an optional `[calendar]` table (company
closures, extra working days, the UID domain), an optional `[owners]` table (area → person) and
optional `[[extension]]` tables: deadlines extended after a disaster (国税通則法11条; validated by
`bocal.extensions`, whose names this module re-exports).
Without a file, the embedded default is used: a March year-end 株式会社 with 25 staff, payday the 25th.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from .calendars import Closures
from .errors import Problem, ProfileError, suggest
from .events.model import Event, events_from_tables
from .extensions import EXTENSION_BASIS as EXTENSION_BASIS
from .extensions import EXTENSION_KEYS as EXTENSION_KEYS
from .extensions import MAX_EXTENSION_DAYS as MAX_EXTENSION_DAYS
from .extensions import Extension as Extension
from .extensions import parse_extension
from .profile_dates import add_closure, closed_too_long, dated_days, one_line
from .profile_dates import parse_date as parse_date
from .profile_dates import parse_monthday as parse_monthday
from .textsafe import control_problem
from .tomlsource import LineIndex, TomlReadError, read_toml
from .vocabulary import AREAS as AREAS  # re-exported: declared in vocabulary.py with the aliases

TABLES = ("company", "calendar", "owners", "extension", "notify", "event")  # [notify]: validated by bocal.notify.config
CALENDAR_KEYS = ("closures", "working_days", "uid_domain")
DEFAULT_UID_DOMAIN = "bocal.invalid"


@dataclass(frozen=True)
class KeySpec:
    """One profile key as `profile_keys.toml` defines it."""

    name: str
    type: str
    default: Any
    ja: str
    en: str
    min: float | None = None
    max: float | None = None
    choices: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def schema() -> Mapping[str, KeySpec]:
    """The profile keys (profile_keys.toml, as generated into profile_schema.py for start-up speed)."""
    from .profile_schema import KEYS as raw

    out: dict[str, KeySpec] = {}
    for name, spec in raw.items():
        out[name] = KeySpec(
            name=name,
            type=spec["type"],
            default=spec.get("default"),
            ja=spec.get("ja", ""),
            en=spec.get("en", ""),
            min=spec.get("min"),
            max=spec.get("max"),
            choices=tuple(spec.get("choices", ())),
        )
    return out


@dataclass(frozen=True)
class Profile:
    """A validated company profile. `values` holds every schema key (defaults filled in)."""

    values: Mapping[str, Any]
    closures: Closures = Closures()
    owners: Mapping[str, str] = field(default_factory=dict)
    uid_domain: str = DEFAULT_UID_DOMAIN
    path: str | None = None
    company_id: str = "company"
    extensions: tuple[Extension, ...] = ()
    events: tuple[Event, ...] = ()  # [[event]] tables, and those the CLI adds from the task store

    @property
    def name(self) -> str:
        return str(self.values["name"])

    def get(self, key: str) -> Any:
        return self.values.get(key)

    @property
    def areas(self) -> tuple[str, ...]:
        return tuple(self.values.get("areas") or AREAS)

    def extension_for(self, duty_id: str, regime: str, due: date) -> Extension | None:
        """The extension that moves this deadline (the latest `until` when several cover it)."""
        found = [e for e in self.extensions if e.covers(duty_id, regime, due) and e.until > due]
        return max(found, key=lambda e: e.until) if found else None


def default_profile() -> Profile:
    """The embedded default company (no file needed)."""
    return build_profile({}, path=None)


def load_profile(path: str | Path) -> Profile:
    """Read and validate a profile file; every problem in it is reported at once."""
    shown = str(path)
    try:
        doc = read_toml(shown)
    except TomlReadError as e:
        raise ProfileError(e.problem) from None
    if not doc.data:
        # An empty profile is a half-saved file far more often than a wish for the defaults; using
        # the sample company's values instead would compute deadlines for somebody else.
        raise ProfileError(
            Problem(
                "the profile is empty; add a [company] table (e.g. name and fiscal_year_end), "
                "or leave --profile out to use the built-in sample company",
                path=shown,
            )
        )
    return build_profile(doc.data, path=shown, lines=doc.lines)


class _Problems:
    """The problems found in one profile, each located at its table's (or key's) line."""

    def __init__(self, data: Mapping[str, Any], path: str | None, lines: LineIndex) -> None:
        self.data = data
        self.path = path
        self.lines = lines
        self.found: list[Problem] = []

    def __call__(self, msg: str, table: str, key: str | None = None, hint: str | None = None, index: int = 0) -> None:
        line = self.lines.line((table, index), key) or self.lines.line(("", 0), table)
        if table in ("extension", "event") and isinstance(self.data.get(table), list):
            # [[extension]] tables are numbered from 1 as a person counts them: extension[2].until
            key = f"{table}[{index + 1}]" + (f".{key}" if key else "")
        self.found.append(Problem(msg, path=self.path, line=line, key=key, hint=hint))


def build_profile(data: Mapping[str, Any], *, path: str | None, lines: LineIndex | None = None) -> Profile:
    """Validate parsed TOML into a Profile, or raise ProfileError listing every problem."""
    lines = lines or LineIndex()
    problem = _Problems(data, path, lines)
    _check_tables(data, problem)
    company = _table(data, "company")
    values = _company_values(company, problem)
    closures, uid_domain = _calendar(_table(data, "calendar"), problem)
    owners = _owners(_table(data, "owners"), problem)
    extensions = _extensions(data.get("extension", []), lines, problem)
    events = events_from_tables(data.get("event", []), lambda msg, i, key: problem(msg, "event", key, None, i))
    if problem.found:
        raise ProfileError(problem.found)
    if not values.get("id") and path is None and not company:
        company_id = "default"
    else:
        company_id = company_id_of(str(values["id"]) if values.get("id") else None, str(values["name"]), path)
    return Profile(
        values=values,
        closures=closures,
        owners=owners,
        uid_domain=uid_domain,
        path=path,
        company_id=company_id,
        extensions=extensions,
        events=events,
    )


def _table(data: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    """A table of the profile; {} when absent or not a table (_check_tables reported that)."""
    value = data.get(name, {})
    return value if isinstance(value, dict) else {}


def _check_tables(data: Mapping[str, Any], problem: _Problems) -> None:
    for table in data:
        if table not in TABLES:
            problem(
                f"unknown table [{table}]", table, None, suggest(table, TABLES) or f"tables are {', '.join(TABLES)}"
            )
        elif table == "extension":
            if not isinstance(data[table], list):
                problem("extensions are an array of tables: write [[extension]], with two brackets", table)
        elif table != "event" and not isinstance(data[table], dict):  # [[event]]: events_from_tables
            problem(f"{table} must be a table ([{table}])", table)


def _company_values(company: Mapping[str, Any], problem: _Problems) -> dict[str, Any]:
    """Every schema key's value: the [company] table's, checked, else the default."""
    keys = schema()
    values: dict[str, Any] = {k: spec.default for k, spec in keys.items()}
    for key, value in company.items():
        spec = keys.get(key)
        if spec is None:
            problem("unknown key in [company]", "company", key, suggest(key, keys))
            continue
        try:
            values[key] = check_value(spec, value)
        except ValueError as e:
            problem(str(e), "company", key)
    return values


def _calendar(cal: Mapping[str, Any], problem: _Problems) -> tuple[Closures, str]:
    """The [calendar] table: the company's closures and working days, and its UID domain."""
    recurring: dict[tuple[int, int], str] = {}
    dated: dict[date, str] = {}
    working: set[date] = set()
    uid_domain = DEFAULT_UID_DOMAIN
    closures_ok = True
    for key, value in cal.items():
        if key not in CALENDAR_KEYS:
            problem("unknown key in [calendar]", "calendar", key, suggest(key, CALENDAR_KEYS))
            continue
        try:
            if key == "closures":
                for item in _as_list(value):
                    add_closure(item, recurring, dated)
            elif key == "working_days":
                for item in _as_list(value):
                    working.update(dated_days(item))
            elif key == "uid_domain":
                uid_domain = _uid_domain(value)
        except ValueError as e:
            closures_ok = closures_ok and key != "closures"
            problem(str(e), "calendar", key)
    if "closures" in cal and closures_ok and (too_long := closed_too_long(recurring, dated, working)):
        problem(too_long, "calendar", "closures", "a company calendar needs open days to move deadlines to")
    return Closures(recurring, dated, frozenset(working)), uid_domain


def _uid_domain(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9.-]+", value):
        raise ValueError("must be a domain name such as example.co.jp")
    return value


def _owners(owners_raw: Mapping[str, Any], problem: _Problems) -> dict[str, str]:
    """The [owners] table: area → the person in charge."""
    owners: dict[str, str] = {}
    for area, person in owners_raw.items():
        if area not in AREAS:
            problem("unknown area in [owners]", "owners", area, suggest(area, AREAS) or f"areas are {', '.join(AREAS)}")
        elif not isinstance(person, str) or not person.strip():
            problem("an owner must be a non-empty string", "owners", area)
        elif bad := control_problem(person, newlines=False):
            problem(str(bad), "owners", area)
        else:
            owners[area] = person.strip()
    return owners


def _extensions(raw_ext: Any, lines: LineIndex, problem: _Problems) -> tuple[Extension, ...]:
    """The [[extension]] tables that are valid, each remembering its line."""
    extensions: list[Extension] = []
    for i, item in enumerate(raw_ext if isinstance(raw_ext, list) else []):
        ext = parse_extension(item, lambda msg, key=None, hint=None, i=i: problem(msg, "extension", key, hint, i))
        if ext is not None:
            extensions.append(replace(ext, line=lines.line(("extension", i))))
    return tuple(extensions)


def company_id_of(id_value: object, name: object, path: str | None) -> str:
    """The one id rule for a company (profiles, an office's clients, a broken client's file): its
    ``[company] id``, else its file name (but not ``bocal.toml``), else its name — as a `slug`."""
    if isinstance(id_value, str) and id_value:
        return slug(id_value)
    stem = Path(path).stem if path else ""
    if stem and stem != "bocal":
        return slug(stem)
    return slug(name) if isinstance(name, str) and name else "company"


def slug(text: str) -> str:
    """An ASCII id for UIDs: kept as is when already tidy, else a short stable hash of the text."""
    cleaned = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    if cleaned and cleaned.isascii() and len(cleaned) >= 2 and cleaned == text.lower().strip():
        return cleaned
    import hashlib  # only for names that need a hash (keeps start-up light)

    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    return f"{cleaned}-{digest}" if cleaned else f"c-{digest}"


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def check_value(spec: KeySpec, value: Any) -> Any:
    """Validate one [company] value against its spec; returns the normalised value."""
    check = _CHECKS.get(spec.type)
    if check is None:
        raise ValueError(f"profile_keys.toml: unknown type {spec.type!r}")
    return check(spec, value)


def _check_str(spec: KeySpec, value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError(f"must be a string, got {_tname(value)}")
    if not value.strip():
        raise ValueError("must not be empty")
    one_line(value)
    return value


def _check_bool(spec: KeySpec, value: Any) -> Any:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, got {value!r}")
    return value


def _check_int(spec: KeySpec, value: Any) -> Any:
    """int, month (1–12) and day (1–31)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"must be a whole number, got {_tname(value)} {value!r}")
    lo, hi = {"month": (1, 12), "day": (1, 31)}.get(spec.type, (spec.min, spec.max))
    if lo is not None and value < lo:
        raise ValueError(f"must be at least {lo:g}, got {value}")
    if hi is not None and value > hi:
        raise ValueError(f"must be at most {hi:g}, got {value}")
    return value


def _check_float(spec: KeySpec, value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"must be a number, got {_tname(value)}")
    if spec.min is not None and value < spec.min:
        raise ValueError(f"must be at least {spec.min:g}, got {value}")
    if spec.max is not None and value > spec.max:
        raise ValueError(f"must be at most {spec.max:g}, got {value}")
    return value


def _check_monthday(spec: KeySpec, value: Any) -> Any:
    parse_monthday(value)
    return value.strip()


def _check_monthday_list(spec: KeySpec, value: Any) -> Any:
    if not isinstance(value, list):
        raise ValueError('must be a list such as ["07-10", "12-10"]')
    for v in value:
        parse_monthday(v)
    return [v.strip() for v in value]


def _check_choice(spec: KeySpec, value: Any) -> Any:
    if value not in spec.choices:
        hint = _hint(value, spec.choices)
        if hint and len(spec.choices) > 8:
            raise ValueError(f"unknown value {value!r}" + hint)
        raise ValueError(f"must be one of {', '.join(spec.choices)}; got {value!r}" + hint)
    return value


def _check_str_list(spec: KeySpec, value: Any) -> Any:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("must be a list of strings")
    for v in value:
        if spec.choices and v not in spec.choices:
            raise ValueError(f"{v!r} is not one of {', '.join(spec.choices)}" + _hint(v, spec.choices))
    return list(value)


#: The check of each value type in profile_keys.toml.
_CHECKS: dict[str, Callable[[KeySpec, Any], Any]] = {
    "str": _check_str,
    "bool": _check_bool,
    "int": _check_int,
    "month": _check_int,
    "day": _check_int,
    "float": _check_float,
    "monthday": _check_monthday,
    "monthday-list": _check_monthday_list,
    "choice": _check_choice,
    "str-list": _check_str_list,
}


def _hint(value: Any, choices: tuple[str, ...]) -> str:
    s = suggest(str(value), choices)
    return f" ({s})" if s else ""


def _tname(value: Any) -> str:
    return {
        str: "a string",
        bool: "true/false",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "a table",
    }.get(type(value), type(value).__name__)
