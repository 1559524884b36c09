"""Articles without tokens (English: no model of the language runs) still get terms,
so they find thread candidates and group online like Russian ones."""

from __future__ import annotations

from storyline.group import Grouper
from storyline.group.features import extract_features
from storyline.group.words import stems
from storyline.model import Annotation, Article, Sentence
from storyline.store.base import Store
from tests.group.conftest import ingest


def _english(aid: str, title: str, text: str) -> Article:
    ann = Annotation(lang="en", full=False, sentences=[Sentence(0, len(text), "text")])
    return Article(id=aid, text=text, title=title, lang="en", content_hash=aid, annotation=ann)


def test_stems_fold_inflections_and_skip_function_words():
    counts = stems("The ministers resigned; the minister's resignation was accepted by the parliament")
    assert counts == {"minist": 2, "resign": 2, "accept": 1, "parliament": 1}
    assert stems("resigned") == stems("resigning")


def test_an_english_article_has_terms_title_words_and_figures():
    text = "Storm Arwen left 1,200 homes without power in Scotland, officials said on Friday."
    feats = extract_features(_english("e", "Storm Arwen cuts power to 1,200 homes", text))
    assert feats.has_text
    assert feats.figures == {"1.2e+03"}
    assert feats.title_figures == {"1.2e+03"}
    assert feats.title and feats.title <= set(feats.terms)
    assert "scotland" in feats.terms and feats.terms["arwen"] == 1 + 2  # the title counts twice more
    assert not feats.entities


def test_english_reports_of_one_happening_share_a_thread(store: Store):
    a = _english(
        "a",
        "Storm Arwen batters Scotland",
        "Storm Arwen brought winds of 98 mph to Scotland, leaving thousands of homes without power.",
    )
    b = _english(
        "b",
        "Thousands without power as Storm Arwen hits Scotland",
        "Thousands of homes in Scotland were left without power after Storm Arwen brought 98 mph winds.",
    )
    c = _english(
        "c",
        "Central bank raises interest rates",
        "The central bank raised its key interest rate by half a point to fight inflation.",
    )
    ingest(store, [a, b, c])
    grouper = Grouper(store)
    out = {}
    for x in (a, b, c):
        with store.transaction():
            out[x.id] = grouper.add(store.get_article(x.id))
    assert out["a"][0] == out["b"][0]
    assert out["c"][0] != out["a"][0]
