"""The duty-key declaration (duty_keys.toml) is the one list of keys: the generated module and the
docs/rules.md table follow it, every section has its parser, every recurrence kind its expander."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from bocal import duty_sections
from bocal.duty import Duty
from bocal.duty_fields import ANCHORED, CASE_KEYS, DUTY_KEYS, RECURRENCE, keys_of, sections, vocabulary
from bocal.duty_schema import KEYS
from bocal.errors import Problem, RuleError
from bocal.kinds import KINDS
from bocal.rules import load_catalog

ROOT = Path(__file__).resolve().parent.parent
DECLARATION = tomllib.loads((ROOT / "src" / "bocal" / "duty_keys.toml").read_text("utf-8"))
TYPES = {
    "id", "text", "url", "choice", "period", "month-or-fiscal", "year", "profile-key", "duty-id", "rrule",
    "date-expr", "date-exprs", "lead-times", "condition", "date", "cases", "dated", "event-kinds",
}  # fmt: skip


@pytest.mark.parametrize("script", ["duty_schema.py", "rules_doc_table.py"])
def test_generated_files_are_current(script: str) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / script), "--check"], capture_output=True)
    assert result.returncode == 0, f"run: python scripts/{script}"


def test_the_doc_table_lists_every_key_once() -> None:
    doc = (ROOT / "docs" / "rules.md").read_text("utf-8")
    table = doc.split("<!-- BEGIN duty-keys -->")[1].split("<!-- END duty-keys -->")[0]
    rows = [line.split("|")[1].strip() for line in table.strip().splitlines()[2:]]
    assert rows == [f"`{k}`" for k in DECLARATION]


def test_every_key_is_fully_declared() -> None:
    for name, spec in DECLARATION.items():
        assert spec["type"] in TYPES, name
        assert spec["section"] in sections(), name
        assert spec["ja"] and spec["en"], name
        assert "required" in spec, name
        if spec["type"] == "choice":
            assert spec["noun"] and vocabulary(spec["values"]), name
            # an optional choice has a default; one required only with another key (start_shift:
            # "with `start`", default: like shift) may leave it to its parser
            assert spec.get("required") is not False or spec["default"] in vocabulary(spec["values"]), name


def test_every_section_has_its_parser_in_declaration_order() -> None:
    # the parsers run in the order the declaration lists its sections; `cases` runs last, apart
    assert [name for name, _ in duty_sections.SECTIONS] + ["cases"] == list(sections())


def test_the_sections_produce_exactly_the_fields_of_a_duty() -> None:
    # a duty using every key: each section's parser fills in Duty fields and nothing else
    raw = {
        "id": "x", "title": "t", "title_en": "t", "area": "hr", "every": "half-year", "starting": 4,
        "due": ["10th of next month", "20th of next month"], "start": "1st of next month",
        "shift": "preceding", "regime": "bank", "remind": [7, "2 weeks"], "when": "employees >= 1",
        "basis": "b", "source": "https://example.go.jp/", "valid_from": "2025-01-01",
        "submit_to": "s", "form": "f", "notes": "n",
    }  # fmt: skip
    from bocal.duty_fields import Collector, Reader
    from bocal.profile import schema
    from bocal.tomlsource import LineIndex

    problems: list[Problem] = []
    r = Reader(raw, Collector("x.toml", LineIndex(), 0, "x", problems), schema())
    fields: dict[str, object] = {}
    for _, parse in duty_sections.SECTIONS:
        parse(r, fields)
    duty_sections.cases(r, fields)
    assert problems == []
    own = {f.name for f in dataclasses.fields(Duty)} - {"cases", "path", "line", "key_lines"}
    assert set(fields) == own
    # the declared keys are the Duty fields a rule sets, apart from what the loader works out
    assert set(DUTY_KEYS) - {"cases"} == own - {"kind", "n_years"}


def test_recurrence_kinds_come_from_the_declaration_and_each_has_an_expander() -> None:
    assert list(RECURRENCE) == ["every", "for_each", "relative_to", "rrule", "on"]
    assert set(KINDS) == set(RECURRENCE.values())
    assert ANCHORED == {"for_each": "for_each", "relative": "relative_to", "event": "on"}


def test_case_keys_keep_their_order_in_messages() -> None:
    # tests/bad_inputs/cases.toml holds this hint byte for byte
    assert CASE_KEYS == ("due", "installments", "start", "notes", "source", "basis", "submit_to", "form", "dated")
    assert set(CASE_KEYS) == {k for k, s in KEYS.items() if "case" in s}


def test_keys_of_a_section_follow_the_declaration() -> None:
    assert keys_of("identity") == ("id", "title", "title_en", "area")
    assert keys_of("details") == (
        "submit_to", "form", "notes", "anchor", "anchor_en", "target", "target_en", "review", "pending"
    )  # fmt: skip


def test_a_key_left_out_of_the_declaration_is_unknown(tmp_path: Path) -> None:
    f = tmp_path / "r.toml"
    f.write_text(
        '[[duty]]\nid = "a"\ntitle = "t"\ntitle_en = "t"\narea = "hr"\nevery = "month"\n'
        'due = "10th of next month"\nbasis = "customary"\nreviewer = "x"\n',
        "utf-8",
    )
    with pytest.raises(RuleError) as info:
        load_catalog([f], bundled=False)
    assert [str(p) for p in info.value.problems] == [
        f'{f}:9: duty "a", key "reviewer": unknown key (did you mean "review"?)'
    ]


def test_the_choice_messages_name_the_vocabulary(tmp_path: Path) -> None:
    f = tmp_path / "r.toml"
    f.write_text(
        '[[duty]]\nid = "a"\ntitle = "t"\ntitle_en = "t"\narea = "zz"\nevery = "month"\n'
        'due = "10th of next month"\nbasis = "customary"\nregime = 5\n',
        "utf-8",
    )
    with pytest.raises(RuleError) as info:
        load_catalog([f], bundled=False)
    assert [str(p) for p in info.value.problems] == [
        f'{f}:5: duty "a", key "area": unknown area \'zz\' (areas are general-affairs, hr, labor, accounting, legal, it)',
        f'{f}:9: duty "a", key "regime": unknown regime 5 (use one of national-tax, local-tax, government, bank, company)',
    ]


def test_every_kind_can_be_said_in_words() -> None:
    from bocal.explain import RECURRENCE_WORDS

    assert set(RECURRENCE_WORDS) == set(KINDS)
