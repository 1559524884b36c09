"""A person's gender as the article's grammar agrees with it, not as the tagger guesses a name.

The tagger reads an indeclinable or foreign name by its ending: `Биби` and `Асию Биби` come
out masculine, `Мэй` masculine or nothing. Russian past-tense verbs and short adjectives agree
with their subject in gender, so the article itself says who is a woman: `Асия Биби провела`,
`— заявила Мэй`, `Мэй уверена`. Each person's name (the canonical `EntityMention.name`)
collects the genders of the predicates agreeing with its nominative mentions, and the
majority is that person's gender. A speaker resolver that filters antecedents by the
pronoun's or the speech verb's gender (`Он отметил`, `сообщил`) then no longer takes a woman
the tagger called masculine.

Only two orders are read, both safe without a parse:

- subject first: a nominative mention not right after a noun (`Адвокат Биби сообщил`: the
  verb agrees with `адвокат`), then at most `BETWEEN_WORDS` adverbs or particles, then the
  predicate (`Биби также провела`);
- the speech frame: a punctuation mark, the predicate and the mention closing the clause
  (`», — заявила Мэй.`, `, сообщила Захарова,`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable

from storyline.annotate.nlp import ParsedToken
from storyline.model import EntityMention

__all__ = ["agreed_genders", "predicate_gender"]

# Words allowed between a subject and its predicate (`Мэй также заявила`, `Биби не была`).
# Hand-set: one adverb and one particle (`уже не`); a longer gap starts to cross a clause.
BETWEEN_WORDS = 2
BETWEEN_POS = frozenset({"ADV", "PART"})

# What opens a trailing speech frame before its verb (`», — заявила Мэй`).
FRAME_OPENERS = frozenset({",", "—", "–", "-"})
# What may close the clause after the mention of a frame (`— заявила Мэй.`).
CLAUSE_CLOSERS = frozenset({",", ".", "!", "?", "…", ";", ":", "»", '"', ")"})

GENDERS = ("Masc", "Fem")


def predicate_gender(tok: ParsedToken) -> str | None:
    """The gender a singular past-tense verb or auxiliary, or a short adjective or participle,
    agrees in (`провела`, `была`, `уверена`); None for any other word."""
    feats = tok.feats
    if feats.get("Number") == "Plur" or feats.get("Gender") not in GENDERS:
        return None
    if tok.pos in ("VERB", "AUX") and feats.get("Tense") == "Past" and feats.get("VerbForm") != "Part":
        return feats["Gender"]
    if feats.get("Variant") == "Short" and tok.pos in ("ADJ", "VERB"):
        return feats["Gender"]
    return None


def _nominative(words: list[ParsedToken]) -> bool:
    cases = {t.feats.get("Case") for t in words if t.pos in ("PROPN", "NOUN")}
    return "Nom" in cases or cases <= {None}


def agreed_genders(
    tokens: list[ParsedToken], starts: list[int], mentions: Iterable[EntityMention]
) -> dict[str, str]:
    """Person name -> "Masc" or "Fem", where the predicates agreeing with its mentions say
    so by a strict majority. `starts`: the tokens' start offsets, in order."""
    votes: dict[str, Counter[str]] = {}
    for m in mentions:
        if m.type != "PER":
            continue
        i, j = bisect_left(starts, m.start), bisect_left(starts, m.end)
        words = [t for t in tokens[i:j] if t.end <= m.end]
        if not words or not _nominative(words):
            continue
        gender = None
        before = tokens[i - 1] if i > 0 else None
        if before is None or before.pos != "NOUN":
            k = j
            while k < len(tokens) and k - j < BETWEEN_WORDS and tokens[k].pos in BETWEEN_POS:
                k += 1
            if k < len(tokens):
                gender = predicate_gender(tokens[k])
        if gender is None and before is not None and i > 1 and tokens[i - 2].text in FRAME_OPENERS:
            closes = j >= len(tokens) or tokens[j].text in CLAUSE_CLOSERS
            if closes:
                gender = predicate_gender(before)
        if gender is not None:
            votes.setdefault(m.name, Counter())[gender] += 1
    out: dict[str, str] = {}
    for name, counts in votes.items():
        masc, fem = counts["Masc"], counts["Fem"]
        if masc != fem:
            out[name] = "Masc" if masc > fem else "Fem"
    return out
