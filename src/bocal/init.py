"""`bocal init`: the questions, and a commented bocal.toml written from the answers.

The answers are validated with the profile's own checks (profile.check_value) before anything is
written, and the text is read back through build_profile, so what `init` writes always loads. Keys
not asked about are written commented out with their defaults and meanings from profile_keys.toml,
so the file doubles as a reference. The questions and every validation message come from the
message catalogue (`i18n.t`, `init.q.KEY` and `init.bad.*`), in the user's language. No click here:
the CLI asks the questions.

What makes a company right (issue #12): the kind of company (a 合同会社 has no 株主総会), the
prefecture, the largest site's headcount (the 50人 thresholds of 安衛法 are per site; one site by
default, so it follows `employees`, and `init` says so), the AGM date, owners per area, bonus days,
and a stable ASCII `id` for calendar UIDs (so a rename never duplicates events). Inconsistent
answers (納期の特例 with 10 or more staff) are warned about, never silently accepted.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable, Mapping
from typing import Any

from .errors import Problem, ProfileError
from .i18n import t
from .profile import build_profile, check_value, parse_monthday, schema, slug
from .vocabulary import AREAS, COMPANY_TYPES, area_id, company_type_id, prefecture_id

#: The questions, asked in this order (`owners` is the [owners] table; the rest are [company] keys).
QUESTIONS: tuple[str, ...] = (
    "name",
    "company_type",
    "prefecture",
    "fiscal_year_end",
    "employees",
    "site_employees",
    "withholding_special",
    "resident_tax_special",
    "listed",
    "board",
    "agm_date",
    "payday",
    "bonus_dates",
    "owners",
)

#: [company] keys init always writes (uncommented), in this order.
WRITTEN: tuple[str, ...] = tuple(k for k in QUESTIONS if k != "owners")

Answers = dict[str, Any]


def applies(key: str, answers: Mapping[str, Any]) -> bool:
    """Whether a question makes sense for the answers so far (a 合同会社 is asked no AGM date)."""
    kind = str(answers.get("company_type", "kabushiki"))
    if key in ("listed", "board"):
        return kind == "kabushiki"
    if key == "agm_date":
        return kind != "godo"
    return True


def default_answer(key: str, answers: Mapping[str, Any]) -> Any:
    """The answer a question offers: the schema's default; the largest site follows `employees`."""
    if key == "owners":
        return {}
    if key == "site_employees" and "employees" in answers:
        return answers["employees"]
    return schema()[key].default


def shown(key: str, value: Any) -> str:
    """An answer as the prompt shows it: a list comma-joined, y/n for a flag, none for nothing."""
    if isinstance(value, dict):
        return ", ".join(f"{AREAS[a][0]}={p}" for a, p in value.items()) or "none"
    if isinstance(value, list):
        return ",".join(value) or "none"
    if isinstance(value, bool):
        return "y" if value else "n"
    if key == "company_type" and value in COMPANY_TYPES:
        return COMPANY_TYPES[value][0]
    return "none" if value is None or value == "" else str(value)


# -- answers as typed --------------------------------------------------------------------------------------

YES = ("y", "yes", "true", "1", "はい", "有", "あり")
NO = ("n", "no", "false", "0", "いいえ", "無", "なし")
NONE = ("", "none", "なし", "未定", "-")


def _bool(key: str, raw: str, lang: str) -> Any:
    low = raw.lower()
    if low in YES:
        return True
    if low in NO:
        return False
    raise ValueError(t("init.bad.yes_no", lang, value=raw))


def _number(key: str, raw: str, lang: str) -> Any:
    spec = schema()[key]
    text = raw.translate(str.maketrans("０１２３４５６７８９", "0123456789")).replace(",", "").removesuffix("人")
    try:
        value = int(text)
    except ValueError:
        raise ValueError(t("init.bad.number", lang, value=raw)) from None
    low, high = {"month": (1, 12), "day": (1, 31)}.get(spec.type, (spec.min, spec.max))
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(t("init.bad.range", lang, low=f"{low:g}", high=f"{high:g}", value=value))
    return value


def _monthday(key: str, raw: str, lang: str) -> Any:
    if raw.lower() in NONE:
        return None
    try:
        parse_monthday(raw)
    except ValueError:
        raise ValueError(t("init.bad.monthday", lang, value=raw)) from None
    return raw


def _monthdays(key: str, raw: str, lang: str) -> Any:
    if raw.lower() in NONE:
        return []
    return [_monthday(key, p.strip(), lang) for p in raw.replace("、", ",").split(",") if p.strip()]


def _company_type(key: str, raw: str, lang: str) -> Any:
    found = company_type_id(raw)
    if found is None:
        raise ValueError(t("init.bad.company_type", lang, value=raw))
    return found


def _prefecture(key: str, raw: str, lang: str) -> Any:
    found = prefecture_id(raw)
    if found is None:
        raise ValueError(t("init.bad.prefecture", lang, value=raw))
    return found


def parse_owners(raw: str, lang: str = "en") -> dict[str, str]:
    """ "経理=佐藤, 労務=鈴木" → {"accounting": "佐藤", "labor": "鈴木"} (areas by any of their names)."""
    if raw.strip().lower() in NONE:
        return {}
    out: dict[str, str] = {}
    for part in re.split(r"[,、，]", raw):
        if not part.strip():
            continue
        area, sep, person = part.replace("＝", "=").partition("=")
        ident = area_id(area)
        if not sep or ident is None or not person.strip():
            raise ValueError(t("init.bad.owner", lang, value=part.strip()))
        out[ident] = person.strip()
    return out


def _owners(key: str, raw: str, lang: str) -> Any:
    return parse_owners(raw, lang)


def _text(key: str, raw: str, lang: str) -> Any:
    if not raw:
        raise ValueError(t("init.bad.empty", lang))
    if key == "id" and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]+", raw):
        raise ValueError(t("init.bad.id", lang, value=raw))
    return raw


PARSERS: dict[str, Callable[[str, str, str], Any]] = {
    "bool": _bool,
    "int": _number,
    "month": _number,
    "day": _number,
    "monthday": _monthday,
    "monthday-list": _monthdays,
}
BY_KEY: dict[str, Callable[[str, str, str], Any]] = {
    "company_type": _company_type,
    "prefecture": _prefecture,
    "owners": _owners,
}


def parse_answer(key: str, text: str, lang: str = "en") -> Any:
    """A typed answer to a question as typed at the prompt (or given as a flag); raises ValueError
    with the reason in `lang`. A month-day answered `none` is None (the key stays unset)."""
    raw = text.strip()
    parser = BY_KEY.get(key) or (PARSERS.get(schema()[key].type, _text) if key in schema() else _text)
    value = parser(key, raw, lang)
    if key in schema() and value is not None and key not in BY_KEY:
        value = check_value(schema()[key], value)
    return value


# -- the answers completed and checked ----------------------------------------------------------------


def complete(answers: Answers, lang: str) -> list[str]:
    """Fill in what follows from the answers (the largest site from `employees`, no board for a
    合同会社・特例有限会社, the `id` from the name); the notes to show the user about it."""
    notes: list[str] = []
    if "employees" in answers and "site_employees" not in answers:
        answers["site_employees"] = answers["employees"]
        notes.append(t("init.site_default", lang, n=answers["employees"]))
    if answers.get("company_type", "kabushiki") != "kabushiki":
        answers.setdefault("board", False)
        answers.setdefault("listed", False)
    if not answers.get("id"):
        answers["id"] = company_id(str(answers.get("name") or schema()["name"].default))
        notes.append(t("init.id", lang, id=answers["id"]))
    return notes


def company_id(name: str) -> str:
    """A stable ASCII id for the calendar UIDs, from the company name (tidy ASCII names kept, others
    a short hash of the name: 株式会社サンプル → c-…)."""
    return slug(name)


def warnings(answers: Mapping[str, Any], lang: str) -> list[str]:
    """Answers that contradict each other or the law, said in `lang` (never fatal)."""
    keys = schema()
    n = answers.get("employees", keys["employees"].default)
    site = answers.get("site_employees", n)
    kind = answers.get("company_type", "kabushiki")
    kind_name = COMPANY_TYPES[kind][0 if lang == "ja" else 1]
    out: list[str] = []
    if answers.get("withholding_special") and n >= 10:
        out.append(t("init.warn.withholding_special", lang, n=n))
    if site > n:
        out.append(t("init.warn.site_over_employees", lang, site=site, n=n))
    if kind != "kabushiki" and answers.get("board"):
        out.append(t("init.warn.no_board", lang, kind=kind_name))
    if kind != "kabushiki" and answers.get("listed"):
        out.append(t("init.warn.listed", lang, kind=kind_name))
    if kind == "godo" and answers.get("agm_date"):
        out.append(t("init.warn.godo_agm", lang))
    return out


# -- the file --------------------------------------------------------------------------------------------


def toml_value(value: Any) -> str:
    """A TOML literal for a profile value (strings, numbers, booleans, lists of strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    # JSON's escapes are TOML's, except that TOML also forbids DEL and C1 controls raw
    return re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", json.dumps(str(value), ensure_ascii=False))


def check_answers(answers: Mapping[str, Any]) -> None:
    """Each answer checked where it enters, however it came (flag or prompt): a ProfileError, before
    anything (the id, the notes) is derived from it."""
    keys = schema()
    for key, value in answers.items():
        if key in keys and value is not None:
            try:
                check_value(keys[key], value)
            except ValueError as e:
                raise ProfileError(Problem(str(e), key=key)) from None


def _company_lines(answers: Mapping[str, Any]) -> list[str]:
    keys = schema()
    check_answers(answers)
    lines = [f"id = {toml_value(answers['id'])}  # {keys['id'].ja}"] if answers.get("id") else []
    for key in WRITTEN:
        value = answers.get(key, keys[key].default)
        if value is None:
            lines.append(f"# {key} =   # {keys[key].ja}")
        else:
            lines.append(f"{key} = {toml_value(value)}  # {keys[key].ja}")
    lines += ["", "# その他のキー（既定値のまま。変えるときは # を外す） / other keys, at their defaults"]
    for key, spec in keys.items():
        if key in WRITTEN or key == "id":
            continue
        if key in answers:
            lines.append(f"{key} = {toml_value(answers[key])}  # {spec.ja}")
        elif spec.default is None:
            lines.append(f"# {key} =   # {spec.ja}")
        else:
            lines.append(f"# {key} = {toml_value(spec.default)}  # {spec.ja}")
    return lines


def _owner_lines(owners: Mapping[str, str]) -> list[str]:
    lines = ["[owners]", "# 領域ごとの担当者 / who owns each area (bocal list --owner)"]
    for area, (ja, _) in AREAS.items():
        if area in owners:
            lines.append(f"{area} = {toml_value(owners[area])}  # {ja}")
        else:
            lines.append(f'# {area} = "{ja} 担当者名"')
    return lines


def render_profile(answers: Mapping[str, Any]) -> str:
    """The commented bocal.toml: asked keys set, every other key commented out with its default."""
    lines = [
        "# bocal の会社プロファイル / bocal company profile — written by `bocal init`.",
        "# 確認: bocal check    一覧: bocal list    キーの一覧: README.md「会社プロファイル」",
        "",
        "[company]",
        *_company_lines(answers),
        "",
        "[calendar]",
        '# 自社の休業日（regime = "company" の義務に効く） / company closures',
        '# closures = ["08-13..08-16", "12-29..12-31", { on = "2026-10-02", name = "創立記念日" }]',
        "# working_days = []             # 祝日だが出勤日 / holidays that are working days",
        '# uid_domain = "example.co.jp"  # カレンダー UID の @ 以降 / domain in calendar UIDs',
        "",
        *_owner_lines(answers.get("owners") or {}),
        "",
    ]
    text = "\n".join(lines)
    build_profile(tomllib.loads(text), path=None)  # what init writes must load
    return text
