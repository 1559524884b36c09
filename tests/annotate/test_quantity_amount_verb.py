"""A bare figure right after a verb of amounting ("насчитывается", "набралось") counts
the genitive plural before that verb in its clause: "таких случаев насчитывается 165" is
165 случаев. A pronoun there ("Их насчитывается 30") names nothing. Real annotator,
invented text (the shape of bsnlp-ru us_election_2020)."""

from __future__ import annotations

from typing import Any

import pytest

from storyline.model import Article


def _items(annotator: Any, text: str) -> dict[float | None, str | None]:
    ann = annotator.annotate(Article(id="t", text=text, published="2020-12-14", lang="ru"))
    return {q.value: q.item for q in ann.quantities}


@pytest.mark.parametrize(
    ("text", "value", "item"),
    [
        ("Всего в истории страны таких случаев насчитывается 165.", 165.0, "случай"),
        ("Погибших насчитывается более 40.", 40.0, "погибший"),
        ("Протестующих набралось около 300.", 300.0, "протестующий"),
        ("Их насчитывается 30.", 30.0, None),
    ],
)
def test_a_figure_after_an_amounting_verb_counts_the_genitive_before(
    annotator: Any, text: str, value: float, item: str | None
) -> None:
    assert _items(annotator, text)[value] == item
