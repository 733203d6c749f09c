"""`--statutory`: keep only the duties whose date the law sets (a 社労士 does not track 年賀状 for a
client, nor a company's own targets for 遅滞なく). Relative duties still count from their anchors,
whatever those are (資格取得届 from the customary 入社日), because the filter picks tasks, not the
catalog."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from .expand import Expander, Task
from .profile import Profile


class StatutoryExpander(Expander):
    """An Expander whose `expand` yields only statutory duties' tasks (`deadline = "statutory"`)."""

    def expand(
        self,
        profile: Profile,
        start: date,
        end: date,
        *,
        areas: Sequence[str] | None = None,
        duties: Sequence[str] | None = None,
    ) -> list[Task]:
        asked = set(duties) if duties is not None else None
        kept = [d.id for d in self.catalog.duties if d.statutory and (asked is None or d.id in asked)]
        return super().expand(profile, start, end, areas=areas, duties=kept)


def expander_for(catalog: object, statutory: bool) -> Expander:
    """The expander a command uses: every duty, or only the statutory ones."""
    from .rules import Catalog

    assert isinstance(catalog, Catalog)
    return StatutoryExpander(catalog) if statutory else Expander(catalog)
