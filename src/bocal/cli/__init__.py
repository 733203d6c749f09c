"""The command line (`bocal`): a click group whose commands load lazily, one module per command.

`bocal.cli:main` is the console script; `bocal.cli.cli` is the group (for CliRunner). How to add a
command: see `bocal.cli.app`.
"""

from __future__ import annotations

from .app import cli, main

__all__ = ["cli", "main"]
