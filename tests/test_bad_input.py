"""Bad input from issue 2: each gets its located message, exit status 2, no traceback, no output file."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bocal.cli import cli

GOOD_DUTY = (
    '[[duty]]\nid = "a"\ntitle = "t"\ntitle_en = "t"\narea = "hr"\nevery = "month"\n'
    'due = "10th of next month"\nbasis = "customary"\n'
)


def run_with(
    tmp_path: Path, *, profile: bytes | None = None, rules: bytes | None = None, extra: list[str] | None = None
) -> tuple[int, str, Path]:
    args = ["--today", "2026-01-05", "export", "--no-bundled", "-o", str(tmp_path / "out.ics")]
    if profile is not None:
        (tmp_path / "bocal.toml").write_bytes(profile)
        args += ["--profile", str(tmp_path / "bocal.toml")]
    (tmp_path / "rules.toml").write_bytes(rules if rules is not None else GOOD_DUTY.encode())
    args += ["--rules", str(tmp_path / "rules.toml"), *(extra or [])]
    r = CliRunner().invoke(cli, args)
    return r.exit_code, r.stderr, tmp_path / "out.ics"


CASES = {
    "malformed toml": dict(profile=b"[company\nname = 1\n", expect=["bocal.toml:1: not valid TOML"]),
    "unknown key": dict(
        profile=b"[company]\nfiscal_year_ned = 3\n",
        expect=['bocal.toml:2: key "fiscal_year_ned": unknown key in [company] (did you mean "fiscal_year_end"?)'],
    ),
    "month out of range": dict(
        profile=b"[company]\nfiscal_year_end = 13\n",
        expect=['bocal.toml:2: key "fiscal_year_end": must be at most 12, got 13'],
    ),
    "payday out of range": dict(
        profile=b"[company]\npayday = 32\n", expect=['key "payday": must be at most 31, got 32']
    ),
    "negative employees": dict(
        profile=b"[company]\nemployees = -5\n", expect=['key "employees": must be at least 0, got -5']
    ),
    "wrong type": dict(
        profile=b'[company]\nemployees = "25"\n', expect=['key "employees": must be a whole number, got a string']
    ),
    "february 30": dict(profile=b'[company]\nagm_date = "02-30"\n', expect=["there is no day 30 in month 2"]),
    "not utf-8": dict(
        profile='[company]\nname = "株式会社"\n'.encode("cp932"),
        expect=["bocal.toml:2: is not UTF-8 text (it looks like Shift_JIS"],
    ),
    "unknown area": dict(
        rules=GOOD_DUTY.replace('"hr"', '"human"').encode(),
        expect=['rules.toml:5: duty "a", key "area": unknown area \'human\''],
    ),
    "unknown convention": dict(
        rules=(GOOD_DUTY + 'shift = "folowing"\n').encode(),
        expect=['rules.toml:9: duty "a", key "shift": unknown convention \'folowing\' (did you mean "following"?)'],
    ),
    "unknown regime": dict(
        rules=(GOOD_DUTY + 'regime = "nationaltax"\n').encode(),
        expect=['key "regime": unknown regime \'nationaltax\' (did you mean "national-tax"?)'],
    ),
    "missing duty reference": dict(
        rules=GOOD_DUTY.replace(
            'every = "month"\ndue = "10th of next month"', 'relative_to = "agm"\ndue = "3 days after"'
        ).encode(),
        expect=['rules.toml:6: duty "a", key "relative_to": refers to a duty that does not exist: \'agm\''],
    ),
    "cycle": dict(
        rules=(
            GOOD_DUTY.replace('every = "month"\ndue = "10th of next month"', 'relative_to = "b"\ndue = "3 days after"')
            + GOOD_DUTY.replace('id = "a"', 'id = "b"').replace(
                'every = "month"\ndue = "10th of next month"', 'relative_to = "a"\ndue = "3 days before"'
            )
        ).encode(),
        expect=['key "relative_to": relative_to forms a cycle: a → b → a'],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input(tmp_path: Path, name: str) -> None:
    case = dict(CASES[name])
    expect = case.pop("expect")
    code, err, out = run_with(tmp_path, **case)  # type: ignore[arg-type]
    assert code == 2
    assert "Traceback" not in err
    for e in expect:
        assert e in err, err
    assert all(line.startswith("bocal: ") for line in err.splitlines())
    assert not out.exists()


def test_every_problem_in_a_file_at_once(tmp_path: Path) -> None:
    code, err, _ = run_with(tmp_path, profile=b'[company]\npayday = 32\nemployees = -5\nlisted = "yes"\n')
    assert code == 2
    assert [ln.removeprefix(f"bocal: {tmp_path}/bocal.toml:").split(":")[0] for ln in err.splitlines()] == [
        "2",
        "3",
        "4",
    ]


def test_missing_file_and_directory(tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["list", "--profile", str(tmp_path / "nope.toml")])
    assert r.exit_code == 2 and r.stderr == f"bocal: {tmp_path / 'nope.toml'}: no such file\n"
    r = CliRunner().invoke(cli, ["list", "--profile", str(tmp_path)])
    assert r.exit_code == 2 and r.stderr == f"bocal: {tmp_path}: is a directory, not a file\n"


def test_existing_output_untouched_on_error(tmp_path: Path) -> None:
    (tmp_path / "out.ics").write_bytes(b"old")
    code, _, out = run_with(tmp_path, profile=b"[company]\npayday = 0\n")
    assert code == 2 and out.read_bytes() == b"old"
