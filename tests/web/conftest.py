"""A seeds database built once by the real pipeline, copied per test, and a
FastAPI TestClient over the real app (real SQLite, real writer thread)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline.ingest import ingest
from storyline.pipeline import process
from storyline.store import open_store
from storyline.web.app import create_app

TOKEN = "test-token-5f2c"
LIVE_TOKEN = "live-token-91ad"
# How long a live server may take to start listening.
START_TIMEOUT_S = 60


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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def live(web_db: Path, tmp_path: Path) -> Iterator[str]:
    yield from _serve(web_db, tmp_path)


@pytest.fixture
def live_polling(web_db: Path, tmp_path: Path) -> Iterator[str]:
    """A live server whose pages check for new articles every second."""
    yield from _serve(web_db, tmp_path, "--poll", "1")


@pytest.fixture
def live_waiting(web_db: Path, tmp_path: Path) -> Iterator[str]:
    """A live server whose pages wait 3 s for news and would otherwise check every 2 minutes."""
    yield from _serve(web_db, tmp_path, "--poll", "120", "--live-wait", "3")


@pytest.fixture
def live_workers(web_db: Path, tmp_path: Path) -> Iterator[str]:
    """A live server of two processes."""
    yield from _serve(web_db, tmp_path, "--workers", "2")


def _serve(web_db: Path, tmp_path: Path, *extra: str) -> Generator[str, None, None]:
    port = _free_port()
    token_file = tmp_path / "token"
    token_file.write_text(LIVE_TOKEN)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "storyline.cli",
            "serve",
            "--db",
            str(web_db),
            "--port",
            str(port),
            "--token-file",
            str(token_file),
            *extra,
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(proc.stdout.read().decode() if proc.stdout else "server exited") from None
            time.sleep(0.2)
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)
