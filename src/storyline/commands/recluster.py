"""`storyline recluster`: rebuild threads, stories and entities from the stored annotations."""

from __future__ import annotations

from storyline.commands.common import DbOption, WaitOption, open_db, out, pipeline, progress
from storyline.config import Settings


def recluster(db: DbOption = None, wait: WaitOption = None) -> None:
    """Rebuild threads, stories and entities from the stored annotations.

    Example: storyline recluster --db news.db
    """
    settings = Settings.from_env(db=db, wait=wait)
    with open_db(db, readonly=False) as store, progress() as update:
        with pipeline(store, settings, "storyline recluster", update) as writer:
            report = writer.recluster()
        threads, story_count = len(store.threads()), len(store.stories())
    out.print(f"{report.grouped} articles in {threads} threads and {story_count} stories")
