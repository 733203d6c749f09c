"""Every calendar bocal writes or serves is byte-identical to the snapshots in fixtures/ics_bytes.

The snapshots were taken from the renderer before the one-pipeline refactor (issue #10): they prove
that moving the code changed no byte. They are not date expectations (those are derived by hand in
test_forms.py, test_ical_export.py …). An intended change of output regenerates them with
``tests/fixtures/ics_bytes/cases.py`` and is reviewed as a diff.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

HERE = Path(__file__).parent
SNAPSHOTS = HERE / "fixtures" / "ics_bytes" / "bytes"


def _cases():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("ics_bytes_cases", HERE / "fixtures" / "ics_bytes" / "cases.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def generated() -> dict[str, bytes]:
    return _cases().generate()  # type: ignore[no-any-return]


def test_every_snapshot_is_generated(generated: dict[str, bytes]) -> None:
    stored = {p.relative_to(SNAPSHOTS).as_posix() for p in SNAPSHOTS.rglob("*") if p.is_file()}
    assert stored == set(generated)
    assert len(stored) >= 40


@pytest.mark.parametrize(
    "name", sorted(p.relative_to(SNAPSHOTS).as_posix() for p in SNAPSHOTS.rglob("*") if p.is_file())
)
def test_bytes_unchanged(generated: dict[str, bytes], name: str) -> None:
    want = (SNAPSHOTS / name).read_bytes()
    got = generated[name]
    if got != want:
        a, b = want.split(b"\r\n"), got.split(b"\r\n")
        first = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
        pytest.fail(
            f"{name}: line {first + 1} differs:\n  was {a[first : first + 1]!r}\n  now {b[first : first + 1]!r}"
        )


def test_publish_equals_serve(generated: dict[str, bytes]) -> None:
    """A company's published files are the bytes it serves; so are an office's."""
    assert generated["publish/TOKEN/all.ics"] == generated["serve/TOKEN/all.ics"]
    assert generated["publish/TOKEN/labor.ics"] == generated["serve/TOKEN/labor.ics"]
    assert generated["publish-clients/alpha/all.ics"] == generated["serve-clients/alpha/all.ics"]
    assert generated["publish-clients/OFFICE/labor.ics"] == generated["serve-clients/OFFICE/labor.ics"]
