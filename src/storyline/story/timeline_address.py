"""Sentences that are no happening: the page speaking to its reader, and questions.

A news page talks to its reader in the second person or the imperative ("Сейчас вы
просматриваете новость …", "Выберите штат, чтобы увидеть результаты"): site furniture and
widget captions, never something that happened. A question ("Не пора ли ЕС …?") asks and
tells nothing. Both are read from the dictionary readings of the sentence's own verbs
(`SentenceInfo.verb_readings`) outside its quotes: a quoted "Вы готовы?" is the speaker's
words, and the frame around it still tells who said them.
"""

from __future__ import annotations

from storyline.story.features import SentenceInfo

__all__ = ["addresses_reader", "no_happening"]

# pymorphy2 grammemes of a verb speaking to the reader: the imperative mood and the
# second person ("выберите", "просматриваете", "узнаете").
_READER_GRAMMEMES = frozenset({"impr", "2per"})


def addresses_reader(s: SentenceInfo) -> bool:
    """Some verb of the sentence outside its quotes is imperative or second person."""
    return any(s.reading(i) & _READER_GRAMMEMES for i in _own_verbs(s))


def _asks(s: SentenceInfo) -> bool:
    """The sentence is itself a question: it ends with "?" outside any quote and no verb of
    its own tells a past act ("…, написали они, задавшись вопросом, …?" tells the writing:
    nord-stream-gas-directive lost that gold event to the "?" alone)."""
    text = s.text.rstrip()
    if not text.endswith("?"):
        return False
    end = s.start + len(text)
    if any(q.start < end <= q.end + 1 for q in s.quotes):
        return False
    return not any("past" in s.reading(i) for i in _own_verbs(s))


def _own_verbs(s: SentenceInfo) -> list[int]:
    """Indexes of the sentence's verb tokens outside its quotes."""
    quoted = [(q.start, q.end) for q in s.quotes]
    return [
        i for i, t in enumerate(s.tokens) if t.pos == "VERB" and not any(a <= t.start < b for a, b in quoted)
    ]


def no_happening(s: SentenceInfo) -> bool:
    """The sentence addresses the reader or asks a question: never a timeline event."""
    return addresses_reader(s) or _asks(s)
