"""Interview answers: a paragraph that opens with a speaker's name and a colon.

Q&A texts print each turn as `Name: words` (`Мустафа Джемилев: Да, всё верно. …`,
`Голос Америки: И какова была реакция?`). A line is a speaker line only when the whole
lead-in before its first colon is one person or organisation mention: `Фото: ТАСС`,
`Источник: …`, `Читайте также: …` and list items lead with a word that is no entity, and an
organisation's line counts only beside another speaker's (`ТАСС: …` alone credits a text).
When the lines of a text belong to two or more speakers, the one whose lines are mostly
questions is the interviewer: those lines ask, they state nothing. The answer is the
words after the colon to the paragraph's end, less the sentences another quote already
holds (`Он сказал, что будет …` inside an answer is that frame's speaker's).
"""

from __future__ import annotations

from storyline.annotate.quote_clauses import is_statement, word_count
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
        taken = [(q.start, q.end) for q in quotes]
        added: list[QuoteMention] = []
        for mention, start, end in lines:
            if _key(mention) in askers:
                continue
            speaker = Speaker(mention.start, mention.end, mention.text, mention)
            if word_count(self.tokens(start, end)) < MIN_ANSWER_WORDS:
                continue
            for s, e in self._free_runs(start, end, taken):
                if is_statement(self.tokens(s, e)):
                    added.append(self.mention(s, e, "indirect", speaker))
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


def _key(mention: EntityMention) -> str:
    """One speaker's lines share the mention's canonical name."""
    return mention.name.lower()
