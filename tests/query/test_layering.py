"""The read side's promises, checked on the source: it reads, the renderers format."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "storyline"
QUERY = SRC / "query"
RENDERERS = [SRC / "story" / "render.py", SRC / "export" / "markdown.py"]
WRITE_SIDE = ("storyline.pipeline", "storyline.ingest", "storyline.annotate", "storyline.group")


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_the_query_layer_imports_no_write_side_stage() -> None:
    for path in QUERY.glob("*.py"):
        bad = {m for m in imports(path) if m.startswith(WRITE_SIDE)}
        assert not bad, (path.name, bad)


def test_the_query_layer_never_opens_a_writable_store() -> None:
    for path in QUERY.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "open_store" not in text and "SQLiteStore" not in text, path.name
        if "sqlite3.connect(" in text:
            assert "mode=ro" in text, path.name


def test_renderers_format_a_view_and_touch_no_database() -> None:
    for path in RENDERERS:
        found = imports(path)
        assert not {m for m in found if m.startswith(("sqlite3", "storyline.store"))}, path.name
        assert any(m.startswith("storyline.query.view") for m in found), path.name
