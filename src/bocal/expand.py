"""Expansion: duties × a company profile × a date range → the sorted list of dated tasks.

A duty's dates depend only on the few profile values it reads (its `date_names()`, plus the
company closures when it shifts on the company calendar), so occurrences are cached under those
values: a thousand clients with a handful of distinct fiscal year ends share almost all the work.
Tasks whose nominal date lies just outside the range but moves into it are included.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from operator import itemgetter
from typing import Any

from .calendars import ClosedDay, NoOpenDay, business_calendar, is_provisional
from .duty import Catalog, Duty
from .errors import Problem, ProfileError, UsageError
from .kinds import KINDS, MONTHS_EN, SHIFT_MARGIN, Occurrence, Period, Run
from .profile import AREAS, Extension, Profile

__all__ = [
    "AREA_ORDER",
    "MONTHS_EN",
    "SHIFT_MARGIN",
    "Expander",
    "Occurrence",
    "Period",
    "Task",
    "applicability",
    "apply_extension",
    "expand",
    "resolve",
]

AREA_ORDER = {a: i for i, a in enumerate(AREAS)}


@dataclass(frozen=True, slots=True)
class Task:
    """A dated duty for one company: what the renderers show."""

    duty: Duty
    period: Period
    nominal: date
    due: date
    closed: tuple[ClosedDay, ...]
    nominal_start: date | None
    start: date | None
    start_closed: tuple[ClosedDay, ...]
    company: str
    uid_domain: str
    owner: str | None
    #: A disaster extension from the profile that moved `due` (国税通則法11条); None otherwise.
    extension: Extension | None = None

    @property
    def uid(self) -> str:
        """Stable identity: duty + period + company (never the moved date, never random)."""
        return f"{self.duty.id}-{self.period.key}-{self.company}@{self.uid_domain}"

    @property
    def moved(self) -> bool:
        return self.due != self.nominal

    @property
    def provisional(self) -> bool:
        """True when the date rests on holidays not yet fixed in the 官報."""
        return is_provisional(self.due.year) or is_provisional(self.nominal.year)

    @property
    def assumed(self) -> bool:
        """True when the duty's dates are announced yearly and this year's is not in its table:
        the date is the rule's, shown as assumed (推定)."""
        dated = getattr(self.duty, "dated", None)  # event duties have no yearly table
        return dated is not None and bool(dated) and self.period.start.year not in dated

    @property
    def area(self) -> str:
        return self.duty.area

    @property
    def target(self) -> bool:
        """True when the law sets no date (遅滞なく, 速やかに): `due` is a target (目安), not a deadline —
        a duty marked `deadline = "target"`, or one carrying the law's words in a `target` text."""
        return self.duty.deadline == "target" or self.duty.target is not None

    def title(self, lang: str = "ja") -> str:
        """「源泉所得税の納付（2025年12月分）」 / "Pay withheld income tax (Dec 2025)"."""
        if lang == "ja":
            return f"{self.duty.title}（{self.period.label_ja}）"
        return f"{self.duty.title_en} ({self.period.label_en})"


# Building a frozen dataclass goes through object.__setattr__ once per field (~4 µs for a Task);
# a thousand clients make ~200,000 tasks, so expansion fills the slots directly (~1.5 µs). The
# result is an ordinary Task, equal to one built with Task(...).
_SET = {f: getattr(Task, f).__set__ for f in Task.__slots__}
_s_duty, _s_period, _s_nominal, _s_due, _s_closed = (_SET[f] for f in ("duty", "period", "nominal", "due", "closed"))
_s_nstart, _s_start, _s_sclosed = _SET["nominal_start"], _SET["start"], _SET["start_closed"]
_s_company, _s_domain, _s_owner = _SET["company"], _SET["uid_domain"], _SET["owner"]
_s_extension = _SET["extension"]
assert len(_SET) == 12, "Task gained a field: fill it in _new_task too"
_new_object = object.__new__


def _new_task(o: Occurrence, company: str, domain: str, owner: str | None) -> Task:
    """Task(o.duty, …, company, domain, owner), built fast."""
    t = _new_object(Task)
    _s_duty(t, o.duty)
    _s_period(t, o.period)
    _s_nominal(t, o.nominal)
    _s_due(t, o.due)
    _s_closed(t, o.closed)
    _s_nstart(t, o.nominal_start)
    _s_start(t, o.start)
    _s_sclosed(t, o.start_closed)
    _s_company(t, company)
    _s_domain(t, domain)
    _s_owner(t, owner)
    _s_extension(t, None)  # apply_extension replaces the task when the profile extends its deadline
    return t


# -- expansion --------------------------------------------------------------------------------------


def resolve(duty: Duty, profile: Profile) -> Duty | None:
    """The duty as it applies to this profile (its case selected), or None when it does not apply."""
    if duty.area not in profile.areas:
        return None
    if duty.when is not None and duty.kind != "event" and not duty.when(profile.values):
        return None  # an event duty's condition is checked per event, with the event's attributes
    if duty.select is not None:
        case = duty.cases.get(str(profile.values.get(duty.select)))
        if case is not None:
            return case
        if not duty.due and not duty.installments:
            return None
    return duty


def applicability(duty: Duty, profile: Profile, catalog: Catalog | None = None) -> tuple[bool, str]:
    """Whether the duty applies to the profile, and why, in words (for `bocal duties`)."""
    if duty.area not in profile.areas:
        return False, f"area {duty.area} is not in the profile's areas"
    if duty.kind == "event":
        when = f" when {duty.when.text}" if duty.when is not None else ""
        return True, f"applies to each recorded {' or '.join(duty.on)} event{when}"
    if duty.when is not None:
        ok = duty.when(profile.values)
        verdict = "holds" if ok else "does not hold"
        if not ok:
            return False, f"condition {verdict}: {duty.when.explain(profile.values)}"
    if duty.select is not None and duty.select and resolve(duty, profile) is None:
        return False, f"no dates for {duty.select} = {profile.values.get(duty.select)!r}"
    if catalog is not None and duty.relative_to:
        anchor = catalog.get(duty.relative_to)
        if anchor is not None:
            ok, why = applicability(anchor, profile, catalog)
            if not ok:
                return False, f"counted from {anchor.id}, which does not apply ({why})"
    if duty.when is not None:
        return True, f"condition holds: {duty.when.explain(profile.values)}"
    return True, "applies to every company"


@dataclass(frozen=True, slots=True)
class _Plan:
    """A duty as expansion sees it, worked out once per Expander."""

    duty: Duty
    names: tuple[str, ...]  # the profile keys its dates read
    company: bool  # shifts on the company calendar (so the closures matter)
    base: _Plan | None  # the duty it counts from (relative_to)


class _ProfileInputs:
    """One profile's values in hashable form, worked out once per expansion."""

    __slots__ = ("profile", "values", "frozen", "areas", "_closures_key")

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.values = profile.values
        self.areas = frozenset(profile.areas)
        self.frozen = {k: tuple(v) if isinstance(v, list) else v for k, v in profile.values.items()}
        self._closures_key: tuple[object, ...] | None = None

    @property
    def closures_key(self) -> tuple[object, ...]:
        if self._closures_key is None:
            self._closures_key = self.profile.closures.key()
        return self._closures_key


def _order(o: Occurrence) -> tuple[Any, ...]:
    return (o.due, AREA_ORDER.get(o.duty.area, 99), o.duty.id, o.period.start, o.period.key)


def _ordered(occs: Iterable[Occurrence]) -> tuple[tuple[tuple[Any, ...], Occurrence], ...]:
    return tuple(sorted(((_order(o), o) for o in occs), key=_first))


_first = itemgetter(0)


class Expander:
    """Expands a catalog for profiles, sharing occurrences between profiles with equal inputs.

    Each duty is planned once: the profile keys its *dates* read (its `when` condition only gates
    it, so a thousand different headcounts still share one computation), whether it shifts on the
    company calendar, and the duty it counts from. A profile's key for a duty is those values plus
    the key of its anchor; occurrences are computed once per distinct key and range, kept sorted.
    """

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._cache: dict[tuple[Any, ...], tuple[tuple[tuple[Any, ...], Occurrence], ...]] = {}
        self._plans: dict[str, _Plan] = {}
        for duty in catalog.duties:
            self._plan(duty)

    def _plan(self, duty: Duty) -> _Plan:
        plan = self._plans.get(duty.id)
        if plan is None:
            base_duty = self.catalog.get(duty.relative_to) if duty.relative_to else None
            base = self._plan(base_duty) if base_duty is not None and base_duty is not duty else None
            plan = self._plans[duty.id] = _Plan(duty, duty.date_names(), duty.regime == "company", base)
        return plan

    def expand(
        self,
        profile: Profile,
        start: date,
        end: date,
        *,
        areas: Sequence[str] | None = None,
        duties: Sequence[str] | None = None,
    ) -> list[Task]:
        """The tasks due in [start, end] (inclusive), sorted by due date, area, duty and period."""
        if end < start:
            raise UsageError(Problem(f"the range ends ({end}) before it starts ({start})"))
        wanted = set(duties) if duties is not None else None
        inputs = _ProfileInputs(profile)
        cache = self._cache
        pairs: list[tuple[tuple[Any, ...], Occurrence]] = []
        # Disaster extensions only move deadlines later, so a deadline up to `reach` days before the
        # range may be extended into it: look that far back, then keep what lands in the range.
        reach = max(((e.until - e.start).days for e in profile.extensions), default=0)
        lo = start - timedelta(days=reach)
        for duty in self.catalog.duties:
            if areas is not None and duty.area not in areas:
                continue
            if wanted is not None and duty.id not in wanted:
                continue
            plan = self._plans.get(duty.id) or self._plan(duty)
            key = self._key(plan, inputs)
            if key is None:
                continue
            ck = (key, lo, end)
            hit = cache.get(ck)
            if hit is None:
                hit = cache[ck] = self._ordered_occurrences(duty, profile, lo, end)
            pairs.extend(hit)
        pairs.sort(key=_first)
        company, domain, owners = profile.company_id, profile.uid_domain, profile.owners
        tasks = [_new_task(o, company, domain, owners.get(o.duty.area)) for _, o in pairs]
        if profile.extensions:
            moved = (apply_extension(t, profile) for t in tasks)
            tasks = sorted((t for t in moved if start <= t.due <= end), key=_task_order)
        return tasks

    def _ordered_occurrences(
        self, duty: Duty, profile: Profile, lo: date, end: date
    ) -> tuple[tuple[tuple[Any, ...], Occurrence], ...]:
        try:
            return _ordered(self._compute(duty, profile, lo, end))
        except NoOpenDay as e:
            raise ProfileError(
                Problem(str(e), path=profile.path or "(the built-in profile)", key="calendar.closures")
            ) from None

    def occurrences(self, duty: Duty, profile: Profile, start: date, end: date) -> tuple[Occurrence, ...]:
        """The duty's occurrences due in [start, end] for this profile (cached by relevant inputs)."""
        key = self._key(self._plans.get(duty.id) or self._plan(duty), _ProfileInputs(profile))
        if key is None:
            return ()
        ck = (key, start, end)
        hit = self._cache.get(ck)
        if hit is None:
            hit = self._cache[ck] = self._ordered_occurrences(duty, profile, start, end)
        return tuple(o for _, o in hit)

    def _key(self, plan: _Plan, inputs: _ProfileInputs) -> tuple[Any, ...] | None:
        """What the duty's dates depend on for this profile; None when the duty does not apply."""
        duty, fv = plan.duty, inputs.frozen
        if duty.kind == "event":  # its dates depend on the company's events of its kinds (bocal.events)
            events = tuple((e.id, e.attributes) for e in inputs.profile.events if e.kind in duty.on)
            if duty.area not in inputs.areas or not events:
                return None
            read = tuple(fv.get(n) for n in sorted(duty.when.names)) if duty.when is not None else ()
            return (duty.id, events, read, inputs.closures_key if plan.company else None)
        # resolve(duty, profile) is not None, without building the case
        if duty.area not in inputs.areas or duty.when is not None and not duty.when.test(inputs.values):
            return None
        if (
            duty.select is not None
            and str(fv.get(duty.select)) not in duty.cases
            and not (duty.due or duty.installments)
        ):
            return None
        vals = tuple([fv.get(n) for n in plan.names])
        closures = inputs.closures_key if plan.company else None
        if plan.base is None:
            return (plan.duty.id, vals, closures)
        return (plan.duty.id, vals, closures, self._key(plan.base, inputs))

    def _compute(self, duty: Duty, profile: Profile, start: date, end: date) -> Iterable[Occurrence]:
        """The duty's occurrences for this profile in [start, end]: its case resolved, then its kind's expander."""
        resolved = resolve(duty, profile)
        if resolved is None or resolved.pending:  # pending: not dated until an authority sets the date
            return ()
        return KINDS[resolved.kind](Run(resolved, profile, start, end, self.catalog, self.occurrences))


def apply_extension(task: Task, profile: Profile) -> Task:
    """The task with its deadline moved by the profile's disaster extension, if one covers it.

    Applied after the regime's holiday shift: the extension is matched on the (moved) due date,
    which is the deadline the law sets, and replaces it with the extended date. If that date is
    itself closed under the duty's regime, the duty's shift convention applies again (国税通則法
    10条2項 covers extended deadlines too). A deadline never moves earlier; the window's start
    (`start`) is not moved.
    """
    ext = profile.extension_for(task.duty.id, task.duty.regime, task.due)
    if ext is None:
        return task
    due, closed = business_calendar(task.duty.regime, profile.closures).shift(ext.until, task.duty.shift)
    if due <= task.due:  # a "preceding" duty whose extended date falls back onto its own deadline
        return task
    return Task(
        task.duty,
        task.period,
        task.nominal,
        due,
        task.closed + closed,
        task.nominal_start,
        task.start,
        task.start_closed,
        task.company,
        task.uid_domain,
        task.owner,
        ext,
    )


def _task_order(t: Task) -> tuple[Any, ...]:
    return (t.due, AREA_ORDER.get(t.duty.area, 99), t.duty.id, t.period.start, t.period.key)


def expand(catalog: Catalog, profile: Profile, start: date, end: date, **kw: Any) -> list[Task]:
    """Convenience: one expansion without keeping a cache."""
    return Expander(catalog).expand(profile, start, end, **kw)
