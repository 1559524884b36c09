"""The web tests' client is the one Starlette's current TestClient is built on (httpx2)."""

from __future__ import annotations

import subprocess
import sys


def test_the_test_client_imports_without_a_deprecation_warning() -> None:
    # A fresh interpreter: this process imported starlette.testclient long ago, once.
    proc = subprocess.run(
        [sys.executable, "-W", "error", "-c", "import fastapi.testclient"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr.strip().splitlines()[-1:]


def test_the_test_client_speaks_httpx2() -> None:
    import httpx2
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    app = FastAPI()

    @app.get("/ping")
    def ping() -> dict[str, str]:
        return {"answer": "pong"}

    with TestClient(app) as client:
        assert isinstance(client, httpx2.Client)
        assert client.get("/ping").json() == {"answer": "pong"}
