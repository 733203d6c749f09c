"""The data horizon: past LAST_OFFICIAL_YEAR bocal warns once, and never guesses silently."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from click.testing import CliRunner

from bocal.calendars import LAST_OFFICIAL_YEAR, horizon_warning
from bocal.cli import cli

FORMS = str(Path(__file__).parent / "fixtures" / "rules" / "forms.toml")
LAST = LAST_OFFICIAL_YEAR


def test_no_warning_inside_the_horizon() -> None:
    assert horizon_warning(date(LAST, 1, 1), date(LAST, 12, 31)) is None
    assert horizon_warning(date(2000, 1, 1), date(LAST, 12, 31), "ja") is None


def test_warning_past_the_horizon_names_the_years() -> None:
    en = horizon_warning(date(LAST, 12, 1), date(LAST + 1, 1, 31))
    assert en is not None and f"holidays after {LAST} are provisional" in en and "官報" in en
    assert f"deadlines in {LAST + 1} and later" in en
    ja = horizon_warning(date(LAST + 3, 1, 1), date(LAST + 3, 12, 31), "ja")
    assert ja is not None and ja.startswith(f"{LAST + 1}年以降の祝日は暫定です") and f"{LAST + 3}年以降" in ja
    assert horizon_warning(date(LAST + 1, 2, 1), date(LAST + 1, 1, 1)) is None  # an empty range


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli, ["--today", "2026-01-05", *args], env={"LANG": "C.UTF-8"})
    return r.exit_code, r.stdout, r.stderr


def test_cli_warns_once_on_stderr(tmp_path: Path) -> None:
    code, out, err = run("list", "--no-bundled", "--rules", FORMS, "--year", str(LAST + 1))
    assert code == 0
    assert err.count("bocal: warning: ") == 1 and f"holidays after {LAST} are provisional" in err
    assert "warning" not in out  # the data stays clean for pipes
    code, _, err = run(
        "export", "--no-bundled", "--rules", FORMS, "--year", str(LAST + 2), "-o", str(tmp_path / "x.ics")
    )
    assert code == 0 and err.count("bocal: warning: ") == 1


def test_cli_is_quiet_inside_the_horizon() -> None:
    code, _, err = run("list", "--no-bundled", "--rules", FORMS, "--year", str(LAST))
    assert code == 0 and "warning" not in err
