"""A readable markdown report, one section per story (`storyline export --format markdown`).

Each story is a `StoryView` (the same one `storyline show` prints), here whole:
every line of every section. Everything a reader sees points back to its
source: summary sentences, events, figures and quotes link to their articles,
cited by outlet and id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TextIO

from storyline import ru
from storyline.model import Article, Entity, SentenceNovelty, Story
from storyline.query.reader import Reader
from storyline.query.story_view import ViewOptions, build_story_view, load_story_view
from storyline.query.view import Citation, FactLine, StoryView

STATUS_MARK = {"consistent": "", "updated": "🔄 ", "conflicting": "⚠️ "}


def _cell(text: str) -> str:
    """Text safe inside a markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _link(citation: Citation) -> str:
    label = _cell(citation.label)
    return f"[{label}]({citation.url or '#article-' + citation.article_id})"


def _history(fact: FactLine) -> str:
    parts = [
        f"{v.text} ({_link(v.citation)}"
        + (f", {ru.ATTRIBUTED}: {_cell(v.attributed_to)}" if v.attributed_to else "")
        + ")"
        for v in fact.values
    ]
    if fact.hidden_values:
        parts.insert(1, f"… (+{fact.hidden_values})")
    return " → ".join(parts)


def _table(title: str, cols: Sequence[str], rows: Iterable[Sequence[str]], out: TextIO) -> None:
    """A section's heading and its table: one row of cells per item, cells already safe."""
    out.write(f"### {title}\n\n| {' | '.join(cols)} |\n|" + " --- |" * len(cols) + "\n")
    for row in rows:
        out.write(f"| {' | '.join(row)} |\n")
    out.write("\n")


def _more(hidden: int, forms: ru.Forms, out: TextIO) -> None:
    if hidden:
        out.write(f"*{ru.more_line(hidden, forms, 'storyline show --top 0')}*\n\n")


def write_view(view: StoryView, out: TextIO) -> None:
    """One story's section of the report."""
    head = view.header
    out.write(f"## {head.title}\n\n")
    out.write(f"*{head.story_id}* · {head.period} · ")
    out.write(f"{ru.plural(head.articles, ru.ARTICLES)}, {ru.plural(head.threads, ru.THREADS)}\n\n")
    if head.sources:
        out.write(f"**{ru.SOURCES_TITLE}:** " + ", ".join(_link(c) for c in head.sources) + "\n\n")
    if head.participants:
        out.write(f"**{ru.PARTICIPANTS}:** " + ", ".join(head.participants) + "\n\n")
    for name in view.sections:
        _SECTIONS[name](view, out)


def _summary(view: StoryView, out: TextIO) -> None:
    if not view.summary.items and not view.summary_text:
        return
    out.write(f"### {ru.SECTION_TITLES['summary']}\n\n")
    for line in view.summary.items:
        out.write(f"- {line.text}" + (f" ({_link(line.citation)})" if line.citation else "") + "\n")
    if view.summary_text:
        out.write(view.summary_text + "\n")
    out.write("\n")
    _more(view.summary.hidden, ru.SENTENCES, out)


def _timeline(view: StoryView, out: TextIO) -> None:
    if view.timeline.items:
        cols = (ru.COLUMNS["date"], ru.COLUMNS["event"], ru.COLUMNS["sources"])
        rows = (
            (e.when, _cell(e.text), ", ".join(_link(c) for c in e.citations)) for e in view.timeline.items
        )
        _table(ru.SECTION_TITLES["timeline"], cols, rows, out)
        _more(view.timeline.hidden, ru.EVENTS, out)
    if view.background.items:
        out.write(f"**{ru.SECTION_TITLES['background']}:**\n\n")
        for event in view.background.items:
            out.write(f"- {event.when}: {event.text}\n")
        out.write("\n")
        _more(view.background.hidden, ru.EVENTS, out)


def _facts(view: StoryView, out: TextIO) -> None:
    if not view.facts.items:
        return
    cols = (ru.COLUMNS["who"], ru.COLUMNS["what"], ru.COLUMNS["values"], ru.COLUMNS["status"])
    rows = (
        (_cell(f.subject), _cell(f.measure), _history(f), STATUS_MARK.get(f.status, "") + f.status_label)
        for f in view.facts.items
    )
    _table(ru.SECTION_TITLES["facts"], cols, rows, out)
    _more(view.facts.hidden, ru.FACTS, out)


def _quotes(view: StoryView, out: TextIO) -> None:
    if not view.quotes.items:
        return
    out.write(f"### {ru.SECTION_TITLES['quotes']}\n\n")
    for group in view.quotes.items:
        out.write(f"**{group.speaker}**\n\n")
        for quote in group.quotes:
            prefix = "" if quote.direct else f"({ru.RETOLD}) "
            out.write(f"> {prefix}{quote.text} — {_link(quote.citation)}\n\n")
        out.write("\n")
    _more(view.quotes.hidden, ru.QUOTES, out)


def _threads(view: StoryView, out: TextIO) -> None:
    if not view.threads.items:
        return
    cols = (ru.COLUMNS["thread"], ru.COLUMNS["period"], ru.COLUMNS["articles"], ru.COLUMNS["title"])
    rows = ((t.thread_id, t.period, str(t.articles), _cell(t.title)) for t in view.threads.items)
    _table(ru.SECTION_TITLES["threads"], cols, rows, out)
    _more(view.threads.hidden, ru.THREADS, out)


def _articles(view: StoryView, out: TextIO) -> None:
    if not view.articles.items:
        return
    cols = (ru.COLUMNS["article"], ru.COLUMNS["published"], *ru.NOVELTY.values())
    rows = (
        (
            f'<a id="article-{line.citation.article_id}"></a>{_cell(line.citation.label)}',
            line.published or ru.NO_DATE,
            *(str(line.novelty.get(k, 0)) for k in ru.NOVELTY),
        )
        for line in view.articles.items
    )
    _table(ru.SECTION_TITLES["articles"], cols, rows, out)
    _more(view.articles.hidden, ru.ARTICLES, out)


_SECTIONS = {
    "summary": _summary,
    "timeline": _timeline,
    "facts": _facts,
    "quotes": _quotes,
    "threads": _threads,
    "articles": _articles,
}


def write_report(reader: Reader, out: TextIO) -> int:
    """The report of every stored story, largest first, one story read at a time; returns the story count."""
    out.write(f"# {ru.REPORTS_TITLE}\n\n")
    count = 0
    for story_id in reader.story_ids():
        write_view(load_story_view(reader, story_id, ViewOptions.full()), out)
        count += 1
    return count


def write_markdown(
    stories: Iterable[Story],
    articles: Mapping[str, Article],
    entities: Mapping[str, Entity],
    novelty: Mapping[str, list[SentenceNovelty]],
    out: TextIO,
) -> None:
    """The same report from records in memory (largest stories first)."""
    out.write(f"# {ru.REPORTS_TITLE}\n\n")
    for story in sorted(stories, key=lambda s: (-len(s.article_ids), s.id)):
        write_view(build_story_view(story, articles, entities, novelty, options=ViewOptions.full()), out)
