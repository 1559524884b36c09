"""Real SQLite stores for the read side, built once per session by the real pipeline."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from storyline.ingest import ingest
from storyline.pipeline import process
from storyline.store import open_store

# The bsnlp-ru topic used for paging: 83 articles, tens of threads, hundreds of entities.
PAGING_TOPIC = "bsnlp-covid-19"


def build(db: Path, sources: list[str]) -> Path:
    with open_store(db) as store:
        ingest(store, sources)
        process(store, workers=1)
    return db


@pytest.fixture(scope="session")
def seeds_db_master(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    return build(tmp_path_factory.mktemp("seeds") / "seeds.db", [str(seeds_dir)])


@pytest.fixture
def seeds_db(seeds_db_master: Path, tmp_path: Path) -> Path:
    """A private copy of the seeds store: a test may write to it or watch it for writes."""
    copy = tmp_path / "seeds.db"
    shutil.copy(seeds_db_master, copy)
    return copy


@pytest.fixture(scope="session")
def topic_db(tmp_path_factory: pytest.TempPathFactory, corpora: Path) -> Path:
    folder = tmp_path_factory.mktemp("topic")
    lines = (corpora / "bsnlp-ru" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    chosen = [ln for ln in lines if json.loads(ln)["id"].startswith(PAGING_TOPIC + "-")]
    assert len(chosen) > 50
    source = folder / "topic.jsonl"
    source.write_text("\n".join(chosen) + "\n", encoding="utf-8")
    return build(folder / "topic.db", [str(source)])
