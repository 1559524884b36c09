"""HTML pages (files or fetched URLs): the main text via trafilatura.

The source is the page's host when its address is known, so that an outlet has the
same name whether its articles arrive as pages, feed entries or JSON with a URL;
the site's own name (og:site_name) is kept in `meta.sitename`.
"""

from __future__ import annotations

from storyline.ingest.blobs import Blob, read_capped
from storyline.ingest.decode import utf16_codec
from storyline.ingest.extract import Page, extract_page
from storyline.ingest.normalise import url_host
from storyline.ingest.records import RawRecord, Reader, reject
from storyline.reasons import reason

NO_TEXT_REASON = reason("no_main_text")


def page_record(label: str, page: Page, url: str | None) -> RawRecord:
    address = page.url or url
    fields: dict[str, object] = {"text": page.text, "title": page.title, "url": address}
    if page.published:
        fields["published"] = page.published
    if page.sitename:
        fields["sitename"] = page.sitename
    source = url_host(address) or page.sitename
    return RawRecord(label, fields, defaults={"source": source} if source else {})


def read_html(blob: Blob, cap: int) -> Reader:
    data = read_capped(blob, cap)
    if data is None:
        yield reject(blob.label, reason("html_too_large", limit=cap))
        return
    if b"\x00" in data[:65536]:
        codec = utf16_codec(data)
        if codec is None:
            yield reject(blob.label, reason("html_binary"))
            return
        try:  # UTF-16 pages are rare but real (old Windows tools); the extractor wants UTF-8
            data = data.decode(codec).encode("utf-8")
        except UnicodeDecodeError:
            yield reject(blob.label, reason("broken_utf16"))
            return
    page = extract_page(data, blob.url)
    if page is None:
        yield reject(blob.label, NO_TEXT_REASON)
        return
    yield page_record(blob.label, page, blob.url)
