"""Main text out of HTML: trafilatura for whole pages, lxml for feed fragments.

Pages carry navigation, related links and footers; trafilatura keeps the article
body. Its date extraction is limited to markup and metadata (no "extensive search"),
because a date guessed from a copyright line or a sidebar would be stored as if the
outlet had stated it.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from storyline.ingest.normalise import clean_line

_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_BLOCKS = {
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "tr", "section", "article", "figcaption", "pre", "ul", "ol", "table",
}  # fmt: skip
_TAG = re.compile(r"<[^>]+>")
# On a page with no article, trafilatura falls back to whatever text there is: a
# menu ("Главная\nПолитика\nСпорт"), a cookie notice. An article has at least one
# paragraph of this many words; the shortest article in bsnlp-ru (661) has 12 words,
# and menus and footers are a few words per line.
MIN_PARAGRAPH_WORDS = 8


@dataclass
class Page:
    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    sitename: str | None = None


def extract_page(data: bytes | str, url: str | None = None) -> Page | None:
    """The article in an HTML page, or None when trafilatura finds no main text."""
    try:
        import trafilatura  # here, not at import: ~0.6 s that JSON/text input never needs

        doc = trafilatura.bare_extraction(
            data,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except (ValueError, TypeError, etree.LxmlError):
        return None
    if doc is None:
        return None
    meta = doc if isinstance(doc, dict) else doc.as_dict()
    text = meta.get("text") or ""
    title = meta.get("title") or None
    if title:
        text = _drop_leading_title(text, title)
    if max((len(line.split()) for line in text.splitlines()), default=0) < MIN_PARAGRAPH_WORDS:
        return None
    return Page(
        text=text,
        title=title,
        published=meta.get("date") or None,
        url=meta.get("url") or url,
        sitename=meta.get("sitename") or None,
    )


def _drop_leading_title(text: str, title: str) -> str:
    """trafilatura keeps the page's <h1> as the first line; the title is stored apart."""
    first, _, rest = text.partition("\n")
    if clean_line(first).casefold() == clean_line(title).casefold():
        return rest
    return text


def fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), one line per block."""
    if "<" not in fragment:
        return html_lib.unescape(fragment)
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return html_lib.unescape(_TAG.sub(" ", fragment))
    for bad in root.xpath(".//script|.//style|.//noscript"):
        bad.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
    return str(root.text_content())


def plain_title(value: str) -> str:
    """A feed title may carry markup or entities; keep the words."""
    return clean_line(html_lib.unescape(_TAG.sub(" ", value)))
