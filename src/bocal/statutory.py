"""`--statutory`: keep only the duties whose date the law sets (a 社労士 does not track 年賀状 for a
client, nor a company's own targets for 遅滞なく). Relative duties still count from their anchors,
whatever those are (資格取得届 from the customary 入社日), because the filter picks tasks, not the
catalog."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from .expand import Expander, Task
from .profile import Profile


def is_statutory(task: Task) -> bool:
    """The task's date is set by law: a calendar duty marked statutory, or an event duty that is not
    a target (遅滞なく／速やかに)."""
    return bool(getattr(task.duty, "statutory", not task.target))


class StatutoryExpander(Expander):
    """An Expander whose `expand` yields only statutory tasks (`deadline = "statutory"`)."""

    def expand(
        self,
        profile: Profile,
        start: date,
        end: date,
        *,
        areas: Sequence[str] | None = None,
        duties: Sequence[str] | None = None,
    ) -> list[Task]:
        return [t for t in super().expand(profile, start, end, areas=areas, duties=duties) if is_statutory(t)]


def expander_for(catalog: object, statutory: bool) -> Expander:
    """The expander a command uses: every duty, or only the statutory ones."""
    from .rules import Catalog

    assert isinstance(catalog, Catalog)
    return StatutoryExpander(catalog) if statutory else Expander(catalog)
