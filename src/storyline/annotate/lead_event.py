"""The lead's event: who did what in the first sentences of an article, from the parse.

Two reports of one busy day share the actors, the places and the day, and differ in
what happened: "Борис Джонсон подал в отставку" and "Новым министром по Brexit
назначен Доминик Рааб". The lexical signals of grouping cannot tell those steps
apart; the predicate of the lead can. For each of the first `LEAD_SENTENCES`
sentences the dependency parse gives its root (the main predicate, also a short
participle or a predicative noun), the predicates coordinated with it ("ушел в
отставку и покинул..."), and its subject (`nsubj`, `nsubj:pass`). When the root is
a verb of speech ("Мэй заявила, что..."), the predicate of what was said counts
too: the statement's content is the happening as much as the statement is.

The sentences are parsed with the figures' sentences, in one batch
(`Annotator._parse_figures`); a sentence with a figure is parsed once.
"""

from __future__ import annotations

from storyline.annotate.nlp import ParsedText, ParsedToken
from storyline.annotate.quantity_syntax import SPEECH_LEMMAS
from storyline.model import LeadEvent, Sentence

# The lead: the headline's restatement and the next sentence carry the happening;
# later sentences are background. Session 12's measurement on the 480 labelled pairs
# (`benchmarks/lead_event_pairs.py`): with 2 sentences same-thread pairs share a
# predicate in 0.364 of cases, different ones in 0.100. Not swept.
LEAD_SENTENCES = 2
_SUBJECT_RELS = frozenset({"nsubj", "nsubj:pass"})
# Relations of a second predicate to the root: coordinated ("и покинул") and, for a
# speech root only, the clause said ("заявил, что ... ушел").
_COORDINATED = frozenset({"conj"})
_SAID = frozenset({"ccomp", "parataxis"})
# Parts of speech a predicate may have: verbs, and the heads of nominal predicates
# ("Рааб — новый министр"; a short participle is tagged VERB or ADJ).
_PREDICATE_POS = frozenset({"VERB", "AUX", "ADJ", "NOUN", "PROPN"})


def lead_sentences(sentences: list[Sentence]) -> list[Sentence]:
    """The sentences whose events are kept (the parse must cover them)."""
    return sentences[:LEAD_SENTENCES]


def extract_lead_events(parsed: ParsedText) -> list[LeadEvent]:
    """One `LeadEvent` per lead sentence that has a parsed root."""
    out = []
    for index, sentence in enumerate(lead_sentences(parsed.sentences)):
        event = _sentence_event(parsed, sentence, index)
        if event is not None:
            out.append(event)
    return out


def _sentence_event(parsed: ParsedText, sentence: Sentence, index: int) -> LeadEvent | None:
    positions = [
        i for i, t in enumerate(parsed.tokens) if sentence.start <= t.start and t.end <= sentence.end
    ]
    roots = [i for i in positions if parsed.tokens[i].rel == "root"]
    if not roots:
        return None
    root = roots[0]
    children: dict[int, list[int]] = {}
    for i in positions:
        head = parsed.tokens[i].head
        if head is not None:
            children.setdefault(head, []).append(i)
    predicates = [_lemma(parsed.tokens[root])]
    speech = predicates[0] in SPEECH_LEMMAS
    for child in children.get(root, []):
        token = parsed.tokens[child]
        if token.pos not in _PREDICATE_POS:
            continue
        if token.rel in _COORDINATED or (speech and token.rel in _SAID):
            predicates.append(_lemma(token))
    head = next((c for c in children.get(root, []) if parsed.tokens[c].rel in _SUBJECT_RELS), None)
    subject = None
    if head is not None:
        # A name's head is its first word ("Борис" of "Борис Джонсон"): the last word of
        # the name, the surname, is what other reports repeat ("Джонсон заявил").
        # The parse hangs the surname by `flat:name` or, now and then, `appos`: the name
        # is the run of proper nouns from the head, each hanging inside the run.
        last = head
        tokens = parsed.tokens
        while (
            tokens[head].pos == "PROPN" and last + 1 < len(tokens) and _in_name(tokens[last + 1], head, last)
        ):
            last += 1
        subject = _lemma(tokens[last])
    return LeadEvent(sentence=index, predicates=list(dict.fromkeys(predicates)), subject=subject)


def _lemma(token: ParsedToken) -> str:
    return token.lemma.lower().replace("ё", "е")


def _in_name(token: ParsedToken, first: int, last: int) -> bool:
    """A proper noun hanging from a word of the name so far (tokens `first`..`last`)."""
    return token.pos == "PROPN" and token.head is not None and first <= token.head <= last
