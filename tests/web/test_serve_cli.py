"""`storyline serve` and the demo's last lines, through the real entry point."""

from __future__ import annotations

import json
import re
import socket
import urllib.request
from pathlib import Path

from tests.test_cli import run


def test_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    proc = run("serve", "--db", str(tmp_path / "none.db"), check=False)
    assert proc.returncode != 0
    assert proc.stderr.strip().startswith("error: no database at") and "Traceback" not in proc.stderr


def test_serve_refuses_a_bad_token_file(web_db: Path, tmp_path: Path) -> None:
    missing = run("serve", "--db", str(web_db), "--token-file", str(tmp_path / "nope"), check=False)
    assert missing.returncode != 0 and missing.stderr.startswith("error: cannot read --token-file")
    empty = tmp_path / "empty"
    empty.write_text("\n")
    proc = run("serve", "--db", str(web_db), "--token-file", str(empty), check=False)
    assert proc.returncode != 0 and "is empty" in proc.stderr


def test_serve_refuses_a_port_in_use(web_db: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = run("serve", "--db", str(web_db), "--port", str(port), check=False)
    assert proc.returncode != 0 and proc.stderr.strip().splitlines()[-1].startswith("error: cannot listen")


def test_serve_answers_on_loopback(live: str) -> None:
    assert live.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(live + "/api/stories", timeout=30) as response:
        body = json.loads(response.read())
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert body["total"] == 1


def test_demo_ends_with_the_serve_command_and_a_real_story_id(tmp_path: Path) -> None:
    out = run("demo", "--workers", "1", cwd=tmp_path).stdout
    lines = out.strip().splitlines()
    assert lines[-1] == "read it in a browser: storyline serve --db storyline-demo.db"
    shown = re.fullmatch(r"read a story: storyline show (\S+) --db storyline-demo.db", lines[-2])
    assert shown, lines[-2]
    story = run("show", shown.group(1), "--db", "storyline-demo.db", cwd=tmp_path)
    assert "Хронология" in story.stdout
