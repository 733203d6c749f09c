"""Words and vocabulary in one place (issue #10): the closed vocabularies are declared once and every
user of them reads that declaration; the inline `lang == "ja"` branches left in src/bocal only shrink.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from bocal.calendars import CONVENTIONS, REGIMES
from bocal.duty_fields import vocabulary
from bocal.kinds import KINDS
from bocal.vocabulary import CONVENTION_IDS, DEADLINE_KIND_IDS, KIND_IDS, REGIME_IDS

SRC = Path(__file__).resolve().parents[1] / "src" / "bocal"

#: An inline word choice on the language: `lang == "ja"`, `lang != "en"`, `ja = lang == "ja"` …
INLINE = re.compile(r'[!=]=\s*"(?:ja|en)"')

#: The count when the catalogue work stopped (words branch, 2026-11-30; 135 before it). Lower it as modules move
#: their words into bocal/messages.py; it must never be raised.
CEILING = 77


def inline_branches() -> Counter[str]:
    found: Counter[str] = Counter()
    for path in sorted(SRC.rglob("*.py")):
        n = len(INLINE.findall(path.read_text(encoding="utf-8")))
        if n:
            found[str(path.relative_to(SRC))] = n
    return found


def test_inline_language_branches_do_not_grow() -> None:
    found = inline_branches()
    total = sum(found.values())
    worst = ", ".join(f"{p}: {n}" for p, n in found.most_common(8))
    assert total <= CEILING, (
        f"{total} inline language branches in src/bocal (ceiling {CEILING}); say it with "
        f"bocal.i18n.t and an entry in bocal/messages.py instead. Most: {worst}"
    )


def test_the_counter_sees_what_it_counts(tmp_path: Path) -> None:
    # The grep must match the shapes used in the code, or the ceiling guards nothing.
    for line in ('x = "a" if lang == "ja" else "b"', "ja = lang == 'ja'".replace("'", '"'), 'if lang != "en":'):
        assert INLINE.search(line), line
    assert not INLINE.search('t("area.unknown", lang, value=v)')


def test_regimes_are_declared_once() -> None:
    # The descriptions (calendars.REGIMES), the loader's declared choices and click's Choice all
    # list exactly the declared words, in the declared order.
    assert tuple(REGIMES) == REGIME_IDS
    assert tuple(vocabulary("regimes")) == REGIME_IDS


def test_conventions_kinds_and_deadlines_are_declared_once() -> None:
    assert tuple(CONVENTIONS) == CONVENTION_IDS
    assert tuple(vocabulary("conventions")) == CONVENTION_IDS
    assert tuple(KINDS) == KIND_IDS
    assert tuple(vocabulary("deadlines")) == DEADLINE_KIND_IDS


def test_holidays_regime_choice_is_the_vocabulary() -> None:
    from bocal.cli.cmd_holidays import holidays_cmd as holidays

    option = next(p for p in holidays.params if p.name == "regime")
    assert isinstance(option.type, click.Choice)
    assert tuple(option.type.choices) == REGIME_IDS


@pytest.mark.parametrize("bad", ["tax", "Bank ", "銀行"])
def test_holidays_rejects_a_regime_outside_the_vocabulary(bad: str) -> None:
    from bocal.cli import cli as main

    result = CliRunner().invoke(main, ["holidays", "2027", "--regime", bad])
    assert result.exit_code == 2
    assert "national-tax" in result.output  # click lists the declared choices


def test_every_regime_and_convention_has_its_words() -> None:
    from bocal.describe import MOVER_REGIMES
    from bocal.i18n import has

    assert all(has(f"regime.{r}") and has(f"move.later.{r}") for r in REGIME_IDS)
    assert all(has(f"convention.{c}") for c in CONVENTION_IDS)
    assert all(has(f"deadline.{k}") for k in DEADLINE_KIND_IDS)
    assert set(MOVER_REGIMES) <= set(REGIME_IDS)


def test_every_workspace_role_and_word_is_in_the_catalogue() -> None:
    from bocal.i18n import has
    from bocal.web.auth import ROLES
    from bocal.web.views_admin import apps
    from bocal.web.words import NAMES, words

    assert all(has(f"web.role.{r}") for r in ROLES)
    assert all(has(f"web.{n}") for n in NAMES)
    assert words("ja")["save"] == "保存" and words("en")["save"] == "Save"
    assert apps("ja")[0][0] == "Google カレンダー" and apps("en")[0][0] == "Google Calendar"
