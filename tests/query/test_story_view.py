"""The story view on the seeds' story: limits, --since, sections, plurals, and golden output."""

from __future__ import annotations

import difflib
import io
import os
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from storyline import ru
from storyline.export.markdown import write_report, write_view
from storyline.query import Reader
from storyline.query.story_view import STATUS_ORDER, ViewOptions, build_story_view, load_story_view
from storyline.query.view import SECTIONS, StoryView
from storyline.store import open_store
from storyline.story.order import effective_day
from storyline.story.render import render_view

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "views"
WIDTH = 140
NOUNS = [f for f in vars(ru).values() if isinstance(f, ru.Forms)]


def seeds_story_id(reader: Reader) -> str:
    return reader.stories(limit=1).items[0].id


def terminal(view: StoryView) -> str:
    console = Console(record=True, width=WIDTH, color_system=None, file=io.StringIO())
    render_view(console, view)
    return console.export_text()


def markdown(view: StoryView) -> str:
    out = io.StringIO()
    write_view(view, out)
    return out.getvalue()


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("STORYLINE_REGOLD"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(True), text.splitlines(True), f"golden/{name}", "now", n=1
            )
        )
        pytest.fail(f"{name} differs from its golden file (STORYLINE_REGOLD=1 to accept):\n{diff}")


def agreement_errors(text: str) -> list[str]:
    """Every "N noun" in the text whose noun form does not agree with N."""
    errors = []
    for forms in NOUNS:
        for form in set(forms):
            for m in re.finditer(rf"(?<![\d.])(\d+) {re.escape(form)}(?!\w)", text):
                if ru.plural_form(int(m.group(1)), forms) != form:
                    errors.append(m.group(0))
    return errors


@pytest.mark.parametrize("which", ["seeds", "topic"])
def test_the_reader_builds_the_view_the_records_give(seeds_db: Path, topic_db: Path, which: str) -> None:
    """Month-precise seeds (tokens decoded) and day-precise bsnlp-ru (spans only)."""
    db = seeds_db if which == "seeds" else topic_db
    with open_store(db) as store, Reader(db) as reader:
        story_id = seeds_story_id(reader)
        story = store.get_story(story_id)
        articles = {a.id: a for a in store.iter_articles(story.article_ids)}
        entities = {e.id: e for e in store.entities()}
        novelty = {a: store.novelty(a) for a in articles}
        threads = reader.threads(story_id, limit=0).items
        for options in (ViewOptions(), ViewOptions(top=2), ViewOptions.full()):
            assert load_story_view(reader, story_id, options) == build_story_view(
                story, articles, entities, novelty, threads, options
            )


def test_default_view_limits_each_section_and_says_how_many_more(seeds_db: Path) -> None:
    with Reader(seeds_db) as reader:
        story_id = seeds_story_id(reader)
        full = load_story_view(reader, story_id, ViewOptions.full())
        for top in (1, 2, 3):
            view = load_story_view(reader, story_id, ViewOptions(top=top))
            for name in ("summary", "timeline", "background", "facts", "threads", "articles"):
                section, whole = getattr(view, name), getattr(full, name)
                assert len(section.items) == min(top, len(whole.items)), name
                assert section.total == whole.total and section.hidden == whole.total - len(section.items)
            shown = sum(len(g.quotes) for g in view.quotes.items)
            assert shown == min(top, full.quotes.total) and view.quotes.hidden == full.quotes.total - shown
            # One quote of each of the most quoted speakers before a second of any.
            assert len(view.quotes.items) == min(top, len(full.quotes.items))
            text = terminal(view)
            if view.facts.hidden:
                assert ru.more_line(view.facts.hidden, ru.FACTS, "--top 0 — показать все") in text
            assert "… ещё" in text
        assert all(s.hidden == 0 for s in (full.timeline, full.facts, full.quotes, full.articles))


def test_limited_sections_keep_the_latest_and_what_changed(seeds_db: Path) -> None:
    with Reader(seeds_db) as reader:
        story_id = seeds_story_id(reader)
        full = load_story_view(reader, story_id, ViewOptions.full())
        view = load_story_view(reader, story_id, ViewOptions(top=2))
    assert view.articles.items == full.articles.items[-2:]
    assert view.timeline.items == full.timeline.items[-2:]
    ranks = [STATUS_ORDER[f.status] for f in full.facts.items]
    assert ranks == sorted(ranks)
    assert view.facts.items == full.facts.items[:2]


def test_since_keeps_only_what_came_after(seeds_db: Path) -> None:
    since = date(2022, 1, 7)
    with Reader(seeds_db) as reader:
        story_id = seeds_story_id(reader)
        view = load_story_view(reader, story_id, ViewOptions(top=0, since=since))
        full = load_story_view(reader, story_id, ViewOptions.full())
        articles = {a.id: a for a in reader.articles_by_id(reader.story(story_id).article_ids)}
    kept = {line.citation.article_id for line in view.articles.items}
    assert kept and len(kept) < full.articles.total
    assert all((effective_day(articles[a])[0] or date.min) >= since for a in kept)
    assert all(
        any(c.article_id in kept for c in e.citations) for e in view.timeline.items + view.background.items
    )
    assert view.timeline.total < full.timeline.total
    assert all(q.citation.article_id in kept for g in view.quotes.items for q in g.quotes)
    assert all(any(v.citation.article_id in kept for v in f.values) for f in view.facts.items)
    assert all(s.citation is None or s.citation.article_id in kept for s in view.summary.items)
    assert f"{ru.SINCE} 2022-01-07: {len(kept)} из 5 статей" in terminal(view)


def test_sections_chosen_are_the_only_ones_printed(seeds_db: Path) -> None:
    with Reader(seeds_db) as reader:
        story_id = seeds_story_id(reader)
        view = load_story_view(reader, story_id, ViewOptions(sections=("facts", "quotes"), top=0))
    text = terminal(view)
    assert ru.SECTION_TITLES["facts"] in text and ru.SECTION_TITLES["quotes"] in text
    for other in ("summary", "timeline", "articles", "threads"):
        assert ru.SECTION_TITLES[other] not in text
    md = markdown(view)
    assert f"### {ru.SECTION_TITLES['facts']}" in md and f"### {ru.SECTION_TITLES['timeline']}" not in md


def test_articles_are_cited_by_id(seeds_db: Path) -> None:
    with Reader(seeds_db) as reader:
        view = load_story_view(reader, seeds_story_id(reader), ViewOptions.full())
        ids = set(reader.story(view.header.story_id).article_ids)
    text = terminal(view)
    cited = {c.article_id for e in view.timeline.items for c in e.citations}
    assert cited and cited <= ids
    assert all(article_id in text for article_id in ids)


def test_plurals_agree_in_every_view(seeds_db: Path, topic_db: Path) -> None:
    for db in (seeds_db, topic_db):
        with Reader(db) as reader:
            for row in reader.stories(limit=3).items:
                for options in (ViewOptions(), ViewOptions(top=1), ViewOptions.full()):
                    view = load_story_view(reader, row.id, options)
                    for text in (terminal(view), markdown(view)):
                        assert agreement_errors(text) == []


def test_agreement_check_can_fail() -> None:
    assert agreement_errors("154 статей, 1 статья, 3 сюжетных линий") == ["154 статей", "3 сюжетных линий"]


def test_golden_terminal_view_of_the_seeds(seeds_db: Path) -> None:
    with Reader(seeds_db) as reader:
        view = load_story_view(reader, seeds_story_id(reader))
    check_golden("seeds.show.txt", terminal(view))


def test_golden_markdown_report_of_the_seeds(seeds_db: Path) -> None:
    out = io.StringIO()
    with Reader(seeds_db) as reader:
        assert write_report(reader, out) == 1
    report = out.getvalue()
    assert all(f"### {ru.SECTION_TITLES[s]}" in report for s in SECTIONS)
    check_golden("seeds.md", report)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(top=st.integers(min_value=0, max_value=40), day=st.integers(min_value=1, max_value=12))
def test_shown_and_hidden_add_up_to_the_total(seeds_db_master: Path, top: int, day: int) -> None:
    with Reader(seeds_db_master) as reader:
        view = load_story_view(reader, seeds_story_id(reader), ViewOptions(top=top, since=date(2022, 1, day)))
    for section in (view.summary, view.timeline, view.background, view.facts, view.threads, view.articles):
        assert len(section.items) + section.hidden == section.total
        assert top == 0 or len(section.items) <= top
    shown = sum(len(g.quotes) for g in view.quotes.items)
    assert shown + view.quotes.hidden == view.quotes.total and (top == 0 or shown <= top)
    assert all(0 < len(g.quotes) <= g.total for g in view.quotes.items)
