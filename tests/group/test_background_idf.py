"""The background IDF of the thread decision (`Params.thread_background_docs`): document
frequencies of other text, added to a young corpus's own, so a word common in any news
is weighed as common before the corpus has seen enough of it."""

from __future__ import annotations

import dataclasses
from collections import Counter

from storyline.group.features import Features
from storyline.group.params import Params
from storyline.group.profile import Profile, log_tf
from storyline.group.similarity import Query, cosine, thread_score, weighted
from storyline.group.vocab import Background, Vocabulary

# News at large: "заявить" and "год" are in most documents, "шторм" and "паром" in few.
BACKGROUND = Background(df={"заявить": 700, "год": 800, "шторм": 5, "паром": 2}, docs=1000)


def _young() -> Vocabulary:
    """A young corpus of one topic: every word seen once or twice."""
    v = Vocabulary()
    for doc in (["заявить", "шторм"], ["заявить", "паром"], ["год", "шторм"]):
        v.add(doc)
    return v


def test_the_background_is_scaled_to_the_documents_it_counts_as():
    assert BACKGROUND.scaled(100) == {"заявить": 70, "год": 80, "шторм": 1}  # "паром" 0.2: none
    assert BACKGROUND.scaled(1000) == BACKGROUND.df


def test_a_backed_vocabulary_adds_the_background_counts_and_shares_its_own():
    v = _young()
    backed = v.backed(BACKGROUND.scaled(1000), 1000)
    assert backed.idf("заявить") < v.idf("заявить") - 1.0  # common in news at large
    assert backed.idf("паром") > backed.idf("заявить") + 2.0
    v.add(["паром"])
    assert backed.df.get("паром") == 2 + 2  # own counts are read live, not copied
    assert not backed.changed


def test_shared_boilerplate_weighs_less_against_a_shared_rare_word():
    # Two reports share the boilerplate verb; a third shares the rare word. Without the
    # background the young corpus weighs the two words nearly alike; with it the rare word wins.
    v = _young()
    backed = v.backed(BACKGROUND.scaled(1000), 1000)
    a = {"заявить": 1.0, "паром": 1.0}
    verb, rare = {"заявить": 1.0, "год": 1.0}, {"паром": 1.0, "шторм": 1.0}
    assert cosine(weighted(a, v), verb, v) > cosine(weighted(a, v), rare, v) * 0.7
    assert cosine(weighted(a, backed), verb, backed) < cosine(weighted(a, backed), rare, backed) * 0.4


def test_the_thread_step_weighs_with_the_background_only_when_asked():
    from storyline.group.thread_step import ThreadStep

    step = ThreadStep.__new__(ThreadStep)
    step.vocab, step.entity_vocab, step.spread, step.term_spread = (
        _young(),
        Vocabulary(),
        Vocabulary(),
        Vocabulary(),
    )
    feats = Features("q", terms=Counter({"заявить": 1, "паром": 1}))
    tf = log_tf(dict(feats.terms))
    q = Query(feats, tf, weighted(tf, step.vocab), {}, {})
    thread = Profile(id="t", level="thread")
    thread.add(
        Features("m", terms=Counter({"заявить": 1, "год": 1})),
        log_tf({"заявить": 1, "год": 1}),
        "",
        None,
        200,
    )
    scores = {}
    for docs in (0, 1000):
        step.params = dataclasses.replace(
            Params(thread_core_linkage="off"), thread_background=BACKGROUND, thread_background_docs=docs
        )
        q2, terms, ents = step._thread_query(q)
        scores[docs] = thread_score(q2, thread, terms, ents, step.params)
    assert scores[1000] < scores[0] * 0.8
