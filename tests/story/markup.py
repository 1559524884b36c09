"""Readable markup of a built story for golden files: novelty per sentence, timeline, ledger."""

from __future__ import annotations

from collections.abc import Sequence

from storyline.model import Article, Fact, FactValue
from storyline.story import StoryResult, reading_order
from storyline.story.order import effective_day
from storyline.story.present import value_text

LABEL = {"new": "NEW", "repeated": "REP", "updated": "UPD"}


def _short(article_id: str) -> str:
    return article_id[:6]


def _value(v: FactValue) -> str:
    who = f" по: {v.attributed_to}" if v.attributed_to else ""
    return f"{value_text(v)} [{_short(v.article_id)}{who}]"


def _fact(f: Fact) -> str:
    values = " → ".join(_value(v) for v in f.values)
    return f"{f.status:<11} {f.subject or '—'} / {f.measure}: {values}"


def story_markup(result: StoryResult, articles: Sequence[Article]) -> str:
    by_id = {a.id: a for a in articles}
    lines = [f"TITLE: {result.story.title}", "", "READING ORDER"]
    for a in reading_order(articles):
        day, inexact = effective_day(a)
        lines.append(
            f"  {_short(a.id)}  published {a.published}  placed at {day}{' (from text)' if inexact else ''}"
        )
    lines += ["", "SUMMARY"]
    for ev in result.summary_sentences:
        lines.append(
            f"  [{_short(ev.article_id)}] {' '.join(by_id[ev.article_id].text[ev.start : ev.end].split())}"
        )
    lines += ["", "NOVELTY"]
    for a in reading_order(articles):
        lines.append(f"  == {_short(a.id)}")
        assert a.annotation is not None
        for sent, mark in zip(a.annotation.sentences, result.novelty[a.id], strict=True):
            text = " ".join(a.text[sent.start : sent.end].split())
            ref = f"  <- {', '.join(_short(r) for r in mark.repeats)}" if mark.repeats else ""
            kind = "" if sent.kind == "text" else f"({sent.kind}) "
            lines.append(f"  {LABEL[mark.novelty]} {kind}{text}{ref}")
    lines += ["", "TIMELINE"]
    for event in result.story.timeline:
        when = event.date or "…"
        if event.date_end:
            when += f" – {event.date_end}"
        ctx = " [context]" if event.context else ""
        sources = ", ".join(f"{_short(e.article_id)}:{e.start}" for e in event.evidence)
        lines.append(f"  {when} ({event.precision}){ctx} {event.text}  {{{sources}}}")
    lines += ["", "LEDGER"]
    for f in result.story.facts:
        lines.append("  " + _fact(f))
    return "\n".join(lines) + "\n"
