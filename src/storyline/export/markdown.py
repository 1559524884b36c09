"""A readable markdown report, one section per story (`storyline export --format markdown`).

Each story is a `StoryView` (the same one `storyline show` prints), here whole:
every line of every section. Everything a reader sees points back to its
source: summary sentences, events, figures and quotes link to their articles,
cited by outlet and id. The report's own words are Russian (the default) or
English (`--lang en`, `?lang=en`; `report_words.py`), and in English what it
quotes from the articles is marked as Russian.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TextIO

from storyline import ru
from storyline.export.report_words import ReportLang, ReportWords
from storyline.model import Article, Entity, SentenceNovelty, Story
from storyline.query.reader import Reader
from storyline.query.story_view import ViewOptions, build_story_view, load_story_view
from storyline.query.view import Citation, FactLine, StoryView

STATUS_MARK = {"consistent": "", "updated": "🔄 ", "conflicting": "⚠️ "}
SHOW_ALL = "storyline show --top 0"
NO_DATE = ru.NO_DATE
NOVELTY_KEYS = tuple(ru.NOVELTY)


def _cell(text: str) -> str:
    """Text safe inside a markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _link(citation: Citation, w: ReportWords) -> str:
    label = w.content(_cell(citation.label))
    return f"[{label}]({citation.url or '#article-' + citation.article_id})"


def _history(fact: FactLine, w: ReportWords) -> str:
    parts = [
        f"{w.value(v)} ({_link(v.citation, w)}"
        + (f", {w.word('ATTRIBUTED')}: {w.content(_cell(v.attributed_to))}" if v.attributed_to else "")
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


def _more(hidden: int, noun: str, w: ReportWords, out: TextIO) -> None:
    if hidden:
        out.write(f"*{w.more(hidden, noun, SHOW_ALL)}*\n\n")


def write_view(view: StoryView, out: TextIO, lang: ReportLang = "ru") -> None:
    """One story's section of the report, in `lang`."""
    w = ReportWords(lang)
    head = view.header
    out.write(f"## {w.content(head.title)}\n\n")
    out.write(f"*{head.story_id}* · {head.period} · ")
    out.write(f"{w.n(head.articles, 'articles')}, {w.n(head.threads, 'threads')}\n\n")
    if head.sources:
        out.write(f"**{w.word('SOURCES_TITLE')}:** " + ", ".join(_link(c, w) for c in head.sources) + "\n\n")
    if head.participants:
        names = ", ".join(w.content(name) for name in head.participants)
        out.write(f"**{w.word('PARTICIPANTS')}:** " + names + "\n\n")
    for name in view.sections:
        _SECTIONS[name](view, w, out)


def _summary(view: StoryView, w: ReportWords, out: TextIO) -> None:
    if not view.summary.items and not view.summary_text:
        return
    out.write(f"### {w.title('summary')}\n\n")
    for line in view.summary.items:
        out.write(
            f"- {w.content(line.text)}" + (f" ({_link(line.citation, w)})" if line.citation else "") + "\n"
        )
    if view.summary_text:
        out.write(w.content(view.summary_text) + "\n")
    out.write("\n")
    _more(view.summary.hidden, "sentences", w, out)


def _timeline(view: StoryView, w: ReportWords, out: TextIO) -> None:
    if view.timeline.items:
        cols = (w.column("date"), w.column("event"), w.column("sources"))
        rows = (
            (w.when(e), w.content(_cell(e.text)), ", ".join(_link(c, w) for c in e.citations))
            for e in view.timeline.items
        )
        _table(w.title("timeline"), cols, rows, out)
        _more(view.timeline.hidden, "events", w, out)
    if view.background.items:
        out.write(f"**{w.title('background')}:**\n\n")
        for event in view.background.items:
            out.write(f"- {w.when(event)}: {w.content(event.text)}\n")
        out.write("\n")
        _more(view.background.hidden, "events", w, out)


def _facts(view: StoryView, w: ReportWords, out: TextIO) -> None:
    if not view.facts.items:
        return
    cols = (w.column("who"), w.column("what"), w.column("values"), w.column("status"))
    rows = (
        (
            w.content(_cell(f.subject)),
            w.content(_cell(f.measure)),
            _history(f, w),
            STATUS_MARK.get(f.status, "") + w.status(f),
        )
        for f in view.facts.items
    )
    _table(w.title("facts"), cols, rows, out)
    _more(view.facts.hidden, "facts", w, out)


def _quotes(view: StoryView, w: ReportWords, out: TextIO) -> None:
    if not view.quotes.items:
        return
    out.write(f"### {w.title('quotes')}\n\n")
    for group in view.quotes.items:
        out.write(f"**{w.speaker(group)}**\n\n")
        for quote in group.quotes:
            prefix = "" if quote.direct else f"({w.word('RETOLD')}) "
            out.write(f"> {prefix}{w.content(quote.text)} — {_link(quote.citation, w)}\n\n")
        out.write("\n")
    _more(view.quotes.hidden, "quotes", w, out)


def _threads(view: StoryView, w: ReportWords, out: TextIO) -> None:
    if not view.threads.items:
        return
    cols = (w.column("thread"), w.column("period"), w.column("articles"), w.column("title"))
    rows = ((t.thread_id, t.period, str(t.articles), w.content(_cell(t.title))) for t in view.threads.items)
    _table(w.title("threads"), cols, rows, out)
    _more(view.threads.hidden, "threads", w, out)


def _articles(view: StoryView, w: ReportWords, out: TextIO) -> None:
    if not view.articles.items:
        return
    cols = (w.column("article"), w.column("published"), *w.novelty_columns())
    rows = (
        (
            f'<a id="article-{line.citation.article_id}"></a>{w.content(_cell(line.citation.label))}',
            line.published or NO_DATE,
            *(str(line.novelty.get(k, 0)) for k in NOVELTY_KEYS),
        )
        for line in view.articles.items
    )
    _table(w.title("articles"), cols, rows, out)
    _more(view.articles.hidden, "articles", w, out)


_SECTIONS = {
    "summary": _summary,
    "timeline": _timeline,
    "facts": _facts,
    "quotes": _quotes,
    "threads": _threads,
    "articles": _articles,
}


def write_report(reader: Reader, out: TextIO, lang: ReportLang = "ru") -> int:
    """The report of every stored story, largest first, one story read at a time; returns the story count."""
    out.write(f"# {ReportWords(lang).word('REPORTS_TITLE')}\n\n")
    count = 0
    for story_id in reader.story_ids():
        write_view(load_story_view(reader, story_id, ViewOptions.full()), out, lang)
        count += 1
    return count


def write_markdown(
    stories: Iterable[Story],
    articles: Mapping[str, Article],
    entities: Mapping[str, Entity],
    novelty: Mapping[str, list[SentenceNovelty]],
    out: TextIO,
    lang: ReportLang = "ru",
) -> None:
    """The same report from records in memory (largest stories first)."""
    out.write(f"# {ReportWords(lang).word('REPORTS_TITLE')}\n\n")
    for story in sorted(stories, key=lambda s: (-len(s.article_ids), s.id)):
        write_view(
            build_story_view(story, articles, entities, novelty, options=ViewOptions.full()), out, lang
        )
