"""Reported speech: a speech verb and the clause it reports.

`X заявил, что …` (a complement clause), `…, отмечают в МИД, …` (a parenthetical),
`Вернуть деньги пообещали в авиакомпании.` (inverted) and converbs (`подчеркнув,
что …`) whose speaker is the one of the sentence's main frame.
"""

from __future__ import annotations

from storyline.annotate.attributed_speech import ATTRIBUTION_PREPOSITIONS, AttributedSpeech
from storyline.annotate.nlp import ParsedToken
from storyline.annotate.quote_clauses import (
    COMPLEMENTISERS,
    MIN_CONTENT_TOKENS,
    TERMINAL,
    finite,
    is_clause,
    past_aside,
    past_time_phrase,
    word_count,
)
from storyline.annotate.quote_marks import CLOSERS, OPENERS
from storyline.annotate.speaker_kinds import Speaker
from storyline.annotate.speakers import QUOTED_WORDS
from storyline.annotate.speech_lexicon import (
    COMPLEMENT_ONLY_VERBS,
    FRAME_ONLY_VERBS,
    MESSAGE_WORDS,
    NEGATED_COMPLEMENT_VERBS,
    OPINION_PREDICATES,
    OUTLET_RELAY_VERBS,
    PERSONAL_PRONOUNS,
    PHASE_VERBS,
    PROMISE_VERBS,
    RELAY_VERBS,
    SPEECH_IDIOMS,
    SPEECH_VERBS,
)
from storyline.model import QuoteMention

# `Как в свою очередь сообщила X, …`: at most this many words between `как` and the
# parenthetical speech verb (`в свою очередь` is 3). Hand-set on the tuning golds.
AS_WORDS = 3

# Nouns for what someone said that own a clause hung on them by `о том, что` like a message
# noun does (`о словах Путина о том, что …`), but are no text to look an author up for.
OWNED_WORDS = frozenset({"слово"})

# A comma or a dash before a trailing frame; a hyphen stands alone as a token only when
# spaced, so it is a dash there.
DASHES_AND_COMMA = frozenset({",", "—", "–", "―", "-"})

# Adverbs that open a relative or a pointing clause (`, где указана информация`, `— так
# прокомментировали`), never a trailing frame's: the tagger marks no PronType on them.
PRONOMINAL_ADVERBS = frozenset("где куда откуда когда как почему зачем так там тут здесь".split())

# A converb's main verb may name its subject after it (`…, заявил министр …`) within this
# many tokens. Hand-set: a role and a two-word name.
MAIN_SUBJECT_AFTER = 4

# `пообещал не сразу вводить …`: at most this many negations and adverbs between a promise
# verb and its infinitive. Hand-set (`не`, one adverb).
PROMISE_GAP = 2


# Particles that may stand before a source after its verb (`…, заявляла и Москва`, `…,
# говорил также министр`): they add the speaker to others, the source still starts there.
ADDITIVE_PARTICLES = frozenset({"и", "также", "тоже", "даже"})


class ReportedSpeech(AttributedSpeech):
    """Speech verbs outside direct quotes and the clauses they report."""

    def indirect(self) -> list[QuoteMention]:
        out: list[QuoteMention] = []
        starts: set[int] = set()
        tokens = self.speakers.tokens
        for i, tok in enumerate(tokens):
            if self.in_direct(tok.start):
                continue
            low = tok.text.lower()
            if low in ATTRIBUTION_PREPOSITIONS:
                quote = self._attribution(i)
            elif tok.lemma in SPEECH_VERBS and tok.feats.get("VerbForm") == "Conv":
                quote = self._converb(i)
            elif (
                tok.lemma in SPEECH_VERBS
                and tok.lemma not in FRAME_ONLY_VERBS
                and tok.pos in ("VERB", "AUX")
                and tok.feats.get("VerbForm") in ("Fin", "Part")
                and tok.feats.get("Mood") != "Imp"  # `Вспомните, …` addresses the reader
            ):
                quote = self._reported(i)
            elif (
                (
                    tok.lemma in COMPLEMENT_ONLY_VERBS
                    and tok.pos in ("VERB", "AUX")
                    and tok.feats.get("VerbForm") in ("Fin", "Part")
                )
                or (tok.lemma in OPINION_PREDICATES and tok.feats.get("Variant") == "Short")
                or (
                    tok.lemma in NEGATED_COMPLEMENT_VERBS
                    and tok.feats.get("VerbForm") == "Fin"
                    and i > 0
                    and tokens[i - 1].lemma == "не"
                )
            ):
                # `обвинил X, что …`, `убежден, что …`; a conviction after a comma is a trailing
                # frame as a speech verb is (`…, уверено издание The Guardian`)
                trailing = tok.lemma in OPINION_PREDICATES and i > 0 and tokens[i - 1].text == ","
                quote = self._reported(i, complement_only=not trailing)
            elif (
                tok.lemma in SPEECH_VERBS
                and tok.feats.get("VerbForm") == "Inf"
                and i > 0
                and tokens[i - 1].lemma in PHASE_VERBS
                and tokens[i - 1].feats.get("VerbForm") == "Fin"
            ):
                quote = self._reported(i, complement_only=True)  # `продолжает настаивать на том, что`
            elif (
                tok.lemma in RELAY_VERBS
                and tok.feats.get("VerbForm") == "Fin"
                and i + 1 < len(tokens)
                and tokens[i + 1].lemma in QUOTED_WORDS
                and tokens[i + 1].feats.get("Case") == "Acc"
            ):
                # `…, приводит слова Климкина`: a frame-only verb frames unmarked words when it
                # takes `слова`/`цитату` (never `приводит к росту`, `приводит данные`)
                quote = self._reported(i)
            elif tok.lemma in MESSAGE_WORDS | OWNED_WORDS and tok.pos == "NOUN":
                quote = self._message_clause(i)  # `заявление X о том, что …` with no speech verb
            elif (
                i + 1 < len(tokens)
                and SPEECH_IDIOMS.get(tok.lemma) == tokens[i + 1].lemma
                and tok.feats.get("VerbForm") == "Fin"
            ):
                quote = self._reported(i)  # `Он также дал понять, что …`
            else:
                continue
            if quote is not None and quote.start not in starts:
                starts.add(quote.start)
                out.append(quote)
        return out

    def _converb(self, i: int) -> QuoteMention | None:
        """`…, указал он, подчеркнув, что страна …` / `Отметив, что …, в МИД заявили …`: the
        clause after `что` is said by whoever speaks in the sentence's main clause; the
        speaker is filled in from that quote (`converb_speakers`)."""
        tokens = self.speakers.tokens
        if i + 4 < len(tokens) and tokens[i + 1].lemma in ("о", "об") and tokens[i + 2].text.lower() == "том":
            i += 2  # `…, говоря о том, что те всегда в опасности`: the same clause after `о том`
        if (
            i + 2 >= len(tokens)
            or tokens[i + 1].text != ","
            or tokens[i + 2].text.lower() not in COMPLEMENTISERS
        ):
            return None
        start = tokens[i + 2].end
        end = self._before_trailing_frame(start, self.sentence_end(start))
        end = self._before_aside(start, end)
        if word_count(self.tokens(start, end)) < MIN_CONTENT_TOKENS:
            return None
        quote = self.mention(start, end, "indirect", None)
        self.converb_quotes.append(quote)
        return quote

    def converb_speakers(self, quotes: list[QuoteMention]) -> list[QuoteMention]:
        """Give each converb quote the speaker of a quote framed in the same sentence; drop
        the ones with none (`Вынеся приговор, суд запретил …` reports no speech)."""
        out = []
        for quote in quotes:
            if not any(quote is c for c in self.converb_quotes):
                out.append(quote)
                continue
            lo, hi = self.sentence_start(quote.start), self.sentence_end(quote.start)
            framed = [
                q
                for q in quotes
                if q is not quote
                and q.speaker_text
                and q.speaker_start is not None
                and lo <= q.speaker_start < hi
            ]
            if framed:
                source = min(framed, key=lambda q: abs((q.speaker_start or 0) - quote.start))
                quote.speaker_text, quote.speaker_start, quote.speaker_end = (
                    source.speaker_text,
                    source.speaker_start,
                    source.speaker_end,
                )
                quote.speaker, quote.speaker_label = source.speaker, source.speaker_label
                out.append(quote)
                continue
            # `Отметив, что …, в МИД заявили о полной свободе …`: the main verb speaks but
            # frames no clause of its own; its subject is the converb's, and its clause is
            # not part of the converb's words.
            main = self._main_speaker(quote, hi)
            if main is not None:
                speaker, cut = main
                out.append(self.mention(quote.start, cut, "indirect", speaker))
                continue
            # `В Москве отвергли эти обвинения, заявив, что …`: the converb shares the
            # subject of the main clause before it, whatever that clause's verb is.
            before = self._subject_before_converb(quote, lo)
            if before is not None:
                out.append(self.mention(quote.start, quote.end, "indirect", before))
        return out

    def _subject_before_converb(self, quote: QuoteMention, sentence_start: int) -> Speaker | None:
        """The nominative subject of the finite verb the converb's clause follows in its
        sentence (`Министр покинул зал, заявив, что …` is the minister's), or None."""
        words = [t for t in self.tokens(sentence_start, quote.start) if not self.in_direct(t.start)]
        at = next(
            (k for k in range(len(words) - 1, -1, -1) if words[k].feats.get("VerbForm") == "Conv"), None
        )
        if at is None or at == 0 or words[at - 1].text != ",":
            return None
        verb_at = max((k for k, t in enumerate(words[: at - 1]) if finite(t)), default=None)
        if verb_at is None:
            return None
        verb = words[verb_at]
        clause = [t for t in words[: at - 1] if t.text not in OPENERS + CLOSERS + '"']
        speaker = self.speakers.find(clause, verb, anchor=verb.start, prefer_near=verb.start)
        if speaker is None or not speaker.text or not speaker.nominative or speaker.kind == "thing":
            return None
        return speaker

    def _main_speaker(self, quote: QuoteMention, sentence_end: int) -> tuple[Speaker, int] | None:
        """The speaker of the sentence's main speech verb after a converb's clause, and where
        the converb's words end (the comma before the main clause)."""
        words = [t for t in self.tokens(quote.start, sentence_end) if not self.in_direct(t.start)]
        k = next(
            (
                k
                for k, t in enumerate(words)
                if t.lemma in SPEECH_VERBS and finite(t) and t.lemma not in FRAME_ONLY_VERBS
            ),
            None,
        )
        if k is None:
            return None
        comma = max(
            (j for j, t in enumerate(words[:k]) if t.text == "," and not self._in_mark(t.start)), default=None
        )
        if comma is None or word_count(words[:comma]) < MIN_CONTENT_TOKENS:
            return None
        window = words[comma + 1 : k + 1 + MAIN_SUBJECT_AFTER]
        verb = words[k]
        speaker = self.speakers.find(window, verb, anchor=verb.start, prefer_near=verb.start)
        if speaker is None or not speaker.text or not speaker.nominative:
            return None
        return speaker, words[comma].start

    def _reported(self, i: int, complement_only: bool = False) -> QuoteMention | None:
        """`X заявил, что …` (a complement clause) or `…, отмечают в МИД, …` (a parenthetical);
        with `complement_only`, the complement clause alone (`обвинил X, что …`)."""
        tokens = self.speakers.tokens
        verb = tokens[i]
        sentence_start = self.sentence_start(verb.start)
        found = self._source_span(i + 1)
        if found is None:
            return None
        tail, comma = found
        if (
            tail
            and comma + 1 < len(tokens)
            and tokens[comma].text == ","
            and tokens[comma + 1].feats.get("VerbForm") == "Part"
            and tokens[comma + 1].pos in ("VERB", "ADJ")
        ):
            # `Как сообщается в пресс-релизе, опубликованном на сайте Белого дома, …`: the
            # participle describes the source, which ends at the comma after it.
            extended = self._source_span(comma + 1)
            if extended is not None and not any(finite(t) for t in extended[0]):
                tail, comma = tail + [tokens[comma]] + extended[0], extended[1]
        k = comma + 1
        if comma < len(tokens) and tokens[comma].text == "," and not tail:
            k = past_aside(tokens, k)  # `заявил, в свою очередь, что …`
        if (
            comma < len(tokens)
            and tokens[comma].text == ","
            and k < len(tokens)
            and tokens[k].text.lower() in COMPLEMENTISERS
        ):
            return self._complement(verb, tail, tokens[k], sentence_start)
        if complement_only:
            return None
        if verb.lemma in PROMISE_VERBS:
            promised = self._promised(i, sentence_start)
            if promised is not None:
                return promised
        previous = tokens[i - 1] if i > 0 else None
        frame_start = verb.start
        if (
            previous is not None
            and previous.pos == "ADV"
            and previous.lemma not in PRONOMINAL_ADVERBS  # `, где указана …` is a relative clause
            and i > 1
            and tokens[i - 2].text == ","
        ):
            # `…, неоднократно заявляла и Москва`: an adverb opens the frame (after a comma only:
            # `«…», — так прокомментировали в эфире CNN` is the direct quote's own frame)
            frame_start, previous = previous.start, tokens[i - 2]
        as_at = self._as_before(i, sentence_start)
        if as_at is not None:
            previous = tokens[as_at]  # `Как в свою очередь сообщила X, …` reads as `Как сообщила X`
        parenthetical = (
            previous is None
            or previous.start < sentence_start
            or previous.text in DASHES_AND_COMMA  # `…, - сказала Мэй`: a spaced hyphen is a dash
            or previous.text.lower() == "как"
        )
        if not parenthetical and tail and comma < len(tokens) and tokens[comma].text in TERMINAL:
            return self._inverted(verb, tail, sentence_start)
        if not parenthetical or not tail or comma >= len(tokens):
            return None
        after_punct = (
            previous is not None and previous.start >= sentence_start and previous.text.lower() != "как"
        )
        if after_punct and not self._words_before(i, sentence_start):
            return None  # `«…», — отметили в МИД`: the direct quote's own frame
        # `…, как заявил глава «Газпрома» Алексей Миллер.`: a trailing `как` frame ends the sentence
        trailing_as = (
            previous is not None and previous.text.lower() == "как" and previous.start > sentence_start
        )
        if tokens[comma].text != "," and not after_punct and not trailing_as:
            return None
        if any(finite(t) or t.text == ":" for t in tail):
            return None  # `Вспомните: Хрущев отправлял пшеницу, когда …` is a clause, not a source
        # `Я заявил об этом Майку Помпео, сказал он.`: the words before a trailing frame are
        # the speaker's own, so the narrator's `он` points back past them.
        pronoun = after_punct and any(t.text.lower() in PERSONAL_PRONOUNS for t in tail)
        anchor = sentence_start if pronoun else verb.start
        # `…, отметила диетолог, профессор Карен Мэдсен, специализирующаяся на …`: a second
        # description naming the person after the comma is part of the frame, so the participle
        # phrase after it describes the speaker and the claim is the words before
        stacked = self._stacked_apposition(tail)
        speaker = self.speakers.find(stacked, verb, anchor=anchor, after_verb=verb.start)
        if len(stacked) > len(tail) and (speaker is None or speaker.entity is None):
            # the first description names nobody; the second names the person
            speaker = self.speakers.find(stacked[len(tail) + 1 :], verb, anchor=anchor) or speaker
        tail = stacked
        if speaker is None or not speaker.nominative:
            return None  # `…, ответила оскорблениями пророку Мухаммеду`: nobody in the subject's case
        return self._around(
            frame_start if previous is None or previous.text.lower() != "как" else previous.start,
            tail[-1].end,
            speaker,
        )

    def _promised(self, i: int, sentence_start: int) -> QuoteMention | None:
        """`пакистанские власти пообещали рассмотреть петицию`, `в Пакистане пообещали не
        чинить препятствий`: a promise verb, its subject before it, and the infinitive clause
        after it (a negation or an adverb may come between) up to the sentence's end."""
        tokens = self.speakers.tokens
        verb = tokens[i]
        j = i + 1
        while j < min(len(tokens), i + 1 + PROMISE_GAP) and (
            tokens[j].lemma == "не" or tokens[j].pos in ("ADV", "PART")
        ):
            j += 1
        j = past_time_phrase(tokens, j)  # `пообещали в ближайшее время подать …`
        if j >= len(tokens) or tokens[j].feats.get("VerbForm") != "Inf":
            return None
        before = [t for t in self.tokens(sentence_start, verb.start) if t.text not in OPENERS + CLOSERS + '"']
        last_predicate = max((k for k, t in enumerate(before) if finite(t)), default=-1)
        speaker = self.speakers.find(
            before[last_predicate + 1 :] + [verb], verb, anchor=verb.start, prefer_near=verb.start
        )
        if speaker is None or not speaker.text or not speaker.nominative:
            return None
        if speaker.kind != "description" and self._clashes(speaker, verb):
            return None  # (a person noun's gender says nothing: `британский премьер пообещала`)
        start = tokens[i + 1].start
        end = self._before_trailing_frame(start, self.sentence_end(start))
        end = self._before_aside(start, end)
        if word_count(self.tokens(start, end)) < MIN_CONTENT_TOKENS:
            return None
        return self.mention(start, end, "indirect", speaker)

    def _as_before(self, i: int, sentence_start: int) -> int | None:
        """The index of a clause-opening `как` a few adverbial words before the verb at `i`
        (`Как в свою очередь сообщила`, `Как ранее заявлял`), else None."""
        tokens = self.speakers.tokens
        for k in range(i - 2, max(-1, i - 2 - AS_WORDS), -1):
            if tokens[k].start < sentence_start or tokens[k].text in (",", "—", "–", "―", ":"):
                return None
            if finite(tokens[k]):
                return None
            if tokens[k].text.lower() == "как":
                before = tokens[k - 1] if k > 0 else None
                opens = before is None or before.start < sentence_start or before.text in (",", "—", "–", "―")
                return k if opens else None
        return None

    def _inverted(
        self, verb: ParsedToken, tail: list[ParsedToken], sentence_start: int
    ) -> QuoteMention | None:
        """`Вернуть деньги всем пассажирам пообещали в авиакомпании.`: the reported clause
        opens the sentence, the verb and its source close it. The source must start the
        tail (`в авиакомпании`, `глава МИД`) and hold no predicate of its own."""
        if any(finite(t) for t in tail):
            return None
        before = self.tokens(sentence_start, verb.start)
        if self.in_direct(sentence_start) or not is_clause(before):
            return None
        speaker = self.speakers.find(tail, verb, anchor=verb.start, after_verb=verb.start)
        if speaker is None or speaker.kind == "thing" or not speaker.nominative:
            return None
        lead = tail[1:] if tail[0].lemma in ADDITIVE_PARTICLES and len(tail) > 1 else tail
        first = lead[1] if lead[0].lemma in ("в", "во", "из") and len(lead) > 1 else lead[0]
        if speaker.start > first.start and speaker.kind != "place":
            return None  # `заявили о готовности …`: what follows the verb is not its source
        return self.mention(sentence_start, verb.start, "indirect", speaker)

    def _words_before(self, i: int, sentence_start: int) -> bool:
        """Narration, not a direct quote, before the comma or dash that precedes the verb at `i`.

        Then the verb is a parenthetical source (`Между тем, отмечают в МИД, …`) or closes
        the sentence (`…, негодовал лидер лейбористов Джереми Корбин.`, `…, — добавила она.`)."""
        tokens = self.speakers.tokens
        k = i - 1
        while k >= 0 and tokens[k].text in DASHES_AND_COMMA:
            k -= 1
        if k < 0 or tokens[k].start < sentence_start:
            return False
        # A closing mark ends the direct quote this verb frames only if one was taken there
        # (`газопровода "Северный поток — 2", заявил …` closes a name).
        return not self.in_direct(tokens[k].start)

    def _complement(
        self, verb: ParsedToken, tail: list[ParsedToken], that: ParsedToken, sentence_start: int
    ) -> QuoteMention | None:
        """The subject of `verb` says the clause after `что`.

        The subject may follow the verb (`заявил в пятницу Ташиев, что`; the tail of
        `заявил о том, что` is `о том`). It is looked for after the sentence's last
        other predicate (`Он звонит соратникам, и многие говорят, что …` is said by
        «многие»), then in the whole stretch when that finds no nominative
        (`Токаев выступил и заявил, что …`). Quoted speech holds no subject but a
        quoted name may (`"ФАН", подконтрольное Пригожину, заявляет`): the speaker
        finder tells the two apart.
        """
        before = [t for t in self.tokens(sentence_start, verb.start) if t.text not in OPENERS + CLOSERS + '"']
        # `Адвокат, которого охранял полицейский, сообщил, что …`: a predicate inside a closed
        # relative clause is not the sentence's last other predicate; the subject stands before it.
        embedded = _closed_relative_words(before)
        last_predicate = max((k for k, t in enumerate(before) if finite(t) and k not in embedded), default=-1)
        relay_end = _relay_aside_end(before, last_predicate)
        if relay_end is not None:
            # `Как пишет РБК, в отчете говорится, что …`: the outlet relays the report; the
            # report's author (when named) speaks, else nobody shown, never the outlet.
            before, last_predicate = before[relay_end + 1 :], -1
        speaker = self.speakers.find(
            before[last_predicate + 1 :] + [verb] + tail, verb, anchor=verb.start, prefer_near=verb.start
        )
        if last_predicate >= 0 and (
            speaker is None or not speaker.nominative or self._clashes(speaker, verb)
        ):
            shared = self.speakers.find(
                before + [verb] + tail, verb, anchor=verb.start, prefer_near=verb.start
            )
            if (
                shared is not None
                and (speaker is None or shared.nominative or self._clashes(speaker, verb))
                and not self._clashes(shared, verb)
            ):
                speaker = shared
        owner = self._message_owner(tail)
        if owner is not None:
            speaker = owner  # `в РФ отреагировали на заявления Меркель о том, что …` is Merkel's
        if speaker is None or speaker.start == verb.start:
            return None  # `сообщалось, что …`: nobody is said to have said it
        end = self._before_trailing_frame(that.end, self.sentence_end(that.start))
        quote = self.mention(that.end, self._before_aside(that.end, end), "indirect", speaker)
        if relay_end is not None:
            self.relayed_reports.append(quote)
        return quote

    def _message_owner(self, tail: list[ParsedToken]) -> Speaker | None:
        """`отреагировали на заявления Меркель о том, что …`: a clause hung on a message noun
        (`о том, что` after `заявление`, `письмо`, …, or `слова`: `напомнил о недавних словах
        президента России Владимира Путина о том, что …`) is that message's content, said by its
        author in the genitive right after the noun, not by the verb's subject. None when the
        noun names no author (`в своем заявлении о том`) or the author is no person or body."""
        if len(tail) < 4 or [t.text.lower() for t in tail[-2:]] != ["о", "том"]:
            return None
        noun = next((k for k, t in enumerate(tail[:-2]) if t.lemma in MESSAGE_WORDS | OWNED_WORDS), None)
        if noun is None or noun + 1 >= len(tail) - 2:
            return None
        found = self.speakers.find(tail[noun + 1 : -2], None, anchor=tail[noun].start, oblique=True)
        if found is None or found.entity is None or found.entity.type not in ("PER", "ORG"):
            return None
        return found

    def _clashes(self, speaker: Speaker, verb: ParsedToken) -> bool:
        """A speaker word of another gender than a past-tense verb (`… покинул правительство,
        а также заявила, что …`: the government is not who `заявила`)."""
        gender = verb.feats.get("Gender")
        head = self.tokens(speaker.start, speaker.end)[:1]
        if gender is None or not head or speaker.kind in ("pronoun", "name"):
            return False
        if speaker.kind == "entity" and not (head[0].pos == "NOUN" and head[0].text.islower()):
            return False  # a name's grammatical gender says little (`ТАСС сообщило`)
        return head[0].feats.get("Gender") not in (None, gender)


def _closed_relative_words(before: list[ParsedToken]) -> set[int]:
    """Positions of the words of each relative clause in `before` that a comma opens and a
    comma closes (`, которого охранял полицейский,`), commas included. An unclosed one may
    hold the speech verb itself (`Петров, который заявил, что …`) and is left alone."""
    out: set[int] = set()
    for k, tok in enumerate(before):
        if tok.lemma != "который" or k == 0 or before[k - 1].text != ",":
            continue
        close = next((j for j in range(k + 1, len(before)) if before[j].text == ","), None)
        if close is not None:
            out.update(range(k - 1, close + 1))
    return out


def _relay_aside_end(before: list[ParsedToken], predicate: int) -> int | None:
    """The index of the comma closing a relay aside (`Как пишет РБК,`, `Как сообщает ТАСС,`)
    whose verb is the clause's last predicate before the speech verb; None otherwise."""
    if predicate < 1 or (
        before[predicate].lemma not in OUTLET_RELAY_VERBS and before[predicate].lemma not in SPEECH_VERBS
    ):
        return None
    if before[predicate - 1].text.lower() != "как":
        return None
    return next((k for k in range(predicate + 1, len(before)) if before[k].text == ","), None)
