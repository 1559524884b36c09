"""Choosing between two people a role word or a surname fits, once every quote has a speaker.

`«…», — отметил Байден. Кандидат от демократов убежден, что …`: both candidates were
called `кандидат`, and the description's resolver, which sees one frame at a time, takes
the one given the role last. A reader takes the one who spoke last: news varies the
name of the person it keeps quoting (`сказал Климкин … отметил глава МИД`) and names a
new speaker when the speaker changes. So after all quotes are found, in text order, a
speaker written as a role word that fits several people, or as a surname several people
share (`Билл Клинтон и Хиллари Клинтон … Клинтон заявила`), is the one the verb's gender
allows when only one does; else the previous quote's speaker when that speaker is one of
them and nobody else who fits was named in between; else a surname goes to the fitting
person named nearest before it and a role word keeps the resolver's choice.
"""

from __future__ import annotations

from storyline.annotate.nlp import ParsedToken
from storyline.annotate.roles import ROLE_HEADS
from storyline.annotate.speaker_resolve import PRONOUN_SPEAKER_SENTENCES, Resolver
from storyline.annotate.speech_lexicon import (
    COMMENTATOR_WORDS,
    MEDIA_WORDS,
    OUTLET_RELAY_VERBS,
    PERSONAL_PRONOUNS,
    POSSESSIVE_GENDER,
)
from storyline.model import EntityMention, QuoteMention

# `глава МИД` names a minister, `глава компании` a director: the generic head-of word fits
# anyone holding one of these leading posts (a general fact of Russian news style, not a
# list of one story's people).
HEAD_WORDS = frozenset({"глава", "руководитель", "шеф"})
LEADING_POSTS = frozenset(
    "министр президент премьер премьер-министр канцлер председатель директор гендиректор мэр"
    " губернатор генсек руководитель глава лидер начальник командующий".split()
)


# Pronouns that name one person (`они` names a group and stays unresolved).
PRONOUNS = (PERSONAL_PRONOUNS - {"они"}) | frozenset(POSSESSIVE_GENDER)

# A pronoun or commentator word continues the person quoted last when that quote ended at
# most this many sentences back, counting the one the new quote starts in as the first, and
# no person was named in between. Hand-set: 3 lets one sentence stand between them, the
# link teaser a page inserts (`Вашингтон прилагает усилия, чтобы…`) or a sentence of the
# same speaker's words the finder did not take; the no-person guard does the rest.
ADJACENT_SENTENCES = 3

# A verb that agrees with the speaker is this many tokens from the speaker's words at most
# (`Клинтон заявила`, `— заявила Клинтон`). Hand-set: an adverb between.
VERB_GAP = 3


def _role_fits(word: str, roles: set[str]) -> bool:
    """A role word fits a person's role words: a prefix of one (`министр` of `министра`), or a
    head-of word for a person holding a leading post."""
    if any(r.startswith(word) for r in roles):
        return True
    return word in HEAD_WORDS and any(r.split("-")[-1] in LEADING_POSTS or r in LEADING_POSTS for r in roles)


def _surname_stem(word: str) -> str:
    low = word.lower().replace("ё", "е")
    return low[: max(4, len(low) - 2)]


class SpeakerChoice:
    """The post-pass over one article's quotes (see the module's docstring)."""

    def __init__(self, resolver: Resolver) -> None:
        self.r = resolver

    def apply(self, quotes: list[QuoteMention], answers: frozenset[int] = frozenset()) -> list[QuoteMention]:
        """`answers`: the ids of interview answers (`quote_interview`, `quote_dialogue`). The
        answerer speaks of himself as `я`, so a third-person pronoun after his answer (`Он
        говорит, что уничтожит …` inside it) is somebody else: an answer is never `previous`."""
        previous: QuoteMention | None = None
        outlet: QuoteMention | None = None  # the last quote an outlet wrote (`Bloomberg пишет`)
        for quote in sorted(quotes, key=lambda q: q.start):
            if quote.speaker and quote.speaker_start is not None:
                self._reconsider(quote, previous)
            elif quote.speaker is None and outlet is not None:
                self._media_word(quote, outlet)
            if quote.speaker and id(quote) not in answers:
                previous = quote
                if self._writes(quote):
                    outlet = quote
        return quotes

    def _writes(self, quote: QuoteMention) -> bool:
        """The quote's speaker is an organisation named right next to a writing or relay verb
        (`Bloomberg пишет, что`, `…, сообщает Reuters`): an outlet."""
        if quote.speaker_start is None or quote.speaker_end is None:
            return False
        ends = {m.end for m in self.r.antecedents if m.type == "ORG"}
        if quote.speaker_end not in ends:
            return False
        after = self.r.tokens[
            self.r.token_index(quote.speaker_end) : self.r.token_index(quote.speaker_end) + 1
        ]
        before = self.r._word_before(quote.speaker_start)
        return any(t.lemma in OUTLET_RELAY_VERBS for t in [*after, *([before] if before else [])])

    def _media_word(self, quote: QuoteMention, outlet: QuoteMention) -> None:
        """`…, уточняет издание` with no outlet introduced by that word: the outlet that wrote
        last, when it wrote within PRONOUN_SPEAKER_SENTENCES before."""
        if quote.speaker_start is None or quote.speaker_end is None:
            return
        words = [t for t in self.r.tokens_between(quote.speaker_start, quote.speaker_end) if t.text.isalpha()]
        if len(words) != 1 or words[0].lemma not in MEDIA_WORDS:
            return
        if outlet.end < self.r.sentence_start_before(
            min(quote.start, quote.speaker_start), PRONOUN_SPEAKER_SENTENCES
        ):
            return
        quote.speaker, quote.speaker_label = outlet.speaker, outlet.speaker_label or outlet.speaker

    def _reconsider(self, quote: QuoteMention, previous: QuoteMention | None) -> None:
        assert quote.speaker_start is not None and quote.speaker_end is not None
        words = [t for t in self.r.tokens_between(quote.speaker_start, quote.speaker_end) if t.text.isalpha()]
        if not words:
            return
        anchor = quote.speaker_start
        head = words[0]
        if head.text.lower() in PRONOUNS:
            self._pronoun(quote, head, previous)
            return
        people = list(self.r._before(anchor, "PER"))
        described = head.pos == "NOUN" and head.feats.get("Animacy") == "Anim"
        if (
            described or head.lemma in ROLE_HEADS or head.lemma in HEAD_WORDS
        ) and head.start not in self.r._starting_at:
            roles = self.r._role_words()
            fitting = {m.name for m in people if _role_fits(head.lemma, roles.get(m.name, set()))}
            surname = False
        elif len(words) == 1 and head.pos == "PROPN":
            stem = _surname_stem(head.text)
            fitting = {
                m.name
                for m in people
                if m.name.lower() != head.text.lower()
                and any(_surname_stem(w).startswith(stem) for w in m.name.split()[1:])
            }
            surname = True
        else:
            return
        if not surname and head.lemma in COMMENTATOR_WORDS:
            adjacent = self._adjacent_speaker(quote, previous)
            if adjacent is not None:  # `Блохин уточняет, что … «…», — пояснил эксперт`
                quote.speaker = quote.speaker_label = adjacent.name
                return
        if len(fitting) < 2:
            return  # one person fits: the resolver's choice stands
        gender = self._verb_gender(quote.speaker_start, quote.speaker_end)
        agreeing = {m.name for m in people if m.name in fitting and self.r.gender(m) in (None, gender)}
        chosen: EntityMention | None
        if gender is not None and len(agreeing) == 1:
            chosen = next(m for m in people if m.name in agreeing)  # `Клинтон заявила`
        else:
            chosen = self._last_speaker(previous, fitting, anchor, gender)
            if chosen is None and surname:
                chosen = next((m for m in people if m.name in (agreeing or fitting)), None)
        if chosen is not None and chosen.name != quote.speaker:
            quote.speaker = chosen.name
            quote.speaker_label = chosen.name

    def _pronoun(self, quote: QuoteMention, pronoun: ParsedToken, previous: QuoteMention | None) -> None:
        """`«…», — добавил президент. «…», — сказал он`, `— отметил вице-президент. По его мнению, …`:
        a pronoun right after someone's quote, with nobody named in between, is that speaker
        (the person quoted is the topic the narrator continues with)."""
        if pronoun.feats.get("Number") == "Plur":
            return
        gender = POSSESSIVE_GENDER.get(pronoun.text.lower()) or pronoun.feats.get("Gender")
        person = self._adjacent_speaker(quote, previous, gender)
        if person is not None and person.name != quote.speaker:
            quote.speaker = person.name
            quote.speaker_label = person.name

    def _adjacent_speaker(
        self, quote: QuoteMention, previous: QuoteMention | None, gender: str | None = None
    ) -> EntityMention | None:
        """The person who spoke in the quote just before this one (in this sentence or one of
        the `ADJACENT_SENTENCES` - 1 before), with no person named between them; None otherwise."""
        if previous is None or previous.speaker is None or quote.speaker_start is None:
            return None
        anchor = quote.speaker_start
        # (from where the quote starts: `"…. … .", — сказал он` frames a quote of several sentences)
        if previous.end < self.r.sentence_start_before(min(anchor, quote.start), ADJACENT_SENTENCES):
            return None  # more than one sentence between them
        since = max(previous.end, previous.speaker_end or 0)
        if any(m.type == "PER" and since <= m.start and m.end <= anchor for m in self.r.antecedents):
            return None
        gender = gender or self._verb_gender(quote.speaker_start, quote.speaker_end or anchor)
        person = next((m for m in self.r._before(anchor, "PER") if m.name == previous.speaker), None)
        if person is None or (gender is not None and self.r.gender(person) not in (None, gender)):
            return None
        return person

    def _last_speaker(
        self, previous: QuoteMention | None, fitting: set[str], anchor: int, gender: str | None
    ) -> EntityMention | None:
        """The previous quote's speaker, when it fits, is recent, and nobody else who fits was
        named between its frame and this one (a new person named there is the new speaker)."""
        if previous is None or previous.speaker not in fitting:
            return None
        if previous.end < self.r.sentence_start_before(anchor, PRONOUN_SPEAKER_SENTENCES):
            return None
        since = max(previous.end, previous.speaker_end or 0)
        between = [m for m in self.r.antecedents if since <= m.start and m.end <= anchor and m.type == "PER"]
        if any(m.name in fitting and m.name != previous.speaker for m in between):
            return None
        person = next((m for m in self.r._before(anchor, "PER") if m.name == previous.speaker), None)
        if person is None or (gender is not None and self.r.gender(person) not in (None, gender)):
            return None
        return person

    def _verb_gender(self, start: int, end: int) -> str | None:
        """The gender of a past-tense verb right before or after the speaker's words."""
        i, j = self.r.token_index(start), self.r.token_index(end)
        near: list[ParsedToken] = self.r.tokens[max(0, i - VERB_GAP) : i] + self.r.tokens[j : j + VERB_GAP]
        for tok in near:
            if tok.pos in ("VERB", "AUX") and tok.feats.get("Gender") and tok.feats.get("Tense") == "Past":
                return tok.feats["Gender"]
            if tok.pos == "ADJ" and tok.feats.get("Variant") == "Short" and tok.feats.get("Gender"):
                return tok.feats["Gender"]
        return None
