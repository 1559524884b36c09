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


# The stages talk through model.py (and the store), never to each other: a stage can
# then run in another process or be replaced without dragging the others along.
STAGES = ("ingest", "annotate", "group", "story")
# Imports across stages that exist today, each with the reason it is still there.
# The list may only shrink: a new cross-stage import fails the test below.
KNOWN_CROSSINGS = {
    # The grouping evaluation harness annotates its corpora before grouping them.
    ("group/evaluate.py", "annotate"),
}


def imported_modules(path: Path) -> set[str]:
    """Every `storyline.*` module the file imports, at any depth (lazy imports too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return {m for m in found if m.startswith("storyline.")}


def stage_crossings() -> set[tuple[str, str]]:
    crossings = set()
    for stage in STAGES:
        for path in (SRC / stage).rglob("*.py"):
            for module in imported_modules(path):
                other = module.split(".")[1]
                if other in STAGES and other != stage:
                    crossings.add((str(path.relative_to(SRC)), other))
    return crossings


def test_stages_do_not_import_each_other() -> None:
    assert stage_crossings() - KNOWN_CROSSINGS == set()


def test_the_known_crossings_are_still_real() -> None:
    """A crossing that was removed must leave the list too, so the list only shrinks."""
    assert KNOWN_CROSSINGS <= stage_crossings()


def test_the_store_and_the_model_import_no_stage() -> None:
    for path in [SRC / "model.py", *(SRC / "store").rglob("*.py")]:
        assert {m.split(".")[1] for m in imported_modules(path)} & set(STAGES) == set(), path


def test_grouping_never_reaches_the_nlp_adapter() -> None:
    """Titles and verbs are read in the annotate stage: grouping's runtime modules import
    neither the adapter nor anything of the annotate stage (only the evaluation harness,
    which annotates its corpora, may), directly or through another storyline module."""
    harness = {SRC / "group" / "evaluate.py"}
    for path in (SRC / "group").rglob("*.py"):
        if path in harness:
            continue
        reached = transitive_modules(path)
        assert not {m for m in reached if m.startswith("storyline.annotate")}, path
        assert not imported_roots(path) & NLP_LIBRARIES, path


def transitive_modules(path: Path) -> set[str]:
    """Every storyline module reachable from `path` through imports (lazy ones included)."""
    seen: set[str] = set()
    todo = list(imported_modules(path))
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        parts = module.split(".")[1:]
        for candidate in (SRC.joinpath(*parts).with_suffix(".py"), SRC.joinpath(*parts) / "__init__.py"):
            if candidate.exists():
                todo.extend(imported_modules(candidate))
    return seen


# `cli.py` registers commands; the commands themselves live in `commands/`.
CLI_MAX_LINES = 200
STAGE_MODULES = ("storyline.pipeline", *(f"storyline.{stage}" for stage in STAGES))


def test_every_command_lives_in_the_commands_package() -> None:
    from storyline.cli import app

    homes = {c.callback.__module__ for c in app.registered_commands if c.callback is not None}
    assert homes and all(home.startswith("storyline.commands.") for home in homes), homes
    assert len((SRC / "cli.py").read_text(encoding="utf-8").splitlines()) <= CLI_MAX_LINES


def test_loading_the_cli_loads_no_stage() -> None:
    """`storyline --help` (and any command's start) must not pay for the models."""
    import subprocess
    import sys

    probe = "import sys, storyline.cli; print('\\n'.join(sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    modules = set(loaded.split())
    assert not {m for m in modules if m.startswith(STAGE_MODULES)}
    assert not modules & NLP_LIBRARIES


# A store module past this many lines is split along its concerns (the contract in
# `base_*.py` parts, the SQL in `sql_*.py` mixins), as base.py and sql_store.py were.
STORE_MODULE_MAX_LINES = 500


def test_store_modules_stay_under_the_split_size() -> None:
    long = {
        str(path.relative_to(SRC)): n
        for path in (SRC / "store").rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > STORE_MODULE_MAX_LINES
    }
    assert long == {}
