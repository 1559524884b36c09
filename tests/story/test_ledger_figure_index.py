"""The same-figure join by index (`ledger_figure_index.SameFigures`) gives what the
scan of every earlier figure gave: the same verb for every figure, on generated
figures whose values sit near each other (rounded, approximate, ranges, zero)."""

from __future__ import annotations

import copy
import math
from typing import cast

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.model import QuantityMention
from storyline.story.features import SentenceInfo
from storyline.story.ledger_entries import _Entry
from storyline.story.ledger_merge import _join_same_figures
from storyline.story.ledger_values import agree, agree_reach

# Values that do and do not agree with each other: rounded ("51,9" / "52", "4,63 млрд" /
# "4,6 млрд"), whole counts that differ by one, approximate "около 70 тысяч" / "68 000",
# "около 70 тысяч" at the edges of its 5 % (66 700, 73 400), zero and a tiny value,
# negatives, inf and nan (which agrees with nothing, itself included); then any float.
NEAR = [51.9, 52.0, 4.63e9, 4.6e9, 4.56e9, 100.0, 101.0, 70_000.0, 68_000.0, 66_700.0, 73_400.0]
NEAR += [2_000.0, 2_400.0, 0.0, 1e-13, -52.0, -51.9, 2.56e9, 2.6e9, 27.0, 27.5, 1.05e6, 1.1e6]
NEAR += [float("inf"), float("nan")]
VALUES = st.one_of(st.sampled_from(NEAR), st.sampled_from(NEAR), st.floats(-1e10, 1e10), st.none())
QUALIFIERS = st.sampled_from([None, "about", "more_about", "at_least", "more_than"])


@st.composite
def figures(draw: st.DrawFn) -> QuantityMention:
    value = draw(VALUES)
    low, high = (None, None) if draw(st.booleans()) else (draw(VALUES), draw(VALUES))
    return QuantityMention(0, 1, "x", value, low, high, draw(QUALIFIERS))


@st.composite
def entries(draw: st.DrawFn) -> _Entry:
    subject = draw(st.sampled_from(["", "", "", "e1"]))
    action = draw(st.sampled_from([None, "заключить", "написать"]))
    item = draw(st.sampled_from([None, "страна", "страна", "человек"]))
    sentence = cast(SentenceInfo, None)  # the join reads no sentence
    return _Entry(draw(figures()), sentence, subject, subject, None, item, action, f"{action}-text", None)


def _scan(entries: list[_Entry]) -> None:
    """The join as it was: each figure against every earlier kept figure of its item."""
    first: dict[str | None, list[_Entry]] = {}
    for e in entries:
        if e.subject_key or e.item is None:
            continue
        earlier = first.setdefault(e.item, [])
        match = next((o for o in earlier if o.action != e.action and agree(o.q, e.q)), None)
        if match is not None:
            e.action, e.action_text = match.action, match.action_text
        else:
            earlier.append(e)


@settings(max_examples=400, deadline=None)
@given(st.lists(entries(), max_size=40))
def test_the_indexed_join_gives_the_scans_verbs(made: list[_Entry]) -> None:
    scanned, indexed = copy.deepcopy(made), copy.deepcopy(made)
    _scan(scanned)
    _join_same_figures(indexed)
    assert [(e.action, e.action_text) for e in indexed] == [(e.action, e.action_text) for e in scanned]


@settings(max_examples=400, deadline=None)
@given(figures(), figures())
def test_figures_that_agree_are_within_reach_of_each_others_first_value(
    a: QuantityMention, b: QuantityMention
) -> None:
    if agree(a, b):
        pa = next((v for v in (a.value, a.value_min, a.value_max) if v is not None), None)
        pb = next((v for v in (b.value, b.value_min, b.value_max) if v is not None), None)
        assert (pa is None) == (pb is None)
        if pa is not None and pb is not None and math.isfinite(pa):
            # a finite figure agrees with no inf or nan: the index keeps those apart
            assert math.isfinite(pb) and abs(pa - pb) <= agree_reach(pa)


def test_a_rounded_figure_told_with_another_verb_takes_the_first_verb() -> None:
    # "4,63 млрд долларов согласовали" then "4,6 млрд долларов выплатить": one report;
    # "4,8 млрд" is not the first rounded and keeps its verb
    made = [
        _Entry(QuantityMention(0, 1, "x", v), cast(SentenceInfo, None), "", "", None, "доллар", a, a, None)
        for v, a in [(4.63e9, "согласовать"), (4.6e9, "выплатить"), (4.8e9, "выплатить")]
    ]
    _join_same_figures(made)
    assert [e.action for e in made] == ["согласовать", "согласовать", "выплатить"]
