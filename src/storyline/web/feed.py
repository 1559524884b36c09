"""An Atom 1.0 feed (RFC 4287) of one story's changes: new threads, figures that
were updated or conflict, and dated events, newest first.

Built with ElementTree, so every text is escaped by the XML writer. Every entry
has the elements RFC 4287 requires (id, title, updated) and the feed has id,
title, updated, author and its self link. Ids are `tag:` URIs (RFC 4151) whose
parts are kept as written where they are letters or digits and percent-encoded
otherwise, so a measure with spaces still makes a valid IRI; an entry without a
date of its own is dated by the newest dated entry, never by the clock, so a feed
reader sees the same document until the story changes.

The feed's own words follow a language (`?lang=en`, else the reader's language
cookie, else Russian); what it quotes from the articles stays Russian, and in an
English feed is marked so (XHTML text constructs with `xml:lang="ru"` spans).
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from storyline.query.view import FactLine, StoryView, ValueLine
from storyline.web.i18n import Lang, Strings

ATOM = "http://www.w3.org/2005/Atom"
XHTML = "http://www.w3.org/1999/xhtml"
# Entries in one feed document: what a feed reader fetches at a time.
FEED_ENTRIES = 50
ET.register_namespace("", ATOM)
ET.register_namespace("xhtml", XHTML)
# The language of the feed's own words (labels, counts) unless asked for another:
# the interface's default.
FEED_LANG: Lang = "ru"
# The language of what the feed quotes from the articles (titles, events, subjects).
CONTENT_LANG = "ru"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# What an id part keeps as written: letters and digits of any script, `_`, and the
# ASCII characters an IRI path segment may hold (RFC 3987 iunreserved, the
# sub-delims, ":" and "@"); every other character is percent-encoded (UTF-8).
_UNSAFE = re.compile(r"[^\w\-.~!$&'()*+,;=:@]")


def _encode(match: re.Match[str]) -> str:
    return "".join(f"%{b:02X}" for b in match.group().encode("utf-8"))


def _segment(part: str) -> str:
    """One id part as an IRI path segment ("военнослужащие — направить" ->
    "военнослужащие%20%E2%80%94%20направить")."""
    return _UNSAFE.sub(_encode, part)


def _key(*parts: str | None) -> str:
    return "/".join(_segment(str(p)) for p in parts)


def _stamp(day: str | None, fallback: str | None = None) -> str | None:
    """An RFC 3339 date-time for a stored date of any precision (month -> its first day)."""
    if not day:
        return fallback
    padded = (day + "-01-01")[:10] if len(day) < 10 else day[:10]
    return f"{padded}T00:00:00Z"


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        node.text = text
    return node


# One part of an entry's text: (words, quoted from the articles?).
Part = tuple[str, bool]


def _text(parent: ET.Element, tag: str, parts: list[Part], lang: Lang) -> None:
    """A text construct (title, summary) of interface words and pieces quoted from
    the articles. In the articles' language it is plain text; in another, XHTML
    (RFC 4287 3.1.1.3) whose quoted pieces are spans marked `xml:lang="ru"`."""
    if lang == CONTENT_LANG or not any(quoted for _, quoted in parts):
        _el(parent, tag, "".join(text for text, _ in parts))
        return
    node = _el(parent, tag, type="xhtml")
    div = ET.SubElement(node, f"{{{XHTML}}}div")
    last: ET.Element | None = None
    for text, quoted in parts:
        if quoted:
            last = ET.SubElement(div, f"{{{XHTML}}}span", {XML_LANG: CONTENT_LANG})
            last.text = text
        elif last is None:
            div.text = (div.text or "") + text
        else:
            last.tail = (last.tail or "") + text


def _value(words: Strings, line: ValueLine) -> str:
    return line.text if words.lang == CONTENT_LANG else words.amount(line.amount) or line.text


def _status(words: Strings, fact: FactLine) -> str:
    if words.lang == CONTENT_LANG:
        return fact.status_label
    return words("status_single") if fact.single_report else words(f"status_{fact.status}")


def story_feed(
    view: StoryView, base_url: str, tag_authority: str = "storyline", lang: Lang = FEED_LANG
) -> bytes:
    """The story's feed document in `lang` (its own words; what it quotes from the
    articles stays Russian); `base_url` is the server's root ("http://127.0.0.1:8000")."""
    words = Strings(lang)
    story_id = view.header.story_id
    page = f"{base_url}/stories/{story_id}"
    entries: list[
        tuple[str | None, str, list[Part], list[Part], str]
    ] = []  # (updated, id, title, summary, link)
    for thread in view.threads.items:
        entries.append(
            (
                _stamp(thread.first_published),
                _key("thread", thread.thread_id),
                [(f"{words('feed_new_thread')}: ", False), (thread.title, True)],
                [(f"{words.n(thread.articles, 'articles')} · {thread.period}", False)],
                f"{page}#thread-{thread.thread_id}",
            )
        )
    for i, fact in enumerate(view.facts.items):
        if fact.status == "consistent" or not fact.values:
            continue
        latest = fact.values[-1]
        history = " → ".join(_value(words, v) for v in fact.values)
        entries.append(
            (
                _stamp(latest.published),
                _key("fact", fact.subject, fact.measure, latest.citation.article_id),
                [
                    (f"{_status(words, fact)}: ", False),
                    (fact.subject, True),
                    (", ", False),
                    (fact.measure, True),
                    (f" — {_value(words, latest)}", False),
                ],
                [(history, False)],
                f"{page}#fact-{i}",
            )
        )
    for event in view.timeline.items:
        entries.append(
            (
                _stamp(event.date),
                _key("event", event.date, hashlib.sha1(event.text.encode()).hexdigest()[:16]),
                [(f"{words.when(event)}: ", False), (event.text[:120], True)],
                [(event.text, True)],
                f"{page}#timeline",
            )
        )
    # An undated entry takes the newest date of the others (then the story's last
    # article's): only a story with no date at all is dated by the clock.
    dated = [e[0] for e in entries if e[0]]
    fallback = (
        max(dated)
        if dated
        else _stamp(view.header.last_published, datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    )
    stamped = [
        (when or fallback or "", key, title, summary, link) for when, key, title, summary, link in entries
    ]
    stamped.sort(key=lambda e: e[0], reverse=True)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: lang})
    _el(feed, "id", f"tag:{tag_authority},2022:story/{_segment(story_id)}")
    _text(feed, "title", [(view.header.title, True)], lang)
    _el(feed, "updated", stamped[0][0] if stamped else fallback)
    author = _el(feed, "author")
    _el(author, "name", "storyline")
    query = "" if lang == FEED_LANG else f"?lang={lang}"
    _el(feed, "link", rel="self", href=f"{base_url}/stories/{story_id}/feed.atom{query}")
    _el(feed, "link", rel="alternate", href=page, type="text/html")
    for updated, key, title, summary, link in stamped[:FEED_ENTRIES]:
        entry = _el(feed, "entry")
        _el(entry, "id", f"tag:{tag_authority},2022:story/{_segment(story_id)}/{key}")
        _text(entry, "title", title, lang)
        _el(entry, "updated", updated)
        _el(entry, "link", rel="alternate", href=link)
        _text(entry, "summary", summary, lang)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
