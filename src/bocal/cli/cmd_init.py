"""`bocal init`: write a commented bocal.toml."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..errors import Problem, UsageError
from .context import default_lang, write_file
from .options import lang_option


@click.command("init")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=str, dir_okay=False),
    default="bocal.toml",
    show_default=True,
    help="Where to write the profile.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@click.option("--name", help="会社名 / company name.")
@click.option("--fiscal-year-end", type=click.IntRange(1, 12), help="決算月 / fiscal year-end month (1–12).")
@click.option("--employees", type=click.IntRange(0, 1000000), help="常時雇用する従業員数 / regular employees.")
@click.option(
    "--withholding-special/--no-withholding-special", default=None, help="源泉所得税の納期の特例 / special schedule."
)
@click.option(
    "--resident-tax-special/--no-resident-tax-special", default=None, help="住民税の納期の特例 / special schedule."
)
@click.option("--listed/--not-listed", default=None, help="上場会社 / listed company.")
@click.option("--board/--no-board", default=None, help="取締役会設置会社 / has a board of directors.")
@click.option("--payday", type=click.IntRange(1, 31), help="給与支給日 / payday (day of month).")
@click.option("--bonus", "bonus", help='賞与支給日 / bonus paydays: "07-10,12-10", or "none".')
@click.option(
    "--ask/--no-ask",
    default=None,
    help="Ask the questions not answered by flags (default: only when standard input is a terminal).",
)
@lang_option
def init_cmd(
    output: str,
    force: bool,
    name: str | None,
    fiscal_year_end: int | None,
    employees: int | None,
    withholding_special: bool | None,
    resident_tax_special: bool | None,
    listed: bool | None,
    board: bool | None,
    payday: int | None,
    bonus: str | None,
    ask: bool | None,
    lang: str | None,
) -> None:
    """Write a commented bocal.toml from a few questions (or from flags).

    Asks 決算月, 従業員数, 納期の特例, 上場, 取締役会, 給与支給日 and 賞与 on a terminal; when standard
    input is not a terminal (or with --no-ask) it uses the flags and the defaults without asking.
    Never overwrites a file without --force; writes atomically.

    \b
    Example:
      bocal init
      bocal init --name 株式会社サンプル --fiscal-year-end 12 --employees 8 --withholding-special --no-ask
      bocal init -o clients/acme.toml --force
    """
    from ..init import parse_answer, render_profile

    lang = lang or default_lang()
    if Path(output).exists() and not force:
        raise UsageError(Problem("the file exists; use --force to overwrite it", path=output))
    given: dict[str, Any] = {
        "name": name,
        "fiscal_year_end": fiscal_year_end,
        "employees": employees,
        "withholding_special": withholding_special,
        "resident_tax_special": resident_tax_special,
        "listed": listed,
        "board": board,
        "payday": payday,
    }
    answers: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    if bonus is not None:
        try:
            answers["bonus_dates"] = parse_answer("bonus_dates", bonus)
        except ValueError as e:
            raise UsageError(Problem(str(e), key="--bonus")) from None
    if ask if ask is not None else sys.stdin.isatty():
        ask_questions(answers, lang)
    write_file(output, render_profile(answers).encode("utf-8"))
    click.echo(
        f"{output} を書きました。次は: bocal check --profile {output} / bocal list --profile {output}"
        if lang == "ja"
        else f"wrote {output}; next: bocal check --profile {output} / bocal list --profile {output}",
        err=True,
    )


def shown_default(default: object) -> str:
    """A profile key's default as the prompt shows it: a list comma-joined, y/n for a flag, none for nothing."""
    if isinstance(default, list):
        text = ",".join(default)
    elif isinstance(default, bool):
        text = "y" if default else "n"
    else:
        text = str(default)
    return text or "none"


def ask_questions(answers: dict[str, Any], lang: str) -> None:
    """Ask each question not answered by a flag, until the answer parses (the reason shown otherwise)."""
    from ..init import QUESTIONS, parse_answer
    from ..profile import schema

    keys = schema()
    for key, q_ja, q_en in QUESTIONS:
        if key in answers:
            continue
        while True:
            text = click.prompt(
                q_ja if lang == "ja" else q_en, default=shown_default(keys[key].default), show_default=True
            )
            try:
                answers[key] = parse_answer(key, str(text))
                break
            except ValueError as e:
                click.echo(f"  {e}", err=True)
