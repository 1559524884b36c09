"""Stable story ids across a rebuild: a story keeps its id when its membership mostly
survives `recluster`.

Readers (bookmarks, links, topic tools) name a story by its id. A rebuild assigns
ids afresh in ingest order, so without this every story could change its name
even when its articles did not. After the rebuild each new story is matched to
the old story it shares a majority with, in both directions (more than half of
the old story's articles are in it, and more than half of its articles come from
the old story): at most one such partner exists on either side, so the matching
is unambiguous. A matched story takes the old id; an unmatched one keeps its new
id unless that id now belongs to a matched story, in which case it gets a fresh one.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Mapping

from storyline.group.grouper import Grouper

# A story is "mostly unchanged" when more than this share of its members is kept, on both sides.
MAJORITY = 0.5
_TEMPORARY = "tmp-"


def members(assignments: Mapping[str, tuple[str, str]]) -> dict[str, set[str]]:
    """story id -> its article ids, from `Store.assignments()`."""
    out: dict[str, set[str]] = defaultdict(set)
    for article, (_, story) in assignments.items():
        out[story].add(article)
    return dict(out)


def matching(before: Mapping[str, set[str]], after: Mapping[str, set[str]]) -> dict[str, str]:
    """new story id -> the old id it keeps (only stories that share a majority both ways)."""
    old_of = {a: old for old, arts in before.items() for a in arts}
    out = {}
    for new, arts in sorted(after.items()):
        shared = Counter(old_of[a] for a in arts if a in old_of)
        if not shared:
            continue
        old, n = max(shared.items(), key=lambda kv: (kv[1], kv[0]))
        if n > MAJORITY * len(arts) and n > MAJORITY * len(before[old]):
            out[new] = old
    return out


def final_ids(after: Mapping[str, set[str]], keep: Mapping[str, str], fresh: list[str]) -> dict[str, str]:
    """new id -> final id for every story that must change its id. `fresh` supplies unused ids."""
    taken = set(keep.values())
    out = {new: old for new, old in keep.items() if new != old}
    for new in sorted(after):
        if new not in keep and new in taken:
            out[new] = fresh.pop(0)
    return out


def keep_story_ids(grouper: Grouper, before: Mapping[str, set[str]]) -> dict[str, str]:
    """Rename the grouper's stories after a rebuild so that mostly unchanged stories keep
    their old ids; returns {new id: final id}. Call inside a transaction."""
    store = grouper.store
    after = members(store.assignments())
    keep = matching(before, after)
    used = set(after) | set(keep.values()) | set(before)
    needed = sum(1 for new in after if new not in keep and new in set(keep.values()))
    fresh: list[str] = []
    while len(fresh) < needed:
        candidate = f"sty-{store.next_id('story'):06d}"
        if candidate not in used:
            fresh.append(candidate)
    renames = final_ids(after, keep, fresh)
    # Through temporary ids: a rename may target an id another story still holds.
    for new in sorted(renames):
        _rename(grouper, new, _TEMPORARY + new)
    for new, final in sorted(renames.items()):
        _rename(grouper, _TEMPORARY + new, final)
    grouper.touched_stories = {renames.get(s, s) for s in grouper.touched_stories}
    return renames


def _rename(grouper: Grouper, old: str, new: str) -> None:
    """Move one story (profile, record, assignments, threads' parent, index) to another id."""
    store = grouper.store
    profile = grouper.stories[old]
    record = store.get_story(old)
    del grouper.stories[old]
    profile.id = new
    grouper.stories[new] = profile
    for tid in profile.threads:
        thread = grouper.threads[tid]
        thread.parent = new
        store.save_group_profiles([("thread", tid, new, thread.dumps())])
        grouper._write_thread(thread)
    for article in profile.articles:
        placed = store.assignment_of(article)
        if placed is not None:
            store.set_assignment(article, placed[0], new)
    store.delete_story(old)
    store.save_story(dataclasses.replace(record, id=new, article_ids=[], thread_ids=[]))
    store.delete_group_profiles("story", [old])
    store.save_group_profiles([("story", new, None, profile.dumps())])
    grouper.story_index.add(new, grouper._profile_keys(profile), profile.weeks())
