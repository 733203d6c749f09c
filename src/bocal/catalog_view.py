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
from pathlib import Path
from typing import TYPE_CHECKING

from .describe import area_name, pending_text
from .errors import Problem, UsageError, suggest
from .expand import Task, applicability
from .profile import Profile
from .render import pad, width
from .rules import Catalog, Duty

if TYPE_CHECKING:
    from .clients import Client, Office


def find_duty(catalog: Catalog, duty_id: str, lang: str = "en", profile: Profile | None = None) -> Duty:
    """The duty named by its id or by words of its id or its Japanese or English title (`源泉所得税`,
    `agm-notice`). When several match and a profile is given, those that apply to it are preferred;
    none or still several is an error listing the nearest id or the choices."""
    duty = catalog.get(duty_id)
    if duty is not None:
        return duty
    found = search_duties(catalog, duty_id)
    if len(found) > 1 and profile is not None:
        applying = [d for d in found if applicability(d, profile, catalog)[0]]
        found = applying or found
    if len(found) == 1:
        return found[0]
    from .i18n import t

    if not found:
        hint = suggest(duty_id, [d.id for d in catalog.duties])
        raise UsageError(Problem(t("find.none", lang, word=duty_id), hint=hint))
    choices = ", ".join(f"{d.id}（{d.title}）" for d in found[:12]) + (" …" if len(found) > 12 else "")
    raise UsageError(Problem(t("find.several", lang, word=duty_id, n=len(found), choices=choices)))


def _fold(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", text).casefold()


def search_duties(catalog: Catalog, words: str) -> list[Duty]:
    """The duties whose id, Japanese title or English title contain every word of `words` (case and
    full-width folded): `源泉`, `withholding tax`, `agm-notice`, `ストレスチェック`."""
    wanted = [_fold(w) for w in words.split()]
    out = []
    for d in catalog.duties:
        hay = _fold(" ".join((d.id, d.title, d.title_en or "")))
        if wanted and all(w in hay for w in wanted):
            out.append(d)
    return out


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


def list_duties(
    catalog: Catalog,
    profile: Profile,
    *,
    areas: Sequence[str] | None,
    fmt: str,
    lang: str,
    only: Sequence[Duty] | None = None,
) -> str:
    """`bocal duties`: the catalog (in these areas; only these duties when given) as a table or JSON."""
    rows = duty_rows(catalog, profile, areas)
    if only is not None:
        keep = {d.id for d in only}
        rows = [r for r in rows if r.duty.id in keep]
    return duties_json(rows) if fmt == "json" else duties_table(rows, lang)


def describe(catalog: Catalog, profile: Profile, duty_id: str, today: date, lang: str) -> str:
    """`bocal duties ID`: one duty in words, its next dates for the profile."""
    from .explain import describe_duty

    return describe_duty(catalog, profile, find_duty(catalog, duty_id, lang), today, lang)


def period_task(
    catalog: Catalog, profile: Profile, duty_id: str, period: str | None, today: date, lang: str = "en"
) -> Task:
    """The task PERIOD names (the next one without it) of a duty that applies to the profile."""
    from .explain import find_task

    duty = find_duty(catalog, duty_id, lang, profile)
    ok, why = applicability(duty, profile, catalog)
    if not ok:
        raise UsageError(Problem(f"duty {duty.id!r} does not apply to {profile.name}: {why}"))
    task = find_task(catalog, profile, duty, period, today)
    if task is None:
        what = f"for {period!r}" if period else f"after {today}"
        raise UsageError(
            Problem(
                f"no {duty.id} task {what}",
                hint="give a period key (2025-12, 2026, FY2026-03), a month (2026-07), a year or a date",
            )
        )
    return task


def explain_period(catalog: Catalog, profile: Profile, duty_id: str, period: str | None, today: date, lang: str) -> str:
    """`bocal explain DUTY [PERIOD]`: the task PERIOD names (the next one without it), step by step."""
    from .explain import explain

    return explain(catalog, profile, period_task(catalog, profile, duty_id, period, today, lang), lang)


def review_report(catalog: Catalog) -> str:
    """`bocal check --review`: the maintainers' 要確認 notes, each with file:line (users never see them)."""
    notes = [d for d in catalog.duties if d.review]
    lines = [f"{d.path}:{d.line_of('review')}: {d.id}: {d.review}" for d in notes]
    lines.append(f"review: {len(notes)} of {len(catalog.duties)} duties have notes")
    return "\n".join(lines) + "\n"


def explain_office(
    catalog: Catalog, chosen: Sequence[Client], duty_id: str, period: str | None, today: date, lang: str
) -> str:
    """`bocal explain --clients`: the task explained for each chosen client under 【its name】; a
    client the duty does not apply to (or without a task for the period) says so in a line."""
    if catalog.get(duty_id) is None and not search_duties(catalog, duty_id):
        find_duty(catalog, duty_id, lang)  # names nothing: the one error, with the nearest id
    parts = []
    for c in chosen:
        try:
            # words choose per client: 源泉所得税 is the special schedule's for a client with 納期の特例
            duty = find_duty(catalog, duty_id, lang, c.profile)
            body = explain_period(catalog, c.profile, duty.id, period, today, lang)
        except UsageError as e:
            body = "".join(f"  {p.message}\n" for p in e.problems)
        parts.append(f"【{c.name}】\n{body}")
    return "\n".join(parts)


def check_office_summary(catalog: Catalog, office: Office) -> str:
    """`bocal check --clients`: the rules, then each client that loaded (the broken ones are reported
    by the command as problems)."""
    lines = check_summary(catalog, None).splitlines()
    good, bad = len(office.clients), len(office.skipped)
    lines.append(f"clients: {office.directory} — {good} OK" + (f", {bad} broken" if bad else ""))
    lines += [f"  {c.name} ({Path(c.path).name}, id {c.id})" for c in office.clients]
    return "\n".join(lines) + "\n"


def check_summary(catalog: Catalog, profile: Profile | None) -> str:
    """`bocal check`: what was read and found valid — the rule files, duties per area, the profile."""
    areas: dict[str, int] = {}
    for d in catalog.duties:
        areas[d.area] = areas.get(d.area, 0) + 1
    lines = [f"rules: {len(catalog.files)} files, {len(catalog.duties)} duties — OK"]
    lines += [f"  {f}" for f in catalog.files]
    lines.append("  " + ", ".join(f"{a} {n}" for a, n in sorted(areas.items())))
    if profile is not None:
        lines.append(f"profile: {profile.path or '(embedded default)'} — {profile.name} — OK")
    return "\n".join(lines) + "\n"
