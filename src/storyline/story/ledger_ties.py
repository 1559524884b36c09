"""Whether two figures of one fact are tied to one counted thing.

`ledger_merge` fills in what a figure's own clause leaves out from the story's other
figures: "умерло меньше 100 человек" of Japan takes Japan's one specific item, "доз",
and becomes a rival of "Япония (120 млн доз)". The fact keeps such a figure (the reader
sees it beside the others), but a flag must rest on the figures' own words: two figures
whose own counted nouns are two lemmas ("человек" and "доза", "заражение" and
"человек") are two things, and neither `updated` nor `conflicting` can be read from
them. A figure whose own clause names no item is tied by whatever filled it in; it is no
evidence against the tie. (Subjects need no such check: a figure's own subject is its
fact's key, and `ledger_merge` only gives a subject to a figure that has none, or a
fuller name of the same phrase.)
"""

from __future__ import annotations

from storyline.story.ledger_entries import _Entry

__all__ = ["tied"]


def _item(e: _Entry) -> str | None:
    """The figure's own counted noun; a participle read as its item ("около 80 задержаны":
    "задержанный") is its verb, no noun, so it names no item (`ledger_participles`)."""
    if not e.own_item:
        return None
    item = e.own_item.lower().replace("ё", "е")
    words = [t.pos for t in e.s.tokens if e.q.start <= t.start < e.q.end]
    if "VERB" in words and "NOUN" not in words:
        return None
    return item


def tied(old: _Entry, new: _Entry) -> bool:
    """No own counted noun and no own subject of the two tells them apart."""
    a, b = _item(old), _item(new)
    if a is not None and b is not None and a != b:
        return False
    return True
