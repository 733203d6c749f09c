"""Issue #12: a Japanese back-office newcomer's first hour — one test (or more) per "Why" bullet this
branch fixes and per "Done when" item: init that gets a company right, 合同会社 and 特例有限会社,
profile discovery, Japanese area names, words that find duties, files that survive cp932 and Excel,
stable UIDs across renames, bare `bocal`, -V and --today after the command."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from bocal.cli import cli
from bocal.encoding import encode_output
from bocal.errors import UsageError
from bocal.expand import Expander
from bocal.i18n import t
from bocal.init import parse_answer, parse_owners
from bocal.profile import load_profile, schema
from bocal.rules import load_catalog
from bocal.vocabulary import PREFECTURES, area_id, company_type_id, prefecture_id

TODAY = ["--today", "2026-12-01"]


def run(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli, list(args), env=env, input=input)
    return r.exit_code, r.stdout, r.stderr


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    return load_catalog([], bundled=True)


def ids(catalog, profile, start: str, end: str) -> set[str]:  # type: ignore[no-untyped-def]
    from datetime import date

    return {t.duty.id for t in Expander(catalog).expand(profile, date.fromisoformat(start), date.fromisoformat(end))}


# -- 1. init gets a company right ---------------------------------------------------------------------


def test_init_employees_200_gets_the_50_worker_duties(tmp_path: Path, catalog) -> None:  # type: ignore[no-untyped-def]
    # Why: `init --employees 200` used to leave site_employees at 25, dropping every 50人以上 duty.
    out = tmp_path / "b.toml"
    code, _, err = run("init", "--employees", "200", "--no-ask", "-o", str(out), "--lang", "ja")
    assert code == 0, err
    data = tomllib.loads(out.read_text(encoding="utf-8"))["company"]
    assert data["employees"] == 200 and data["site_employees"] == 200
    assert "最大の事業場の労働者数は従業員数と同じ 200 人にしました" in err  # said, not silent
    got = ids(catalog, load_profile(out), "2026-01-01", "2026-12-31")
    # 安衛法66条の10 (ストレスチェック), 安衛則18条 (衛生委員会), 安衛則52条 (結果報告): 50人以上の事業場
    assert {"stress-check", "health-committee", "health-check-report"} <= got
    assert "stress-check-small-sites-prep" not in got


def test_init_site_employees_flag_wins(tmp_path: Path) -> None:
    out = tmp_path / "b.toml"
    code, _, err = run("init", "--employees", "200", "--site-employees", "40", "--no-ask", "-o", str(out))
    assert code == 0, err
    assert tomllib.loads(out.read_text(encoding="utf-8"))["company"]["site_employees"] == 40
    assert "最大の事業場の労働者数は従業員数と同じ" not in err


def test_init_asks_the_new_questions(tmp_path: Path) -> None:
    # Why: interactive init never asked for 都道府県, the AGM date, owners or the kind of company.
    out = tmp_path / "b.toml"
    answers = "\n".join(
        [
            "テスト株式会社",  # name
            "株式会社",  # company_type
            "大阪",  # prefecture (府 left off)
            "3",  # fiscal_year_end
            "200",  # employees
            "",  # site_employees: the default offered is employees (200)
            "n",
            "n",  # withholding / resident tax special
            "n",  # listed
            "y",  # board
            "06-26",  # agm_date
            "25",  # payday
            "none",  # bonus
            "経理=佐藤, 労務=鈴木",  # owners
        ]
    )
    code, out_text, err = run("init", "--ask", "-o", str(out), "--lang", "ja", input=answers + "\n")
    assert code == 0, err
    assert "会社の種類" in out_text and "本店の都道府県" in out_text and "領域ごとの担当者" in out_text
    assert "最も大きい事業場" in out_text and "[200]" in out_text  # the site question offers employees
    doc = tomllib.loads(out.read_text(encoding="utf-8"))
    c = doc["company"]
    assert (c["prefecture"], c["site_employees"], c["agm_date"], c["bonus_dates"]) == ("osaka", 200, "06-26", [])
    assert doc["owners"] == {"accounting": "佐藤", "labor": "鈴木"}


def test_init_validation_in_japanese_then_english(tmp_path: Path) -> None:
    code, _, err = run("init", "--prefecture", "大坂", "--no-ask", "-o", str(tmp_path / "x.toml"), "--lang", "ja")
    assert code == 2 and "都道府県名（例: 東京都・大阪府・北海道、または tokyo）で答えてください: 大坂" in err
    code, _, err = run("init", "--prefecture", "osak", "--no-ask", "-o", str(tmp_path / "x.toml"), "--lang", "en")
    assert code == 2 and "must be a prefecture such as tokyo" in err
    with pytest.raises(ValueError, match="整数で答えてください: 二百"):
        parse_answer("employees", "二百", "ja")
    with pytest.raises(ValueError, match="1〜12 の範囲で答えてください: 13"):
        parse_answer("fiscal_year_end", "13", "ja")
    assert parse_answer("employees", "２００人", "ja") == 200  # full-width digits and 人 as typed in Japanese
    with pytest.raises(ValueError, match="領域=担当者"):
        parse_owners("経理 佐藤", "ja")


def test_init_warns_on_inconsistent_answers(tmp_path: Path) -> None:
    # 所得税法216条: 納期の特例 is for 給与の支払を受ける者が常時10人未満
    code, _, err = run("init", "--employees", "12", "--withholding-special", "--no-ask", "-o", str(tmp_path / "a.toml"))
    assert code == 0 and "bocal: 注意: 源泉所得税の納期の特例は給与の支給人員が常時10人未満" in err
    code, _, err = run("init", "--employees", "9", "--withholding-special", "--no-ask", "-o", str(tmp_path / "b.toml"))
    assert code == 0 and "注意" not in err
    code, _, err = run(
        "init", "--company-type", "godo", "--board", "--no-ask", "-o", str(tmp_path / "c.toml"), "--lang", "en"
    )
    assert code == 0 and "a godo kaisha (LLC) has no board of directors" in err


def test_init_writes_a_stable_ascii_id_and_explains_it(tmp_path: Path) -> None:
    out = tmp_path / "b.toml"
    code, _, err = run("init", "--name", "株式会社サンプル", "--no-ask", "-o", str(out))
    assert code == 0
    cid = tomllib.loads(out.read_text(encoding="utf-8"))["company"]["id"]
    assert cid.isascii() and cid.startswith("c-")
    assert f'id = "{cid}"' in err and "社名やファイル名を変えても予定が重複しません" in err
    code, _, _ = run("init", "--name", "Acme", "--id", "acme-jp", "--no-ask", "-o", str(tmp_path / "c.toml"))
    assert tomllib.loads((tmp_path / "c.toml").read_text(encoding="utf-8"))["company"]["id"] == "acme-jp"
    code, _, err = run("init", "--id", "株式会社", "--no-ask", "-o", str(tmp_path / "d.toml"))
    assert code == 2 and "半角英数字" in err


def test_renaming_the_company_or_the_file_keeps_every_uid(tmp_path: Path, catalog) -> None:  # type: ignore[no-untyped-def]
    # Done when: renaming a company keeps every UID.
    first = tmp_path / "bocal.toml"
    run("init", "--name", "株式会社サンプル", "--no-ask", "-o", str(first))
    before = {t.uid for t in Expander(catalog).expand(load_profile(first), *_year(2027))}
    renamed = tmp_path / "sample-renamed.toml"
    renamed.write_text(
        first.read_text(encoding="utf-8").replace("株式会社サンプル", "サンプルホールディングス株式会社"),
        encoding="utf-8",
    )
    after = {t.uid for t in Expander(catalog).expand(load_profile(renamed), *_year(2027))}
    assert before and before == after


def _year(y: int):  # type: ignore[no-untyped-def]
    from datetime import date

    return date(y, 1, 1), date(y, 12, 31)


# -- 1. the kind of company ------------------------------------------------------------------------------


def test_godo_gets_no_agm_notice_public_notice_or_board(tmp_path: Path, catalog) -> None:  # type: ignore[no-untyped-def]
    # 会社法: 株主総会 (295条〜), 招集通知 (299条), 決算公告 (440条) and 取締役会 (362条) are 株式会社's;
    # a 合同会社 (持分会社, 575条〜) has none of them.
    out = tmp_path / "godo.toml"
    code, _, err = run("init", "--company-type", "合同会社", "--no-ask", "-o", str(out))
    assert code == 0, err
    godo = ids(catalog, load_profile(out), "2026-04-01", "2027-03-31")
    kk_path = tmp_path / "kk.toml"
    run("init", "--no-ask", "-o", str(kk_path))
    kk = ids(catalog, load_profile(kk_path), "2026-04-01", "2027-03-31")
    gone = {"agm", "agm-notice-one-week", "financial-statement-notice", "board-meeting", "agm-board-approval"}
    assert gone <= kk  # the default 株式会社 has each of them in that year …
    assert not gone & godo  # … and the 合同会社 none
    # no director terms or re-election registrations either; 役員報酬の改定 (法人税法34条: 定期同額給与)
    # binds a 合同会社's 業務執行社員 too, so director-pay-revision-deadline stays
    assert not {i for i in godo if i.startswith(("agm", "director-term", "director-reelection"))}
    assert "director-pay-revision-deadline" in godo


def test_tokurei_yugen_keeps_the_agm_but_no_board_public_notice_or_terms(tmp_path: Path, catalog) -> None:  # type: ignore[no-untyped-def]
    # 整備法17条 (no 取締役会), 28条 (no 決算公告), 18条 (no 取締役の任期): the AGM and its notice remain.
    out = tmp_path / "y.toml"
    out.write_text('[company]\ncompany_type = "tokurei-yugen"\n', encoding="utf-8")  # board left at true
    got = ids(catalog, load_profile(out), "2026-04-01", "2027-03-31")
    assert {"agm", "agm-notice-one-week", "agm-documents-on-file-no-board"} <= got
    assert not {"board-meeting", "agm-board-approval", "financial-statement-notice", "agm-documents-on-file"} & got
    assert not {i for i in got if i.startswith(("director-term", "director-reelection"))}


def test_company_type_is_checked(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[company]\ncompany_type = "yugen"\n', encoding="utf-8")
    code, _, err = run("check", "--profile", str(bad))
    assert code == 2 and 'key "company_type"' in err and "kabushiki, godo, tokurei-yugen" in err


# -- 2. profile discovery ----------------------------------------------------------------------------------


def test_sample_company_is_announced_once_on_stderr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(*TODAY, "list", "--lang", "ja")
    assert code == 0
    assert err.count("組み込みのサンプル会社") == 1 and "bocal init" in err and "BOCAL_PROFILE" in err
    assert "サンプル会社" not in out  # stdout stays the agenda alone
    code, out, err = run(*TODAY, "list", "--lang", "en")
    assert "the built-in sample company" in err


def test_profile_found_in_cwd_env_and_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_env: Path) -> None:
    monkeypatch.chdir(tmp_path)
    xdg = Path(os.environ["XDG_CONFIG_HOME"]) / "bocal"
    xdg.mkdir(parents=True)
    (xdg / "bocal.toml").write_text('[company]\nname = "XDG商事"\n', encoding="utf-8")
    code, out, err = run(*TODAY, "list")
    assert code == 0 and "XDG商事" in out and "サンプル会社" not in err
    (tmp_path / "bocal.toml").write_text('[company]\nname = "カレント商事"\n', encoding="utf-8")
    code, out, _ = run(*TODAY, "list")
    assert "カレント商事" in out  # ./bocal.toml before the XDG one
    other = tmp_path / "other.toml"
    other.write_text('[company]\nname = "環境変数商事"\n', encoding="utf-8")
    code, out, _ = run(*TODAY, "list", env={"BOCAL_PROFILE": str(other)})
    assert "環境変数商事" in out  # BOCAL_PROFILE before both


# -- 4. Japanese-first interface ----------------------------------------------------------------------------


def test_area_accepts_japanese_names_everywhere() -> None:
    # Why: `--area 労務` was refused while the output says 労務.
    code, ja, _ = run(*TODAY, "list", "--area", "労務", "--year", "2027")
    code2, en, _ = run(*TODAY, "list", "--area", "labor", "--year", "2027")
    assert code == code2 == 0 and ja == en and "労務" in ja
    for command in (["month", "2027-01"], ["duties"], ["year", "2027"], ["export", "--year", "2027", "-o", "-"]):
        code, _, err = run(*TODAY, *command, "--area", "情報システム")
        assert code == 0, (command, err)
    code, _, err = run(*TODAY, "list", "--area", "労", "--lang", "ja")
    assert code == 2 and "不明な業務領域 '労'" in err and '"労務"' in err
    assert [area_id(w) for w in ("総務", "ＩＴ", "Labour", "情シス", "x")] == [
        "general-affairs",
        "it",
        "labor",
        "it",
        None,
    ]


def test_duties_and_explain_find_duties_by_words() -> None:
    code, out, _ = run(*TODAY, "duties", "源泉")
    assert code == 0 and "withholding-tax " in out and "withholding-tax-special" in out
    code, out, err = run(*TODAY, "explain", "源泉所得税")
    # the default profile has no 納期の特例, so 源泉所得税の納付 (withholding-tax) is the one that applies;
    # today 12/1: the next is November's, due 12/10(木) (所得税法183条: 翌月10日; a Thursday, not moved)
    assert code == 0, err
    assert out.splitlines()[0] == "源泉所得税の納付（2026年11月分）  [withholding-tax]"
    code, out, err = run(*TODAY, "explain", "株主総会", "--lang", "ja")
    assert code == 2 and "「株主総会」に当たる義務が" in err and "agm（定時株主総会）" in err
    code, out, err = run(*TODAY, "explain", "存在しない義務", "--lang", "en")
    assert code == 2 and "no duty matches '存在しない義務'" in err


def test_bare_bocal_shows_an_overview_and_exits_0() -> None:
    code, out, _ = run(env={"LANG": "C.UTF-8"})
    assert code == 0 and "はじめに:" in out and "bocal init" in out
    code, out, _ = run(env={"LANG": "en_US.UTF-8"})
    assert code == 0 and "Getting started:" in out


def test_version_short_flag() -> None:
    from bocal import __version__

    code, out, _ = run("-V")
    assert code == 0 and out.strip() == f"bocal, version {__version__}"


def test_today_after_the_command() -> None:
    # Why: `bocal list --today …` suggested --to.
    a = run("list", "--today", "2026-07-01", "--area", "legal")
    b = run("--today", "2026-07-01", "list", "--area", "legal")
    c = run("list", "--today=2026-07-01", "--area", "legal")
    assert a[0] == 0 and a[1] == b[1] == c[1] and "（今日 7/1(水)）" in a[1]


# -- 5. files for Excel and Windows ----------------------------------------------------------------------


def test_csv_has_japanese_headers_a_weekday_and_iso_dates() -> None:
    code, out, _ = run(*TODAY, "list", "--month", "2027-01", "--area", "経理", "--format", "csv", "--lang", "ja")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and list(rows[0])[:5] == ["期限", "曜日", "本来の期限", "開始日", "領域"]
    wt = next(r for r in rows if r["義務ID"] == "withholding-tax")
    # December's 源泉所得税 is due 1/10: 2027-01-10 is a Sunday → Monday 1/11 is 成人の日 → Tue 1/12
    # (国税通則法10条2項); the ISO date stays for machines, 曜日 for people, the area in Japanese.
    assert (wt["期限"], wt["曜日"], wt["本来の期限"], wt["領域"]) == ("2027-01-12", "火", "2027-01-10", "経理")
    code, out, _ = run(*TODAY, "list", "--month", "2027-01", "--area", "経理", "--format", "csv", "--lang", "en")
    assert out.startswith("due,weekday,nominal,start,area,") and "2027-01-12,Tue,2027-01-10,,accounting," in out


def test_list_o_and_cp932(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    code, _, err = run(*TODAY, "list", "--year", "2027", "--format", "csv", "-o", str(out), "--encoding", "cp932")
    assert code == 0, err
    text = out.read_bytes().decode("cp932")  # decodes: what very old Excel reads
    assert "期限,曜日" in text and "―" in text and "—" not in text  # EM DASH written as cp932's ―
    code, _, err = run(*TODAY, "list", "--year", "2027", "-o", str(tmp_path / "agenda.txt"))
    assert code == 0 and "2027年の期限" in (tmp_path / "agenda.txt").read_text(encoding="utf-8")


def test_unencodable_character_is_a_located_error() -> None:
    with pytest.raises(UsageError) as e:
        encode_output("a,b\n髙橋,🍣\n", "cp932", lang="ja", path="x.csv")
    # 髙 is in cp932 (an IBM extension); 🍣 is not: line 2, column 4
    (p,) = e.value.problems
    assert p.path == "x.csv" and "🍣（U+1F363）が出力の 2 行目 4 文字目" in p.message


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_nothing_crashes_on_a_cp932_console(tmp_path: Path, fmt: str) -> None:
    # Done when: on a cp932 console nothing crashes. Python on Japanese Windows with redirected output
    # encodes as cp932; PYTHONIOENCODING=cp932 does the same here. The output is UTF-8 all the same.
    env = {**os.environ, "PYTHONIOENCODING": "cp932", "BOCAL_TODAY": "2026-12-01"}
    script = "from bocal.cli.app import main; main()"
    args = [sys.executable, "-c", script, "list", "--year", "2027", "--format", fmt]
    r = subprocess.run(args, env=env, capture_output=True, cwd=tmp_path, check=False)
    assert r.returncode == 0, r.stderr.decode("cp932", "replace")
    text = r.stdout.decode("utf-8")
    assert "—" in text  # the em dash of a move reason, intact
    if fmt == "json":
        assert json.loads(text)


# -- the message catalogue ------------------------------------------------------------------------------


def test_every_message_has_every_language_with_the_same_fields() -> None:
    import string

    from bocal.messages import LANGS, MESSAGES

    for key, entry in MESSAGES.items():
        assert set(entry) == set(LANGS), key
        fields = {lang: {f for _, f, _, _ in string.Formatter().parse(text) if f} for lang, text in entry.items()}
        assert len({frozenset(v) for v in fields.values()}) == 1, (key, fields)
    assert t("init.wrote", "ja", path="a.toml").startswith("a.toml を書きました")
    assert t("init.wrote", "fr", path="a.toml").startswith("wrote a.toml")  # unknown language: English


def test_every_init_question_is_in_the_catalogue() -> None:
    from bocal.i18n import has
    from bocal.init import QUESTIONS

    assert all(has(f"init.q.{k}") for k in QUESTIONS)


def test_vocabulary_matches_the_profile_schema() -> None:
    keys = schema()
    assert tuple(PREFECTURES) == keys["prefecture"].choices
    assert prefecture_id("東京") == prefecture_id("東京都") == prefecture_id("Tokyo") == "tokyo"
    assert prefecture_id("北海") is None
    assert set(keys["company_type"].choices) == {company_type_id(w) for w in ("株式会社", "合同会社", "特例有限会社")}


# -- 7. one agenda for one company or many -------------------------------------------------------------


def test_client_by_a_unique_part_of_its_name(tmp_path: Path) -> None:
    d = tmp_path / "clients"
    d.mkdir()
    for stem, name in (
        ("yamada-shoji", "山田商事株式会社"),
        ("yamada-kogyo", "山田工業株式会社"),
        ("k", "川上合同会社"),
    ):
        (d / f"{stem}.toml").write_text(f'[company]\nname = "{name}"\n', encoding="utf-8")
    code, out, err = run(*TODAY, "list", "--clients", str(d), "--client", "商事", "--month", "2027-01")
    assert code == 0, err
    assert "顧問先 1社" in out and "山田商事株式会社" in out and "山田工業" not in out
    code, _, err = run(*TODAY, "list", "--clients", str(d), "--client", "山田")
    assert code == 2 and "'山田' names 2 clients: 山田工業株式会社, 山田商事株式会社" in err


def test_office_agenda_fits_80_columns(tmp_path: Path) -> None:
    from bocal.render import width

    d = tmp_path / "clients"
    d.mkdir()
    (d / "a.toml").write_text(
        '[company]\nname = "株式会社とても長い名前の顧問先"\n[owners]\nlabor = "社労士 山田"\n', "utf-8"
    )
    code, out, _ = run(*TODAY, "list", "--clients", str(d), "--month", "2027-01", "--width", "80")
    body = [line for line in out.splitlines()[1:] if line[:1].isdigit() or line.startswith(" ")]  # not notes
    assert code == 0 and body and all(width(line) <= 80 for line in body)
    # the client column gives way: at most (80 - 40) // 2 = 20 cells, so 9 wide characters and …
    assert "株式会社とても長い…  " in out and "株式会社とても長い名" not in out
    # titles wrap inside their column, which starts after date 8 + days left 8 + area 12 (情報システム)
    # + client 19 cells and four 2-cell gaps = 55: 仕事始め・年頭挨拶（2027年分） needs 30 of the 25 left
    # (1/4/2027 is a Monday, so no move and no footnote mark)
    lines = out.splitlines()
    assert lines[1].endswith("株式会社とても長い…  仕事始め・年頭挨拶（2027")
    assert lines[2] == " " * 55 + "年分）"


def test_fit_wraps_inside_the_column() -> None:
    from bocal.agenda import fit

    # 社会保険料（健康保険・厚生年金・子ども・子育て支援金）の納付 in 20 cells (10 wide characters) a line.
    # A 中点 or closing bracket never starts a line (行頭禁則): line 1 would end at 険 with ・ next, so 険
    # goes down; line 2 likewise gives も to line 3; line 3 is full at の; 納付 and the mark fit on line 4.
    got = fit("社会保険料（健康保険・厚生年金・子ども・子育て支援金）の納付", "※1", 20)
    assert got == [
        ("社会保険料（健康保", ""),
        ("険・厚生年金・子ど", ""),
        ("も・子育て支援金）の", ""),
        ("納付", "※1"),
    ]
    assert fit("Pay withheld income tax (Dec 2026)", "*1", 20) == [
        ("Pay withheld income", ""),
        ("tax (Dec 2026)", "*1"),
    ]
    assert fit("短い", "", 20) == [("短い", "")]


CLIENTS = str(Path(__file__).parent / "fixtures" / "clients")


def test_check_explain_and_month_take_clients() -> None:
    # check: the rules, then each client that loaded; the broken fixture reported, exit 2
    code, out, err = run(*TODAY, "check", "--clients", CLIENTS)
    assert code == 2 and f"clients: {CLIENTS} — 2 OK, 1 broken" in out
    assert "  株式会社アルファ (alpha.toml, id alpha)" in out and "broken.toml:4" in err
    # explain by words, per client: alpha has 納期の特例 (withholding_special), so its 源泉所得税 is the
    # half-yearly one; beta's is monthly — July's tax is due 8/10/2026, a Monday (所得税法183条: 翌月10日;
    # 山の日 is 8/11), so it does not move.
    code, out, _ = run(*TODAY, "explain", "源泉所得税", "2026-07", "--clients", CLIENTS)
    alpha, beta = out.split("\n\n【beta】\n")
    assert alpha.startswith("【株式会社アルファ】\n") and "[withholding-tax-special]" in alpha.splitlines()[1]
    assert "[withholding-tax]" in beta.splitlines()[0] and "期日: 2026-08-10 8/10(月)" in beta
    # month: one client's deadline days on the grid; 7/10(金) has beta's 源泉所得税 and 住民税, 7/20 is 海の日
    code, out, _ = run(*TODAY, "month", "2026-07", "--clients", CLIENTS, "--client", "beta")
    assert code == 0 and " 10* " in out and " 20+ " in out and "顧問先 1社" in out
    code, _, err = run(*TODAY, "month", "2026-07", "--client", "beta")
    assert code == 2 and "--client needs --clients DIR" in err


# -- 6. stable calendar identity (the init and profile side) ------------------------------------------


def _uids(ics: bytes) -> set[str]:
    from icalendar import Calendar

    return {str(c["UID"]) for c in Calendar.from_ical(ics).walk() if c.name in ("VEVENT", "VTODO")}


def test_exported_uids_survive_renaming_company_and_file(tmp_path: Path) -> None:
    first = tmp_path / "sample.toml"
    run("init", "--name", "株式会社サンプル", "--no-ask", "-o", str(first))
    code, before, err = run(*TODAY, "export", "--profile", str(first), "--year", "2027", "-o", "-")
    assert code == 0 and "id がない" not in err
    moved = tmp_path / "renamed.toml"
    moved.write_text(first.read_text("utf-8").replace("株式会社サンプル", "サンプル商事株式会社"), encoding="utf-8")
    code, after, _ = run(*TODAY, "export", "--profile", str(moved), "--year", "2027", "-o", "-")
    assert code == 0 and _uids(before.encode()) == _uids(after.encode()) != set()


def test_export_warns_when_the_profile_has_no_id(tmp_path: Path) -> None:
    p = tmp_path / "acme.toml"
    p.write_text('[company]\nname = "株式会社アクメ"\n', encoding="utf-8")
    code, _, err = run(*TODAY, "export", "--profile", str(p), "--year", "2027", "-o", "-", "--lang", "ja")
    # no id: UIDs come from the file name (acme), which a rename changes
    assert code == 0 and "ファイル名「acme」から作られます" in err and 'id = "acme"' in err


def test_holidays_heading_says_which_weekends_are_left_out() -> None:
    # Why: the heading said （土日を除く） while listing 1/3(土) (年末年始 under 国税通則法10条2項) and 2026's
    # weekend holidays; only plain weekends are left out.
    code, out, _ = run(*TODAY, "holidays", "2026")
    assert code == 0 and out.splitlines()[0].endswith("（祝日等でない土日は省略）")
    assert "1/3(土)    年末年始  年末年始" in out and "1/10(土)" not in out


def test_explain_never_calls_the_anchor_a_record_date() -> None:
    # Why: explain called the AGM date 基準日, which in 会社法124条 is the record date (the year end here).
    code, out, _ = run(*TODAY, "explain", "agm-notice-one-week", "FY2027-03")
    assert code == 0 and "基準日" not in out and "起算日の前に中7日をおいた日" in out


def _events(path: Path) -> dict[str, tuple[str, int, str]]:
    from icalendar import Calendar

    cal = Calendar.from_ical(path.read_bytes())
    return {
        str(e["UID"]): (e.decoded("DTSTART").isoformat(), int(e["SEQUENCE"]), e.decoded("DTSTAMP").isoformat())
        for e in cal.walk("VEVENT")
    }


def test_a_profile_edit_that_moves_a_date_bumps_sequence_and_dtstamp_for_that_event_only(tmp_path: Path) -> None:
    profile = tmp_path / "p.toml"
    run("init", "--name", "Acme", "--no-ask", "-o", str(profile))
    out = tmp_path / "cal.ics"
    code, _, err = run("--today", "2026-12-01", "export", "--profile", str(profile), "--year", "2027", "-o", str(out))
    assert code == 0, err
    first = _events(out)
    # the first export is the deterministic one: SEQUENCE 1 (2027's holidays are official), DTSTAMP the
    # catalog's revision (ics.words.CATALOG_REVISION, 2026-11-30)
    pay = "payroll-2027-01-acme@bocal.invalid"
    assert first[pay] == ("2027-01-25", 1, "2026-11-30T00:00:00+00:00")  # 1/25/2027 is a Monday: no move
    profile.write_text(profile.read_text("utf-8").replace("payday = 25", "payday = 20"), encoding="utf-8")
    code, _, err = run("--today", "2026-12-05", "export", "--profile", str(profile), "--year", "2027", "-o", str(out))
    assert code == 0, err
    second = _events(out)
    # payday 20: 1/20/2027 is a Wednesday; that event says so with SEQUENCE 2 and the day of the export
    assert second[pay] == ("2027-01-20", 2, "2026-12-05T00:00:00+00:00")
    tax = "withholding-tax-2026-12-acme@bocal.invalid"  # not moved by the edit: untouched
    assert second[tax] == first[tax]
    moved = {u for u in first if first[u][0] != second[u][0]}
    assert moved and all(second[u][1] == first[u][1] + 1 for u in moved)
    assert all(second[u] == first[u] for u in first if u not in moved)
    # exporting again without an edit changes nothing
    before = out.read_bytes()
    run("--today", "2026-12-09", "export", "--profile", str(profile), "--year", "2027", "-o", str(out))
    assert out.read_bytes() == before


def test_owner_filters_agree_and_never_silently_print_nothing(tmp_path: Path) -> None:
    # Why: list --owner matched part of a name but export --owner wanted the whole one; --owner on a
    # profile without [owners] printed nothing at all.
    p = tmp_path / "p.toml"
    run("init", "--owner", "経理=経理 佐藤", "--no-ask", "-o", str(p))
    code, out, _ = run(*TODAY, "list", "--profile", str(p), "--owner", "佐藤", "--month", "2027-01")
    assert code == 0 and "経理" in out and "労務" not in out.splitlines()[1]
    code, ics, err = run(*TODAY, "export", "--profile", str(p), "--owner", "佐藤", "--year", "2027", "-o", "-")
    assert code == 0, err
    assert "CATEGORIES:経理" in ics and "CATEGORIES:労務" not in ics
    bare = tmp_path / "bare.toml"
    bare.write_text('[company]\nname = "x"\n', encoding="utf-8")
    for command in ("list", "month"):
        code, out, err = run(*TODAY, command, "--profile", str(bare), "--owner", "佐藤")
        assert code == 2 and out == "" and "the profile has no [owners] table" in err


def test_split_to_a_file_name_is_refused(tmp_path: Path) -> None:
    # Why: `--split -o x.ics` made a directory called x.ics
    code, _, err = run(*TODAY, "export", "--split", "-o", str(tmp_path / "x.ics"))
    assert code == 2 and "names a file" in err and not (tmp_path / "x.ics").exists()


def test_month_fits_the_terminal_too(monkeypatch: pytest.MonkeyPatch) -> None:
    # month has no --width: on a terminal it takes the terminal's width (cli.context.terminal_width)
    from bocal.render import width

    def body(out: str) -> list[str]:
        agenda = out.split("\n\n", 1)[1].splitlines()[1:]
        return [line for line in agenda if line[:1].isdigit() or line.startswith(" ")]

    code, wide, _ = run(*TODAY, "month", "2027-01")  # not a terminal: no limit, and some lines are wider
    assert code == 0 and any(width(line) > 80 for line in body(wide))
    monkeypatch.setattr("bocal.cli.cmd_month.terminal_width", lambda flag: 80 if flag is None else flag)
    code, out, _ = run(*TODAY, "month", "2027-01")
    assert code == 0 and body(out) and all(width(line) <= 80 for line in body(out))
