"""A seeds database built once by the real pipeline, copied per test, and a
FastAPI TestClient over the real app (real SQLite, real writer thread)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline.ingest import ingest
from storyline.pipeline import process
from storyline.store import open_store
from storyline.web.app import create_app

TOKEN = "test-token-5f2c"


@pytest.fixture(scope="session")
def web_seeds_master(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    db = tmp_path_factory.mktemp("web-seeds") / "seeds.db"
    with open_store(db) as store:
        ingest(store, [str(seeds_dir)])
        process(store, workers=1)
    return db


@pytest.fixture
def web_db(web_seeds_master: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "seeds.db"
    shutil.copy(web_seeds_master, copy)
    return copy


@pytest.fixture
def client(web_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(web_db, token=TOKEN), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def story_id(client: TestClient) -> str:
    return str(client.get("/api/stories").json()["items"][0]["id"])
