"""The state commands end to end through the CLI, on SQLite (and the headline scenario on PostgreSQL).

Dates derived by hand:
- 源泉所得税 2026年10月分 (withholding-tax 2026-10): the 10th of the next month, 2026-11-10; 11/1/2026 is a
  Sunday, so 11/10 is a Tuesday and no holiday (文化の日 11/3, 勤労感謝の日 11/23): due 11/10(火).
- 源泉所得税 2026年11月分: 2026-12-10; 12/1/2026 is a Tuesday, so 12/10 is a Thursday: due 12/10(木).
- 算定基礎届 2026 (standard-remuneration-report): 7/1–7/10; 7/1/2026 is a Wednesday, 7/10 a Friday: due 7/10(金).
"""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from bocal.cli import cli

CLIENTS = str(Path(__file__).parent / "fixtures" / "clients")
FORMS = str(Path(__file__).parent / "fixtures" / "rules" / "forms.toml")


@pytest.fixture(params=["sqlite"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return str(tmp_path / "state.sqlite3")


def run(db: str, *args: str, today: str = "2026-11-25", by: str = "佐藤") -> tuple[int, str, str]:
    env = {"LANG": "ja_JP.UTF-8", "BOCAL_DB": db, "BOCAL_USER": by}
    r = CliRunner().invoke(cli, ["--today", today, *args], env=env)
    return r.exit_code, r.stdout, r.stderr


def overdue(text: str) -> int:
    m = re.search(r"期限超過 (\d+)[・）]", text.splitlines()[-1])
    assert m, text
    return int(m.group(1))


def headline(db: str) -> None:
    code, before, _ = run(db, "list", "--month", "2026-11")
    assert code == 0 and "源泉所得税の納付（2026年10月分）" in before
    code, out, err = run(db, "done", "withholding-tax", "2026-10")
    assert code == 0 and all("組み込みのサンプル会社" in line for line in err.splitlines())  # only the notice
    assert out == "源泉所得税の納付（2026年10月分） 11/10(火): 未着手 → 完了（完了日 2026/11/25）\n"
    code, text, _ = run(db, "list", "--month", "2026-11", "--format", "json")
    rows = [r for r in json.loads(text) if r["duty"] == "withholding-tax" and r["period_key"] == "2026-10"]
    assert [(r["status"], r["done_on"], r["due"]) for r in rows] == [("done", "2026-11-25", "2026-11-10")]
    code, after, _ = run(db, "list", "--month", "2026-11")
    assert "✓ 源泉所得税の納付（2026年10月分）" in after
    assert overdue(after) == overdue(before) - 1
    assert after.splitlines()[-1].endswith("・完了 1）")


def test_done_then_list_shows_it_done_and_one_fewer_overdue(db: str) -> None:
    headline(db)


def test_the_same_on_postgresql(postgres_db: str) -> None:
    headline(postgres_db)


def test_without_period_done_takes_the_first_unfinished_task(db: str) -> None:
    assert run(db, "done", "withholding-tax")[1].startswith("源泉所得税の納付（2026年10月分） 11/10(火): ")
    assert run(db, "done", "withholding-tax")[1].startswith("源泉所得税の納付（2026年11月分） 12/10(木): ")
    # a second `done` of a named task changes nothing and says so
    assert run(db, "done", "withholding-tax", "2026-10")[1] == "源泉所得税の納付（2026年10月分） 11/10(火): 変更なし\n"


def test_tasks_finished_before_today_are_hidden_unless_all(db: str) -> None:
    run(db, "done", "withholding-tax", "2026-10", "--on", "2026-11-09")
    _, out, _ = run(db, "list", "--month", "2026-11")
    assert "源泉所得税の納付（2026年10月分）" not in out
    assert out.splitlines()[-1].endswith("、完了済み 1件は非表示（--all で表示）")
    _, out, _ = run(db, "list", "--month", "2026-11", "--all")
    assert "✓ 源泉所得税の納付（2026年10月分）" in out
    # JSON carries every task whatever --all says
    rows = json.loads(run(db, "list", "--month", "2026-11", "--format", "json")[1])
    assert any(r["duty"] == "withholding-tax" and r["done_on"] == "2026-11-09" for r in rows)


def test_mark_status_filter_csv_and_undo(db: str) -> None:
    code, out, _ = run(db, "mark", "waiting", "withholding-tax", "2026-11", "--assign", "田中", "--note", "資料待ち")
    assert (
        out
        == "源泉所得税の納付（2026年11月分） 12/10(木): 未着手 → 資料待ち・担当 なし → 「田中」・メモ なし → 「資料待ち」\n"
    )
    _, out, _ = run(db, "list", "--month", "2026-12", "--status", "waiting")
    assert "源泉所得税の納付（2026年11月分）（資料待ち）［担当 田中］" in out
    assert out.splitlines()[-1].startswith("1件（")
    _, text, _ = run(db, "list", "--month", "2026-12", "--format", "csv", "--lang", "en")  # ids as headers
    header, *lines = text.splitlines()
    assert header.endswith(",status,assignee,note,done_on")
    assert [ln for ln in lines if "withholding-tax-2026-11" in ln][0].endswith(",waiting,田中,資料待ち,")
    _, out, _ = run(db, "undo", "withholding-tax", "2026-11")
    assert out.startswith("源泉所得税の納付（2026年11月分） 12/10(木): 資料待ち → 未着手")
    _, out, _ = run(db, "history", "withholding-tax", "2026-11")
    lines = out.splitlines()
    assert len(lines) == 2 and "佐藤" in lines[0] and "［取消］資料待ち → 未着手" in lines[1]


def test_explain_shows_state_and_history(db: str) -> None:
    _, plain, _ = run(db, "explain", "withholding-tax", "2026-10")
    run(db, "done", "withholding-tax", "2026-10", "--note", "電子納税済", by="鈴木")
    _, out, _ = run(db, "explain", "withholding-tax", "2026-10")
    assert out.startswith(plain)
    tail = out[len(plain) :].splitlines()
    assert tail[1] == "状態: 完了（2026/11/25）・メモ「電子納税済」"
    assert tail[2] == "履歴:" and "鈴木  未着手 → 完了（完了日 2026/11/25）・メモ なし → 「電子納税済」" in tail[3]


def test_bad_requests_are_one_line_and_exit_2(db: str) -> None:
    cases = [
        (("mark", "waiting", "withholding-tax", "--on", "2026-11-01"), "--on is the day a task was done"),
        (("done",), "name a DUTY"),
        (("done", "withholding-tax", "2026-10", "--month", "2026-10"), "not both"),
        (("done", "withholding-tax", "someday"), "no withholding-tax task for 'someday'"),
        (("done", "withholding-taxx"), 'did you mean "withholding-tax"?'),
    ]
    for args, message in cases:
        code, out, err = run(db, *args)
        assert code == 2 and out == "" and message in err and len(err.splitlines()) == 1, (args, err)
    assert not Path(db).exists()  # nothing was written, so nothing was created


def test_reading_commands_work_and_create_nothing_without_a_database(db: str) -> None:
    assert run(db, "list", "--month", "2026-11")[0] == 0
    assert run(db, "history") == (0, "記録された変更はありません。\n", "")
    assert run(db, "explain", "withholding-tax", "2026-10")[0] == 0
    assert not Path(db).exists()


def test_a_damaged_or_unreachable_database_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "state.sqlite3"
    bad.write_bytes(b"\x00garbage" * 1000)
    code, out, err = run(str(bad), "list", "--month", "2026-11")
    assert (
        code == 2
        and out == ""
        and err.startswith("bocal: the task-state database is damaged")
        and len(err.splitlines()) == 1
    )
    from helpers.postgres import free_port

    url = f"postgresql://bocal:hunter2@127.0.0.1:{free_port()}/x"
    code, out, err = run(url, "done", "withholding-tax", "2026-10")
    assert code == 2 and "cannot use the PostgreSQL task-state database" in err and "hunter2" not in err
    assert len(err.splitlines()) == 1 and "Traceback" not in err


def test_bulk_done_of_a_range_only_touches_unfinished_tasks(db: str) -> None:
    run(db, "mark", "not-applicable", "overtime-monthly-check", "2026-06")
    code, out, _ = run(db, "done", "--area", "labor", "--month", "2026-07")
    assert code == 0
    assert "時間外・休日労働の月次集計と上限確認（2026年6月分）" not in out  # not-applicable stays so
    assert "算定基礎届の提出（2026年分） 7/10(金): 未着手 → 完了（完了日 2026/11/25）" in out
    again = run(db, "done", "--area", "labor", "--month", "2026-07")[1]
    assert again == "該当するタスクはありません。\n"


def test_bulk_done_asks_first_on_a_terminal(db: str) -> None:
    """A real pseudo-terminal: the count is asked about, and "n" changes nothing."""
    master, slave = os.openpty()
    env = {**os.environ, "LANG": "ja_JP.UTF-8", "BOCAL_DB": db, "BOCAL_TODAY": "2026-11-25"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bocal", "done", "--area", "labor", "--month", "2026-07"],
        stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
    )  # fmt: skip
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 60  # a guard against hanging, not a measurement
    while "よろしいですか".encode() not in seen:
        assert time.monotonic() < deadline and proc.poll() is None, seen
        if select.select([master], [], [], 0.5)[0]:
            seen += os.read(master, 4096)
    os.write(master, b"n\n")
    assert proc.wait(timeout=60) == 1
    os.close(master)
    assert re.search(r"\d+件を完了にします。よろしいですか？", seen.decode())
    assert not Path(db).exists() or run(db, "history")[1] == "記録された変更はありません。\n"


def test_office_done_and_progress(db: str) -> None:
    today = "2026-07-15"
    code, out, err = run(
        db,
        "done",
        "standard-remuneration-report",
        "2026",
        "--clients",
        CLIENTS,
        "--client",
        "株式会社アルファ",
        today=today,
    )
    assert (code, out) == (
        0,
        "[株式会社アルファ] 算定基礎届の提出（2026年分） 7/10(金): 未着手 → 完了（完了日 2026/7/15）\n",
    )
    args = (
        "progress",
        "standard-remuneration-report",
        "2026",
        "--clients",
        CLIENTS,
        "--client",
        "株式会社アルファ",
        "--client",
        "beta",
    )
    code, out, _ = run(db, *args, "--format", "json", today=today)
    rows = {r["client"]: r for r in json.loads(out)}
    # beta has not filed and 7/10 has passed: late; late rows come first
    assert [r["client"] for r in json.loads(out)] == ["beta", "株式会社アルファ"]
    assert (rows["beta"]["kind"], rows["beta"]["due"]) == ("late", "2026-07-10")
    assert (rows["株式会社アルファ"]["kind"], rows["株式会社アルファ"]["done_on"]) == ("done", "2026-07-15")
    code, out, _ = run(db, *args, today=today)
    assert out.splitlines()[-1] == "2社（期限超過 1・完了 1）"
    code, out, _ = run(db, *args, "--format", "csv", today=today)
    assert out.splitlines()[0] == "client,client_id,kind,status,period,due,assignee,note,done_on"
    # the office list shows the state too
    _, out, _ = run(
        db, "list", "--clients", CLIENTS, "--client", "株式会社アルファ", "--month", "2026-07", "--all", today=today
    )
    assert "✓ 算定基礎届の提出（2026年分）" in out


def test_state_export_import_round_trip(db: str, tmp_path: Path) -> None:
    run(db, "done", "withholding-tax", "2026-10")
    run(db, "mark", "waiting", "withholding-tax", "2026-11", "--note", "資料")
    backup = tmp_path / "backup.json"
    assert run(db, "state", "export", "-o", str(backup))[0] == 0
    other = str(tmp_path / "other.sqlite3")
    assert run(other, "state", "import", str(backup))[1] == f"imported: 2 task states, 2 history entries ({backup})\n"
    assert run(other, "state", "import", str(backup))[1] == f"imported: 0 task states, 0 history entries ({backup})\n"
    assert run(other, "state", "export")[1] == backup.read_text(encoding="utf-8")
    code, _, err = run(other, "state", "import", str(tmp_path / "missing.json"))
    assert code == 2 and "cannot read the file" in err


def test_check_reports_state_whose_duty_left_the_catalog(db: str) -> None:
    # 年末調整書類の回収 is bundled, not in the forms fixture catalog
    run(db, "done", "year-end-adjustment-forms", "2026")
    code, out, _ = run(db, "check")
    assert code == 0 and out.splitlines()[-1] == "state: 1 tasks with a recorded state — OK"
    code, out, _ = run(db, "check", "--no-bundled", "--rules", FORMS)
    assert code == 0
    assert "1 belong to duties no longer in the catalog, kept: year-end-adjustment-forms (1)" in out.splitlines()[-1]
    assert run(db, "history", "year-end-adjustment-forms")[1].count("\n") == 1  # still there


def test_an_exported_calendar_marks_finished_tasks(db: str, tmp_path: Path) -> None:
    import icalendar

    run(db, "done", "withholding-tax", "2026-10")
    out = tmp_path / "nov.ics"
    assert run(db, "export", "--month", "2026-11", "--todo", "-o", str(out))[0] == 0
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    mine = [
        c
        for c in cal.walk()
        if c.name in ("VEVENT", "VTODO") and "源泉所得税の納付（2026年10月分）" in str(c["SUMMARY"])
    ]
    assert {c.name for c in mine} == {"VEVENT", "VTODO"}
    assert all(str(c["SUMMARY"]).startswith("✓ ") for c in mine)
    todo = next(c for c in mine if c.name == "VTODO")
    assert str(todo["STATUS"]) == "COMPLETED"
    # done on 2026-11-25, the start of that day in Japan (UTC+9) is 2026-11-24 15:00 UTC
    assert todo.decoded("COMPLETED").isoformat() == "2026-11-24T15:00:00+00:00"
    others = [c for c in cal.walk("VEVENT") if "源泉所得税の納付（2026年10月分）" not in str(c["SUMMARY"])]
    assert others and not any(str(c["SUMMARY"]).startswith("✓") for c in others)
    # an office's calendars too
    today = "2026-07-15"
    run(db, "done", "standard-remuneration-report", "2026", "--clients", CLIENTS, "--client", "beta", today=today)
    outdir = tmp_path / "office"
    args = ("export", "--clients", CLIENTS, "--client", "beta", "--client", "株式会社アルファ", "--month", "2026-07")
    assert run(db, *args, "-o", str(outdir), today=today)[0] == 0
    beta = (outdir / "beta.ics").read_text(encoding="utf-8")
    assert "SUMMARY:✓ 算定基礎届の提出（2026年分）" in beta
    assert "✓" not in next(p for p in outdir.glob("*.ics") if p.name not in ("beta.ics", "office.ics")).read_text(
        "utf-8"
    )


def test_month_and_publish_show_state(db: str, tmp_path: Path) -> None:
    run(db, "done", "withholding-tax", "2026-10", "--on", "2026-11-09")
    _, out, _ = run(db, "month", "2026-11")
    assert "✓ 源泉所得税の納付（2026年10月分）" in out  # the month view keeps finished tasks, marked
    outdir = tmp_path / "pub"
    token = "k3Vq9yZr0D_5tW2-LpXo8nMa4"
    code, _, _ = run(db, "publish", str(outdir), "--token", token, "--base-url", "https://cal.example.jp/b")
    assert code == 0
    body = (outdir / token / "all.ics").read_bytes().replace(b"\r\n ", b"").decode()
    assert "SUMMARY:✓ 源泉所得税の納付（2026年10月分）" in body
    assert body.count("SUMMARY:✓ ") == 1
