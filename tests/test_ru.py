"""Russian plural agreement: one helper, checked on a table and on every number."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline import ru
from storyline.ru import ARTICLES, EVENTS, THREADS, Forms, plural, plural_form

FORMS = [value for value in vars(ru).values() if isinstance(value, Forms)]


@pytest.mark.parametrize(
    ("n", "forms", "expected"),
    [
        (1, ARTICLES, "1 статья"),
        (2, ARTICLES, "2 статьи"),
        (4, ARTICLES, "4 статьи"),
        (5, ARTICLES, "5 статей"),
        (11, ARTICLES, "11 статей"),
        (12, ARTICLES, "12 статей"),
        (14, ARTICLES, "14 статей"),
        (21, ARTICLES, "21 статья"),
        (22, ARTICLES, "22 статьи"),
        (111, ARTICLES, "111 статей"),
        (154, ARTICLES, "154 статьи"),
        (1001, ARTICLES, "1001 статья"),
        (0, ARTICLES, "0 статей"),
        (3, THREADS, "3 сюжетные линии"),
        (1, THREADS, "1 сюжетная линия"),
        (25, THREADS, "25 сюжетных линий"),
        (138, EVENTS, "138 событий"),
        (31, EVENTS, "31 событие"),
    ],
)
def test_plural_table(n: int, forms: Forms, expected: str) -> None:
    assert plural(n, forms) == expected


@given(st.integers(min_value=0, max_value=10**9))
def test_form_depends_only_on_the_last_two_digits(n: int) -> None:
    assert plural_form(n, ARTICLES) == plural_form(n % 100, ARTICLES) == plural_form(n % 100 + 100, ARTICLES)


@given(st.integers(min_value=0, max_value=10**9))
def test_rule_as_grammars_state_it(n: int) -> None:
    last, last_two = n % 10, n % 100
    if 11 <= last_two <= 14:
        expected = "many"
    elif last == 1:
        expected = "one"
    elif last in (2, 3, 4):
        expected = "few"
    else:
        expected = "many"
    for forms in FORMS:
        assert plural_form(n, forms) == getattr(forms, expected)


def test_every_noun_has_three_distinct_forms() -> None:
    assert len(FORMS) >= 5
    for forms in FORMS:
        assert forms.one != forms.many, forms
