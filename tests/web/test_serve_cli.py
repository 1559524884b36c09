"""`storyline serve` and the demo's last lines, through the real entry point."""

from __future__ import annotations

import json
import re
import shlex
import socket
import subprocess
import urllib.request
from pathlib import Path

import pytest

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


def _outward_address() -> str | None:
    """This machine's address on its default route (no packet is sent), if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1 (RFC 5737): any routed address will do
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def test_serve_listens_on_loopback_only_by_default(live: str) -> None:
    """The live server was started without --host: it answers on 127.0.0.1 and not
    on the machine's other address."""
    port = int(live.rsplit(":", 1)[1])
    outward = _outward_address()
    if outward is None:
        pytest.skip("this machine has no address besides loopback")
    with pytest.raises(OSError):
        socket.create_connection((outward, port), timeout=2).close()
    socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_demo_ends_with_the_serve_command_and_a_real_story_id(tmp_path: Path) -> None:
    out = run("demo", "--workers", "1", cwd=tmp_path).stdout
    lines = out.strip().splitlines()
    assert lines[-1] == "read it in a browser: storyline serve --db storyline-demo.db"
    shown = re.fullmatch(r"read a story: storyline show (\S+) --db storyline-demo.db", lines[-2])
    assert shown, lines[-2]
    story = run("show", shown.group(1), "--db", "storyline-demo.db", cwd=tmp_path)
    assert "Хронология" in story.stdout


def test_a_server_process_freezes_what_it_built_before_serving(
    web_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker factory leaves the app's long-lived objects out of the cyclic
    collector (`gc.freeze`), so a full collection does not walk them on every request."""
    import gc

    from storyline.commands import serve

    for name, value in {
        serve.ENV_DB: str(web_db),
        serve.ENV_MAX_BYTES: "1000000",
        serve.ENV_CACHE: "0",
        serve.ENV_POLL: "0",
        serve.ENV_WATCH: "",
    }.items():
        monkeypatch.setenv(name, value)
    gc.unfreeze()
    try:
        application = serve.app_from_env()
        assert gc.get_freeze_count() > 10_000  # modules, routes, templates, the catalog
        application.state.writer.close()
        application.state.catalog.close()
    finally:
        gc.unfreeze()


def test_the_demos_next_steps_paste_into_a_shell_from_a_folder_with_a_space(tmp_path: Path) -> None:
    from tests.test_cli import STORYLINE

    folder = tmp_path / "my demo's files"
    folder.mkdir()
    lines = run("demo", "--workers", "1", "--dir", str(folder), cwd=tmp_path).stdout.strip().splitlines()
    show = lines[-2].removeprefix("read a story: ")
    serve = lines[-1].removeprefix("read it in a browser: ")
    assert shlex.split(serve) == ["storyline", "serve", "--db", str(folder / "storyline-demo.db")]
    command = shlex.quote(str(STORYLINE)) + show.removeprefix("storyline")
    proc = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Хронология" in proc.stdout
