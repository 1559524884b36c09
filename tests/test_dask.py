"""Annotation on a real Dask cluster (a scheduler and two workers on 127.0.0.1):
the export equals a local run's, also when one worker is killed mid-run."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed")

STORYLINE = shutil.which("storyline") or "storyline"
DASK = shutil.which("dask") or "dask"
# Articles of bsnlp-ru: enough for several batches per worker (distributed.batch_size).
SAMPLE = 80
START_TIMEOUT_S = 90.0
RUN_TIMEOUT_S = 600.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    def __init__(self, logs: Path) -> None:
        self.port = free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.log = (logs / "dask.log").open("ab")
        self.scheduler = subprocess.Popen(
            [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(self.port), "--no-dashboard"],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
        worker = [DASK, "worker", self.address, "--nthreads", "1", "--no-nanny", "--host", "127.0.0.1"]
        self.workers = [
            subprocess.Popen([*worker, "--no-dashboard"], stdout=self.log, stderr=subprocess.STDOUT, env=env)
            for _ in range(2)
        ]

    def stop(self) -> None:
        for proc in [*self.workers, self.scheduler]:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in [*self.workers, self.scheduler]:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.log.close()


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    from distributed import Client

    running = Cluster(tmp_path)
    try:
        with Client(running.address, timeout=START_TIMEOUT_S) as client:
            client.wait_for_workers(2, timeout=START_TIMEOUT_S)
        yield running
    finally:
        running.stop()


def sample(corpora: Path, tmp_path: Path) -> Path:
    lines = (corpora / "bsnlp-ru" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "sample.jsonl"
    path.write_text("\n".join(lines[:: len(lines) // SAMPLE][:SAMPLE]) + "\n", encoding="utf-8")
    return path


def export(db: Path, out: Path) -> str:
    subprocess.run([STORYLINE, "export", "--db", str(db), "-o", str(out)], check=True, capture_output=True)
    return out.read_text(encoding="utf-8")


def ingest(source: Path, db: Path, *options: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [STORYLINE, "ingest", str(source), "--db", str(db), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_a_busy_worker(cluster: Cluster, run: subprocess.Popen[str]) -> None:
    """SIGKILL the first worker seen annotating a batch of this run."""
    from distributed import Client

    with Client(cluster.address, timeout=START_TIMEOUT_S) as client:
        pids = client.run(os.getpid)  # worker address -> process id
        deadline = time.monotonic() + RUN_TIMEOUT_S
        while time.monotonic() < deadline and run.poll() is None:
            for address, keys in client.processing().items():
                if any("storyline-annotate" in str(k) for k in keys):
                    proc = next(p for p in cluster.workers if p.pid == pids[address])
                    proc.send_signal(signal.SIGKILL)
                    proc.wait()
                    return
            time.sleep(0.05)
    pytest.fail("no worker was seen annotating before the run ended")


@pytest.mark.slow
def test_a_dask_run_equals_a_local_run_even_when_a_worker_dies(
    corpora: Path, tmp_path: Path, cluster: Cluster
) -> None:
    source = sample(corpora, tmp_path)
    local = ingest(source, tmp_path / "local.db", "--workers", "1")
    assert local.wait(RUN_TIMEOUT_S) == 0, local.stderr
    run = ingest(source, tmp_path / "dask.db", "--dask", cluster.address)
    kill_a_busy_worker(cluster, run)
    assert run.wait(RUN_TIMEOUT_S) == 0, run.stderr
    assert sum(proc.poll() is None for proc in cluster.workers) == 1  # the other one did the rest
    assert export(tmp_path / "dask.db", tmp_path / "dask.json") == export(
        tmp_path / "local.db", tmp_path / "local.json"
    )


@pytest.mark.slow  # the client tries for CONNECT_TIMEOUT_S before giving up
def test_an_unreachable_cluster_is_one_error_line(tmp_path: Path, seeds_dir: Path) -> None:
    run = ingest(seeds_dir, tmp_path / "x.db", "--dask", f"tcp://127.0.0.1:{free_port()}")
    _, err = run.communicate(timeout=RUN_TIMEOUT_S)
    assert run.returncode != 0
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "no Dask scheduler answers at tcp://127.0.0.1:" in lines[0], err
    assert "Traceback" not in err
