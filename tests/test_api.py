"""The library API (bocal/__init__.py, docs/api.md): lazy, complete, and its documented example runs."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import bocal
from bocal.state import Status

ROOT = Path(__file__).resolve().parent.parent
API_DOC = ROOT / "docs" / "api.md"


def test_import_bocal_loads_nothing_else() -> None:
    # `bocal list` imports bocal first: the API must not pull the library in with it
    code = "import sys, bocal; print(sorted(m for m in sys.modules if m.startswith('bocal')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['bocal']"


def test_every_exported_name_resolves_to_its_module() -> None:
    from bocal.errors import ProfileError
    from bocal.expand import Expander
    from bocal.server.company import make_app
    from bocal.store import Store

    for name in bocal.__all__:
        assert getattr(bocal, name) is not None, name
    assert (bocal.ProfileError, bocal.Expander, bocal.make_app, bocal.Store) == (
        ProfileError,
        Expander,
        make_app,
        Store,
    )
    assert set(bocal.__all__) <= set(dir(bocal))


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'lod_profile'"):
        _ = bocal.lod_profile  # type: ignore[attr-defined]


def _example() -> str:
    blocks = re.findall(r"```python\n(.*?)```", API_DOC.read_text("utf-8"), flags=re.S)
    assert len(blocks) == 1, "docs/api.md has one runnable example (other snippets are ```py)"
    return str(blocks[0])


def test_the_documented_example_runs_and_its_dates_are_the_laws(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the example writes deadlines.ics and state.sqlite3 in the working directory
    ns: dict[str, Any] = {}
    exec(compile(_example(), str(API_DOC), "exec"), ns)

    # 源泉所得税 (所得税法183条): withheld tax is paid by the 10th of the month after payment; a deadline
    # on a Sunday or holiday moves to the next working day (国税通則法10条2項).
    # December 2026's: 2027-01-10 is a Sunday and 2027-01-11 the second Monday of January (成人の日,
    # 祝日法2条), so 2027-01-12 (Tuesday). January 2027's: 2027-02-10 is a Wednesday, not moved.
    got = [(t.nominal, t.due) for t in ns["withholding"]]
    assert got == [(date(2027, 1, 10), date(2027, 1, 12)), (date(2027, 2, 10), date(2027, 2, 10))]
    assert "2027-01-10 → 2027-01-12" in capsys.readouterr().out

    ics = (tmp_path / "deadlines.ics").read_bytes()
    assert ics == ns["ics"] and ics.startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"DTSTART;VALUE=DATE:20270112" in ics

    # fiscal_year_end is a month: 13 is located at its key
    assert len(ns["problems"]) == 1 and "fiscal_year_end" in ns["problems"][0] and "12" in ns["problems"][0]

    first = bocal.task_key(ns["withholding"][0])
    state = ns["state"].get(first)
    assert state is not None and state.status is Status.DONE
    assert ns["state"].get(bocal.task_key(ns["withholding"][1])) is None
