"""The story step builds on `Store.story_skeleton` (the story's document and members,
not its part rows): after every add, the stored stories (title, summary, entities,
timeline, ledger, quotes, summary evidence) and every article's novelty equal those
of the old path, which built on the whole `get_story`; and the skeleton is read from
the store each time, never an earlier version of the story."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from storyline.annotate import Annotator
from storyline.ingest import ingest
from storyline.model import Article
from storyline.pipeline import Pipeline
from storyline.store import Store, open_store

# Ten bsnlp-ru articles of one topic (a story of several articles, with dated events
# and figures for the timeline and the ledger), then the five seeds.
TOPIC = "asia_bibi"
TOPIC_ARTICLES = 10


def _articles(tmp_path: Path, corpora: Path, seeds_dir: Path) -> list[Article]:
    lines = (corpora / "bsnlp-ru" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    picked = [x for x in lines if f"-{TOPIC}-" in json.loads(x)["id"]][:TOPIC_ARTICLES]
    source = tmp_path / "topic.jsonl"
    source.write_text("\n".join(picked) + "\n", encoding="utf-8")
    with open_store(tmp_path / "scratch.db") as scratch:
        ingest(scratch, [str(source), str(seeds_dir)])
        return [replace(a, seq=None, annotation=None) for a in scratch.iter_articles(with_annotation=False)]


def _stored(store: Store) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for listed in store.stories():
        story = store.get_story(listed.id)
        out[story.id] = (story, {a: store.novelty(a) for a in story.article_ids})
    return out


def _without_parts(store: Store, story_id: str) -> object:
    return replace(store.get_story(story_id), timeline=[], facts=[], quotes=[], summary_sentences=[])


def test_adds_built_on_the_skeleton_equal_the_old_path(
    tmp_path: Path, corpora: Path, seeds_dir: Path, annotator: Annotator
) -> None:
    articles = _articles(tmp_path, corpora, seeds_dir)
    with (
        open_store(tmp_path / "new.db") as new,
        open_store(tmp_path / "old.db") as old,
        Pipeline(new, annotator=annotator) as adding,
        Pipeline(old, annotator=annotator) as before,
    ):
        old.story_skeleton = old.get_story  # type: ignore[method-assign]  # the old path, on the real store
        for article in articles:
            adding.add(replace(article))
            before.add(replace(article))
            got, want = _stored(new), _stored(old)
            assert got == want
            for story_id in got:
                assert new.story_skeleton(story_id) == _without_parts(new, story_id)
        biggest = max(got.values(), key=lambda v: len(v[0].article_ids))[0]
        assert len(biggest.article_ids) >= 3 and biggest.timeline and biggest.facts
        assert adding._story_states.extended >= 1  # folded into a kept state, not only rebuilt


def test_the_skeleton_is_the_story_as_stored_now(
    tmp_path: Path, seeds_dir: Path, annotator: Annotator
) -> None:
    with open_store(tmp_path / "one.db") as store, Pipeline(store, annotator=annotator) as pipeline:
        with open_store(tmp_path / "scratch.db") as scratch:
            ingest(scratch, [str(seeds_dir)])
            articles = [
                replace(a, seq=None, annotation=None) for a in scratch.iter_articles(with_annotation=False)
            ]
        pipeline.add(articles)
        story = max(store.stories(), key=lambda s: len(s.article_ids))
        first = store.story_skeleton(story.id)
        assert first == _without_parts(store, story.id)
        changed = replace(
            store.get_story(story.id), title="Новый заголовок", first_published="2001-02-03", entity_ids=[]
        )
        with store.transaction():
            store.save_story(changed)
        now = store.story_skeleton(story.id)
        assert now != first
        assert (now.title, now.first_published, now.entity_ids) == ("Новый заголовок", "2001-02-03", [])
        assert now == _without_parts(store, story.id)
        assert now.article_ids == story.article_ids and not (now.timeline or now.facts or now.quotes)
