"""The CLI end to end on the forms fixture, at a fixed "today", with exact expected output."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from bocal.cli import cli
from helpers.startup import after_list

FORMS = str(Path(__file__).parent / "fixtures" / "rules" / "forms.toml")
BASE = ["--today", "2026-01-05"]


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli, [*args], env=env or {"LANG": "ja_JP.UTF-8"})
    return r.exit_code, r.stdout, r.stderr


def test_list_this_month_by_default() -> None:
    code, out, err = run(*BASE, "list", "--no-bundled", "--rules", FORMS)
    assert code == 0, err
    # January 2026 under the default profile, dates derived in test_forms.py
    # (the agenda layout itself is tested in test_terminal.py)
    assert out.splitlines()[1:6] == [
        "1/5(月)   今日      労務  社会保険料の納付（2025年11月分）※1",
        "1/9(金)   あと4日   経理  月次決算の締め（2025年12月分）",
        "1/13(火)  あと8日   経理  源泉所得税の納付（2025年12月分）※2",
        "1/23(金)  あと18日  経理  給与支給（2026年1月分）※3",
        "1/30(金)  あと25日  経理  月末の支払処理（2026年1月分）",
    ]


def test_list_json_fields() -> None:
    code, out, _ = run(*BASE, "list", "--no-bundled", "--rules", FORMS, "--month", "2026-07", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    for r in rows:
        for key in ("duty", "title", "title_en", "area", "period", "nominal", "due", "start", "uid"):
            assert key in r
    santei = next(r for r in rows if r["duty"] == "santei-kiso")
    assert (santei["start"], santei["due"], santei["nominal"]) == ("2026-07-01", "2026-07-10", "2026-07-10")
    wt = next(r for r in rows if r["duty"] == "withholding-tax")
    assert wt["start"] is None and wt["period"] == "2026年6月分"


def test_list_csv_with_bom() -> None:
    code, out, _ = run(*BASE, "list", "--no-bundled", "--rules", FORMS, "--format", "csv", "--bom", "--lang", "en")
    assert code == 0
    assert out.startswith("\ufeffdue,weekday,nominal,start,area,duty,")
    assert "2026-01-13,Tue,2026-01-10,,accounting,withholding-tax," in out


def test_today_from_the_environment() -> None:
    code, out, _ = run(
        "list", "--no-bundled", "--rules", FORMS, env={"BOCAL_TODAY": "2026-01-05", "LANG": "ja_JP.UTF-8"}
    )
    assert code == 0 and out.splitlines()[1].startswith("1/5(月)   今日")


def test_english() -> None:
    code, out, _ = run(*BASE, "list", "--no-bundled", "--rules", FORMS, "--lang", "en")
    assert code == 0
    assert "Tue 1/13  in 8 days   Accounting  Pay withheld income tax (Dec 2025)*2" in out


def test_export_writes_an_ics_file(tmp_path: Path) -> None:
    out = tmp_path / "x.ics"
    code, _, err = run(*BASE, "export", "--no-bundled", "--rules", FORMS, "--year", "2026", "-o", str(out))
    assert code == 0, err
    data = out.read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"UID:withholding-tax-2025-12-default@bocal.invalid" in data
    assert b"DTSTART;VALUE=DATE:20260113" in data
    # byte-identical when run again
    out2 = tmp_path / "y.ics"
    run(*BASE, "export", "--no-bundled", "--rules", FORMS, "--year", "2026", "-o", str(out2))
    assert out2.read_bytes() == data


def test_check_says_what_it_checked() -> None:
    code, out, _ = run("check", "--no-bundled", "--rules", FORMS)
    assert code == 0
    assert out.splitlines()[0] == "rules: 1 files, 22 duties — OK"
    assert out.splitlines()[-1] == "profile: (embedded default) — サンプル株式会社 — OK"


def test_conflicting_range_options() -> None:
    code, _, err = run(*BASE, "list", "--no-bundled", "--rules", FORMS, "--month", "2026-07", "--year", "2026")
    assert code == 2 and err == "bocal: give one of --from/--to, --month, --year\n"


# -- the command table ---------------------------------------------------------------------------------


def test_every_table_entry_loads_the_command_it_names_with_the_same_short_help() -> None:
    import click

    from bocal.cli.app import COMMANDS, load_command

    for name, (_target, short) in COMMANDS.items():
        command = load_command(name)
        assert command.name == name
        # the table's help is what `bocal --help` shows without importing the module: it must be the
        # first line of the command's own docstring
        assert command.help is not None and command.help.splitlines()[0] == short, name
        assert isinstance(command, click.Command)


def test_help_lists_every_command_without_importing_one() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from bocal.cli import main\n"
        "sys.argv = ['bocal', '--help']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as e:\n"
        "    assert not e.code, e.code\n"
        "print('LOADED', sorted(m for m in sys.modules if m.startswith('bocal.cli.cmd_')))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"LANG": "C.UTF-8"})
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[-1] == "LOADED []"
    listed = [ln.split()[0] for ln in lines[lines.index("Commands:") + 1 : -1]]
    from bocal.cli.app import COMMANDS

    assert listed == sorted(COMMANDS)
    # one shortened the way click shortens a docstring's first line
    assert "  list      List deadlines as an agenda — this month's by default." in lines


def test_an_unknown_command_is_a_usage_error_naming_it() -> None:
    code, _, err = run("lsit")
    assert code == 2 and "No such command 'lsit'" in err


def test_list_loads_only_its_own_command_module() -> None:
    loaded = after_list(FORMS, "sorted(m for m in sys.modules if m.startswith('bocal.cli.cmd_'))")
    assert loaded == "['bocal.cli.cmd_list']"


def test_a_command_added_at_run_time_is_listed_and_runs() -> None:
    import click

    from bocal.cli.app import BocalGroup

    group = BocalGroup("bocal")

    @click.command("hello")
    def hello() -> None:
        """Say hello."""
        click.echo("hello")

    group.add_command(hello)
    r = CliRunner().invoke(group, ["--help"])
    assert "  hello     Say hello." in r.output.splitlines()
    assert "  list      List deadlines as an agenda — this month's by default." in r.output.splitlines()
    assert CliRunner().invoke(group, ["hello"]).output == "hello\n"


def test_every_command_module_is_in_the_table() -> None:
    # a cmd_NAME.py left out of COMMANDS would never be reachable from `bocal`
    from bocal.cli.app import COMMANDS

    package = Path(__file__).parent.parent / "src" / "bocal" / "cli"
    modules = {f"bocal.cli.{p.stem}" for p in package.glob("cmd_*.py")}
    listed = {target.partition(":")[0] for target, _ in COMMANDS.values()}
    assert modules and modules == listed


def test_skeleton_helpers_still_work_for_commands_written_against_the_tag(tmp_path: Path) -> None:
    import pytest

    from bocal.cli import context
    from bocal.errors import UsageError

    # 2026-07-10: 190 days after Thursday 1/1, 190 = 27 weeks + 1 -> Friday
    assert context.format_md(date(2026, 7, 10), "ja") == "7/10(金)"
    target = tmp_path / "out.txt"
    context.emit("本文\n", str(target))
    assert target.read_text("utf-8") == "本文\n"
    with pytest.raises(UsageError) as e:
        context.emit("x", str(tmp_path / "missing-dir" / "out.txt"))
    assert e.value.problems[0].message.startswith("cannot write the file: ")
