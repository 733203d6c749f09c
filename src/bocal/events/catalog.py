"""Event duties: what an event sets off, read from `schedules/events-*.toml`.

    [[duty]]
    id = "hire-health-pension-acquisition"
    on = "hire"                           # or a list of kinds
    due = "5 days"                        # a due form (events/due.py), from the event's DATE
    counts_from = "date"                  # or "day-after" (資格喪失日 = the day after 退職日)
    target = "遅滞なく"                    # the law sets no date: the date shown is a target (目安)
    when = "social_insurance"             # profile keys and the kind's attributes
    review = "…"                          # maintainers only: doubts about the law or practice

An `EventDuty` is a `rules.Duty` (kind "event"), so every renderer that reads a task's duty —
title, area, basis, source, notes, regime — reads an event duty the same way; the fields it adds
(`on`, the due forms, `target`) are read by this package and, for `target`, by `Task.target`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..calendars import CONVENTIONS, REGIMES
from ..conditions import ConditionSyntaxError, compile_condition
from ..errors import Problem, RuleError, suggest
from ..profile import AREAS, schema
from ..rules import Duty
from ..tomlsource import LineIndex, TomlReadError, parse_toml_bytes, read_bytes
from .due import DueForm, parse_due
from .kinds import KIND_BY_NAME, KIND_NAMES

EVENT_DUTY_KEYS = (
    "id",
    "title",
    "title_en",
    "area",
    "on",
    "due",
    "start",
    "counts_from",
    "anchor",
    "anchor_en",
    "target",
    "target_en",
    "when",
    "basis",
    "source",
    "submit_to",
    "form",
    "notes",
    "review",
    "shift",
    "regime",
    "remind",
)
COUNTS_FROM = ("date", "day-after")


@dataclass(frozen=True)
class EventDuty(Duty):
    """A duty an event sets off; `due`/`every` of the base stay empty (kind "event")."""

    on: tuple[str, ...] = ()
    event_due: DueForm | None = None
    event_start: DueForm | None = None
    counts_from: str = "date"
    anchor_ja: str | None = None
    anchor_en: str | None = None
    #: The law's words when it sets no date (遅滞なく, 速やかに): the date shown is a target (目安).
    target: str | None = None
    target_en: str | None = None
    #: Maintainers only: doubts about the law or official practice. Never shown to users.
    review: str | None = None

    def anchor(self, kind: str, lang: str = "ja") -> str:
        """What the count starts from: 「入社日」, or the duty's own words (「資格喪失日（退職日の翌日）」)."""
        own = self.anchor_ja if lang == "ja" else self.anchor_en
        if own:
            return own
        k = KIND_BY_NAME[kind]
        return (k.date_ja if lang == "ja" else k.date_en).split("（")[0]

    def rule_text(self, kind: str, lang: str = "ja") -> str:
        """How the date is counted, in words: 「入社日から5日以内（初日不算入・民法140条）」;
        for a target, the law's words first: 「遅滞なく（目安：災害の発生日から7日以内…）」."""
        assert self.event_due is not None
        words = self.event_due.describe(self.anchor(kind, "ja"), self.anchor(kind, "en"), lang)
        if self.target:
            if lang == "ja":
                return f"{self.target}（目安：{words}）"
            return f"{self.target_en or self.target} (target: {words})"
        return words


@dataclass(frozen=True)
class EventCatalog:
    duties: tuple[EventDuty, ...]
    files: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        by_kind: dict[str, list[EventDuty]] = {}
        for d in self.duties:
            for k in d.on:
                by_kind.setdefault(k, []).append(d)
        object.__setattr__(self, "_by_kind", {k: tuple(v) for k, v in by_kind.items()})

    def for_kind(self, kind: str) -> tuple[EventDuty, ...]:
        """The duties this kind of event sets off, in file order."""
        found: tuple[EventDuty, ...] = self._by_kind.get(kind, ())  # type: ignore[attr-defined]
        return found

    def get(self, duty_id: str) -> EventDuty | None:
        for d in self.duties:
            if d.id == duty_id:
                return d
        return None


def is_event_file(name: str) -> bool:
    return Path(name).name.startswith("events-") and name.endswith(".toml")


def bundled_event_files() -> list[tuple[str, bytes]]:
    from ..pkgdata import files

    return [(f"schedules/{n}", raw) for n, raw in files("bocal.schedules", ".toml") if is_event_file(n)]


@lru_cache(maxsize=1)
def bundled_event_catalog() -> EventCatalog:
    """The shipped event duties, loaded once per process."""
    return load_event_catalog()


def load_event_catalog(paths: Sequence[str | Path] = (), *, bundled: bool = True) -> EventCatalog:
    """The bundled event duties and those in `paths`; every problem of every file at once."""
    problems: list[Problem] = []
    sources = bundled_event_files() if bundled else []
    for p in paths:
        try:
            sources.append((str(p), read_bytes(str(p))))
        except TomlReadError as e:
            problems.append(e.problem)
    duties: list[EventDuty] = []
    for shown, raw in sources:
        try:
            doc = parse_toml_bytes(raw, shown)
        except TomlReadError as e:
            problems.append(e.problem)
            continue
        duties.extend(_load_document(doc.data, doc.lines, shown, problems))
    seen: dict[str, EventDuty] = {}
    for d in duties:
        if d.id in seen:
            problems.append(
                Problem(f"duplicate id (first in {seen[d.id].path}:{seen[d.id].line})", d.path, d.line, d.id, "id")
            )
        seen[d.id] = d
    if problems:
        raise RuleError(problems)
    return EventCatalog(tuple(duties), tuple(s for s, _ in sources))


def _load_document(data: Mapping[str, Any], lines: LineIndex, path: str, problems: list[Problem]) -> list[EventDuty]:
    for key in data:
        if key != "duty":
            problems.append(
                Problem(f"unknown top-level table {key!r}; event duties are [[duty]] tables", path, key=key)
            )
    raw = data.get("duty", [])
    if not isinstance(raw, list) or not raw:
        problems.append(Problem("the file has no [[duty]] tables", path))
        return []
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            problems.append(Problem("each duty must be a table", path, lines.line(("duty", i))))
            continue
        d = _load_duty(item, i, lines, path, problems)
        if d is not None:
            out.append(d)
    return out


class _Errors:
    def __init__(self, path: str, lines: LineIndex, i: int, duty: str, problems: list[Problem]) -> None:
        self.path, self.lines, self.i, self.duty, self.problems = path, lines, i, duty, problems
        self.count = 0

    def __call__(self, key: str | None, message: str, hint: str | None = None) -> None:
        line = self.lines.line(("duty", self.i), key) or self.lines.line(("duty", self.i))
        self.problems.append(Problem(message, self.path, line, self.duty, key, hint))
        self.count += 1


def _text(raw: Mapping[str, Any], k: str, err: _Errors, required: bool = False) -> str | None:
    v = raw.get(k)
    if v is None:
        if required:
            err(k, "is required")
        return None
    if not isinstance(v, str) or not v.strip():
        err(k, "must be a non-empty string")
        return None
    return v.strip()


def _choice(raw: Mapping[str, Any], k: str, choices: Iterable[str], default: str, err: _Errors) -> str:
    v = raw.get(k, default)
    options = list(choices)
    if v not in options:
        err(k, f"must be one of {', '.join(options)}", suggest(str(v), options))
        return default
    return str(v)


def _kinds(raw: Mapping[str, Any], err: _Errors) -> tuple[str, ...]:
    on = raw.get("on")
    items = [on] if isinstance(on, str) else on if isinstance(on, list) else None
    if not items:
        err("on", "is required: the event kind(s) that set this duty off", f"kinds are {', '.join(KIND_NAMES)}")
        return ()
    for k in items:
        if k not in KIND_BY_NAME:
            err("on", f"unknown event kind {k!r}", suggest(str(k), KIND_NAMES))
    return tuple(str(k) for k in items)


def _form(raw: Mapping[str, Any], k: str, err: _Errors) -> DueForm | None:
    v = raw.get(k)
    if v is None:
        return None
    try:
        return parse_due(str(v))
    except ValueError as e:
        err(k, str(e))
        return None


def _load_duty(
    raw: Mapping[str, Any], i: int, lines: LineIndex, path: str, problems: list[Problem]
) -> EventDuty | None:
    rid = raw.get("id")
    err = _Errors(path, lines, i, rid if isinstance(rid, str) and rid else f"#{i + 1}", problems)
    for k in raw:
        if k not in EVENT_DUTY_KEYS:
            err(k, "unknown key", suggest(k, EVENT_DUTY_KEYS))
    texts = {k: _text(raw, k, err, k in ("id", "title", "title_en", "basis")) for k in _TEXT_KEYS}
    area = _choice(raw, "area", AREAS, "general-affairs", err) if "area" in raw else None
    if area is None:
        err("area", "is required", f"areas are {', '.join(AREAS)}")
    on = _kinds(raw, err)
    due = _form(raw, "due", err)
    if due is None and "due" not in raw:
        err("due", "is required", 'e.g. due = "5 days" or "10th of next month"')
    start = _form(raw, "start", err)
    when = None
    if (w := _text(raw, "when", err)) is not None:
        try:
            when = compile_condition(w)
        except ConditionSyntaxError as e:
            err("when", str(e))
        else:
            known = set(schema()) | {a.name for k in on if k in KIND_BY_NAME for a in KIND_BY_NAME[k].attributes}
            for name in sorted(when.names - known):
                err("when", f"unknown name {name!r}: neither a profile key nor an attribute of {', '.join(on)}")
    remind = raw.get("remind", [3])
    if not isinstance(remind, list) or not all(isinstance(x, int) and not isinstance(x, bool) for x in remind):
        err("remind", "must be a list of days, e.g. [7, 1]")
        remind = [3]
    shift = _choice(raw, "shift", CONVENTIONS, "following", err)
    regime = _choice(raw, "regime", REGIMES, "government", err)
    counts_from = _choice(raw, "counts_from", COUNTS_FROM, "date", err)
    if err.count or due is None or area is None:
        return None
    return EventDuty(
        id=str(texts["id"]),
        title=str(texts["title"]),
        title_en=str(texts["title_en"]),
        area=area,
        kind="event",
        due=(),
        basis=str(texts["basis"]),
        source=texts["source"],
        shift=shift,
        regime=regime,
        remind=tuple(sorted(set(remind), reverse=True)),
        when=when,
        submit_to=texts["submit_to"],
        form=texts["form"],
        notes=texts["notes"],
        path=path,
        line=lines.line(("duty", i)),
        on=on,
        event_due=due,
        event_start=start,
        counts_from=counts_from,
        anchor_ja=texts["anchor"],
        anchor_en=texts["anchor_en"],
        target=texts["target"],
        target_en=texts["target_en"],
        review=texts["review"],
    )


_TEXT_KEYS = (
    "id",
    "title",
    "title_en",
    "basis",
    "source",
    "submit_to",
    "form",
    "notes",
    "review",
    "anchor",
    "anchor_en",
    "target",
    "target_en",
)
