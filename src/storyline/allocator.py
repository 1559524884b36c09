"""Giving freed memory back to the system in a long-lived writer (the watcher, the server).

A kept story state is millions of small Python objects (`story/kept.py`); a big story
rebuilt or read back and dropped again, or the budget's evictions, free them in bulk.
Python's own allocator (pymalloc) keeps such memory: it returns a 1 MiB arena to the
system only once every object in it is gone, and after a bulk free nearly every arena
still holds a few survivors (the states kept, allocated between the temporaries). So
the watcher's RSS followed the high-water mark of its story rebuilds, and that mark
rose with the stories (session 18: +230 MB per 1,000 articles past 1,000).

Two parts, both only where glibc is the C library (Linux); elsewhere nothing changes:

- `reexec_argv`, opt-in (`STORYLINE_ALLOCATOR=malloc`): the long-lived commands
  (`LONG_LIVED`) run with `PYTHONMALLOC=malloc`, so Python objects live in glibc's heap,
  which can give back every free page, not only whole empty arenas. Python reads the
  variable only at start-up: the command starts itself again with it set (same pid:
  `os.execve`); a `PYTHONMALLOC` already set is left as it is. Not the default: at
  5,000 pages it lowered the watcher's RSS between polls by ~500 MB (1,097 against
  1,592 MiB after the bulk load) but its peak within a poll rose 6 % (glibc's
  per-object overhead) and the bulk load's CPU per article 33 % (one run each, load
  4.6-4.8; session 19).
- `Trimmer`: `malloc_trim(0)` (free pages back to the system, in every glibc arena)
  once the story states churned since the last trim (built, read back or dropped, by
  `kept.state_bytes`' estimate) reach `TRIM_AFTER_BYTES`, only when Python's objects
  are in glibc's heap (`PYTHONMALLOC=malloc`): under pymalloc a trim gives back only
  glibc's own free pages (~35 MiB of 550 in the replay below) and it cost the 5,000-page
  server ~0.15 s of its writer's time per arrival (session 19), so it does not run.

Session 19, the story rebuilds of a 2,000-page watcher's biggest stories replayed in one
process (a 20,447-sentence state and three of 1,781-2,406, two kept at a time): RSS 550
MiB with pymalloc after the big state was dropped (1.4 M live blocks; trimming gives
back ~35 MiB), 585 MiB with `PYTHONMALLOC=malloc` untrimmed, 203-255 MiB trimmed;
the rebuilds' CPU +7 % (63 s against 59 s). Figures: docs/benchmarks.md, "Session 19".
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

MIB = 1024 * 1024
# Story-state bytes (built, read back or dropped: `kept.state_bytes`' estimate) after
# which the writer trims. A trim walks glibc's free lists: 15-210 ms of CPU on a 560 MiB
# heap (session 19's replay above), so it runs after a churn of at least a few
# hundred times what a trim costs to find: 64 MiB is ~2,700 sentences, a story of ~200
# articles rebuilt, or a quarter of the kept budget (`kept.KEPT_BYTES`) turned over.
TRIM_AFTER_BYTES = 64 * MIB
# Commands that run long enough for their allocator to matter.
LONG_LIVED = frozenset({"watch", "serve"})
# The environment variable that chooses glibc's allocator for the long-lived commands
# (`malloc`; anything else, or unset: Python's own, pymalloc).
CHOICE = "STORYLINE_ALLOCATOR"


@functools.cache
def glibc() -> ctypes.CDLL | None:
    """The C library when it is glibc (it has `malloc_trim`), else None."""
    try:
        version = os.confstr("CS_GNU_LIBC_VERSION") or ""
    except (ValueError, OSError, AttributeError):  # not a glibc system (musl, macOS, Windows)
        return None
    if not version.startswith("glibc"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") else None


def trim() -> bool | None:
    """glibc's `malloc_trim(0)`: True when it gave memory back, None without glibc."""
    libc = glibc()
    if libc is None:
        return None
    return bool(libc.malloc_trim(0))


def reexec_argv(
    command: Sequence[str], orig_argv: Sequence[str], env: Mapping[str, str], has_glibc: bool
) -> dict[str, str] | None:
    """The environment to start this process again with (`PYTHONMALLOC=malloc`), or None
    to run as it is: not asked for (`CHOICE`), not a long-lived command, no glibc to
    trim with, or the allocator already chosen (`PYTHONMALLOC` set, also by the start
    before)."""
    first = next((a for a in command if not a.startswith("-")), None)
    if first not in LONG_LIVED or not has_glibc or not orig_argv:
        return None
    if "PYTHONMALLOC" in env or env.get(CHOICE, "").strip().lower() != "malloc":
        return None
    return {**env, "PYTHONMALLOC": "malloc"}


def reexec_long_lived(command: Sequence[str]) -> None:
    """Start this process again under `PYTHONMALLOC=malloc` when `reexec_argv` says so
    (the `storyline` entry point calls it before running a command; never returns then)."""
    import sys

    env = reexec_argv(command, sys.orig_argv, os.environ, glibc() is not None)
    if env is not None:
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(sys.executable, list(sys.orig_argv), env)


def on_malloc() -> bool:
    """Are Python's objects in the C library's heap (`PYTHONMALLOC=malloc`, as this
    process was started with)? Python has no call that says, so its variable is read."""
    return os.environ.get("PYTHONMALLOC", "").startswith("malloc")


@dataclass
class Trimmer:
    """Counts story-state churn and trims once it reaches `after` bytes (`TRIM_AFTER_BYTES`)."""

    after: int = TRIM_AFTER_BYTES
    churned: int = 0  # bytes since the last trim
    trims: int = 0
    seconds: float = 0.0  # CPU the trims took
    given_back: float = 0.0  # MiB of RSS the trims gave back, in all

    def churn(self, nbytes: int) -> None:
        self.churned += max(0, nbytes)

    def maybe_trim(self) -> bool:
        """Trim when enough churned since the last one, glibc is there and Python's objects
        live in its heap (`on_malloc`); True if it ran."""
        if self.churned < self.after:
            return False
        self.churned = 0
        if glibc() is None or not on_malloc():
            return False
        from storyline.memory_report import rss_mib

        before, started = rss_mib(), time.process_time()
        trim()
        self.seconds += time.process_time() - started
        self.given_back += max(0.0, before - rss_mib())
        self.trims += 1
        return True
