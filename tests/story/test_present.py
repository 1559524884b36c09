"""Grouping quotes by speaker for the terminal view and the markdown report."""

from __future__ import annotations

from storyline.model import Article, Story, StoryQuote
from storyline.story.present import quotes_by_speaker


def test_unresolved_descriptions_group_whatever_their_case() -> None:
    text = "Бизнесмены сообщают, что центры разграблены. Позже бизнесмены сообщили, что склады закрыты."
    article = Article(id="a", text=text)
    first = text.index("центры")
    second = text.index("склады")
    story = Story(
        "s",
        "t",
        ["a"],
        ["t1"],
        quotes=[
            StoryQuote("a", first, first + len("центры разграблены"), None, "Бизнесмены", "indirect"),
            StoryQuote("a", second, second + len("склады закрыты"), None, "бизнесмены", "indirect"),
        ],
    )
    groups = quotes_by_speaker(story, {"a": article}, {})
    assert [g.speaker for g in groups] == ["Бизнесмены"]
    assert len(groups[0].quotes) == 2


def test_unresolved_speaker_is_shown_by_its_label() -> None:
    from storyline.model import Annotation, QuoteMention

    text = "«Всё под контролем», — отметили в ведомстве. «Работаем», — сказали в ведомстве."
    a, b = text.index("Всё"), text.index("Работаем")
    quotes = [
        QuoteMention(a, a + 17, "Всё под контролем", "direct", "ведомстве", speaker_label="ведомство"),
        QuoteMention(b, b + 8, "Работаем", "direct", "ведомстве", speaker_label="ведомство"),
    ]
    article = Article(id="a", text=text, annotation=Annotation("ru", True, quotes=quotes))
    story = Story(
        "s",
        "t",
        ["a"],
        ["t1"],
        quotes=[StoryQuote("a", q.start, q.end, None, q.speaker_text, "direct") for q in quotes],
    )
    groups = quotes_by_speaker(story, {"a": article}, {})
    assert [(g.speaker, len(g.quotes)) for g in groups] == [("Ведомство", 2)]
