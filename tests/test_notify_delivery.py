"""Delivery against real servers on loopback: aiosmtpd (plain, AUTH, STARTTLS, implicit TLS) and an
HTTP receiver per webhook kind; failures injected (refusal, bad password, 500, timeout) while the
other recipients are still served. The messages are parsed back with the email package.

The digest is the one of tests/test_notify_digest.py on 2026-11-30 with --days 14: 2 due
(premiums Oct 11/30 today, pay-tax Nov 12/10) and 2 overdue (premiums Sep 11/2, pay-tax Oct 11/10).
"""

from __future__ import annotations

import email
import ssl
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from bocal.notify.channel import DeliveryError
from bocal.notify.config import Channel, NotifyConfig, Recipient
from bocal.notify.digest import Audience, Entry
from bocal.notify.run import deliver, plan
from bocal.notify.sentlog import MemorySentLog, Sending, StoreSentLog
from bocal.notify.smtp import SmtpConfig
from bocal.notify.webhook import post_json
from bocal.state import NO_STATE
from bocal.store import DbUrl, Store
from helpers.notify import (
    Hook,
    Mailbox,
    free_port,
    notify_entries,
    self_signed,
    serve_hook,
    silent_server,
)
from helpers.postgres import BACKENDS, both_backends

TODAY = date(2026, 11, 30)
NO_WAIT = (0.0, 0.0, 0.0)


@pytest.fixture(scope="module")
def entries(tmp_path_factory: pytest.TempPathFactory) -> list[Entry]:
    return notify_entries(tmp_path_factory.mktemp("rules"), TODAY)


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return self_signed(tmp_path_factory.mktemp("tls"))


def start_smtp(mailbox: Mailbox, **kwargs: Any) -> Controller:
    c = Controller(mailbox, hostname="127.0.0.1", port=free_port(), **kwargs)
    c.start()
    return c


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    c = start_smtp(box)
    yield box, c.port
    c.stop()


def received(box: Mailbox, i: int = 0) -> EmailMessage:
    msg = email.message_from_bytes(box.messages[i][2], policy=default)
    assert isinstance(msg, EmailMessage)
    return msg


def mail_config(port: int, **kw: Any) -> NotifyConfig:
    smtp = SmtpConfig("127.0.0.1", port, kw.pop("security", "plain"), sender="soumu@example.co.jp", **kw)
    return NotifyConfig(days=14, overdue_days=30, smtp=smtp, task_url="https://w.example/t/{key}")


def with_recipients(config: NotifyConfig, *recipients: Recipient) -> NotifyConfig:
    return NotifyConfig(**{**config.__dict__, "recipients": recipients})


def to(address: str, **kw: Any) -> Recipient:
    return Recipient(address, Channel("email", address), **kw)


def test_mail_is_multipart_with_encoded_japanese_headers_and_both_parts(
    entries: list[Entry], mailbox: tuple[Mailbox, int]
) -> None:
    box, port = mailbox
    config = with_recipients(mail_config(port), to("a@example.com"))
    stamp = datetime(2026, 11, 30, 7, 0, tzinfo=timezone(timedelta(hours=9)))
    jobs = plan(entries, NO_STATE, TODAY, config, title="サンプル商事")
    report = deliver(jobs, config, MemorySentLog(), date_header=stamp, backoff=())
    assert report.delivered == ["a@example.com"] and not report.failed
    mail_from, rcpts, raw = box.messages[0]
    assert (mail_from, rcpts) == ("soumu@example.co.jp", ["a@example.com"])
    # on the wire the subject is RFC 2047 encoded (ASCII only), and decodes to the Japanese text
    subject_line = next(line for line in raw.split(b"\r\n") if line.startswith(b"Subject:"))
    assert subject_line.isascii() and b"=?utf-8?" in subject_line.lower()
    msg = received(box)
    assert msg["Subject"] == "【bocal】今後14日の期限 2件（期限超過 2件）— 11/30(月) サンプル商事"
    assert msg["To"] == "a@example.com" and msg["From"].addresses[0].addr_spec == "soumu@example.co.jp"
    assert msg["Date"] == "Mon, 30 Nov 2026 07:00:00 +0900"
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg.get_content_type() == "multipart/alternative"
    plain = msg.get_body(("plain",))
    page = msg.get_body(("html",))
    assert plain is not None and page is not None
    text, html = plain.get_content(), page.get_content()
    assert "12/10(木)  あと10日  源泉所得税の納付（2026年11月分）" in text
    assert "11/2(月)  期限超過 28日  社会保険料の納付（2026年9月分）" in text
    assert "<td" in html and "源泉所得税の納付（2026年11月分）" in html
    assert 'href="https://w.example/t/pay-tax-2026-11-sample"' in html


def test_auth_over_starttls_and_a_wrong_password(entries: list[Entry], cert: tuple[Path, Path]) -> None:
    crt, key = cert
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(crt, key)

    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"soumu", b"s3cret")
        return AuthResult(success=ok, handled=False)

    box = Mailbox()
    c = start_smtp(box, tls_context=ctx, require_starttls=True, auth_required=True, authenticator=authenticator)
    try:
        good = mail_config(c.port, security="starttls", username="soumu", password="s3cret", ca_file=str(crt))
        good = with_recipients(good, to("a@example.com"))
        report = deliver(plan(entries, NO_STATE, TODAY, good), good, MemorySentLog(), backoff=())
        assert report.delivered == ["a@example.com"] and len(box.messages) == 1
        bad = mail_config(c.port, security="starttls", username="soumu", password="wrong", ca_file=str(crt))
        bad = with_recipients(bad, to("b@example.com"))
        sleeps: list[float] = []
        report = deliver(plan(entries, NO_STATE, TODAY, bad), bad, MemorySentLog(), backoff=(5.0,), sleep=sleeps.append)
        assert report.failed == [("b@example.com", f"SMTP 127.0.0.1:{c.port}: authentication failed (535)")]
        assert "wrong" not in report.failed[0][1] and sleeps == []  # permanent: not retried
        # a client that does not trust the certificate refuses to talk
        untrusted = with_recipients(mail_config(c.port, security="starttls"), to("c@example.com"))
        report = deliver(plan(entries, NO_STATE, TODAY, untrusted), untrusted, MemorySentLog(), backoff=())
        assert report.failed and "TLS failed" in report.failed[0][1]
    finally:
        c.stop()


def test_implicit_tls(entries: list[Entry], cert: tuple[Path, Path]) -> None:
    crt, key = cert
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(crt, key)
    box = Mailbox()
    c = start_smtp(box, ssl_context=ctx)
    try:
        config = with_recipients(mail_config(c.port, security="tls", ca_file=str(crt)), to("a@example.com"))
        report = deliver(plan(entries, NO_STATE, TODAY, config), config, MemorySentLog(), backoff=())
        assert report.delivered == ["a@example.com"]
        assert received(box)["Subject"].startswith("【bocal】")
    finally:
        c.stop()


def test_one_refused_recipient_does_not_stop_the_others_and_transient_failures_are_retried(
    entries: list[Entry], mailbox: tuple[Mailbox, int]
) -> None:
    box, port = mailbox
    box.refuse["gone@example.com"] = "550 5.1.1 no such user"
    box.transient_left = 2  # the first two DATA commands answer 451
    config = with_recipients(mail_config(port), to("gone@example.com"), to("a@example.com"), to("b@example.com"))
    sleeps: list[float] = []
    report = deliver(
        plan(entries, NO_STATE, TODAY, config), config, MemorySentLog(), backoff=(1.0, 4.0, 9.0), sleep=sleeps.append
    )
    assert report.failed == [("gone@example.com", f"SMTP 127.0.0.1:{port}: recipient refused (550)")]
    assert report.delivered == ["a@example.com", "b@example.com"]
    assert sleeps == [1.0, 4.0]  # a@ was tried three times: 451, 451, then accepted
    assert [m[1] for m in box.messages] == [["a@example.com"], ["b@example.com"]]


def test_nobody_listening_is_transient_and_reported_after_the_retries(entries: list[Entry]) -> None:
    config = with_recipients(mail_config(free_port()), to("a@example.com"), to("b@example.com"))
    sleeps: list[float] = []
    report = deliver(
        plan(entries, NO_STATE, TODAY, config), config, MemorySentLog(), backoff=(1.0, 2.0), sleep=sleeps.append
    )
    # a@ waits through the backoff; b@ is tried once more, not made to wait again for a server that is down
    assert sleeps == [1.0, 2.0]
    assert [n for n, _ in report.failed] == ["a@example.com", "b@example.com"]
    assert all("cannot connect" in m for _, m in report.failed)


def test_sent_log_makes_a_second_run_send_nothing_and_force_resends(
    entries: list[Entry], mailbox: tuple[Mailbox, int]
) -> None:
    box, port = mailbox
    config = with_recipients(mail_config(port), to("a@example.com"))
    log = MemorySentLog()
    first = deliver(plan(entries, NO_STATE, TODAY, config), config, log, backoff=())
    second = deliver(plan(entries, NO_STATE, TODAY, config), config, log, backoff=())
    assert first.delivered == ["a@example.com"] and second.already_sent == ["a@example.com"]
    assert len(box.messages) == 1
    forced = deliver(plan(entries, NO_STATE, TODAY, config), config, log, backoff=(), force=True)
    assert forced.delivered == ["a@example.com"] and len(box.messages) == 2
    # the next day is a new digest
    nxt = deliver(plan(entries, NO_STATE, TODAY + timedelta(days=1), config), config, log, backoff=())
    assert nxt.delivered == ["a@example.com"]


def test_empty_digest_is_not_sent(entries: list[Entry], mailbox: tuple[Mailbox, int]) -> None:
    box, port = mailbox
    config = with_recipients(mail_config(port), to("it@example.com", audience=Audience(areas=("it",))))
    report = deliver(plan(entries, NO_STATE, TODAY, config), config, MemorySentLog(), backoff=())
    assert report.empty == ["it@example.com"] and box.messages == []


# -- webhooks ------------------------------------------------------------------------------------


@pytest.fixture
def hook() -> Iterator[tuple[Hook, str]]:
    h = Hook()
    gen = serve_hook(h)
    base = next(gen)
    yield h, base
    gen.close()


def hook_to(kind: str, url: str, name: str | None = None) -> Recipient:
    return Recipient(name or kind, Channel(kind, url=url))


def test_each_webhook_kind_gets_the_json_its_service_documents(entries: list[Entry], hook: tuple[Hook, str]) -> None:
    h, base = hook
    config = NotifyConfig(
        days=14,
        overdue_days=30,
        recipients=tuple(hook_to(k, f"{base}/{k}") for k in ("slack", "teams", "google-chat", "json")),
    )
    report = deliver(plan(entries, NO_STATE, TODAY, config), config, MemorySentLog(), backoff=())
    assert report.delivered == ["slack", "teams", "google-chat", "json"]
    got = {path: (headers, body) for path, headers, body in h.received}
    assert all(hd["Content-Type"] == "application/json; charset=utf-8" for hd, _ in got.values())
    slack = got["/slack"][1]
    assert slack["text"].startswith("【bocal】今後14日の期限 2件") and slack["blocks"][0]["type"] == "header"
    teams = got["/teams"][1]
    assert teams["type"] == "message"
    assert teams["attachments"][0]["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert teams["attachments"][0]["content"]["type"] == "AdaptiveCard"
    assert set(got["/google-chat"][1]) == {"text"} and "12/10(木) あと10日" in got["/google-chat"][1]["text"]
    generic = got["/json"][1]
    assert generic["today"] == "2026-11-30" and generic["counts"] == {"overdue": 2, "due": 2, "opening": 0}
    assert [i["due"] for i in generic["items"]] == ["2026-11-02", "2026-11-10", "2026-11-30", "2026-12-10"]


def test_a_500_is_retried_a_400_is_not_and_the_url_is_never_in_a_message(
    entries: list[Entry], hook: tuple[Hook, str]
) -> None:
    h, base = hook
    secret = f"{base}/services/T000/B000/XXXXSECRET"
    h.statuses = [500, 500, 200, 400]
    config = NotifyConfig(days=14, recipients=(hook_to("slack", secret, "first"), hook_to("slack", secret, "second")))
    sleeps: list[float] = []
    report = deliver(
        plan(entries, NO_STATE, TODAY, config), config, MemorySentLog(), backoff=(1.0, 2.0, 3.0), sleep=sleeps.append
    )
    assert report.delivered == ["first"] and sleeps == [1.0, 2.0]
    assert report.failed == [("second", "Slack webhook: answered 400")]
    assert len(h.received) == 4


def test_a_webhook_that_never_answers_times_out_and_the_others_are_served(
    entries: list[Entry], hook: tuple[Hook, str]
) -> None:
    h, base = hook
    gen = silent_server()
    silent = next(gen)
    try:
        config = NotifyConfig(
            days=14,
            webhook_timeout=0.5,
            recipients=(hook_to("json", silent, "stuck"), hook_to("json", f"{base}/ok", "ok")),
        )
        report = deliver(plan(entries, NO_STATE, TODAY, config), config, MemorySentLog(), backoff=(0.0,))
        assert report.failed == [("stuck", "JSON webhook: timed out")]
        assert report.delivered == ["ok"] and [p for p, _, _ in h.received] == ["/ok"]
    finally:
        gen.close()


def test_post_json_raises_transient_on_refused_connection() -> None:
    with pytest.raises(DeliveryError) as e:
        post_json(f"http://127.0.0.1:{free_port()}/x", {"a": 1}, kind="json", timeout=2)
    assert e.value.transient and "127.0.0.1" not in e.value.message


# -- the sent-log in the task store ----------------------------------------------------------------


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> DbUrl:
    return both_backends(request, tmp_path / "data" / "state.sqlite3")


def test_store_sent_log_remembers_across_processes_and_force_updates(db: DbUrl, tmp_path: Path) -> None:
    fresh = StoreSentLog(db)
    assert not fresh.was_sent("a|email:a@example.com|2026-11-30")
    if db.dialect == "sqlite":
        assert not Path(db.target).exists()  # reading never creates the database
    at = datetime(2026, 11, 30, 8, 0, tzinfo=timezone(timedelta(hours=9)))
    fresh.record(Sending("a|email:a@example.com|2026-11-30", TODAY, "a", "email:a@example.com", "f1", 4, at))
    fresh.close()
    again = StoreSentLog(db)  # a later run (another process in real life)
    assert again.was_sent("a|email:a@example.com|2026-11-30")
    assert not again.was_sent("a|email:a@example.com|2026-12-01")
    again.record(Sending("a|email:a@example.com|2026-11-30", TODAY, "a", "email:a@example.com", "f2", 3, at))
    (row,) = again.sent_on(TODAY)
    assert (row.fingerprint, row.items, row.at) == ("f2", 3, at)
    # the task store itself still works on the same database (migration 20 sits beside its tables)
    with Store(db) as store:
        assert store.snapshot().get("x") is None
    again.close()


def test_starttls_asked_of_a_server_without_it_fails_at_once(
    entries: list[Entry], mailbox: tuple[Mailbox, int]
) -> None:
    box, port = mailbox
    config = with_recipients(mail_config(port, security="starttls"), to("a@example.com"))
    sleeps: list[float] = []
    report = deliver(
        plan(entries, NO_STATE, TODAY, config), config, MemorySentLog(), backoff=(1.0,), sleep=sleeps.append
    )
    # never falls back to sending in clear, and does not retry a server that cannot do it
    assert report.failed == [("a@example.com", f"SMTP 127.0.0.1:{port}: the server does not offer STARTTLS (or AUTH)")]
    assert sleeps == [] and box.messages == []
