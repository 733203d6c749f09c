"""A private PostgreSQL server for the tests: initdb + pg_ctl on a temporary directory, a free
loopback port, started once per session and stopped (immediately) at its end.

Fixtures: `postgres_server` (the base URL) and `postgres_db` (a fresh empty database per test, as a
`postgresql://` URL string). `both_backends(request, sqlite_file)` is the body of a fixture
parametrized ``params=BACKENDS``: the SQLite file, or a fresh PostgreSQL database. Without PostgreSQL installed the tests that need it skip locally with
the install command; under CI (the CI environment variable set) that is a failure instead.
As root the server runs as the `postgres` user (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from bocal.store.url import DbUrl

INSTALL = "PostgreSQL is not installed: run .ci/tools.d/postgres (apt-get install postgresql)"


def pg_bin() -> Path | None:
    for found in sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True):
        return Path(found).parent
    which = shutil.which("initdb")
    return Path(which).resolve().parent if which else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    bindir = pg_bin()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail(INSTALL)
        pytest.skip(INSTALL)
    root = Path(tempfile.mkdtemp(prefix="bocal-pg-"))
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(root, pw.pw_uid, pw.pw_gid)
    data, port = root / "data", free_port()
    run = lambda *cmd: subprocess.run(_as_server_user([str(c) for c in cmd]), check=True, capture_output=True)  # noqa: E731
    run(bindir / "initdb", "-D", data, "-A", "trust", "-U", "bocal", "-E", "UTF8", "--locale=C", "--no-sync")
    opts = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60"
    run(bindir / "pg_ctl", "-D", data, "-o", opts, "-l", root / "log", "-w", "-t", "60", "start")
    try:
        yield f"postgresql://bocal@127.0.0.1:{port}"
    finally:
        subprocess.run(
            _as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]), capture_output=True
        )
        shutil.rmtree(root, ignore_errors=True)


_numbers = itertools.count(1)


@pytest.fixture
def postgres_db(postgres_server: str) -> str:
    """A fresh, empty database on the session's server."""
    import psycopg

    name = f"t{os.getpid()}_{next(_numbers)}"
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{postgres_server}/{name}"


#: The params of a fixture that runs its tests on both stores (see `both_backends`).
BACKENDS = ["sqlite", "postgresql"]


def both_backends(request: pytest.FixtureRequest, sqlite_file: Path) -> DbUrl:
    """The store URL for this param of BACKENDS: `sqlite_file`, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return DbUrl("sqlite", str(sqlite_file))
    return DbUrl("postgresql", request.getfixturevalue("postgres_db"))
