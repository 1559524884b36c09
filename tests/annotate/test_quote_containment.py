"""`quotes.Containers` answers `_nested` for many quotes at once: same answer, without the
all-pairs scan that made long articles quadratic."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.annotate.quotes import Containers, _nested
from storyline.model import QuoteMention

_spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 30), st.booleans()), min_size=0, max_size=25)


def _quotes(spans: list[tuple[int, int, bool]]) -> list[QuoteMention]:
    return [
        QuoteMention(start=s, end=s + n, text="x", kind="indirect", speaker_text="он" if spoken else None)
        for s, n, spoken in spans
    ]


@settings(max_examples=400, deadline=None)
@given(_spans)
def test_containers_agree_with_the_scan(spans: list[tuple[int, int, bool]]) -> None:
    quotes = _quotes(spans)
    holders = Containers(quotes)
    assert [holders.holds(q) for q in quotes] == [_nested(q, quotes) for q in quotes]


@settings(max_examples=100, deadline=None)
@given(_spans, _spans)
def test_a_quote_outside_the_list_is_tested_too(inside: list, outside: list) -> None:
    """A quote not among `others` may be held by any of them (the conviction pass asks so)."""
    others, asked = _quotes(inside), _quotes(outside)
    holders = Containers(others)
    assert [holders.holds(q) for q in asked] == [_nested(q, others) for q in asked]


def test_identical_spans_hold_each_other() -> None:
    """Two quotes over one span, both with a speaker: each is held by the other, never by itself."""
    a, b = _quotes([(5, 10, True), (5, 10, True)])
    assert Containers([a, b]).holds(a) and Containers([a, b]).holds(b)
    assert not Containers([a]).holds(a)
