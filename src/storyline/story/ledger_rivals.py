"""Rival figures: close values of one subject's count that different outlets give.

`ledger_slots._split_self_contradictions` splits a group whose article gives two
disagreeing figures into one fact per value. That is right for the article's own
figures (two things), but a third outlet's nearby figure for the same thing is a
rival report, not a third thing: on covid-ukraine-vaccine-supply one text gives
Ukraine "1,9 миллиона доз" and "8 млн доз", another "подписала контракт на
поставку 1,8 млн доз". The 1,8 million is the 1,9 million's rival (one fact,
conflicting or updated by date), and stays apart from the 8 million.
"""

from __future__ import annotations

from collections.abc import Sequence

from storyline.model import QuantityMention
from storyline.story.ledger_entries import _Entry
from storyline.story.ledger_values import agree, agree_key

__all__ = ["join_rivals", "join_rounded"]


# Largest relative difference at which two point figures of one subject and item are
# rival reports of one thing: 1,8 vs 1,9 million doses differ by 5.3 %; figures of
# different things of one subject are far apart (1,9 vs 8 million: 76 %; 700 000 vs
# 1,9 million: 63 %). Reasoned, not fitted: a tenth is more than the rounding of a
# two-digit figure ("1,8 млн") and less than any two different counts seen on the golds.
RIVAL_SHARE = 0.1

# Verbs that report one event of a thing changing hands, so a figure told with one is
# the rival of a figure told with another: a contract for the doses, their supply,
# their receipt, their purchase. Lemmas as `measure.measure_of` gives them.
TRANSFER_FAMILY = frozenset(
    {
        "поставить",
        "поставлять",
        "получить",
        "получать",
        "закупить",
        "закупать",
        "купить",
        "приобрести",
        "заказать",
        "подписать",
        "заключить",
        "доставить",
        "передать",
        "отгрузить",
    }
)


def _family(action: str | None) -> str | None:
    if action is None:
        return None
    return "transfer" if action in TRANSFER_FAMILY else action


def _point(cluster: Sequence[_Entry]) -> float | None:
    q = cluster[0].q
    if q.value is None or q.value_min is not None or q.value_max is not None or q.value == 0:
        return None
    return q.value


def _rivals(a: Sequence[_Entry], b: Sequence[_Entry]) -> bool:
    """Close point values from disjoint articles, told with verbs of one family."""
    x, y = _point(a), _point(b)
    if x is None or y is None or abs(x - y) > RIVAL_SHARE * max(abs(x), abs(y)):
        return False
    if {e.s.article_id for e in a} & {e.s.article_id for e in b}:
        return False  # one article gives both: two things (its own figures never conflict)
    families = {_family(e.action) for e in (*a, *b)} - {None}
    return len(families) <= 1


def join_rivals(clusters: list[list[_Entry]]) -> list[list[_Entry]]:
    """Clusters of one self-contradicting group, each rival joined to the first one it rivals."""
    out: list[list[_Entry]] = []
    for cluster in clusters:
        home = next((c for c in out if _rivals(c, cluster)), None)
        if home is None:
            out.append(list(cluster))
        else:
            home.extend(cluster)
    return out


Key = tuple[str, str | None, str | None, int]


def _one_figure(group: Sequence[_Entry]) -> bool:
    """Every report of the group gives one point figure, up to its rounding."""
    return all(_point([e]) is not None and agree(group[0].q, e.q) for e in group)


def join_rounded(grouped: dict[Key, list[_Entry]]) -> dict[Key, list[_Entry]]:
    """A figure of nobody known that is a subject's figure, or that figure rounded, is
    the subject's one fact whatever verb tells it: naftogaz's "Россия должна выплатить
    4,6 млрд долларов" and another outlet's "4,63 млрд долларов, согласованных
    арбитражем". `ledger_merge` gives a subjectless figure a subject only for the same
    value with the same verb; here the verb may differ, so only a single figure of the
    group joins, only the one subject whose figure of the item it agrees with, and only
    from other articles. A close figure that is not the other rounded ("набирает 302",
    "оказалось 306") is no report of the same figure and stays a fact of its own."""
    owned: dict[str | None, list[Key]] = {}
    for key in grouped:
        if key[0] and key[1] is not None:
            owned.setdefault(key[1], []).append(key)
    out: dict[Key, list[_Entry]] = {key: list(group) for key, group in grouped.items()}
    # per subject's group, made once when first asked: its articles, and one figure per
    # `agree_key` (all that `agree` reads), so a subjectless figure is compared with each
    # distinct value once, not with every report (bsnlp-ru's 157-article story: 1,538
    # facts, ~0.1-0.3 s an add spent in `agree` here)
    seen: dict[Key, tuple[set[str], list[QuantityMention]]] = {}
    for key, group in grouped.items():
        if key[0] or key[1] is None or not _one_figure(group):
            continue
        articles = {e.s.article_id for e in group}
        homes = []
        for k in owned.get(key[1], []):
            known = seen.get(k)
            if known is None:
                distinct = {agree_key(o.q): o.q for o in reversed(grouped[k])}
                known = seen[k] = ({o.s.article_id for o in grouped[k]}, list(distinct.values()))
            if not articles & known[0] and any(agree(q, group[0].q) for q in known[1]):
                homes.append(k)
        if len({k[0] for k in homes}) == 1:
            out[homes[0]].extend(out.pop(key))
    return out
