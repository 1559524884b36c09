"""Which country or body a role word is qualified by (`премьер-министр Бельгии`), and which people hold the same role of another country or body.

A role phrase with a genitive qualifier names the holder of that role there: `По словам
бывшего премьер-министра Бельгии` is never the prime minister of Britain named earlier in
the text, however recent. The qualifiers are the places and organisations the entity stage
found in the genitive after the role word, compared leniently by their canonical names. A person whose role is written with no qualifier, or with the same
one, stays a candidate (part of `speaker_resolve.Resolver`).
"""

from __future__ import annotations

from storyline.annotate.nlp import ParsedToken, word_grammemes
from storyline.annotate.speaker_speech import SpeechHistory
from storyline.annotate.speaker_view import ROLE_WINDOW
from storyline.model import EntityMention

__all__ = ["QualifiedRoles"]

# Entity types that qualify a role: the country or body whose role it is.
QUALIFIER_TYPES = frozenset({"LOC", "ORG"})

# Two names are compared by their words' stems: a word less a case ending of ENDING letters,
# never shorter than MIN_STEM (`британи` is in `великобритания`). Hand-set, not tuned: on the
# tuned-on sets (eval_quote_gold.py, 35 sets) the only qualified roles that met a rival holder
# were country names, each matched by its full stem.
MIN_STEM = 4
ENDING = 2
# An acronym is one capitalised word of at most this many letters (`США`, `ФРГ`, `ЕС`).
# Hand-set: the longest state acronym in bsnlp-ru's five topics (`ФРГ`, `США`) and a margin.
ACRONYM_LETTERS = 5


def is_place_name(name: str) -> bool:
    """The dictionary knows the name as a place (`Бельгия`, `США`), or the name is several
    words (`Южная Корея`)."""
    words = name.split()
    return len(words) > 1 or any("Geox" in a for a in word_grammemes(name))


def _stem(word: str) -> str:
    return word[: max(MIN_STEM, len(word) - ENDING)]


def same_place(a: str, b: str) -> bool:
    """Two qualifier names may name one place or body: a word's stem of one is inside a word
    of the other (`Британия`, `Великобритания`), or one is an acronym (`США`) the other's words
    begin (`Соединенных Штатов`) or, against one word, an acronym holding that word's first
    letter (`РФ`, `Россия`; `ФРГ`, `Германия`). Lenient on purpose: a qualifier only rules a
    person out when it clearly names somewhere else."""
    for x, y in ((a, b), (b, a)):
        if any(_stem(w) in v for w in x.lower().split() for v in y.lower().split()):
            return True
        if not _acronym(x) or _acronym(y):
            continue  # `x` is no acronym, or both are (`США`, `РФ`: two names)
        words = y.lower().split()
        initials = "".join(w[0] for w in words)
        if x.lower().startswith(initials) if len(words) > 1 else initials in x.lower():
            return True
    return False


def _acronym(name: str) -> bool:
    return " " not in name and len(name) <= ACRONYM_LETTERS and name.isupper()


class QualifiedRoles(SpeechHistory):
    """Qualifiers of a role phrase and of the roles people are given."""

    def role_qualifier(self, head: ParsedToken, end: int) -> frozenset[str]:
        """Names of the places and bodies in the genitive after the role `head`
        in the phrase ending at `end` (`премьер-министра Бельгии`). A run of capitalised
        words is one name too (`Соединенных Штатов`, of which the NER may take one word).
        A place adjective (`британский премьер`, `американский президент`) is no qualifier:
        its derived name (`Америка`) is too often another name of the place a role is written
        with (`президент США`). A place counts only when the dictionary knows it as one
        (`Штаты` alone is a common noun there)."""
        names = {
            m.name
            for m in self.mentions_in(head.end, end)
            if not m.derived and (m.type == "ORG" or (m.type == "LOC" and is_place_name(m.name)))
        }
        capitalised = [t.text for t in self.tokens_between(head.end, end) if t.text[:1].isupper()]
        if names and len(capitalised) > 1:
            names.add(" ".join(capitalised))
        return frozenset(names)

    def qualified_elsewhere(
        self, word: str, qualifier: frozenset[str], people: list[EntityMention]
    ) -> set[str]:
        """Names of the people given the role `word` with a qualifier that is not one of
        `qualifier` (`Премьер-министр Великобритании Тереза Мэй` for `премьер-министра
        Бельгии`). Empty when the phrase has no qualifier."""
        if not qualifier:
            return set()
        held: dict[str, set[str]] = {}
        for m in people:
            held.setdefault(m.name, set()).update(self._held_qualifiers(m, word))
        return {
            name
            for name, there in held.items()
            if there and not any(same_place(a, b) for a in there for b in qualifier)
        }

    def _held_qualifiers(self, mention: EntityMention, word: str) -> set[str]:
        """The qualifiers of the role `word` written with `mention`: the places and bodies
        between the role noun before the name and the name (`Премьер-министр Великобритании
        Тереза Мэй`), and those named inside the role the roles stage gave (an apposition
        after the name: `Ги Верхофстадт, бывший премьер-министр Бельгии`)."""
        found: set[str] = set()
        i = self.token_index(mention.start)
        for tok in reversed(self.tokens[max(0, i - ROLE_WINDOW) : i]):
            if tok.pos == "PUNCT" and tok.text != "-":
                break
            if tok.pos == "NOUN" and tok.lemma.startswith(word):
                found.update(self.role_qualifier(tok, mention.start))
                break
        role = (mention.role or "").lower()
        if role and any(w.strip(".,«»").startswith(word) for w in role.split()):
            lo, hi = self.sentence_bounds(mention.start)
            found.update(
                m.name
                for m in self.mentions_in(lo, hi)
                if m.type in QUALIFIER_TYPES and not m.derived and m.text.lower() in role
            )
        return found
