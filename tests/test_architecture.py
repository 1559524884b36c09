"""The layering docs/architecture.md promises, checked on the source."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "storyline"

# natasha and the libraries under it stop at the adapter: the rest of the code
# sees our own dataclasses only.
NLP_LIBRARIES = {"natasha", "slovnet", "razdel", "pymorphy2", "navec", "yargy"}
ADAPTER = {SRC / "annotate" / "nlp.py", SRC / "annotate" / "tagger.py"}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_nlp_libraries_are_imported_only_by_the_adapter() -> None:
    offenders = {
        str(path.relative_to(SRC)): sorted(imported_roots(path) & NLP_LIBRARIES)
        for path in SRC.rglob("*.py")
        if path not in ADAPTER and imported_roots(path) & NLP_LIBRARIES
    }
    assert offenders == {}


def test_the_adapter_is_where_they_are() -> None:
    assert all(imported_roots(path) & NLP_LIBRARIES for path in ADAPTER)
