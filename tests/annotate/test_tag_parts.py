"""`nlp._tag_parts`: a morphology tag read once, then remembered across words and documents.

The remembered reading must be exactly what reading the tag afresh gives (`conll_tag`
and the lemma cache's key), and every token must still get a feature dict of its own.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyline.annotate import nlp
from storyline.annotate.tagger import conll_tag

POS = st.sampled_from(["NOUN", "VERB", "PROPN", "ADJ", "PUNCT", "NUM", "X"])
NAMES = st.sampled_from([*nlp._LEMMA_FEATS, "Animacy", "Degree", "Mood", "VerbForm", "Voice"])
VALUES = st.sampled_from(["Nom", "Gen", "Masc", "Fem", "Sing", "Plur", "Perf", "Past", "Yes", "1"])


@st.composite
def tags(draw: st.DrawFn) -> str:
    pos = draw(POS)
    names = draw(st.lists(NAMES, unique=True, max_size=6))
    return "|".join([pos, *(f"{name}={draw(VALUES)}" for name in names)])


@given(st.lists(tags(), min_size=1, max_size=20))
def test_remembered_reading_is_the_fresh_one(tagged: list[str]) -> None:
    for tag in tagged + tagged:  # the second pass reads from the cache
        pos, feats = conll_tag(tag)
        got_pos, items, key = nlp._tag_parts(tag)
        assert (got_pos, dict(items), list(items)) == (pos, feats, list(feats.items()))
        assert key == nlp._lemma_key(feats)
        assert key == tuple((n, feats[n]) for n in nlp._LEMMA_FEATS if n in feats)


def test_each_miss_gets_a_dict_of_its_own() -> None:
    """Two words with one tag share the cached reading, never one mutable dict."""
    analyse = nlp.NLP._analyse_uncached
    tag = "NOUN|Case=Nom|Gender=Fem|Number=Sing"

    class Fake:  # only the lemma cache `_analyse_uncached` calls: no models needed here
        def _lemma(self, word: str, pos: str, key: tuple[tuple[str, str], ...]) -> str:
            return f"{word}:{pos}:{dict(key)['Case']}"

    first = analyse(Fake(), "мама", tag)  # type: ignore[arg-type]
    second = analyse(Fake(), "рама", tag)  # type: ignore[arg-type]
    assert first == ("мама:NOUN:Nom", "NOUN", {"Case": "Nom", "Gender": "Fem", "Number": "Sing"})
    assert second[0] == "рама:NOUN:Nom"
    first[2]["Case"] = "Gen"
    assert second[2]["Case"] == "Nom"
    assert analyse(Fake(), "мама", tag)[2]["Case"] == "Nom"  # type: ignore[arg-type]
