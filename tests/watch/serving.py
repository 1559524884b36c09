"""A story made by one `storyline watch` poll, and `storyline serve --watch` started on it:
the set-up of the tests that watch a feed from inside the server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from storyline.model import Story
from storyline.store import open_store
from tests.watch.site import Entry, Site, rss
from tests.watch.test_watch_cli import listing, pages, watch

# Seconds for the server to start listening, and for a new entry to reach the store.
START_TIMEOUT_S = 60.0
ARRIVAL_TIMEOUT_S = 120.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def first_poll(site: Site, tmp_path: Path) -> tuple[list[Entry], Path, Path, Story]:
    """Three pages on the site, a feed of the first two, one `watch --once` poll of it:
    (the three entries, the sources file, the database, the one story it made)."""
    entries = pages(site, range(3))
    site.set("/rss", rss(entries[:2]), content_type="application/rss+xml")
    sources, db = listing(tmp_path, site.url("/rss")), tmp_path / "news.db"
    assert watch(db, sources).returncode == 0
    with open_store(db, readonly=True) as store:
        (story,) = store.stories()
    return entries, sources, db, story


def serve_watch(db: Path, sources: Path) -> tuple[subprocess.Popen[bytes], int]:
    """`storyline serve --watch SOURCES` polling every second, on a free port of
    127.0.0.1: (the process, its port). The caller terminates it."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    command = [sys.executable, "-m", "storyline.cli", "serve", "--db", str(db), "--port", str(port)]
    command += ["--watch", str(sources), "--watch-interval", "1", "--allow-private"]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return proc, port
