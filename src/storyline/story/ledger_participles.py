"""A count named by its verb's participle joins the count that verb reports.

"около 80 задержаны" counts the people detained, and so does "задержали уже более 100
участников беспорядков" a day later: one figure's history (80 → 100), though the first
names no counted noun but the participle and the second no participle but a verb. Both
tell nobody known's figure, so their identities (no subject, item, verb) differ only in
how the happening is worded; the participle's figure joins the one group of nobody known
whose verb is the participle's own. Read off us-election-capitol-certification (tuned
on: 80 and 100 were two facts, each `consistent`).
"""

from __future__ import annotations

from storyline.story.ledger_entries import _Entry
from storyline.story.measure import ACTION_SYNONYMS, same_word

__all__ = ["join_participles"]

Key = tuple[str, str | None, str | None, int]


def participle_verb(e: _Entry) -> str | None:
    """The verb (normalised as the ledger's actions are) whose participle inside the figure's
    span is the figure's item ("около 80 задержаны" → "задержать"), else None."""
    for t in e.s.tokens:
        if e.q.start <= t.start < e.q.end and t.pos == "VERB":
            lemma = (t.lemma or "").lower().replace("ё", "е")
            if same_word(lemma, e.item):
                return ACTION_SYNONYMS.get(lemma, lemma)
    return None


def join_participles(grouped: dict[Key, list[_Entry]]) -> dict[Key, list[_Entry]]:
    """A group of nobody known with no verb whose every figure is its own participle's
    count joins the one other group of nobody known that its verb reports (any other
    counted item); with none or several such groups it stays apart."""
    by_action: dict[str, list[Key]] = {}
    for key in grouped:
        if not key[0] and key[1] is not None and key[2] is not None:
            by_action.setdefault(key[2], []).append(key)
    out: dict[Key, list[_Entry]] = {key: list(group) for key, group in grouped.items()}
    for key, group in grouped.items():
        if key[0] or key[2] is not None or key[1] is None:
            continue
        verbs = {participle_verb(e) for e in group}
        if len(verbs) != 1:
            continue
        (verb,) = verbs
        if verb is None:
            continue
        homes = [k for k in by_action.get(verb, []) if k[1] != key[1]]
        if len(homes) == 1 and homes[0] in out and key in out:
            out[homes[0]].extend(out.pop(key))
    return out
