from __future__ import annotations

import io

from storyline.export.markdown import write_markdown
from storyline.model import Story
from tests.story.samples import sample


def test_write_markdown_reports_each_story_with_sources() -> None:
    story, articles, entities, novelty = sample()
    articles["a"].url = "https://one.kz/a"
    small = Story("s0", "Маленький сюжет", ["b"], ["t2"])
    out = io.StringIO()
    write_markdown([small, story], articles, entities, novelty, out)
    md = out.getvalue()
    assert md.startswith("# Сюжеты")
    assert md.index("## Миссия ОДКБ в Казахстане") < md.index("## Маленький сюжет")  # largest story first
    assert "- Россия направит 3000 военных. ([one.kz · a](https://one.kz/a))" in md
    assert "| 2022-01-06 | Россия направит военных. | [one.kz · a](https://one.kz/a) |" in md
    assert "- 2010: Прецедент 2010 года." in md
    assert "🔄 обновлено" in md and "⚠️ расхождение" in md
    assert "1 400 ([two.kg · b](#article-b), по словам: Ташиев)" in md
    assert "**Никол Пашинян**" in md and "> Мы готовы помочь" in md
    assert '<a id="article-b"></a>two.kg · b | 2022-01-07 | 0 | 0 | 1 |' in md


def test_cells_with_pipes_do_not_break_tables() -> None:
    story, articles, entities, novelty = sample()
    story.facts[0].measure = "a | b"
    out = io.StringIO()
    write_markdown([story], articles, entities, novelty, out)
    assert "a \\| b" in out.getvalue()
