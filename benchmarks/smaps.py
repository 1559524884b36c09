"""A process's resident memory by kind of mapping, from `/proc/PID/smaps`.

Which kind grows tells where a long-lived process's memory goes:

- `heap`: glibc's main arena (`[heap]`, brk): small C allocations of the main thread;
- `thread arenas`: glibc's per-thread arenas (64 MiB-aligned anonymous maps of at most
  64 MiB): C allocations made on other threads (the watcher's pollers: lxml, SQLite);
- `anon large`: other anonymous maps of 1 MiB and more: Python's object arenas (1 MiB
  each, merged by the kernel when adjacent) and big buffers (numpy arrays, model files
  read into memory);
- `anon small`: anonymous maps under 1 MiB;
- `libraries`: shared objects' code and data; `sqlite`: a database file mapped
  (`PRAGMA mmap_size`); `files`: any other mapped file; `other`: stacks, vdso.

Python's own share of `anon large` is `sys.getallocatedblocks()` (objects alive in
Python's allocator), which a benchmark prints next to these in its own process.
"""

from __future__ import annotations

import re
from pathlib import Path

_HEADER = re.compile(r"^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$")
# glibc's HEAP_MAX_SIZE on 64-bit: a thread arena is a map of this size, this aligned.
THREAD_ARENA = 64 * 1024 * 1024
LARGE = 1024 * 1024
KINDS = ("heap", "thread arenas", "anon large", "anon small", "libraries", "sqlite", "files", "other")


def _kind(start: int, end: int, name: str) -> str:
    if name == "[heap]":
        return "heap"
    if name.startswith("["):
        return "other"
    if name:
        if ".so" in name:
            return "libraries"
        if name.endswith((".db", "-shm", "-wal")):
            return "sqlite"
        return "files"
    if start % THREAD_ARENA == 0 and end - start <= THREAD_ARENA:
        return "thread arenas"
    return "anon large" if end - start >= LARGE else "anon small"


def resident_by_kind(pid: int | str = "self") -> dict[str, int]:
    """Resident KiB per kind of mapping (every kind in `KINDS`, 0 when absent)."""
    out = dict.fromkeys(KINDS, 0)
    kind = None
    for line in Path(f"/proc/{pid}/smaps").read_text(errors="replace").splitlines():
        header = _HEADER.match(line)
        if header:
            kind = _kind(int(header[1], 16), int(header[2], 16), header[3].strip())
        elif kind is not None and line.startswith("Rss:"):
            out[kind] += int(line.split()[1])
    return out


def line(pid: int | str = "self") -> str:
    """`heap 120, thread arenas 24, ...` in MiB."""
    return ", ".join(f"{kind} {kib / 1024:.0f}" for kind, kib in resident_by_kind(pid).items() if kib)
