"""A story is joined only with evidence of the same development (`Params.story_thread_support`):
on a topic crawled in one day no time gap holds a story's summed profile back, and it grows
towards any report that names the topic's words."""

from __future__ import annotations

from storyline.group import Grouper
from storyline.group.params import Params
from storyline.store.base import Store
from tests.group.conftest import ingest, make_article
from tests.group.test_grouper import FILLER, _group

DAY = "2021-02-01"  # every page of the crawl carries its date
TEXTS = [
    ("v1", "вакцина спутник прививка поликлиника очередь пандемия коронавирус"),
    ("v2", "вакцина спутник прививка поликлиника запись пандемия коронавирус"),
    ("l1", "карантин локдаун кафе закрыты ресторан пандемия коронавирус"),
    ("l2", "карантин локдаун кафе закрыты бары пандемия коронавирус"),
    ("s1", "школы дистанционное обучение ученики учителя пандемия коронавирус"),
    # Another happening that only names the pandemic: the vote, not the virus.
    ("x", "выборы голосование бюллетень участок явка пандемия коронавирус"),
]


def _stories(store: Store, params: Params) -> dict[str, str]:
    articles = [*FILLER, *(make_article(i, t, published=DAY) for i, t in TEXTS)]
    ingest(store, articles)
    out = _group(store, articles, Grouper(store, params=params))
    return {aid: story for aid, (_, story) in out.items()}


def test_without_the_rule_one_day_of_a_topic_is_one_bag(store: Store):
    stories = _stories(store, Params())
    assert len({stories[i] for i, _ in TEXTS}) == 1  # the vote joins the virus story


def test_a_report_like_no_thread_of_the_story_opens_its_own(store: Store):
    stories = _stories(store, Params(story_thread_support=0.2))
    assert stories["v1"] == stories["l1"]  # early the topic words are rare: enough to join a thread
    assert stories["x"] not in {stories[i] for i, _ in TEXTS if i != "x"}
