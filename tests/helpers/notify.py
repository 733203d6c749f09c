"""Shared by the notify tests: a tiny rule set with hand-derivable dates, its digest entries
(`notify_entries`), a real SMTP server (aiosmtpd) and a real HTTP receiver on loopback."""

from __future__ import annotations

import json
import socket
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from bocal.expand import Expander
from bocal.notify.digest import Entry, expansion_range
from bocal.profile import build_profile
from bocal.rules import load_catalog
from bocal.tomlsource import parse_toml_bytes

#: Four duties whose dates are easy to derive by hand around 2026-11-30 (a Monday).
RULES = """
[[duty]]
id = "pay-tax"
title = "源泉所得税の納付"
title_en = "Pay withheld income tax"
area = "accounting"
every = "month"
due = "10th of next month"
shift = "following"
regime = "national-tax"
remind = [5, 1]
basis = "所得税法216条"
source = "https://elaws.e-gov.go.jp/"

[[duty]]
id = "premiums"
title = "社会保険料の納付"
title_en = "Pay social insurance premiums"
area = "labor"
every = "month"
due = "last day of next month"
shift = "following"
regime = "bank"
remind = [7]
basis = "健康保険法164条"
source = "https://elaws.e-gov.go.jp/"

[[duty]]
id = "year-end-forms"
title = "年末調整書類の回収 <扶養控除等> & 確認"
title_en = "Collect year-end adjustment forms"
area = "hr"
every = "year"
start = "12-01"
due = "12-25"
shift = "following"
regime = "government"
remind = [3]
basis = "所得税法194条"
source = "https://elaws.e-gov.go.jp/"
"""

PROFILE = """
[company]
name = "サンプル商事"
id = "sample"

[owners]
accounting = "経理 佐藤"
labor = "労務 鈴木"
"""


def write_rules(tmp: Path) -> Path:
    p = tmp / "rules.toml"
    p.write_text(RULES, encoding="utf-8")
    return p


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def self_signed(tmp: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1/localhost made with the openssl CLI: (cert, key)."""
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


class Mailbox:
    """An aiosmtpd handler that keeps what it receives; `refuse` maps an address to an SMTP reply."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.refuse: dict[str, str] = {}
        self.transient_left: int = 0  # answer the next N DATA commands with 451

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.transient_left > 0:
            self.transient_left -= 1
            return "451 4.3.0 try again later"
        self.messages.append(
            (envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content or envelope.content)
        )
        return "250 OK"


@dataclass
class Hook:
    """What a loopback webhook receiver got, and how it answers."""

    received: list[tuple[str, dict[str, str], Any]] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)  # answers to give, in order; 200 after

    def answer(self) -> int:
        return self.statuses.pop(0) if self.statuses else 200


def serve_hook(hook: Hook) -> Iterator[str]:
    """Run an HTTP receiver on 127.0.0.1; yields its base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            hook.received.append((self.path, dict(self.headers), json.loads(body.decode("utf-8"))))
            status = hook.answer()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"ok" if status < 300 else b"error")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def silent_server() -> Iterator[str]:
    """A TCP listener that accepts and never answers (a webhook that times out)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(8)
    try:
        yield f"http://127.0.0.1:{s.getsockname()[1]}/hook"
    finally:
        s.close()


def notify_entries(tmp: Path, today: date, pad: timedelta = timedelta(0)) -> list[Entry]:
    """RULES expanded for PROFILE over what a digest on `today` looks at (lead times [5, 1, 7, 3],
    14 days ahead, 30 overdue), widened by `pad` on each side; rules.toml is written in `tmp`."""
    (tmp / "rules.toml").write_text(RULES, encoding="utf-8")
    catalog = load_catalog([tmp / "rules.toml"], bundled=False)
    profile = build_profile(parse_toml_bytes(PROFILE.encode(), "p.toml").data, path="p.toml")
    start, end = expansion_range(today, [5, 1, 7, 3], 14, 30)
    return [Entry(t) for t in Expander(catalog).expand(profile, start - pad, end + pad)]
