"""`bocal state export` / `bocal state import`: task state as JSON, to back up or move it."""

from __future__ import annotations

import click

from ..errors import Problem, UsageError
from .context import emit
from .statecli import db_option, open_store


@click.group("state")
def state_cmd() -> None:
    """Back up, move or restore task state as JSON (export / import).

    The export holds every task's state and the whole history; importing it into another database
    (SQLite or PostgreSQL) gives the same state, and importing the same file twice changes nothing.

    \b
    Example:
      bocal state export -o state-backup.json
      bocal state import state-backup.json --db postgresql://bocal@db.example.jp/bocal
    """


@state_cmd.command("export")
@db_option
@click.option(
    "-o", "--output", type=click.Path(path_type=str, dir_okay=False), help="Write to this file (default: stdout)."
)
def export_cmd(db: str | None, output: str | None) -> None:
    """Write every task's state and the whole history as JSON."""
    from ..store.portable import dumps, export_state

    with open_store(db) as store:
        text = dumps(export_state(store))
    emit(text, output)


@state_cmd.command("import")
@db_option
@click.argument("file", type=click.Path(path_type=str, dir_okay=False, readable=False))
def import_cmd(db: str | None, file: str) -> None:
    """Read a `bocal state export` file into the database (rows already there are left as they are)."""
    from ..bounds import MAX_STATE_BYTES
    from ..store.portable import import_state
    from ..tomlsource import TomlReadError, read_bytes

    try:  # the one reader of input files: a regular file only (no FIFO, no device), size capped
        text = read_bytes(file, limit=MAX_STATE_BYTES).decode("utf-8")
    except TomlReadError as e:
        raise UsageError(Problem(f"cannot read the file: {e.problem.message}", path=file)) from None
    except UnicodeDecodeError:
        raise UsageError(Problem("not UTF-8 text", path=file, hint="expected a `bocal state export` file")) from None
    with open_store(db) as store:
        states, history = import_state(store, text, file)
    click.echo(f"imported: {states} task states, {history} history entries ({file})")
