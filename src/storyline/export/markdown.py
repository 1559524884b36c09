"""A readable markdown report, one section per story (`storyline export --format markdown`).

Everything a reader sees points back to its source: summary sentences and
timeline events carry links to their articles, figures their outlet and date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TextIO

from storyline.model import Article, Entity, SentenceNovelty, Story
from storyline.story.order import reading_order
from storyline.story.present import (
    NOVELTY_RU,
    STATUS_RU,
    entity_name,
    novelty_counts,
    quotes_by_speaker,
    source_label,
    value_text,
    when_text,
)
from storyline.story.summary import trace_summary

STATUS_MARK = {"consistent": "", "updated": "🔄 ", "conflicting": "⚠️ "}


def _cell(text: str) -> str:
    """Text safe inside a markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _link(article: Article | None, article_id: str) -> str:
    label = _cell(source_label(article, article_id))
    if article is not None and article.url:
        return f"[{label}]({article.url})"
    return f"[{label}](#article-{article_id})"


def _story(
    story: Story,
    articles: Mapping[str, Article],
    entities: Mapping[str, Entity],
    novelty: Mapping[str, list[SentenceNovelty]],
    out: TextIO,
) -> None:
    ordered = reading_order([articles[a] for a in story.article_ids if a in articles])
    out.write(f"## {story.title or story.id}\n\n")
    out.write(f"*{story.id}* · {story.first_published or '?'} — {story.last_published or '?'} · ")
    out.write(f"{len(story.article_ids)} статей, {len(story.thread_ids)} сюжетных линий\n\n")
    sources = list(dict.fromkeys(_link(a, a.id) for a in ordered))
    if sources:
        out.write("**Источники:** " + ", ".join(sources) + "\n\n")
    if story.entity_ids:
        out.write(
            "**Участники:** " + ", ".join(entity_name(e, entities, e) for e in story.entity_ids[:10]) + "\n\n"
        )

    if story.summary:
        out.write("### Кратко\n\n")
        traced = trace_summary(story.summary, ordered)
        if traced:
            for ev in traced:
                sentence = " ".join(articles[ev.article_id].text[ev.start : ev.end].split())
                out.write(f"- {sentence} ({_link(articles.get(ev.article_id), ev.article_id)})\n")
        else:
            out.write(story.summary + "\n")
        out.write("\n")

    own = [ev for ev in story.timeline if not ev.context]
    background = [ev for ev in story.timeline if ev.context]
    if own:
        out.write("### Хронология\n\n| дата | событие | источники |\n| --- | --- | --- |\n")
        for event in own:
            links = ", ".join(
                dict.fromkeys(_link(articles.get(e.article_id), e.article_id) for e in event.evidence)
            )
            out.write(f"| {when_text(event)} | {_cell(event.text)} | {links} |\n")
        out.write("\n")
    if background:
        out.write("**Предыстория:**\n\n")
        for event in background:
            out.write(f"- {when_text(event)}: {event.text}\n")
        out.write("\n")

    if story.facts:
        out.write("### Цифры\n\n| кто | что | значения | статус |\n| --- | --- | --- | --- |\n")
        for fact in story.facts:
            history = " → ".join(
                f"{value_text(v)} ({_link(articles.get(v.article_id), v.article_id)}"
                + (f", по словам: {_cell(v.attributed_to)}" if v.attributed_to else "")
                + ")"
                for v in fact.values
            )
            status = STATUS_MARK[fact.status] + STATUS_RU[fact.status]
            out.write(f"| {_cell(fact.subject or '—')} | {_cell(fact.measure)} | {history} | {status} |\n")
        out.write("\n")

    groups = quotes_by_speaker(story, articles, entities)
    if groups:
        out.write("### Цитаты\n\n")
        for group in groups:
            out.write(f"**{group.speaker}**\n\n")
            for quote, text in group.quotes:
                prefix = "" if quote.kind == "direct" else "(пересказ) "
                out.write(f"> {prefix}{text} — {_link(articles.get(quote.article_id), quote.article_id)}\n\n")
            out.write("\n")

    if ordered:
        out.write("### Что нового в каждой статье\n\n")
        out.write("| статья | опубликована | " + " | ".join(NOVELTY_RU.values()) + " |\n")
        out.write("| --- | --- |" + " --- |" * len(NOVELTY_RU) + "\n")
        for article in ordered:
            counts = novelty_counts(novelty.get(article.id, []))
            anchor = f'<a id="article-{article.id}"></a>'
            cells = " | ".join(str(counts[k]) for k in NOVELTY_RU)
            out.write(
                f"| {anchor}{_cell(source_label(article, article.id))} | {article.published or '—'} | {cells} |\n"
            )
        out.write("\n")


def write_markdown(
    stories: Iterable[Story],
    articles: Mapping[str, Article],
    entities: Mapping[str, Entity],
    novelty: Mapping[str, list[SentenceNovelty]],
    out: TextIO,
) -> None:
    """One markdown document: a section per story, largest stories first."""
    items = sorted(stories, key=lambda s: (-len(s.article_ids), s.id))
    out.write("# Сюжеты\n\n")
    for story in items:
        _story(story, articles, entities, novelty, out)
