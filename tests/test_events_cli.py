"""`bocal event …` end to end: a real SQLite task store, real CSV files, the real agenda and JSON.

Dates are derived by hand in tests/test_events.py's docstring rules; the ones used here:
- hire 2027-04-01 → 健保・厚年 資格取得届 4/6 (Tue: 4/1 not counted, day 5), 雇用保険 5/10 (Mon: the
  10th of the next month).
- leave 2027-03-31 → 喪失届 4/6 (資格喪失日 4/1 not counted, day 5), 雇用保険 喪失届 and 離職証明書
  4/12 (day 10 from 4/2 is 4/11, a Sunday → Mon), 源泉徴収票 4/30 (応当日 5/1 of 4/1, the day before).
- accident 2027-04-26, 5 days off → 死傷病報告 「遅滞なく」, target 5/3 (holiday) → 5/6 (Thu).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bocal.cli import cli
from bocal.events.store import EventStore
from bocal.store import Store
from bocal.store.url import DbUrl
from helpers.paths import FIXTURES

EV = FIXTURES / "events"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"LANG": "ja_JP.UTF-8", "BOCAL_DB": str(tmp_path / "state.sqlite3"), "BOCAL_NO_CACHE": "1", "USER": "sato"}


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli, ["--today", "2027-03-25", *args], env=env)
    assert "Traceback" not in r.output, r.output
    return r.exit_code, r.stdout, r.stderr


def test_the_issue_example(env: dict[str, str]) -> None:
    code, out, err = run(env, "event", "add", "hire", "2027-04-01", "--person", "山田太郎")
    assert code == 0, err
    assert out.startswith("記録しました: hire-20270401-")
    code, out, err = run(env, "list", "--from", "2027-04-01", "--to", "2027-05-31", "--area", "labor")
    assert code == 0, err
    lines = out.splitlines()
    at_4_6 = lines.index(next(line for line in lines if line.startswith("4/6(火)")))
    block = "\n".join(lines[at_4_6 : at_4_6 + 3])
    assert "健康保険・厚生年金保険 被保険者資格取得届（山田太郎・4/1入社）" in block
    at_5_10 = next(line for line in lines if line.startswith("5/10(月)"))
    assert "雇用保険 被保険者資格取得届（山田太郎・4/1入社）" in at_5_10
    code, out, _ = run(env, "list", "--from", "2027-04-01", "--to", "2027-05-31", "--format", "json")
    ours = [r for r in json.loads(out) if "山田太郎" in r["summary"]]
    assert [(r["due"], r["duty"], r["basis"]) for r in ours] == [
        (
            "2027-04-06",
            "hire-health-pension-acquisition",
            "健康保険法48条; 健康保険法施行規則24条1項; 厚生年金保険法27条; 厚生年金保険法施行規則15条1項",
        ),
        ("2027-05-10", "hire-employment-insurance-acquisition", "雇用保険法7条; 雇用保険法施行規則6条1項"),
    ]
    assert all(r["target"] is False for r in ours)


def test_a_leaver(env: dict[str, str]) -> None:
    code, out, err = run(env, "event", "add", "leave", "2027-03-31", "--person", "佐藤花子")
    assert code == 0, err
    assert "  4/6(火)   健康保険・厚生年金保険 被保険者資格喪失届（佐藤花子・3/31退職）" in out
    assert "  4/12(月)  雇用保険 被保険者資格喪失届（佐藤花子・3/31退職）" in out
    assert "  4/12(月)  雇用保険 離職証明書（離職票の交付）（佐藤花子・3/31退職）" in out
    assert "  4/30(金)  給与所得の源泉徴収票の交付（退職者）（佐藤花子・3/31退職） — 所得税法226条1項" in out


def test_target_is_marked_in_the_agenda_and_json(env: dict[str, str]) -> None:
    run(env, "event", "add", "accident", "2027-04-26", "--person", "鈴木一郎", "--set", "days_off=5")
    code, out, _ = run(env, "list", "--month", "2027-05", "--area", "labor")
    line = next(line for line in out.splitlines() if "労働者死傷病報告（休業4日以上・死亡）" in line)
    assert line.startswith("5/6(木)") and line.endswith("（鈴木一郎・4/26労災）（目安）※1")
    assert "（目安）法令が「遅滞なく」「速やかに」とだけ定める届出" in out
    code, out, _ = run(env, "list", "--month", "2027-05", "--format", "json", "--lang", "en")
    code, csv_out, _ = run(env, "list", "--month", "2027-05", "--format", "csv", "--lang", "en")  # ids as headers
    rows = list(csv.DictReader(io.StringIO(csv_out)))
    assert "target" in rows[0]
    assert [r["target"] for r in rows if r["duty"] == "accident-report"] == ["True"]
    rec = next(r for r in json.loads(out) if r["duty"] == "accident-report")
    assert (rec["due"], rec["target"], rec["summary"]) == (
        "2027-05-06",
        True,
        "Report the work accident (4 or more days off, or a death) (鈴木一郎, accident 26 Apr)",
    )


def test_list_remove_and_history(env: dict[str, str], tmp_path: Path) -> None:
    run(env, "event", "add", "hire", "2027-04-01", "--person", "山田太郎", "--note", "中途採用")
    run(env, "event", "add", "data-breach", "2027-04-05", "--set", "malicious=true")
    code, out, _ = run(env, "event", "list")
    ids = [line.split()[0] for line in out.splitlines()]
    assert len(ids) == 2 and ids[0].startswith("hire-20270401-") and ids[1].startswith("data-breach-20270405-")
    assert "malicious=true" in out and "「中途採用」" in out
    code, out, _ = run(env, "event", "list", "--format", "csv")
    assert out.splitlines()[0] == "id,kind,date,person,client,note,attributes"
    code, out, err = run(env, "event", "remove", ids[0])
    assert code == 0 and out.startswith(f"削除しました: {ids[0]}")
    code, out, _ = run(env, "list", "--from", "2027-04-01", "--to", "2027-05-31", "--format", "json")
    assert not any("山田太郎" in r["summary"] for r in json.loads(out))
    store = EventStore.open(DbUrl("sqlite", env["BOCAL_DB"]), create=False)
    assert store is not None
    with store:
        hist = store.history(ids[0])
    assert [(h.action, h.by, h.event.note) for h in hist] == [
        ("add", "sato", "中途採用"),
        ("remove", "sato", "中途採用"),
    ]


def test_event_writes_change_the_store_version(env: dict[str, str]) -> None:
    run(env, "event", "add", "hire", "2027-04-01", "--person", "山田太郎")
    url = DbUrl("sqlite", env["BOCAL_DB"])
    with Store(url) as s:
        before = s.version()
    run(env, "event", "add", "leave", "2027-03-31", "--person", "佐藤花子")
    with Store(url) as s:
        assert s.version() != before


def test_import_csv(env: dict[str, str]) -> None:
    code, out, err = run(env, "event", "import", str(EV / "events.csv"))
    assert (code, out) == (0, "4件を記録しました\n"), err
    code, out, _ = run(env, "event", "list", "--format", "json")
    got = {(e["kind"], e["date"], e["person"], tuple(sorted(e["attributes"].items()))) for e in json.loads(out)}
    assert got == {
        ("hire", "2027-04-01", "山田太郎", ()),
        ("leave", "2027-03-31", "佐藤花子", ()),
        ("accident", "2027-04-26", "鈴木一郎", (("days_off", 5),)),
        ("data-breach", "2027-04-05", None, (("malicious", True),)),
    }
    code, out, _ = run(env, "event", "import", str(EV / "events.csv"))
    assert out == "0件を記録しました（記録済み 4件）\n"


def test_import_a_payroll_roster_with_a_mapping(env: dict[str, str]) -> None:
    # CP932, Japanese headers, leavers only on the rows with a 退職年月日
    args = ["event", "import", str(EV / "roster-cp932.csv"), "--kind", "leave"]
    code, out, err = run(env, *args, "--column", "退職年月日=date", "--column", "社員氏名=person")
    assert code == 0, err
    assert (
        out == "2件を記録しました（日付が空の行 1件を読み飛ばし）\n無視した列: 社員番号, フリガナ, 入社年月日, 住所\n"
    )
    code, out, _ = run(env, "event", "list", "--format", "json")
    assert [(e["kind"], e["date"], e["person"]) for e in json.loads(out)] == [
        ("leave", "2027-01-31", "鈴木一郎"),
        ("leave", "2027-03-31", "佐藤花子"),
    ]


def test_bad_csv_is_all_or_nothing_with_lines(env: dict[str, str]) -> None:
    code, out, err = run(env, "event", "import", str(EV / "bad.csv"))
    assert code == 2 and out == ""
    lines = err.splitlines()
    shown = str(EV / "bad.csv")
    assert lines[0] == f"bocal: {shown}:3: unknown event kind 'hier' (did you mean \"hire\"?)"
    assert lines[1].startswith(f"bocal: {shown}:4: ") and "2027-02-30" in lines[1]
    assert lines[2] == f"bocal: {shown}:5: days_off must be a whole number, not 'many'"
    assert lines[3].startswith(f"bocal: {shown}:6: the same event as line 2")
    assert len(lines) == 4
    code, out, _ = run(env, "event", "list")
    assert out == "記録された出来事はありません\n"


def test_import_needs_a_date_column(env: dict[str, str]) -> None:
    code, _, err = run(env, "event", "import", str(EV / "roster-cp932.csv"), "--kind", "leave")
    assert code == 2 and "no date column" in err and "--column HEADER=date" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["event", "add", "hier", "2027-04-01"], "unknown event kind 'hier' (did you mean \"hire\"?)"),
        (["event", "add", "hire", "2027-04-31"], "is not a date"),
        (["event", "add", "accident", "2027-04-01", "--set", "days_of=3"], 'did you mean "days_off"?'),
        (["event", "add", "accident", "2027-04-01", "--set", "days_off"], "write key=value"),
        (["event", "remove", "nope"], "no event 'nope'"),
        (["event", "import", "/nonexistent.csv"], "/nonexistent.csv"),
        (["event", "import", str(EV / "events.csv"), "--column", "x=colour"], "'colour' is not one of"),
    ],
)
def test_bad_input_is_one_line_each(env: dict[str, str], args: list[str], message: str) -> None:
    code, out, err = run(env, *args)
    assert code == 2 and out == ""
    assert err.startswith("bocal: ") and message in err


def test_profile_events_and_stored_events_together(env: dict[str, str]) -> None:
    run(env, "event", "add", "hire", "2027-04-01", "--person", "山田太郎")
    profile = str(EV / "profile.toml")
    code, out, err = run(
        env, "list", "--profile", profile, "--from", "2027-04-01", "--to", "2027-05-31", "--format", "json"
    )
    assert code == 0, err
    ours = sorted((r["due"], r["duty"]) for r in json.loads(out) if "・" in r["period"])
    assert ours == [
        ("2027-04-06", "hire-health-pension-acquisition"),
        ("2027-04-06", "leave-health-pension-loss"),
        ("2027-04-12", "leave-employment-insurance-loss"),
        ("2027-04-12", "leave-resident-tax-change"),  # 4/10 (Sat) → 4/12 (Mon), 特別徴収 in the profile
        ("2027-04-12", "leave-separation-certificate"),
        ("2027-04-30", "leave-withholding-slip"),
        ("2027-05-06", "accident-report"),
        ("2027-05-10", "hire-employment-insurance-acquisition"),
    ]


def test_client_events_stay_with_their_client(env: dict[str, str]) -> None:
    run(env, "event", "add", "hire", "2027-04-01", "--person", "山田太郎", "--client", "株式会社ほか")
    code, out, _ = run(env, "list", "--from", "2027-04-01", "--to", "2027-05-31", "--format", "json")
    assert not any("山田太郎" in r["summary"] for r in json.loads(out))
    code, out, _ = run(env, "event", "list", "--client", "株式会社ほか")
    assert "山田太郎" in out and "株式会社ほか" in out


def test_explain_an_event_task(env: dict[str, str]) -> None:
    run(env, "event", "add", "leave", "2027-03-31", "--person", "佐藤花子")
    code, out, err = run(env, "explain", "leave-employment-insurance-loss", "佐藤花子")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("雇用保険 被保険者資格喪失届（佐藤花子・3/31退職）")
    assert " 2. 数え方: 資格喪失日（離職日の翌日）から10日以内（初日不算入・民法140条）" in lines
    assert " 4. 本来の期日: 2027-04-11 4/11(日)" in lines
    assert any(line.startswith(" 6. 期日: 2027-04-12 4/12(月)") for line in lines)
    code, _, err = run(env, "explain", "leave-employment-insurance-loss", "山田太郎")
    assert code == 2 and "no recorded events set off leave-employment-insurance-loss for '山田太郎'" in err


def test_office_clients_get_their_own_events(env: dict[str, str]) -> None:
    run(env, "event", "add", "hire", "2027-04-01", "--person", "山田太郎", "--client", "alpha")
    clients = str(FIXTURES / "clients")
    code, out, _ = run(env, "list", "--clients", clients, "--client", "alpha", "--client", "beta", "--month", "2027-04")
    hires = [line for line in out.splitlines() if "山田太郎" in line]
    assert len(hires) == 1 and "株式会社アルファ" in hires[0] and hires[0].startswith("4/6(火)")


def test_the_cheap_store_lookup_agrees_with_the_store(tmp_path: Path) -> None:
    from bocal.events.locate import default_store_path
    from bocal.store.url import default_path

    for env in ({}, {"XDG_DATA_HOME": str(tmp_path)}, {"XDG_DATA_HOME": "relative"}, {"HOME": str(tmp_path)}):
        assert default_store_path(env) == default_path(env)


def test_event_help_names_every_kind(env: dict[str, str]) -> None:
    from bocal.events.kinds import KINDS

    code, out, _ = run(env, "event", "--help")
    assert code == 0
    for k in KINDS:
        line = next((line for line in out.splitlines() if line.strip().startswith(k.name + " ")), "")
        assert k.date_ja.split("（")[0] in line, k.name


def test_history_command(env: dict[str, str]) -> None:
    run(env, "event", "add", "hire", "2027-04-01", "--person", "山田太郎")
    _, out, _ = run(env, "event", "list")
    event_id = out.split()[0]
    run(env, "event", "remove", event_id)
    code, out, _ = run(env, "event", "history", event_id)
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert lines[0].endswith(f"  記録  {event_id}  山田太郎・4/1入社  sato")
    assert lines[1].endswith(f"  削除  {event_id}  山田太郎・4/1入社  sato")
    code, out, _ = run(env, "event", "history", "nothing-here")
    assert out == "履歴はありません\n"
