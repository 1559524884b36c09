"""Direct and indirect quotes with their speakers.

A pair of quotation marks alone proves nothing: Russian news puts names
(«Бутун Кыргызстан»), slogans («Шал, кет!») and scare quotes («террористами»)
in «…» all the time. So a direct quote needs a *speech frame*:

- after it:   «…», — сказал Бекешев.   «…» — говорится в сообщении ведомства.
- inside it:  «…, — сказал он. — …»  (the frame splits the quote in two)
- before it:  Бекешев: «…»   Токаев заявил: «…»   По словам Ташиева, «…»

Indirect quotes are reported clauses: `X заявил, что …`, `по словам X, …`,
`как сообщает X, …`, `…, отмечают в МИД, …`. Their span is the reported
clause up to the end of the sentence. A speech verb is recognised by lemma
(`speakers.SPEECH_VERBS`); who spoke is found and resolved by `speakers`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from storyline.annotate.names import role_phrase
from storyline.annotate.nlp import NLP, ParsedText, ParsedToken
from storyline.annotate.quote_marks import AFTER_FRAME, CLOSERS, OPENERS, quoted_spans, unpaired_closers
from storyline.annotate.speakers import Speaker, SpeakerFinder
from storyline.annotate.speech_lexicon import FRAME_ONLY_VERBS, PERSONAL_PRONOUNS, SPEECH_NOUNS, SPEECH_VERBS
from storyline.model import EntityMention, QuoteKind, QuoteMention

TERMINAL = frozenset({".", "!", "?", "…", ";"})

# A speech verb must come this early in the frame after the dash: `— сказал он`,
# `— Бекешев сказал`, `— как сообщил глава МИД`. Further on it belongs to
# narration (`— так власти обычно называют протестующих` has none at all).
# Calibration: on the 40 development documents (docs/annotation-quotes.md) every
# frame has its verb first, and windows 1 to 8 find the same 56 direct quotes; 4
# leaves room for the word orders above.
FRAME_VERB_WINDOW = 4

# Unresolved speakers that are named for the reader in the nominative; a pronoun
# ("он") says nothing without its antecedent.
UNRESOLVED_LABELLED = frozenset({"description", "org_word", "noun", "name", "group", "media"})
# Labelled as written: `один из демонстрантов`, `газета "The Dawn"` are already nominative.
AS_WRITTEN = frozenset({"group", "media"})

# A speaker's name may follow a description after a comma within this many tokens
# (`— подчеркнул дипломат, замминистра Евгений Енин`). Calibration on the 40
# development documents: 6 loses `…, бывший эксперт ГЭЦ при Минздраве Федор
# Лапий`; 10 and 14 give the same 171 quotes and speakers.
APPOSITION_WINDOW = 10

# The source of `по словам X,` / `, отмечают в МИД,` is at most this many tokens
# long; a longer stretch before the comma is a clause of its own. Calibration on
# the 40 development documents: 8, 12 and 16 give the same 171 quotes; 12 leaves
# room for `главы департамента информации и печати МИД РФ` (7) and longer.
SOURCE_WINDOW = 12

# A reported clause has at least this many words unless its source opens the
# sentence (`По ее словам, ситуация стабильна` is two). Hand-set on the seeds and
# the phrase tests; 2, 3 and 4 give the same 171 quotes on the development documents.
MIN_CONTENT_TOKENS = 3

# A dashless frame (`"…", сказал Туск`) is taken only after quoted words that open their
# sentence and make a clause of at least this many words, so that a quoted name in
# mid-sentence (`газопровода "Северный поток — 2", заявил …`) never becomes speech.
# Hand-set: the shortest such quote in the development golds has five words.
MIN_SAID_WORDS = 4

# A stretch without a predicate still reads as a statement at this many words (a short
# one is a name or a heading: `Северный поток — 2`, `Итоги года`). Hand-set on the
# tuning golds: the two verbless statements there have 10 and 11 words.
MIN_VERBLESS_WORDS = 8

# `по словам X`, `по данным X`, `согласно информации X`: the noun forms after the preposition.
ATTRIBUTION_NOUNS = frozenset(
    "словам информации данным мнению оценке оценкам сведениям утверждению утверждениям "
    "версии заявлению сообщению подсчетам подсчётам".split()
)
ATTRIBUTION_PREPOSITIONS = frozenset({"по", "согласно"})
POSSESSIVES = frozenset({"его", "ее", "её", "их"})
COMPLEMENTISERS = frozenset({"что", "будто", "якобы"})

_ASIDE = re.compile(r"[»”\"]\s+[—–―]\s+")  # «…» — так власти называют …: the narrator resumes
# Frames inside a quote; agency copy often drops the space before the dash (`появляется,— написал он`).
_INNER_FRAME = re.compile(r"[,.!?…]\s*[—–―]\s+")
# `"Политики приходят и уходят", сказал Туск`: some outlets drop the dash after the closing mark.
_COMMA_FRAME = re.compile(r"\s*,\s+")
_INNER_RESUME = re.compile(r"\s*[,.:]\s*[—–―]\s+")


class _QuoteFinder:
    def __init__(self, parsed: ParsedText, entities: list[EntityMention], nlp: NLP) -> None:
        self.nlp = nlp
        self.text = parsed.text
        self.marks = quoted_spans(self.text)
        self.contents = [(o + 1, c) for o, c in self.marks]
        self.speakers = SpeakerFinder(parsed, entities, self.contents)
        self.sentence_ends = [s.end for s in parsed.sentences]
        self.mark_opens = [o for o, _ in self.marks]
        # Characters inside a direct quote found so far: one lookup per token
        # instead of a scan over every quote (quadratic in a long text, issue #15).
        self.direct_chars = bytearray(len(self.text) + 1)
        self.converb_quotes: list[QuoteMention] = []
        self.continued: list[QuoteMention] = []  # framed by the sentence before (`continued_speakers`)

    # ---- shared helpers
    def tokens(self, start: int, end: int) -> list[ParsedToken]:
        return self.speakers.tokens_between(start, end)

    def clause_after(self, offset: int) -> list[ParsedToken]:
        """Tokens from `offset` to the end of the clause: terminal punctuation, a comma, a dash or a quote."""
        out: list[ParsedToken] = []
        tokens = self.speakers.tokens
        checked = offset  # no line break between `offset` and here (each gap read once)
        for i in range(
            self.speakers.token_index(offset), len(tokens)
        ):  # no slice: a copy of the rest per call
            tok = tokens[i]
            if tok.text == "." and out and _is_initial(out[-1]):
                out.append(tok)  # `Д.Дэвис`, `Т. Мэй`: an initial, not the end of the clause
                continue
            if (
                tok.text in TERMINAL
                or tok.text in (",", "—", "–", "―")
                or tok.text in OPENERS
                or "\n" in self.text[checked : tok.start]
            ):
                break
            checked = tok.start
            out.append(tok)
        return out

    def sentence_end(self, offset: int) -> int:
        """End of the sentence holding `offset`, pushed past a quote that is still open there."""
        i = bisect_right(self.sentence_ends, offset)
        end = self.sentence_ends[i] if i < len(self.sentence_ends) else len(self.text)
        # The marks are disjoint and in text order, so only the last one opening
        # before `end` can hold it, and the scan stops at the first opening after.
        j = max(0, bisect_left(self.mark_opens, end) - 1)
        while j < len(self.marks) and self.marks[j][0] < end:
            if end <= self.marks[j][1]:
                end = self._sentence_end_from(self.marks[j][1] + 1)
            j += 1
        return end

    def _sentence_end_from(self, offset: int) -> int:
        i = bisect_right(self.sentence_ends, offset - 1)
        return self.sentence_ends[i] if i < len(self.sentence_ends) else len(self.text)

    def sentence_start(self, offset: int) -> int:
        i = bisect_right(self.sentence_ends, offset)
        return self.sentence_ends[i - 1] if i > 0 else 0

    def in_direct(self, offset: int) -> bool:
        return 0 <= offset < len(self.direct_chars) and self.direct_chars[offset] == 1

    @staticmethod
    def speech_verb(tokens: list[ParsedToken]) -> ParsedToken | None:
        for tok in tokens:
            if tok.lemma in SPEECH_VERBS and tok.pos in ("VERB", "AUX"):
                return tok
        return None

    def mention(self, start: int, end: int, kind: QuoteKind, speaker: Speaker | None) -> QuoteMention:
        text = self.text
        while start < end and (text[start].isspace() or text[start] in ",:"):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ".;,—–―"):
            end -= 1
        quote = QuoteMention(start, end, text[start:end], kind)
        if speaker is not None and speaker.text:
            quote.speaker_text, quote.speaker_start, quote.speaker_end = (
                speaker.text,
                speaker.start,
                speaker.end,
            )
            quote.speaker = speaker.entity.name if speaker.entity else None
            quote.speaker_label = quote.speaker or self._label(speaker)
        return quote

    def _label(self, speaker: Speaker) -> str | None:
        """An unresolved speaker named in the nominative, as a reader would list it
        ("в ведомстве" -> "ведомство", "Ташиева" -> "Ташиев"); None for a pronoun."""
        if speaker.kind not in UNRESOLVED_LABELLED:
            return None
        if speaker.kind in AS_WRITTEN:
            return speaker.text
        tokens = self.tokens(speaker.start, speaker.end)
        if not tokens:
            return None
        label = role_phrase(self.nlp, tokens, self.text)
        first = tokens[0]
        if speaker.kind != "name" and first.pos != "PROPN" and not first.text.isupper():
            label = label[:1].lower() + label[1:]
        return label or None

    # ---- direct
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
                    speaker = self._colon_frame(opened)
                if speaker is None and self._reads_as_speech(opened, closed):
                    speaker = self._verb_before(opened)
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
            if self.in_direct(start) or _word_count(self.tokens(start, closed)) < MIN_CONTENT_TOKENS:
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

    def _opens_sentence(self, opened: int) -> bool:
        """Only a dash or spaces between the sentence start and the opening mark."""
        return not self.text[self.sentence_start(opened) : opened].strip(" \n\t—–―-")

    def _is_said(self, opened: int, closed: int) -> bool:
        """Quoted words long enough and with a predicate to be a sentence someone said."""
        content = self.tokens(opened + 1, closed)
        return _word_count(content) >= MIN_SAID_WORDS and _is_statement(content)

    def _reads_as_speech(self, opened: int, closed: int) -> bool:
        """Quoted words that are a clause, not a name: `обещал «парализовать страну»` but not
        `сообщил «Интерфаксу»` (a quoted name after a speech verb is its addressee)."""
        content = self.tokens(opened + 1, closed)
        return _word_count(content) >= MIN_CONTENT_TOKENS or any(t.pos in ("VERB", "AUX") for t in content)

    def _verb_before(self, opened: int) -> Speaker | None:
        """`он обещал «парализовать страну»`, `обратился с просьбой «помочь им»`: a speech
        verb or a speech noun right before the opening mark; the speaker is the clause's subject."""
        before = self.speakers._token_before(opened)
        if before is None:
            return None
        finite_verb = (
            before.lemma in SPEECH_VERBS and before.lemma not in FRAME_ONLY_VERBS and _finite(before)
        )
        if not (finite_verb or before.lemma in SPEECH_NOUNS):
            return None
        start = self.sentence_start(opened)
        clause = [t for t in self.tokens(start, before.start) if not self._in_mark(t.start)]
        verb = before if finite_verb else next((t for t in reversed(clause) if _finite(t)), None)
        if verb is None:
            return None
        if not finite_verb:
            clause = [t for t in clause if t.start <= verb.start]
        return self.speakers.find(clause, verb, anchor=verb.start, prefer_near=verb.start)

    def _apposition(self, clause: list[ParsedToken]) -> Speaker | None:
        """`— комментирует инфекционист, бывший эксперт ГЭЦ Федор Лапий`: the name after the comma."""
        if not clause:
            return None
        rest = self.speakers.tokens[self.speakers.token_index(clause[-1].end) :][:APPOSITION_WINDOW]
        if not rest or rest[0].text != ",":
            return None
        for tok in rest[1:]:
            if tok.text in TERMINAL or _finite(tok) or tok.feats.get("VerbForm") in ("Conv", "Part"):
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

    def _colon_frame(self, opened: int) -> Speaker | None:
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
        return None

    def _in_mark(self, offset: int) -> bool:
        return any(o <= offset <= c for o, c in self.marks)

    # ---- indirect
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
        if (
            i + 2 >= len(tokens)
            or tokens[i + 1].text != ","
            or tokens[i + 2].text.lower() not in COMPLEMENTISERS
        ):
            return None
        start = tokens[i + 2].end
        end = self._before_trailing_frame(start, self.sentence_end(start))
        end = self._before_aside(start, end)
        if _word_count(self.tokens(start, end)) < MIN_CONTENT_TOKENS:
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
        return out

    def _attribution(self, i: int) -> QuoteMention | None:
        """`По словам X, …` / `по его словам, …` / `согласно данным X, …`."""
        tokens = self.speakers.tokens
        j = i + 1
        pronoun = None
        if j < len(tokens) and tokens[j].text.lower() in POSSESSIVES:
            pronoun, j = tokens[j], j + 1
        if j >= len(tokens) or tokens[j].text.lower() not in ATTRIBUTION_NOUNS:
            return None
        source_start = j + 1
        if pronoun is None and source_start < len(tokens) and tokens[source_start].text == ",":
            source_start += 1  # `По словам, Бекешева, …`: a stray comma before the source
        source = self._until_comma(source_start) if pronoun is None else []
        if pronoun is not None:
            entity = self.speakers.resolve_pronoun(pronoun, None, pronoun.start)
            # `по их словам` with nobody to point at: the quote stands, the pronoun is not shown.
            speaker: Speaker | None = Speaker(
                pronoun.start, pronoun.end, pronoun.text if entity else "", entity, "pronoun"
            )
            after = tokens[j].end
        else:
            if not source or any(_finite(t) for t in source):
                return None  # no comma closes the source: `По сведениям изданий президент звонил …`
            source = _cited(source)
            speaker = self.speakers.find(source, None, anchor=tokens[i].start, oblique=True)
            after = source[-1].end
        if speaker is None:
            return None
        return self._around(tokens[i].start, after, speaker)

    def _until_comma(self, j: int) -> list[ParsedToken] | None:
        found = self._source_span(j)
        return None if found is None else found[0]

    def _source_span(self, j: int) -> tuple[list[ParsedToken], int] | None:
        """Tokens from `j` to the next comma or sentence end, and the index of that stop;
        None past SOURCE_WINDOW words. A parenthesis is left out and not counted
        (`директор Общества (GfbV) Ульрих Делиус`)."""
        tokens = self.speakers.tokens
        out: list[ParsedToken] = []
        depth = 0
        for k in range(j, len(tokens)):
            tok = tokens[k]
            if tok.text == "(":
                depth += 1
            elif tok.text == ")" and depth:
                depth -= 1
            elif depth:
                continue
            elif tok.text == ":" or self.in_direct(tok.start):
                return None  # `заявил: «Мы знаем, что …»` is the direct quote's frame
            elif tok.text == "," or tok.text in TERMINAL:
                return out, k
            else:
                out.append(tok)
                cited = any(t.lemma == "ссылка" for t in out)  # `… со ссылкой на министра …`
                if len(out) > SOURCE_WINDOW * (2 if cited else 1):
                    return None
        return None

    def _around(self, frame_start: int, frame_end: int, speaker: Speaker) -> QuoteMention | None:
        """The reported content on the side of a parenthetical source that has a predicate.

        `Между тем, отмечают в МИД, пункты работают` reads forwards;
        `Пункты работают, отмечают в МИД` and `Как подготовиться, рассказал
        врач, кандидат наук Иван Петров` (an apposition after) read backwards.
        """
        sentence_start, sentence_end = self.sentence_start(frame_start), self.sentence_end(frame_start)
        start = self._skip_punct(frame_end)
        if self._whole_quote(start, sentence_end):
            return self.mention(start + 1, self._closing_mark(start), "direct", speaker)
        after, before = self.tokens(frame_end, sentence_end), self.tokens(sentence_start, frame_start)
        content_after = [t for t in after if t.pos != "PUNCT"]
        if (
            content_after
            and content_after[0].feats.get("VerbForm") in ("Conv", "Part")
            and _is_clause(before)
        ):
            # (a speech converb's own clause is a quote of its own: `_converb`)
            # `…, написали они, задавшись вопросом …`: the converb tells what the speaker did
            return self.mention(sentence_start, frame_start, "indirect", speaker)
        if _is_clause(after) or (_word_count(after) >= 2 and _word_count(before) < MIN_CONTENT_TOKENS):
            # a sentence-initial source takes whatever follows (`По словам X, это их проблемы`)
            return self.mention(start, self._before_aside(start, sentence_end), "indirect", speaker)
        if _is_statement(before):
            return self.mention(sentence_start, frame_start, "indirect", speaker)
        return None

    def _skip_punct(self, offset: int) -> int:
        while offset < len(self.text) and (self.text[offset].isspace() or self.text[offset] in ",:"):
            offset += 1
        return offset

    def _whole_quote(self, start: int, end: int) -> bool:
        """Does a quoted span open at `start` and close at the end of the sentence?"""
        for o, c in self.marks:
            if o == start:
                return not self.text[c + 1 : end].strip(" .!?…")
        return False

    def _closing_mark(self, opened: int) -> int:
        return next(c for o, c in self.marks if o == opened)

    def _reported(self, i: int) -> QuoteMention | None:
        """`X заявил, что …` (a complement clause) or `…, отмечают в МИД, …` (a parenthetical)."""
        tokens = self.speakers.tokens
        verb = tokens[i]
        sentence_start = self.sentence_start(verb.start)
        found = self._source_span(i + 1)
        if found is None:
            return None
        tail, comma = found
        k = comma + 1
        if (
            comma < len(tokens)
            and tokens[comma].text == ","
            and k < len(tokens)
            and tokens[k].text.lower() in COMPLEMENTISERS
        ):
            return self._complement(verb, tail, tokens[k], sentence_start)
        previous = tokens[i - 1] if i > 0 else None
        parenthetical = (
            previous is None
            or previous.start < sentence_start
            or previous.text in (",", "—", "–", "―")
            or previous.text.lower() == "как"
        )
        if not parenthetical and tail and comma < len(tokens) and tokens[comma].text in TERMINAL:
            return self._inverted(verb, tail, sentence_start)
        if not parenthetical or not tail or comma >= len(tokens):
            return None
        after_punct = previous is not None and previous.start >= sentence_start and previous.text != "как"
        if after_punct and not self._words_before(i, sentence_start):
            return None  # `«…», — отметили в МИД`: the direct quote's own frame
        if tokens[comma].text != "," and not after_punct:
            return None
        if any(_finite(t) or t.text == ":" for t in tail):
            return None  # `Вспомните: Хрущев отправлял пшеницу, когда …` is a clause, not a source
        speaker = self.speakers.find(tail, verb, anchor=verb.start, after_verb=verb.start)
        if speaker is None or not speaker.nominative:
            return None  # `…, ответила оскорблениями пророку Мухаммеду`: nobody in the subject's case
        return self._around(
            verb.start if previous is None or previous.text != "как" else previous.start,
            tail[-1].end,
            speaker,
        )

    def _inverted(
        self, verb: ParsedToken, tail: list[ParsedToken], sentence_start: int
    ) -> QuoteMention | None:
        """`Вернуть деньги всем пассажирам пообещали в авиакомпании.`: the reported clause
        opens the sentence, the verb and its source close it. The source must start the
        tail (`в авиакомпании`, `глава МИД`) and hold no predicate of its own."""
        if any(_finite(t) for t in tail):
            return None
        before = self.tokens(sentence_start, verb.start)
        if self.in_direct(sentence_start) or not _is_clause(before):
            return None
        speaker = self.speakers.find(tail, verb, anchor=verb.start, after_verb=verb.start)
        if speaker is None or speaker.kind == "thing" or not speaker.nominative:
            return None
        first = tail[1] if tail[0].lemma in ("в", "во", "из") and len(tail) > 1 else tail[0]
        if speaker.start > first.start and speaker.kind != "place":
            return None  # `заявили о готовности …`: what follows the verb is not its source
        return self.mention(sentence_start, verb.start, "indirect", speaker)

    def _words_before(self, i: int, sentence_start: int) -> bool:
        """Narration, not a direct quote, before the comma or dash that precedes the verb at `i`.

        Then the verb is a parenthetical source (`Между тем, отмечают в МИД, …`) or closes
        the sentence (`…, негодовал лидер лейбористов Джереми Корбин.`, `…, — добавила она.`)."""
        tokens = self.speakers.tokens
        k = i - 1
        while k >= 0 and tokens[k].text in (",", "—", "–", "―"):
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
        last_predicate = max((k for k, t in enumerate(before) if _finite(t)), default=-1)
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
        if speaker is None or speaker.start == verb.start:
            return None  # `сообщалось, что …`: nobody is said to have said it
        end = self._before_trailing_frame(that.end, self.sentence_end(that.start))
        return self.mention(that.end, self._before_aside(that.end, end), "indirect", speaker)

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

    def _before_trailing_frame(self, start: int, end: int) -> int:
        """Cut a reported clause before the source that closes its sentence: in `Мэй заявила,
        что готова уволить министров, сообщила газета The Times.` the Times is not Мэй's words."""
        tokens = self.tokens(start, end)
        for k, tok in enumerate(tokens[:-1]):
            verb = tokens[k + 1]
            if tok.text != "," or verb.lemma not in SPEECH_VERBS or not _finite(verb):
                continue
            rest = [t for t in tokens[k + 2 :] if t.pos != "PUNCT"]
            if 0 < len(rest) <= SOURCE_WINDOW and not any(_finite(t) for t in rest):
                return tok.start
        return end

    def _before_aside(self, start: int, end: int) -> int:
        """Cut a reported clause where the narrator's aside begins after a quoted fragment."""
        match = _ASIDE.search(self.text, start, end)
        return match.start() + 1 if match else end


def _cited(source: list[ParsedToken]) -> list[ParsedToken]:
    """`агентства Dawn со ссылкой на министра … Фавада Чаудхри`: whom the outlet cites spoke."""
    for k in range(len(source) - 2):
        if source[k].lemma == "со" or source[k].text.lower() == "со":
            if source[k + 1].lemma == "ссылка" and source[k + 2].text.lower() == "на" and k + 3 < len(source):
                return source[k + 3 :]
    return source


def _finite(token: ParsedToken) -> bool:
    return token.pos in ("VERB", "AUX") and token.feats.get("VerbForm") == "Fin"


def _is_initial(token: ParsedToken) -> bool:
    return len(token.text) == 1 and token.text.isupper()


def _word_count(tokens: list[ParsedToken]) -> int:
    return sum(1 for t in tokens if t.pos != "PUNCT")


def _is_statement(tokens: list[ParsedToken]) -> bool:
    """A clause, or a verbless sentence long enough to be a statement (`Наложение санкций
    против проекта точно не тот путь, сказал он`)."""
    return _is_clause(tokens) or _word_count(tokens) >= MIN_VERBLESS_WORDS


def _is_clause(tokens: list[ParsedToken]) -> bool:
    """Enough words and a predicate (a verb, a short participle or a dash: `Россия — 1400`)."""
    if _word_count(tokens) < MIN_CONTENT_TOKENS:
        return False
    return any(
        (t.pos in ("VERB", "AUX") and t.feats.get("VerbForm") != "Conv")
        or t.text in ("—", "–", "―")
        or t.feats.get("Variant") == "Short"
        for t in tokens
    )


def extract_quotes(parsed: ParsedText, entities: list[EntityMention], nlp: NLP) -> list[QuoteMention]:
    """Direct and indirect quotes of one article, in text order, speakers resolved in-article.

    A speaker resolved to a mention gets its name (`speaker`); every speaker but a
    pronoun also gets a label for readers (`speaker_label`): the name, or the
    description in the nominative (`nlp` inflects it: "в ведомстве" -> "ведомство").
    """
    if not parsed.tokens:
        return []
    finder = _QuoteFinder(parsed, entities, nlp)
    direct = finder.direct()
    # An attribution (`по словам X, «…»`) that already produced the same span as a direct quote.
    direct_spans = {(d.start, d.end) for d in direct}
    indirect = [q for q in finder.indirect() if (q.start, q.end) not in direct_spans]
    # `правоохранители заявили, что по их данным, Россия …`: the inner report with nobody
    # to show adds nothing to the outer one that holds it.
    indirect = [q for q in indirect if q.speaker_text or not _nested(q, direct + indirect)]
    # `По его словам, … Путин заверил, что …` and `"…", добавил Маас, сообщает "Интерфакс"`:
    # a report that holds another quote together with its frame only relays it; the
    # innermost frame owns the words.
    indirect = [q for q in indirect if not _relays(q, direct + indirect)]
    found = finder.converb_speakers(sorted(direct + indirect, key=lambda q: (q.start, q.end)))
    return finder.continued_speakers(found)


def _relays(quote: QuoteMention, others: list[QuoteMention]) -> bool:
    """Another quote and its speaker's words lie inside this indirect quote, which either
    names its own source first (`По его словам, … Путин заверил, что …`) or holds a direct
    quote (`"…", добавил Маас, сообщает "Интерфакс"`). A report read backwards from its
    frame that holds another report is left alone: that is more often a sentence the
    splitter failed to end than a relay."""
    source_first = quote.speaker_start is not None and quote.speaker_start < quote.start
    return any(
        o is not quote
        and o.speaker_text
        and o.speaker_start is not None
        and o.speaker_end is not None
        and quote.start <= o.start
        and o.end <= quote.end
        and quote.start <= o.speaker_start
        and o.speaker_end <= quote.end
        and (source_first or o.kind == "direct")
        for o in others
    )


def _nested(quote: QuoteMention, others: list[QuoteMention]) -> bool:
    return any(
        o is not quote and o.speaker_text and o.start <= quote.start and quote.end <= o.end for o in others
    )
