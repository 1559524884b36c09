"""An Atom 1.0 feed (RFC 4287) of one story's changes: new threads, figures that
were updated or conflict, and dated events, newest first.

Built with ElementTree, so every text is escaped by the XML writer. Every entry
has the elements RFC 4287 requires (id, title, updated) and the feed has id,
title, updated, author and its self link. Ids are `tag:` URIs (RFC 4151) whose
parts are kept as written where they are letters or digits and percent-encoded
otherwise, so a measure with spaces still makes a valid IRI; an entry without a
date of its own is dated by the newest dated entry, never by the clock, so a feed
reader sees the same document until the story changes.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from storyline.query.view import StoryView
from storyline.web.i18n import Lang, Strings, ru_strings

ATOM = "http://www.w3.org/2005/Atom"
# Entries in one feed document: what a feed reader fetches at a time.
FEED_ENTRIES = 50
ET.register_namespace("", ATOM)
# The language of the feed's own words (labels, counts): the interface's default.
FEED_LANG: Lang = "ru"
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


def story_feed(view: StoryView, base_url: str, tag_authority: str = "storyline") -> bytes:
    """The story's feed document; `base_url` is the server's root ("http://127.0.0.1:8000")."""
    words = Strings(FEED_LANG)
    story_id = view.header.story_id
    page = f"{base_url}/stories/{story_id}"
    entries: list[tuple[str | None, str, str, str, str]] = []  # (updated, id, title, summary, link)
    for thread in view.threads.items:
        entries.append(
            (
                _stamp(thread.first_published),
                _key("thread", thread.thread_id),
                f"{ru_strings()['feed_new_thread']}: {thread.title}",
                f"{words.n(thread.articles, 'articles')} · {thread.period}",
                f"{page}#thread-{thread.thread_id}",
            )
        )
    for i, fact in enumerate(view.facts.items):
        if fact.status == "consistent" or not fact.values:
            continue
        latest = fact.values[-1]
        history = " → ".join(v.text for v in fact.values)
        entries.append(
            (
                _stamp(latest.published),
                _key("fact", fact.subject, fact.measure, latest.citation.article_id),
                f"{fact.status_label}: {fact.subject}, {fact.measure} — {latest.text}",
                history,
                f"{page}#fact-{i}",
            )
        )
    for event in view.timeline.items:
        entries.append(
            (
                _stamp(event.date),
                _key("event", event.date, hashlib.sha1(event.text.encode()).hexdigest()[:16]),
                f"{event.when}: {event.text[:120]}",
                event.text,
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
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: FEED_LANG})
    _el(feed, "id", f"tag:{tag_authority},2022:story/{_segment(story_id)}")
    _el(feed, "title", view.header.title)
    _el(feed, "updated", stamped[0][0] if stamped else fallback)
    author = _el(feed, "author")
    _el(author, "name", "storyline")
    _el(feed, "link", rel="self", href=f"{base_url}/stories/{story_id}/feed.atom")
    _el(feed, "link", rel="alternate", href=page, type="text/html")
    for updated, key, title, summary, link in stamped[:FEED_ENTRIES]:
        entry = _el(feed, "entry")
        _el(entry, "id", f"tag:{tag_authority},2022:story/{_segment(story_id)}/{key}")
        _el(entry, "title", title)
        _el(entry, "updated", updated)
        _el(entry, "link", rel="alternate", href=link)
        _el(entry, "summary", summary)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
