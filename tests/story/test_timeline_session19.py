"""Session 19: a crawl-stamped article's undated news on its lead's day (issue #10).

Real text (bsnlp-ru us_election_2020, every article stored on the crawl's stamp
2021-02-01), real annotator. Before the rule, once an earlier article's dateline had proved
the stamp, an article with no dateline of its own dated none of its undated news: its title
and teaser ("Конгресс США утвердил избрание Джо Байдена президентом") were no event, though
its lead says the Congress did it "в четверг, 7 января"; and when the proof came after such
an article, its news taken back from the stamp was dropped too."""

from __future__ import annotations

from typing import Any

from storyline.model import Article, Story
from storyline.story import build_story

from .seedkit import link_entities

STAMP = "2021-02-01"
# elections_ru_129: a dateline proves the stamp
PENCE = (
    "6 января 2021, 08:25 Прослушать новость Остановить В канун грядущего официального объявления "
    "победителя выборов президента США-2020 Майк Пенс провел регламентный обед с Дональдом Трампом."
)
# elections_ru_39: no dateline; the lead tells its day
CONGRESS = (
    "Мир\n\nКонгресс США утвердил избрание Джо Байдена президентом\n\n"
    "Байден набрал более 270 утвержденных Конгрессом голосов выборщиков.\n\n"
    "Конгресс США в четверг, 7 января, официально утвердил демократа Джо Байдена на должности "
    "следующего президента США, в которую политик вступит, как ожидается, 20 января."
)


def _article(annotator: Any, ident: str, text: str, seq: int) -> Article:
    article = Article(
        id=ident, text=text, published=STAMP, published_precision="day", lang="ru", source=ident, seq=seq
    )
    article.annotation = annotator.annotate_many([article])[0]
    return article


def _timeline(articles: list[Article]) -> list[tuple[str | None, str]]:
    story = Story("s", "", [a.id for a in articles], [], first_published=articles[0].published)
    timeline = build_story(story, articles, link_entities(articles)).story.timeline
    texts = {a.id: a.text for a in articles}
    return [(e.date, " ".join(texts[x.article_id][x.start : x.end] for x in e.evidence)) for e in timeline]


def test_undated_news_of_a_stamped_article_takes_its_leads_day(annotator: Any) -> None:
    events = _timeline([_article(annotator, "a", PENCE, 1), _article(annotator, "b", CONGRESS, 2)])
    assert any(date == "2021-01-07" and "набрал более 270" in said for date, said in events), events
    assert not any(date == STAMP for date, _ in events)


def test_a_proof_after_the_article_moves_its_news_to_its_leads_day(annotator: Any) -> None:
    # the stamped article comes first: its news went on the stamp, then the proof took it back
    events = _timeline([_article(annotator, "b", CONGRESS, 1), _article(annotator, "a", PENCE, 2)])
    assert any(date == "2021-01-07" and "набрал более 270" in said for date, said in events), events
    assert not any(date == STAMP for date, _ in events)
