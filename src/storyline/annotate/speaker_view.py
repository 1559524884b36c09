"""Tokens, mentions and quoted stretches of one article, and the grammar read off them.

`ArticleView` holds the look-ups the quote finder and the speaker resolver share: tokens
by offset, entity mentions outside quoted speech (a name a speaker utters is not an
antecedent for the narrator's `он`), sentence bounds, and the case and gender of a
mention as the tagger and the written form tell them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import replace

from storyline.annotate.nlp import ParsedText, ParsedToken
from storyline.annotate.quote_clauses import sentence_ends
from storyline.annotate.roles import QUOTE_MARKS
from storyline.annotate.speaker_gender import agreed_genders
from storyline.annotate.speech_lexicon import (
    KINSHIP_WORDS,
    MEDIA_WORDS,
    MESSAGE_WORDS,
    PERSONAL_PRONOUNS,
    SPEECH_VERBS,
)
from storyline.model import EntityMention

# Description resolution looks for the role word among this many tokens just
# before a mention (`депутат Дастан Бекешев`, `глава кабинета министров Акылбек Жапаров`).
ROLE_WINDOW = 4

# Case endings added to a consonant-final name in the oblique cases (`Мулук` → `Мулука`,
# `Мулуку`, `Мулуком`, `Мулуке`): a mention written as another mention of the text plus one
# of these is that name inflected, when the NER gave the two different canonical names.
OBLIQUE_ENDINGS = frozenset({"а", "я", "у", "ю", "ом", "ем", "е"})

# A stem shorter than this is not compared (`Ли` and `Лиу` are two people).
MIN_STEM = 4


def _words(name: str) -> list[str]:
    """The words of a name, lowercased, `ё` as `е`, hyphenated parts apart."""
    return name.lower().replace("ё", "е").replace("-", " ").split()


def _trimmed(mention: EntityMention, token_ends: set[int]) -> EntityMention:
    """The mention without a sentence's full stop the NER took into it (`сообщает Би-би-си.`),
    when the tokens end the name before it; else the mention itself."""
    if len(mention.text) > 2 and mention.text[-1] in ".," and mention.end - 1 in token_ends:
        return replace(mention, end=mention.end - 1, text=mention.text[:-1])
    return mention


# A dash inside quote marks opens the narrator's frame of a split quote (`«…, — говорится в
# заявлении Белого дома. — …»`) when a speech verb is among this many words after it: the
# same window the direct-speech stage gives a frame after a quote (`FRAME_VERB_WINDOW`).
INNER_FRAME_VERB_WINDOW = 4
DASHES = frozenset({"—", "–", "-"})
FRAME_PUNCT = frozenset({",", ".", "!", "?", "…"})


def without_inner_frames(quoted: list[tuple[int, int]], tokens: list[ParsedToken]) -> list[tuple[int, int]]:
    """The quoted stretches with the narrator's frame of a split quote cut out (`«Мы готовы,
    — сказал Мамытов. — Но решение за парламентом»`): a punctuation mark and a dash, a speech
    verb within INNER_FRAME_VERB_WINDOW words, and a punctuation mark and a dash closing the
    frame before the closing mark. The names in the frame are the narrator's, so they are
    antecedents and authors like any outside quote marks."""
    starts = [t.start for t in tokens]
    out: list[tuple[int, int]] = []
    for qs, qe in quoted:
        words = tokens[bisect_left(starts, qs) : bisect_left(starts, qe)]
        cut = _inner_frame(words)
        if cut is None:
            out.append((qs, qe))
        else:
            out.extend([(qs, cut[0]), (cut[1], qe)])
    return out


def _inner_frame(words: list[ParsedToken]) -> tuple[int, int] | None:
    """(start, end) of the first split-quote frame among a quote's tokens, if any."""
    for k in range(1, len(words) - 1):
        if words[k].text not in DASHES or words[k - 1].text not in FRAME_PUNCT:
            continue
        ahead = words[k + 1 : k + 1 + INNER_FRAME_VERB_WINDOW]
        if not any(t.lemma in SPEECH_VERBS or t.text.lower() in SPEECH_VERBS for t in ahead):
            continue
        for j in range(k + 2, len(words) - 1):
            if words[j].text in DASHES and words[j - 1].text in FRAME_PUNCT:
                return words[k].start, words[j].end
        return None
    return None


class ArticleView:
    """Tokens, entity mentions and quoted stretches of one parsed article, with look-ups."""

    def __init__(
        self, parsed: ParsedText, entities: list[EntityMention], quoted: list[tuple[int, int]]
    ) -> None:
        self.text = parsed.text
        self.tokens = parsed.tokens
        self.starts = [t.start for t in parsed.tokens]
        self.sentence_ends = sentence_ends(parsed)
        self.quoted = sorted(without_inner_frames(quoted, parsed.tokens))
        self.quoted_starts = [qs for qs, _ in self.quoted]
        # Top-level quote contents never overlap; then only the last one opening
        # at or before a span can hold it (bisection, not a scan: issue #15).
        self.quoted_disjoint = all(a[1] <= b[0] for a, b in zip(self.quoted, self.quoted[1:], strict=False))
        # A pronoun the NER tagged as a name (`Они также полагают`) is a pronoun here.
        ends = {t.end for t in parsed.tokens}
        named = [_trimmed(m, ends) for m in entities if m.text.lower() not in PERSONAL_PRONOUNS]
        self.entities = sorted(named, key=lambda m: m.start)
        self.entity_starts = [m.start for m in self.entities]
        self.antecedents = [m for m in self.entities if not self._inside_quote(m.start, m.end)]
        self.antecedent_starts = [m.start for m in self.antecedents]
        self._starting_at = {m.start: m for m in self.antecedents}
        self._roles: dict[str, set[str]] | None = None
        self._agreed: dict[str, str] | None = None
        self._speaking: set[int] | None = None
        self.sentence_spans = [(s.start, s.end) for s in parsed.sentences]
        self.use_syntax = False  # set by the caller when speech sentences were parsed

    def sentence_bounds(self, offset: int) -> tuple[int, int]:
        """(start, end) of the parsed sentence holding `offset`."""
        i = bisect_right(self.sentence_ends, offset)
        if i < len(self.sentence_spans):
            return self.sentence_spans[i]
        return (self.sentence_ends[-1] if self.sentence_ends else 0, len(self.text))

    # ---- token helpers
    def token_index(self, offset: int) -> int:
        """Index of the first token starting at or after `offset`."""
        return bisect_left(self.starts, offset)

    def tokens_between(self, start: int, end: int) -> list[ParsedToken]:
        i, j = self.token_index(start), self.token_index(end)
        return [t for t in self.tokens[i:j] if t.end <= end]

    def _inside_quote(self, start: int, end: int, within: tuple[int, int] | None = None) -> bool:
        """Inside quoted speech; a quoted name (`обиженный “Газпром” заявил`) is not speech, and
        neither is a frame inside the quote marks (`«…, — сказал Мамытов. — …»`) when `within` is it."""
        spans = self.quoted
        if self.quoted_disjoint:
            i = bisect_right(self.quoted_starts, start) - 1
            spans = self.quoted[i : i + 1] if i >= 0 else []
        for qs, qe in spans:
            if qs <= start and end <= qe and (qs, qe) != (start, end):
                if within is None or not (qs <= within[0] and within[1] <= qe):
                    return True
        return False

    def mentions_in(self, start: int, end: int) -> list[EntityMention]:
        return [
            m
            for m in self.entities[
                bisect_left(self.entity_starts, start) : bisect_left(self.entity_starts, end)
            ]
            if m.end <= end and not self._inside_quote(m.start, m.end, (start, end))
        ]

    def _token_before(self, offset: int) -> ParsedToken | None:
        i = self.token_index(offset)
        return self.tokens[i - 1] if i > 0 else None

    def _word_before(self, offset: int) -> ParsedToken | None:
        """The token before `offset`, past the quotation marks of a quoted name."""
        i = self.token_index(offset)
        while i > 0 and self.tokens[i - 1].text in QUOTE_MARKS:
            i -= 1
        return self.tokens[i - 1] if i > 0 else None

    def governing_word(self, offset: int, case: str | None) -> ParsedToken | None:
        """The word before `offset` past quotation marks and the adjectives agreeing with the
        name in `case` (`в российском МИДе`, `в русском «Газпроме»`): the preposition that
        governs the phrase, or the word before when no preposition opens it."""
        before = self._word_before(offset)
        at = self.token_index(offset) - 1
        while at >= 0 and self.tokens[at].text in QUOTE_MARKS:
            at -= 1
        while (
            at >= 0
            and case is not None
            and self.tokens[at].pos == "ADJ"
            and self.tokens[at].feats.get("Case") == case
        ):
            at -= 1
            while at >= 0 and self.tokens[at].text in QUOTE_MARKS:
                at -= 1
        if at >= 0 and self.tokens[at].pos == "ADP" and before is not None and before.pos == "ADJ":
            return self.tokens[at]
        return before

    # ---- grammar of a mention
    def agreed_gender(self, mention: EntityMention) -> str | None:
        """A person's gender by the article's agreeing predicates alone (`speaker_gender`)."""
        if mention.type != "PER":
            return None
        if self._agreed is None:
            self._agreed = agreed_genders(self.tokens, self.starts, self.entities)
        return self._agreed.get(mention.name)

    def gender(self, mention: EntityMention) -> str | None:
        """The person's gender as the article's predicates agree with it (`speaker_gender`),
        else as the tagger reads the mention's words (Fem if any word is)."""
        agreed = self.agreed_gender(mention)
        if agreed is not None:
            return agreed
        genders = {
            t.feats.get("Gender")
            for t in self.tokens_between(mention.start, mention.end)
            if t.pos in ("PROPN", "NOUN")
        }
        if "Fem" in genders:
            return "Fem"
        if "Masc" in genders:
            return "Masc"
        return None

    def _before(self, anchor: int, kind: str) -> Iterator[EntityMention]:
        """Mentions of `kind` ending before `anchor`, most recent first; lazily, from
        the anchor back, since most callers stop at the first fit (issue #15)."""
        for j in range(bisect_left(self.antecedent_starts, anchor) - 1, -1, -1):
            m = self.antecedents[j]
            if m.end <= anchor and m.type == kind:
                yield m

    def possessor_of_noun(self, mention: EntityMention) -> bool:
        """A person named in the genitive right after a person noun: `представитель Гренелла`,
        `юрист Саифа-ул-Мулука`, `муж Биби`. The tagger often calls a foreign name nominative,
        so the case is read off the form: a last word that differs from every word of the
        canonical (nominative) name is inflected; after a kinship noun any name is a possessor
        (`министр Лавров` is an apposition, `муж Лавров` almost never)."""
        before = self._token_before(mention.start)
        if (
            before is None
            or before.pos != "NOUN"
            or before.feats.get("Case") != "Nom"
            or before.feats.get("Animacy") != "Anim"
        ):
            return False
        return (
            before.lemma in KINSHIP_WORDS
            or self.any_word_inflected(mention)
            or self._relative_skips(mention, before)
            or self._genitive_apposition(mention)
            or self._inflected_form_of_another(mention)
        )

    def _genitive_apposition(self, mention: EntityMention) -> bool:
        """`юрист Саифа-ул-Мулука, пакистанского адвоката, …`: an apposition after the name
        (a comma, adjectives, a person noun) is in the genitive, so the name is too."""
        at = self.token_index(mention.end)
        if at >= len(self.tokens) or self.tokens[at].text != ",":
            return False
        for tok in self.tokens[at + 1 : at + 1 + ROLE_WINDOW]:
            if tok.pos == "ADJ":
                continue
            return tok.pos == "NOUN" and tok.feats.get("Animacy") == "Anim" and tok.feats.get("Case") == "Gen"
        return False

    def _inflected_form_of_another(self, mention: EntityMention) -> bool:
        """The mention's last word is another person mention's last word plus an oblique case
        ending (`Саифа-ул-Мулука` beside `Саиф-ул-Мулук`): the NER kept the genitive as a name
        of its own, the text's nominative form shows it is inflected."""
        last = _words(mention.text)[-1:]
        if not last:
            return False
        for other in self.entities:
            if other.type != "PER" or other.name == mention.name:
                continue
            stem = _words(other.text)[-1:]
            if stem and len(stem[0]) >= MIN_STEM and last[0][len(stem[0]) :] in OBLIQUE_ENDINGS:
                if last[0].startswith(stem[0]):
                    return True
        return False

    def _relative_skips(self, mention: EntityMention, noun: ParsedToken) -> bool:
        """`Адвокат Биби, которого охранял полицейский`: the relative pronoun right after the
        name agrees in gender with the person noun before it and not with the name, so the
        clause hangs on the noun and the name (an indeclinable genitive) only says whose."""
        at = self.token_index(mention.end)
        if at + 1 >= len(self.tokens) or self.tokens[at].text != ",":
            return False
        relative = self.tokens[at + 1]
        gender = relative.feats.get("Gender")
        if relative.lemma != "который" or gender is None or noun.feats.get("Gender") != gender:
            return False
        return self._fullest_gender(mention) not in (None, gender)

    def _fullest_gender(self, mention: EntityMention) -> str | None:
        """The gender of a name, read off its fullest earlier mention when there is one (an
        indeclinable surname alone is tagged masculine: `Биби` after `Асия Биби`)."""
        fuller = [
            m
            for m in self.antecedents
            if m.end <= mention.start and m.name == mention.name and len(m.text) > len(mention.text)
        ]
        if fuller:
            return self.gender(max(fuller, key=lambda m: len(m.text)))
        return self.gender(mention)

    def swallowed_name(self, mention: EntityMention) -> tuple[ParsedToken, EntityMention] | None:
        """A person span the NER ran over two people (`к Мэй Джонсон предупредил`): its first
        words are a word of one other person's name and the rest a word of another's. Then
        (the first token of the second person, that person's latest mention before)."""
        words = self.tokens_between(mention.start, mention.end)
        if len(words) < 2 or mention.type != "PER":
            return None
        others: dict[str, EntityMention] = {}
        for m in self.antecedents:  # in text order: the latest mention before wins, else the first after
            if m.type != "PER" or m.name == mention.name:
                continue
            for w in m.name.lower().replace("ё", "е").split():
                if m.start < mention.start or w not in others:
                    others[w] = m
        for k in range(1, len(words)):
            head = [w.text.lower().replace("ё", "е") for w in words[:k]]
            tail = [w.text.lower().replace("ё", "е") for w in words[k:]]
            first, second = others.get(head[-1]), others.get(tail[-1])
            if first is not None and second is not None and first.name != second.name:
                return words[k], second
        return None

    def apposed_case(self, mention: EntityMention) -> str | None:
        """The case of the person noun a name stands in apposition to (`министру внутренних
        дел Саджиду Джавиду` is dative): the nearest animate noun before the name, over its
        genitive dependents and adjectives. A foreign name's own case is often misread, the
        role noun's seldom. None when no such noun is there."""
        i = self.token_index(mention.start)
        for tok in reversed(self.tokens[max(0, i - ROLE_WINDOW - 2) : i]):
            if tok.pos == "NOUN" and tok.feats.get("Animacy") == "Anim":
                return tok.feats.get("Case")
            if not (
                tok.pos in ("ADJ", "DET") or (tok.pos in ("NOUN", "PROPN") and tok.feats.get("Case") == "Gen")
            ):
                return None
        return None

    @staticmethod
    def any_word_inflected(mention: EntityMention) -> bool:
        """Some written word is not a word of the canonical nominative name (`Асии` of
        `Асия Биби`): the mention is in an oblique case."""
        canonical = set(mention.name.lower().replace("ё", "е").replace("-", " ").split())
        written = mention.text.lower().replace("ё", "е").replace("-", " ").split()
        return bool(written) and any(w not in canonical for w in written)

    @staticmethod
    def inflected(mention: EntityMention) -> bool:
        """The mention's last word is not a word of its canonical nominative name
        (`Гренелла` of `Ричард Гренелл`): an oblique case, whatever the tagger says."""
        written = mention.text.lower().replace("ё", "е").replace("-", " ").split()
        canonical = mention.name.lower().replace("ё", "е").replace("-", " ").split()
        return bool(written) and written[-1] not in canonical

    def is_subject(self, mention: EntityMention) -> bool:
        """In the nominative and not after a preposition."""
        before = self._token_before(mention.start)
        if before is not None and before.pos == "ADP":
            return False
        if mention.type == "PER" and self.apposed_case(mention) in ("Dat", "Ins", "Loc"):
            return False  # `к … министру внутренних дел Саджиду Джавиду`
        if mention.type == "PER" and self.any_word_inflected(mention):
            return False  # `освобождение Асии Биби`: the tagger may call the indeclinable `Биби` Nom
        return any(t.feats.get("Case") == "Nom" for t in self.tokens_between(mention.start, mention.end))

    def text_owner(self, start: int, end: int) -> EntityMention | None:
        """`заявление Трампа … звучало так:`: the person or body named right after a text noun
        that is the clause's subject or object (not after a preposition: `По сообщению NYT`
        only relays). The text is its author's words, whoever reports or carries it."""
        words = self.tokens_between(start, end)
        for k, tok in enumerate(words[:-1]):
            if tok.lemma not in MESSAGE_WORDS or tok.feats.get("Case") not in ("Nom", "Acc"):
                continue
            if k > 0 and words[k - 1].pos == "ADP":
                continue
            owner = next(
                (m for m in self.mentions_in(words[k + 1].start, end) if m.start == words[k + 1].start), None
            )
            if owner is not None and owner.type in ("PER", "ORG"):
                return owner
        return None

    def is_outlet(self, mention: EntityMention) -> bool:
        """`телеканал ABC`, `газета The Guardian`: a name a media word introduces; such a
        body carries texts it did not write (`Текст документа распространил телеканал ABC`)."""
        before = self._token_before(mention.start)
        return before is not None and before.lemma in MEDIA_WORDS

    def sentence_start_before(self, offset: int, sentences: int) -> int:
        """Start of the sentence `sentences - 1` sentences before the one holding `offset`."""
        i = bisect_right(self.sentence_ends, offset) - sentences
        return self.sentence_ends[i] if i >= 0 else 0

    def sentence_end_after(self, offset: int, sentences: int) -> int:
        """End of the sentence `sentences` sentences after the one holding `offset`."""
        i = bisect_right(self.sentence_ends, offset) + sentences
        return self.sentence_ends[i] if i < len(self.sentence_ends) else len(self.text)
