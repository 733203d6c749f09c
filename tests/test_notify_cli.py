"""`bocal notify` end to end: a real SMTP server and a real webhook receiver on loopback.

Dates (hand-derived in tests/test_notify_digest.py): on 2026-11-30 with --days 14 the digest lists
premiums Oct (11/30) and pay-tax Nov (12/10) as due, premiums Sep (11/2) and pay-tax Oct (11/10) as
overdue; the window 12/1〜12/25 is not listed until it opens on 12/1.
"""

from __future__ import annotations

import email
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner, Result

from bocal.cli import cli
from bocal.notify.sentlog import StoreSentLog
from bocal.state import Status
from bocal.store import Store, TaskRef, Update, parse_db_url
from helpers.notify import PROFILE, RULES, Hook, Mailbox, free_port, serve_hook

TODAY = date(2026, 11, 30)


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    c = Controller(box, hostname="127.0.0.1", port=free_port())
    c.start()
    yield box, c.port
    c.stop()


@pytest.fixture
def hook() -> Iterator[tuple[Hook, str]]:
    h = Hook()
    gen = serve_hook(h)
    yield h, next(gen)
    gen.close()


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "rules.toml").write_text(RULES, encoding="utf-8")
    (tmp_path / "p.toml").write_text(PROFILE, encoding="utf-8")
    return tmp_path


def run(files: Path, today: str, *args: str, env: dict[str, str] | None = None) -> Result:
    base = ["--today", today, "notify", "--profile", str(files / "p.toml"), "--rules", str(files / "rules.toml")]
    base += ["--no-bundled", "--db", str(files / "state.sqlite3"), "--lang", "ja"]
    return CliRunner().invoke(cli, [*base, *args], env=env)


def subjects(box: Mailbox) -> list[str]:
    out = []
    for _, _, raw in box.messages:
        msg = email.message_from_bytes(raw, policy=default)
        out.append(str(msg["Subject"]))
    return out


def body(box: Mailbox, i: int) -> str:
    msg = email.message_from_bytes(box.messages[i][2], policy=default)
    assert isinstance(msg, EmailMessage)
    part = msg.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


def test_done_criterion_mail_once_a_day_and_done_tasks_drop_out(files: Path, smtp: tuple[Mailbox, int]) -> None:
    box, port = smtp
    mail = ["--email", "a@example.com", "--smtp", f"127.0.0.1:{port}", "--days", "14"]
    r = run(files, "2026-11-30", *mail)
    assert r.exit_code == 0, r.output
    assert r.stdout == "送信しました: a@example.com\n"
    assert subjects(box) == ["【bocal】今後14日の期限 2件（期限超過 2件）— 11/30(月) サンプル商事"]
    text = body(box, 0)
    # the open tasks due 11/30〜12/14, and no later one (premiums Nov is due 1/4/2027)
    assert "11/30(月)  今日  社会保険料の納付（2026年10月分）" in text
    assert "12/10(木)  あと10日  源泉所得税の納付（2026年11月分）" in text
    assert "2026年11月分）  [労務" not in text
    # the same day again: nothing sent
    again = run(files, "2026-11-30", *mail)
    assert again.exit_code == 0 and "本日送信済み: a@example.com" in again.stdout
    assert len(box.messages) == 1
    # --force resends
    assert run(files, "2026-11-30", *mail, "--force").exit_code == 0 and len(box.messages) == 2


def test_done_in_the_store_drops_the_task_from_the_next_days_digest(files: Path, smtp: tuple[Mailbox, int]) -> None:
    box, port = smtp
    mail = ["--email", "a@example.com", "--smtp", f"127.0.0.1:{port}", "--days", "14"]
    assert run(files, "2026-11-30", *mail).exit_code == 0
    assert "11/30(月)  今日  社会保険料の納付（2026年10月分）" in body(box, 0)
    # what `bocal done premiums 2026-10` records: the Oct premiums (due 11/30) are done
    with Store(parse_db_url(str(files / "state.sqlite3"))) as store:
        ref = TaskRef("premiums-2026-10-sample", "premiums", "2026-10", "sample")
        store.apply([Update(ref, status=Status.DONE)], at=datetime(2026, 11, 30, 17, 0), by="suzuki", today=TODAY)
        sent = StoreSentLog(store.url).sent_on(TODAY)
    assert [(s.recipient, s.channel, s.items) for s in sent] == [("a@example.com", "email:a@example.com", 4)]
    assert run(files, "2026-12-01", *mail).exit_code == 0
    nxt = body(box, 1)
    # 12/1: premiums Oct would be 1 day overdue, but it is done; pay-tax Nov (12/10) is still listed,
    # and the year-end window opens today (12/1〜12/25)
    assert "社会保険料の納付（2026年10月分）" not in nxt
    assert "12/10(木)  あと9日  源泉所得税の納付（2026年11月分）" in nxt
    assert "■ 本日受付開始（1件）" in nxt and "12/1(火)  受付開始（期限 12/25(金)）" in nxt


def test_dry_run_prints_what_would_be_sent_and_sends_nothing(files: Path, smtp: tuple[Mailbox, int]) -> None:
    box, port = smtp
    r = run(files, "2026-11-30", "--email", "a@example.com", "--smtp", f"127.0.0.1:{port}", "--days", "14", "--dry-run")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("=== a@example.com — email to a@example.com\nSubject: 【bocal】今後14日の期限 2件")
    assert "12/10(木)  あと10日  源泉所得税の納付（2026年11月分）" in r.stdout
    assert box.messages == [] and not (files / "state.sqlite3").exists()


def test_webhook_receives_the_same_digest_as_json(files: Path, hook: tuple[Hook, str]) -> None:
    h, base = hook
    r = run(files, "2026-11-30", "--webhook", f"{base}/generic", "--days", "14")
    assert r.exit_code == 0, r.output
    ((path, _, payload),) = h.received
    assert path == "/generic"
    assert payload["subject"] == "【bocal】今後14日の期限 2件（期限超過 2件）— 11/30(月) サンプル商事"
    assert [(i["duty"], i["due"]) for i in payload["items"]] == [
        ("premiums", "2026-11-02"),
        ("pay-tax", "2026-11-10"),
        ("premiums", "2026-11-30"),
        ("pay-tax", "2026-12-10"),
    ]
    assert base not in r.output


def test_webhook_url_from_the_environment_and_failures_exit_3_naming_each(
    files: Path, smtp: tuple[Mailbox, int], hook: tuple[Hook, str]
) -> None:
    box, port = smtp
    h, base = hook
    box.refuse["gone@example.com"] = "550 5.1.1 no such user"
    h.statuses = [404]
    env = {"HOOK_URL": f"{base}/secret-token"}
    r = run(
        files, "2026-11-30", "--days", "14", "--smtp", f"127.0.0.1:{port}",
        "--email", "gone@example.com", "--webhook", "env:HOOK_URL", "--email", "ok@example.com", env=env,
    )  # fmt: skip
    assert r.exit_code == 3
    assert "bocal: notify: gone@example.com: SMTP" in r.stderr and "recipient refused (550)" in r.stderr
    assert "bocal: notify: webhook 1 (json): JSON webhook: answered 404" in r.stderr
    assert "bocal: 2 of 3 recipients were not served" in r.stderr
    assert "secret-token" not in r.output
    assert [m[1] for m in box.messages] == [["ok@example.com"]]
    # the failed ones are tried again by the next run; the one served is not
    h.statuses = []
    del box.refuse["gone@example.com"]
    r = run(
        files, "2026-11-30", "--days", "14", "--smtp", f"127.0.0.1:{port}",
        "--email", "gone@example.com", "--webhook", "env:HOOK_URL", "--email", "ok@example.com", env=env,
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    assert [m[1] for m in box.messages] == [["ok@example.com"], ["gone@example.com"]]


def test_notify_table_per_owner_with_password_file(files: Path, smtp: tuple[Mailbox, int]) -> None:
    box, port = smtp
    secret = files / "hook-url"
    secret.write_text("http://127.0.0.1:1/never-used\n")
    secret.chmod(0o644)
    profile = (
        PROFILE
        + f"""
[notify]
days = 14
smtp = "127.0.0.1:{port}"
from = "soumu@example.co.jp"

[notify.owners]
"経理 佐藤" = "sato@example.co.jp"
"労務 鈴木" = "suzuki@example.co.jp"
"""
    )
    (files / "p.toml").write_text(profile, encoding="utf-8")
    r = run(files, "2026-11-30")
    assert r.exit_code == 0, r.output
    by_rcpt = {m[1][0]: i for i, m in enumerate(box.messages)}
    # 佐藤 owns accounting: pay-tax only (Oct overdue, Nov due); 鈴木 owns labor: premiums only
    sato, suzuki = body(box, by_rcpt["sato@example.co.jp"]), body(box, by_rcpt["suzuki@example.co.jp"])
    assert "源泉所得税" in sato and "社会保険料" not in sato
    assert "社会保険料" in suzuki and "源泉所得税" not in suzuki
    # a webhook URL file others can read is refused, with its line
    (files / "p.toml").write_text(
        profile + f'\n[[notify.recipient]]\nname = "chat"\nwebhook_file = "{secret}"\n', encoding="utf-8"
    )
    r = run(files, "2026-12-01")
    assert r.exit_code == 2
    # lines: PROFILE is 8 (a blank first), the [notify] text 9–17, the recipient 18–21
    assert f'p.toml:21: key "notify.recipient[1].webhook_file": {secret} is readable by others (mode 644)' in r.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--email", "a@example.com"], 'bocal: key "--smtp": --email needs an SMTP server (give --smtp HOST:PORT)'),
        (["--email", "not-an-address", "--smtp", "127.0.0.1:25"], "bocal: key \"--email\": 'not-an-address' is not an email address"),
        (["--email", "a@example.com", "--smtp", "mail.example.com:25", "--smtp-security", "plain"], "would send mail (and any password) unencrypted"),
        (["--webhook", "http://hooks.example.com/x"], "must be https:// (plain http only to this machine)"),
        (["--webhook", "env:NOPE_NOT_SET"], "the environment variable NOPE_NOT_SET is not set"),
        ([], "bocal: no recipients"),
        (["--webhook", "http://127.0.0.1:9/x", "--area", "labr"], "bocal: key \"--area\": unknown area 'labr' (did you mean \"labor\"?)"),
        (["--webhook", "http://127.0.0.1:9/x", "--task-url", "https://w.example/{id}"], "bocal: key \"--task-url\": has a field bocal cannot fill ('id')"),
        (["--email", "a@example.com", "--smtp", "127.0.0.1:25", "--smtp-user", "u"], "BOCAL_SMTP_PASSWORD is not set"),
    ],
)  # fmt: skip
def test_configuration_errors_exit_2(files: Path, args: list[str], message: str) -> None:
    env = {k: "" for k in ("BOCAL_SMTP_PASSWORD",)}
    r = run(files, "2026-11-30", *args, env=env)
    assert r.exit_code == 2, r.output
    assert message in r.stderr and "Traceback" not in r.output


def test_secrets_in_the_toml_are_refused_with_a_hint(files: Path) -> None:
    (files / "p.toml").write_text(PROFILE + '\n[notify]\nsmtp = "127.0.0.1:25"\nsmtp_password = "hunter2"\n', "utf-8")
    r = run(files, "2026-11-30")
    assert r.exit_code == 2
    assert 'p.toml:12: key "notify.smtp_password": unknown key (secrets never go in the TOML file' in r.stderr
    assert "hunter2" not in r.output


def test_schedule_skips_a_weekend(files: Path, smtp: tuple[Mailbox, int]) -> None:
    box, port = smtp
    (files / "p.toml").write_text(PROFILE + '\n[notify]\nschedule = "weekdays"\n', "utf-8")
    # 2026-12-05 is a Saturday
    r = run(files, "2026-12-05", "--email", "a@example.com", "--smtp", f"127.0.0.1:{port}")
    assert r.exit_code == 0 and "送信日ではありません" in r.stdout and box.messages == []
    assert run(files, "2026-12-04", "--email", "a@example.com", "--smtp", f"127.0.0.1:{port}").exit_code == 0
    assert len(box.messages) == 1


def test_sent_log_in_a_private_file_instead_of_the_store(files: Path, hook: tuple[Hook, str]) -> None:
    _, base = hook
    log = files / "sent.json"
    assert run(files, "2026-11-30", "--webhook", f"{base}/x", "--days", "14", "--sent-log", str(log)).exit_code == 0
    assert os.stat(log).st_mode & 0o077 == 0
    entries: dict[str, Any] = json.loads(log.read_text())
    assert [v["day"] for v in entries.values()] == ["2026-11-30"]
    assert base not in log.read_text()


def test_office_per_staff_member_and_per_client(files: Path, smtp: tuple[Mailbox, int]) -> None:
    box, port = smtp
    clients = files / "clients"
    clients.mkdir()
    (clients / "alpha.toml").write_text('[company]\nname = "アルファ商事"\n[owners]\naccounting = "田中"\n', "utf-8")
    (clients / "beta.toml").write_text('[company]\nname = "ベータ工業"\n[owners]\naccounting = "山本"\n', "utf-8")
    (files / "office.toml").write_text(
        f"""[notify]
days = 14
smtp = "127.0.0.1:{port}"
from = "office@example.jp"

[[notify.recipient]]
email = "tanaka@example.jp"
owner = "田中"

[[notify.recipient]]
name = "ベータ工業 ご担当者"
email = "keiri@beta.example.jp"
clients = ["ベータ工業"]
lang = "en"
""",
        "utf-8",
    )
    args = ["--today", "2026-11-30", "notify", "--clients", str(clients), "--config", str(files / "office.toml")]
    args += ["--rules", str(files / "rules.toml"), "--no-bundled", "--db", str(files / "state.sqlite3")]
    r = CliRunner().invoke(cli, args)
    assert r.exit_code == 0, r.output
    by_rcpt = {m[1][0]: i for i, m in enumerate(box.messages)}
    tanaka = body(box, by_rcpt["tanaka@example.jp"])
    # 田中 owns accounting at アルファ商事 only: its pay-tax Oct (overdue) and Nov (12/10), never ベータ's
    assert tanaka.count("源泉所得税の納付") == 2 and "社会保険料" not in tanaka
    assert "[アルファ商事・経理・田中]" in tanaka and "ベータ" not in tanaka
    beta = body(box, by_rcpt["keiri@beta.example.jp"])
    # the client's own digest, in English: its four tasks
    assert "Thu 12/10  in 10 days  Pay withheld income tax (Nov 2026)" in beta
    assert beta.count("ベータ工業") == 4 and "アルファ" not in beta


def test_readme_notify_key_table_is_current() -> None:
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, str(root / "scripts" / "readme_notify_table.py"), "--check"])
    assert result.returncode == 0, "run: python scripts/readme_notify_table.py"


def test_business_days_skip_a_national_holiday_and_the_companys_own_closure(
    files: Path, smtp: tuple[Mailbox, int]
) -> None:
    box, port = smtp
    # 2026-11-23 (Mon) is 勤労感謝の日; 11/27 (Fri) is this company's own closure; 11/24 (Tue) is open
    closures = '\n[calendar]\nclosures = [{ on = "2026-11-27", name = "創立記念日" }]\n'
    (files / "p.toml").write_text(PROFILE + closures + '\n[notify]\nschedule = "business-days"\n', "utf-8")
    mail = ["--email", "a@example.com", "--smtp", f"127.0.0.1:{port}", "--days", "14"]
    for day in ("2026-11-23", "2026-11-27"):
        r = run(files, day, *mail)
        assert r.exit_code == 0 and "送信日ではありません" in r.stdout, (day, r.output)
    assert box.messages == []
    assert run(files, "2026-11-24", *mail).exit_code == 0 and len(box.messages) == 1


def test_a_sent_log_that_is_not_one_is_a_located_error(files: Path, hook: tuple[Hook, str]) -> None:
    h, base = hook
    log = files / "sent.json"
    log.write_text("[1, 2]")
    r = run(files, "2026-11-30", "--webhook", f"{base}/x", "--days", "14", "--sent-log", str(log))
    assert r.exit_code == 2 and h.received == []
    assert r.stderr == f"bocal: {log}: this is not a bocal sent-log (a JSON object of sendings)\n"
