"""Impersonal follow-ons of a report: `Указывается также, что …`, `Отмечается, что …`,
`При этом указывается, что …`, `В нем сказано, что …`.

Nobody is named, yet the narrator is still relaying the text just quoted: a release,
a statement, a report. So such a clause continues the source of the last quote a few
sentences before it; with no quote there, the text the sentence before introduced
(`ФБР и CISA выпустили совместное заявление. В нем сказано, что …`) speaks through its
author, that sentence's subject. With neither, it is not taken (`Сообщается, что …`
opening a text has no source to show). The past `сообщалось` is left out on purpose:
`Ранее сообщалось, что …` recalls earlier news, not the text being relayed.
"""

from __future__ import annotations

from storyline.annotate.attributed_speech import AttributedSpeech
from storyline.annotate.quote_clauses import COMPLEMENTISERS, MIN_CONTENT_TOKENS, word_count
from storyline.annotate.speakers import Speaker
from storyline.annotate.speech_lexicon import MESSAGE_WORDS
from storyline.model import QuoteMention

# Present passives and neuter short participles that report a text's words with no
# subject (written forms: the tagger lemmatises the -ся forms unevenly).
IMPERSONAL_FRAMES = frozenset(
    "указывается отмечается сообщается говорится подчеркивается подчёркивается уточняется"
    " утверждается сказано указано отмечено подчеркнуто подчёркнуто уточнено".split()
)

# Words that may stand around such a frame in its clause: linking adverbs and the pronoun
# for the text (`При этом`, `также`, `В нем`, `Там же`, `Кроме того`).
FRAME_FILLERS = frozenset("при этом также же в во нем нём ней там кроме того вместе с тем и а".split())

# The last report is continued this many sentences back at most. Hand-set: a release
# relayed over a paragraph of three sentences, with one narration sentence between.
CONTINUATION_SENTENCES = 4


class ImpersonalSpeech(AttributedSpeech):
    """Finds impersonal follow-ons and gives them the last report's source."""

    def impersonal(self, found: list[QuoteMention]) -> list[QuoteMention]:
        """`found` (in text order) with the impersonal follow-ons no quote covers added."""
        added: list[QuoteMention] = []
        tokens = self.speakers.tokens
        for i, tok in enumerate(tokens):
            if tok.text.lower() not in IMPERSONAL_FRAMES or self.in_direct(tok.start):
                continue
            clause = self._impersonal_clause(i)
            if clause is None:
                continue
            start, end = clause
            if any(q.start < end and start < q.end for q in found + added):
                continue
            speaker = self._last_report_source(sorted(found + added, key=lambda q: q.start), tok.start)
            if speaker is None:
                continue
            quote = self.mention(start, end, "indirect", None)
            _copy_speaker(quote, speaker)
            added.append(quote)
        if not added:
            return found
        return sorted(found + added, key=lambda q: (q.start, q.end))

    def _impersonal_clause(self, i: int) -> tuple[int, int] | None:
        """The reported clause after `… указывается также, что`, when only fillers stand
        between the sentence start and `что`; else None."""
        tokens = self.speakers.tokens
        verb = tokens[i]
        sentence_start = self.sentence_start(verb.start)
        before = [t for t in self.tokens(sentence_start, verb.start) if t.text not in ",—–―-"]
        if any(t.text.lower() not in FRAME_FILLERS for t in before):
            return None
        k = i + 1
        while k < len(tokens) and tokens[k].text.lower() in FRAME_FILLERS:
            k += 1
        if k + 1 >= len(tokens) or tokens[k].text != "," or tokens[k + 1].text.lower() not in COMPLEMENTISERS:
            return None
        start = tokens[k + 1].end
        end = self._before_trailing_frame(start, self.sentence_end(start))
        end = self._before_aside(start, end)
        if word_count(self.tokens(start, end)) < MIN_CONTENT_TOKENS:
            return None
        return start, end

    def _last_report_source(self, found: list[QuoteMention], anchor: int) -> QuoteMention | Speaker | None:
        """The source of the last quote ending within CONTINUATION_SENTENCES before `anchor`
        (a quote with a speaker shown), else the author of a text the sentence before names."""
        horizon = self.speakers.sentence_start_before(anchor, CONTINUATION_SENTENCES + 1)
        for quote in reversed(found):
            if quote.end > anchor or quote.end < horizon:
                continue
            if quote.speaker_text and (quote.speaker or quote.speaker_label):
                return quote
        previous_start = self.sentence_start(self.sentence_start(anchor) - 1)
        return self._text_author(previous_start, self.sentence_start(anchor))

    def _text_author(self, start: int, end: int) -> Speaker | None:
        """`ФБР и CISA выпустили совместное заявление.`: the subject (an organisation or a
        person) of a sentence that names a text; None if it names none."""
        words = self.tokens(start, end)
        if not any(t.lemma in MESSAGE_WORDS for t in words):
            return None
        view = self.speakers
        for m in view.mentions_in(start, end):
            if m.type in ("ORG", "PER") and view.is_subject(m):
                return Speaker(m.start, m.end, m.text, m)
        return None


def _copy_speaker(quote: QuoteMention, source: QuoteMention | Speaker) -> None:
    if isinstance(source, Speaker):
        quote.speaker_text, quote.speaker_start, quote.speaker_end = source.text, source.start, source.end
        name = source.entity.name if source.entity else None
        quote.speaker, quote.speaker_label = name, name
        return
    quote.speaker_text, quote.speaker_start, quote.speaker_end = (
        source.speaker_text,
        source.speaker_start,
        source.speaker_end,
    )
    quote.speaker, quote.speaker_label = source.speaker, source.speaker_label
