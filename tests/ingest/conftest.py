"""Fixtures for ingest tests: a real SQLite store and a local HTTP server (127.0.0.1 only)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from storyline.store import Store, open_store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "storyline.db") as db:
        yield db


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """A folder for input files, apart from the database (which a directory walk would read)."""
    folder = tmp_path / "in"
    folder.mkdir()
    return folder


class Site:
    """Routes of the local server: path -> (status, content type, body). Counts hits."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, str, bytes]] = {}
        self.hits: dict[str, int] = {}
        self.delays: dict[str, float] = {}
        self.user_agents: list[str] = []
        self.base = ""

    def add(
        self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8", status: int = 200
    ) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = (status, content_type, data)
        return self.base + path

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def site() -> Iterator[Site]:
    routes = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            routes.hits[self.path] = routes.hits.get(self.path, 0) + 1
            routes.user_agents.append(self.headers.get("User-Agent", ""))
            if self.path in routes.delays:
                time.sleep(routes.delays[self.path])
            status, content_type, body = routes.routes.get(self.path, (404, "text/plain", b"not found"))
            if status in (301, 302):
                self.send_response(status)
                self.send_header("Location", body.decode())
                self.end_headers()
                return
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout tests)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    routes.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield routes
    finally:
        server.shutdown()
        server.server_close()
