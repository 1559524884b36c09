"""Edited spans: which words of a new version are not in the old one."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyline.watch.versions import edited_spans, same_words

OLD = "Депутаты собрались 7 января. Решение примут завтра. Жапаров подписал закон."


def test_changed_sentence_is_the_span() -> None:
    new = OLD.replace("примут завтра", "приняли сегодня")
    spans = edited_spans(OLD, new)
    assert [new[a:b] for a, b in spans] == ["приняли сегодня"]


def test_added_sentence() -> None:
    new = OLD + " Митинги продолжаются."
    assert [new[a:b] for a, b in edited_spans(OLD, new)] == ["Митинги продолжаются"]


def test_spacing_is_no_edit() -> None:
    assert same_words(OLD, OLD.replace(" ", "  \n"))
    assert edited_spans(OLD, OLD.replace(". ", ".\n\n")) == []


@given(st.text(alphabet="абв гд.", max_size=60), st.text(alphabet="абв гд.", max_size=60))
def test_spans_lie_inside_the_new_text_in_order(old: str, new: str) -> None:
    spans = edited_spans(old, new)
    assert all(0 <= a < b <= len(new) for a, b in spans)
    assert all(spans[i][1] < spans[i + 1][0] for i in range(len(spans) - 1))
    if same_words(old, new):
        assert spans == []
