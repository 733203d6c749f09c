"""Tests of the four-parser harness (tests/parsers/) against hand-written fixtures in tests/fixtures/ics/.

With CI=true a parser that is not installed fails these tests; elsewhere they are skipped with the
reason and the install command (.ci/install-parsers).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/ is not a package: import parsers

from parsers import harness  # noqa: E402
from parsers.harness import (  # noqa: E402
    PARSERS,
    ParsedCalendar,
    ParsedEvent,
    ParsedTodo,
    ParseFailure,
    ParserUnavailable,
    parse_all,
    parse_with,
    raw_checks,
    require_or_skip,
    require_parser,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ics"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


# What good.ics says, written out by hand.
GOOD = ParsedCalendar(
    name="bocal 法定期限（テスト用カレンダー）",
    events=(
        ParsedEvent(
            uid="santei-kiso-2026-test@bocal.example",
            summary="【期限】健康保険・厚生年金保険, 被保険者報酬月額算定基礎届の提出（2026年分）",
            dtstart=date(2026, 7, 10),
            dtend=date(2026, 7, 11),
            categories=("労務", "社会保険"),
            alarms=(-7 * 86400, -86400),
            url=None,
            description="",
        ),
        ParsedEvent(
            uid="withholding-tax-2026-06-test@bocal.example",
            summary="【期限】源泉所得税の納付（2026年6月分）給与・報酬から源泉徴収した所得税を翌月10日までに納付",
            dtstart=date(2026, 7, 10),
            dtend=date(2026, 7, 11),
            categories=("経理", "税務"),
            alarms=(-3 * 86400,),
            url="https://www.nta.go.jp/taxes/shiraberu/taxanswer/gensen/2505.htm",
            description=("提出先: 税務署（e-Tax / 金融機関窓口）\n根拠: 所得税法183条1項; 国税通則法10条2項, 翌営業日"),
        ),
    ),
    todos=(
        ParsedTodo(
            uid="todo-nenmatsu-chosei-2026-test@bocal.example",
            summary="年末調整・法定調書合計表・給与支払報告書の提出（2026年分）を完了する",
            due=date(2027, 1, 31),
            dtstart=date(2026, 12, 1),
            categories=("経理",),
            alarms=(),
            url=None,
            description="Thunderbird・Apple リマインダー向けのタスク",
        ),
    ),
)

SPLIT_SUMMARY = "【期限】労働保険の年度更新（R8, 2026年度）概算・確定保険料申告書の提出と納付"


# --- availability --------------------------------------------------------------------------------


def test_every_parser_is_installed_in_ci():
    missing = harness.missing_parsers()
    if missing and not harness.in_ci():
        pytest.skip(f"parsers missing here: {missing}; {harness.INSTALL_HINT}")
    assert missing == {}, f"{missing}; {harness.INSTALL_HINT}"


def test_require_parser_names_the_install_script(monkeypatch):
    monkeypatch.setattr(harness, "_unavailable_reason", lambda name: "`node` is not on PATH")
    with pytest.raises(ParserUnavailable, match=r"\.ci/install-parsers") as info:
        require_parser("icaljs")
    assert "node" in str(info.value)
    assert harness.available_parsers() == ()


def test_require_or_skip_fails_in_ci_and_skips_elsewhere(monkeypatch):
    monkeypatch.setattr(harness, "_unavailable_reason", lambda name: "not installed")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="install-parsers"):
        require_or_skip("libical")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="install-parsers"):
        require_or_skip("libical")


def test_unknown_parser_name_is_an_error():
    with pytest.raises(ValueError, match="unknown parser"):
        require_parser("node-ical")


# --- the good file --------------------------------------------------------------------------------


def test_good_file_passes_raw_checks():
    assert raw_checks(fixture("good.ics")) == []


def test_good_file_folds_between_multibyte_characters():
    lines = fixture("good.ics").split(b"\r\n")
    folds = [(prev, cont) for prev, cont in zip(lines, lines[1:], strict=False) if cont.startswith(b" ")]
    # Each long Japanese SUMMARY is folded in the middle of Japanese text: a multibyte character
    # on both sides of the fold, and both halves valid UTF-8 on their own.
    mid_text = [(p, c) for p, c in folds if p[-1] >= 0x80 and c[1] >= 0x80]
    assert len(mid_text) >= 2
    for prev, cont in folds:
        prev.decode("utf-8")
        cont.decode("utf-8")
        assert len(prev) <= 75 and len(cont) <= 75


@pytest.mark.parametrize("name", PARSERS)
def test_good_file_reads_as_written(name):
    require_or_skip(name)
    assert parse_with(name, fixture("good.ics")) == GOOD


def test_parse_all_agrees_on_good_file():
    for name in PARSERS:
        require_or_skip(name)
    results = parse_all(fixture("good.ics"))
    assert set(results) == set(PARSERS)
    assert harness.disagreements(results) == []
    assert all(cal == GOOD for cal in results.values())


# --- a fold that splits a UTF-8 character --------------------------------------------------------


def test_raw_checks_flag_a_fold_inside_a_character():
    problems = raw_checks(fixture("split-utf8.ics"))
    assert any(p.startswith("line 10: not valid UTF-8 on its own") for p in problems), problems
    assert any(p.startswith("line 11: not valid UTF-8 on its own") for p in problems), problems
    assert not any("octets" in p for p in problems)  # every line is still <= 75 octets


# How each parser takes it (pinned versions): only the raw check catches it everywhere.
SPLIT_OUTCOME = {
    "icaljs": "garbled",  # decodes each line first: U+FFFD where the character was cut
    "libical": "intact",  # unfolds bytes, then decodes: the character is put back together
    "vobject": "error",  # the harness decodes strictly, as Radicale does
    "ical": "error",
}


@pytest.mark.parametrize("name", PARSERS)
def test_parsers_on_a_fold_inside_a_character(name):
    require_or_skip(name)
    data = fixture("split-utf8.ics")
    if SPLIT_OUTCOME[name] == "error":
        with pytest.raises(ParseFailure, match="not valid UTF-8"):
            parse_with(name, data)
        return
    summary = parse_with(name, data).events[0].summary
    if SPLIT_OUTCOME[name] == "garbled":
        assert "\ufffd" in summary and summary != SPLIT_SUMMARY
    else:
        assert summary == SPLIT_SUMMARY


# --- LF line endings, long lines ------------------------------------------------------------------


def test_raw_checks_flag_lf_line_endings():
    problems = raw_checks(fixture("lf.ics"))
    assert problems[0] == "line 1: does not end in CRLF (b'\\n')"
    assert "... and 3 more of kind 'eol'" in problems  # 13 lines: 10 listed, 3 counted


@pytest.mark.parametrize("name", PARSERS)
def test_parsers_accept_lf_line_endings(name):
    # No parser objects to LF: that is why raw_checks must.
    require_or_skip(name)
    cal = parse_with(name, fixture("lf.ics"))
    assert [e.summary for e in cal.events] == [SPLIT_SUMMARY]


def test_raw_checks_flag_a_long_line():
    assert raw_checks(fixture("long-line.ics")) == ["line 10: 119 octets, more than 75"]


# --- METHOD --------------------------------------------------------------------------------------


def test_raw_checks_flag_method():
    assert raw_checks(fixture("method-publish.ics")) == [
        "METHOD property present (METHOD:PUBLISH): leave it out of feeds and files"
    ]


def test_libical_restriction_check_rejects_publish_without_organizer():
    require_or_skip("libical")
    with pytest.raises(ParseFailure, match="restriction check.*ORGANIZER"):
        harness.parse_libical(fixture("method-publish.ics"))


# --- duplicate UIDs, missing DTSTAMP --------------------------------------------------------------


def test_raw_checks_flag_duplicate_uids():
    assert raw_checks(fixture("duplicate-uid.ics")) == ["duplicate UID 'dup-test@bocal.example': 2 components"]


@pytest.mark.parametrize("name", PARSERS)
def test_parsers_keep_both_events_with_one_uid(name):
    require_or_skip(name)
    cal = parse_with(name, fixture("duplicate-uid.ics"))
    assert [(e.uid, e.dtstart) for e in cal.events] == [
        ("dup-test@bocal.example", date(2026, 7, 31)),
        ("dup-test@bocal.example", date(2026, 8, 31)),
    ]
    with pytest.raises(KeyError, match="2 events"):
        cal.event("dup-test@bocal.example")


def test_raw_checks_flag_missing_dtstamp():
    assert raw_checks(fixture("missing-dtstamp.ics")) == ["VEVENT #1 (no-dtstamp-test@bocal.example): no DTSTAMP"]


def test_raw_checks_flag_missing_uid():
    data = fixture("good.ics").replace(b"UID:santei-kiso-2026-test@bocal.example\r\n", b"")
    assert raw_checks(data) == ["VEVENT #2: no UID"]


# --- parse errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PARSERS)
def test_garbage_raises_parse_failure(name):
    require_or_skip(name)
    with pytest.raises(ParseFailure) as info:
        parse_with(name, b"this is not a calendar\r\n")
    assert info.value.parser == name


@pytest.mark.parametrize("name", PARSERS)
def test_impossible_date_is_an_error_or_visibly_wrong(name):
    # ical.js rolls 2026-13-45 over to 2027-02-14 without a word; libical hands back month 13
    # (the harness raises); vobject and ical raise. Comparing values is what catches ical.js.
    require_or_skip(name)
    data = fixture("good.ics").replace(b"DTSTART;VALUE=DATE:20261201", b"DTSTART;VALUE=DATE:20261345")
    try:
        cal = parse_with(name, data)
    except ParseFailure:
        return
    assert cal != GOOD
    assert cal.todos[0].dtstart == date(2027, 2, 14)
