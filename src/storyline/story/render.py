"""The terminal view of one story (`storyline show STORY_ID`)."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Console
from rich.table import Table
from rich.text import Text

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

STATUS_STYLE = {"consistent": "green", "updated": "yellow", "conflicting": "bold red"}


def render_story(
    console: Console,
    story: Story,
    articles: Mapping[str, Article],
    entities: Mapping[str, Entity],
    novelty: Mapping[str, list[SentenceNovelty]],
) -> None:
    """Title, summary with sources, timeline, fact ledger (updates and conflicts flagged), quotes by speaker."""
    ordered = reading_order([articles[a] for a in story.article_ids if a in articles])
    console.rule(Text(story.title or story.id, style="bold"))
    span = f"{story.first_published or '?'} — {story.last_published or '?'}"
    console.print(
        f"[dim]{story.id} · {len(story.article_ids)} статей · {len(story.thread_ids)} сюжетных линий · {span}[/dim]"
    )
    if story.entity_ids:
        names = ", ".join(entity_name(e, entities, e) for e in story.entity_ids[:8])
        console.print(f"[dim]Участники:[/dim] {names}")

    console.print()
    console.print("[bold]Кратко[/bold]")
    traced = trace_summary(story.summary, ordered)
    if traced:
        for ev in traced:
            sentence = " ".join(articles[ev.article_id].text[ev.start : ev.end].split())
            console.print(
                Text("• ")
                .append(sentence)
                .append(f"  [{source_label(articles.get(ev.article_id), ev.article_id)}]", style="dim")
            )
    elif story.summary:
        console.print(story.summary)

    own = [ev for ev in story.timeline if not ev.context]
    background = [ev for ev in story.timeline if ev.context]
    if own:
        table = Table(
            "дата", "событие", "источников", title="Хронология", title_justify="left", show_lines=False
        )
        for event in own:
            sources = len({e.article_id for e in event.evidence})
            table.add_row(when_text(event), event.text, str(sources))
        console.print(table)
    if background:
        console.print("[bold]Предыстория[/bold]")
        for event in background:
            console.print(Text(f"{when_text(event)}  ", style="dim").append(event.text))

    if story.facts:
        table = Table("кто", "что", "значения", "статус", title="Цифры", title_justify="left")
        for fact in story.facts:
            history = " → ".join(
                value_text(v) + (f" ({v.attributed_to})" if v.attributed_to else "") for v in fact.values
            )
            status = Text(STATUS_RU[fact.status], style=STATUS_STYLE[fact.status])
            table.add_row(fact.subject or "—", fact.measure, history, status)
        console.print(table)

    groups = quotes_by_speaker(story, articles, entities)
    if groups:
        console.print("[bold]Цитаты[/bold]")
        for group in groups:
            console.print(Text(group.speaker, style="bold cyan"))
            for quote, text in group.quotes:
                mark = "«»" if quote.kind == "direct" else "≈"
                console.print(
                    Text(f"  {mark} ")
                    .append(text)
                    .append(
                        f"  [{source_label(articles.get(quote.article_id), quote.article_id)}]", style="dim"
                    )
                )

    table = Table(
        "статья",
        "опубликована",
        *NOVELTY_RU.values(),
        title="Что нового в каждой статье",
        title_justify="left",
    )
    for article in ordered:
        counts = novelty_counts(novelty.get(article.id, []))
        table.add_row(
            source_label(article, article.id), article.published or "—", *(str(counts[k]) for k in NOVELTY_RU)
        )
    console.print(table)
