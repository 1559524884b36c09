"""docs/web.md's issue #11 checklist names real tests: every `file.py::test_name`
(or `::test_name` after a file in the same cell) is a test function in tests/web."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def _checklist() -> str:
    text = (REPO / "docs" / "web.md").read_text(encoding="utf-8")
    return text.split("## Issue #11 checklist", 1)[1]


def test_the_checklist_names_only_tests_that_exist() -> None:
    cited = 0
    for line in _checklist().splitlines():
        if not line.startswith("|"):
            continue
        current: str | None = None
        for file, name in re.findall(
            r"`(?:(test_\w+\.py|atom_rules\.py|conftest\.py))?(?:::(\w+))?[^`]*`", line
        ):
            if file:
                current = file
                assert (HERE / file).exists(), file
            if name:
                assert current, (line, name)
                source = (HERE / current).read_text(encoding="utf-8")
                assert re.search(rf"^def {name}\(", source, flags=re.M), (current, name)
                cited += 1
    assert cited > 40
