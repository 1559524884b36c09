"""A throwaway PostgreSQL cluster for the tests: `initdb` + `pg_ctl` in a temp dir.

Nothing is assumed to be running: the session starts its own server on a free
127.0.0.1 port, with trust authentication and its socket in the same temp dir,
and stops it at the end. initdb refuses to run as root (CI runs as root), so
there the cluster belongs to the `postgres` system user and its commands run
through `runuser`. Tests skip, saying why, only when the binaries are absent.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

# Where the Debian package puts the binaries (also linked from /usr/local/bin here).
SEARCH_PATH = ("/usr/local/bin", "/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin")
# Seconds pg_ctl waits for the server to start or stop (a loaded 2-core machine).
START_TIMEOUT_S = 60
# The system user a root session runs the cluster as.
CLUSTER_USER = "postgres"


def find_binary(name: str) -> str | None:
    for folder in SEARCH_PATH:
        candidate = Path(folder) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which(name)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Cluster:
    """A running server; `url(name)` addresses one of its databases."""

    folder: Path
    port: int
    as_user: list[str]
    pg_ctl: str
    _numbers: Iterator[int] = itertools.count(1)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{CLUSTER_USER}@127.0.0.1:{self.port}/{database}"

    def new_database(self, prefix: str = "t", icu_locale: str | None = None) -> str:
        """A fresh, empty database; its URL. `icu_locale` (say "ru-RU") makes its
        default collation that language's, as a server set up in Russia may have."""
        import psycopg

        name = f"{prefix}{next(self._numbers)}_{os.getpid()}"
        options = ""
        if icu_locale is not None:
            options = f" TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE '{icu_locale}' LOCALE 'C'"
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"{options}')  # type: ignore[arg-type]
        return self.url(name)

    def stop(self) -> None:
        subprocess.run(
            [*self.as_user, self.pg_ctl, "stop", "-D", str(self.folder / "data"), "-m", "fast", "-w"],
            capture_output=True,
            check=False,
            timeout=START_TIMEOUT_S,
        )


def start_cluster() -> Cluster:
    initdb, pg_ctl = find_binary("initdb"), find_binary("pg_ctl")
    if initdb is None or pg_ctl is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) are not installed; .ci/run installs them")
    folder = Path(tempfile.mkdtemp(prefix="storyline-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        runuser = shutil.which("runuser")
        if runuser is None:
            pytest.skip("running as root without runuser: initdb cannot run")
        as_user = [runuser, "-u", CLUSTER_USER, "--"]
        shutil.chown(folder, CLUSTER_USER)
    folder.chmod(0o700)
    data = folder / "data"
    subprocess.run(
        [*as_user, initdb, "-D", str(data), "-U", CLUSTER_USER, "-A", "trust", "-E", "UTF8", "--locale=C"],
        capture_output=True,
        check=True,
        timeout=START_TIMEOUT_S * 2,
    )
    port = free_port()
    options = (
        f"-h 127.0.0.1 -p {port} -k {folder} -c fsync=off -c full_page_writes=off -c max_connections=200"
    )
    started = subprocess.run(
        [
            *as_user,
            pg_ctl,
            "start",
            "-D",
            str(data),
            "-w",
            "-t",
            str(START_TIMEOUT_S),
            "-o",
            options,
            "-l",
            str(folder / "server.log"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=START_TIMEOUT_S * 2,
    )
    if started.returncode != 0:
        log = (folder / "server.log").read_text(errors="replace") if (folder / "server.log").exists() else ""
        raise RuntimeError(f"pg_ctl start failed: {started.stderr}\n{log[-2000:]}")
    return Cluster(folder=folder, port=port, as_user=as_user, pg_ctl=pg_ctl)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    cluster = start_cluster()
    try:
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(cluster.folder, ignore_errors=True)


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> str:
    """The URL of a fresh, empty PostgreSQL database."""
    return pg_cluster.new_database()
