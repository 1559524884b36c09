"""The web sits on top: nothing but the CLI (cli.py, commands/) imports it, and it reads through the read side."""

from __future__ import annotations

from pathlib import Path

from tests.test_architecture import SRC, imported_roots

WEB = SRC / "web"


def _imports(path: Path) -> set[str]:
    import ast

    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def test_nothing_below_the_cli_imports_the_web() -> None:
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if WEB not in path.parents
        and path.name != "cli.py"
        and SRC / "commands" not in path.parents  # the CLI's commands, in their own modules
        and any(m.startswith("storyline.web") for m in _imports(path))
    ]
    assert offenders == []


def test_the_web_imports_no_nlp_library_directly() -> None:
    from tests.test_architecture import NLP_LIBRARIES

    assert not any(imported_roots(path) & NLP_LIBRARIES for path in WEB.rglob("*.py"))


def test_the_web_never_opens_a_writable_store_outside_the_writer() -> None:
    users = [p.name for p in WEB.rglob("*.py") if "open_store" in p.read_text(encoding="utf-8")]
    assert users == ["writer.py"]
