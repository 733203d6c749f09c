"""Duties: the model of one recurring obligation, and the loader that reads them from TOML files.

The loader checks everything a person can get wrong (docs/rules.md) and reports every problem of
every file at once, each with file, line, duty and key. Cross-file checks follow: duplicate ids,
`relative_to` naming a missing duty, cycles between relative duties.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from .calendars import CONVENTIONS, REGIMES
from .conditions import Condition, ConditionSyntaxError, compile_condition
from .dates import Expr, parse_expr
from .errors import Problem, RuleError, suggest
from .profile import AREAS, schema
from .tomlsource import LineIndex, TomlReadError, parse_toml_bytes, read_bytes

EVERY = ("month", "quarter", "half-year", "year", "fiscal-year")
_N_YEARS = re.compile(r"^(\d+) years$")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

DUTY_KEYS = (
    "id",
    "title",
    "title_en",
    "area",
    "every",
    "starting",
    "since",
    "due",
    "installments",
    "start",
    "shift",
    "regime",
    "remind",
    "when",
    "select",
    "cases",
    "for_each",
    "relative_to",
    "rrule",
    "basis",
    "source",
    "submit_to",
    "form",
    "notes",
    "valid_from",
    "valid_until",
)
CASE_KEYS = ("due", "installments", "start", "notes", "source", "basis", "submit_to", "form")
DEFAULT_REMIND = (3,)
#: `starting = "fiscal"`: the cycle starts in the month after the profile's fiscal year end.
FISCAL = 0


@dataclass(frozen=True)
class Duty:
    """One recurring obligation, compiled: every expression parsed, every name checked."""

    id: str
    title: str
    title_en: str
    area: str
    kind: str  # every | for_each | relative | rrule
    due: tuple[Expr, ...]
    basis: str
    source: str | None = None
    every: str | None = None  # month | quarter | half-year | year | years | fiscal-year
    n_years: int = 1
    starting: int = 1
    since: int | None = None
    installments: tuple[Expr, ...] = ()
    start: Expr | None = None
    shift: str = "following"
    regime: str = "government"
    remind: tuple[int, ...] = DEFAULT_REMIND
    when: Condition | None = None
    select: str | None = None
    cases: Mapping[str, Duty] = field(default_factory=dict)
    for_each: str | None = None
    relative_to: str | None = None
    rrule: str | None = None
    submit_to: str | None = None
    form: str | None = None
    notes: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    path: str | None = None
    line: int | None = None
    key_lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, key: str) -> int | None:
        """The line where `key` stands in the duty's file (the duty's header when not found)."""
        return self.key_lines.get(key, self.line)

    @property
    def customary(self) -> bool:
        return self.basis.strip().lower() == "customary"

    def title_for(self, lang: str) -> str:
        return self.title if lang == "ja" else self.title_en

    def date_names(self) -> tuple[str, ...]:
        """Profile keys this duty's dates depend on (not its applicability: a `when` only gates), sorted.

        The expander shares occurrences between profiles whose values for these keys are equal.
        """
        names: set[str] = set()
        for d in (self, *self.cases.values()):
            for e in (*d.due, *d.installments, *((d.start,) if d.start else ())):
                names |= e.names
        if self.every == "fiscal-year" or self.starting == FISCAL:
            names.add("fiscal_year_end")
        if self.for_each:
            names.add(self.for_each)
        if self.select:
            names.add(self.select)
        return tuple(sorted(names))


@dataclass(frozen=True)
class Catalog:
    """All duties, in file order, with lookup by id."""

    duties: tuple[Duty, ...]
    files: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {d.id: d for d in self.duties})

    def get(self, duty_id: str) -> Duty | None:
        return self._by_id.get(duty_id)  # type: ignore[attr-defined,no-any-return]

    def __len__(self) -> int:
        return len(self.duties)


# -- loading ----------------------------------------------------------------------------------------


def bundled_files() -> list[tuple[str, bytes]]:
    """The rule files shipped in the package, as (display path, bytes), sorted by name."""
    from .pkgdata import files

    # events-*.toml hold the duties events set off (on = "hire" …): bocal.events reads them
    return [(f"schedules/{name}", raw) for name, raw in files("bocal.schedules", ".toml") if not name.startswith("events-")]


def rule_files(path: str | Path) -> list[str]:
    """The .toml files a --rules path names: the file itself, or a directory's *.toml, sorted."""
    p = str(path)
    if os.path.isdir(p):
        return sorted(os.path.join(p, f) for f in os.listdir(p) if f.endswith(".toml"))
    return [p]


def load_catalog(
    paths: Sequence[str | Path] = (), *, bundled: bool = True, cache_dir: str | Path | None = None
) -> Catalog:
    """Load the bundled duties (unless `bundled` is false) and those in `paths`; check them all.

    With `cache_dir`, the compiled catalog is kept there under a hash of bocal's version, the
    profile schema and every rule file's bytes, so `bocal list` skips parsing and compiling when
    nothing changed (an edit changes the hash; a broken cache is ignored and rewritten).
    """
    problems: list[Problem] = []
    sources: list[tuple[str, bytes]] = list(bundled_files()) if bundled else []
    for p in paths:
        if not os.path.exists(p) and not os.path.islink(p):
            problems.append(Problem("no such file or directory", path=str(p)))
            continue
        for f in rule_files(p):
            try:
                sources.append((f, read_bytes(f)))
            except TomlReadError as e:
                problems.append(e.problem)
    cache = blob = None
    if cache_dir is not None and not problems:
        blob = _fingerprint(sources)
        cache = _cache_path(cache_dir, blob)
        hit = _read_cache(cache, blob)
        if hit is not None:
            return hit
    duties: list[Duty] = []
    files: list[str] = []
    for shown, raw in sources:
        try:
            doc = parse_toml_bytes(raw, shown)
        except TomlReadError as e:
            problems.append(e.problem)
            continue
        files.append(shown)
        duties.extend(_load_document(doc.data, doc.lines, shown, problems))
    problems.extend(_cross_checks(duties))
    if problems:
        raise RuleError(problems)
    catalog = Catalog(tuple(duties), tuple(files))
    if cache is not None and blob is not None:
        _write_cache(cache, blob, catalog)
    return catalog


def _fingerprint(sources: Sequence[tuple[str, bytes]]) -> bytes:
    """Everything the compiled catalog depends on: bocal's version, the profile schema, the rule files."""
    from . import __version__
    from .pkgdata import read_bytes as read_package_bytes

    parts = [__version__.encode(), read_package_bytes("bocal", "profile_keys.toml"), _code_stamp()]
    for shown, raw in sources:
        parts += [shown.encode("utf-8"), raw]
    return b"\0\0".join(parts)


def _code_stamp() -> bytes:
    """Size and mtime of the modules whose classes are pickled: an edited engine (an editable
    install between releases) must never load a catalog pickled by the old code."""
    here = Path(__file__).parent
    stamps = []
    for name in ("rules.py", "dates.py", "conditions.py", "calendars.py", "profile.py"):
        try:
            st = os.stat(here / name)
            stamps.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            stamps.append(name)
    return ";".join(stamps).encode()


def _cache_path(cache_dir: str | Path, blob: bytes) -> Path:
    # crc32 only names the file (hashlib's import costs ~3 ms of start-up); the file holds the whole
    # fingerprint and a hit needs it byte for byte, so a collision costs a recompile, never a wrong catalog
    import zlib

    return Path(cache_dir) / f"catalog-{zlib.crc32(blob):08x}-{len(blob)}.pickle"


def _read_cache(path: Path, blob: bytes) -> Catalog | None:
    from _pickle import load  # the C unpickler alone; pickle.py costs ~2 ms to import

    try:
        with open(path, "rb") as fh:
            found = load(fh)
    except Exception:  # a missing, stale or broken cache only costs a recompile
        return None
    if isinstance(found, tuple) and len(found) == 2 and found[0] == blob and isinstance(found[1], Catalog):
        return found[1]
    return None


def _write_cache(path: Path, blob: bytes, catalog: Catalog) -> None:
    import pickle

    from .atomic import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, pickle.dumps((blob, catalog), protocol=pickle.HIGHEST_PROTOCOL), mode=0o600)
    except OSError:
        pass  # a read-only home is no reason to fail


def _load_document(data: dict[str, Any], lines: LineIndex, path: str, problems: list[Problem]) -> list[Duty]:
    out: list[Duty] = []
    for key in data:
        if key != "duty":
            problems.append(
                Problem(
                    f"unknown top-level key or table {key!r}; duties are [[duty]] tables",
                    path=path,
                    line=lines.line((key, 0)) or lines.line(("", 0), key),
                    key=key,
                    hint=suggest(key, ["duty"]),
                )
            )
    raw_duties = data.get("duty", [])
    if not isinstance(raw_duties, list):
        problems.append(Problem("duty must be an array of tables ([[duty]])", path=path, line=lines.line(("duty", 0))))
        return out
    if not raw_duties and "duty" not in data and not data:
        # An empty rule file is kept an error: it is usually a file saved before it was written, or
        # one whose duties were deleted by mistake, and saying nothing would hide that.
        problems.append(
            Problem("the file has no [[duty]] tables; add one (docs/rules.md) or delete the file", path=path)
        )
    for i, raw in enumerate(raw_duties):
        if not isinstance(raw, dict):
            problems.append(Problem("each duty must be a table", path=path, line=lines.line(("duty", i))))
            continue
        duty = _load_duty(raw, i, lines, path, problems)
        if duty is not None:
            out.append(duty)
    return out


class _Collector:
    """Records problems for one duty with its location filled in."""

    def __init__(self, path: str, lines: LineIndex, index: int, duty_id: str | None, problems: list[Problem]):
        self.path, self.lines, self.index, self.duty_id, self.problems = path, lines, index, duty_id, problems
        self.count = 0

    def __call__(self, key: str | None, message: str, hint: str | None = None) -> None:
        self.count += 1
        self.problems.append(
            Problem(
                message,
                path=self.path,
                line=self.lines.line(("duty", self.index), key),
                duty=self.duty_id,
                key=key,
                hint=hint,
            )
        )


def _load_duty(raw: dict[str, Any], i: int, lines: LineIndex, path: str, problems: list[Problem]) -> Duty | None:
    rid = raw.get("id")
    duty_id = rid if isinstance(rid, str) and rid else f"#{i + 1}"
    err = _Collector(path, lines, i, duty_id, problems)
    keys = schema()
    key_types = {k: s.type for k, s in keys.items()}

    misspelt: set[str] = set()  # keys an unknown key probably meant: "titel" is one mistake, not two
    for k in raw:
        if k not in DUTY_KEYS:
            err(k, "unknown key", suggest(k, DUTY_KEYS))
            import difflib  # only on error paths (~3 ms to import)

            misspelt.update(difflib.get_close_matches(k, DUTY_KEYS, n=1, cutoff=0.6))

    def text(k: str, required: bool = False) -> str | None:
        v = raw.get(k)
        if v is None:
            if required and k not in misspelt:
                err(k, "is required")
            return None
        if not isinstance(v, str) or not v.strip():
            err(k, f"must be a non-empty string, got {v!r}")
            return None
        return v.strip()

    ident = text("id", True)
    if ident is not None and not _ID.match(ident):
        err("id", f"{ident!r}: use lower-case letters, digits and single hyphens (e.g. withholding-tax)")
    title = text("title", True)
    title_en = text("title_en", True)
    area = text("area", True)
    if area is not None and area not in AREAS:
        err("area", f"unknown area {area!r}", suggest(area, AREAS) or f"areas are {', '.join(AREAS)}")

    # the recurrence: exactly one of every / for_each / relative_to / rrule
    present = [k for k in ("every", "for_each", "relative_to", "rrule") if k in raw]
    kind = "every"
    every = None
    n_years = 1
    if len(present) != 1:
        err(
            present[1] if len(present) > 1 else None,
            "give exactly one of every, for_each, relative_to, rrule"
            + (f" (found {', '.join(present)})" if present else ""),
        )
    else:
        kind = {"every": "every", "for_each": "for_each", "relative_to": "relative", "rrule": "rrule"}[present[0]]
    every_raw = raw.get("every")
    if every_raw is not None:
        if isinstance(every_raw, str) and every_raw in EVERY:
            every = every_raw
        elif isinstance(every_raw, str) and (m := _N_YEARS.match(every_raw.strip())):
            every, n_years = "years", int(m.group(1))
            if not 2 <= n_years <= 50:
                err("every", "N years must be 2–50")
            if not isinstance(raw.get("since"), int) or isinstance(raw.get("since"), bool):
                err("every", f'every = "{every_raw}" needs since = a year in the cycle (e.g. since = 2025)')
        else:
            err(
                "every",
                f"unknown period {every_raw!r}",
                suggest(str(every_raw), EVERY) or f'use one of {", ".join(EVERY)} or "N years"',
            )
    starting = raw.get("starting", 1)
    if "starting" in raw:
        if starting == "fiscal":
            starting = FISCAL
        elif isinstance(starting, bool) or not isinstance(starting, int) or not 1 <= starting <= 12:
            err("starting", f'must be a month 1–12 or "fiscal", got {starting!r}')
            starting = 1
        elif every not in ("quarter", "half-year", "year", "years"):
            err("starting", "only applies to every = quarter, half-year, year or N years")
    since = raw.get("since")
    if since is not None and (isinstance(since, bool) or not isinstance(since, int) or not 1900 <= since <= 2200):
        err("since", f"must be a year, got {since!r}")
        since = None
    for_each = raw.get("for_each")
    if for_each is not None:
        if not isinstance(for_each, str):
            err("for_each", f'must be the name of a profile key such as "bonus_dates", got {for_each!r}')
            for_each = None
        elif for_each not in keys:
            err("for_each", f"{for_each!r} is not a profile key", suggest(str(for_each), keys))
            for_each = None
        elif keys[for_each].type not in ("monthday-list", "monthday"):
            err("for_each", f"profile key {for_each!r} is not a list of month-days")
            for_each = None
    relative_to = raw.get("relative_to")
    if relative_to is not None and (not isinstance(relative_to, str) or not relative_to):
        err("relative_to", "must be a duty id")
        relative_to = None
    rrule_text = raw.get("rrule")
    if rrule_text is not None:
        try:
            if not isinstance(rrule_text, str):
                raise ValueError("must be a string")
            if "DTSTART" in rrule_text.upper():
                raise ValueError("leave DTSTART out; valid_from sets the start")
            from dateutil.rrule import rrulestr  # imported only when a duty has an rrule

            rrulestr(rrule_text, dtstart=date(2000, 1, 1), cache=False)
        except (ValueError, TypeError) as e:
            err("rrule", f"not a valid RRULE: {e}")
            rrule_text = None

    def expr(k: str, value: Any) -> Expr | None:
        try:
            e = parse_expr(value, key_types)
        except ValueError as exc:
            err(k, str(exc))
            return None
        if kind in ("for_each", "relative") and not e.anchored:
            err(
                k,
                f'{kind.replace("relative", "relative_to")} duties need a date counted from the anchor, such as "5 days after"',
            )
            return None
        if kind in ("every", "rrule") and e.anchored:
            err(
                k,
                f'{value!r} counts from an anchor: use for_each or relative_to, or a period form such as "10th of next month"',
            )
            return None
        return e

    def exprs(k: str, value: Any) -> tuple[Expr, ...]:
        if value is None:
            return ()
        items = value if isinstance(value, list) else [value]
        if not items:
            err(k, "is an empty list")
        out = tuple(e for v in items if (e := expr(k, v)) is not None)
        return out if len(out) == len(items) else ()

    due_raw = raw.get("due")
    inst_raw = raw.get("installments")
    due: tuple[Expr, ...] = ()
    installments: tuple[Expr, ...] = ()
    if kind == "rrule":
        if due_raw is not None or inst_raw is not None:
            err("due", "an rrule duty is due on each occurrence; leave due out")
    elif due_raw is None and inst_raw is None and "cases" not in raw:
        err("due", "is required (or installments)")
    elif due_raw is not None and inst_raw is not None:
        err("installments", "give due or installments, not both")
    else:
        due = exprs("due", due_raw)
        installments = exprs("installments", inst_raw)
        if isinstance(due_raw, list) and len(due_raw) > 1:
            per = {"quarter": 4, "half-year": 2}.get(every or "")
            if per is None:
                err(
                    "due",
                    "a list of due dates needs every = quarter (4) or half-year (2); for several dates in one period use installments",
                )
            elif len(due_raw) != per:
                err("due", f"every = {every} needs {per} due dates, one per period, got {len(due_raw)}")
    start = None
    if "start" in raw:
        s = exprs("start", raw["start"])
        if isinstance(raw["start"], list):
            err("start", "must be one date expression")
        start = s[0] if s else None

    shift = raw.get("shift", "following")
    if not isinstance(shift, str) or shift not in CONVENTIONS:
        err(
            "shift",
            f"unknown convention {shift!r}",
            suggest(str(shift), CONVENTIONS) or f"use one of {', '.join(CONVENTIONS)}",
        )
        shift = "following"
    regime = raw.get("regime", "government")
    if not isinstance(regime, str) or regime not in REGIMES:
        err("regime", f"unknown regime {regime!r}", suggest(str(regime), REGIMES) or f"use one of {', '.join(REGIMES)}")
        regime = "government"
    remind = _remind(raw.get("remind"), err)

    when = None
    if "when" in raw:
        w = raw["when"]
        if not isinstance(w, str):
            err("when", f'must be a string such as "employees >= 50", got {w!r}')
        else:
            try:
                when = compile_condition(w)
                for name in sorted(when.names - set(keys)):
                    err("when", f"{name!r} is not a profile key", suggest(name, keys))
            except ConditionSyntaxError as e:
                err("when", f"cannot read the condition: {e}")

    basis = text("basis", True) or ""
    source = text("source")
    if source is None and basis.lower() != "customary" and "source" not in raw:
        err("source", "is required for a statutory duty (an official https page)")
    if source is not None:
        from urllib.parse import urlparse

        u = urlparse(source)
        if u.scheme != "https" or not u.netloc or " " in source:
            err("source", f"must be an https URL, got {source!r}")
    valid_from = _date(raw, "valid_from", err)
    valid_until = _date(raw, "valid_until", err)
    if valid_from and valid_until and valid_until < valid_from:
        err("valid_until", "is before valid_from")

    base = Duty(
        id=ident or duty_id,
        title=title or "",
        title_en=title_en or "",
        area=area or "",
        kind=kind,
        due=due,
        basis=basis,
        source=source,
        every=every,
        n_years=n_years,
        starting=starting,
        since=since,
        installments=installments,
        start=start,
        shift=shift,
        regime=regime,
        remind=remind,
        when=when,
        for_each=for_each,
        relative_to=relative_to,
        rrule=rrule_text,
        submit_to=text("submit_to"),
        form=text("form"),
        notes=text("notes"),
        valid_from=valid_from,
        valid_until=valid_until,
        path=path,
        line=lines.line(("duty", i)),
        key_lines=dict(lines.keys.get(("duty", i), {})),
    )

    select = raw.get("select")
    cases_raw = raw.get("cases")
    cases: dict[str, Duty] = {}
    if select is not None and cases_raw is None:
        err("select", f"select = {select!r} needs one [duty.cases.VALUE] table per value, e.g. [duty.cases.tokyo]")
    elif select is None and cases_raw is not None:
        err("cases", "[duty.cases.*] tables need select = the profile key whose value picks the case")
    elif select is not None:
        spec = keys.get(select) if isinstance(select, str) else None
        if spec is None:
            err("select", f"{select!r} is not a profile key", suggest(str(select), keys))
        elif not isinstance(cases_raw, dict) or not cases_raw:
            err("cases", "must hold one table per value, e.g. [duty.cases.tokyo-23]")
        else:
            for value, over in cases_raw.items():
                if spec.choices and value not in spec.choices:
                    err(f"cases.{value}", f"{value!r} is not a value of {select}", suggest(value, spec.choices))
                    continue
                if not isinstance(over, dict):
                    err(f"cases.{value}", "must be a table")
                    continue
                for k in over:
                    if k not in CASE_KEYS:
                        err(f"cases.{value}.{k}", "cannot be set per case", f"cases may set {', '.join(CASE_KEYS)}")
                changes: dict[str, Any] = {}
                for k in ("notes", "source", "basis", "submit_to", "form"):
                    if k in over:
                        changes[k] = over[k] if isinstance(over[k], str) else None
                if "due" in over:
                    changes["due"] = exprs(f"cases.{value}.due", over["due"])
                    changes["installments"] = ()
                if "installments" in over:
                    changes["installments"] = exprs(f"cases.{value}.installments", over["installments"])
                    changes["due"] = ()
                if "start" in over:
                    s = exprs(f"cases.{value}.start", over["start"])
                    changes["start"] = s[0] if s else None
                cases[str(value)] = replace(base, **changes)
            if due_raw is None and inst_raw is None and spec.choices and set(spec.choices) - set(cases_raw):
                missing = ", ".join(sorted(set(spec.choices) - set(cases_raw)))
                err("cases", f"no due date for {select} = {missing}: add those cases or a default due")
    if err.count:
        return None
    return replace(base, select=select, cases=cases)


def _remind(value: Any, err: _Collector) -> tuple[int, ...]:
    if value is None:
        return DEFAULT_REMIND
    items = value if isinstance(value, list) else [value]
    out: list[int] = []
    for v in items:
        if isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 366:
            out.append(v)
            continue
        m = re.fullmatch(r"\s*(\d+)\s*(days?|weeks?)\s*", v) if isinstance(v, str) else None
        if m:
            n = int(m.group(1)) * (7 if m.group(2).startswith("week") else 1)
            if n <= 366:
                out.append(n)
                continue
        err("remind", f'{v!r}: a lead time is a number of days (0–366) or "2 weeks"')
    return tuple(sorted(set(out), reverse=True))


def _date(raw: dict[str, Any], k: str, err: _Collector) -> date | None:
    v = raw.get(k)
    if v is None:
        return None
    if isinstance(v, date) and not hasattr(v, "hour"):
        return v
    if isinstance(v, str):
        try:
            return date.fromisoformat(v)
        except ValueError:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v.strip()):
                err(k, f"{v!r} is not a real date")
                return None
    err(k, f"must be a date such as 2026-07-01, got {v!r}")
    return None


def _cross_checks(duties: Iterable[Duty]) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, Duty] = {}
    for d in duties:
        if d.id in seen:
            first = seen[d.id]
            problems.append(
                Problem(
                    f"duplicate id; first defined in {first.path}:{first.line_of('id')}",
                    path=d.path,
                    line=d.line_of("id"),
                    duty=d.id,
                    key="id",
                )
            )
        else:
            seen[d.id] = d
    for d in seen.values():
        if d.relative_to is not None and d.relative_to not in seen:
            problems.append(
                Problem(
                    f"refers to a duty that does not exist: {d.relative_to!r}",
                    path=d.path,
                    line=d.line_of("relative_to"),
                    duty=d.id,
                    key="relative_to",
                    hint=suggest(d.relative_to, seen),
                )
            )
    # cycles: follow relative_to links
    reported: set[str] = set()
    for d in seen.values():
        chain = [d.id]
        cur = d
        while cur.relative_to and cur.relative_to in seen:
            nxt = cur.relative_to
            if nxt in chain:
                cycle = chain[chain.index(nxt) :] + [nxt]
                if not reported & set(cycle):
                    problems.append(
                        Problem(
                            "relative_to forms a cycle: " + " → ".join(cycle),
                            path=d.path,
                            line=d.line_of("relative_to"),
                            duty=d.id,
                            key="relative_to",
                        )
                    )
                reported.update(cycle)
                break
            chain.append(nxt)
            cur = seen[nxt]
    return problems
