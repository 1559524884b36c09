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

from bisect import bisect_left, bisect_right

from storyline.annotate.direct_speech import DirectSpeech
from storyline.annotate.impersonal_speech import ImpersonalSpeech
from storyline.annotate.nlp import NLP, ParsedText
from storyline.annotate.quote_dialogue import DialogueSpeech
from storyline.annotate.quote_lead import cut_at_stamps
from storyline.annotate.quote_marks import quoted_spans
from storyline.annotate.quote_spread import SpreadSpeech
from storyline.annotate.recap_speech import RecapSpeech, opens_with_recap
from storyline.annotate.reported_speech import ReportedSpeech
from storyline.annotate.speaker_choice import SpeakerChoice
from storyline.annotate.speaker_joint import JointSpeakers
from storyline.annotate.speech_lexicon import OPINION_PREDICATES
from storyline.model import EntityMention, QuoteMention

__all__ = ["extract_quotes", "quoted_spans"]


class _QuoteFinder(DirectSpeech, ReportedSpeech, RecapSpeech, SpreadSpeech, ImpersonalSpeech, DialogueSpeech):
    """Every speech form of one article over one shared scanner state."""


def extract_quotes(
    parsed: ParsedText, entities: list[EntityMention], nlp: NLP, *, syntax: bool = False
) -> list[QuoteMention]:
    """Direct and indirect quotes of one article, in text order, speakers resolved in-article.

    A speaker resolved to a mention gets its name (`speaker`); every speaker but a
    pronoun also gets a label for readers (`speaker_label`): the name, or the
    description in the nominative (`nlp` inflects it: "в ведомстве" -> "ведомство").
    `syntax`: the speech sentences were dependency-parsed; a speech verb's `nsubj` then
    weighs in on who spoke (`speakers.SYNTAX_SUBJECT`).
    """
    if not parsed.tokens:
        return []
    finder = _QuoteFinder(parsed, entities, nlp)
    finder.speakers.use_syntax = syntax
    direct = finder.direct()
    # An attribution (`по словам X, «…»`) that already produced the same span as a direct quote.
    direct_spans = {(d.start, d.end) for d in direct}
    indirect = [q for q in finder.indirect() if (q.start, q.end) not in direct_spans]
    # `правоохранители заявили, что по их данным, Россия …`: the inner report with nobody
    # to show adds nothing to the outer one that holds it.
    relayed = {id(q) for q in finder.relayed_reports}
    holders = Containers(direct + indirect)
    indirect = [q for q in indirect if q.speaker_text or id(q) in relayed or not holders.holds(q)]
    # The outlet's relay around a report it names (`Как пишет РБК, в отчете говорится, что …`):
    # the report's words are the report's, its author unnamed or not.
    indirect = [q for q in indirect if not _holds_relayed(q, finder.relayed_reports)]
    # `По его словам, … Путин заверил, что …` and `"…", добавил Маас, сообщает "Интерфакс"`:
    # a report that holds another quote together with its frame only relays it; the
    # innermost frame owns the words.
    # (`По ее словам, Трамп уверен, что …`: a conviction reported inside an attribution is
    # the attribution's words; only a speech act inside it takes them over.)
    starts = [t.start for t in parsed.tokens]
    convictions = {id(q) for q in indirect if _conviction(q, parsed, starts)}
    speakers = sorted((o for o in direct + indirect if id(o) not in convictions), key=lambda o: o.start)
    speaker_starts = [o.start for o in speakers]
    indirect = [
        q for q in indirect if not _relays(q, _starting_within(q, speakers, speaker_starts), parsed.text)
    ]
    holders = Containers(indirect)
    indirect = [q for q in indirect if not (id(q) in convictions and holders.holds(q))]
    found = finder.converb_speakers(sorted(direct + indirect, key=lambda q: (q.start, q.end)))
    found = finder.continued_speakers(found)
    found = [q for q in found if not opens_with_recap(finder, q)]
    # `… . Об этом заявил X.`: the sentence before, unless some quote already covers it.
    recaps = [q for q in finder.recaps() if not any(o.start < q.end and q.start < o.end for o in found)]
    found = sorted(found + recaps, key=lambda q: (q.start, q.end)) if recaps else found
    # `Указывается также, что …`: the last report's source (`impersonal_speech`).
    found = finder.impersonal(found)
    # Unmarked speech over several sentences (`quote_spread`).
    found = finder.spread(found)
    # Interview answers (`Мустафа Джемилев: Да, всё верно. …`) no quote holds (`quote_interview`).
    found = finder.interviews(found)
    # Dash or `Вопрос:`/`Ответ:` dialogues, the answerer named in the lead (`quote_dialogue`).
    found = finder.dialogues(found)
    # Two people a role word or a surname fits: the one who spoke last (`speaker_choice`).
    found = SpeakerChoice(finder.speakers).apply(found, frozenset(id(q) for q in finder.answers))
    # A joint statement (`ФБР и CISA заявили`) credits the first named (`speaker_joint`).
    found = JointSpeakers(finder.speakers).apply(found)
    # `31.01, 20:45 Пожилые легче …, заверила гериатр`: the feed's stamp is not the words (`quote_lead`).
    return cut_at_stamps(found)


def _relays(quote: QuoteMention, others: list[QuoteMention], text: str) -> bool:
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
        # (or a frame relayed by a trailing one: `…, заявил X, сообщает Reuters`; or one
        # set inside the relayed sentence whose words run to the relay's frame: `…, однако
        # сейчас, подчеркнул адвокат, он надеется на решение, сообщает BBC News`)
        and (source_first or o.kind == "direct" or o.start == quote.start or _inner_to_frame(quote, o, text))
        for o in others
    )


def _inner_to_frame(quote: QuoteMention, inner: QuoteMention, text: str) -> bool:
    """`inner`'s frame is a parenthetical between commas (`, подчеркнул адвокат, `) inside
    `quote`, which is read backwards from a trailing frame, and `inner`'s words run from that
    frame to `quote`'s end: the trailing frame relays the inner speaker's sentence. (A sentence
    the splitter failed to end has no such aside between commas.)"""
    if quote.speaker_start is None or quote.speaker_start < quote.end or inner.end != quote.end:
        return False
    if inner.speaker_start is None or inner.speaker_end is None or inner.speaker_end > inner.start:
        return False
    if text[inner.speaker_end : inner.start].strip() != ",":
        return False
    before = text[quote.start : inner.speaker_start].rstrip()
    verb = before.rsplit(",", 1)
    return len(verb) == 2 and bool(verb[1].strip()) and " " not in verb[1].strip()


def _holds_relayed(quote: QuoteMention, relayed: list[QuoteMention]) -> bool:
    return any(r is not quote and quote.start <= r.start and r.end <= quote.end for r in relayed)


def _starting_within(
    quote: QuoteMention, others: list[QuoteMention], starts: list[int]
) -> list[QuoteMention]:
    """The quotes of `others` (sorted by start; `starts` their starts) that start inside
    `quote`: the only ones `_relays` can find inside it, found without a scan of all."""
    return others[bisect_left(starts, quote.start) : bisect_right(starts, quote.end)]


def _conviction(quote: QuoteMention, parsed: ParsedText, starts: list[int]) -> bool:
    """The quote's frame, between its speaker and its words, is a short adjective of
    conviction (`Трамп уверен, что …`), not a speech verb. `starts`: the tokens' starts,
    in order (the frame is found by bisection, not by a scan of the whole text)."""
    if quote.speaker_end is None or quote.speaker_end > quote.start:
        return False
    frame = parsed.tokens[bisect_left(starts, quote.speaker_end) : bisect_left(starts, quote.start)]
    return any(t.lemma in OPINION_PREDICATES and t.feats.get("Variant") == "Short" for t in frame)


def _nested(quote: QuoteMention, others: list[QuoteMention]) -> bool:
    """Some other quote with a speaker holds this one (a scan of all; `Containers` is the
    same test for many quotes at once, and what `extract_quotes` uses)."""
    return any(
        o is not quote and o.speaker_text and o.start <= quote.start and quote.end <= o.end for o in others
    )


class Containers:
    """`_nested` for many quotes against one list, in O(n log n) instead of O(n²).

    Over the quotes with a speaker, sorted by start, keep for every prefix the furthest end
    and the furthest end of a different quote: a quote is held by another when, among the
    quotes starting no later, the furthest-reaching one that is not itself reaches its end."""

    def __init__(self, others: list[QuoteMention]) -> None:
        ranked = sorted((o for o in others if o.speaker_text), key=lambda o: o.start)
        self.starts = [o.start for o in ranked]
        # (end, id) of the furthest-reaching quote of each prefix, and of the best other one.
        self.best: list[tuple[int, int]] = []
        self.second: list[tuple[int, int]] = []
        best, second = (-1, 0), (-1, 0)
        for o in ranked:
            here = (o.end, id(o))
            if here[0] > best[0]:
                best, second = here, best
            elif here[0] > second[0]:
                second = here
            self.best.append(best)
            self.second.append(second)

    def holds(self, quote: QuoteMention) -> bool:
        i = bisect_right(self.starts, quote.start) - 1
        if i < 0:
            return False
        end, owner = self.best[i]
        if owner == id(quote):
            end = self.second[i][0]
        return end >= quote.end
