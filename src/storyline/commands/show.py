"""`storyline show STORY`: one story's summary, timeline, facts, quotes, threads and articles."""

from __future__ import annotations

from typing import Annotated

import typer

from storyline.commands.common import DbOption, out, print_plain, reader
from storyline.query.view import DEFAULT_TOP


def show(
    story_id: Annotated[str, typer.Argument(help="A story id (see `storyline stories`).")],
    db: DbOption = None,
    since: Annotated[
        str | None,
        typer.Option(
            help="Only what articles since this day (YYYY-MM-DD) reported: events, facts, quotes, articles."
        ),
    ] = None,
    section: Annotated[
        list[str] | None,
        typer.Option(
            help="Only these sections: summary, timeline, facts, quotes, threads, articles (repeat or comma list)."
        ),
    ] = None,
    top: Annotated[int, typer.Option(min=0, help="Lines per section (0: all).")] = DEFAULT_TOP,
    as_json: Annotated[bool, typer.Option("--json", help="The same view as one JSON object.")] = False,
) -> None:
    """Print a story: summary, timeline, facts (updates and conflicts flagged), quotes by speaker, threads, articles.

    Each section shows its top lines and says how many more there are.
    Example: storyline show sty-000001 --db news.db --section timeline,facts --since 2022-01-07
    """
    from storyline.query.story_view import ViewOptions, load_story_view
    from storyline.query.view import view_json
    from storyline.story.render import render_view

    options = ViewOptions.parse(section, top, since)
    with reader(db) as read:
        view = load_story_view(read, story_id, options)
    if as_json:
        print_plain(view_json(view))
        return
    render_view(out, view)
