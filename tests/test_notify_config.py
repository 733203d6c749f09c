"""The [notify] table: every key declared once, every problem located, secrets only from env or 0600 files."""

from __future__ import annotations

from pathlib import Path

import pytest

from bocal.errors import ProfileError
from bocal.notify.config import CHECKS, NOTIFY_KEYS, RECIPIENT_KEYS, load_notify, parse_schedule, scheduled
from bocal.tomlsource import parse_toml_bytes


def load(text: str, env: dict[str, str] | None = None) -> object:
    doc = parse_toml_bytes(text.encode(), "n.toml")
    return load_notify(doc.data, path="n.toml", lines=doc.lines, env=env or {})


def problems(text: str, env: dict[str, str] | None = None) -> list[str]:
    with pytest.raises(ProfileError) as e:
        load(text, env)
    return [str(p) for p in e.value.problems]


def test_every_declared_type_has_a_check() -> None:
    assert {t for t, _, _ in (*NOTIFY_KEYS.values(), *RECIPIENT_KEYS.values())} <= set(CHECKS)


def test_every_problem_at_once_with_its_line() -> None:
    text = """[notify]
dayz = 3
schedule = "sometimes"
smtp = "mail.example.com"

[[notify.recipient]]
email = "a@example.com"
areas = ["labour"]

[[notify.recipient]]
name = "nothing"
"""
    assert problems(text) == [
        'n.toml:2: key "notify.dayz": unknown key (did you mean "days"?)',
        'n.toml:3: key "notify.schedule": must be one of daily, weekdays, business-days, or a list of weekdays such as ["mon", "thu"]',
        "n.toml:4: key \"notify.smtp\": 'mail.example.com' is not HOST:PORT such as smtp.example.co.jp:587",
        "n.toml:8: key \"notify.recipient[1].areas\": unknown area 'labour' (areas are general-affairs, hr, labor, accounting, legal, it)",
        'n.toml:10: key "notify.recipient[2]": give either email or webhook_env/webhook_file',
    ]  # fmt: skip


def test_secrets_from_the_environment_or_a_private_file(tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text("s3cret\n")
    secret.chmod(0o600)
    cfg = load(f'[notify]\nsmtp = "smtp.example.com:587"\nsmtp_user = "u"\nsmtp_password_file = "{secret}"\n')
    assert cfg.smtp.password == "s3cret" and cfg.smtp.security == "starttls"  # type: ignore[attr-defined]
    assert "s3cret" not in repr(cfg)
    cfg = load('[notify]\nsmtp = "smtp.example.com:465"\nsmtp_password_env = "PW"\n', {"PW": "x"})
    assert cfg.smtp.security == "tls"  # type: ignore[attr-defined]
    assert problems('[notify]\nsmtp = "smtp.example.com:587"\nsmtp_password_env = "PW"\n') == [
        'n.toml:3: key "notify.smtp_password_env": the environment variable PW is not set'
    ]
    assert problems('[notify]\nsmtp = "a.example:25"\nsmtp_password_env = "hunter2 x"\n') == [
        'n.toml:3: key "notify.smtp_password_env": must be the name of an environment variable, not its value'
    ]


def test_webhook_kind_from_the_host_and_url_checked() -> None:
    env = {"S": "https://hooks.slack.com/services/T/B/x", "G": "https://chat.googleapis.com/v1/spaces/x/messages?key=k"}
    env["T"] = "https://prod-00.japaneast.logic.azure.com:443/workflows/x/triggers/manual/paths/invoke?sig=s"
    env["H"] = "http://hooks.example.com/x"
    text = "".join(f'[[notify.recipient]]\nwebhook_env = "{k}"\n' for k in ("S", "G", "T"))
    cfg = load(text, env)
    assert [r.channel.kind for r in cfg.recipients] == ["slack", "google-chat", "teams"]  # type: ignore[attr-defined]
    assert all(env["S"] not in repr(r) for r in cfg.recipients)  # type: ignore[attr-defined]
    assert problems('[[notify.recipient]]\nwebhook_env = "H"\n', env) == [
        'n.toml:2: key "notify.recipient[1].webhook_env": the webhook URL must be https:// (plain http only to this machine)'
    ]


@pytest.mark.parametrize(
    ("schedule", "days"),
    [
        # 2026-11-30 Mon … 2026-12-06 Sun
        ("daily", [True] * 7),
        ("weekdays", [True] * 5 + [False] * 2),
        (["mon", "Thursday"], [True, False, False, True, False, False, False]),
    ],
)
def test_schedule(schedule: object, days: list[bool]) -> None:
    parsed = parse_schedule(schedule)
    assert [scheduled(parsed, wd, True) for wd in range(7)] == days


def test_business_days_follow_the_calendar_given() -> None:
    assert scheduled(("business-days",), 0, False) is False and scheduled(("business-days",), 5, True) is True
