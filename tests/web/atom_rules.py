"""An Atom 1.0 checker for the tests: the rules of RFC 4287 that a feed of ours
can break, each a line in the list `problems` returns (empty: the feed is valid).

Checked: the root is atom:feed; the feed and each entry carry exactly one id,
title and updated, at most one of the single elements (subtitle, rights,
summary, content, published, ...), an author (the feed's or the entry's own);
an entry without content has a rel="alternate" link, at most one alternate link
per (type, hreflang); ids are absolute IRIs (RFC 3987: no spaces, no
`<>"{}|\\^``, `%` followed by two hex digits) and a `tag:` id follows RFC 4151;
dates are RFC 3339 date-times; text constructs have type text, html or xhtml;
links have an href; a person has one name; no element of the Atom namespace
that RFC 4287 does not define.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime

NS = "http://www.w3.org/2005/Atom"
A = f"{{{NS}}}"

_FEED_ONCE = ("id", "title", "updated")
_FEED_AT_MOST_ONCE = ("generator", "icon", "logo", "rights", "subtitle")
_ENTRY_ONCE = ("id", "title", "updated")
_ENTRY_AT_MOST_ONCE = ("content", "published", "rights", "source", "summary")
_TEXT_CONSTRUCTS = ("title", "subtitle", "summary", "rights")
_KNOWN = {
    "feed",
    "entry",
    "id",
    "title",
    "updated",
    "author",
    "contributor",
    "name",
    "email",
    "uri",
    "link",
    "category",
    "generator",
    "icon",
    "logo",
    "rights",
    "subtitle",
    "summary",
    "content",
    "published",
    "source",
}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_NOT_IN_IRI = re.compile(r"[\s<>\"{}|\\^`\x00-\x1f\x7f]")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# RFC 4151: tag:authorityName,YYYY[-MM[-DD]]:specific
_TAG = re.compile(r"^tag:([A-Za-z0-9.\-]+|[^@\s]+@[A-Za-z0-9.\-]+),\d{4}(-\d{2}(-\d{2})?)?:.*$")
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _iri(value: str, where: str, absolute: bool) -> list[str]:
    out = []
    if absolute and not _SCHEME.match(value):
        out.append(f"{where}: {value!r} is not an absolute IRI")
    if _NOT_IN_IRI.search(value):
        out.append(f"{where}: {value!r} holds a character no IRI may hold")
    if _BAD_PERCENT.search(value):
        out.append(f"{where}: {value!r} has a % not followed by two hex digits")
    return out


def _date(value: str | None, where: str) -> list[str]:
    if not value or not _RFC3339.match(value):
        return [f"{where}: {value!r} is not an RFC 3339 date-time"]
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return [f"{where}: {value!r} is not a real moment"]
    return []


def _counts(node: ET.Element, where: str, once: tuple[str, ...], at_most: tuple[str, ...]) -> list[str]:
    out = []
    for name in once:
        n = len(node.findall(A + name))
        if n != 1:
            out.append(f"{where}: {n} atom:{name} elements, exactly one required")
    for name in at_most:
        n = len(node.findall(A + name))
        if n > 1:
            out.append(f"{where}: {n} atom:{name} elements, at most one allowed")
    return out


def _common(node: ET.Element, where: str) -> list[str]:
    """The rules a feed and an entry share: id, updated, text constructs, links, persons."""
    out = []
    ident = node.findtext(A + "id")
    if ident is not None:
        out += _iri(ident.strip(), f"{where} id", absolute=True)
        if ident.startswith("tag:") and not _TAG.match(ident):
            out.append(f"{where} id: {ident!r} is not a tag URI (RFC 4151)")
    for name in ("updated", "published"):
        for stamp in node.findall(A + name):
            out += _date(stamp.text, f"{where} {name}")
    for name in _TEXT_CONSTRUCTS:
        for text in node.findall(A + name):
            if text.get("type", "text") not in ("text", "html", "xhtml"):
                out.append(f"{where} {name}: type {text.get('type')!r}")
    alternates: set[tuple[str | None, str | None]] = set()
    for link in node.findall(A + "link"):
        href = link.get("href")
        if not href:
            out.append(f"{where}: a link without href")
            continue
        out += _iri(href, f"{where} link", absolute=False)
        if link.get("rel", "alternate") == "alternate":
            key = (link.get("type"), link.get("hreflang"))
            if key in alternates:
                out.append(f"{where}: two alternate links of type {key[0]!r}, hreflang {key[1]!r}")
            alternates.add(key)
    for person in node.findall(A + "author") + node.findall(A + "contributor"):
        if len(person.findall(A + "name")) != 1:
            out.append(f"{where}: a person without exactly one name")
    return out


def problems(document: bytes) -> list[str]:
    """Every RFC 4287 rule the document breaks (empty when it is a valid Atom feed)."""
    try:
        feed = ET.fromstring(document)
    except ET.ParseError as exc:
        return [f"not well-formed XML: {exc}"]
    if feed.tag != A + "feed":
        return [f"the root is {feed.tag}, not atom:feed"]
    out = _counts(feed, "feed", _FEED_ONCE, _FEED_AT_MOST_ONCE) + _common(feed, "feed")
    for node in feed.iter():
        if node.tag.startswith(A) and node.tag[len(A) :] not in _KNOWN:
            out.append(f"atom:{node.tag[len(A) :]} is not an Atom element")
    feed_author = feed.find(A + "author") is not None
    ids: set[str] = set()
    for i, entry in enumerate(feed.findall(A + "entry")):
        where = f"entry {i + 1}"
        out += _counts(entry, where, _ENTRY_ONCE, _ENTRY_AT_MOST_ONCE) + _common(entry, where)
        if not feed_author and entry.find(A + "author") is None:
            out.append(f"{where}: no author, and the feed has none")
        links = [link.get("rel", "alternate") for link in entry.findall(A + "link")]
        if entry.find(A + "content") is None and "alternate" not in links:
            out.append(f"{where}: neither content nor an alternate link")
        ident = entry.findtext(A + "id") or ""
        if ident in ids:
            out.append(f"{where}: id {ident!r} repeats an earlier entry's")
        ids.add(ident)
    return out
