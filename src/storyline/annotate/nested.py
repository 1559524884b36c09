"""Places and persons named inside an organisation's name, as mentions of their own.

"МИД России" is an organisation, and "России" inside it is a place; "фонд
Михаила Прохорова" holds a person. FactRuEval and NEREL both mark the inner
names, and a reader searching for Россия expects the ministry's mentions to
count. The inner mention is flagged `nested` so that consumers which already
count the organisation (grouping keys, story entities, quote speakers) can
leave it out and count the referent once.

Two sources, both confined to one organisation span:

* the tagger's own LOC/PER spans that the join rules folded into it
  ("правительство" + "Германии", "Верховный суд" + "Испании");
* single words inside it that are places by the dictionary (a noun pymorphy2
  knows as a place name and never as a person's name) or by the article (the
  same word tagged as a place elsewhere in the text): "МИД России",
  "Госдепартамента США" come out of the tagger as one span.

Quoted names are not opaque: both corpora mark the place in «Единая Россия»
or «Бутун Кыргызстан» (leaving quoted names out cost 0.006 nested LOC F1 on
NEREL dev and 0.002 on FactRuEval).
"""

from __future__ import annotations

import bisect

from storyline.annotate.ner_rules import Span, Tokens
from storyline.annotate.nlp import NLP, ParsedToken, is_dictionary_word, word_grammemes

PERSON_TAGS = frozenset({"Name", "Surn", "Patr"})
INNER_TYPES = frozenset({"LOC", "PER"})
# A person inside an organisation is a given name and a surname (or patronymic):
# one capitalised word alone ("Фонд Развития") is too often a common noun.
MIN_PERSON_WORDS = 2


def _is_place_word(token: ParsedToken) -> bool:
    """A capitalised noun the dictionary knows as a place name only ("России", "США", "Германии")."""
    word = token.text
    if not word[:1].isupper() or not word.replace("-", "").isalpha() or not is_dictionary_word(word):
        return False
    analyses = word_grammemes(word)
    return any("Geox" in a and "NOUN" in a for a in analyses) and not any(a & PERSON_TAGS for a in analyses)


def _person_tags(token: ParsedToken) -> frozenset[str]:
    if not token.text[:1].isupper() or token.text.isupper() or not token.text.replace("-", "").isalpha():
        return frozenset()
    return frozenset().union(*word_grammemes(token.text)) & PERSON_TAGS


def _persons_inside(tokens: list[ParsedToken]) -> list[Span]:
    """A given name and a surname inside an organisation's name ("фонд Михаила Прохорова")."""
    out = []
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and _person_tags(tokens[j]):
            j += 1
        run = tokens[i:j]
        if (
            len(run) >= MIN_PERSON_WORDS
            and "Name" in _person_tags(run[0])
            and _person_tags(run[-1])
            & {
                "Surn",
                "Patr",
            }
        ):
            out.append(Span(run[0].start, run[-1].end, "PER"))
        i = max(j, i + 1)
    return out


def _place_keys(nlp: NLP, spans: list[Span], toks: Tokens) -> set[str]:
    """Lemmas of one-word places the article names outside organisations."""
    keys: set[str] = set()
    for span in spans:
        if span.type != "LOC":
            continue
        words = [t for t in toks.inside(span.start, span.end) if t.text[:1].isalpha()]
        if len(words) == 1:
            keys.add(words[0].lemma.lower())
            keys.update(f.normal for f in nlp.word_forms(words[0].text))
    return keys


def nested_mentions(spans: list[Span], pieces: list[Span], toks: Tokens, nlp: NLP) -> list[Span]:
    """Inner LOC/PER spans of every ORG in `spans` (final) from `pieces` (before the joins) and words."""
    places = _place_keys(nlp, spans, toks)
    pieces = sorted((p for p in pieces if p.type in INNER_TYPES), key=lambda p: p.start)
    piece_starts = [p.start for p in pieces]
    out: list[Span] = []
    for org in spans:
        if org.type != "ORG":
            continue
        tokens = toks.inside(org.start, org.end)
        found: dict[tuple[int, int], Span] = {}
        k = bisect.bisect_left(piece_starts, org.start)
        while k < len(pieces) and pieces[k].start < org.end:
            piece = pieces[k]
            if piece.end <= org.end and (piece.start, piece.end) != (org.start, org.end):
                found.setdefault((piece.start, piece.end), Span(piece.start, piece.end, piece.type))
            k += 1
        for person in _persons_inside(tokens[1:]):
            found.setdefault((person.start, person.end), person)
        for token in tokens[1:]:
            if any(s <= token.start < e for s, e in found):
                continue
            if _is_place_word(token) or (token.text[:1].isupper() and token.lemma.lower() in places):
                found[(token.start, token.end)] = Span(token.start, token.end, "LOC")
        out.extend(found.values())
    for span in out:
        span.nested = True
    return sorted(out, key=lambda s: (s.start, s.end))
