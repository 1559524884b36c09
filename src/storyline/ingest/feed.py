"""RSS and Atom feeds: one article per entry, its full text from the feed or its page.

Most feeds carry a one- or two-sentence lead, not the article; then the entry's
page is fetched and its main text extracted. Feeds that embed the article
(content:encoded, Atom content) are used as they are, saving a request per entry.
Labels are `feed#N`, N counting entries from 1 in feed order. Entry pages are
fetched a few at a time, within one deadline for the whole feed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any

from storyline.ingest.blobs import Blob, read_capped
from storyline.ingest.extract import extract_page, fragment_text, plain_title
from storyline.ingest.fetch import fetch_reason
from storyline.ingest.htmlpage import page_record
from storyline.ingest.normalise import clean_text, url_host
from storyline.ingest.records import RawRecord, Reader, reject, reject_record
from storyline.model import Rejection
from storyline.reasons import reason

# Feed content of at least this many characters (as plain text) is taken to be the
# full article. RSS descriptions of Russian outlets are a lead of one or two
# sentences (typically 150-350 characters), while articles are longer: the 5th
# percentile of article length is 627 characters in bsnlp-ru (661 articles) and 600
# in the Russian half of tgcontest-pairs; the shortest seed has 2196.
FULL_TEXT_MIN_CHARS = 500

# Entry pages fetched at once: enough that a feed of hanging links finishes in a
# few fetch deadlines, few enough to be polite to one outlet's server.
FEED_FETCHERS = 8
# Seconds all entry pages of one feed may take together (5 fetch deadlines).
DEFAULT_FEED_DEADLINE = 300.0

Fetch = Callable[[str], bytes]


def entry_html(entry: Any) -> str:
    """The longest text the entry itself carries: content, else summary."""
    candidates = [c.get("value", "") for c in entry.get("content") or [] if isinstance(c, dict)]
    candidates.append(entry.get("summary") or "")
    return max(candidates, key=len)


def entry_date(entry: Any) -> str | None:
    """The date as the feed wrote it (parsed later with its own offset), else
    feedparser's UTC reading of it."""
    for key in ("published", "updated", "created"):
        if entry.get(key):
            return str(entry[key])
    for key in ("published_parsed", "updated_parsed"):
        stamp = entry.get(key)
        if isinstance(stamp, time.struct_time):
            return time.strftime("%Y-%m-%d", stamp)
    return None


def read_feed(blob: Blob, cap: int, fetch: Fetch, page_cap: int, budget: FeedBudget | None = None) -> Reader:
    budget = budget or FeedBudget()
    data = read_capped(blob, cap)
    if data is None:
        yield reject(blob.label, reason("feed_too_large", limit=cap))
        return
    # The feed's own address resolves relative entry links (`/news/1.html`).
    headers = {"content-location": blob.url} if blob.url else None
    import feedparser  # here, not at import: only feeds need it

    parsed = feedparser.parse(data, response_headers=headers, sanitize_html=False, resolve_relative_uris=True)
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception")
        unreadable = bool(parsed.get("bozo") and problem)
        yield reject(
            blob.label, reason("feed_unreadable", detail=problem) if unreadable else reason("feed_empty")
        )
        return
    feed_title = plain_title(parsed.feed.get("title", "")) if parsed.get("feed") else ""
    feed_host = url_host(parsed.feed.get("link")) if parsed.get("feed") else None
    drafts = [
        entry_draft(f"{blob.label}#{number}", entry, feed_title, feed_host or url_host(blob.url))
        for number, entry in enumerate(entries, start=1)
    ]
    yield from _fetch_pages(drafts, fetch, page_cap, budget)


@dataclass
class FeedBudget:
    """How long a feed's entry pages may take together, and how many are fetched at
    once: a feed of 100 hanging links must not hold an ingest for 100 timeouts."""

    deadline: float = DEFAULT_FEED_DEADLINE
    workers: int = FEED_FETCHERS


@dataclass
class EntryDraft:
    """An entry's fields from the feed; `link` is set when its page must be fetched."""

    label: str
    fields: dict[str, Any]
    defaults: dict[str, Any]
    link: str | None = None
    outcome: RawRecord | Rejection | None = None


def entry_draft(label: str, entry: Any, feed_title: str, feed_host: str | None) -> EntryDraft:
    link = entry.get("link") or None
    own_text = clean_text(fragment_text(entry_html(entry)))
    fields: dict[str, Any] = {
        "id": entry.get("id") or None,
        "title": plain_title(entry.get("title", "")) or None,
        "url": link,
        "published": entry_date(entry),
    }
    if feed_title:
        fields["feed"] = feed_title
    defaults = {"source": url_host(link) or feed_host}
    draft = EntryDraft(label, fields, defaults)
    if len(own_text) >= FULL_TEXT_MIN_CHARS or not (link and link.startswith(("http://", "https://"))):
        if not own_text:
            draft.outcome = reject_record(label, reason("entry_no_text"))
        else:
            fields["text"] = own_text
            draft.outcome = RawRecord(label, fields, defaults)
    else:
        draft.link = link
    return draft


def _fetch_pages(drafts: list[EntryDraft], fetch: Fetch, page_cap: int, budget: FeedBudget) -> Reader:
    """Entry pages fetched a few at a time, outcomes yielded in feed order; what is
    not fetched by the feed's deadline is rejected as such."""
    wanted = [d for d in drafts if d.link]
    if not wanted:
        for draft in drafts:
            assert draft.outcome is not None
            yield draft.outcome
        return
    deadline_at = time.monotonic() + budget.deadline
    pool = ThreadPoolExecutor(max_workers=max(1, min(budget.workers, len(wanted))), thread_name_prefix="feed")
    try:
        futures = {id(d): pool.submit(fetch, d.link) for d in wanted if d.link}
        for draft in drafts:
            if draft.link is None:
                assert draft.outcome is not None
                yield draft.outcome
                continue
            future = futures[id(draft)]
            try:
                page_bytes = future.result(timeout=max(0.0, deadline_at - time.monotonic()))
            except FutureTimeout:
                future.cancel()
                limit = f"{budget.deadline:g}"
                yield reject_record(draft.label, reason("entry_timeout", link=draft.link, limit=limit))
                continue
            except Exception as exc:  # any fetcher failure is this entry's rejection
                yield reject_record(draft.label, fetch_reason(exc, draft.link))
                continue
            yield page_outcome(draft, draft.link, page_bytes, page_cap)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def page_outcome(draft: EntryDraft, link: str, page_bytes: bytes, page_cap: int) -> RawRecord | Rejection:
    if len(page_bytes) > page_cap:
        return reject_record(draft.label, reason("entry_too_large", link=link, limit=page_cap))
    page = extract_page(page_bytes, link)
    if page is None:
        return reject_record(draft.label, reason("entry_no_main_text", link=link))
    record = page_record(draft.label, page, link)
    # The feed's own fields win over what was extracted from the page.
    record.fields.update({k: v for k, v in draft.fields.items() if v})
    record.defaults.update({k: v for k, v in draft.defaults.items() if v})
    return record
