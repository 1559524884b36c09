"""`benchmarks/fit_thread_model.py` describes a pair with the signals the online decision
sees, entities weighed by the threads they span (the run's `Grouper.spread`)."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.group.conftest import make_article

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))

from fit_thread_model import Corpus  # noqa: E402

from storyline.group.similarity import cosine, weighted  # noqa: E402
from storyline.group.thread_step import entity_weights  # noqa: E402


def test_pairs_are_weighed_by_the_thread_counts_of_the_run() -> None:
    day = "2024-03-"
    articles = [
        make_article(
            "a",
            "Киев мост открыли после ремонта Кличко",
            published=day + "01",
            entities=[("Киев", "LOC"), ("Кличко", "PER")],
        ),
        make_article("b", "Киев мост открыли вчера", published=day + "01", entities=[("Киев", "LOC")]),
        make_article("c", "Киев погода снег метель", published=day + "12", entities=[("Киев", "LOC")]),
        make_article("d", "Киев футбол матч гол", published=day + "23", entities=[("Киев", "LOC")]),
    ]
    corpus = Corpus(articles)
    threads = corpus.spread.docs
    assert threads >= 3  # weeks apart: weather and football are threads of their own
    (kiev,) = corpus.feats["b"].entities
    assert corpus.spread.df[kiev] == threads  # named in every thread
    signals = corpus.signals("b", "a")
    q = weighted(entity_weights(corpus.feats["b"]), corpus.spread)
    profile = corpus.profile("a")
    assert signals["entities"] == cosine(q, profile.entities, corpus.spread)
    by_documents = cosine(
        weighted(entity_weights(corpus.feats["b"]), corpus.entity_vocab),
        profile.entities,
        corpus.entity_vocab,
    )
    assert abs(signals["entities"] - by_documents) > 1e-3
