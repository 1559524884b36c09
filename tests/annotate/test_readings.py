"""Dictionary readings of headline words and verbs: made in the annotate stage,
stored with the annotation, enough for grouping to never consult the dictionary."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyline.annotate import Annotator
from storyline.annotate.readings import WORD, read_word, read_words, words_to_read
from storyline.model import Article, Token
from storyline.store.codec import annotation_dumps, annotation_loads

HEADLINE = "Минфин заявил о снижении ставок на 2 процента: Набиуллина против"


def test_every_headline_word_and_text_verb_is_read_once(annotator: Annotator) -> None:
    article = Article(
        id="a",
        title=HEADLINE,
        text="Министерство финансов заявило, что ставки снизят. Банк России ответил, что не снизит их.",
    )
    ann = annotator.annotate(article)
    words = [r.text for r in ann.readings]
    assert len(words) == len(set(words))
    headline = {w.lower() for w in WORD.findall(HEADLINE) if not w.isdigit()}
    verbs = {t.text.lower() for t in ann.tokens if t.pos in ("VERB", "AUX")}
    assert set(words) == headline | verbs
    assert {"заявило", "снизят", "ответил"} <= verbs
    by_word = {r.text: r for r in ann.readings}
    assert by_word["заявил"].lemma == "заявить" and {"VERB", "past"} <= set(by_word["заявил"].tags)
    assert by_word["снизят"].lemma == "снизить" and "futr" in by_word["снизят"].tags
    # "Набиуллина" is read as a genitive of a masculine surname first, a feminine nominative too.
    reading = by_word["набиуллина"]
    assert "nomn" in {*reading.tags, *reading.other_tags}
    # Stored and read back unchanged.
    assert annotation_loads(annotation_dumps(ann)).readings == ann.readings


def test_other_languages_get_their_headline_read(annotator: Annotator) -> None:
    ann = annotator.annotate(
        Article(id="b", title="Boris Johnson resigns", text="Boris Johnson resigned today.")
    )
    assert [r.text for r in ann.readings] == ["boris", "johnson", "resigns"]
    assert all("LATN" in r.tags for r in ann.readings)


@given(st.lists(st.sampled_from(["Путин", "заявил", "2024", "ДНР", "по-русски", "и", "стали"]), max_size=8))
def test_words_to_read_are_unique_lower_case_and_never_numbers(words: list[str]) -> None:
    tokens = [Token(0, 1, w, w.lower(), "VERB") for w in words]
    found = words_to_read(" ".join(words), tokens)
    assert len(found) == len(set(found))
    assert all(w == w.lower() and not w.isdigit() for w in found)
    assert set(found) == {w.lower() for w in words if not w.isdigit()}
    assert [r.text for r in read_words(" ".join(words), [])] == found


def test_a_reading_keeps_what_the_other_analyses_allow() -> None:
    reading = read_word("стали")  # "стать" (past verb) or "сталь" (a noun in several cases)
    assert reading.lemma == "стать" and "VERB" in reading.tags
    assert "NOUN" in reading.other_tags and not set(reading.tags) & set(reading.other_tags)
