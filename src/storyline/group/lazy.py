"""Thread and story profiles read from the store when first needed.

A grouper on a store of 100k articles touches a few dozen profiles per add (the
candidates its index finds and the clusters it joins); reading all ~50k of them
when a process starts cost 18-64 s. This mapping knows every profile's id (a
read of the ids alone) and parses a profile, with its members from the assignments, the
first time it is asked for. What a long-lived grouper has read stays in memory.
"""

from __future__ import annotations

from collections.abc import Iterator

from storyline.group.profile import Profile
from storyline.store.base import Store


class LazyProfiles:
    """id -> Profile of one level ("thread" or "story"), loaded on first access."""

    def __init__(self, store: Store, level: str) -> None:
        self.store = store
        self.level = level
        self._ids = set(store.group_profile_ids(level))
        self._loaded: dict[str, Profile] = {}

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
        return profile

    def __getitem__(self, profile_id: str) -> Profile:
        profile = self.get(profile_id)
        if profile is None:
            raise KeyError(profile_id)
        return profile

    def __setitem__(self, profile_id: str, profile: Profile) -> None:
        self._ids.add(profile_id)
        self._loaded[profile_id] = profile

    def __delitem__(self, profile_id: str) -> None:
        self._ids.discard(profile_id)
        self._loaded.pop(profile_id, None)

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
