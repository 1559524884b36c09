"""Interview answers: a paragraph that opens with a speaker's name and a colon.

Q&A texts print each turn as `Name: words` (`Мустафа Джемилев: Да, всё верно. …`,
`Голос Америки: И какова была реакция?`). A line is a speaker line only when the whole
lead-in before its first colon is one person or organisation mention: `Фото: ТАСС`,
`Источник: …`, `Читайте также: …` and list items lead with a word that is no entity, and an
organisation's line counts only beside another speaker's (`ТАСС: …` alone credits a text).
When the lines of a text belong to two or more speakers, the one whose lines are mostly
questions is the interviewer: those lines ask, they state nothing. The answer is the
words after the colon to the paragraph's end, less the sentences another quote already
holds (`Он сказал, что будет …` inside an answer is that frame's speaker's), and runs on over
the paragraphs that follow it up to the next speaker line (an answer of several paragraphs),
less captions (`… Фото: EPA`) and paragraphs with no clause (a heading). The last answer
stops at its paragraph: what follows the dialogue is as often the outlet's text again.
"""

from __future__ import annotations

import re

from storyline.annotate.quote_clauses import is_clause, is_statement, word_count
from storyline.annotate.quote_marks import OPENERS
from storyline.annotate.quote_scan import QuoteScanner
from storyline.annotate.quote_spread import MIN_COLON_WORDS
from storyline.annotate.speaker_kinds import Speaker
from storyline.model import EntityMention, QuoteMention

# Who may open a speaker line: a person or an organisation (an outlet asking), never a place.
SPEAKER_LINE_TYPES = frozenset({"PER", "ORG"})
# An answer holds at least this many words (`Лавров: нет` answers nothing worth showing);
# each run of it that no other quote holds must be a statement (`Положительная была
# реакция!` before `Он сказал, что …` is one).
MIN_ANSWER_WORDS = MIN_COLON_WORDS  # a colon's words, as `quote_spread` counts them
# A speaker whose lines hold a question mark more often than this share asks, not answers.
# Hand-set on the one Q&A text of the spent gold (session18-nerel-blind, a VOA interview):
# the interviewer's lines are 5 of 7 questions, the answerer's 0 of 6.
QUESTION_SHARE = 0.5
DASHES = frozenset("—–")  # a dialogue's turn opens with one of them and a space
# A photo or source credit (`… 7 июня 2016 года Фото: Justine Lane / EPA`) is no one's words.
_CREDIT = re.compile(r"\b(фото|видео|иллюстрация|источник)\s*:", re.IGNORECASE)


class InterviewSpeech(QuoteScanner):
    """Answer paragraphs of Q&A texts (see the module's docstring)."""

    def interviews(self, quotes: list[QuoteMention]) -> list[QuoteMention]:
        """`quotes` with the answers of speaker lines added where no quote holds them."""
        lines = self._speaker_lines()
        if not lines:
            return quotes
        keys = {_key(m) for m, _, _ in lines}
        if len(keys) == 1:
            # One body alone at the head of its paragraphs credits a text (`ТАСС: Следственный
            # комитет просит …`); only a person's line stands without the other side of a Q&A.
            lines = [line for line in lines if line[0].type == "PER"]
        askers: set[str] = set()
        if len(keys) > 1:
            for key in keys:
                own = [(s, e) for m, s, e in lines if _key(m) == key]
                asked = sum(1 for s, e in own if "?" in self.text[s:e])
                if asked > QUESTION_SHARE * len(own):
                    askers.add(key)
        answering = {_key(m): m for m, _, _ in lines if _key(m) not in askers}
        if len(answering) == 1:
            self.answerer = next(iter(answering.values()))
        taken = [(q.start, q.end) for q in quotes]
        added: list[QuoteMention] = []
        for k, (mention, start, end) in enumerate(lines):
            if _key(mention) in askers:
                continue
            speaker = Speaker(mention.start, mention.end, mention.text, mention)
            if word_count(self.tokens(start, end)) < MIN_ANSWER_WORDS:
                continue
            spans = [(start, end)]
            # up to the next line, or the next dash turn (a Q&A may go on in dashes)
            bounds = [self.text.rfind("\n", 0, lines[k + 1][0].start) + 1] if k + 1 < len(lines) else []
            bounds += [s for s, _ in self.paragraphs(end, len(self.text)) if opens_turn(self.text, s)][:1]
            if bounds:
                spans += self.continuation(end, min(bounds))
            added += self.answer_runs(spans, taken, speaker)
        return self.with_answers(quotes, added)

    def answer_runs(
        self, spans: list[tuple[int, int]], taken: list[tuple[int, int]], speaker: Speaker
    ) -> list[QuoteMention]:
        """The statements of an answer's `spans` that no quote of `taken` holds, as
        `speaker`'s indirect quotes."""
        return [
            self.mention(s, e, "indirect", speaker)
            for span_start, span_end in spans
            for s, e in self._free_runs(span_start, span_end, taken)
            if is_statement(self.tokens(s, e))
        ]

    def with_answers(self, quotes: list[QuoteMention], added: list[QuoteMention]) -> list[QuoteMention]:
        """`quotes` and the answers `added` in text order (the answers also kept in
        `self.answers`)."""
        self.answers += added
        if not added:
            return quotes
        return sorted(quotes + added, key=lambda q: (q.start, q.end))

    def _speaker_lines(self) -> list[tuple[EntityMention, int, int]]:
        """(speaker mention, answer start, paragraph end) of every line `Name: words`."""
        out: list[tuple[EntityMention, int, int]] = []
        offset = 0
        text = self.text
        while offset < len(text):
            stop = text.find("\n", offset)
            stop = len(text) if stop < 0 else stop
            colon = text.find(":", offset, stop)
            if colon > offset:
                lead_start = offset + len(text[offset:colon]) - len(text[offset:colon].lstrip())
                lead_end = offset + len(text[offset:colon].rstrip())
                whole = [
                    m
                    for m in self.speakers.mentions_in(lead_start, lead_end)
                    if m.start == lead_start and m.end == lead_end and m.type in SPEAKER_LINE_TYPES
                ]
                after = text[colon + 1 : stop].lstrip()
                if whole and after and after[0] not in OPENERS:
                    out.append((whole[0], colon + 1, stop))
            offset = stop + 1
        return out

    def paragraphs(self, start: int, end: int) -> list[tuple[int, int]]:
        """The non-empty lines of [start, end), each without its outer spaces."""
        out: list[tuple[int, int]] = []
        offset = start
        while offset < end:
            stop = self.text.find("\n", offset, end)
            stop = end if stop < 0 else stop
            line = self.text[offset:stop]
            if line.strip():
                left = offset + len(line) - len(line.lstrip())
                out.append((left, offset + len(line.rstrip())))
            offset = stop + 1
        return out

    def continuation(self, end: int, next_turn: int) -> list[tuple[int, int]]:
        """The paragraphs between an answer ending at `end` and the next turn's paragraph,
        less credits and paragraphs with no clause (see the module's docstring)."""
        return [
            (s, e)
            for s, e in self.paragraphs(end, next_turn)
            if not _CREDIT.search(self.text, s, e) and is_clause(self.tokens(s, e))
        ]

    def _free_runs(self, start: int, end: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The runs of whole sentences of [start, end) that no quote of `taken` overlaps."""
        runs: list[tuple[int, int]] = []
        run: tuple[int, int] | None = None
        pos = start
        while pos < end:
            stop = min(self.sentence_end(pos), end)
            if stop <= pos:
                break
            if any(s < stop and pos < e for s, e in taken):
                if run is not None:
                    runs.append(run)
                run = None
            else:
                run = (run[0], stop) if run is not None else (pos, stop)
            pos = stop + 1
        if run is not None:
            runs.append(run)
        return runs


def opens_turn(text: str, start: int) -> bool:
    """The paragraph at `start` opens with a dash and a space: a turn of a dash dialogue."""
    return text[start : start + 1] in DASHES and text[start + 1 : start + 2].isspace()


def _key(mention: EntityMention) -> str:
    """One speaker's lines share the mention's canonical name."""
    return mention.name.lower()
