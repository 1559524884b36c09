"""Direct speech: quoted words with a speech frame after, inside or before them.

- after it:   «…», — сказал Бекешев.   «…» — говорится в сообщении ведомства.
- inside it:  «…, — сказал он. — …»  (the frame splits the quote in two)
- before it:  Бекешев: «…»   Токаев заявил: «…»   обещал «парализовать страну»

A quoted sentence standing alone continues the speech of the sentence before it.
"""

from __future__ import annotations

import re

from storyline.annotate.nlp import ParsedToken
from storyline.annotate.quote_clauses import (
    COMPLEMENTISERS,
    MIN_CONTENT_TOKENS,
    TERMINAL,
    finite,
    is_clause,
    is_statement,
    word_count,
)
from storyline.annotate.quote_marks import AFTER_FRAME, unpaired_closers
from storyline.annotate.quote_scan import QuoteScanner
from storyline.annotate.speaker_kinds import PERSON_KINDS, Speaker
from storyline.annotate.speech_lexicon import FRAME_ONLY_VERBS, PERSONAL_PRONOUNS, SPEECH_NOUNS, SPEECH_VERBS
from storyline.model import QuoteMention

# A speech verb must come this early in the frame after the dash: `— сказал он`,
# `— Бекешев сказал`, `— как сообщил глава МИД`. Further on it belongs to
# narration (`— так власти обычно называют протестующих` has none at all).
# Calibration: on the 40 development documents (docs/annotation-quotes.md) every
# frame has its verb first, and windows 1 to 8 find the same 56 direct quotes; 4
# leaves room for the word orders above.
FRAME_VERB_WINDOW = 4

# A speaker's name may follow a description after a comma within this many tokens
# (`— подчеркнул дипломат, замминистра Евгений Енин`). Calibration on the 40
# development documents: 6 loses `…, бывший эксперт ГЭЦ при Минздраве Федор
# Лапий`; 10 and 14 give the same 171 quotes and speakers.
APPOSITION_WINDOW = 10

# A dashless frame (`"…", сказал Туск`) is taken only after quoted words that open their
# sentence and make a clause of at least this many words, so that a quoted name in
# mid-sentence (`газопровода "Северный поток — 2", заявил …`) never becomes speech.
# Hand-set: the shortest such quote in the development golds has five words.
MIN_SAID_WORDS = 4

# Verbs that name something (`назвал проект «…»`): no speech frame (speech_lexicon), but
# their quoted complement in the instrumental is the subject's words when it has at least
# MIN_NAMED_WORDS words. Hand-set: the one-word labels of the tuning golds (`«террористами»`)
# stay names; the shortest quoted characterisation read there has nine words.
NAMING_VERBS = frozenset({"назвать", "называть", "именовать"})
MIN_NAMED_WORDS = 4

# Who may lead a colon into quoted words with no speech verb (`X оказался дипломатичнее: «…»`):
# a person or an organisation, never a place or a thing (`Самый популярный лозунг: «…»`).
NAMED_LEAD_TYPES = frozenset({"PER", "ORG"})

# Frames inside a quote; agency copy often drops the space before the dash (`появляется,— написал он`).
_INNER_FRAME = re.compile(r"[,.!?…]\s*[—–―]\s+")
# `"Политики приходят и уходят", сказал Туск`: some outlets drop the dash after the closing mark.
_COMMA_FRAME = re.compile(r"\s*,\s+")
_INNER_RESUME = re.compile(r"\s*[,.:]\s*[—–―]\s+")


class DirectSpeech(QuoteScanner):
    """Quoted words and their frames; marks each taken span in `direct_chars`."""

    def direct(self) -> list[QuoteMention]:
        out: list[QuoteMention] = []
        names = {(m.start, m.end) for m in self.speakers.entities}
        for opened, closed in self.marks:
            if (opened + 1, closed) in names:
                continue  # «Роснефть», — говорится в статье: a name that ends someone's sentence
            found = self._inner_frame(opened, closed)
            if not found:
                speaker = self._after_frame(opened, closed)
                if speaker is None:
                    speaker = self._colon_frame(opened, closed)
                if speaker is None and self._reads_as_speech(opened, closed):
                    speaker = self._verb_before(opened)
                if speaker is None:
                    speaker = self._named_as(opened, closed)
                if speaker is not None:
                    found = [self.mention(opened + 1, closed, "direct", speaker)]
                elif self._whole_sentence(opened, closed):
                    # `Об этом объявил … Ляйтнер. «Власти Дании никак не ограничены …».`
                    quote = self.mention(opened + 1, closed, "direct", None)
                    self.continued.append(quote)
                    found = [quote]
            if found:
                self.direct_chars[opened : closed + 1] = b"\x01" * (closed + 1 - opened)
            out.extend(found)
        out.extend(self._lost_openers())
        return out

    def _lost_openers(self) -> list[QuoteMention]:
        """A closing mark with no opener and a speech frame after it: the quote is taken
        from the start of its sentence (`Вот сейчас он налицо…», — заявила Захарова`)."""
        out: list[QuoteMention] = []
        for closed in unpaired_closers(self.text):
            start = self.sentence_start(closed)
            start = max([start] + [c + 1 for o, c in self.marks if c < closed])
            if self.in_direct(start) or word_count(self.tokens(start, closed)) < MIN_CONTENT_TOKENS:
                continue
            speaker = self._after_frame(start - 1, closed)
            if speaker is not None:
                out.append(self.mention(start, closed, "direct", speaker))
                self.direct_chars[start : closed + 1] = b"\x01" * (closed + 1 - start)
        return out

    def _after_frame(self, opened: int, closed: int) -> Speaker | None:
        match = AFTER_FRAME.match(self.text, closed + 1)
        if match is None and self._opens_sentence(opened) and self._is_said(opened, closed):
            match = _COMMA_FRAME.match(self.text, closed + 1)  # `"…", сказал Туск` (no dash)
        if match is None:
            return None
        clause = self.clause_after(match.end())
        verb = self.speech_verb(clause[:FRAME_VERB_WINDOW])
        if verb is None:
            return None
        clause = [verb if t.start == verb.start else t for t in clause]  # (a verb the tagger misread)
        speaker = self.speakers.find(clause, verb, anchor=opened, after_verb=verb.start)
        if speaker is None or speaker.kind in ("description", "noun", "thing", "org_word"):
            speaker = self._apposition(clause) or speaker
        # A frame with a verb but no named speaker (`— говорилось ранее`) is still speech.
        return speaker or Speaker(verb.start, verb.start, "", None)

    def _whole_sentence(self, opened: int, closed: int) -> bool:
        """A quoted sentence standing alone: it opens its sentence, only punctuation follows
        it there, and it reads as something said."""
        end = self.sentence_end(closed)
        return (
            self._opens_sentence(opened)
            and not self.text[closed + 1 : end].strip(" .!?…")
            and self._is_said(opened, closed)
        )

    def continued_speakers(self, quotes: list[QuoteMention]) -> list[QuoteMention]:
        """A quoted sentence without a frame continues the speech of the sentence before:
        the speaker of a quote ending there, else of the last speech verb there. Without
        one it is not speech (a slogan, a title) and is dropped."""
        out: list[QuoteMention] = []
        for quote in quotes:
            if not any(quote is c for c in self.continued):
                out.append(quote)
                continue
            previous_start = self.sentence_start(self.sentence_start(quote.start) - 1)
            announced = self._announced_text(previous_start, self.sentence_start(quote.start))
            if announced is not None:
                out.append(self.mention(quote.start, quote.end, "direct", announced))
                continue
            before = [q for q in out if q.speaker_text and previous_start <= q.end <= quote.start]
            if before:
                source = before[-1]
                quote.speaker_text, quote.speaker_start, quote.speaker_end = (
                    source.speaker_text,
                    source.speaker_start,
                    source.speaker_end,
                )
                quote.speaker, quote.speaker_label = source.speaker, source.speaker_label
                out.append(quote)
                continue
            speaker = self.speakers.last_speaker_since(quote.start, previous_start)
            if speaker is not None:
                out.append(self.mention(quote.start, quote.end, "direct", speaker))
        return out

    def _announced_text(self, start: int, end: int) -> Speaker | None:
        """`… заявление Трампа … звучало так:` ending the sentence before a quote: the text's
        author speaks, not the outlet relaying the sentence (`По сообщению NYT, …`)."""
        if not self.text[start:end].rstrip().endswith(":"):
            return None
        owner = self.speakers.text_owner(start, end)
        return Speaker(owner.start, owner.end, owner.text, owner) if owner is not None else None

    def _opens_sentence(self, opened: int) -> bool:
        """Only a dash or spaces between the sentence start and the opening mark."""
        return not self.text[self.sentence_start(opened) : opened].strip(" \n\t—–―-")

    def _is_said(self, opened: int, closed: int) -> bool:
        """Quoted words long enough and with a predicate to be a sentence someone said."""
        content = self.tokens(opened + 1, closed)
        return word_count(content) >= MIN_SAID_WORDS and is_statement(content)

    def _reads_as_speech(self, opened: int, closed: int) -> bool:
        """Quoted words that are a clause, not a name: `обещал «парализовать страну»` but not
        `сообщил «Интерфаксу»` (a quoted name after a speech verb is its addressee)."""
        content = self.tokens(opened + 1, closed)
        return word_count(content) >= MIN_CONTENT_TOKENS or any(t.pos in ("VERB", "AUX") for t in content)

    def _verb_before(self, opened: int) -> Speaker | None:
        """`он обещал «парализовать страну»`, `обратился с просьбой «помочь им»`: a speech
        verb or a speech noun right before the opening mark; the speaker is the clause's subject."""
        before = self.speakers._token_before(opened)
        if before is None:
            return None
        finite_verb = before.lemma in SPEECH_VERBS and before.lemma not in FRAME_ONLY_VERBS and finite(before)
        if not (finite_verb or before.lemma in SPEECH_NOUNS):
            return None
        start = self.sentence_start(opened)
        clause = [t for t in self.tokens(start, before.start) if not self._in_mark(t.start)]
        verb = before if finite_verb else next((t for t in reversed(clause) if finite(t)), None)
        if verb is None:
            return None
        if not finite_verb:
            clause = [t for t in clause if t.start <= verb.start]
        return self.speakers.find(clause, verb, anchor=verb.start, prefer_near=verb.start)

    def _named_as(self, opened: int, closed: int) -> Speaker | None:
        """`Порошенко называл проект «троянским конем Кремля против европейской
        безопасности»`: a naming verb's quoted complement in the instrumental, long enough
        to be someone's phrase (`MIN_NAMED_WORDS`), is its subject's words; a one-word label
        (`назвал их «террористами»`) stays a name. The verb is the clause's last predicate."""
        content = self.tokens(opened + 1, closed)
        if word_count(content) < MIN_NAMED_WORDS or content[0].feats.get("Case") != "Ins":
            return None
        start = self.sentence_start(opened)
        clause = [t for t in self.tokens(start, opened) if not self._in_mark(t.start)]
        verb = next((t for t in reversed(clause) if finite(t)), None)
        if verb is None or verb.lemma not in NAMING_VERBS:
            return None
        clause = [t for t in clause if t.start <= verb.start]
        speaker = self.speakers.find(clause, verb, anchor=verb.start, prefer_near=verb.start)
        return speaker if speaker is not None and speaker.nominative else None

    def _apposition(self, clause: list[ParsedToken]) -> Speaker | None:
        """`— комментирует инфекционист, бывший эксперт ГЭЦ Федор Лапий`: the name after the comma.
        A subordinate clause ends the apposition (`…, что Петров был …`: a new clause's subject)."""
        if not clause:
            return None
        rest = self.speakers.tokens[self.speakers.token_index(clause[-1].end) :][:APPOSITION_WINDOW]
        if not rest or rest[0].text != ",":
            return None
        for tok in rest[1:]:
            if (
                tok.text in TERMINAL
                or finite(tok)
                or tok.feats.get("VerbForm") in ("Conv", "Part")
                or tok.pos == "SCONJ"
                or tok.lemma == "который"
            ):
                return None
            for m in self.speakers.mentions_in(tok.start, rest[-1].end):
                if m.start == tok.start and m.type == "PER":
                    return Speaker(m.start, m.end, m.text, m)
        return None

    def _inner_frame(self, opened: int, closed: int) -> list[QuoteMention]:
        """«Первая часть, — сказал он. — Вторая часть»: one speaker, two spans."""
        for match in _INNER_FRAME.finditer(self.text, opened + 1, closed):
            clause = self.clause_after(match.end())
            verb = self.speech_verb(clause[:FRAME_VERB_WINDOW])
            if verb is None or not clause:
                continue
            clause = [verb if t.start == verb.start else t for t in clause]
            resume = _INNER_RESUME.match(self.text, clause[-1].end)
            if resume is None or resume.end() >= closed:
                continue
            speaker = self.speakers.find(clause, verb, anchor=opened)
            first_end = match.start() + (0 if self.text[match.start()] == "," else 1)
            return [
                self.mention(opened + 1, first_end, "direct", speaker),
                self.mention(resume.end(), closed, "direct", speaker),
            ]
        return []

    def _colon_frame(self, opened: int, closed: int) -> Speaker | None:
        head = self.text[self.sentence_start(opened) : opened].rstrip()
        if not head.endswith(":"):
            return None
        colon = self.sentence_start(opened) + len(head) - 1
        clause = [t for t in self.tokens(self.sentence_start(opened), colon) if not self._in_mark(t.start)]
        verb = next(
            (t for t in reversed(clause) if t.lemma in SPEECH_VERBS and t.pos in ("VERB", "AUX")), None
        )
        if verb is not None:
            # `заявила, что правительство … и что ее план соответствует им: "…"`: the words
            # after `что` are what was said, not who said it.
            that = next(
                (
                    k
                    for k, t in enumerate(clause)
                    if t.start > verb.start and t.text.lower() in COMPLEMENTISERS
                ),
                len(clause),
            )
            return self.speakers.find(clause[:that], verb, anchor=verb.start, prefer_near=verb.start)
        # No verb: only a name right before the colon makes it speech (`Бекешев: «…»`).
        for m in self.speakers.mentions_in(self.sentence_start(opened), colon):
            if m.end == colon and m.type in ("PER", "ORG"):
                return Speaker(m.start, m.end, m.text, m)
        last = clause[-1] if clause else None
        if (
            last is not None
            and last.end == colon
            and last.pos == "PROPN"
            and last.feats.get("Animacy") == "Anim"
            and last.text.lower() not in PERSONAL_PRONOUNS
        ):
            return Speaker(last.start, last.end, last.text, self.speakers.resolve_name(last.text, last.start))
        return self._named_lead_in(clause, opened, closed)

    def _named_lead_in(self, clause: list[ParsedToken], opened: int, closed: int) -> Speaker | None:
        """`Сам Александр Белов оказался более дипломатичным: «Для нас было …»`: no speech
        verb before the colon, but the lead-in's subject is a person or an organisation and
        the quoted words are a clause with a predicate (`is_clause`; a long verbless title
        is not enough). The speaker is the subject
        of the lead-in's first finite verb, found as a speech frame's (before any `что`:
        `даёт объяснение агентству, что …:` names who explained). A quoted title after a
        colon (`подписал указ: «О мерах …»`) has no predicate and stays a title."""
        content = self.tokens(opened + 1, closed)
        if word_count(content) < MIN_SAID_WORDS or not is_clause(content):
            return None
        that = next((k for k, t in enumerate(clause) if t.text.lower() in COMPLEMENTISERS), len(clause))
        verb = next((t for t in clause[:that] if finite(t)), None)
        if verb is None:
            return None
        speaker = self.speakers.find(clause[:that], verb, anchor=verb.start, prefer_near=verb.start)
        if (
            speaker is None
            or not speaker.nominative
            or speaker.entity is None
            or speaker.entity.type not in NAMED_LEAD_TYPES
            or speaker.start > verb.start
            # (a person's word resolved to a body is a wrong link: `сосед … голосовал: «…»`)
            or (speaker.kind in PERSON_KINDS and speaker.entity.type != "PER")
        ):
            return None
        return speaker
