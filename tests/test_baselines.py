"""Quality floors are only ever raised: across the git history of every baseline
file in benchmarks/baselines/, no number may go down from one version to the next."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
BASELINES = REPO / "benchmarks" / "baselines"


def _flatten(data: Any, prefix: str = "") -> dict[str, float]:
    flat: dict[str, float] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            flat.update(_flatten(value, f"{prefix}{key}."))
    elif isinstance(data, (int, float)) and not isinstance(data, bool):
        flat[prefix.rstrip(".")] = float(data)
    return flat


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=True).stdout


def _versions(path: Path) -> list[tuple[str, dict[str, float]]]:
    """The file's committed versions along the first-parent line (the versions this
    branch had, merges included), oldest first, then the working copy. A side branch's
    commits are not in it: two branches each adding floors are compared as merged, not
    as one linear history in which each seems to drop the other's."""
    rel = path.relative_to(REPO).as_posix()
    commits = _git("log", "--first-parent", "--format=%H", "--", rel).split()
    versions = []
    for commit in reversed(commits):
        try:
            text = _git("show", f"{commit}:{rel}")
        except subprocess.CalledProcessError:
            continue  # the commit deleted or renamed it
        versions.append((commit[:10], _flatten(json.loads(text))))
    versions.append(("working tree", _flatten(json.loads(path.read_text(encoding="utf-8")))))
    return versions


def test_baseline_files_exist() -> None:
    assert sorted(BASELINES.glob("*.json")), "benchmarks/baselines/ holds the quality floors"


@pytest.mark.parametrize("path", sorted(BASELINES.glob("*.json")), ids=lambda p: p.name)
def test_floors_never_go_down(path: Path) -> None:
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout; history cannot be checked")
    versions = _versions(path)
    for (old_name, old), (new_name, new) in zip(versions, versions[1:], strict=False):
        for key, floor in old.items():
            if key.startswith("_"):
                continue
            assert key in new, f"{path.name}: floor {key} was removed in {new_name}"
            assert new[key] >= floor, (
                f"{path.name}: {key} lowered {floor} -> {new[key]} in {new_name} (was {old_name})"
            )
