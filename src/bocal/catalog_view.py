"""The catalog as `bocal duties` and `bocal explain` show it.

A duty looked up by id (an unknown id is an error with the nearest id as a hint), the catalog listed
with whether each duty applies to the profile (a table or JSON), one duty described, and one task
of a duty, named by a period, explained. No click: the command line parses, calls one function here,
and prints.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .describe import area_name, pending_text
from .errors import Problem, UsageError, suggest
from .expand import Task, applicability
from .profile import Profile
from .render import pad, width
from .rules import Catalog, Duty


def find_duty(catalog: Catalog, duty_id: str) -> Duty:
    """The duty with this id; an unknown id is an error naming the nearest one."""
    duty = catalog.get(duty_id)
    if duty is None:
        raise UsageError(Problem(f"no duty {duty_id!r}", hint=suggest(duty_id, [d.id for d in catalog.duties])))
    return duty


@dataclass(frozen=True)
class DutyRow:
    """One duty of the catalog and whether it applies to the profile (and why not)."""

    duty: Duty
    applies: bool
    why: str


def duty_rows(catalog: Catalog, profile: Profile, areas: Sequence[str] | None = None) -> list[DutyRow]:
    """The catalog's duties (in these areas), each with whether it applies to the profile."""
    rows = []
    for d in catalog.duties:
        if areas is None or d.area in areas:
            ok, why = applicability(d, profile, catalog)
            rows.append(DutyRow(d, ok, why))
    return rows


def duties_json(rows: Sequence[DutyRow]) -> str:
    """The rows as a JSON array (ids, titles, area, basis, dates' conventions, applicability)."""
    out = [
        {
            "id": d.id,
            "title": d.title,
            "title_en": d.title_en,
            "area": d.area,
            "basis": d.basis,
            "source": d.source,
            "regime": d.regime,
            "shift": d.shift,
            "when": d.when.text if d.when else None,
            "applies": r.applies,
            "why": r.why,
            "valid_from": d.valid_from.isoformat() if d.valid_from else None,
            "valid_until": d.valid_until.isoformat() if d.valid_until else None,
            "deadline": d.deadline,
            "pending": d.pending,
        }
        for r in rows
        for d in (r.duty,)
    ]
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


def duties_table(rows: Sequence[DutyRow], lang: str) -> str:
    """One line a duty: ✓ (applies) or -, id, area and title, aligned by display width."""
    w_id = max((width(r.duty.id) for r in rows), default=0)
    w_area = max((width(area_name(r.duty.area, lang)) for r in rows), default=0)
    lines = []
    for r in rows:
        d = r.duty
        mark = "✓" if r.applies else "-"
        lines.append(f"{mark} {pad(d.id, w_id)}  {pad(area_name(d.area, lang), w_area)}  {d.title_for(lang)}\n")
        if notice := pending_text(d, lang):  # not dated yet: a notice, never a task
            lines.append(f"  {' ' * w_id}  {notice}\n")
    return "".join(lines)


def list_duties(catalog: Catalog, profile: Profile, *, areas: Sequence[str] | None, fmt: str, lang: str) -> str:
    """`bocal duties`: the catalog (in these areas) as a table or JSON."""
    rows = duty_rows(catalog, profile, areas)
    return duties_json(rows) if fmt == "json" else duties_table(rows, lang)


def describe(catalog: Catalog, profile: Profile, duty_id: str, today: date, lang: str) -> str:
    """`bocal duties ID`: one duty in words, its next dates for the profile."""
    from .explain import describe_duty

    return describe_duty(catalog, profile, find_duty(catalog, duty_id), today, lang)


def period_task(catalog: Catalog, profile: Profile, duty_id: str, period: str | None, today: date) -> Task:
    """The task PERIOD names (the next one without it) of a duty that applies to the profile."""
    from .explain import find_task

    duty = find_duty(catalog, duty_id)
    ok, why = applicability(duty, profile, catalog)
    if not ok:
        raise UsageError(Problem(f"duty {duty_id!r} does not apply to {profile.name}: {why}"))
    task = find_task(catalog, profile, duty, period, today)
    if task is None:
        what = f"for {period!r}" if period else f"after {today}"
        raise UsageError(
            Problem(
                f"no {duty_id} task {what}",
                hint="give a period key (2025-12, 2026, FY2026-03), a month (2026-07), a year or a date",
            )
        )
    return task


def explain_period(catalog: Catalog, profile: Profile, duty_id: str, period: str | None, today: date, lang: str) -> str:
    """`bocal explain DUTY [PERIOD]`: the task PERIOD names (the next one without it), step by step."""
    from .explain import explain

    return explain(catalog, profile, period_task(catalog, profile, duty_id, period, today), lang)


def review_report(catalog: Catalog) -> str:
    """`bocal check --review`: the maintainers' 要確認 notes, each with file:line (users never see them)."""
    notes = [d for d in catalog.duties if d.review]
    lines = [f"{d.path}:{d.line_of('review')}: {d.id}: {d.review}" for d in notes]
    lines.append(f"review: {len(notes)} of {len(catalog.duties)} duties have notes")
    return "\n".join(lines) + "\n"


def check_summary(catalog: Catalog, profile: Profile) -> str:
    """`bocal check`: what was read and found valid — the rule files, duties per area, the profile."""
    areas: dict[str, int] = {}
    for d in catalog.duties:
        areas[d.area] = areas.get(d.area, 0) + 1
    lines = [f"rules: {len(catalog.files)} files, {len(catalog.duties)} duties — OK"]
    lines += [f"  {f}" for f in catalog.files]
    lines.append("  " + ", ".join(f"{a} {n}" for a, n in sorted(areas.items())))
    lines.append(f"profile: {profile.path or '(embedded default)'} — {profile.name} — OK")
    return "\n".join(lines) + "\n"
