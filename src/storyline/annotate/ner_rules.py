"""Rules that repair slovnet's NER spans where its errors fall into a pattern.

The kinds of error, found by reading its output against FactRuEval-2016 and
NEREL dev (see docs/annotation-entities.md for counts and scores):

* punctuation at the edges ("Бернс (", "• Коста Рика") and spans glued across
  brackets, commas, bullets ("Джошуа Вольфа (Joshua Wolf)", "Овечкин, Фёдоров");
* one name split in two spans ("Садыр" + "Жапаров");
* an organisation cut before its dependent genitive ("Верховный суд" +
  "Испании", "Совета коллективной безопасности" + "ОДКБ");
* a capitalised common word at the start of a sentence taken for a name
  ("Побритый", "Супруга", "Маэстро");
* a country or region tagged as a person ("Кыргызстану");
* mentions the tagger missed although it tagged the same name elsewhere in
  the article, typically a bare surname at the start of a sentence.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from storyline.annotate.ner_orgs import (
    INSTITUTION_HEADS,
    extend_po,
    institutions,
    parenthetical_aliases,
    strip_legal_form,
)
from storyline.annotate.ner_spans import (
    COMMON_ACRONYMS,
    EDGE_PUNCT,
    FUNCTION_POS,
    PROPER,
    SPLITTERS,
    WORD,
    Span,
    Tokens,
    _is_capitalised,
    _is_word,
)
from storyline.annotate.nlp import NLP, ParsedText, ParsedToken, is_dictionary_word, word_grammemes

__all__ = ["INSTITUTION_HEADS", "WORD", "Span", "Tokens", "repair", "repair_with_pieces"]

# ------------------------------------------------------------------ span shape


def split_and_trim(spans: list[Span], toks: Tokens) -> list[Span]:
    """Cut spans at brackets, commas and bullets; drop punctuation at the edges."""
    out = []
    for span in spans:
        pieces: list[list[ParsedToken]] = [[]]
        depth = 0
        for token in toks.inside(span.start, span.end):
            if token.text == "«":
                depth += 1
            elif token.text == "»":
                depth = max(0, depth - 1)
            if token.text in SPLITTERS and depth == 0:
                pieces.append([])
            else:
                pieces[-1].append(token)
        for piece in pieces:
            while piece and piece[0].text in EDGE_PUNCT and piece[0].text != "«":
                piece.pop(0)
            while (
                piece
                and piece[-1].text in EDGE_PUNCT
                and not (piece[-1].text == "»" and any(t.text == "«" for t in piece))
            ):
                piece.pop()
            if piece and piece[0].text == "«" and not any(t.text == "»" for t in piece):
                piece.pop(0)
            if piece and any(_is_capitalised(t.text) or t.text.isupper() for t in piece):
                out.append(Span(piece[0].start, piece[-1].end, span.type))
    return out


def drop_noise(spans: list[Span], toks: Tokens) -> list[Span]:
    """Drop common-noun acronyms, all-lowercase spans and capitalised common words opening a sentence."""
    out = []
    for span in spans:
        tokens = toks.inside(span.start, span.end)
        words = [t for t in tokens if _is_word(t.text)]
        if not words or toks.text[span.start : span.end] in COMMON_ACRONYMS:
            continue
        if all(w.text.islower() for w in words):
            continue
        if len(words) == 1 and _common_word_opening_sentence(words[0], toks):
            continue
        if span.type == "PER" and len(words) == 1 and _only_adjective(words[0].text):
            continue  # "Хризантемового трона", "Рыжий лес": adjectives, not surnames
        out.append(span)
    return out


def _only_adjective(word: str) -> bool:
    """A dictionary word pymorphy2 reads only as an adjective (adjectival surnames have Surn readings)."""
    if not is_dictionary_word(word):
        return False
    analyses = word_grammemes(word)
    return bool(analyses) and all(a & {"ADJF", "PRTF", "ADJS"} and not a & PROPER for a in analyses)


def _common_word_opening_sentence(token: ParsedToken, toks: Tokens) -> bool:
    word = token.text
    if not word[:1].isupper() or word.isupper() or not is_dictionary_word(word):
        return False
    if not toks.opens_sentence(toks.index_at(token.start)):
        return False
    return not any(a & PROPER for a in word_grammemes(word))


# ------------------------------------------------------------------ types


def strip_leading(spans: list[Span], toks: Tokens) -> list[Span]:
    """Drop leading words that are no part of a name.

    Verbs go from any span ("Окончил философский факультет МГУ"); function
    words ("Всё-таки Проди") go from persons and places (organisations
    may start with one: «За права человека»); titles the tagger took
    into a person's name ("Император Акихито", "Вдова Солженицына") go from
    persons: a word pymorphy2 knows only as an animate common noun.
    """
    for span in spans:
        # A quoted name may start with a verb or a preposition: «Говорит Москва».
        quoted = toks.text[: span.start].rstrip()[-1:] in ("«", '"', "„", "“")
        tokens = toks.inside(span.start, span.end)
        while len(tokens) > 1 and _droppable_lead(tokens[0].text, span.type, quoted):
            tokens = tokens[1:]
        span.start = tokens[0].start if tokens else span.start
    return spans


def _droppable_lead(word: str, kind: str, quoted: bool) -> bool:
    if kind == "PER" and _is_title_word(word):
        return True
    if quoted:
        return False
    return _is_verb(word) or kind != "ORG" and _is_function_word(word)


def _is_title_word(word: str) -> bool:
    if not _is_word(word) or not is_dictionary_word(word):
        return False
    analyses = word_grammemes(word)
    return (
        bool(analyses)
        and not any(a & PROPER for a in analyses)
        and all({"NOUN", "anim"} <= a for a in analyses)
    )


def _is_verb(word: str) -> bool:
    """A word pymorphy2 reads only as a verb form: never the first word of a name."""
    if not _is_word(word) or not is_dictionary_word(word):
        return False
    analyses = word_grammemes(word)
    return bool(analyses) and all(a & {"VERB", "INFN", "GRND"} for a in analyses)


def _is_function_word(word: str) -> bool:
    if not _is_word(word) or not is_dictionary_word(word):
        return False
    analyses = word_grammemes(word)
    return bool(analyses) and all(a & FUNCTION_POS for a in analyses)


def retype_places(spans: list[Span], toks: Tokens) -> list[Span]:
    """A one-word PER that pymorphy2's dictionary knows only as a place ("Кыргызстану") is a LOC."""
    for span in spans:
        if span.type != "PER":
            continue
        words = [t for t in toks.inside(span.start, span.end) if _is_word(t.text)]
        if len(words) != 1:
            continue
        if not is_dictionary_word(words[0].text):
            continue  # pymorphy2 guesses Geox for unknown surnames ("Тифензее", "Мурси")
        analyses = word_grammemes(words[0].text)
        if any("Geox" in a for a in analyses) and not any(a & {"Name", "Surn", "Patr"} for a in analyses):
            span.type = "LOC"
    return spans


# ------------------------------------------------------------------ joins


def _gap(toks: Tokens, a: Span, b: Span) -> str:
    return toks.text[a.end : b.start]


def merge_adjacent(spans: list[Span], toks: Tokens) -> list[Span]:
    """Join a name split in two PER spans, and an organisation with its genitive complement.

    ORG + LOC/ORG is joined when the second part is in the genitive or an
    abbreviation ("Верховный суд Испании", "МИД РФ", "ГУ МЧС России"), which is
    how both FactRuEval and NEREL mark the organisation's extent.
    """
    spans = sorted(spans, key=lambda s: s.start)
    out: list[Span] = []
    for span in spans:
        if out:
            prev = out[-1]
            gap = _gap(toks, prev, span)
            if gap in (" ", "\u00a0") and toks.same_sentence(prev.start, span.start):
                if prev.type == span.type == "PER" and _one_name(prev, span, toks):
                    prev.end = span.end
                    continue
                if prev.type == "ORG" and span.type in ("ORG", "LOC") and _is_genitive_complement(span, toks):
                    prev.end = span.end
                    continue
        out.append(span)
    return out


def _one_name(first: Span, second: Span, toks: Tokens) -> bool:
    """Two adjacent PER spans are one name when the first is a lone given name in the same case.

    "Садыр" + "Жапаров" joins; "Александра Кокорина" + "Андрей Ромашов" (the
    lawyer of Kokorin) and "Акихито" + "Нарухито" (father and son) do not.
    """
    if first.propagated and second.propagated:
        return True
    words = toks.inside(first.start, first.end)
    following = toks.inside(second.start, second.end)
    if len(words) != 1 or not following:
        return False
    word = words[0]
    if word.feats.get("Case") != following[0].feats.get("Case"):
        return False
    return any("Name" in a for a in word_grammemes(word.text))


def _is_genitive_complement(span: Span, toks: Tokens) -> bool:
    tokens = [t for t in toks.inside(span.start, span.end) if _is_word(t.text)]
    if not tokens:
        return False
    first = tokens[0]
    if first.text.isupper():
        return True
    return first.feats.get("Case") == "Gen"


AGREEMENT = ("Case", "Number", "Gender")
# Dictionary grammemes two words must share to agree as adjective and noun: one of each group.
AGREEMENT_GRAMMEMES = (
    frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct"}),
    frozenset({"sing", "plur"}),
)
GENDER_GRAMMEMES = frozenset({"masc", "femn", "neut"})
# A word with a number after a hyphen ("поток-2"): the word is judged, the number kept.
NUMBERED_WORD = re.compile(r"([^\W\d_]+)-\d+")


def _dictionary_agrees(adjective: str, noun: str) -> bool:
    """Some dictionary reading of `noun` is a noun in a case, number (and, singular, gender)
    one reading of `adjective` has: the tagger misreads these pairs at times ("Северный"
    accusative beside "поток" nominative, "поток-2" as an adjective)."""
    nouns = [a for a in word_grammemes(noun) if "NOUN" in a and not a & PROPER]
    adjectives = [a for a in word_grammemes(adjective) if a & {"ADJF", "PRTF"}]
    for n in nouns:
        for a in adjectives:
            if all(n & group & a for group in AGREEMENT_GRAMMEMES) and (
                "plur" in n or n & GENDER_GRAMMEMES & a
            ):
                return True
    return False


def _adjective_run(span: Span, toks: Tokens) -> list[ParsedToken] | None:
    """The capitalised dictionary adjectives a span consists of, after a common noun that
    opens the sentence ("Газопровод Северный": the tagger took the sentence's first word
    in); None for any other span, or for adjectives opening the sentence themselves."""
    tokens = toks.inside(span.start, span.end)
    if len(tokens) > 1 and tokens[0].pos == "NOUN" and _common_word_opening_sentence(tokens[0], toks):
        tokens = tokens[1:]
    if not tokens or not all(t.pos == "ADJ" and _is_capitalised(t.text) for t in tokens):
        return None
    if not all(_only_adjective(t.text) for t in tokens) or toks.opens_sentence(
        toks.index_at(tokens[0].start)
    ):
        return None  # "Наньпине" is a town; "Речная экосистема" opens a sentence, capitals prove nothing
    return tokens


def complete_adjective_names(spans: list[Span], toks: Tokens) -> list[Span]:
    """A name of capitalised adjectives alone takes the lower-case noun they agree with.

    The tagger stops at the capital letters: "Северный" of "Северный поток",
    "Южном" of "Южном потоке". A name does not end in an adjective, so the noun
    right after it, in the same case, number and gender, is part of it (by the
    tagger's reading, else by the dictionary's: the tagger misreads "поток-2").
    Only dictionary adjectives, and not at the start of a sentence; a common noun
    opening the sentence before them is no part of the name."""
    starts = {s.start for s in spans}
    for span in spans:
        tokens = _adjective_run(span, toks)
        if tokens is None:
            continue
        i = toks.index_at(tokens[-1].start) + 1
        if i >= len(toks.tokens):
            continue
        noun = toks.tokens[i]
        numbered = NUMBERED_WORD.fullmatch(noun.text)
        word = numbered.group(1) if numbered else noun.text
        if not word[:1].islower() or toks.text[tokens[-1].end : noun.start] != " " or noun.start in starts:
            continue
        tagged = noun.pos == "NOUN" and not any(
            noun.feats.get(k) != tokens[-1].feats.get(k) for k in AGREEMENT if k in noun.feats
        )
        if not tagged and not _dictionary_agrees(tokens[-1].text, word):
            continue
        span.start = tokens[0].start
        span.end = noun.end
    return spans


# ------------------------------------------------------------------ document consistency


def _surface_keys(nlp: NLP, word: str) -> set[str]:
    """Lower-case lemmas a capitalised word may have, for matching mentions across cases."""
    keys = {word.lower()}
    for form in nlp.word_forms(word):
        keys.add(form.normal)
    return keys


def propagate(spans: list[Span], toks: Tokens, nlp: NLP) -> list[Span]:
    """Tag untagged occurrences of a one-word name the tagger found elsewhere in the article.

    Only words that were tagged as a whole span or as the last word of a
    person's name (a surname) are propagated, and only onto capitalised words
    outside every span. A word tagged with several types is left alone.
    """
    votes: dict[str, Counter[str]] = {}
    for span in spans:
        words = [t for t in toks.inside(span.start, span.end) if _is_word(t.text)]
        if not words:
            continue
        # "Северного потока-2" is two words although "потока-2" is no plain word: not one to spread.
        lettered = sum(any(c.isalpha() for c in t.text) for t in toks.inside(span.start, span.end))
        if lettered == 1 or span.type == "PER":
            word = words[-1].text
            if not _is_capitalised(word) or (word.isupper() and span.type == "PER"):
                continue
            votes.setdefault(word, Counter())[span.type] += 1
    known: dict[str, str] = {}
    for word, counter in votes.items():
        if len(counter) == 1:
            kind = next(iter(counter))
            for key in _surface_keys(nlp, word):
                known.setdefault(key, kind)
    if not known:
        return spans
    covered = sorted((s.start, s.end) for s in spans)
    starts = [c[0] for c in covered]
    added = []
    for token in toks.tokens:
        if not _is_capitalised(token.text):
            continue
        j = bisect.bisect_right(starts, token.start) - 1
        if j >= 0 and covered[j][1] > token.start:
            continue
        kinds = {known[k] for k in _surface_keys(nlp, token.text) if k in known}
        if len(kinds) != 1:
            continue
        if token.text.lower() in known or token.text in votes or _agrees(token):
            added.append(Span(token.start, token.end, kinds.pop(), propagated=True))
    return sorted(spans + added, key=lambda s: s.start)


def _agrees(token: ParsedToken) -> bool:
    return token.pos in ("PROPN", "NOUN", "X")


def repair(parsed: ParsedText, nlp: NLP) -> list[Span]:
    """slovnet's spans with every rule applied, in text order (flat: no span inside another)."""
    return repair_with_pieces(parsed, nlp)[0]


def repair_with_pieces(parsed: ParsedText, nlp: NLP) -> tuple[list[Span], list[Span]]:
    """The repaired spans, and the cleaned tagger spans before the joins (for nested mentions)."""
    toks = Tokens(parsed)
    spans = [Span(s, e, t) for s, e, t in parsed.ner]
    spans = split_and_trim(spans, toks)
    spans = drop_noise(spans, toks)
    spans = strip_leading(spans, toks)
    spans = retype_places(spans, toks)
    pieces = [Span(s.start, s.end, s.type) for s in spans]
    spans = merge_adjacent(spans, toks)
    spans = institutions(spans, toks)
    spans = extend_po(spans, toks)
    spans = complete_adjective_names(spans, toks)
    spans = strip_legal_form(spans, toks)
    spans = parenthetical_aliases(spans, toks)
    spans = propagate(spans, toks, nlp)
    spans = merge_adjacent(spans, toks)
    return spans, pieces
