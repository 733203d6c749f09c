"""From a parsed rule file to duties: every [[duty]] table through the section parsers, then the
checks across files (duplicate ids, `relative_to` naming a missing duty, cycles between relative duties).

Every problem of every duty is collected (docs/rules.md says what each key accepts); a duty with
any problem is left out, so the caller raises once with all of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from . import duty_sections
from .bounds import MAX_RELATIVE_DEPTH
from .duty import Duty
from .duty_fields import Collector, Reader
from .errors import Problem, suggest
from .profile import schema
from .tomlsource import LineIndex


def load_document(data: dict[str, Any], lines: LineIndex, path: str, problems: list[Problem]) -> list[Duty]:
    """The duties of one parsed rule file; their problems (and the file's) appended to `problems`."""
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
        return []
    if not raw_duties and "duty" not in data and not data:
        # An empty rule file is kept an error: it is usually a file saved before it was written, or
        # one whose duties were deleted by mistake, and saying nothing would hide that.
        problems.append(
            Problem("the file has no [[duty]] tables; add one (docs/rules.md) or delete the file", path=path)
        )
    out: list[Duty] = []
    for i, raw in enumerate(raw_duties):
        if not isinstance(raw, dict):
            problems.append(Problem("each duty must be a table", path=path, line=lines.line(("duty", i))))
            continue
        duty = load_duty(raw, i, lines, path, problems)
        if duty is not None:
            out.append(duty)
    return out


def load_duty(raw: dict[str, Any], i: int, lines: LineIndex, path: str, problems: list[Problem]) -> Duty | None:
    """One [[duty]] table (the i-th of its file) compiled, or None when it has problems (appended)."""
    rid = raw.get("id")
    err = Collector(path, lines, i, rid if isinstance(rid, str) and rid else f"#{i + 1}", problems)
    r = Reader(raw, err, schema())
    r.check_known()
    fields: duty_sections.Fields = {}
    for _, parse in duty_sections.SECTIONS:
        parse(r, fields)
    case_fields = duty_sections.cases(r, fields)
    if err.count:
        return None
    select = fields.pop("select")
    base = Duty(**fields, path=path, line=lines.line(("duty", i)), key_lines=dict(lines.keys.get(("duty", i), {})))
    cases = {value: replace(base, **changes) for value, changes in case_fields.items()}
    return replace(base, select=select, cases=cases)


def cross_checks(duties: Iterable[Duty]) -> list[Problem]:
    """Problems only the whole catalog shows: duplicate ids, dangling and cyclic `relative_to`."""
    seen: dict[str, Duty] = {}
    problems = _duplicates(duties, seen)
    problems += _dangling(seen)
    problems += _cycles(seen)
    return problems


def _duplicates(duties: Iterable[Duty], seen: dict[str, Duty]) -> list[Problem]:
    problems: list[Problem] = []
    for d in duties:
        if d.id not in seen:
            seen[d.id] = d
            continue
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
    return problems


def _dangling(seen: dict[str, Duty]) -> list[Problem]:
    return [
        Problem(
            f"refers to a duty that does not exist: {d.relative_to!r}",
            path=d.path,
            line=d.line_of("relative_to"),
            duty=d.id,
            key="relative_to",
            hint=suggest(d.relative_to, seen),
        )
        for d in seen.values()
        if d.relative_to is not None and d.relative_to not in seen
    ]


def _cycles(seen: dict[str, Duty]) -> list[Problem]:
    """Cycles and over-deep chains of relative_to links, in one linear walk.

    Each duty has at most one link, so every walk ends at a root, at a duty already walked, or on its
    own path (a cycle, reported once, at the duty whose walk found it). Depths are filled in on the
    way back, so each duty is visited once: 2,000 chained duties cost 2,000 steps, not 2,000²."""
    problems: list[Problem] = []
    depth: dict[str, int] = {}  # links from the duty down to its root; -1 for duties on or into a cycle
    for d in seen.values():
        path: list[str] = []
        on_path: dict[str, int] = {}
        cur: str | None = d.id
        while cur is not None and cur in seen and cur not in depth and cur not in on_path:
            on_path[cur] = len(path)
            path.append(cur)
            cur = seen[cur].relative_to
        if cur is not None and cur in on_path:
            cycle = [*path[on_path[cur] :], cur]
            shown = cycle if len(cycle) <= 12 else [*cycle[:5], f"… ({len(cycle) - 10} more) …", *cycle[-5:]]
            problems.append(_located(d, "relative_to forms a cycle: " + " → ".join(shown)))
            depth.update(dict.fromkeys(path, -1))
            continue
        for name in reversed(path):  # each target is a root, a dangling link, or already has its depth
            target = seen[name].relative_to
            below = depth.get(target, 0) if target in seen else -1
            depth[name] = -1 if target in seen and below < 0 else below + 1
            if depth[name] == MAX_RELATIVE_DEPTH + 1:
                problems.append(
                    _located(
                        seen[name],
                        f"is {depth[name]} relative_to links from its first duty; chains may be at most "
                        f"{MAX_RELATIVE_DEPTH} deep",
                    )
                )
    return problems


def _located(d: Duty, message: str) -> Problem:
    return Problem(message, path=d.path, line=d.line_of("relative_to"), duty=d.id, key="relative_to")
