"""Figures that are nobody's tally (`story/ledger_entries.py`: margins and parts of a
whole), read off us-election-vote-count (tuned on): a margin ("с перевесом всего в два
голоса") and a part of a smaller pool ("три из четырех голосов выборщиков штата Мэн")
are no rivals of a candidate's tally, so they flag no conflict; a tally out of the
needed number ("264 голосов из 270, необходимых") stays the tally. Real annotator, real text."""

from __future__ import annotations

from typing import Any

from .seedkit import facts_of_texts

# bsnlp-ru us_election_2020 elections_ru_116, _2, _23, _151 and _68 (sentences as written).
MARGIN = (
    "По состоянию на утро среды 4 ноября существует вполне реальная (хотя и не очень большая) "
    "вероятность, что Байден победит с перевесом всего в два голоса выборщиков."
)
PART = "CNN прогнозирует, что Байден выиграет по крайней мере три из четырех голосов выборщиков штата Мэн."
TALLY = "Если говорить о выборщиках, то Байден набрал 227 их голосов, а Трамп — 213."
LEAD = 'Оттуда под утро 4 ноября стали приходить "голубые" бюллетени, и Байден победил с отрывом в 146 тысяч голосов.'
NEEDED = (
    "Байден лидирует. По состоянию на 5 ноября у него имеется 264 голосов из 270, необходимых для победы."
)


def _facts(annotator: Any, *texts: str) -> list[tuple[str, str, list[float | None]]]:
    facts = facts_of_texts(annotator, texts, ["2021-02-01"] * len(texts))
    return [(f.status, f.measure, [v.value for v in f.values]) for f in facts]


def test_a_margin_and_a_part_of_a_pool_are_no_rivals_of_a_tally(annotator: Any) -> None:
    facts = _facts(annotator, MARGIN, PART, TALLY, LEAD)
    assert all(status == "consistent" for status, _, _ in facts), facts
    (tally,) = [values for _, _, values in facts if 227.0 in values]
    assert tally == [227.0]
    margins = sorted(v or 0.0 for _, measure, values in facts if "перевес" in measure for v in values)
    assert margins == [2.0, 146_000.0]


def test_a_tally_out_of_the_needed_number_stays_the_tally(annotator: Any) -> None:
    facts = _facts(annotator, NEEDED)
    (measure,) = [measure for _, measure, values in facts if 264.0 in values]
    assert "из" not in measure.split(), facts  # told with its own verb, not as a part of 270
