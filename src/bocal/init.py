"""`bocal init`: the questions, and a commented bocal.toml written from the answers.

The answers are validated with the profile's own checks (profile.check_value) before anything is
written, and the text is read back through build_profile, so what `init` writes always loads. Keys
not asked about are written commented out with their defaults and meanings from profile_keys.toml,
so the file doubles as a reference. No click here: the CLI asks the questions.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from typing import Any

from .errors import Problem, ProfileError
from .profile import build_profile, check_value, schema

#: (key, question ja, question en) — asked in this order; the default is the schema's.
QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("name", "会社名", "Company name"),
    ("fiscal_year_end", "決算月（1〜12）", "Fiscal year-end month (1-12)"),
    ("employees", "常時雇用する従業員数", "Regular employees"),
    (
        "withholding_special",
        "源泉所得税の納期の特例の承認を受けていますか",
        "Special schedule for withheld income tax?",
    ),
    ("resident_tax_special", "住民税の納期の特例の承認を受けていますか", "Special schedule for resident tax?"),
    ("listed", "上場会社ですか", "Listed company?"),
    ("board", "取締役会を置いていますか", "Board of directors?"),
    ("payday", "給与支給日（1〜31、月末は31）", "Payday (day of month, 31 for month end)"),
    (
        "bonus_dates",
        "賞与支給日（MM-DD をカンマ区切り、なければ none）",
        "Bonus paydays (MM-DD, comma-separated, or none)",
    ),
)


def parse_answer(key: str, text: str) -> Any:
    """A typed answer to a question (as typed at the prompt); raises ValueError with the reason."""
    spec = schema()[key]
    raw = text.strip()
    if spec.type == "bool":
        low = raw.lower()
        if low in ("y", "yes", "true", "1", "はい", "有", "あり"):
            return True
        if low in ("n", "no", "false", "0", "いいえ", "無", "なし"):
            return False
        raise ValueError("answer y or n")
    if spec.type in ("int", "month", "day"):
        try:
            value: Any = int(raw)
        except ValueError:
            raise ValueError(f"must be a whole number, got {raw!r}") from None
        return check_value(spec, value)
    if spec.type == "monthday-list":
        if raw.lower() in ("", "none", "なし"):
            return []
        return check_value(spec, [p.strip() for p in raw.replace("、", ",").split(",") if p.strip()])
    return check_value(spec, raw)


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


def render_profile(answers: Mapping[str, Any]) -> str:
    """The commented bocal.toml: asked keys set, every other key commented out with its default."""
    keys = schema()
    for key, value in answers.items():  # each answer checked where it enters, however it came (flag or prompt)
        try:
            check_value(keys[key], value)
        except ValueError as e:
            raise ProfileError(Problem(str(e), key=key)) from None
    asked = [k for k, _, _ in QUESTIONS]
    lines = [
        "# bocal の会社プロファイル / bocal company profile — written by `bocal init`.",
        "# 確認: bocal check    一覧: bocal list    キーの一覧: README.md「会社プロファイル」",
        "",
        "[company]",
    ]
    for key in asked:
        value = answers.get(key, keys[key].default)
        lines.append(f"{key} = {toml_value(value)}  # {keys[key].ja}")
    lines += ["", "# その他のキー（既定値のまま。変えるときは # を外す） / other keys, at their defaults"]
    for key, spec in keys.items():
        if key in asked:
            continue
        if key in answers:
            lines.append(f"{key} = {toml_value(answers[key])}  # {spec.ja}")
        elif spec.default is None:
            lines.append(f"# {key} =   # {spec.ja}")
        else:
            lines.append(f"# {key} = {toml_value(spec.default)}  # {spec.ja}")
    lines += [
        "",
        "[calendar]",
        '# 自社の休業日（regime = "company" の義務に効く） / company closures',
        '# closures = ["08-13..08-16", "12-29..12-31", { on = "2026-10-02", name = "創立記念日" }]',
        "# working_days = []             # 祝日だが出勤日 / holidays that are working days",
        '# uid_domain = "example.co.jp"  # カレンダー UID の @ 以降 / domain in calendar UIDs',
        "",
        "[owners]",
        "# 領域ごとの担当者 / who owns each area (bocal list --owner)",
        '# accounting = "経理 佐藤"',
        '# labor = "労務 鈴木"',
        "",
    ]
    text = "\n".join(lines)
    build_profile(tomllib.loads(text), path=None)  # what init writes must load
    return text
