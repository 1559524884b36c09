"""Docs checked by tests: docs/cli.md is the `--help` of every command, and the
README's two set-up commands are the ones CI runs."""

from __future__ import annotations

import os
import re
from pathlib import Path

from typer.testing import CliRunner

from storyline.cli import app

REPO = Path(__file__).resolve().parents[1]
CLI_DOC = REPO / "docs" / "cli.md"

INTRO = """# Command reference

Generated from `storyline COMMAND --help`; `tests/test_docs.py` fails when it is out of
date (regenerate with `STORYLINE_REGOLD=1 python -m pytest tests/test_docs.py`).
`python -m storyline COMMAND` runs the same entry point as `storyline COMMAND`.
"""


def _commands() -> list[str]:
    return [c.name or c.callback.__name__ for c in app.registered_commands]  # type: ignore[union-attr]


def render_cli_doc() -> str:
    runner = CliRunner()
    parts = [INTRO]
    for name in _commands():
        result = runner.invoke(app, [name, "--help"], terminal_width=100, env={"COLUMNS": "100"})
        assert result.exit_code == 0, result.output
        parts.append(f"\n## storyline {name}\n\n```\n{result.output.strip()}\n```\n")
    return "".join(parts)


def test_cli_doc_is_current() -> None:
    expected = render_cli_doc()
    if os.environ.get("STORYLINE_REGOLD"):
        CLI_DOC.write_text(expected, encoding="utf-8")
    assert CLI_DOC.read_text(encoding="utf-8") == expected


def test_readme_setup_commands_match_ci() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```bash\n(.*?)```", readme, re.S)
    assert block, "README starts with a bash block of set-up commands"
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]
    assert len(commands) == 2
    install_and_demo, tests = commands
    assert install_and_demo.endswith("storyline demo")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    install = install_and_demo.split("&&")[0].strip()
    assert install.replace("pip install", "python -m pip install") in ci
    assert "storyline demo" in ci
    assert tests in ci


def test_every_command_in_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in _commands():
        assert f"`storyline {name}" in readme, name
