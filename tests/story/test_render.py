from __future__ import annotations

from rich.console import Console

from storyline.model import Story
from storyline.query.story_view import build_story_view
from storyline.story.render import render_view

from .samples import sample


def test_render_story_prints_every_section() -> None:
    story, articles, entities, novelty = sample()
    console = Console(record=True, width=160, color_system=None)
    render_view(console, build_story_view(story, articles, entities, novelty))
    out = console.export_text()
    assert "Миссия ОДКБ в Казахстане" in out
    assert "Россия направит 3000 военных.  [one.kz · a]" in out  # summary traced to its source, cited by id
    assert "Хронология" in out and "Россия направит военных." in out
    assert "Предыстория" in out and "Прецедент 2010 года." in out
    assert "3 000 → 1 400 (Ташиев)  [one.kz · a, two.kg · b]" in out and "обновлено" in out
    assert "не менее 26 → 30" in out and "расхождение" in out
    assert "Никол Пашинян" in out and "Мы готовы помочь" in out
    assert "two.kg · b" in out and "обновление" in out


def test_render_story_without_intelligence_still_prints() -> None:
    story = Story("s2", "", ["x"], [])
    console = Console(record=True, width=100, color_system=None)
    render_view(console, build_story_view(story, {}, {}, {}))
    assert "s2" in console.export_text()
