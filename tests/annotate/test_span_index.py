"""SpanIndex answers exactly what a scan over every span answers."""

from hypothesis import given
from hypothesis import strategies as st

from storyline.annotate.span_index import SpanIndex

spans = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 30)).map(lambda p: (p[0], p[0] + p[1])), max_size=12
)


@given(spans, st.integers(-2, 95))
def test_covers_equals_a_scan(pairs: list[tuple[int, int]], offset: int) -> None:
    index = SpanIndex(pairs)
    assert index.covers(offset, end_inclusive=True) == any(s <= offset <= e for s, e in pairs)
    assert index.covers(offset, end_inclusive=False) == any(s <= offset < e for s, e in pairs)


def test_nested_and_unsorted_spans() -> None:
    index = SpanIndex([(50, 60), (10, 40), (12, 14)])
    assert index.covers(20, end_inclusive=False) and index.covers(40, end_inclusive=True)
    assert not index.covers(40, end_inclusive=False) and not index.covers(45, end_inclusive=True)
