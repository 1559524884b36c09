"""Speech without quotation marks that runs over more than one sentence.

Russian news often drops the marks: `Мы работаем по планам… План начала поставок — 1
января, заявил Миллер` (the frame closes the last sentence only), a dialogue-dash
paragraph `— Вакцина поступает партиями. Это связано с …, — комментирует министр`, or
a colon frame with the speech after it, `Он заявил: Мы не будем продавать активы. Все
долги будут погашены`. The narrator of a news text does not say `мы` or `я`, so an
unmarked sentence in the same paragraph that speaks in the first person, holds no speech
verb of its own and no quotation marks belongs to the speech next to it; a dash-opened
paragraph is one speaker's turn up to its frame.
"""

from __future__ import annotations

from storyline.annotate.nlp import ParsedToken
from storyline.annotate.quote_clauses import finite, is_statement, word_count
from storyline.annotate.quote_marks import OPENERS
from storyline.annotate.quote_scan import QuoteScanner
from storyline.annotate.speech_lexicon import FIRST_PERSON_WORDS, FRAME_ONLY_VERBS, SPEECH_VERBS
from storyline.model import QuoteMention

# At most this many unmarked sentences join a speech before its frame, the earliest of them
# speaking in the first person. Hand-set on the spent golds' monologues closed by one frame
# (`…, сказал Парубий` four sentences on, `прогнозирует Розин` three); a wrong join costs
# a sentence of narration shown as someone's words.
SPREAD_SENTENCES = 6
# After a colon frame, at most this many first-person sentences continue the speech.
COLON_SENTENCES = 2
# Speech after a colon frame is a statement of at least this many words (`заявил: нет` is
# an answer, not a statement worth showing).
MIN_COLON_WORDS = 4
# A colon ending its line (`На сайте мэрии отмечается:`) announces the paragraph below: at
# most this many of its sentences are the speech. Hand-set on the one such frame of the spent
# gold (session18-nerel-blind, the mayor's site: three sentences, all the site's); a wrong
# one costs narration shown as the source's words.
BLOCK_SENTENCES = 3
DASHES = "—–―-"


# Second-person words: news narration does not address anyone, a speaker does.
SECOND_PERSON_WORDS = frozenset(
    "вы вас вам вами ваш ваша ваше ваши вашего вашей вашему вашим ваших вашу".split()
)


def _addresses(tok: ParsedToken) -> bool:
    """A word by which someone speaks as themselves or to someone (see `_first_person`)."""
    if tok.text.lower() in SECOND_PERSON_WORDS:
        return True
    if tok.pos not in ("VERB", "AUX") or not finite(tok):
        return False
    person, mood = tok.feats.get("Person"), tok.feats.get("Mood")
    if person == "1" and tok.feats.get("Number") == "Plur" and tok.lemma in SPEECH_VERBS:
        return False  # `Напомним`, `Отметим`: the narrator
    return person in ("1", "2") or mood == "Imp"


class SpreadSpeech(QuoteScanner):
    """Unmarked speech over several sentences (see the module's docstring)."""

    def spread(self, quotes: list[QuoteMention]) -> list[QuoteMention]:
        """`quotes` with each trailing-frame quote taken back over the unmarked sentences
        of its speech, and the speech after unmarked colon frames added."""
        taken = sorted((q.start, q.end) for q in quotes)
        for quote in quotes:
            if quote.speaker_start is None or quote.speaker_start < quote.end:
                continue  # the frame is not after the words
            start = self._speech_start(quote.start, taken)
            if start < quote.start:
                quote.start, quote.text = start, self.text[start : quote.end]
        colon = self._colon_speech(taken)
        added = [q for q, _ in colon if q.speaker_text]
        # `Как писал OBOZREVATEL, ранее … Кулеба заявил: …`: a quote holding a colon frame
        # with its speaker only relays the speech; the innermost frame owns the words.
        relays = {holder for q, holder in colon if q.speaker_text and holder is not None}
        quotes = [q for q in quotes if (q.start, q.end) not in relays]
        return sorted(quotes + added, key=lambda q: (q.start, q.end)) if added else quotes

    # ---- backwards, to where the speech starts
    def _speech_start(self, start: int, taken: list[tuple[int, int]]) -> int:
        sentence = self.sentence_start(start)
        if self.text[sentence:start].strip(" \n\t" + DASHES):
            return start  # the words do not open their sentence: narration comes first
        line = self.text.rfind("\n", 0, start) + 1
        opening = self.text[line:start].lstrip(" \t")
        if opening[:1] in DASHES and "\n" not in self.text[line:start]:
            # `— Вакцина поступает партиями. Это …, — комментирует министр`: the dash opens the turn
            first = line + len(self.text[line:start]) - len(opening) + 1
            if not self._overlaps(first, start, taken) and self.speakers.token_index(
                first
            ) < self.speakers.token_index(start):
                return self._skip_space(first)
        # Back over unframed sentences to the earliest that speaks in the first person: the
        # sentences between belong to the same speech (`Я не верю, что … . Этот маршрут
        # естественный. … Европа не даст его ликвидировать, прогнозирует Розин`).
        earliest = start
        for _ in range(SPREAD_SENTENCES):
            previous = self.sentence_start(sentence - 1) if sentence > 0 else 0
            if sentence == 0 or "\n" in self.text[previous:sentence]:
                break
            if not self._unframed(previous, sentence, taken):
                break
            if self._first_person(previous, sentence):
                earliest = self._skip_space(previous)
            sentence = previous
        return earliest

    def _unframed(self, start: int, end: int, taken: list[tuple[int, int]]) -> bool:
        """No quotation marks, no other quote, and no speech verb but the speaker's own
        (`я напомню, что` is the speech, `напомнил Бурбак` a frame)."""
        if self._overlaps(start, end, taken) or any(c in OPENERS for c in self.text[start:end]):
            return False
        return not any(
            t.lemma in SPEECH_VERBS and finite(t) and t.feats.get("Person") != "1"
            for t in self.tokens(start, end)
        )

    def _first_person(self, start: int, end: int) -> bool:
        """A statement that speaks as someone: a first-person word (`мы`, `наш`, `мне`), or,
        with the pronoun dropped as Russian does, a verb in the first or second person or
        the imperative (`Надеемся, что …`, `Прошу учитывать риски`, `Посмотрите на цифры`),
        or a second-person word (`вы`, `ваш`). Not the narrator's own asides (`Напомним,
        что …`, `Отметим`): a speech verb in the first person plural is the narrator's."""
        words = self.tokens(start, end)
        return any(t.text.lower() in FIRST_PERSON_WORDS or _addresses(t) for t in words) and is_statement(
            words
        )

    def _is_spoken(self, start: int, end: int, taken: list[tuple[int, int]]) -> bool:
        """An unmarked sentence in the first person with no speech verb of its own."""
        return self._unframed(start, end, taken) and self._first_person(start, end)

    @staticmethod
    def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
        return any(s < end and start < e for s, e in taken)

    def _skip_space(self, offset: int) -> int:
        while offset < len(self.text) and self.text[offset].isspace():
            offset += 1
        return offset

    # ---- forwards, after a colon
    def _colon_speech(
        self, taken: list[tuple[int, int]]
    ) -> list[tuple[QuoteMention, tuple[int, int] | None]]:
        """The speech after each unmarked colon frame, with the span of the one quote that
        holds the frame itself and the speech (a relay of it), or None."""
        found: list[tuple[QuoteMention, tuple[int, int] | None]] = []
        tokens = self.speakers.tokens
        for i, tok in enumerate(tokens):
            if tok.text != ":" or i == 0 or self.speakers._inside_quote(tok.start, tok.end):
                continue
            after = self.text[tok.end : tok.end + 3].lstrip(" \t")
            block = after[:1] == "\n"  # `На сайте мэрии отмечается:` and the paragraph below
            if not after or after[0] in OPENERS or (after[0] in "\n" + DASHES and not block):
                continue  # marked speech or a list: the direct stage's or nobody's
            verb = self._speech_verb_before(i)
            if verb is None:
                continue
            start, end = self._skip_space(tok.end), self.sentence_end(tok.end)
            if block:
                if start >= len(self.text) or not self._opens_block(start):
                    continue
                end = self._block_end(start)
            words = self.tokens(start, end)
            holders = [(s, e) for s, e in taken if s <= verb.start < e]
            holder = holders[0] if len(holders) == 1 else None
            others = [span for span in taken if span != holder]
            if (
                word_count(words) < MIN_COLON_WORDS
                or not is_statement(words)
                or self._overlaps(start, end, others)
            ):
                continue
            for _ in range(0 if block else COLON_SENTENCES):
                nxt = self.sentence_end(end + 1)
                if nxt <= end or "\n" in self.text[end:nxt] or not self._is_spoken(end, nxt, taken):
                    break
                end = nxt
            clause = self.tokens(self.sentence_start(tok.start), verb.start)
            speaker = self.speakers.find(clause, verb, anchor=verb.start, prefer_near=verb.start)
            found.append((self.mention(start, end, "indirect", speaker), holder))
        return found

    def _opens_block(self, start: int) -> bool:
        """The paragraph after a colon that ends its line opens like prose: a capital letter,
        not a dash, a bullet, a number or quotation marks (a list or the direct stage's)."""
        return self.text[start].isalpha() and self.text[start].isupper()

    def _block_end(self, start: int) -> int:
        """The end of the paragraph at `start`, or of its first BLOCK_SENTENCES sentences."""
        stop = self.text.find("\n", start)
        stop = len(self.text) if stop < 0 else stop
        end = start
        for _ in range(BLOCK_SENTENCES):
            nxt = min(self.sentence_end(end + 1 if end > start else start), stop)
            if nxt <= end:
                break
            end = nxt
        return end

    def _speech_verb_before(self, i: int) -> ParsedToken | None:
        """The finite speech verb the colon at token `i` follows (`Он заявил:`, `заявил журналистам:`)."""
        tokens = self.speakers.tokens
        for k in range(i - 1, max(-1, i - 4), -1):
            tok = tokens[k]
            if tok.lemma in SPEECH_VERBS and tok.lemma not in FRAME_ONLY_VERBS and finite(tok):
                return tok  # (`куда могут обратиться граждане:` opens a list, not speech)
            if tok.pos == "PUNCT":
                return None
        return None
