"""An elliptical figure counts what its clause's figure counted, never the places a
figure after "в"/"на" names: "набрал 253 голоса выборщиков в 23 штатах, — у Трампа их
214 от 27 штатов" gives Трамп 214 голоса, not 214 штатов. Real annotator, invented text."""

from __future__ import annotations

from typing import Any

from storyline.model import Article


def _items(annotator: Any, text: str) -> dict[float | None, str | None]:
    ann = annotator.annotate(Article(id="t", text=text, published="2020-11-05", lang="ru"))
    return {q.value: q.item for q in ann.quantities}


def test_an_elliptical_figure_skips_a_place_figure(annotator: Any) -> None:
    text = "Байден набрал 253 голоса выборщиков в 23 штатах, у Трампа их 214."
    items = _items(annotator, text)
    assert items[23.0] == "штат" and items[214.0] == "голос"


def test_an_elliptical_figure_still_inherits_from_a_count(annotator: Any) -> None:
    # "Россия — 1400": a list entry counts what the entry before counted
    items = _items(annotator, "Казахстан направит 150 военнослужащих, Россия — 1400.")
    assert items[1400.0] == "военнослужащий"
