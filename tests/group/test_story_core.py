"""A story is joined, and two stories merge, only when the report agrees with the story's
CORE (its biggest threads) on who and what (`Params.story_core_threads`), not with a summed
profile that grows with every join, nor with any one peripheral thread."""

from __future__ import annotations

from pathlib import Path

from storyline.group import Grouper
from storyline.group.params import Params
from storyline.store import open_store
from storyline.store.base import Store
from tests.group.conftest import ingest, make_article
from tests.group.test_grouper import FILLER, _group

DAY = "2021-02-01"  # every page of the crawl carries its date
TEXTS = [
    ("v1", "вакцина спутник прививка поликлиника очередь пандемия коронавирус"),
    ("v2", "вакцина спутник прививка поликлиника запись пандемия коронавирус"),
    ("v3", "вакцина спутник прививка поликлиника очередь пандемия коронавирус"),
    ("l1", "карантин локдаун кафе закрыты ресторан пандемия коронавирус"),
    ("l2", "карантин локдаун кафе закрыты бары пандемия коронавирус"),
    # Like the lockdown thread (a peripheral one), not like the vaccination core.
    ("k", "карантин локдаун кафе закрыты ресторан выборы голосование участок"),
    # Another happening that only names the pandemic: the vote, not the virus.
    ("x", "выборы голосование бюллетень участок явка пандемия коронавирус"),
]


def _grouped(store: Store, params: Params) -> tuple[Grouper, dict[str, str]]:
    articles = [*FILLER, *(make_article(i, t, published=DAY) for i, t in TEXTS)]
    ingest(store, articles)
    grouper = Grouper(store, params=params)
    out = _group(store, articles, grouper)
    return grouper, {aid: story for aid, (_, story) in out.items()}


def _stories(store: Store, params: Params) -> dict[str, str]:
    return _grouped(store, params)[1]


def test_without_a_core_one_day_of_a_topic_is_one_bag(store: Store):
    stories = _stories(store, Params())
    assert len({stories[i] for i, _ in TEXTS}) == 1


def test_a_report_unlike_the_core_opens_its_own_story(store: Store):
    stories = _stories(store, Params(story_core_threads=1, story_core_support=0.2))
    assert stories["v1"] == stories["v2"] == stories["v3"]
    assert stories["x"] != stories["v1"]


def test_thread_support_alone_leaves_a_bag(store: Store):
    """Thread support (session 16) lets the lockdown reports and the lockdown-like report in
    through whichever thread they resemble."""
    loose = _stories(store, Params(story_thread_support=0.2))
    assert loose["l1"] == loose["k"] == loose["v1"]


def test_the_core_keeps_another_development_apart(store: Store):
    stories = _stories(store, Params(story_core_threads=1, story_core_support=0.2))
    assert stories["l1"] == stories["l2"] == stories["k"]  # the lockdown development, whole
    assert stories["l1"] != stories["v1"]


def test_two_stories_merge_only_when_their_cores_agree(store: Store):
    """The merge check (story bridges and thread merges across stories) compares core
    threads, not the two summed profiles nor one bridging pair."""
    grouper, stories = _grouped(store, Params(story_core_threads=1, story_core_support=0.2))
    vaccination, lockdown = grouper.stories[stories["v1"]], grouper.stories[stories["l1"]]
    assert grouper._cores_agree(vaccination, vaccination)
    assert not grouper._cores_agree(vaccination, lockdown)


def test_a_restart_keeps_the_core_decisions(tmp_path: Path):
    """The core is read from grouping's stored state (threads and their members): a grouper
    opened half-way decides as one run does."""
    params = Params(story_core_threads=1, story_core_support=0.2)
    articles = [*FILLER, *(make_article(i, t, published=DAY) for i, t in TEXTS)]
    one, two = open_store(tmp_path / "one.db"), open_store(tmp_path / "two.db")
    ingest(one, articles)
    ingest(two, articles)
    straight = _group(one, articles, Grouper(one, params=params))
    cut = len(FILLER) + 4
    half = _group(two, articles[:cut], Grouper(two, params=params))
    half.update(_group(two, articles[cut:], Grouper(two, params=params)))
    assert straight == half
    assert len({straight[i][1] for i, _ in TEXTS}) > 1  # the core did split the day
    one.close()
    two.close()
