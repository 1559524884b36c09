"""Session 16 (speakers): the general mechanisms behind the misses of the first half of the
tuned-on quote sets, each on invented Russian (issue #10)."""

from __future__ import annotations

import pytest

from storyline.annotate.nlp import NLP
from tests.annotate.quote_helpers import annotate, shown_words, the_quote

# (text, needle in the quote, a stem of the speaker shown)
CASES = [
    # a preposition governs the institution over an agreeing adjective (and quote marks)
    ("В российском МИДе заявили, что санкции незаконны.", "санкции незаконны", "мид"),
    (
        "Ранее в американском «Госдепартаменте» сообщили, что визит отложен до осени.",
        "визит отложен",
        "госдепартамент",
    ),
]


@pytest.mark.parametrize(("text", "needle", "stem"), CASES)
def test_speaker_shown(nlp: NLP, text: str, needle: str, stem: str) -> None:
    quotes, _ = annotate(nlp, text)
    assert stem in shown_words(the_quote(quotes, needle))
