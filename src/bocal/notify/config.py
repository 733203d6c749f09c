"""The `[notify]` table (and the equivalent flags): recipients, channels, schedule, language.

    [notify]
    lang = "ja"                      # ja | en (a recipient may say otherwise)
    days = 14                        # lead time; leave out to use each duty's `remind` values
    overdue_days = 30                # how far back overdue tasks are still listed
    schedule = "business-days"       # daily | weekdays | business-days | ["mon", "thu"]
    task_url = "https://bocal.example.jp/tasks/{key}"   # link to each task in the workspace
    from = "soumu@example.co.jp"
    smtp = "smtp.example.co.jp:587"
    smtp_security = "starttls"       # starttls | tls | plain (plain: this machine only)
    smtp_user = "soumu@example.co.jp"
    smtp_password_env = "BOCAL_SMTP_PASSWORD"          # or smtp_password_file (mode 0600)

    [notify.owners]                  # one digest per owner of the profile's [owners]
    "経理 佐藤" = "sato@example.co.jp"

    [[notify.recipient]]
    name = "労務チャンネル"
    webhook_env = "BOCAL_SLACK_LABOR"                   # or webhook_file; kind from the host
    areas = ["labor", "hr"]

Every key is declared once below (`NOTIFY_KEYS`, `RECIPIENT_KEYS`) with its type and meaning; the
README section and the checks read these tables. Secrets (the SMTP password, webhook URLs) come only
from the environment or from a file that only its owner can read; never from the TOML itself.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem, ProfileError, suggest
from ..profile import AREAS
from ..tomlsource import LineIndex
from .digest import DEFAULT_OVERDUE_DAYS, Audience
from .smtp import LOOPBACK, SECURITIES, SmtpConfig, default_security
from .webhook import KINDS, check_url, guess_kind

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SCHEDULES = ("daily", "weekdays", "business-days")

#: key → (type, ja, en). Types: str, int, lang, schedule, security, hostport, envname, path.
NOTIFY_KEYS: Mapping[str, tuple[str, str, str]] = {
    "lang": ("lang", "通知の言語（ja / en）", "Language of the digests (ja / en)"),
    "days": (
        "int",
        "何日先までの期限を載せるか（省略時は各期限の remind）",
        "Lead time in days (default: each duty's remind)",
    ),
    "overdue_days": ("int", "何日前までの期限超過を載せるか", "How many days back overdue tasks are listed"),
    "schedule": ("schedule", "送る日（daily / weekdays / business-days / 曜日の配列）", "Days to send on"),
    "task_url": (
        "url-template",
        "ワークスペースのタスクへのリンク（{key}・{company}・{duty}・{period} を置換）",
        "Link to a task in the workspace ({key}, {company}, {duty}, {period})",
    ),
    "from": ("str", "送信元アドレス", "Sender address"),
    "from_name": ("str", "送信元の表示名", "Sender display name"),
    "smtp": ("hostport", "SMTP サーバー（ホスト:ポート）", "SMTP server (host:port)"),
    "smtp_security": ("security", "starttls / tls / plain（plain はこのマシン宛のみ）", "starttls / tls / plain"),
    "smtp_user": ("str", "SMTP 認証のユーザー名", "SMTP user name"),
    "smtp_password_env": ("envname", "SMTP パスワードを入れた環境変数の名前", "Environment variable with the password"),
    "smtp_password_file": ("path", "SMTP パスワードのファイル（本人のみ読める 0600）", "Password file (mode 0600)"),
    "smtp_ca_file": ("path", "信頼する CA 証明書（PEM）", "Extra CA certificate (PEM) to trust"),
}
RECIPIENT_KEYS: Mapping[str, tuple[str, str, str]] = {
    "name": ("str", "宛先の名前（報告に使う）", "Recipient name (used in reports)"),
    "email": ("str", "メールアドレス", "Email address"),
    "webhook_env": ("envname", "Webhook URL を入れた環境変数の名前", "Environment variable holding the webhook URL"),
    "webhook_file": ("path", "Webhook URL のファイル（0600）", "File holding the webhook URL (mode 0600)"),
    "webhook_kind": ("kind", "slack / teams / google-chat / json（省略時は URL から）", "Webhook kind"),
    "owner": ("strs", "この担当者（[owners] か割当）のタスクだけ", "Only tasks of this owner"),
    "clients": ("strs", "この顧問先のタスクだけ（事務所）", "Only these clients"),
    "areas": ("areas", "この分野のタスクだけ", "Only these areas"),
    "lang": ("lang", "この宛先の言語", "This recipient's language"),
    "days": ("int", "この宛先の日数", "This recipient's lead time"),
}
TABLE_KEYS = (*NOTIFY_KEYS, "owners", "recipient")


@dataclass(frozen=True)
class Channel:
    """Where one digest goes: an address (email) or a webhook (kind + secret URL)."""

    kind: str  # email | slack | teams | google-chat | json
    address: str = ""  # the email address, or "" for a webhook
    url: str = field(default="", repr=False)  # secret: never shown

    @property
    def label(self) -> str:
        """What the sent-log calls the channel: the address, or the kind and a short hash of the URL
        (two webhooks of one kind stay apart; the URL itself is never stored)."""
        if self.kind == "email":
            return f"email:{self.address}"
        return f"webhook:{self.kind}:{hashlib.sha256(self.url.encode()).hexdigest()[:10]}"


@dataclass(frozen=True)
class Recipient:
    name: str
    channel: Channel
    audience: Audience = Audience()
    lang: str | None = None
    days: int | None = None

    @property
    def key(self) -> str:
        """Identity in the sent-log: the name and the channel label."""
        return f"{self.name}|{self.channel.label}"


@dataclass(frozen=True)
class NotifyConfig:
    recipients: tuple[Recipient, ...] = ()
    lang: str | None = None
    days: int | None = None
    overdue_days: int = DEFAULT_OVERDUE_DAYS
    schedule: tuple[str, ...] = ("daily",)
    task_url: str | None = None
    smtp: SmtpConfig | None = None
    #: Seconds to wait for a webhook's answer.
    webhook_timeout: float = 15.0


def read_secret_file(path: str) -> str:
    """The first line of a file only its owner may read (group/other bits off); ValueError otherwise."""
    p = Path(os.path.expanduser(path))
    try:
        st = p.stat()
    except OSError as e:
        raise ValueError(f"cannot read {path}: {e.strerror or e}") from None
    if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ValueError(f"{path} is readable by others (mode {stat.S_IMODE(st.st_mode):o}); chmod 600 it")
    from ..tomlsource import TomlReadError, read_bytes

    try:  # the one reader of input files: a regular file only (a FIFO would block), size capped
        first = read_bytes(str(p), path).decode("utf-8").strip().splitlines()
    except TomlReadError as e:
        raise ValueError(f"cannot read {path}: {e.problem.message}") from None
    except UnicodeDecodeError as e:
        raise ValueError(f"cannot read {path}: {e}") from None
    if not first:
        raise ValueError(f"{path} is empty")
    return first[0].strip()


def read_secret_env(name: str, env: Mapping[str, str]) -> str:
    value = env.get(name, "").strip()
    if not value:
        raise ValueError(f"the environment variable {name} is not set")
    return value


def parse_hostport(text: str) -> tuple[str, int]:
    m = re.fullmatch(r"\[?([A-Za-z0-9.:-]+?)\]?:(\d{1,5})", text.strip())
    if not m or not 0 < int(m.group(2)) < 65536:
        raise ValueError(f"{text!r} is not HOST:PORT such as smtp.example.co.jp:587")
    return m.group(1), int(m.group(2))


def check_email(text: Any) -> str:
    if not isinstance(text, str) or not re.fullmatch(r"[^@\s<>,;\"]+@[^@\s<>,;\"]+\.?[^@\s<>,;\"]*", text.strip()):
        raise ValueError(f"{text!r} is not an email address")
    return text.strip()


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a non-empty string")
    return value.strip()


def check_envname(value: Any) -> str:
    text = _text(value)
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", text):
        raise ValueError("must be the name of an environment variable, not its value")
    return text


def _days(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 366:
        raise ValueError("must be a whole number of days from 0 to 366")
    return value


def _one_of(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in choices:
            hint = suggest(str(value), choices)
            raise ValueError(f"must be one of {', '.join(choices)}" + (f" ({hint})" if hint else ""))
        return str(value)

    return check


def _hostport(value: Any) -> tuple[str, int]:
    if not isinstance(value, str):
        raise ValueError("must be a string HOST:PORT")
    return parse_hostport(value)


def _strs(value: Any) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(x, str) and x.strip() for x in items):
        raise ValueError("must be a string or a list of strings")
    return tuple(x.strip() for x in items)


def check_task_url(value: Any) -> str:
    """A link template: http(s), and only the fields render.task_link fills in."""
    text = _text(value)
    if not text.startswith(("https://", "http://")):
        raise ValueError("must be an https:// URL such as https://bocal.example.jp/tasks/{key}")
    try:
        text.format_map({"key": "k", "company": "c", "duty": "d", "period": "p"})
    except (KeyError, ValueError, IndexError) as e:
        raise ValueError(
            f"has a field bocal cannot fill ({e}); use {{key}}, {{company}}, {{duty}} or {{period}}"
        ) from None
    return text


def _areas(value: Any) -> tuple[str, ...]:
    items = _strs(value)
    bad = [a for a in items if a not in AREAS]
    if bad:
        raise ValueError(f"unknown area {bad[0]!r} (areas are {', '.join(AREAS)})")
    return items


def _value(kind: str, value: Any) -> Any:
    return CHECKS[kind](value)


def parse_schedule(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        if value not in SCHEDULES:
            raise ValueError(f'must be one of {", ".join(SCHEDULES)}, or a list of weekdays such as ["mon", "thu"]')
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) and v.lower()[:3] in WEEKDAYS for v in value):
        return tuple(sorted({v.lower()[:3] for v in value}, key=WEEKDAYS.index))
    raise ValueError(f'must be one of {", ".join(SCHEDULES)}, or a list of weekdays such as ["mon", "thu"]')


CHECKS: Mapping[str, Callable[[Any], Any]] = {
    "str": _text,
    "url-template": check_task_url,
    "path": _text,
    "envname": check_envname,
    "int": _days,
    "lang": _one_of(("ja", "en")),
    "security": _one_of(SECURITIES),
    "kind": _one_of(KINDS),
    "hostport": _hostport,
    "schedule": lambda v: parse_schedule(v),
    "strs": _strs,
    "areas": _areas,
}


def scheduled(schedule: tuple[str, ...], weekday: int, is_business_day: bool) -> bool:
    """Whether a digest goes out on a day (`weekday` 0 = Monday)."""
    if schedule == ("daily",):
        return True
    if schedule == ("weekdays",):
        return weekday < 5
    if schedule == ("business-days",):
        return is_business_day
    return WEEKDAYS[weekday] in schedule


@dataclass
class _Reader:
    """Validates one [notify] table, collecting every problem with its line."""

    path: str | None
    lines: LineIndex
    env: Mapping[str, str]
    problems: list[Problem] = field(default_factory=list)

    def problem(self, msg: str, table: tuple[str, int], key: str | None = None, hint: str | None = None) -> None:
        shown = key
        if table[0] == "notify.recipient":
            shown = f"notify.recipient[{table[1] + 1}]" + (f".{key}" if key else "")
        elif key is not None:
            shown = f"notify.{key}"
        line = self.lines.line(table, key) or self.lines.line(("notify", 0))
        self.problems.append(Problem(msg, path=self.path, line=line, key=shown, hint=hint))

    def values(
        self,
        raw: Mapping[str, Any],
        keys: Mapping[str, tuple[str, str, str]],
        table: tuple[str, int],
        extra: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in raw.items():
            if k in extra:
                continue
            if k not in keys:
                hint = suggest(k, [*keys, *extra])
                if k in ("url", "webhook", "password", "smtp_password"):
                    hint = (
                        "secrets never go in the TOML file: use *_env (an environment variable) or *_file (mode 0600)"
                    )
                self.problem("unknown key", table, k, hint or f"keys are {', '.join([*keys, *extra])}")
                continue
            try:
                out[k] = _value(keys[k][0], v)
            except ValueError as e:
                self.problem(str(e), table, k)
        return out

    def secret(self, values: Mapping[str, Any], env_key: str, file_key: str, table: tuple[str, int]) -> str | None:
        try:
            if env_key in values:
                return read_secret_env(values[env_key], self.env)
            if file_key in values:
                return read_secret_file(values[file_key])
        except ValueError as e:
            self.problem(str(e), table, env_key if env_key in values else file_key)
        return None


def build_smtp(
    hostport: tuple[str, int],
    *,
    security: str | None = None,
    user: str | None = None,
    password: str | None = None,
    sender: str | None = None,
    sender_name: str | None = None,
    ca_file: str | None = None,
) -> SmtpConfig:
    """An SmtpConfig, refusing a plain connection (or a password in clear) to another machine."""
    host, port = hostport
    sec = security or default_security(host, port)
    if sec == "plain" and host not in LOOPBACK:
        raise ValueError(f"plain SMTP to {host} would send mail (and any password) unencrypted; use starttls or tls")
    return SmtpConfig(
        host=host,
        port=port,
        security=sec,
        username=user,
        password=password,
        sender=sender or "bocal@localhost",
        sender_name=sender_name or "bocal",
        ca_file=os.path.expanduser(ca_file) if ca_file else None,
    )


def load_notify(
    data: Mapping[str, Any], *, path: str | None, lines: LineIndex | None = None, env: Mapping[str, str]
) -> NotifyConfig:
    """Validate a [notify] table (the parsed TOML of the whole file is `data`); ProfileError lists every problem."""
    r = _Reader(path, lines or LineIndex(), env)
    raw = data.get("notify", {})
    top = ("notify", 0)
    if not isinstance(raw, dict):
        raise ProfileError(Problem("notify must be a table ([notify])", path=path))
    v = r.values(raw, NOTIFY_KEYS, top, extra=("owners", "recipient"))
    smtp = None
    if "smtp" in v:
        password = r.secret(v, "smtp_password_env", "smtp_password_file", top)
        try:
            from_addr = check_email(v["from"]) if "from" in v else None
            smtp = build_smtp(
                v["smtp"],
                security=v.get("smtp_security"),
                user=v.get("smtp_user"),
                password=password,
                sender=from_addr,
                sender_name=v.get("from_name"),
                ca_file=v.get("smtp_ca_file"),
            )
        except ValueError as e:
            r.problem(str(e), top, "smtp")
    recipients = _owner_recipients(r, raw.get("owners", {}))
    rec_raw = raw.get("recipient", [])
    if not isinstance(rec_raw, list):
        r.problem("recipients are an array of tables: write [[notify.recipient]]", top, "recipient")
        rec_raw = []
    for i, item in enumerate(rec_raw):
        rec = _recipient(r, item, ("notify.recipient", i))
        if rec is not None:
            recipients.append(rec)
    if any(x.channel.kind == "email" for x in recipients) and smtp is None:
        r.problem(
            "email recipients need an SMTP server", top, None, 'set smtp = "HOST:PORT" in [notify], or give --smtp'
        )
    if r.problems:
        raise ProfileError(r.problems)
    return NotifyConfig(
        recipients=tuple(recipients),
        lang=v.get("lang"),
        days=v.get("days"),
        overdue_days=v.get("overdue_days", DEFAULT_OVERDUE_DAYS),
        schedule=v.get("schedule", ("daily",)),
        task_url=v.get("task_url"),
        smtp=smtp,
    )


def _owner_recipients(r: _Reader, owners: Any) -> list[Recipient]:
    out: list[Recipient] = []
    table = ("notify.owners", 0)
    if not isinstance(owners, dict):
        r.problem('must be a table: [notify.owners] with owner = "address" lines', ("notify", 0), "owners")
        return out
    for owner, address in owners.items():
        try:
            addr = check_email(address)
        except ValueError as e:
            r.problem(str(e), table, owner)
            continue
        out.append(Recipient(name=owner, channel=Channel("email", addr), audience=Audience(owners=(owner,))))
    return out


def _recipient(r: _Reader, item: Any, table: tuple[str, int]) -> Recipient | None:
    if not isinstance(item, dict):
        r.problem("must be a table", table)
        return None
    before = len(r.problems)
    v = r.values(item, RECIPIENT_KEYS, table)
    has_mail, has_hook = "email" in v, ("webhook_env" in v or "webhook_file" in v)
    if has_mail == has_hook:
        r.problem("give either email or webhook_env/webhook_file", table)
        return None
    channel = None
    if has_mail:
        try:
            channel = Channel("email", check_email(v["email"]))
        except ValueError as e:
            r.problem(str(e), table, "email")
    else:
        url = r.secret(v, "webhook_env", "webhook_file", table)
        if url is not None:
            why = check_url(url)
            if why:
                r.problem(f"the webhook URL {why}", table, "webhook_env" if "webhook_env" in v else "webhook_file")
            else:
                channel = Channel(v.get("webhook_kind") or guess_kind(url), url=url)
    if channel is None or len(r.problems) > before:
        return None
    name = v.get("name") or channel.address or f"recipient {table[1] + 1}"
    audience = Audience(owners=v.get("owner", ()), clients=v.get("clients", ()), areas=v.get("areas", ()))
    return Recipient(name=name, channel=channel, audience=audience, lang=v.get("lang"), days=v.get("days"))


def keys_markdown() -> str:
    """The README's table of [notify] keys, written from NOTIFY_KEYS and RECIPIENT_KEYS."""
    rows = ["| key | 意味 / meaning |", "|---|---|"]
    rows += [f"| `{k}` | {ja} / {en} |" for k, (_, ja, en) in NOTIFY_KEYS.items()]
    rows.append("| `[notify.owners]` | 担当者名 = メールアドレス（`[owners]` の担当者ごとに1通） / owner = address |")
    rows += [f"| `[[notify.recipient]]` `{k}` | {ja} / {en} |" for k, (_, ja, en) in RECIPIENT_KEYS.items()]
    return "\n".join(rows)
