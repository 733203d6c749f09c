"""Names and notes of recorded events reach terminals, calendars, pages and mail, so the one place
an event is made (`events.model.make_event`: flags, CSV rows, [[event]] tables) refuses control
characters, as profile names are refused: exit 2, one located line, nothing stored."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from bocal.cli import cli


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli, ["--today", "2027-03-01", *args])
    return r.exit_code, r.stdout, r.stderr


def test_a_person_with_a_terminal_escape_is_refused(tmp_path: Path) -> None:
    db = str(tmp_path / "s.sqlite3")
    code, out, err = run("event", "add", "hire", "2027-04-01", "--person", "山田\x1b[2J太郎", "--db", db)
    assert code == 2 and "Traceback" not in err
    assert err.splitlines()[0] == (
        "bocal: person contains a control character (U+001B); remove it (names must be plain one-line text)"
    )
    assert run("event", "list", "--db", db)[1].count("hire-") == 0


def test_a_csv_row_with_a_carriage_return_in_the_client_is_refused_at_its_line(tmp_path: Path) -> None:
    db = str(tmp_path / "s.sqlite3")
    roster = tmp_path / "roster.csv"
    roster.write_text('kind,date,person,client\nhire,2027-04-01,佐藤,"株式会社\rA"\n', "utf-8")
    code, _, err = run("event", "import", str(roster), "--db", db)
    assert code == 2
    assert err.splitlines()[0] == (
        f"bocal: {roster}:2: client contains a control character (U+000D); remove it "
        "(names must be plain one-line text)"
    )
    assert run("event", "list", "--db", db)[1].count("hire-") == 0


def test_a_note_may_have_line_breaks(tmp_path: Path) -> None:
    db = str(tmp_path / "s.sqlite3")
    code, _, err = run("event", "add", "hire", "2027-04-01", "--person", "佐藤", "--note", "中途\n経理", "--db", db)
    assert code == 0, err
