"""Clause tests shared by the quote finders: is this stretch a predicate, a statement,
a source? Kept apart so that direct, attributed and reported speech judge words alike."""

from __future__ import annotations

from storyline.annotate.nlp import ParsedText, ParsedToken

TERMINAL = frozenset({".", "!", "?", "…", ";"})

# A reported clause has at least this many words unless its source opens the
# sentence (`По ее словам, ситуация стабильна` is two). Hand-set on the seeds and
# the phrase tests; 2, 3 and 4 give the same 171 quotes on the development documents.
MIN_CONTENT_TOKENS = 3

# A stretch without a predicate still reads as a statement at this many words (a short
# one is a name or a heading: `Северный поток — 2`, `Итоги года`). Hand-set on the
# tuning golds: the two verbless statements there have 10 and 11 words.
MIN_VERBLESS_WORDS = 8

COMPLEMENTISERS = frozenset({"что", "будто", "якобы"})


# Converbs that name whom an outlet cites, like `со ссылкой на` (`пишет газета, ссылаясь на
# министра`, `сообщило агентство, сославшись на источник`).
CITING_CONVERBS = frozenset({"ссылаясь", "сославшись"})


def cited(source: list[ParsedToken]) -> list[ParsedToken]:
    """`агентства Dawn со ссылкой на министра … Фавада Чаудхри`, `пишет газета, ссылаясь на
    министра`: whom the outlet cites spoke."""
    for k in range(len(source) - 2):
        if source[k].lemma == "со" or source[k].text.lower() == "со":
            if source[k + 1].lemma == "ссылка" and source[k + 2].text.lower() == "на" and k + 3 < len(source):
                return source[k + 3 :]
        if source[k].text.lower() in CITING_CONVERBS and source[k + 1].text.lower() == "на":
            return source[k + 2 :]
    return source


def finite(token: ParsedToken) -> bool:
    return token.pos in ("VERB", "AUX") and token.feats.get("VerbForm") == "Fin"


def is_initial(token: ParsedToken) -> bool:
    return len(token.text) == 1 and token.text.isupper()


def word_count(tokens: list[ParsedToken]) -> int:
    return sum(1 for t in tokens if t.pos != "PUNCT")


def is_statement(tokens: list[ParsedToken]) -> bool:
    """A clause, or a verbless sentence long enough to be a statement (`Наложение санкций
    против проекта точно не тот путь, сказал он`)."""
    return is_clause(tokens) or word_count(tokens) >= MIN_VERBLESS_WORDS


def is_clause(tokens: list[ParsedToken]) -> bool:
    """Enough words and a predicate (a verb, a short participle or a dash: `Россия — 1400`)."""
    if word_count(tokens) < MIN_CONTENT_TOKENS:
        return False
    return has_predicate(tokens)


def has_predicate(tokens: list[ParsedToken]) -> bool:
    """A verb (not a converb), a short participle or a dash among `tokens`."""
    return any(
        (t.pos in ("VERB", "AUX") and t.feats.get("VerbForm") != "Conv")
        or t.text in ("—", "–", "―")
        or t.feats.get("Variant") == "Short"
        for t in tokens
    )


def sentence_ends(parsed: ParsedText) -> list[int]:
    """The segmenter's sentence ends, plus a full stop glued to the next sentence (`… в эфире
    телеканала "Россия 24".Она добавила`, `центром Чумакова.Как сообщила`): copy that lost
    the space after a stop. The stop must follow a word of two letters or more, a digit or a
    closing mark (`Т.Мэй` is an initial) and precede a capital Cyrillic letter."""
    ends = {s.end for s in parsed.sentences}
    tokens = parsed.tokens
    for k in range(1, len(tokens) - 1):
        stop, before, after = tokens[k], tokens[k - 1], tokens[k + 1]
        if stop.text != "." or after.start != stop.end or before.end != stop.start:
            continue
        glued = (len(before.text) > 1 and before.text[-1].isalnum()) or before.text in '»"”'
        if glued and "А" <= after.text[:1] <= "Я" and (len(after.text) == 1 or after.text[1:2].islower()):
            ends.add(stop.end)
    return sorted(ends)


# A parenthetical between a speech verb and its `что` (`заявил, в свою очередь, что …`,
# `сообщил, со своей стороны, что …`): at most this many words set off by commas. Hand-set:
# the common asides are two or three words; a longer stretch is a clause of its own.
ASIDE_WORDS = 3


def past_aside(tokens: list[ParsedToken], k: int) -> int:
    """The index after a short aside that opens at `k` and closes with a comma right before a
    complementiser; `k` itself when no such aside is there. The aside holds no predicate."""
    for n in range(1, ASIDE_WORDS + 1):
        comma = k + n
        if comma + 1 >= len(tokens):
            return k
        words = tokens[k:comma]
        if any(t.pos in ("VERB", "AUX", "PUNCT") for t in words):
            return k
        if tokens[comma].text == "," and tokens[comma + 1].text.lower() in COMPLEMENTISERS:
            return comma + 1
    return k


# A prepositional phrase of time between a promise verb and its infinitive (`пообещали в
# ближайшее время подать`, `обещал на этой неделе вернуть`): a preposition and at most this
# many modifiers and nouns. Hand-set: `в ближайшие два дня` is four words after it.
TIME_PHRASE_WORDS = 4
TIME_PHRASE_POS = frozenset({"ADJ", "DET", "NUM", "NOUN"})


def past_time_phrase(tokens: list[ParsedToken], j: int) -> int:
    """The index of the infinitive after a short prepositional phrase at `j`, when one
    follows it; `j` itself otherwise."""
    if j >= len(tokens) or tokens[j].pos != "ADP":
        return j
    k = j + 1
    while k < len(tokens) and k - j <= TIME_PHRASE_WORDS and tokens[k].pos in TIME_PHRASE_POS:
        k += 1
    if k > j + 1 and k < len(tokens) and tokens[k].feats.get("VerbForm") == "Inf":
        return k
    return j
