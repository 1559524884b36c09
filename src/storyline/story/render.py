"""The terminal view of one story (`storyline show STORY_ID`): a `StoryView` formatted with rich.

What is shown is decided by the view (`query/story_view.py`); this only lays it
out. A limited section ends with a line saying how many lines it left out and
how to see them.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from storyline import ru
from storyline.query.view import Citation, EventLine, FactLine, Section, StoryView

STATUS_STYLE = {"consistent": "green", "updated": "yellow", "conflicting": "bold red"}
# What a reader types to see a whole section.
SHOW_ALL = "--top 0 — показать все"


def render_view(console: Console, view: StoryView) -> None:
    """Title, counts, then each section asked for, in the view's order."""
    _header(console, view)
    for name in view.sections:
        _SECTIONS[name](console, view)


def _cite(citation: Citation) -> Text:
    return Text(f"  [{citation.label}]", style="dim")


def _more(console: Console, section: Section, forms: ru.Forms) -> None:  # type: ignore[type-arg]
    if section.hidden:
        console.print(Text(ru.more_line(section.hidden, forms, SHOW_ALL), style="dim"))


def _header(console: Console, view: StoryView) -> None:
    head = view.header
    console.rule(Text(head.title, style="bold"))
    span = head.period
    counts = f"{ru.plural(head.articles, ru.ARTICLES)} · {ru.plural(head.threads, ru.THREADS)}"
    console.print(Text(f"{head.story_id} · {counts} · {span}", style="dim"))
    if head.participants:
        console.print(Text(f"{ru.PARTICIPANTS}: ", style="dim").append(", ".join(head.participants)))
    if view.since is not None:
        kept = view.articles.total
        console.print(
            Text(
                f"{ru.SINCE} {view.since.isoformat()}: {kept} из {ru.plural(head.articles, ru.ARTICLES)}",
                style="dim",
            )
        )


def _summary(console: Console, view: StoryView) -> None:
    if not view.summary.items and not view.summary_text:
        return
    console.print()
    console.print(Text(ru.SECTION_TITLES["summary"], style="bold"))
    for line in view.summary.items:
        text = Text("• ").append(line.text)
        console.print(text.append_text(_cite(line.citation)) if line.citation else text)
    if view.summary_text:
        console.print(view.summary_text, markup=False, highlight=False)
    _more(console, view.summary, ru.SENTENCES)


def _events(lines: list[EventLine], title: str) -> Table:
    table = Table(
        ru.COLUMNS["date"], ru.COLUMNS["event"], ru.COLUMNS["sources"], title=title, title_justify="left"
    )
    for event in lines:
        table.add_row(event.when, event.text, ", ".join(c.label for c in event.citations))
    return table


def _timeline(console: Console, view: StoryView) -> None:
    if view.timeline.items:
        console.print(_events(view.timeline.items, ru.SECTION_TITLES["timeline"]))
        _more(console, view.timeline, ru.EVENTS)
    if view.background.items:
        console.print(_events(view.background.items, ru.SECTION_TITLES["background"]))
        _more(console, view.background, ru.EVENTS)


def _history(fact: FactLine) -> str:
    parts = [v.text + (f" ({v.attributed_to})" if v.attributed_to else "") for v in fact.values]
    if fact.hidden_values:
        parts.insert(1, f"… (+{fact.hidden_values})")
    return " → ".join(parts)


def _facts(console: Console, view: StoryView) -> None:
    if not view.facts.items:
        return
    columns = (ru.COLUMNS["who"], ru.COLUMNS["what"], ru.COLUMNS["values"], ru.COLUMNS["status"])
    table = Table(*columns, title=ru.SECTION_TITLES["facts"], title_justify="left")
    for fact in view.facts.items:
        sources = ", ".join(dict.fromkeys(v.citation.label for v in fact.values))
        table.add_row(
            fact.subject,
            fact.measure,
            Text(_history(fact)).append(f"  [{sources}]", style="dim"),
            Text(fact.status_label, style=STATUS_STYLE.get(fact.status, "")),
        )
    console.print(table)
    _more(console, view.facts, ru.FACTS)


def _quotes(console: Console, view: StoryView) -> None:
    if not view.quotes.items:
        return
    console.print()
    console.print(Text(ru.SECTION_TITLES["quotes"], style="bold"))
    for group in view.quotes.items:
        console.print(Text(group.speaker, style="bold cyan"))
        for quote in group.quotes:
            mark = "«»" if quote.direct else "≈"
            console.print(Text(f"  {mark} ").append(quote.text).append_text(_cite(quote.citation)))
    _more(console, view.quotes, ru.QUOTES)


def _threads(console: Console, view: StoryView) -> None:
    if not view.threads.items:
        return
    columns = (ru.COLUMNS["thread"], ru.COLUMNS["period"], ru.COLUMNS["articles"], ru.COLUMNS["title"])
    table = Table(*columns, title=ru.SECTION_TITLES["threads"], title_justify="left")
    for thread in view.threads.items:
        table.add_row(thread.thread_id, thread.period, str(thread.articles), thread.title)
    console.print(table)
    _more(console, view.threads, ru.THREADS)


def _articles(console: Console, view: StoryView) -> None:
    if not view.articles.items:
        return
    table = Table(
        ru.COLUMNS["article"],
        ru.COLUMNS["published"],
        *ru.NOVELTY.values(),
        title=ru.SECTION_TITLES["articles"],
        title_justify="left",
    )
    for line in view.articles.items:
        counts = [str(line.novelty.get(k, 0)) for k in ru.NOVELTY]
        table.add_row(line.citation.label, line.published or ru.NO_DATE, *counts)
    console.print(table)
    _more(console, view.articles, ru.ARTICLES)


_SECTIONS = {
    "summary": _summary,
    "timeline": _timeline,
    "facts": _facts,
    "quotes": _quotes,
    "threads": _threads,
    "articles": _articles,
}
