"""A throwaway Dask cluster on 127.0.0.1 for benchmarks: `dask scheduler` plus N
`dask worker` processes (one thread each, no nanny), stopped on exit."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Seconds the scheduler and the workers get to come up (model loading is lazy: the
# storyline plugin loads them when a client registers it).
START_TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_worker(address: str, log: Path) -> subprocess.Popen[bytes]:
    dask = shutil.which("dask") or "dask"
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    command = [
        dask,
        "worker",
        address,
        "--nthreads",
        "1",
        "--no-nanny",
        "--host",
        "127.0.0.1",
        "--no-dashboard",
    ]
    return subprocess.Popen(command, stdout=log.open("ab"), stderr=subprocess.STDOUT, env=env)


@contextmanager
def local_cluster(workers: int, logs: Path) -> Iterator[str]:
    """The scheduler's address while the cluster of `workers` workers runs."""
    from distributed import Client

    dask = shutil.which("dask") or "dask"
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    log = logs / "dask.log"
    procs = [
        subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
        )
    ]
    try:
        procs += [start_worker(address, log) for _ in range(workers)]
        with Client(address, timeout=START_TIMEOUT_S) as client:
            client.wait_for_workers(workers, timeout=START_TIMEOUT_S)
        yield address
    finally:
        for proc in reversed(procs):
            proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        for proc in procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
