"""The company profile: the facts about a company that decide which duties apply and when.

A profile is a TOML file with a `[company]` table (keys defined in `profile_keys.toml`, so the
validator, the conditions and the README share one list), an optional `[calendar]` table (company
closures, extra working days, the UID domain), an optional `[owners]` table (area → person) and
optional `[[extension]]` tables: deadlines extended after a disaster (国税通則法11条).
Without a file, the embedded default is used: a March year-end 株式会社 with 25 staff, payday the 25th.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from .calendars import REGIMES, Closures
from .errors import Problem, ProfileError, suggest
from .events.model import Event, events_from_tables
from .profile_dates import add_closure, closed_too_long, dated_days, one_line, parse_date, parse_monthday
from .textsafe import control_problem
from .tomlsource import LineIndex, TomlReadError, read_toml

AREAS: dict[str, tuple[str, str]] = {
    "general-affairs": ("総務", "General affairs"),
    "hr": ("人事", "HR"),
    "labor": ("労務", "Labour"),
    "accounting": ("経理", "Accounting"),
    "legal": ("法務", "Legal"),
    "it": ("情報システム", "IT"),
}

TABLES = ("company", "calendar", "owners", "extension", "notify", "event")  # [notify]: validated by bocal.notify.config
CALENDAR_KEYS = ("closures", "working_days", "uid_domain")
EXTENSION_KEYS = ("regimes", "duties", "from", "to", "until", "note", "basis")
DEFAULT_UID_DOMAIN = "bocal.invalid"

#: The law that allows a disaster extension, by regime: what a task says when it is extended.
EXTENSION_BASIS = {
    "national-tax": "国税通則法11条",
    "local-tax": "地方税法20条の5の2",
}
#: An extension spans at most this long; a longer one is almost certainly a typo in a year.
MAX_EXTENSION_DAYS = 3 * 366


@dataclass(frozen=True)
class Extension:
    """A disaster extension (災害等による期限の延長, 国税通則法11条) declared in the profile.

    Deadlines of the named regimes (or duties) that fall in [start, end] move to `until`. An
    extension is a fact about one company (where it is, which 告示 or individual approval applies),
    so it lives in the profile, never in the rules.
    """

    start: date
    end: date
    until: date
    note: str
    regimes: frozenset[str] = frozenset()
    duties: frozenset[str] = frozenset()
    basis: str = ""
    line: int | None = field(default=None, compare=False)

    def covers(self, duty_id: str, regime: str, due: date) -> bool:
        """True when a deadline of this duty, due on `due`, is extended by this declaration."""
        return (duty_id in self.duties or regime in self.regimes) and self.start <= due <= self.end


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


def build_profile(data: Mapping[str, Any], *, path: str | None, lines: LineIndex | None = None) -> Profile:
    """Validate parsed TOML into a Profile, or raise ProfileError listing every problem."""
    lines = lines or LineIndex()
    problems: list[Problem] = []

    def problem(msg: str, table: str, key: str | None = None, hint: str | None = None, index: int = 0) -> None:
        line = lines.line((table, index), key) or lines.line(("", 0), table)
        if table in ("extension", "event") and isinstance(data.get(table), list):
            # [[extension]] tables are numbered from 1 as a person counts them: extension[2].until
            key = f"{table}[{index + 1}]" + (f".{key}" if key else "")
        problems.append(Problem(msg, path=path, line=line, key=key, hint=hint))

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

    company = data.get("company", {}) if isinstance(data.get("company", {}), dict) else {}
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

    cal = data.get("calendar", {}) if isinstance(data.get("calendar", {}), dict) else {}
    recurring: dict[tuple[int, int], str] = {}
    dated: dict[date, str] = {}
    working: set[date] = set()
    uid_domain = DEFAULT_UID_DOMAIN
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
                if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9.-]+", value):
                    raise ValueError("must be a domain name such as example.co.jp")
                uid_domain = value
        except ValueError as e:
            problem(str(e), "calendar", key)

    if "closures" in cal and not any(p.key == "closures" for p in problems):
        too_long = closed_too_long(recurring, dated, working)
        if too_long:
            problem(too_long, "calendar", "closures", "a company calendar needs open days to move deadlines to")

    owners_raw = data.get("owners", {}) if isinstance(data.get("owners", {}), dict) else {}
    owners: dict[str, str] = {}
    for area, person in owners_raw.items():
        if area not in AREAS:
            problem("unknown area in [owners]", "owners", area, suggest(area, AREAS) or f"areas are {', '.join(AREAS)}")
        elif not isinstance(person, str) or not person.strip():
            problem("an owner must be a non-empty string", "owners", area)
        elif control_problem(person, newlines=False):
            problem(str(control_problem(person, newlines=False)), "owners", area)
        else:
            owners[area] = person.strip()

    extensions: list[Extension] = []
    raw_ext = data.get("extension", [])
    for i, item in enumerate(raw_ext if isinstance(raw_ext, list) else []):
        ext = _extension(item, i, lambda msg, key=None, hint=None, i=i: problem(msg, "extension", key, hint, i))
        if ext is not None:
            extensions.append(replace(ext, line=lines.line(("extension", i))))

    events = events_from_tables(data.get("event", []), lambda msg, i, key: problem(msg, "event", key, None, i))
    if problems:
        raise ProfileError(problems)
    if not values.get("id") and path is None and not company:
        company_id = "default"
    else:
        company_id = company_id_of(str(values["id"]) if values.get("id") else None, str(values["name"]), path)
    return Profile(
        values=values,
        closures=Closures(recurring, dated, frozenset(working)),
        owners=owners,
        uid_domain=uid_domain,
        path=path,
        company_id=company_id,
        extensions=tuple(extensions),
        events=events,
    )


def _extension(item: Any, i: int, problem: Any) -> Extension | None:
    """Validate one [[extension]] table; report each problem through `problem(msg, key, hint)`."""
    if not isinstance(item, dict):
        problem("must be a table")
        return None
    count = 0
    misspelt: set[str] = set()  # required keys an unknown key probably meant: one message, not two

    def bad(msg: str, key: str | None = None, hint: str | None = None) -> None:
        nonlocal count
        count += 1
        problem(msg, key, hint)

    for k in item:
        if k not in EXTENSION_KEYS:
            import difflib  # only on error paths (~3 ms to import)

            close = difflib.get_close_matches(k, EXTENSION_KEYS, n=1, cutoff=0.6)
            misspelt.update(close)
            bad("unknown key", k, suggest(k, EXTENSION_KEYS) or f"keys are {', '.join(EXTENSION_KEYS)}")
    regimes: list[str] = []
    duties: list[str] = []
    for k, out in (("regimes", regimes), ("duties", duties)):
        v = item.get(k, [])
        if not isinstance(v, list) or not all(isinstance(x, str) and x for x in v):
            bad(f'must be a list of strings, e.g. {k} = ["{"national-tax" if k == "regimes" else "corporate-tax"}"]', k)
            continue
        out.extend(v)
    for r in regimes:
        if r not in REGIMES:
            bad(f"unknown regime {r!r}", "regimes", suggest(r, REGIMES) or f"regimes are {', '.join(REGIMES)}")
    for d in duties:
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", d):
            bad(f"{d!r} is not a duty id", "duties")
    if not regimes and not duties and not count:
        bad('say whose deadlines move: regimes = ["national-tax"] and/or duties = ["duty-id"]', "regimes")
    dates: dict[str, date] = {}
    for k in ("from", "to", "until"):
        if k not in item:
            if k not in misspelt:
                bad("is required (a date such as 2024-09-30)", k)
            continue
        try:
            dates[k] = parse_date(item[k])
        except ValueError as e:
            bad(str(e), k)
    note = item.get("note")
    if (not isinstance(note, str) or not note.strip()) and not ("note" not in item and "note" in misspelt):
        bad('is required: the 告示 or approval, e.g. "令和6年能登半島地震による期限延長（石川県）"', "note")
    basis = item.get("basis")
    if basis is not None and (not isinstance(basis, str) or not basis.strip()):
        bad('must be a non-empty string such as "国税通則法11条"', "basis")
    if len(dates) == 3:
        if dates["to"] < dates["from"]:
            bad(f"to ({dates['to']}) is before from ({dates['from']})", "to")
        elif dates["until"] < dates["to"]:
            bad(
                f"until ({dates['until']}) is before to ({dates['to']}): an extension never brings a deadline forward",
                "until",
            )
        elif (dates["until"] - dates["from"]).days > MAX_EXTENSION_DAYS:
            bad("spans more than three years; check the years", "until")
    if count:
        return None
    if basis is None:
        basis = "; ".join(dict.fromkeys(EXTENSION_BASIS[r] for r in regimes if r in EXTENSION_BASIS)) or "期限延長"
    return Extension(
        start=dates["from"],
        end=dates["to"],
        until=dates["until"],
        note=str(note).strip(),
        regimes=frozenset(regimes),
        duties=frozenset(duties),
        basis=str(basis).strip(),
    )


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
    t = spec.type
    if t == "str":
        if not isinstance(value, str):
            raise ValueError(f"must be a string, got {_tname(value)}")
        if not value.strip():
            raise ValueError("must not be empty")
        one_line(value)
        return value
    if t == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"must be true or false, got {value!r}")
        return value
    if t in ("int", "month", "day"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"must be a whole number, got {_tname(value)} {value!r}")
        lo, hi = {"month": (1, 12), "day": (1, 31)}.get(t, (spec.min, spec.max))
        if lo is not None and value < lo:
            raise ValueError(f"must be at least {lo:g}, got {value}")
        if hi is not None and value > hi:
            raise ValueError(f"must be at most {hi:g}, got {value}")
        return value
    if t == "float":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"must be a number, got {_tname(value)}")
        if spec.min is not None and value < spec.min:
            raise ValueError(f"must be at least {spec.min:g}, got {value}")
        if spec.max is not None and value > spec.max:
            raise ValueError(f"must be at most {spec.max:g}, got {value}")
        return value
    if t == "monthday":
        parse_monthday(value)
        return value.strip()
    if t == "monthday-list":
        if not isinstance(value, list):
            raise ValueError('must be a list such as ["07-10", "12-10"]')
        for v in value:
            parse_monthday(v)
        return [v.strip() for v in value]
    if t == "choice":
        if value not in spec.choices:
            hint = _hint(value, spec.choices)
            if hint and len(spec.choices) > 8:
                raise ValueError(f"unknown value {value!r}" + hint)
            raise ValueError(f"must be one of {', '.join(spec.choices)}; got {value!r}" + hint)
        return value
    if t == "str-list":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError("must be a list of strings")
        for v in value:
            if spec.choices and v not in spec.choices:
                raise ValueError(f"{v!r} is not one of {', '.join(spec.choices)}" + _hint(v, spec.choices))
        return list(value)
    raise ValueError(f"profile_keys.toml: unknown type {t!r}")


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
