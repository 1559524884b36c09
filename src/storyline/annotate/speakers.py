"""Who said it: finding the speaker of a quote and resolving it to an entity.

A quote's speaker is named in the text in one of four ways: by an entity
mention (`сказал Бекешев`), by a pronoun (`сказал он`), by a description
(`заключил депутат`) or by an institution word (`отметили в ведомстве`). The
last three are resolved to the most recent fitting entity mention before the
quote, skipping mentions inside quoted speech (a name a speaker utters is not
an antecedent for the narrator's `он`).

The search is split by layer: `speaker_kinds` (the `Speaker`, scored candidates and
their filters), `speaker_phrase` (a speaker's noun phrase and source),
`speaker_candidates` (the candidates of a frame and their resolution) and this module
(the search of a frame: `SpeakerFinder.find`).
"""

from __future__ import annotations

from storyline.annotate.nlp import ParsedToken
from storyline.annotate.quote_clauses import cited
from storyline.annotate.roles import QUOTE_MARKS
from storyline.annotate.speaker_candidates import CandidateReader
from storyline.annotate.speaker_kinds import (
    DEPENDENT,
    QUOTING_VERBS,
    SCORE_DESCRIPTION,
    SCORE_IN_ORG,
    Candidate,
    Speaker,
    agreement_bonus,
    before_oblique,
    disagrees,
    is_dependent,
    latter_candidate,
    one_of_candidate,
    outside_relative,
    without_addressee,
)
from storyline.annotate.speech_lexicon import (
    COLLECTIVE_SPEAKERS,
    IMPERSONAL_FRAMES,
    MESSAGE_WORDS,
    OUTLET_RELAY_VERBS,
    POSSESSIVE_GENDER,
    RELAY_VERBS,
    UNNAMED_SOURCES,
)
from storyline.model import EntityMention

# Nouns for the words a frame passes on (`— приводит его слова газета`, `— приводит ее цитату
# издание`): whoever's they are spoke them, not the outlet that carries them.
QUOTED_WORDS = frozenset({"слово", "цитата", "высказывание", "реплика"})

# Bonus for the candidate the dependency parse makes the speech verb's subject (used only
# when `use_syntax` is set and the sentence was parsed). Hand-set: more than the gap
# between a nominative person and a description (2.0), less than name vs nothing.
SYNTAX_SUBJECT = 2.5
# Relations that make a word part of the subject it depends on (an apposed or flat name).
_SUBJECT_PARTS = frozenset({"appos", "flat", "flat:name", "flat:foreign", "nmod"})
# An impersonal frame's text word stands this close after the verb (`говорится в сообщении`,
# `говорится также в заявлении`). Hand-set from the frames of the quote golds: the preposition
# and one adverb at most come between.
TEXT_AFTER_IMPERSONAL = 3
# Verbs by which an outlet passes on words it cites (`пишет газета, ссылаясь на …`): the relay
# verbs and the perfective report of a finished item (`сообщила газета, сославшись на …`).
CITING_VERBS = OUTLET_RELAY_VERBS | frozenset({"сообщить", "написать"})


class SpeakerFinder(CandidateReader):
    """Speaker search over one parsed article; resolution is inherited from `Resolver`."""

    # ---- finding the speaker in a clause
    def find(
        self,
        tokens: list[ParsedToken],
        verb: ParsedToken | None,
        *,
        anchor: int,
        prefer_near: int | None = None,
        oblique: bool = False,
        after_verb: int | None = None,
    ) -> Speaker | None:
        """The speaker named in `tokens` (a speech frame), resolved against what precedes `anchor`.

        `prefer_near` breaks ties by closeness to that offset (the verb, for a subject before it).
        `oblique` marks a source phrase whose speaker is in the genitive (`по словам Ташиева`).
        `after_verb` marks a frame whose subject follows the verb at that offset (`— заявил
        сенатор в беседе с …`): what comes after a preposition past the subject is not it.
        """
        if not tokens:
            return None
        start, end = tokens[0].start, tokens[-1].end
        plural_verb = verb is not None and verb.feats.get("Number") == "Plur"
        candidates = list(self._entity_candidates(start, end, plural_verb, oblique, verb))
        # A mention's words are never candidates of their own (`Пушкина` in `улица Пушкина`).
        covered = [(m.start, m.end) for m in self.mentions_in(start, end)]
        previous: ParsedToken | None = None
        for k, tok in enumerate(tokens):
            if self._inside_quote(tok.start, tok.end, (start, end)) or any(
                s <= tok.start < e for s, e in covered
            ):
                previous = tok
                continue
            cand = (
                one_of_candidate(tokens, k)
                or latter_candidate(tokens, k)
                or self._head_candidate(tokens, k, oblique)
            )
            if (
                cand is None
                and plural_verb
                and tok.lemma in COLLECTIVE_SPEAKERS
                and previous is not None
                and previous.lemma in ("в", "во")
            ):
                # `в полиции заявили`, `как отмечали в бундестаге`: the body speaks, as written
                cand = Candidate(SCORE_IN_ORG, tok.start, tok.end, "noun", token=tok)
            if cand is not None and cand.kind == "pronoun" and disagrees(tok, verb):
                cand = None  # `заявила, что он покинул`: `он` is not who `заявила`
            if (
                cand is not None
                and cand.kind == "thing"
                and tok.lemma in MESSAGE_WORDS
                and previous is not None
                and previous.lemma in ("в", "во")
            ):
                cand.nominative = True  # `как сообщается в пресс-релизе`: the text is the source
            if cand is not None and cand.kind == "org_word" and previous is not None:
                # `в ведомстве`; `в заявлении офиса президента`, `в отчете российской компании`:
                # the body whose text it is (adjectives between are passed over)
                lead = next((t for t in reversed(tokens[:k]) if t.pos != "ADJ"), previous)
                cand.nominative = (
                    cand.nominative or previous.lemma in ("в", "во", "из") or lead.lemma in MESSAGE_WORDS
                )
            if cand is not None:
                cand.score += agreement_bonus(tok, verb)
                if not oblique and is_dependent(tok, previous):
                    cand.score -= DEPENDENT
                candidates.append(cand)
            previous = tok
        candidates = outside_own_messages(candidates, tokens, verb)
        candidates = self._within_text_author(candidates, tokens, verb)
        # An outlet's cited source, or a text relayed with its author, spoke.
        carried = self._cited_by_outlet(tokens, verb, anchor) or self._relayed_text(tokens, verb)
        if carried is not None:
            return carried
        # `— цитирует ТАСС слова Пескова`: whoever's words they are spoke them.
        words_at = next(
            (k for k, t in enumerate(tokens) if t.lemma in QUOTED_WORDS and t.pos == "NOUN"), None
        )
        if (
            words_at
            and tokens[words_at - 1].text.lower() in POSSESSIVE_GENDER
            and tokens[words_at].feats.get("Case") != "Dat"  # `по его словам` is an attribution of its own
        ):
            owner = tokens[words_at - 1]  # `— приводит его слова газета`
            entity = self.resolve_pronoun(owner, None, anchor)
            if entity is not None:
                return Speaker(owner.start, owner.end, owner.text, entity, "pronoun")
        # `— цитирует ее агентство`: the one quoted is the pronoun the verb takes.
        if verb is not None and verb.lemma in QUOTING_VERBS:
            at = next((j for j, t in enumerate(tokens) if t.start == verb.start), None)
            quoted = tokens[at + 1] if at is not None and at + 1 < len(tokens) else None
            if quoted is not None and quoted.text.lower() in POSSESSIVE_GENDER:
                entity = self.resolve_pronoun(quoted, None, anchor)
                if entity is not None:
                    return Speaker(quoted.start, quoted.end, quoted.text, entity, "pronoun")
            # `— процитировал Трампа его помощник`, `— цитирует РИА Новости Собянина`: the
            # person the verb takes as its object is the one quoted, the subject only relays.
            quoted_person = self._quoted_object(tokens, verb)
            if quoted_person is not None:
                return Speaker(quoted_person.start, quoted_person.end, quoted_person.text, quoted_person)
        # Only the words as the verb's object (`цитирует слова Пескова`), not `начинавшееся словами`.
        words_of = (
            tokens[words_at].end
            if words_at is not None and tokens[words_at].feats.get("Case") in (None, "Acc")
            else None
        )
        # (`слова официального представителя премьера`: adjectives before the person noun)
        after_words = next(
            (t for t in tokens if words_of is not None and t.start >= words_of and t.pos != "ADJ"), None
        )
        if (
            after_words is not None
            and after_words.pos == "NOUN"
            and after_words.feats.get("Case") == "Gen"
            and after_words.feats.get("Animacy") == "Anim"
            and not any(c.start <= after_words.start < c.end for c in candidates)
        ):
            # `— приводит слова дипломата издание`: the person noun whose words they are
            candidates.append(
                Candidate(
                    SCORE_DESCRIPTION, after_words.start, after_words.end, "description", token=after_words
                )
            )
        if words_of is not None and any(c.start >= words_of for c in candidates):
            candidates = [c for c in candidates if c.start >= words_of]
            # `— приводит слова Климкина агентство`: the genitive right after `слова` owns the
            # words; the nominative after it is the outlet that carries them
            owners = [
                c
                for c in candidates
                if after_words is not None
                and c.start == after_words.start
                and after_words.feats.get("Case") == "Gen"
            ]
            candidates = owners or candidates
            for c in candidates:
                c.nominative = True
        candidates = outside_relative(candidates, tokens, verb)
        if after_verb is not None:
            candidates = without_addressee(before_oblique(candidates, tokens, after_verb))
        if not candidates:
            return None
        self._prefer_subject(candidates, verb)
        near = prefer_near if prefer_near is not None else start
        best = max(candidates, key=lambda c: (c.score, -abs(c.start - near)))
        if verb is not None and verb.lemma in RELAY_VERBS and best.kind in ("entity", "media", "noun"):
            relayed = self.last_person_speaking(anchor)
            # Only a person who spoke before this sentence: a speech verb inside the relayed
            # words (`Гренелл разослал письма, в которых призвал …, передавала служба`) is
            # part of what the outlet reports, not someone it quotes.
            if relayed is not None and relayed.start < self.sentence_start_before(anchor, 1):
                # `Об этом сообщил Собянин. «…», - цитирует РИА Новости`
                return Speaker(relayed.start, relayed.end, relayed.text, relayed)
        speaker = self._resolve(best, tokens, verb, anchor)
        speaker.nominative = best.nominative
        return speaker

    def _head_candidate(self, tokens: list[ParsedToken], k: int, oblique: bool) -> Candidate | None:
        """The word candidate of token `k`, unless it is an adjective-like attribute of the noun
        after it (`главный внештатный гериатр`: the tagger calls `внештатный` a noun)."""
        cand = self._word_candidate(tokens[k], oblique)
        if cand is not None and cand.kind == "description" and attribute_of_next(tokens, k):
            return None
        return cand

    def _quoted_object(self, tokens: list[ParsedToken], verb: ParsedToken) -> EntityMention | None:
        """A person named after a quoting verb in the accusative (`процитировал Трампа`): the
        first such mention of the frame after the verb, not in the nominative."""
        for m in self.mentions_in(verb.end, tokens[-1].end if tokens else verb.end):
            if m.type != "PER":
                continue
            head = self.tokens_between(m.start, m.end)[:1]
            # (an inanimate object is a text, not a person: `процитировал Коран`)
            if (
                head
                and head[0].feats.get("Case") in ("Acc", "Gen")
                and head[0].feats.get("Animacy") != "Inan"
            ):
                return m
        return None

    def _relayed_text(self, tokens: list[ParsedToken], verb: ParsedToken | None) -> Speaker | None:
        """`…, цитирует заявление Белого дома агентство Франс пресс`: a relay verb whose object
        is a text with its author named; the author spoke, the outlet only passes it on."""
        if verb is None or verb.lemma not in RELAY_VERBS:
            return None
        after = [t for t in tokens if t.start > verb.start]
        if len(after) > 1 and after[0].pos == "PRON" and after[0].feats.get("Case") == "Nom":
            after = after[1:]  # `— процитировал он заявление офиса Мэй`: the relayer, then the text
        if (
            not after
            or after[0].lemma not in MESSAGE_WORDS
            # (an inanimate neuter object reads as nominative just as well: `так передает
            # заявление Зеленского` is tagged so)
            or after[0].feats.get("Case") not in ("Acc", "Nom", None)
        ):
            return None
        author = self._author_after(after[0])
        if author is None:
            return None
        text = self.text[after[0].start : author.end]
        if author.type in ("PER", "ORG"):
            return Speaker(after[0].start, author.end, text, author, "org_word")
        return Speaker(after[0].start, author.end, text, None, "place_actor", place=author)

    def _cited_by_outlet(
        self, tokens: list[ParsedToken], verb: ParsedToken | None, anchor: int
    ) -> Speaker | None:
        """`— пишет газета, ссылаясь на министра Ивана Петрова`, `…, сообщает ТАСС со ссылкой на
        МИД`: the named person or body the outlet cites spoke; the outlet only carries the words.
        An unnamed source (`со ссылкой на источники`) or one that resolves to nobody leaves the
        outlet as the speaker."""
        if verb is None or verb.lemma not in CITING_VERBS:
            return None
        # (the frame may stop at the outlet's quoted name: read on to the sentence's end)
        _, end = self.sentence_bounds(verb.start)
        after = self.tokens[self.token_index(verb.end) : self.token_index(end)]
        quoted = cited(after)
        if quoted is after or not quoted or quoted[0].lemma in UNNAMED_SOURCES:
            return None
        speaker = self.find(quoted, None, anchor=anchor, oblique=True)
        if speaker is None or speaker.entity is None or speaker.entity.type not in ("PER", "ORG"):
            return None
        return speaker

    def _within_text_author(
        self, candidates: list[Candidate], tokens: list[ParsedToken], verb: ParsedToken | None
    ) -> list[Candidate]:
        """`— говорится в сообщении канцелярии в …`: an impersonal frame has no subject of its
        own; it speaks through the text it names and that text's author in the genitive
        after it. A word past the author (a glued-on sentence when a link was stripped: `… в
        сообщении канцелярии в Пост министра занял X`) is not the speaker. A comma after the
        author may open a participle or a relative clause naming it, so nothing is cut then."""
        if verb is None or verb.text.lower() not in IMPERSONAL_FRAMES:
            return candidates
        after = [t for t in tokens if t.start > verb.start]
        at = next((k for k, t in enumerate(after[:TEXT_AFTER_IMPERSONAL]) if t.lemma in MESSAGE_WORDS), None)
        if at is None:
            return candidates
        covered = [(m.start, m.end) for m in self.mentions_in(after[at].end, tokens[-1].end)]
        candidates = _owner_of_body(candidates, after[at].end)
        for tok in after[at + 1 :]:
            if (
                any(s <= tok.start < e for s, e in covered)
                or tok.text in QUOTE_MARKS
                or (tok.pos in ("NOUN", "PROPN", "ADJ") and tok.feats.get("Case") == "Gen")
            ):
                continue
            if tok.text == ",":
                return candidates
            return [c for c in candidates if c.start < tok.start]
        return candidates

    def _prefer_subject(self, candidates: list[Candidate], verb: ParsedToken | None) -> None:
        """When the verb's sentence was dependency-parsed, the candidate holding the verb's
        `nsubj` (or that subject's `appos`/`flat` words) gains SYNTAX_SUBJECT: the parser
        sees agreement and clause structure the scores only approximate."""
        if not self.use_syntax or verb is None or verb.rel is None:
            return
        at = self.token_index(verb.start)
        lo, hi = self.sentence_bounds(verb.start)
        first = self.token_index(lo)
        words = self.tokens[first : self.token_index(hi)]
        heads = {first + k for k, t in enumerate(words) if t.head == at and t.rel in ("nsubj", "nsubj:pass")}
        if not heads:
            return
        # `Представитель Еврокомиссии Маргаритис Схинас заявил`: the name in apposition is the subject too
        heads |= {first + k for k, t in enumerate(words) if t.head in heads and t.rel in _SUBJECT_PARTS}
        subjects = {self.tokens[i].start for i in heads}
        for c in candidates:
            if any(c.start <= s < c.end for s in subjects):
                c.score += SYNTAX_SUBJECT

    def last_speaker_since(self, anchor: int, since: int) -> Speaker | None:
        """Who spoke through the last speech verb between `since` and `anchor`, named by a
        mention or a person noun (`Об этом объявил … Манфред Ляйтнер`)."""
        kind, source, head = self._last_speaker(anchor)
        if head is None or head.start < since or kind is None:
            return None
        if source is None:
            source = self.named_after(head)  # `член правления компании Манфред Ляйтнер`
        if source is not None:
            return Speaker(source.start, source.end, source.text, source)
        end = self.phrase_end(head)
        return Speaker(head.start, end, self.text[head.start : end], None, "description")


def _owner_of_body(candidates: list[Candidate], text_end: int) -> list[Candidate]:
    """`говорится в заявлении офиса Мэй`, `в сообщении администрации Трампа`: the
    institution word first in the genitives after the text is its author; a person named
    after it only says whose body it is (shown within the institution's words)."""
    after = sorted((c for c in candidates if c.start >= text_end), key=lambda c: c.start)
    if not after or after[0].kind != "org_word":
        return candidates
    body = after[0]
    return [
        c
        for c in candidates
        if not (
            c.start > body.start and c.kind == "entity" and c.entity is not None and c.entity.type == "PER"
        )
    ]


def outside_own_messages(
    candidates: list[Candidate], tokens: list[ParsedToken], verb: ParsedToken | None
) -> list[Candidate]:
    """The candidates outside the subject's own texts (`own_messages`) of a frame with a verb."""
    if verb is None:
        return candidates
    own = own_messages(tokens)
    return [c for c in candidates if not any(s <= c.start < e for s, e in own)]


def own_messages(tokens: list[ParsedToken]) -> list[tuple[int, int]]:
    """`на своей странице в Facebook`, `в своем Telegram-канале`: a text the subject calls its own,
    with the platform after it, says where the speaker wrote, not who: no candidate inside."""
    spans: list[tuple[int, int]] = []
    for k in range(1, len(tokens)):
        if tokens[k].lemma not in MESSAGE_WORDS or tokens[k - 1].lemma != "свой":
            continue
        end = k + 1
        while (
            end + 1 < len(tokens)
            and tokens[end].pos == "ADP"
            and tokens[end + 1].pos in ("PROPN", "NOUN", "X")
        ):
            end += 2
        spans.append((tokens[k - 1].start, tokens[end - 1].end))
    return spans


# Lemma endings of adjectives the tagger may call nouns (`внештатный`, `главный`, `официальный`).
ADJECTIVE_ENDINGS = ("ый", "ий", "ой")


def attribute_of_next(tokens: list[ParsedToken], k: int) -> bool:
    """Token `k` is an adjective-like word (a substantivised adjective by its lemma) agreeing
    in case and number with the noun right after it: that noun heads the phrase (`главный
    внештатный гериатр`, `официальный представитель`), so only it is a description."""
    tok = tokens[k]
    if k + 1 >= len(tokens) or not tok.lemma.endswith(ADJECTIVE_ENDINGS):
        return False
    nxt = tokens[k + 1]
    return (
        nxt.pos == "NOUN"
        and not nxt.lemma.endswith(ADJECTIVE_ENDINGS)
        and all(nxt.feats.get(f) == tok.feats.get(f) for f in ("Case", "Number"))
    )
