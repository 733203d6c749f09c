"""What `bocal list` loads: the command run in a fresh interpreter (nothing imported before it), then
one expression over `sys.modules` printed — for the start-up tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def after_list(rules: str | Path, expr: str) -> str:
    """The value of `expr` (Python, may use `sys`) printed after `bocal list` over `rules` succeeded."""
    code = (
        "import sys\n"
        "from bocal.cli import main\n"
        f"sys.argv = ['bocal', '--today', '2026-01-05', 'list', '--no-bundled', '--rules', {str(rules)!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as e:\n"
        "    assert not e.code, e.code\n"
        f"print('AFTER', {expr})\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"LANG": "C.UTF-8"})
    assert r.returncode == 0, r.stderr
    last = r.stdout.splitlines()[-1]
    assert last.startswith("AFTER "), r.stdout
    return last.removeprefix("AFTER ")
