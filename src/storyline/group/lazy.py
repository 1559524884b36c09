"""Thread and story profiles read from the store when first needed, and kept within
a memory budget.

A grouper on a store of 100k articles touches a few dozen profiles per add (the
candidates its index finds and the clusters it joins); reading all ~50k of them
when a process starts cost 18-64 s. This mapping knows every profile's id (a
read of the ids alone) and parses a profile, with its members from the assignments,
the first time it is asked for. A long-lived grouper (the watcher, a server's
writer) keeps what it has read up to `PROFILE_BYTES` of estimated memory; past it,
`trim` drops the least recently used profiles, which are read back from the store
when asked for again. `trim` runs only when every profile in memory is written
(the grouper calls it after an add is saved), so a dropped profile and the one read
back are the same.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator

from storyline.group.profile import Profile
from storyline.memory_report import CacheCounters
from storyline.store.base import Store

MIB = 1024 * 1024
# Estimated bytes of a profile in memory, from its sizes: a least-squares fit of
# tracemalloc's count of each profile as read (1,277 threads and 545 stories of the
# watcher's 5,000-page database, 78.6 MiB in all; median error 7 %): per entry of its
# term, title, entity, figure, date, core and member-sketch dicts, per article or
# thread id it lists, and per profile. A thread of 8 member sketches is ~50 KB, a
# story ~26 KB.
ENTRY_BYTES = 66
MEMBER_ID_BYTES = 145
PROFILE_BYTES_FIXED = 9_500
# Memory for the profiles kept, per level (threads and stories each), by the estimate
# above: ~2,600 threads of ~50 KB, the threads of the ~10,000 most recent articles at
# the watcher's ~4 articles a thread, which is where candidate searches look (the
# index's window is a few weeks). At 5,000 articles every profile fits (78.6 MiB for
# both levels); the 12,089-article store has 6,396 threads, 243 MiB by the estimate,
# so ~2 GB at 100k unbounded. A profile dropped and asked for again costs one read
# (~1 ms of CPU: 1,277 threads read in 1.25 s).
PROFILE_BYTES = 128 * MIB
_SIZED = ("terms", "title", "entities", "figures", "dates", "title_figures", "lead_dates", "places")
_SIZED_THREAD = ("actors", "subjects", "tenses", "events", "quotes")


def profile_bytes(profile: Profile) -> int:
    """A profile's estimated memory (see `ENTRY_BYTES`)."""
    entries = sum(len(getattr(profile, f)) for f in _SIZED + _SIZED_THREAD)
    entries += sum(len(c) for c in profile.core)
    for member in profile.members:
        entries += sum(len(getattr(member, f)) for f in _SIZED + _SIZED_THREAD)
    ids = len(profile.articles) + len(profile.threads)
    return entries * ENTRY_BYTES + ids * MEMBER_ID_BYTES + PROFILE_BYTES_FIXED


class LazyProfiles:
    """id -> Profile of one level ("thread" or "story"), loaded on first access."""

    def __init__(self, store: Store, level: str, budget: int = PROFILE_BYTES) -> None:
        self.store = store
        self.level = level
        self.budget = budget
        self._ids = set(store.group_profile_ids(level))
        self._loaded: OrderedDict[str, Profile] = OrderedDict()  # least recently used first
        self._sizes: dict[str, int] = {}  # estimated at the last trim (profiles grow as they are used)
        self._used: set[str] = set()  # asked for since the last trim: sizes to estimate again
        self._bytes = 0
        self.hits = 0
        self.reads = 0
        self.evicted = 0

    def __contains__(self, profile_id: object) -> bool:
        return profile_id in self._ids

    def __len__(self) -> int:
        return len(self._ids)

    def get(self, profile_id: str) -> Profile | None:
        if profile_id not in self._ids:
            return None
        profile = self._loaded.get(profile_id)
        if profile is None:
            profile = self._loaded[profile_id] = self._read(profile_id)
            self.reads += 1
        else:
            self._loaded.move_to_end(profile_id)
            self.hits += 1
        self._used.add(profile_id)
        return profile

    def __getitem__(self, profile_id: str) -> Profile:
        profile = self.get(profile_id)
        if profile is None:
            raise KeyError(profile_id)
        return profile

    def __setitem__(self, profile_id: str, profile: Profile) -> None:
        self._ids.add(profile_id)
        self._loaded[profile_id] = profile
        self._loaded.move_to_end(profile_id)
        self._used.add(profile_id)

    def __delitem__(self, profile_id: str) -> None:
        self._ids.discard(profile_id)
        self._loaded.pop(profile_id, None)
        self._bytes -= self._sizes.pop(profile_id, 0)
        self._used.discard(profile_id)

    def ids(self) -> set[str]:
        return set(self._ids)

    def values(self) -> Iterator[Profile]:
        """Every profile (reads all that are not in memory yet: for reports and tests)."""
        for profile_id in sorted(self._ids):
            yield self[profile_id]

    def items(self) -> Iterator[tuple[str, Profile]]:
        for profile in self.values():
            yield profile.id, profile

    def loaded(self) -> int:
        return len(self._loaded)

    def trim(self) -> None:
        """Drop the least recently used profiles until the rest fit in the budget (the
        one used last always stays). Call only when every profile in memory is stored."""
        for profile_id in self._used:
            profile = self._loaded.get(profile_id)
            if profile is not None:
                size = profile_bytes(profile)
                self._bytes += size - self._sizes.get(profile_id, 0)
                self._sizes[profile_id] = size
        self._used.clear()
        while self._bytes > self.budget and len(self._loaded) > 1:
            profile_id, _ = self._loaded.popitem(last=False)
            self._bytes -= self._sizes.pop(profile_id, 0)
            self.evicted += 1

    def counters(self) -> CacheCounters:
        """Profiles in memory and their estimated bytes (as of the last trim), and the traffic."""
        return CacheCounters(len(self._loaded), self._bytes, self.hits, self.reads, self.evicted)

    def _read(self, profile_id: str) -> Profile:
        blob = self.store.group_profile(self.level, profile_id)
        if blob is None:  # listed but gone: only a concurrent writer could do that, and the lease forbids it
            raise KeyError(f"{self.level} profile {profile_id} is listed but not stored")
        profile = Profile.loads(blob)
        if self.level == "thread":
            profile.articles = self.store.thread_members(profile_id)
        else:
            profile.articles, profile.threads = self.store.story_members(profile_id)
        return profile
