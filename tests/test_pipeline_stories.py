"""The pipeline's story step through a real store: fed one article at a time, in
several orders, the stored stories and novelty equal a rebuild from the stored
articles, and an article that comes last in reading order is folded into the kept
state instead of rebuilding the story."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from storyline.annotate import Annotator
from storyline.ingest import ingest
from storyline.model import Article
from storyline.pipeline import Pipeline
from storyline.store import Store, open_store
from storyline.story import build_story, reading_order


def normalised(tmp_path: Path, seeds_dir: Path) -> list[Article]:
    with open_store(tmp_path / "scratch.db") as scratch:
        ingest(scratch, [str(seeds_dir)])
        return [replace(a, seq=None, annotation=None) for a in scratch.iter_articles(with_annotation=False)]


def assert_stories_equal_rebuild(store: Store) -> None:
    for skeleton in store.stories():
        stored = store.get_story(skeleton.id)
        articles = list(store.iter_articles(stored.article_ids))
        mentions = [m for a in articles if a.annotation is not None for m in a.annotation.entities]
        entities = store.entities_by_id(
            {m.entity_id for m in mentions if m.entity_id} | set(stored.entity_ids)
        )
        expected = build_story(replace(stored, title="", summary=""), articles, entities)
        got, want = stored, expected.story
        assert (got.title, got.summary, got.entity_ids) == (want.title, want.summary, want.entity_ids)
        assert got.timeline == want.timeline
        assert got.facts == want.facts
        assert got.quotes == want.quotes
        assert got.summary_sentences == expected.summary_sentences
        for a in articles:
            assert store.novelty(a.id) == expected.novelty[a.id], a.id


@pytest.mark.parametrize("order", ["reading", "reversed", "shuffled"])
def test_one_at_a_time_equals_rebuild(
    tmp_path: Path, seeds_dir: Path, annotator: Annotator, order: str
) -> None:
    articles = normalised(tmp_path, seeds_dir)
    by_reading = {a.id: i for i, a in enumerate(reading_order(articles))}
    if order == "reading":
        articles.sort(key=lambda a: by_reading[a.id])
    elif order == "reversed":
        articles.sort(key=lambda a: -by_reading[a.id])
    else:
        articles = [articles[i] for i in (2, 0, 4, 1, 3)]
    with open_store(tmp_path / "one.db") as store, Pipeline(store, annotator=annotator) as pipeline:
        for article in articles:
            pipeline.add(replace(article))
            assert_stories_equal_rebuild(store)
        states = pipeline._story_states
        # joining articles were folded in, not rebuilt: late ones (reversed, shuffled) too
        assert states.extended >= 1


# bsnlp-ru: a nord_stream article that names Obama by surname only, then two us_election
# articles that name him in full, so the surname-only entity is merged into the full name
# and the first article's links are renamed after its story was folded.
RENAMED_LATER = ("bsnlp-nord_stream-nord_stream_ru.txt_file_36",)
RENAMING = ("bsnlp-us_election_2020-elections_ru_100", "bsnlp-us_election_2020-elections_ru_103")


def test_a_story_whose_entities_an_entity_merge_renamed_equals_a_rebuild(
    tmp_path: Path, corpora: Path, annotator: Annotator
) -> None:
    wanted = (*RENAMED_LATER, *RENAMING)
    lines = (corpora / "bsnlp-ru" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    source = tmp_path / "renames.jsonl"
    source.write_text("\n".join(x for x in lines if json.loads(x)["id"] in wanted) + "\n", encoding="utf-8")
    with open_store(tmp_path / "scratch.db") as scratch:
        ingest(scratch, [str(source)])
        by_id = {
            a.id: replace(a, seq=None, annotation=None) for a in scratch.iter_articles(with_annotation=False)
        }
    with open_store(tmp_path / "one.db") as store, Pipeline(store, annotator=annotator) as pipeline:
        pipeline.add([by_id[i] for i in RENAMED_LATER])
        (first,) = store.stories()
        pipeline.add([by_id[i] for i in RENAMING])
        renamed = store.get_story(first.id)
        assert set(renamed.entity_ids) <= set(store.entities_by_id(renamed.entity_ids))  # none dangling
        assert set(renamed.entity_ids) != set(first.entity_ids)  # the merge reached it
        assert_stories_equal_rebuild(store)
