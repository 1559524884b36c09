"""A small built story (every section filled) for the terminal view and the markdown report."""

from __future__ import annotations

from typing import Any

from storyline.model import (
    Entity,
    Evidence,
    Fact,
    FactValue,
    SentenceNovelty,
    Story,
    StoryQuote,
    TimelineEvent,
)

from .handmade import doc


def sample() -> tuple[Story, dict[str, Any], dict[str, Entity], dict[str, list[SentenceNovelty]]]:
    a = doc(
        "a",
        ["Россия направит 3000 военных.", "«Мы готовы помочь», — сказал Пашинян."],
        published="2022-01-06",
        source="one.kz",
    )
    b = doc("b", ["Россия направит 1400 военных."], published="2022-01-07", source="two.kg")
    story = Story(
        id="s1",
        title="Миссия ОДКБ в Казахстане",
        article_ids=["a", "b"],
        thread_ids=["t"],
        summary="Россия направит 3000 военных.",
        first_published="2022-01-06",
        last_published="2022-01-07",
        entity_ids=["e:Россия"],
        timeline=[
            TimelineEvent("2022-01-06", None, "day", "Россия направит военных.", [Evidence("a", 0, 29)]),
            TimelineEvent("2010", None, "year", "Прецедент 2010 года.", [Evidence("a", 0, 29)], context=True),
        ],
        facts=[
            Fact(
                "f1",
                "e:Россия",
                "Россия",
                "военнослужащие — направит",
                "updated",
                [
                    FactValue(3000, None, None, None, "военный", "a", 16, 28, "2022-01-06"),
                    FactValue(
                        1400, None, None, None, "военный", "b", 16, 28, "2022-01-07", attributed_to="Ташиев"
                    ),
                ],
            ),
            Fact(
                "f2",
                None,
                "",
                "протестующие — убиты",
                "conflicting",
                [
                    FactValue(26, None, None, "at_least", None, "a", 0, 5, "2022-01-06"),
                    FactValue(30, None, None, None, None, "b", 0, 5, "2022-01-06"),
                ],
            ),
        ],
        quotes=[StoryQuote("a", 31, 48, "e:Пашинян", "Пашинян", "direct")],
    )
    entities = {
        "e:Россия": Entity("e:Россия", "Россия", "LOC"),
        "e:Пашинян": Entity("e:Пашинян", "Никол Пашинян", "PER"),
    }
    novelty = {
        "a": [SentenceNovelty("a", 0, "new"), SentenceNovelty("a", 1, "new")],
        "b": [SentenceNovelty("b", 0, "updated", ["a"])],
    }
    return story, {"a": a, "b": b}, entities, novelty
