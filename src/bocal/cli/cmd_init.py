"""`bocal init`: write a commented bocal.toml."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..errors import Problem, UsageError
from .context import default_lang, write_file
from .options import lang_option

#: flags whose text is parsed like a typed answer (Japanese words accepted): option key -> profile key
TEXT_FLAGS = {
    "company_type": "company_type",
    "prefecture": "prefecture",
    "agm_date": "agm_date",
    "bonus": "bonus_dates",
    "company_id": "id",
}


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
@click.option(
    "--company-type",
    metavar="KIND",
    help="会社の種類 / kind of company: kabushiki (株式会社, default), godo (合同会社), tokurei-yugen (特例有限会社).",
)
@click.option("--prefecture", metavar="PREF", help="本店の都道府県 / prefecture of the head office: 東京都 or tokyo.")
@click.option("--fiscal-year-end", type=click.IntRange(1, 12), help="決算月 / fiscal year-end month (1–12).")
@click.option("--employees", type=click.IntRange(0, 1000000), help="常時雇用する従業員数 / regular employees.")
@click.option(
    "--site-employees",
    type=click.IntRange(0, 1000000),
    help="最大の事業場の労働者数 / workers at the largest site (default: --employees, one site).",
)
@click.option(
    "--withholding-special/--no-withholding-special", default=None, help="源泉所得税の納期の特例 / special schedule."
)
@click.option(
    "--resident-tax-special/--no-resident-tax-special", default=None, help="住民税の納期の特例 / special schedule."
)
@click.option("--listed/--not-listed", default=None, help="上場会社 / listed company.")
@click.option("--board/--no-board", default=None, help="取締役会設置会社 / has a board of directors.")
@click.option("--agm-date", metavar="MM-DD", help="定時株主総会の予定日 / planned AGM date, e.g. 06-26.")
@click.option("--payday", type=click.IntRange(1, 31), help="給与支給日 / payday (day of month).")
@click.option("--bonus", "bonus", help='賞与支給日 / bonus paydays: "07-10,12-10", or "none".')
@click.option(
    "--owner",
    "owners",
    multiple=True,
    metavar="AREA=NAME",
    help="領域の担当者 / who owns an area, e.g. 経理=佐藤 or accounting=Sato (repeatable).",
)
@click.option(
    "--id", "company_id", help="UID 用の英数字の識別子 / ASCII id for calendar UIDs (default: from the name)."
)
@click.option(
    "--ask/--no-ask",
    default=None,
    help="Ask the questions not answered by flags (default: only when standard input is a terminal).",
)
@lang_option
def init_cmd(
    output: str, force: bool, owners: tuple[str, ...], ask: bool | None, lang: str | None, **flags: Any
) -> None:
    """Write a commented bocal.toml from a few questions (or from flags).

    Asks 会社の種類, 都道府県, 決算月, 従業員数, 最大の事業場の人数, 納期の特例, 上場, 取締役会, 株主総会の日,
    給与支給日, 賞与 and 担当者 on a terminal; when standard input is not a terminal (or with --no-ask)
    it uses the flags and the defaults without asking. Writes a stable `id` for calendar UIDs and
    says what it is; warns about answers that contradict each other. Never overwrites a file
    without --force; writes atomically.

    \b
    Example:
      bocal init
      bocal init --name 株式会社サンプル --fiscal-year-end 12 --employees 8 --withholding-special --no-ask
      bocal init --name 合同会社テスト --company-type 合同会社 --prefecture 大阪府 --employees 200 --no-ask -o godo.toml
      bocal init --owner 経理=佐藤 --owner 労務=鈴木 --no-ask -o clients/acme.toml --force
    """
    from ..i18n import t
    from ..init import check_answers, complete, parse_answer, parse_owners, render_profile, warnings

    lang = lang or default_lang()
    if Path(output).exists() and not force:
        raise UsageError(Problem(t("init.exists", lang), path=output))
    answers: dict[str, Any] = {}
    for opt, value in flags.items():
        if value is None:
            continue
        key = TEXT_FLAGS.get(opt, opt)
        try:
            answers[key] = parse_answer(key, value, lang) if opt in TEXT_FLAGS else value
        except ValueError as e:
            raise UsageError(Problem(str(e), key="--" + opt.replace("_", "-").replace("company-id", "id"))) from None
    try:
        if owners:
            answers["owners"] = {k: v for o in owners for k, v in parse_owners(o, lang).items()}
    except ValueError as e:
        raise UsageError(Problem(str(e), key="--owner")) from None
    if ask if ask is not None else sys.stdin.isatty():
        ask_questions(answers, lang)
    check_answers(answers)  # a bad answer is the one message: nothing derived from it is said first
    notes = complete(answers, lang)
    text = render_profile(answers)
    for line in notes:
        click.echo(t("init.note", lang, message=line), err=True)
    for line in warnings(answers, lang):
        click.echo(t("init.warn", lang, message=line), err=True)
    write_file(output, text.encode("utf-8"))
    click.echo(t("init.wrote", lang, path=output), err=True)


def ask_questions(answers: dict[str, Any], lang: str) -> None:
    """Ask each question not answered by a flag (and that applies), until the answer parses."""
    from ..i18n import t
    from ..init import QUESTIONS, applies, default_answer, parse_answer, shown

    for key in QUESTIONS:
        if key in answers or not applies(key, answers):
            continue
        while True:
            default = shown(key, default_answer(key, answers))
            text = click.prompt(t(f"init.q.{key}", lang), default=default, show_default=True)
            try:
                value = parse_answer(key, str(text), lang)
            except ValueError as e:
                click.echo(f"  {e}", err=True)
                continue
            if value is not None:
                answers[key] = value
            break
