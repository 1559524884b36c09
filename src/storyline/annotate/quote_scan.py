"""The state a quote finder shares across direct, attributed and reported speech: the
quotation marks, sentence bounds, the speaker finder, and how a found span becomes a
`QuoteMention` with a speaker label a reader can use."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace

from storyline.annotate.names import role_phrase
from storyline.annotate.nlp import NLP, ParsedText, ParsedToken
from storyline.annotate.quote_clauses import TERMINAL, is_initial, sentence_ends
from storyline.annotate.quote_marks import OPENERS, quoted_spans
from storyline.annotate.span_index import SpanIndex
from storyline.annotate.speaker_kinds import Speaker
from storyline.annotate.speakers import SpeakerFinder
from storyline.annotate.speech_lexicon import SPEECH_VERBS
from storyline.model import EntityMention, QuoteKind, QuoteMention

# Unresolved speakers that are named for the reader in the nominative; a pronoun
# ("он") says nothing without its antecedent.
UNRESOLVED_LABELLED = frozenset({"description", "org_word", "noun", "name", "group", "media"})
# Labelled as written: `один из демонстрантов`, `газета "The Dawn"` are already nominative.
AS_WRITTEN = frozenset({"group", "media"})


# Quote marks in a speech frame holding at most this many words are a name the frame runs
# over (`— сообщил «Интерфаксу» министр`, `— приводит «РИА Новости» слова …`): outlets and
# companies are one to three words; four leaves room for `«Радио Свобода Европа»`.
QUOTED_NAME_WORDS = 4


# Past-tense endings of a verb the tagger read as a noun (`— резюмировали в Кремле` tagged
# NOUN with the verb's lemma): the number and gender each ending says.
_PAST_ENDINGS = (
    ("ли", {"Number": "Plur"}),
    ("ла", {"Number": "Sing", "Gender": "Fem"}),
    ("ло", {"Number": "Sing", "Gender": "Neut"}),
    ("л", {"Number": "Sing", "Gender": "Masc"}),
)


def _past_tense_read(tok: ParsedToken) -> ParsedToken | None:
    """A speech verb's past-tense form the tagger called a noun, read as the finite verb its
    lemma says it is (a noun has no lemma in `-ть`); None for any other form."""
    word = tok.text.lower()
    for ending, feats in _PAST_ENDINGS:
        if word.endswith(ending):
            verb_feats = {"Mood": "Ind", "Tense": "Past", "VerbForm": "Fin", **feats}
            return replace(tok, pos="VERB", feats=verb_feats)
    return None


class QuoteScanner:
    """Marks, sentences and speakers of one article; the finders below add the forms."""

    def __init__(self, parsed: ParsedText, entities: list[EntityMention], nlp: NLP) -> None:
        self.nlp = nlp
        self.text = parsed.text
        self.marks = quoted_spans(self.text)
        self._marked = SpanIndex(self.marks)
        self.contents = [(o + 1, c) for o, c in self.marks]
        self.speakers = SpeakerFinder(parsed, entities, self.contents)
        self.sentence_ends = sentence_ends(parsed)
        self.mark_opens = [o for o, _ in self.marks]
        self._closer_of = dict(self.marks)
        # Characters inside a direct quote found so far: one lookup per token
        # instead of a scan over every quote (quadratic in a long text, issue #15).
        self.direct_chars = bytearray(len(self.text) + 1)
        self.converb_quotes: list[QuoteMention] = []
        # Reports relayed by an outlet (`Как пишет РБК, в отчете говорится, что …`): they stand
        # for the words even with no author named, and the outlet's relay is dropped.
        self.relayed_reports: list[QuoteMention] = []
        self.continued: list[QuoteMention] = []  # framed by the sentence before (`continued_speakers`)
        self.answers: list[QuoteMention] = []  # interview answers (`quote_interview`, `quote_dialogue`)
        self.answerer: EntityMention | None = None  # who answers the `Name:` lines of a Q&A

    # ---- shared helpers
    def tokens(self, start: int, end: int) -> list[ParsedToken]:
        return self.speakers.tokens_between(start, end)

    def clause_after(self, offset: int) -> list[ParsedToken]:
        """Tokens from `offset` to the end of the clause: terminal punctuation, a comma, a dash or a quote."""
        out: list[ParsedToken] = []
        tokens = self.speakers.tokens
        checked = offset  # no line break between `offset` and here (each gap read once)
        through = -1  # inside a quoted name the clause runs over (`— сообщил «Интерфаксу» министр`)
        for i in range(
            self.speakers.token_index(offset), len(tokens)
        ):  # no slice: a copy of the rest per call
            tok = tokens[i]
            if tok.start <= through:
                out.append(tok)
                continue
            if tok.text in OPENERS and out and self._quoted_name_end(tok.start) is not None:
                through = self._quoted_name_end(tok.start) or through
                checked = through
                out.append(tok)
                continue
            if tok.text == "." and out and is_initial(out[-1]):
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

    def _quoted_name_end(self, opener: int) -> int | None:
        """The closing mark's offset when the marks opening at `opener` hold a name, not
        speech: at most QUOTED_NAME_WORDS words, no sentence punctuation, on one line."""
        close = self._closer_of.get(opener)
        if close is None:
            return None
        inside = self.text[opener + 1 : close]
        if "\n" in inside or any(ch in inside for ch in ".!?:;") or len(inside.split()) > QUOTED_NAME_WORDS:
            return None
        return close

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
            if tok.lemma in SPEECH_VERBS and tok.pos == "NOUN":
                verb = _past_tense_read(tok)
                if verb is not None:
                    return verb
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
            if speaker.kind == "place_actor" and speaker.place is not None:
                quote.speaker_label = speaker.place.name  # `в Кремле заявили` -> Кремль
            else:
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

    def _in_mark(self, offset: int) -> bool:
        return self._marked.covers(offset, end_inclusive=True)
