"""Helpers for the worker processes the stages fork (annotation, story rebuilds).

Not a stage: `annotate.pool` and `story.parallel` both use it, so neither has to
import the other.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor

# Linux prctl option: the signal a process gets when its parent dies.
PR_SET_PDEATHSIG = 1
# Seconds between checks that the parent is alive, where no parent-death signal exists.
PARENT_POLL_S = 1.0
# Seconds a terminated worker gets to exit before the parent moves on.
WORKER_STOP_S = 5.0


def die_with_parent(parent: int) -> None:
    """A worker must not outlive the process that started it (SIGKILL of the parent
    leaves no one to shut the pool down): ask Linux to send SIGTERM when the parent
    dies, and elsewhere watch the parent's pid from a daemon thread."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        armed = libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) == 0
    except (OSError, AttributeError):
        armed = False
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
    if armed:
        return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_S)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def worker_signals(parent: int) -> None:
    """A forked worker inherits the CLI's handlers: SIGTERM (also the parent-death
    signal) must end it at once, and Ctrl-C, which reaches the whole process group,
    is the parent's to handle (it stops the pool)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)


def default_start_method() -> str:
    """`fork` where the platform offers it (shares loaded models), else `spawn`."""
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now: queued tasks cancelled, workers terminated."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=WORKER_STOP_S)
