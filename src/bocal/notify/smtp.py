"""Mail over SMTP: STARTTLS, implicit TLS, or plain on loopback; AUTH; one multipart/alternative message.

The message has a plain-text part and an HTML part; its headers go out RFC 2047-encoded
(`email.policy.SMTP`), so 「【bocal】今後14日の期限 3件」 arrives readable in every mail client. The
Message-ID is derived from the idempotence key (the same digest → the same id), and the Date header
is passed in by the edge (the only place allowed to read the clock).
"""

from __future__ import annotations

import hashlib
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from .channel import DeliveryError

SECURITIES = ("starttls", "tls", "plain")
LOOPBACK = ("127.0.0.1", "::1", "localhost")


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    security: str = "starttls"  # starttls | tls | plain (loopback only)
    username: str | None = None
    password: str | None = None
    sender: str = "bocal@localhost"
    sender_name: str = "bocal"
    timeout: float = 30.0
    #: Extra CA certificates to trust (PEM file), e.g. an office relay's own CA.
    ca_file: str | None = None

    def __repr__(self) -> str:  # never show the password
        return (
            f"SmtpConfig(host={self.host!r}, port={self.port}, security={self.security!r}, username={self.username!r})"
        )


def default_security(host: str, port: int) -> str:
    """465 → implicit TLS; a loopback relay → plain; anything else → STARTTLS."""
    if port == 465:
        return "tls"
    if host in LOOPBACK:
        return "plain"
    return "starttls"


def build_message(
    *,
    sender: str,
    sender_name: str,
    to: str,
    subject: str,
    text: str,
    html: str,
    key: str,
    date: datetime | None = None,
) -> EmailMessage:
    """multipart/alternative: text/plain then text/html, both UTF-8."""
    msg = EmailMessage(policy=SMTP)
    msg["From"] = Address(display_name=sender_name, addr_spec=sender)
    msg["To"] = to
    msg["Subject"] = subject
    if date is not None:
        msg["Date"] = format_datetime(date)
    domain = sender.rpartition("@")[2] or "localhost"
    msg["Message-ID"] = f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to a reminder
    msg.set_content(text, charset="utf-8")
    msg.add_alternative(html, subtype="html", charset="utf-8")
    return msg


def _context(cfg: SmtpConfig) -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    if cfg.ca_file:
        ctx.load_verify_locations(cafile=cfg.ca_file)
    return ctx


def send(cfg: SmtpConfig, msg: EmailMessage) -> None:
    """Deliver one message; raise DeliveryError (transient or not) on failure."""
    where = f"SMTP {cfg.host}:{cfg.port}"
    try:
        if cfg.security == "tls":
            client: smtplib.SMTP = smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=cfg.timeout, context=_context(cfg))
        else:
            client = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)
        with client:
            if cfg.security == "starttls":
                client.starttls(context=_context(cfg))
            if cfg.username:
                client.login(cfg.username, cfg.password or "")
            client.send_message(msg)
    except smtplib.SMTPAuthenticationError as e:
        raise DeliveryError(f"{where}: authentication failed ({e.smtp_code})", transient=False) from None
    except smtplib.SMTPNotSupportedError:
        raise DeliveryError(f"{where}: the server does not offer STARTTLS (or AUTH)", transient=False) from None
    except smtplib.SMTPRecipientsRefused as e:
        codes = [c for c, _ in e.recipients.values()]
        transient = all(400 <= c < 500 for c in codes)
        raise DeliveryError(f"{where}: recipient refused ({', '.join(map(str, codes))})", transient=transient) from None
    except smtplib.SMTPResponseException as e:
        raise DeliveryError(f"{where}: refused ({e.smtp_code})", transient=400 <= e.smtp_code < 500) from None
    except ssl.SSLError as e:
        raise DeliveryError(f"{where}: TLS failed ({e.reason or e})", transient=False) from None
    except (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, TimeoutError) as e:
        raise DeliveryError(f"{where}: {type(e).__name__} ({e})", transient=True) from None
    except smtplib.SMTPException as e:
        raise DeliveryError(f"{where}: {e}", transient=False) from None
    except OSError as e:
        raise DeliveryError(f"{where}: cannot connect ({e.strerror or e})", transient=True) from None
