"""Our slovnet driver (`annotate/tagger.py`) must tag exactly as natasha's own path does.

`NLP.parse_many` tokenises each sentence once and feeds slovnet the words; the
reference here is natasha's `tagger.map`, which tokenises again and finds words
back in the text. Any difference (tokens, tags, span offsets) fails.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.annotate.nlp import NLP, razdel_tokens
from storyline.annotate.segment import segment
from storyline.annotate.tagger import bio_spans, conll_tag
from tests.annotate.test_dates import check_golden, read_seed

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "lemmas"

EXTRA = [
    "Президент Казахстана Касым-Жомарт Токаев 5 января обратился к ОДКБ.",
    "«Мы направим 150 военных», — сказал министр обороны Киргизии Бакыт Торобаев.",
    "В ООН, НАТО и Евросоюзе пока не комментируют происходящее в Алма-Ате.",
    "Ок",
]


def reference(
    nlp: NLP, text: str
) -> tuple[list[tuple[int, int, str, str, dict[str, str]]], list[tuple[int, int, str]]]:
    """Tokens (offsets, word, pos, feats) and NER spans through natasha's own API."""
    tokens, spans = [], []
    for s in segment(text):
        chunk = text[s.start : s.end]
        words = razdel_tokens(chunk, s.start)
        (morph,) = nlp.morph.map([[w for _, _, w in words]])
        for (start, end, word), tag in zip(words, morph.tokens, strict=True):
            tokens.append((start, end, word, tag.pos, dict(tag.feats)))
        (ner,) = nlp.ner_tagger.map([chunk])
        spans += [(sp.start + s.start, sp.stop + s.start, sp.type) for sp in ner.spans]
    return tokens, spans


def ours(
    nlp: NLP, texts: list[str]
) -> list[tuple[list[tuple[int, int, str, str, dict[str, str]]], list[tuple[int, int, str]]]]:
    parsed = nlp.parse_many([(t, segment(t)) for t in texts])
    return [([(t.start, t.end, t.text, t.pos, dict(t.feats)) for t in p.tokens], list(p.ner)) for p in parsed]


def test_same_tags_as_natasha_on_the_seeds(nlp: NLP, seeds_dir: Path) -> None:
    texts = [read_seed(p)[0] for p in sorted(seeds_dir.glob("*.txt"))]
    texts += EXTRA
    assert len(texts) > len(EXTRA), "seeds not found"
    # One call for all texts: batching across documents must not change any tag.
    for text, got in zip(texts, ours(nlp, texts), strict=True):
        assert got == reference(nlp, text)


@pytest.mark.slow
def test_same_tags_as_natasha_on_a_corpus_sample(nlp: NLP, corpora: Path) -> None:
    lines = (corpora / "bsnlp-ru" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines[::40]]
    for text, got in zip(texts, ours(nlp, texts), strict=True):
        assert got == reference(nlp, text)


def test_bio_spans_read_like_slovnet() -> None:
    toks = [(0, 1, "a"), (2, 3, "b"), (4, 5, "c"), (6, 7, "d"), (8, 9, "e")]
    assert list(bio_spans(toks, ["B-PER", "I-PER", "O", "B-LOC", "B-ORG"])) == [
        (0, 3, "PER"),
        (6, 7, "LOC"),
        (8, 9, "ORG"),
    ]
    # An I without a B opens nothing; an I of another type extends the open span.
    assert list(bio_spans(toks, ["I-PER", "O", "B-ORG", "I-LOC", "O"])) == [(4, 7, "ORG")]


def test_conll_tag() -> None:
    assert conll_tag("PUNCT") == ("PUNCT", {})
    assert conll_tag("NOUN|Case=Nom|Gender=Masc") == ("NOUN", {"Case": "Nom", "Gender": "Masc"})


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Токаев", "ОДКБ", "в", "Алма-Ате", "12", ",", "«", "»", "—", "x", "Ёлка"]),
        max_size=30,
    )
)
def test_any_word_sequence_is_tagged_word_for_word(nlp: NLP, words: list[str]) -> None:
    text = " ".join(words)
    (parsed,) = nlp.parse_many([(text, segment(text))])
    assert [t.text for t in parsed.tokens] == [w for _, _, w in razdel_tokens(text)] or len(segment(text)) > 1
    for start, end, _ in parsed.ner:
        assert 0 <= start < end <= len(text)


def test_first_layer_table_refills_when_full(nlp: NLP) -> None:
    """A tiny table that overflows on every batch gives the same tags as a large one."""
    from storyline.annotate.tagger import FirstLayerTable, SlovnetTagger

    small = SlovnetTagger(nlp.ner_tagger, crf=True)
    sentences = [t.split() for t in EXTRA] * 3
    # A batch with more distinct words than the table holds is computed directly.
    small.first_layer = FirstLayerTable(small.model.emb, small.encoder.layers[0][0], capacity=3)
    assert small.tag(sentences) == nlp._ner.tag(sentences)
    # One sentence at a time: the table fills, starts again, and refills.
    small.first_layer = FirstLayerTable(small.model.emb, small.encoder.layers[0][0], capacity=15)
    assert [small.tag([s])[0] for s in sentences] == nlp._ner.tag(sentences)


def test_taggers_together_tag_as_each_alone(nlp: NLP) -> None:
    """Morphology and NER share each batch's word ids: their tags are each tagger's own
    (a tagger with its own word table tags the same), empty sentences included; taggers
    that do not share one table are refused."""
    from storyline.annotate.tagger import SlovnetTagger, tag_together

    sentences = [t.split() for t in EXTRA] + [[]]
    alone = SlovnetTagger(nlp.ner_tagger, crf=True)  # its own WordIds
    morph, ner = tag_together([nlp._morph, nlp._ner], sentences)
    assert ner == alone.tag(sentences)
    assert morph == SlovnetTagger(nlp.morph, crf=False).tag(sentences)
    assert morph[-1] == ner[-1] == []
    with pytest.raises(ValueError, match="share"):
        tag_together([nlp._morph, alone], sentences)


# ------------------------------------------------------------------ golden: tokens and lemmas


def lemma_markup(nlp: NLP, text: str) -> str:
    """One line per sentence; a word whose lemma is not its lower-cased self reads `word(lemma)`,
    and every word carries its part of speech: `Жогорку/PROPN Кенеша(кенеш)/PROPN`."""
    sentences = segment(text)
    parsed = nlp.parse(text, sentences)
    lines = []
    for s in sentences:
        words = []
        for t in parsed.sentence_tokens(s):
            shown = t.text if t.lemma == t.text.lower() else f"{t.text}({t.lemma})"
            words.append(f"{shown}/{t.pos}")
        lines.append(" ".join(words))
    return "\n".join(lines) + "\n"


def test_seed_lemma_goldens(nlp: NLP, seeds_dir: Path) -> None:
    """Regenerate with STORYLINE_REGOLD=1 and read the diff."""
    seeds = sorted(seeds_dir.glob("*.txt"))
    assert seeds
    for seed in seeds:
        check_golden(GOLDEN / f"{seed.stem}.txt", lemma_markup(nlp, read_seed(seed)[0]))
