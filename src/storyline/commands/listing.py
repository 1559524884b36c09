"""The listing commands: `articles`, `stats`, `stories` and `entities`, read-only
pages of what the database holds."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from storyline.commands.common import DbOption, JsonOption, out, page_note, print_list, print_plain, reader

# Other spellings of an entity shown in `storyline entities` (the export has them all).
ALIASES_SHOWN = 3
LimitOption = Annotated[int, typer.Option(min=0, help="At most this many (0: all).")]
OffsetOption = Annotated[int, typer.Option(min=0, help="Skip this many first (paging).")]


class ArticleOrder(StrEnum):
    ingest = "ingest"
    newest = "newest"


class StoryOrder(StrEnum):
    size = "size"
    recency = "recency"
    activity = "activity"


class EntityKind(StrEnum):
    PER = "PER"
    ORG = "ORG"
    LOC = "LOC"


def articles(
    db: DbOption = None,
    story: Annotated[str | None, typer.Option(help="Only the articles of this story.")] = None,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    sort: Annotated[
        ArticleOrder, typer.Option(help="ingest: arrival order; newest: latest publication first.")
    ] = ArticleOrder.ingest,
    as_json: JsonOption = False,
) -> None:
    """List stored articles, a page at a time.

    Example: storyline articles --db news.db --limit 10 --offset 10
    """
    from storyline.query import ArticleSort

    with reader(db) as read:
        page = read.articles(story, limit, offset, ArticleSort(sort.value))
    if as_json:
        for row in page.items:
            record = {
                "id": row.id,
                "source": row.source,
                "url": row.url,
                "title": row.title,
                "published": row.published,
                "published_precision": row.published_precision,
                "lang": row.lang,
                "thread_id": row.thread_id or "",
                "story_id": row.story_id or "",
                "duplicate_of": row.duplicate_of,
                "chars": row.chars,
            }
            print_plain(json.dumps(record, ensure_ascii=False))
        return
    rows = [
        (
            row.id,
            row.published or "—",
            row.source or "—",
            row.story_id or "—",
            row.title or " ".join(row.snippet.split()),
        )
        for row in page.items
    ]
    print_list(("id", "published", "source", "story", "title / text"), rows)
    page_note(len(page.items), offset, page.total, "articles")


def stats(db: DbOption = None) -> None:
    """Counts of what the database holds.

    Example: storyline stats --db news.db
    """
    with reader(db) as read:
        counts = read.counts()
    table = Table("what", "count")
    for name, value in (
        ("articles", counts.articles),
        ("near-duplicates", counts.duplicates),
        ("duplicate input ids", counts.aliases),
        ("rejections", counts.rejections),
        ("failures", counts.failures),
        ("threads", counts.threads),
        ("stories", counts.stories),
        ("entities", counts.entities),
    ):
        table.add_row(name, str(value))
    out.print(table)


def stories(
    db: DbOption = None,
    limit: LimitOption = 30,
    offset: OffsetOption = 0,
    sort: Annotated[
        StoryOrder,
        typer.Option(
            help="size: most articles; recency: latest article; activity: most articles in the newest week."
        ),
    ] = StoryOrder.size,
    entity: Annotated[str | None, typer.Option(help="Only the stories of this entity id.")] = None,
) -> None:
    """List stories, largest (or latest, or most active) first.

    Example: storyline stories --db news.db --sort activity --limit 10
    """
    from storyline.query import StorySort

    with reader(db) as read:
        order = StorySort(sort.value)
        page = read.stories_of_entity(entity, limit, offset) if entity else read.stories(order, limit, offset)
    rows = [
        (
            s.id,
            str(s.articles),
            str(s.threads),
            str(s.recent_articles),
            s.first_published or "—",
            s.last_published or "—",
            s.title,
        )
        for s in page.items
    ]
    print_list(("story", "articles", "threads", "this week", "from", "to", "title"), rows)
    page_note(len(page.items), offset, page.total, "stories")


def entities(
    db: DbOption = None,
    kind: Annotated[
        EntityKind | None, typer.Option("--type", help="Only people, organisations or places.")
    ] = None,
    limit: LimitOption = 30,
    offset: OffsetOption = 0,
) -> None:
    """List entities (people, organisations, places), most mentioned first; their ids select stories.

    Example: storyline entities --db news.db --type PER, then storyline stories --entity ID
    """
    with reader(db) as read:
        page = read.entities(kind.value if kind else None, limit, offset)
    rows = [
        (e.id, e.type, str(e.mention_count), e.name, ", ".join(e.aliases[:ALIASES_SHOWN])) for e in page.items
    ]
    print_list(("entity", "type", "mentions", "name", "also written"), rows)
    page_note(len(page.items), offset, page.total, "entities")
