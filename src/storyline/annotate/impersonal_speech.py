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
from storyline.annotate.nlp import ParsedToken
from storyline.annotate.quote_clauses import COMPLEMENTISERS, MIN_CONTENT_TOKENS, word_count
from storyline.annotate.speaker_kinds import Speaker
from storyline.annotate.speech_lexicon import IMPERSONAL_FRAMES, MESSAGE_WORDS
from storyline.model import EntityMention, QuoteMention

# Words that may stand around such a frame in its clause: linking adverbs and the pronoun
# for the text (`При этом`, `также`, `В нем`, `Там же`, `Кроме того`).
FRAME_FILLERS = frozenset("при этом также же в во нем нём ней там кроме того вместе с тем и а".split())

# The last report is continued this many sentences back at most. Hand-set: a release
# relayed over a paragraph of three sentences, with one narration sentence between.
CONTINUATION_SENTENCES = 4
# Further back, up to this many sentences, the last report is still continued when the
# narrator turned to nobody else in between: no other quote and no person named (a release
# paraphrased over a long paragraph, or quoted at length before `Сообщается также, что`).
# Hand-set: two paragraphs of agency text; past that a follow-on is more often a new item.
FAR_CONTINUATION_SENTENCES = 8


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
            overlapping = [q for q in found + added if q.start < end and start < q.end]
            if any(q.speaker_text for q in overlapping):
                continue
            ordered = sorted(found + added, key=lambda q: q.start)
            speaker = self._last_report_source(ordered, tok.start)
            if speaker is None:
                if not overlapping and self._unsourced_report_before(ordered, tok.start):
                    # `«…», — говорится в заявлении. Сообщается также, что …`: the same text
                    # goes on, its author unnamed; the words are found, nobody is shown
                    added.append(self.mention(start, end, "indirect", None))
                continue
            if overlapping:  # `В отчете также говорится, что …` found with nobody to show
                _copy_speaker(overlapping[0], speaker)
                continue
            quote = self.mention(start, end, "indirect", None)
            _copy_speaker(quote, speaker)
            added.append(quote)
        # `«…», говорится в сообщении.` with no author named: the same continuation.
        ordered = sorted(found + added, key=lambda q: q.start)
        for quote in ordered:
            if quote.speaker_text is None and self._trailing_impersonal(quote):
                speaker = self._last_report_source(ordered, quote.start)
                if speaker is not None:
                    _copy_speaker(quote, speaker)
        if not added:
            return found
        return sorted(found + added, key=lambda q: (q.start, q.end))

    def _filler(self, tok: ParsedToken) -> bool:
        """A word that may stand around an impersonal frame: a linking word or a bare text
        noun (`В отчете также говорится`, `говорится в сообщении`)."""
        return tok.text.lower() in FRAME_FILLERS or tok.lemma in MESSAGE_WORDS

    def _trailing_impersonal(self, quote: QuoteMention) -> bool:
        """The quote's sentence goes on with only an impersonal frame and fillers after it
        (`«…», говорится в сообщении.`, `…, — отмечается в документе`)."""
        end = self.sentence_end(quote.end)
        words = [t for t in self.tokens(quote.end, end) if t.text.isalnum() or t.text.isalpha()]
        return (
            bool(words)
            and words[0].text.lower() in IMPERSONAL_FRAMES
            and all(self._filler(t) for t in words[1:])
        )

    def _impersonal_clause(self, i: int) -> tuple[int, int] | None:
        """The reported clause after `… указывается также, что`, when only fillers stand
        between the sentence start and `что`; else None."""
        tokens = self.speakers.tokens
        verb = tokens[i]
        sentence_start = self.sentence_start(verb.start)
        before = [t for t in self.tokens(sentence_start, verb.start) if t.text not in ",—–―-"]
        # `Как уточняется, группа может …`: the clause follows the aside's comma, no `что`.
        aside = bool(before) and before[0].text.lower() == "как"
        if not all(self._filler(t) for t in (before[1:] if aside else before)):
            return None
        k = i + 1
        while k < len(tokens) and self._filler(tokens[k]):
            k += 1
        if k + 1 >= len(tokens) or tokens[k].text != ",":
            return None
        if aside:
            start = tokens[k].end
        elif tokens[k + 1].text.lower() in COMPLEMENTISERS:
            start = tokens[k + 1].end
        else:
            return None
        end = self._before_trailing_frame(start, self.sentence_end(start))
        end = self._before_aside(start, end)
        if word_count(self.tokens(start, end)) < MIN_CONTENT_TOKENS:
            return None
        return start, end

    def _unsourced_report_before(self, found: list[QuoteMention], anchor: int) -> bool:
        """The last quote before `anchor`, ending within CONTINUATION_SENTENCES, is a text's
        words with no author named (`«…», — говорится в заявлении`)."""
        horizon = self.speakers.sentence_start_before(anchor, CONTINUATION_SENTENCES + 1)
        last = next((q for q in reversed(found) if q.end <= anchor), None)
        return (
            last is not None
            and last.end >= horizon
            and not last.speaker_text
            and self._trailing_impersonal(last)
        )

    def _last_report_source(self, found: list[QuoteMention], anchor: int) -> QuoteMention | Speaker | None:
        """The source of the last quote ending within CONTINUATION_SENTENCES before `anchor`
        (a quote with a speaker shown), or within FAR_CONTINUATION_SENTENCES when it is the
        last quote of all and no person is named after it; else the author of a text the
        sentence before names."""
        view = self.speakers
        horizon = view.sentence_start_before(anchor, CONTINUATION_SENTENCES + 1)
        far = view.sentence_start_before(anchor, FAR_CONTINUATION_SENTENCES + 1)
        last = True  # no quote at all between this one and the anchor yet
        for quote in reversed(found):
            if quote.end > anchor:
                continue
            if quote.end < far:
                break
            if quote.speaker_text and (quote.speaker or quote.speaker_label):
                if quote.end >= horizon:
                    return quote
                since = max(quote.end, quote.speaker_end or 0)
                if last and not any(m.type == "PER" for m in view.mentions_in(since, anchor)):
                    return quote
                break
            last = False
        previous_start = self.sentence_start(self.sentence_start(anchor) - 1)
        return self._text_author(previous_start, self.sentence_start(anchor))

    def _text_author(self, start: int, end: int) -> Speaker | None:
        """`ФБР и CISA выпустили совместное заявление.`: the subject (an organisation or a
        person) of a sentence that names a text; None if it names none. A text named with
        its author (`заявление Трампа опубликовали`) is the author's. An outlet that only
        carries the text (`Текст документа распространил телеканал ABC`) never speaks: the
        subject of the sentence before (`Байден подписал прокламацию`) wrote it, else nobody."""
        words = self.tokens(start, end)
        if not any(t.lemma in MESSAGE_WORDS for t in words):
            return None
        view = self.speakers
        owner = view.text_owner(start, end)
        if owner is not None:
            return Speaker(owner.start, owner.end, owner.text, owner)
        subject = self._subject_of(start, end)
        # (a Latin outlet name carries no case: `распространил телеканал ABC`)
        carried = any(view.is_outlet(m) for m in view.mentions_in(start, end))
        if subject is not None and not view.is_outlet(subject):
            return Speaker(subject.start, subject.end, subject.text, subject)
        if not carried:
            return None
        earlier = self._subject_of(self.sentence_start(start - 1), start) if start > 0 else None
        if earlier is None or view.is_outlet(earlier):
            return None
        return Speaker(earlier.start, earlier.end, earlier.text, earlier)

    def _subject_of(self, start: int, end: int) -> EntityMention | None:
        """The first organisation or person in the subject's case between `start` and `end`."""
        view = self.speakers
        return next(
            (m for m in view.mentions_in(start, end) if m.type in ("ORG", "PER") and view.is_subject(m)), None
        )


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
