"""The cohesion check of the thread decision (`Params.thread_cohesion_margin`): an article
like one member of a busy thread but not like the thread is held back; a genuine member
still joins."""

from __future__ import annotations

import dataclasses
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.group.features import Features
from storyline.group.params import Params
from storyline.group.profile import Profile, log_tf
from storyline.group.similarity import Query, cohesion_gap, thread_score, weighted
from storyline.group.vocab import Vocabulary

COMMON = ["парламент", "миротворец", "одобрить", "отправка"]
WORDS = [*COMMON, "мост", "погода", "шторм", "ветер", "сенат", "депутат", "голос", "закон"]
GUARD = Params(thread_core_linkage="members", thread_cohesion_margin=0.1, thread_cohesion_members=4)


def _vocab() -> Vocabulary:
    v = Vocabulary()
    for doc in ([w] for w in WORDS * 2):
        v.add(doc)
    v.add(["прочее"])
    return v


def _query(words: dict[str, int], v: Vocabulary) -> Query:
    tf = log_tf(dict(words))
    return Query(Features("q", terms=Counter(words)), tf, weighted(tf, v), {}, {})


def _thread(members: list[dict[str, int]]) -> Profile:
    thread = Profile(id="t", level="thread")
    for i, counts in enumerate(members):
        thread.add(Features(f"m{i}", terms=Counter(counts)), log_tf(counts), "", None, 200, sketch=True)
    return thread


def _cohesive_thread() -> Profile:
    """Four reports of one happening; the first also mentions a bridge word."""
    extra = ["мост", "сенат", "депутат", "голос"]
    return _thread([{**dict.fromkeys(COMMON, 2), extra[i]: 1} for i in range(4)])


def test_a_bridge_article_does_not_join_a_cohesive_busy_thread():
    v = _vocab()
    thread = _cohesive_thread()
    bridge = _query({"мост": 3, "погода": 2, "шторм": 2, "парламент": 1}, v)
    off = dataclasses.replace(GUARD, thread_cohesion_margin=0.0)
    best = thread_score(bridge, thread, v, Vocabulary(), off)
    assert best >= off.thread_threshold  # one member alone would take it in
    assert cohesion_gap(bridge, thread, v) > GUARD.thread_cohesion_margin
    guarded = thread_score(bridge, thread, v, Vocabulary(), GUARD)
    assert guarded == best * GUARD.thread_cohesion_factor < GUARD.thread_threshold
    smaller = dataclasses.replace(GUARD, thread_cohesion_members=5)  # under the size: unchecked
    assert thread_score(bridge, thread, v, Vocabulary(), smaller) == best


def test_a_genuine_member_still_joins_and_the_thread_grows():
    v = _vocab()
    thread = _cohesive_thread()
    genuine = _query({**dict.fromkeys(COMMON, 2), "закон": 1}, v)
    assert cohesion_gap(genuine, thread, v) <= GUARD.thread_cohesion_margin
    off = dataclasses.replace(GUARD, thread_cohesion_margin=0.0)
    score = thread_score(genuine, thread, v, Vocabulary(), GUARD)
    assert score == thread_score(genuine, thread, v, Vocabulary(), off) >= GUARD.thread_threshold


def test_a_loose_thread_asks_less_than_a_tight_one():
    """The bar is the thread's own cohesion: members that tell a busy day's several
    steps resemble each other less, and an article like them is not held back."""
    v = _vocab()
    loose = _thread([{"парламент": 1, w: 2} for w in ["мост", "сенат", "депутат", "голос"]])
    article = _query({"парламент": 1, "закон": 2}, v)
    assert cohesion_gap(article, loose, v) < cohesion_gap(article, _cohesive_thread(), v)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.dictionaries(st.sampled_from(WORDS), st.integers(1, 3), min_size=1, max_size=5),
        min_size=1,
        max_size=8,
    ),
    st.dictionaries(st.sampled_from(WORDS), st.integers(1, 3), min_size=1, max_size=5),
    st.floats(0.0, 0.5),
)
def test_the_check_only_ever_lowers_a_score(members, words, margin):
    v = _vocab()
    thread, q = _thread(members), _query(words, v)
    guarded = dataclasses.replace(GUARD, thread_cohesion_margin=margin)
    off = dataclasses.replace(GUARD, thread_cohesion_margin=0.0)
    assert thread_score(q, thread, v, Vocabulary(), guarded) <= thread_score(q, thread, v, Vocabulary(), off)
