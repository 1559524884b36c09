"""Round 11: "через год" / "спустя два года" counted from the narrative's last told date
(`annotate/dates._years_after`), read off a spent gold (asia-bibi-asylum a11: "Через год
Асию Биби признали виновной" after "Летом 2009 года"). Real annotator (the rule reads the
verb's tense). The first test fails without the rule: "Через год" was no date at all."""

from __future__ import annotations

from typing import Any

from storyline.model import Article

STORY = (
    "Летом 2009 года многодетная мать Асия Биби выпила воды из «мусульманского» колодца. "
    "Находившиеся в тот момент рядом с ней женщины-мусульманки начали высказывать обвинения в ее адрес. "
    "По их мнению, Асия Биби могла осквернить воду. "
    "Вскоре мать пятерых детей чуть не растерзали на улице - на христианку напала разъяренная толпа. "
    "Спустя несколько дней полиция доставила женщину в тюрьму, где ей предъявили обвинения в богохульстве. "
    "Через год Асию Биби признали виновной и приговорили к высшей мере - смерти."
)


def _dates(annotator: Any, text: str) -> list[tuple[str, str | None]]:
    article = Article(
        id="a", text=text, published="2019-01-31", published_precision="day", lang="ru", source="s"
    )
    return [(d.text, d.value) for d in annotator.annotate_many([article])[0].dates]


def test_years_after_the_told_date_with_a_past_verb(annotator: Any) -> None:
    assert ("Через год", "2010") in _dates(annotator, STORY)


def test_a_count_of_two_years(annotator: Any) -> None:
    text = "В 2014 году суд вынес приговор. Спустя два года апелляцию отклонили."
    assert ("Спустя два года", "2016") in _dates(annotator, text)


def test_a_future_verb_counts_from_the_writing_and_dates_nothing(annotator: Any) -> None:
    text = "В 2018 году компания начала строительство. Через год завершится строительство газопровода."
    assert _dates(annotator, text) == [("В 2018 году", "2018")]


def test_years_after_a_named_happening_are_not_the_narratives(annotator: Any) -> None:
    text = "В 2015 году он уехал в Лондон. Через два года после переезда он вернулся."
    assert _dates(annotator, text) == [("В 2015 году", "2015")]


def test_no_told_date_no_value(annotator: Any) -> None:
    assert _dates(annotator, "Через год Асию Биби признали виновной.") == []


def test_a_told_date_too_far_back_is_no_anchor(annotator: Any) -> None:
    filler = " ".join(f"Свидетель номер {n} дал показания." for n in range(1, 8))
    assert ("Через год", "2010") not in _dates(
        annotator, "Летом 2009 года она выпила воды. " + filler + " Через год ее осудили."
    )
