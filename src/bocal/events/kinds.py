"""The event kinds: what happened, what its DATE means, and the facts about it duties may ask.

Declared once, here, as data: the command line (`bocal event add KIND`), CSV imports, the profile's
`[[event]]` tables and the rule files (`on = "hire"`) all read this table, so a new kind or a new
attribute is one entry. Each attribute has a type and a default, so a condition such as
`employment_insurance and not early` always has a value to read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Attribute:
    """A fact about one event that a duty's `when` may read (`--set days_off=5`)."""

    name: str
    type: str  # bool | int
    default: bool | int
    ja: str
    en: str


@dataclass(frozen=True, slots=True)
class EventKind:
    """One kind of event: its name on the command line, labels, and what its DATE is."""

    name: str
    ja: str
    en: str
    #: What DATE means for this kind: 「入社日（雇用の初日）」.
    date_ja: str
    date_en: str
    #: The word after the date in a task's title: 「山田太郎・4/1入社」.
    suffix_ja: str
    suffix_en: str
    attributes: tuple[Attribute, ...] = ()

    def attribute(self, name: str) -> Attribute | None:
        for a in self.attributes:
            if a.name == name:
                return a
        return None

    def defaults(self) -> dict[str, bool | int]:
        return {a.name: a.default for a in self.attributes}


_SOCIAL = Attribute(
    "social_insurance",
    "bool",
    True,
    "健康保険・厚生年金保険の被保険者（になる／だった）",
    "insured under health insurance and the employees' pension",
)
_EMPLOYMENT = Attribute(
    "employment_insurance",
    "bool",
    True,
    "雇用保険の被保険者（になる／だった）",
    "insured under employment insurance",
)

KINDS: tuple[EventKind, ...] = (
    EventKind(
        "hire",
        "入社",
        "joining",
        "入社日（雇用の初日）",
        "the first day of employment",
        "入社",
        "joins",
        (
            _SOCIAL,
            _EMPLOYMENT,
            Attribute("dependents", "bool", False, "被扶養者がいる", "has dependants to enrol"),
        ),
    ),
    EventKind(
        "leave",
        "退職",
        "leaving",
        "退職日（雇用の最終日）",
        "the last day of employment",
        "退職",
        "leaves",
        (
            _SOCIAL,
            _EMPLOYMENT,
            Attribute(
                "separation_certificate",
                "bool",
                True,
                "離職票が要る（本人が希望する、または59歳以上）",
                "needs a separation slip (asked for, or aged 59 or over)",
            ),
        ),
    ),
    EventKind(
        "dependent-change",
        "被扶養者の異動",
        "change of dependants",
        "異動の日（扶養に入った・外れた日）",
        "the day the dependant joined or left",
        "扶養異動",
        "dependants change",
        (_SOCIAL,),
    ),
    EventKind(
        "address-change",
        "住所・氏名の変更",
        "change of address or name",
        "変更の日",
        "the day of the change",
        "住所・氏名変更",
        "address/name change",
        (
            _SOCIAL,
            Attribute("name_change", "bool", False, "氏名の変更を含む", "includes a change of name"),
            Attribute(
                "mynumber_linked",
                "bool",
                False,
                "マイナンバーと基礎年金番号が結びついている（住所変更届は不要）",
                "My Number linked to the pension number (no address notice needed)",
            ),
        ),
    ),
    EventKind(
        "maternity-leave-start",
        "産前産後休業の開始",
        "start of maternity leave",
        "産前産後休業の初日",
        "the first day of maternity leave",
        "産休開始",
        "maternity leave starts",
        (_SOCIAL,),
    ),
    EventKind(
        "childcare-leave-start",
        "育児休業の開始",
        "start of childcare leave",
        "育児休業の初日",
        "the first day of childcare leave",
        "育休開始",
        "childcare leave starts",
        (_SOCIAL, _EMPLOYMENT),
    ),
    EventKind(
        "childcare-leave-end",
        "育児休業の終了",
        "end of childcare leave",
        "育児休業の最終日",
        "the last day of childcare leave",
        "育休終了",
        "childcare leave ends",
        (
            _SOCIAL,
            Attribute("early", "bool", False, "予定より早く終了した", "ended earlier than planned"),
            Attribute(
                "reduced_pay",
                "bool",
                False,
                "復帰後の報酬が下がった（報酬月額変更届を出す）",
                "pay fell on return (apply for a revised standard monthly pay)",
            ),
        ),
    ),
    EventKind(
        "accident",
        "労働災害",
        "work accident",
        "災害の発生日",
        "the day of the accident",
        "労災",
        "accident",
        (
            Attribute("days_off", "int", 4, "休業日数", "days off work"),
            Attribute("death", "bool", False, "死亡災害", "a fatal accident"),
        ),
    ),
    EventKind(
        "data-breach",
        "個人データの漏えい等",
        "personal-data breach",
        "漏えい等を知った日",
        "the day the company became aware",
        "漏えい等",
        "data breach",
        (
            Attribute(
                "reportable",
                "bool",
                True,
                "報告対象事態（要配慮・財産的被害・不正目的・1,000人超）",
                "a reportable breach (sensitive, financial harm, malicious, over 1,000 people)",
            ),
            Attribute(
                "malicious",
                "bool",
                False,
                "不正の目的をもって行われたおそれがある（不正アクセス等）",
                "possibly malicious (an attack, data taken out)",
            ),
        ),
    ),
    EventKind(
        "officer-change",
        "役員の変更",
        "change of officers",
        "変更の効力が生じた日",
        "the day the change took effect",
        "役員変更",
        "officer change",
        (Attribute("representative", "bool", False, "代表者の変更を含む", "includes a new representative"),),
    ),
    EventKind(
        "head-office-move",
        "本店移転",
        "head-office move",
        "移転の日",
        "the day of the move",
        "本店移転",
        "head office moves",
    ),
    EventKind(
        "site-reaches-50",
        "事業場の労働者が50人に到達",
        "a site reaching 50 workers",
        "50人に達した日",
        "the day the site reached 50 workers",
        "50人到達",
        "site reaches 50",
    ),
)

KIND_BY_NAME: Mapping[str, EventKind] = {k.name: k for k in KINDS}
KIND_NAMES: tuple[str, ...] = tuple(KIND_BY_NAME)


def attribute_names() -> frozenset[str]:
    """Every attribute any kind declares (the names a rule's `when` may read besides profile keys)."""
    return frozenset(a.name for k in KINDS for a in k.attributes)


def attributes_of(kinds: Iterable[str]) -> frozenset[str]:
    """The attributes the given kinds declare (what an event duty's `when` may read)."""
    return frozenset(a.name for k in kinds if k in KIND_BY_NAME for a in KIND_BY_NAME[k].attributes)
