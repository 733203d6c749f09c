"""Regenerate the README's terminal transcripts by running the real program.

A transcript is a fenced block (no language) whose first line is `$ COMMAND`; the rest of the block
is what the command printed — standard output and standard error as a terminal shows them, in one
stream. This script runs each COMMAND with bash in a fresh sandbox directory (`sandbox()`: the test
fixtures' three clients in `clients/`, no `bocal.toml`, so the built-in sample company is used and
says so; an empty HOME and XDG directories; LANG=C.UTF-8, bocal's Japanese default) with `bocal`
taken from this interpreter's environment, and writes the output under the command.

    python scripts/readme_examples.py            # rewrite README.md's transcripts
    python scripts/readme_examples.py --check    # exit 1 when one is stale (tests/test_readme.py)

Run it after a change that alters what a command prints (a footnote's wording, a new column); the
README then shows what the program really prints, never a hand-edited sample.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
FIXTURES = ROOT / "tests" / "fixtures"
TRANSCRIPT = re.compile(r"^```\n(\$ [^\n]+)\n(.*?)^```$", re.M | re.S)


def environment(home: Path) -> dict[str, str]:
    """The user's environment without anything of bocal's or the locale's, HOME and XDG in `home`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOCAL_", "LC_", "XDG_"))}
    env.update(LANG="C.UTF-8", HOME=str(home), NO_COLOR="1", COLUMNS="100")
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    for name in ("CONFIG", "DATA", "CACHE", "STATE"):
        d = home / name.lower()
        d.mkdir(parents=True, exist_ok=True)
        env[f"XDG_{name}_HOME"] = str(d)
    return env


@contextmanager
def sandbox() -> Iterator[tuple[Path, dict[str, str]]]:
    """A working directory with `clients/` (the fixtures: two good clients and a broken one), and its env."""
    with tempfile.TemporaryDirectory(prefix="bocal-readme-") as tmp:
        work = Path(tmp) / "work"
        shutil.copytree(FIXTURES / "clients", work / "clients")
        yield work, environment(Path(tmp) / "home")


def run(command: str) -> str:
    """What `command` prints in the sandbox (stdout and stderr in one stream, as a terminal shows)."""
    with sandbox() as (work, env):
        r = subprocess.run(
            ["bash", "-c", "{ " + command + "\n} 2>&1"], cwd=work, env=env, capture_output=True, text=True, check=False
        )
    return r.stdout


def render(readme: str) -> str:
    """The README with every transcript's output replaced by the program's."""

    def replace(m: re.Match[str]) -> str:
        prompt = m.group(1)
        return f"```\n{prompt}\n{run(prompt.removeprefix('$ '))}```"

    return TRANSCRIPT.sub(replace, readme)


if __name__ == "__main__":
    current = README.read_text("utf-8")
    fresh = render(current)
    if "--check" in sys.argv[1:]:
        if fresh != current:
            print("README.md transcripts are stale: run python scripts/readme_examples.py", file=sys.stderr)
            sys.exit(1)
        sys.exit(0)
    README.write_text(fresh, "utf-8")
