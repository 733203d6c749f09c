"""`bocal export` read back by four real parsers, compared with values derived by hand.

The company is tests/fixtures/profiles/listed-dec.toml (listed, December year end, AGM planned for
03-27, uid_domain example.co.jp) with the rules of tests/fixtures/rules/forms.toml, for 2026.
Every parser must read every kind of file (plain, --todo, --split, --lang en, --no-alarms,
--deadline-only) to the same values; the raw checks catch what parsers tolerate.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from bocal.cli import cli
from bocal.ical import fold, fold_line
from parsers.harness import PARSERS, ParsedEvent, disagreements, parse_with, raw_checks, require_or_skip

ROOT = Path(__file__).resolve().parent
FORMS = str(ROOT / "fixtures" / "rules" / "forms.toml")
LISTED = str(ROOT / "fixtures" / "profiles" / "listed-dec.toml")
BASE = ["--today", "2026-05-01", "export", "--no-bundled", "--rules", FORMS, "--profile", LISTED, "--year", "2026"]
DAY = 86400


def export(*args: str, tmp_path: Path | None = None) -> bytes:
    result = CliRunner().invoke(cli, [*BASE, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def uid(duty: str, period: str, suffix: str = "") -> str:
    return f"{duty}-{period}-listed-dec{suffix}@example.co.jp"


NTA_2505 = "https://www.nta.go.jp/taxes/shiraberu/taxanswer/gensen/2505.htm"
COMPANIES_ACT = "https://laws.e-gov.go.jp/law/417AC0000000086"
NENKIN_SANTEI = "https://www.nenkin.go.jp/service/kounen/jigyosho-hiho/hoshu/20121017.html"

# Derived by hand from forms.toml, the profile and the 2026 calendar:
EXPECTED_JA = {
    # 10th of next month → 2026-01-10 Sat; 1/11 Sun; 1/12 成人の日 (2nd Monday) → 1/13 Tue (national tax).
    uid("withholding-tax", "2025-12"): (
        "源泉所得税の納付（2025年12月分）",
        date(2026, 1, 13),
        ("経理",),
        (-3 * DAY,),
        NTA_2505,
    ),
    # agm_date 03-27 is a Friday, open on the company calendar; remind 6, 4, 2 weeks.
    uid("agm", "FY2025-12"): (
        "定時株主総会（2025年12月期）",
        date(2026, 3, 27),
        ("法務",),
        (-42 * DAY, -28 * DAY, -14 * DAY),
        COMPANIES_ACT,
    ),
    # 14 clear days before 3/27: 3/13..3/26 are the 14 days between, so 3/12 (Thu); never moved.
    uid("agm-notice", "FY2025-12"): (
        "株主総会の招集通知の発送（2025年12月期）",
        date(2026, 3, 12),
        ("法務",),
        (-3 * DAY,),
        COMPANIES_ACT,
    ),
    # 2 weeks after 3/27 → 4/10 (Fri).
    uid("director-change-registration", "FY2025-12"): (
        "役員変更登記（2025年12月期）",
        date(2026, 4, 10),
        ("法務",),
        (-3 * DAY,),
        COMPANIES_ACT,
    ),
    # FYE 2025-12 + 3 months → 3/31 (Tue).
    uid("securities-report", "FY2025-12"): (
        "有価証券報告書の提出（2025年12月期）",
        date(2026, 3, 31),
        ("法務",),
        (-3 * DAY,),
        "https://laws.e-gov.go.jp/law/323AC0000000025",
    ),
    # FYE + 2 months → 2/28 Sat, 3/1 Sun → 3/2 (Mon).
    uid("corporate-tax-return", "FY2025-12"): (
        "法人税の確定申告（2025年12月期）",
        date(2026, 3, 2),
        ("経理",),
        (-3 * DAY,),
        "https://laws.e-gov.go.jp/law/340AC0000000034",
    ),
    # A window 7/1 (Wed) – 7/10 (Fri): an opening event without alarms, and the deadline.
    uid("santei-kiso", "2026", "-opens"): (
        "受付開始: 算定基礎届の提出（2026年分）— 7/10(金)まで",
        date(2026, 7, 1),
        ("労務",),
        (),
        NENKIN_SANTEI,
    ),
    uid("santei-kiso", "2026"): (
        "算定基礎届の提出（2026年分）",
        date(2026, 7, 10),
        ("労務",),
        (-3 * DAY,),
        NENKIN_SANTEI,
    ),
    # 年度更新 opens 6/1 (Mon).
    uid("labor-insurance-renewal", "2026", "-opens"): (
        "受付開始: 労働保険の年度更新（2026年分）— 7/10(金)まで",
        date(2026, 6, 1),
        ("労務",),
        (),
        "https://www.mhlw.go.jp/stf/seisakunitsuite/bunya/koyou_roudou/roudoukijun/hoken/nendokoushin.html",
    ),
    # Bonus 12/10 + 5 days → 12/15 (Tue).
    uid("bonus-report", "2026-12-10"): (
        "賞与支払届の提出（2026年12月10日分）",
        date(2026, 12, 15),
        ("労務",),
        (-3 * DAY,),
        "https://www.nenkin.go.jp/service/kounen/jigyosho-hiho/hoshu/20141203.html",
    ),
    # First Wednesday of September.
    uid("fire-drill", "2026-09-02"): (
        "避難訓練（2026年9月2日）",
        date(2026, 9, 2),
        ("総務",),
        (-3 * DAY,),
        "https://laws.e-gov.go.jp/law/336M50000008006",
    ),
}

EXPECTED_EN = {
    uid("withholding-tax", "2025-12"): ("Pay withheld income tax (Dec 2025)", date(2026, 1, 13), ("Accounting",)),
    uid("agm", "FY2025-12"): ("Annual general meeting (FY ending Dec 2025)", date(2026, 3, 27), ("Legal",)),
    uid("santei-kiso", "2026", "-opens"): (
        "Opens: File the standard remuneration report (2026) — due Fri 7/10",
        date(2026, 7, 1),
        ("Labour",),
    ),
}

#: Every 2026 task of the fixture for this profile, and the two windows' opening events.
TASKS_2026 = 78
OPENINGS = 2


def check_expected(ev: ParsedEvent, expected: tuple[object, ...], *, alarms: bool = True) -> None:
    summary, day, cats, trig, url = expected
    assert (ev.summary, ev.dtstart, ev.dtend, ev.categories, ev.url) == (
        summary,
        day,
        date.fromordinal(day.toordinal() + 1),  # type: ignore[attr-defined]
        cats,
        url,
    )
    assert ev.alarms == (trig if alarms else ())


def clean(data: bytes) -> None:
    assert raw_checks(data) == []
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert b"\nMETHOD" not in data


# -- the plain export, parser by parser ------------------------------------------------------------


@pytest.fixture(scope="module")
def plain() -> bytes:
    return export()


@pytest.mark.parametrize("name", PARSERS)
def test_plain_export_reads_as_derived(plain: bytes, name: str) -> None:
    require_or_skip(name)
    cal = parse_with(name, plain)
    assert cal.name == "テスト上場株式会社 期限カレンダー"
    assert len(cal.events) == TASKS_2026 + OPENINGS and cal.todos == ()
    for u, exp in EXPECTED_JA.items():
        check_expected(cal.event(u), exp)
    # The moved deadline says why, on what basis, and where the rule comes from.
    desc = cal.event(uid("withholding-tax", "2025-12")).description
    assert desc.splitlines() == [
        "1/10(土)・1/11(日)・1/12(成人の日)のため 1/13(火) に延長 — 国税通則法10条2項",
        "根拠: 所得税法183条1項",
        f"出典: {NTA_2505}",
        "担当: 経理 佐藤",
    ]
    assert cal.event(uid("corporate-tax-return", "FY2025-12")).description.startswith(
        "2/28(土)・3/1(日)のため 3/2(月) に延長 — 国税通則法10条2項\n"
    )
    assert cal.event(uid("santei-kiso", "2026")).description.startswith("受付期間: 7/1(水)〜7/10(金)\n")
    # Every event is one day long: no banners.
    assert all((e.dtend - e.dtstart).days == 1 for e in cal.events)  # type: ignore[operator]


def test_plain_export_raw(plain: bytes) -> None:
    clean(plain)
    lines = plain.split(b"\r\n")
    assert b"X-WR-TIMEZONE:Asia/Tokyo" in lines
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT12H" in lines
    assert b"X-PUBLISHED-TTL:PT12H" in lines
    assert (
        b"X-WR-CALNAME:\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88\xe4\xb8\x8a\xe5\xa0\xb4\xe6\xa0\xaa\xe5\xbc\x8f\xe4\xbc\x9a\xe7\xa4\xbe \xe6\x9c\x9f\xe9\x99\x90\xe3\x82\xab\xe3\x83\xac\xe3\x83\xb3\xe3\x83\x80\xe3\x83\xbc"
        in lines
    )
    assert any(ln.startswith(b"X-WR-CALDESC:") for ln in lines)
    # 2026 is an official year (holidays fixed): SEQUENCE 1; stamps come from the catalog revision.
    assert lines.count(b"SEQUENCE:1") == TASKS_2026 + OPENINGS
    assert lines.count(b"DTSTAMP:20261130T000000Z") == TASKS_2026 + OPENINGS
    assert b"DTSTART;VALUE=DATE:20260113" in lines and b"DTEND;VALUE=DATE:20260114" in lines


def test_all_parsers_agree_on_every_kind_of_file() -> None:
    for name in PARSERS:
        require_or_skip(name)
    for args in ([], ["--todo"], ["--lang", "en"], ["--no-alarms"], ["--deadline-only"]):
        data = export(*args)
        clean(data)
        results = {n: parse_with(n, data) for n in PARSERS}
        assert disagreements(results) == [], args


def test_export_is_byte_identical_twice(plain: bytes) -> None:
    assert export() == plain
    assert export("--todo", "--lang", "en") == export("--todo", "--lang", "en")


# -- the variants --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PARSERS)
def test_todo(name: str) -> None:
    require_or_skip(name)
    data = export("--todo")
    clean(data)
    cal = parse_with(name, data)
    assert len(cal.events) == TASKS_2026 + OPENINGS and len(cal.todos) == TASKS_2026
    todos = {t.uid: t for t in cal.todos}
    santei = todos[uid("santei-kiso", "2026", "-todo")]
    assert (santei.summary, santei.dtstart, santei.due, santei.categories) == (
        "算定基礎届の提出（2026年分）",
        date(2026, 7, 1),
        date(2026, 7, 10),
        ("労務",),
    )
    wt = todos[uid("withholding-tax", "2025-12", "-todo")]
    assert (wt.dtstart, wt.due, wt.url, wt.alarms) == (None, date(2026, 1, 13), NTA_2505, ())


@pytest.mark.parametrize("name", PARSERS)
def test_english(name: str) -> None:
    require_or_skip(name)
    data = export("--lang", "en")
    clean(data)
    cal = parse_with(name, data)
    assert cal.name == "テスト上場株式会社 deadlines"
    for u, (summary, day, cats) in EXPECTED_EN.items():
        ev = cal.event(u)
        assert (ev.summary, ev.dtstart, ev.categories) == (summary, day, cats)
    assert cal.event(uid("withholding-tax", "2025-12")).description.splitlines()[0] == (
        "moved to Tue 1/13: Sat 1/10, Sun 1/11, Mon 1/12 (Coming of Age Day) closed — 国税通則法10条2項"
    )


@pytest.mark.parametrize("name", PARSERS)
def test_no_alarms(name: str) -> None:
    require_or_skip(name)
    data = export("--no-alarms")
    clean(data)
    assert b"BEGIN:VALARM" not in data
    cal = parse_with(name, data)
    for u, exp in EXPECTED_JA.items():
        check_expected(cal.event(u), exp, alarms=False)


@pytest.mark.parametrize("name", PARSERS)
def test_deadline_only(name: str) -> None:
    require_or_skip(name)
    data = export("--deadline-only")
    clean(data)
    cal = parse_with(name, data)
    assert len(cal.events) == TASKS_2026
    assert not [e for e in cal.events if "-opens@" in e.uid]
    check_expected(cal.event(uid("santei-kiso", "2026")), EXPECTED_JA[uid("santei-kiso", "2026")])


@pytest.mark.parametrize("name", PARSERS)
def test_split_one_file_per_area(name: str, tmp_path: Path) -> None:
    require_or_skip(name)
    out = tmp_path / "cals"
    result = CliRunner().invoke(cli, [*BASE, "--split", "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in out.iterdir())
    assert files == ["accounting.ics", "general-affairs.ics", "hr.ics", "it.ics", "labor.ics", "legal.ics"]
    total = 0
    for p in out.iterdir():
        data = p.read_bytes()
        clean(data)
        cal = parse_with(name, data)
        total += len(cal.events)
        area_ja = {"accounting": "経理", "general-affairs": "総務", "hr": "人事", "it": "情報システム"}
        area_ja |= {"labor": "労務", "legal": "法務"}
        assert cal.name == f"テスト上場株式会社 期限カレンダー（{area_ja[p.stem]}）"
        assert {e.categories for e in cal.events} <= {(area_ja[p.stem],)}
        for e in cal.events:
            if e.uid in EXPECTED_JA:
                check_expected(e, EXPECTED_JA[e.uid])
    assert total == TASKS_2026 + OPENINGS
    legal = parse_with(name, (out / "legal.ics").read_bytes())
    # legal in 2026: AGM, notice, registration, securities report, director-term-renewal (2025+2n: no).
    assert sorted(e.dtstart for e in legal.events) == [
        date(2026, 3, 12),
        date(2026, 3, 27),
        date(2026, 3, 31),
        date(2026, 4, 10),
    ]


def test_owner_and_uid_domain() -> None:
    data = export("--owner", "法務 田中", "--uid-domain", "cal.example.org")
    clean(data)
    text = data.decode("utf-8").replace("\r\n ", "")
    assert "X-WR-CALNAME:テスト上場株式会社 期限カレンダー（法務 田中）" in text
    assert "UID:agm-FY2025-12-listed-dec@cal.example.org" in text
    assert "CATEGORIES:経理" not in text and "CATEGORIES:法務" in text


def test_unknown_owner_and_bad_uid_domain_are_usage_errors() -> None:
    # a part of a name is enough (issue #12: as for list --owner), so 法務 田 is 法務 田中; 法務 山田 is nobody
    r = CliRunner().invoke(cli, [*BASE, "--owner", "法務 山田"])
    assert r.exit_code == 2 and "no area is owned by '法務 山田'" in r.output
    r = CliRunner().invoke(cli, [*BASE, "--uid-domain", "a b"])
    assert r.exit_code == 2 and "is not a domain name" in r.output
    r = CliRunner().invoke(cli, [*BASE, "--split"])
    assert r.exit_code == 2 and "--split writes one file per area" in r.output


# -- folding ------------------------------------------------------------------------------------


def test_fold_never_splits_a_character() -> None:
    # 1-, 2-, 3- and 4-byte characters at every offset against the 75-octet limit.
    for pad in range(8):
        for ch in ("a", "é", "源", "𠮷"):
            line = "DESCRIPTION:" + "x" * pad + ch * 120
            out = fold_line(line)
            phys = out.split(b"\r\n")[:-1]
            assert all(len(p) <= 75 for p in phys)
            for p in phys:
                p.decode("utf-8")
            assert b"".join(p[1:] if i else p for i, p in enumerate(phys)).decode("utf-8") == line
            assert all(len(p) >= 72 for p in phys[:-1])  # folds as late as the character allows


def test_fold_is_idempotent(plain: bytes) -> None:
    assert fold(plain) == plain


def test_calendar_description_warns_past_the_announced_holidays() -> None:
    from datetime import date

    from bocal.calendars import LAST_OFFICIAL_YEAR as LAST
    from bocal.ical import calendar_texts

    # LAST's equinoxes are fixed (2027: 官報 2026-02-02); LAST + 1's are not: only a range into LAST + 1 warns
    _, fixed = calendar_texts("A社", "ja", span=(date(LAST - 1, 1, 1), date(LAST, 12, 31)))
    assert "暫定" not in fixed
    _, ja = calendar_texts("A社", "ja", span=(date(LAST - 1, 1, 1), date(LAST + 1, 3, 31)))
    assert ja.endswith(
        f"{LAST + 1}年以降の祝日は暫定です（春分の日・秋分の日は官報で未公表）。{LAST + 1}年以降の期限は公表後に変わることがあります。"
    )
    _, en = calendar_texts("A", "en", span=(date(LAST, 6, 1), date(LAST + 1, 1, 31)))
    assert en.endswith(
        f"holidays after {LAST} are provisional (春分の日・秋分の日 not yet fixed in the 官報); deadlines in {LAST + 1} and later may move once they are announced."
    )


def test_exported_feed_carries_the_horizon_note(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from bocal.calendars import LAST_OFFICIAL_YEAR as LAST
    from bocal.cli import cli

    out = tmp_path / "x.ics"
    r = CliRunner().invoke(cli, ["export", "--year", str(LAST + 1), "--lang", "en", "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    unfolded = out.read_bytes().replace(b"\r\n ", b"").decode("utf-8")
    desc = next(line for line in unfolded.split("\r\n") if line.startswith("X-WR-CALDESC:"))
    assert f"holidays after {LAST} are provisional" in desc
