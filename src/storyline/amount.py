"""A figure's value as plain data (`Amount`) and its wording in one language.

The ledger's values carry a qualifier key and numbers; the views word them: the
terminal and the markdown report in Russian (`RU_WORDS`), the web in the page's
language (`web/i18n.py` gives its words). Kept outside the stages so the view
model (`query/view.py`) holds an `Amount` without loading the story stage.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from storyline import en, ru


@dataclass(frozen=True)
class Amount:
    """A figure as numbers and a qualifier key ("at_least", "about": the keys of
    `ru.QUALIFIERS`), language-neutral: each renderer words it (`amount_text`)."""

    qualifier: str | None = None
    value: float | None = None
    low: float | None = None  # a range's or an open bound's numbers
    high: float | None = None


@dataclass(frozen=True)
class AmountWords:
    """The words and the thousands separator an `Amount` is written with in one language."""

    qualifiers: Mapping[str, str]
    from_: str  # an open lower bound: "от 100"
    up_to: str  # an open upper bound: "до 300"
    thousands: str = " "


RU_WORDS = AmountWords(ru.QUALIFIERS, ru.FROM, ru.UP_TO)
EN_WORDS = AmountWords(en.QUALIFIERS, en.FROM, en.UP_TO, en.THOUSANDS)


def number(x: float, thousands: str = " ") -> str:
    return f"{x:,.0f}".replace(",", thousands) if float(x).is_integer() else f"{x:g}"


def amount_text(a: Amount, words: AmountWords = RU_WORDS) -> str:
    """ "не менее 26", "100–300", "1 400" (in Russian; other words, other language)."""
    sep = words.thousands
    if a.low is not None and a.high is not None:
        core = f"{number(a.low, sep)}–{number(a.high, sep)}"
    elif a.value is not None:
        core = number(a.value, sep)
    elif a.low is not None:
        core = f"{words.from_} {number(a.low, sep)}"
    elif a.high is not None:
        core = f"{words.up_to} {number(a.high, sep)}"
    else:
        core = "?"
    qualifier = words.qualifiers.get(a.qualifier or "", "")
    return f"{qualifier} {core}".strip()
