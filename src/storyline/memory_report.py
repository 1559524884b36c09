"""What a long-lived writer holds in memory, and how its caches churn: the counters
`storyline watch` logs after each poll that stored articles, and the benchmarks print.

A budget that is too small shows here as evictions and reads that keep climbing
(kept story states read back or rebuilt, grouping profiles read again), not only as
a slower add.
"""

from __future__ import annotations

import resource
from dataclasses import dataclass
from pathlib import Path

MIB = 1024 * 1024


@dataclass
class CacheCounters:
    """One bounded cache: its entries and estimated bytes now, and its traffic so far."""

    kept: int = 0
    kept_bytes: int = 0
    hits: int = 0  # asked for and found in memory
    reads: int = 0  # not in memory: read from the store or rebuilt
    evicted: int = 0  # dropped to stay within the budget


@dataclass
class MemoryReport:
    rss_mib: float  # resident now (0 where /proc is not available)
    peak_mib: float  # the process's high-water mark
    stories: CacheCounters  # kept story states (reads: read back from the store)
    stories_rebuilt: int  # story states built from all their articles
    threads: CacheCounters  # grouping thread profiles
    story_profiles: CacheCounters  # grouping story profiles
    # Of the story states rebuilt or read back, those whose kept state had been dropped
    # before (the budget's churn; first builds and a new process's reads are not counted).
    stories_again: int = 0
    stories_again_cpu: float = 0.0  # seconds of CPU those took
    # glibc's `malloc_trim` after story-state churn (`storyline.allocator`): how often,
    # its CPU, and the RSS it gave back in all.
    trims: int = 0
    trim_cpu: float = 0.0
    given_back_mib: float = 0.0

    def line(self) -> str:
        """One log line: RSS, then each cache as kept (MiB) / evicted / read."""
        s, t, p = self.stories, self.threads, self.story_profiles
        return (
            f"memory: RSS {self.rss_mib:.0f} MiB (peak {self.peak_mib:.0f}); "
            f"story states {s.kept} kept ({s.kept_bytes / MIB:.0f} MiB), {s.evicted} evicted, "
            f"{s.reads} read back, {self.stories_rebuilt} rebuilt, {self.stories_again} brought back after eviction ({self.stories_again_cpu:.1f} s CPU); "
            f"grouping profiles {t.kept + p.kept} kept ({(t.kept_bytes + p.kept_bytes) / MIB:.0f} MiB), "
            f"{t.evicted + p.evicted} evicted, {t.reads + p.reads} read, {t.hits + p.hits} hits; "
            f"allocator {self.trims} trims ({self.trim_cpu:.1f} s CPU, {self.given_back_mib:.0f} MiB given back)"
        )


def rss_mib() -> float:
    """This process's resident memory now, MiB (Linux `/proc`; 0 elsewhere)."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii", errors="replace")
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_mib() -> float:
    """The process's peak resident memory, MiB (`ru_maxrss` is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
