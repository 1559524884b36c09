"""Fixtures for the adversarial suite: input folders, a misbehaving HTTP server on
127.0.0.1, and a way to run the CLI as an unprivileged user when tests run as root
(permission cases mean nothing to root)."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.adversarial.helpers import good_records, write_jsonl

NOBODY = 65534


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """A folder for inputs, apart from the database."""
    folder = tmp_path / "in"
    folder.mkdir()
    return folder


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "news.db"


@pytest.fixture
def good_file(inputs: Path) -> Path:
    """Two clean articles (`good-0`, `good-1`) that every case ingests beside its bad input."""
    return write_jsonl(inputs / "good.jsonl", good_records())


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    hang: float = 0.0  # seconds to wait before answering
    drip: float = 0.0  # seconds between single bytes of the body


class Server:
    """Routes by path; every request is counted, so a refused fetch shows as no hit."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.base = ""
        self.stopping = threading.Event()

    def add(self, path: str, body: bytes | str = b"", **options: object) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(data, **options)  # type: ignore[arg-type]
        return self.base + path


def _handler(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            server.hits[self.path] = server.hits.get(self.path, 0) + 1
            route = server.routes.get(self.path, Route(b"not found", status=404))
            if route.hang and server.stopping.wait(route.hang):
                return
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if "Content-Length" not in route.headers and route.status < 300:
                self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            try:
                if route.drip:
                    for byte in route.body:
                        if server.stopping.wait(route.drip):
                            return
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                else:
                    self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up, as it should

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def server() -> Iterator[Server]:
    routes = Server()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(routes))
    httpd.daemon_threads = True
    routes.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield routes
    routes.stopping.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def unprivileged() -> Iterator[tuple[list[str], Path]]:
    """(command prefix, a folder that user may write): the CLI runs as `nobody`
    when the tests run as root, so file permissions apply to it."""
    folder = Path(tempfile.mkdtemp(prefix="storyline-adv-"))
    folder.chmod(0o777)
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: cannot drop privileges")
        prefix = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--"]
    yield prefix, folder
    shutil.rmtree(folder, ignore_errors=True)


def wait_for(condition: Callable[[], bool], timeout: float, step: float = 0.1) -> bool:
    """Poll `condition` until it holds or `timeout` seconds pass."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(step)
    return condition()
