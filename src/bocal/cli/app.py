"""The `bocal` group: global options, the one place errors become messages, and the command table.

The command line is the only place that reads argv, the environment and the clock. Library errors
(BocalError) become one `bocal: <problem>` line per problem on stderr and exit status 2 in
`BocalGroup.invoke`, here and nowhere else; commands just raise.

Commands load lazily: `COMMANDS` maps each command name to `"module:attribute"` (a click.Command or
click.Group) and its one-line help, so `bocal list` imports only `cmd_list` and `bocal --help` lists
every command without importing any. To add a command:

1. write `src/bocal/cli/cmd_NAME.py` with `@click.command("NAME")` (or `@click.group`) on a function
   whose docstring's first line is its short help and which has an `Example:` block (tests check it);
   use the shared options (`.options`) and the resolver (`.context`);
2. add one line here: `"NAME": ("bocal.cli.cmd_NAME:NAME_cmd", "<the docstring's first line>")`.

`tests/test_cli.py` checks that every entry imports, is named as listed, and that the short help
here matches the command's own.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterator, MutableMapping
from datetime import date
from typing import Any

import click

from .. import __version__
from ..errors import BocalError
from .options import DATE
from .streams import StdoutError, flush_stdout, guard_stdout, quiet_stdout

#: name -> ("module:attribute", short help). One line per command; keep the help equal to the
#: first line of the command's docstring.
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("bocal.cli.cmd_check:check_cmd", "Validate the profile and the rule files, and say what was checked."),
    "done": ("bocal.cli.cmd_done:done_cmd", "Mark tasks done: one duty's task, or every task of a range."),
    "duties": (
        "bocal.cli.cmd_duties:duties_cmd",
        "Browse the catalog of duties, and whether each applies to the profile.",
    ),
    "event": (
        "bocal.cli.cmd_event:event_cmd",
        "Record events that set off deadlines: hires, leavers, accidents, breaches, officer changes.",
    ),
    "explain": ("bocal.cli.cmd_explain:explain_cmd", "Explain how one deadline was computed, step by step."),
    "export": (
        "bocal.cli.cmd_export:export_cmd",
        "Export deadlines as an iCalendar (.ics) file — this year's by default.",
    ),
    "history": (
        "bocal.cli.cmd_history:history_cmd",
        "Show who changed the state of which task, when, from what to what.",
    ),
    "holidays": (
        "bocal.cli.cmd_holidays:holidays_cmd",
        "List the closed days of a year under a regime, with their names (this year by default).",
    ),
    "init": ("bocal.cli.cmd_init:init_cmd", "Write a commented bocal.toml from a few questions (or from flags)."),
    "list": ("bocal.cli.cmd_list:list_cmd", "List deadlines as an agenda — this month's by default."),
    "mark": (
        "bocal.cli.cmd_done:mark_cmd",
        "Set the status of tasks: open, in-progress, waiting, done or not-applicable.",
    ),
    "month": (
        "bocal.cli.cmd_month:month_cmd",
        "Show a month as a calendar grid, deadlines and closed days marked, with its tasks below.",
    ),
    "notify": (
        "bocal.cli.cmd_notify:notify_cmd",
        "Send today's digest of open deadlines by email and chat webhooks (for cron and systemd timers).",
    ),
    "progress": (
        "bocal.cli.cmd_progress:progress_cmd",
        "Which clients have finished one duty's task: done, waiting, open, late.",
    ),
    "publish": (
        "bocal.cli.cmd_publish:publish_cmd",
        "Write the feeds and their index as static files: DIRECTORY/TOKEN/{index.html,all.ics,AREA.ics}.",
    ),
    "serve": (
        "bocal.cli.cmd_serve:serve_cmd",
        "Serve subscription feeds over HTTP: /TOKEN/all.ics, /TOKEN/AREA.ics and the index /TOKEN/.",
    ),
    "user": (
        "bocal.cli.cmd_user:user_cmd",
        "Manage who may sign in to the workspace (bocal serve, /w/): add, list, remove, link.",
    ),
    "year": (
        "bocal.cli.cmd_year:year_cmd",
        "Show the annual schedule (年間スケジュール表): months × areas, each deadline with its weekday and status.",
    ),
    "state": ("bocal.cli.cmd_state:state_cmd", "Back up, move or restore task state as JSON (export / import)."),
    "undo": (
        "bocal.cli.cmd_done:undo_cmd",
        "Put tasks back as they were before their last change (the undo is kept in the history too).",
    ),
}


def load_command(name: str) -> click.Command:
    """Import the command `name` from its module (see COMMANDS)."""
    module, _, attr = COMMANDS[name][0].partition(":")
    command = getattr(importlib.import_module(module), attr)
    if not isinstance(command, click.Command):
        raise TypeError(f"{COMMANDS[name][0]} is not a click command")
    return command


class LazyCommands(MutableMapping[str, click.Command]):
    """`group.commands` as click expects it, importing a command's module only when it is looked up.

    `group.add_command(cmd)` still works (a command added at run time, e.g. by a test or a plugin)."""

    def __init__(self) -> None:
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            if name not in COMMANDS:
                raise KeyError(name)
            self._loaded[name] = load_command(name)
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        raise TypeError("commands are listed in bocal.cli.app.COMMANDS")

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(set(COMMANDS) | set(self._loaded)))

    def __len__(self) -> int:
        return len(set(COMMANDS) | set(self._loaded))

    def __contains__(self, name: object) -> bool:
        return name in COMMANDS or name in self._loaded


def short_help(commands: MutableMapping[str, click.Command], name: str, limit: int) -> str:
    """The table's short help, shortened as click shortens a docstring; a command added at run time its own."""
    if name in COMMANDS:
        return click.Command(name, help=COMMANDS[name][1]).get_short_help_str(limit)
    return commands[name].get_short_help_str(limit)


def hoist_today(args: list[str]) -> list[str]:
    """The arguments with every `--today X` / `--today=X` after the command moved before it (not
    after `--`, where everything is an argument)."""
    end = args.index("--") if "--" in args else len(args)
    moved: list[str] = []
    rest: list[str] = []
    i = 0
    while i < end:
        arg = args[i]
        if arg == "--today" and i + 1 < end:
            moved += args[i : i + 2]
            i += 2
            continue
        if arg.startswith("--today="):
            moved.append(arg)
        else:
            rest.append(arg)
        i += 1
    return moved + rest + args[end:]


class BocalGroup(click.Group):
    """Loads commands lazily; turns every BocalError into located messages and exit status 2, in one place."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands()

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of `bocal --help`, from the table (no command module imported)."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(n) for n in names)
        # a stand-in command shortens the help exactly as click would shorten the real one's
        rows = [(n, short_help(self.commands, n, limit)) for n in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """`--today` is the group's option, but people write it after the command (`bocal list
        --today 2026-07-01`) as often as before: it is taken from either place."""
        return super().parse_args(ctx, hoist_today(args))

    def invoke(self, ctx: click.Context) -> Any:
        from .context import say_notices

        try:
            result = super().invoke(ctx)
            flush_stdout()  # a full disk is reported here, not as a traceback at exit
            say_notices(ctx)  # after the output, and not when it failed (a broken pipe stays quiet)
            return result
        except click.exceptions.Exit as e:
            if e.exit_code == 0:
                say_notices(ctx)
            raise
        except BocalError as e:
            for p in e.problems:
                click.echo(f"bocal: {p}", err=True)
            ctx.exit(2)
        except BrokenPipeError:
            # `bocal list | head`: the reader went away; nothing to report.
            quiet_stdout()
            ctx.exit(0)
        except StdoutError as e:
            ctx.exit(stdout_failed(e))
        except (click.exceptions.Abort, click.ClickException):
            raise
        except Exception as e:  # the last net: a one-line report, never a traceback (BOCAL_DEBUG=1 shows it)
            if os.environ.get("BOCAL_DEBUG"):
                raise
            from ..textsafe import visible

            click.echo(
                f"bocal: internal error ({type(e).__name__}: {visible(str(e))}); please report it "
                "with the command you ran (BOCAL_DEBUG=1 shows the traceback)",
                err=True,
            )
            ctx.exit(70)


@click.group(cls=BocalGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="bocal")
@click.option("--today", type=DATE, envvar="BOCAL_TODAY", help="Pretend today is this date (or set BOCAL_TODAY).")
@click.pass_context
def cli(ctx: click.Context, today: date | None) -> None:
    """bocal — 総務・人事・労務・経理・法務・情報システムの法定期限を、会社ごとの日付入りタスクに。

    Japanese back-office deadlines, computed from readable rules, a company profile and the
    holiday calendar.

    \b
    Example:
      bocal list                       # this month's deadlines for the default company
      bocal list --profile bocal.toml --year 2026
      bocal export --year 2027 -o bocal-2027.ics
    """
    ctx.obj = {"today": today or date.today()}
    if ctx.invoked_subcommand is None:
        # bare `bocal`: a short overview of where to start, not a usage error
        from ..i18n import t
        from .context import default_lang

        click.echo(t("cli.overview", default_lang(), version=__version__), nl=False)


def main() -> None:
    safe_stdout()
    guard_stdout()
    code: Any = 0
    try:
        cli(prog_name="bocal")
    except SystemExit as e:
        code = e.code
    except StdoutError as e:  # --help or --version into a full or closed standard output
        code = stdout_failed(e)
    try:
        flush_stdout()
    except BrokenPipeError:
        quiet_stdout()
    except StdoutError as e:
        code = stdout_failed(e)
    sys.exit(code)


def stdout_failed(e: StdoutError) -> int:
    quiet_stdout()
    click.echo(f"bocal: cannot write to standard output: {e.strerror}", err=True)
    return 1


def safe_stdout() -> None:
    """Output never crashes on the console's encoding: redirected output is UTF-8 (Python on Japanese
    Windows would use cp932 and fail on the first em dash); a terminal that cannot show a character
    shows ? instead of raising. Runs before the stdout guard wraps the stream."""
    enc = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if enc == "utf8" or reconfigure is None:
        return
    if sys.stdout.isatty():
        reconfigure(errors="replace")
    else:
        reconfigure(encoding="utf-8")
