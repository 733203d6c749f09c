"""The model of a duty: one recurring obligation, compiled from its [[duty]] table, and the catalog of them.

`rules.load_catalog` builds them (its loader lives in duty_fields.py, duty_sections.py, duty_load.py);
the keys a [[duty]] table may set are declared in duty_keys.toml.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from .conditions import Condition
from .dates import Expr

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
    kind: str  # every | for_each | relative | rrule | event
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
    #: statutory | customary | target (duty_marks.py)
    deadline: str = "statutory"
    #: maintainer-only: never shown to users; `bocal check --review` lists it
    review: str | None = None
    #: not dated yet (the notice `bocal duties` shows); such a duty yields no task
    pending: str | None = None
    #: how the window's start moves, when not like the deadline
    start_shift: str | None = None
    #: the rule that moves the date when it is not the regime's law (就業規則 …)
    shift_basis: str | None = None
    #: dates announced each year: the year the period starts in → one date per instalment
    dated: Mapping[int, tuple[date, ...]] = field(default_factory=dict)
    #: `on`: the event kinds that set the duty off (kind "event"); its dates count from the event's date,
    #: or from the day after with counts_from = "day-after" (bocal.events).
    on: tuple[str, ...] = ()
    counts_from: str = "date"
    anchor: str | None = None
    anchor_en: str | None = None
    #: The law's words when it sets no date (遅滞なく, 速やかに): `due` is then a target (目安).
    target: str | None = None
    target_en: str | None = None
    path: str | None = None
    line: int | None = None
    key_lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, key: str) -> int | None:
        """The line where `key` stands in the duty's file (the duty's header when not found)."""
        return self.key_lines.get(key, self.line)

    @property
    def customary(self) -> bool:
        return self.basis.strip().lower() == "customary"

    @property
    def statutory(self) -> bool:
        """The law sets the date (not a custom, not bocal's target for 遅滞なく)."""
        return self.deadline == "statutory"

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
