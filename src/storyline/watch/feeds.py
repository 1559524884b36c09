"""A polled feed's bytes to entries: RSS 0.9x/1.0/2.0 and Atom (feedparser), JSON
Feed (its own small reader), and feeds discovered on a site's page.

Entries come out in feedparser's shape (`id`, `link`, `title`, `summary`,
`content`, `published`, `updated`) whatever the format, so one code path turns
them into articles (`ingest.feed.entry_draft`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import feedparser
from trafilatura.feeds import FeedParameters, determine_feed

# An XML entity declaration in a feed: feedparser would expand it, and nested ones
# ("billion laughs") grow a few hundred bytes into gigabytes. No real feed declares
# entities (RSS 0.91's DTD is referenced, not inlined), so any declaration is refused.
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
# Bytes looked at to tell what a response is.
SNIFF_BYTES = 4096
# Feeds tried from one page's discovery (a page may link a feed per rubric).
MAX_DISCOVERED = 3
JSON_FEED_VERSION = "https://jsonfeed.org/version/"


class NotAFeed(Exception):
    """The bytes are no feed; `page` is True when they are an HTML page (whose feeds
    can be discovered)."""

    def __init__(self, reason: str, page: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.page = page


@dataclass
class ParsedFeed:
    title: str
    link: str | None
    entries: list[dict[str, Any]] = field(default_factory=list)


def parse_feed(data: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """The feed's entries; NotAFeed with the reason when it is none (or refused)."""
    head = data[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")) or "json" in content_type:
        return _json_feed(data)
    if _ENTITY_DECLARATION.search(data):
        raise NotAFeed("XML entity declarations refused (entity expansion, e.g. billion laughs)")
    parsed = feedparser.parse(
        data,
        response_headers={"content-location": url, "content-type": content_type or "application/xml"},
        sanitize_html=False,
        resolve_relative_uris=True,
    )
    version = parsed.get("version") or ""
    if not version:
        if _looks_like_html(head, content_type):
            raise NotAFeed("an HTML page, not a feed", page=True)
        problem = parsed.get("bozo_exception")
        detail = f": {problem}" if problem else ""
        raise NotAFeed(f"not a feed (neither RSS, Atom nor JSON Feed){detail}")
    entries = [dict(e) for e in parsed.get("entries") or []]
    if not entries and parsed.get("bozo"):
        raise NotAFeed(f"malformed feed: {parsed.get('bozo_exception')}")
    feed = parsed.get("feed") or {}
    return ParsedFeed(str(feed.get("title") or ""), feed.get("link") or None, entries)


def _looks_like_html(head: bytes, content_type: str) -> bool:
    lowered = head.lower()
    return "html" in content_type or b"<html" in lowered or b"<!doctype html" in lowered


def _json_feed(data: bytes) -> ParsedFeed:
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise NotAFeed(f"malformed JSON Feed: {exc}") from exc
    if not isinstance(doc, dict) or not str(doc.get("version", "")).startswith(JSON_FEED_VERSION):
        raise NotAFeed("JSON, but not a JSON Feed (no jsonfeed.org version)")
    items = doc.get("items")
    if not isinstance(items, list):
        raise NotAFeed("malformed JSON Feed: 'items' is not a list")
    entries = [_json_entry(item) for item in items if isinstance(item, dict)]
    return ParsedFeed(str(doc.get("title") or ""), doc.get("home_page_url") or None, entries)


def _json_entry(item: dict[str, Any]) -> dict[str, Any]:
    """A JSON Feed item in feedparser's entry shape."""
    html = item.get("content_html")
    text = item.get("content_text")
    content = [{"value": v} for v in (html, text) if isinstance(v, str) and v]
    entry: dict[str, Any] = {
        "id": str(item["id"]) if item.get("id") is not None else None,
        "link": item.get("url") or item.get("external_url"),
        "title": item.get("title") or "",
        "summary": item.get("summary") or "",
        "content": content,
    }
    for ours, theirs in (("published", "date_published"), ("updated", "date_modified")):
        if isinstance(item.get(theirs), str):
            entry[ours] = item[theirs]
    return entry


def discover_feeds(page: bytes, url: str) -> list[str]:
    """Feed addresses a site's page links to: `<link rel="alternate">` of a feed type
    first, else links that look like feeds (trafilatura's feed finder)."""
    try:
        html = page.decode("utf-8")
    except UnicodeDecodeError:
        html = page.decode("cp1251", errors="replace")
    host = urlsplit(url).hostname or ""
    found = determine_feed(html, FeedParameters(url, host, url))
    return [f for f in found if f.startswith(("http://", "https://"))][:MAX_DISCOVERED]
