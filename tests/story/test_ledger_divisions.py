"""The parts a process is done in are no figure of the ledger: covid-mass-vaccination-
russia (tuned on) told a vaccine's two doses ("вводится в два этапа") and a region's
campaign ("пройдет в три этапа") as one `conflicting` figure. Real annotator, real text
(bsnlp-ru covid-19), and a count of stages that is a tally stays one."""

from __future__ import annotations

from typing import Any

from .seedkit import facts_of_texts

DOSES = "Вакцинация проводится в два этапа, с промежутком в 21 день."
CAMPAIGN = "Массовая вакцинация в регионе пройдет в три этапа."
TALLY = "Строители завершили уже три этапа работ."


def _facts(annotator: Any, *texts: str) -> list[tuple[str, str, list[float | None]]]:
    facts = facts_of_texts(annotator, texts, ["2021-02-01"] * len(texts))
    return [(f.measure, f.status, [v.value for v in f.values]) for f in facts]


def test_stages_a_process_is_done_in_are_no_figure(annotator: Any) -> None:
    assert not [f for f in _facts(annotator, DOSES, CAMPAIGN) if "этап" in f[0]]


def test_stages_counted_as_done_stay_a_figure(annotator: Any) -> None:
    assert [f[2] for f in _facts(annotator, TALLY) if "этап" in f[0]] == [[3.0]]
