"""The README and the help texts stay true: the set-up commands, the profile keys, every command."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from bocal.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")


def sh_blocks(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", text, flags=re.S)


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci_lines = [ln for ln in (ROOT / ".ci" / "run").read_text("utf-8").splitlines() if ln and not ln.startswith("#")]
    readme_cmds = [b.strip() for b in sh_blocks(README)]
    # the second block of "Getting started" is the test command; .ci/run runs it exactly, then only the
    # static gates (.ci/lint)
    assert readme_cmds[1] in ci_lines
    assert ci_lines[ci_lines.index(readme_cmds[1]) + 1 :] == [".ci/lint"]
    assert "pytest" in readme_cmds[1] and "bocal list" in readme_cmds[0]


def test_readme_profile_table_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "readme_profile_table.py"), "--check"], capture_output=True
    )
    assert result.returncode == 0, "run: python scripts/readme_profile_table.py"


def commands() -> list[str]:
    return sorted(cli.commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", commands())
def test_every_command_has_help_with_an_example_and_is_in_the_readme(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
    assert f"bocal {name}" in README, f"the README does not mention `bocal {name}`"


def test_commands_are_click_commands() -> None:
    assert all(isinstance(c, click.Command) for c in cli.commands.values())  # type: ignore[attr-defined]


def test_generated_profile_schema_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "profile_schema.py"), "--check"], capture_output=True
    )
    assert result.returncode == 0, "run: python scripts/profile_schema.py"
