"""Words users type as well as read, declared once: areas and kinds of company, with their aliases.

An area is named by its id (`labor`), its Japanese name (労務) or its English name (Labour), or an
alias (情シス); `area_id` maps any of them to the id, so `--area 労務` works everywhere an area is
taken (list, month, export, year, duties, notify). Adding an alias is one entry in `AREA_ALIASES`.
"""

from __future__ import annotations

import unicodedata

#: area id -> (Japanese name, English name): the order is the order areas are listed in.
AREAS: dict[str, tuple[str, str]] = {
    "general-affairs": ("総務", "General affairs"),
    "hr": ("人事", "HR"),
    "labor": ("労務", "Labour"),
    "accounting": ("経理", "Accounting"),
    "legal": ("法務", "Legal"),
    "it": ("情報システム", "IT"),
}

#: Other words people use for an area (besides its id and its two names).
AREA_ALIASES: dict[str, str] = {
    "general": "general-affairs",
    "ga": "general-affairs",
    "labour": "labor",
    "労働": "labor",
    "社会保険": "labor",
    "会計": "accounting",
    "税務": "accounting",
    "経理・税務": "accounting",
    "情シス": "it",
    "システム": "it",
    "情報システム部": "it",
}

#: company_type value -> (Japanese, English), and what a person may type for each.
COMPANY_TYPES: dict[str, tuple[str, str]] = {
    "kabushiki": ("株式会社", "kabushiki kaisha (stock company)"),
    "godo": ("合同会社", "godo kaisha (LLC)"),
    "tokurei-yugen": ("特例有限会社", "tokurei yugen kaisha (special limited company)"),
}
COMPANY_TYPE_ALIASES: dict[str, str] = {
    "kk": "kabushiki",
    "株式": "kabushiki",
    "gk": "godo",
    "llc": "godo",
    "合同": "godo",
    "有限会社": "tokurei-yugen",
    "有限": "tokurei-yugen",
    "yugen": "tokurei-yugen",
    "特例有限": "tokurei-yugen",
}


def _norm(text: str) -> str:
    """Full-width letters and spaces folded (ＩＴ → it), case folded, surrounding space removed."""
    return unicodedata.normalize("NFKC", text).strip().casefold()


def _lookup(text: str, names: dict[str, tuple[str, str]], aliases: dict[str, str]) -> str | None:
    key = _norm(text)
    for ident, (ja, en) in names.items():
        if key in (ident, _norm(ja), _norm(en)):
            return ident
    return aliases.get(key)


def area_id(text: str) -> str | None:
    """The area id a word names (id, 日本語名, English name or alias); None when it names none."""
    return _lookup(text, AREAS, AREA_ALIASES)


def company_type_id(text: str) -> str | None:
    """The company_type a word names (kabushiki / 株式会社 / KK, godo / 合同会社 / LLC, 特例有限会社 …)."""
    return _lookup(text, COMPANY_TYPES, COMPANY_TYPE_ALIASES)


def area_words(lang: str) -> str:
    """The areas as a person may type them, for help and error hints: 総務(general-affairs), …"""
    if lang == "ja":
        return "、".join(f"{ja}({ident})" for ident, (ja, _) in AREAS.items())
    return ", ".join(f"{ident} ({ja})" for ident, (ja, _) in AREAS.items())


#: prefecture value (profile_keys.toml's choices, in the same order) -> its Japanese name.
PREFECTURES: dict[str, str] = dict(
    zip(
        [
            "hokkaido",
            "aomori",
            "iwate",
            "miyagi",
            "akita",
            "yamagata",
            "fukushima",
            "ibaraki",
            "tochigi",
            "gunma",
            "saitama",
            "chiba",
            "tokyo",
            "kanagawa",
            "niigata",
            "toyama",
            "ishikawa",
            "fukui",
            "yamanashi",
            "nagano",
            "gifu",
            "shizuoka",
            "aichi",
            "mie",
            "shiga",
            "kyoto",
            "osaka",
            "hyogo",
            "nara",
            "wakayama",
            "tottori",
            "shimane",
            "okayama",
            "hiroshima",
            "yamaguchi",
            "tokushima",
            "kagawa",
            "ehime",
            "kochi",
            "fukuoka",
            "saga",
            "nagasaki",
            "kumamoto",
            "oita",
            "miyazaki",
            "kagoshima",
            "okinawa",
        ],
        [
            "北海道",
            "青森県",
            "岩手県",
            "宮城県",
            "秋田県",
            "山形県",
            "福島県",
            "茨城県",
            "栃木県",
            "群馬県",
            "埼玉県",
            "千葉県",
            "東京都",
            "神奈川県",
            "新潟県",
            "富山県",
            "石川県",
            "福井県",
            "山梨県",
            "長野県",
            "岐阜県",
            "静岡県",
            "愛知県",
            "三重県",
            "滋賀県",
            "京都府",
            "大阪府",
            "兵庫県",
            "奈良県",
            "和歌山県",
            "鳥取県",
            "島根県",
            "岡山県",
            "広島県",
            "山口県",
            "徳島県",
            "香川県",
            "愛媛県",
            "高知県",
            "福岡県",
            "佐賀県",
            "長崎県",
            "熊本県",
            "大分県",
            "宮崎県",
            "鹿児島県",
            "沖縄県",
        ],
        strict=True,
    )
)


def prefecture_id(text: str) -> str | None:
    """The prefecture value a word names: tokyo, 東京都 or 東京 (the 都・道・府・県 may be left off)."""
    key = _norm(text)
    if key in PREFECTURES:
        return key
    for ident, ja in PREFECTURES.items():
        if key in (ja, ja if ident == "hokkaido" else ja[:-1]):
            return ident
    return None
