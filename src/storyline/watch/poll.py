"""One poll of one source, on the network only: the feed (conditionally), its new
or changed entries, and their pages. Nothing is stored here; `store_poll` does
that in one transaction.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field, replace
from typing import Any

from storyline.ingest.extract import plain_title
from storyline.ingest.feed import EntryDraft, entry_draft, entry_html, page_outcome
from storyline.ingest.fetch import HTTP_NOT_MODIFIED, FetchError, Response, fetch_reason
from storyline.ingest.normalise import normalise, url_host
from storyline.ingest.records import reject
from storyline.model import Article, Rejection, SeenEntry, SourceState
from storyline.reasons import Reason, reason
from storyline.watch.feeds import NotAFeed, ParsedFeed, discover_feeds, parse_feed
from storyline.watch.polite import PoliteFetcher
from storyline.watch.timing import Phases

# Content types taken for an HTML page (a missing type is given the benefit of the doubt).
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")
# Seconds one poll (feed and all its new pages) may take; pages not fetched by then
# stay unseen and are fetched at the next poll.
DEFAULT_POLL_DEADLINE_S = 300.0
# New or changed entries handled per poll: a feed that suddenly lists thousands does
# not hold the watcher for hours; the rest come at the next polls (the feed's
# validators are kept back meanwhile, so those polls are not answered 304).
MAX_ENTRIES_PER_POLL = 500


@dataclass
class Handled:
    """One entry's outcome: a new article, an edit of a stored one, or a rejection."""

    seen: SeenEntry
    outcome: Article | Rejection
    edit_of: str | None = None  # the stored article an edited entry replaces


@dataclass
class PollResult:
    state: SourceState
    handled: list[Handled] = field(default_factory=list)
    rejection: Rejection | None = None  # the source as a whole failed
    new_entries: int = 0
    phases: Phases = field(default_factory=Phases)  # where the poll's time went (`watch/timing.py`)


def source_label(url: str) -> str:
    return f"watch {url}"


def fingerprint(entry: dict[str, Any]) -> str:
    """What the feed says about an entry's version: its updated date, title and text."""
    parts = [str(entry.get(k) or "") for k in ("updated", "published", "title", "link")]
    parts.append(entry_html(entry))
    return hashlib.sha1("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()


def entry_key(entry: dict[str, Any]) -> str | None:
    return str(entry.get("id") or entry.get("link") or "").strip() or None


@dataclass
class Poller:
    fetcher: PoliteFetcher
    max_bytes: int = 1_000_000  # one article's text
    page_cap: int = 5_000_000  # one page's bytes
    deadline: float = DEFAULT_POLL_DEADLINE_S

    def poll(self, state: SourceState, seen: dict[str, SeenEntry], now: float) -> PollResult:
        state = replace(state, last_poll=now)
        label = source_label(state.url)
        phases = Phases()
        try:
            with phases.timed("feed"):
                feed, response = self._feed(state)
        except (FetchError, NotAFeed) as exc:
            why = _source_reason(exc)
            state.status, state.failures = f"error: {why.text}", state.failures + 1
            return PollResult(state, rejection=reject(label, why), phases=phases)
        state.failures = 0
        if response.status == HTTP_NOT_MODIFIED or feed is None:
            state.status = "not modified"
            return PollResult(state, phases=phases)
        state.status = "ok"
        result = PollResult(state, phases=phases)
        deadline_at = time.monotonic() + self.deadline
        feed_title = plain_title(feed.title)
        host = url_host(feed.link) or url_host(state.feed_url)
        complete = True  # every new or changed entry handled
        for entry in feed.entries:
            key = entry_key(entry)
            if key is None:
                continue
            mark = fingerprint(entry)
            known = seen.get(key)
            if known is not None and known.fingerprint == mark:
                continue
            if len(result.handled) >= MAX_ENTRIES_PER_POLL or time.monotonic() > deadline_at:
                complete = False  # left unseen: fetched at the next poll
                break
            result.new_entries += known is None
            entry_label = f"{state.feed_url} entry {key}"
            outcome = self._article(entry_draft(entry_label, entry, feed_title, host), phases)
            edit_of = known.article_id if known is not None else None  # None: a rejected entry changed
            if isinstance(outcome, Article) and edit_of:
                outcome.id = edit_of
            article_id = outcome.id if isinstance(outcome, Article) else None
            result.handled.append(Handled(SeenEntry(state.url, key, mark, article_id), outcome, edit_of))
        if complete:
            state.etag, state.last_modified = response.etag, response.last_modified
        # else the old validators stay: the next poll gets the feed again (not a 304) and
        # fetches what was left, although the feed itself did not change meanwhile
        return result

    def _feed(self, state: SourceState) -> tuple[ParsedFeed | None, Response]:
        """The feed (None when not modified); discovers it on a page the first time."""
        if state.feed_url:
            response = self.fetcher.get(state.feed_url, state.etag, state.last_modified)
            if response.status == HTTP_NOT_MODIFIED:
                return None, response
            return parse_feed(response.body, response.url, response.content_type), response
        response = self.fetcher.get(state.url)
        try:
            feed = parse_feed(response.body, response.url, response.content_type)
            state.feed_url = state.url
            return feed, response
        except NotAFeed as exc:
            if not exc.page:
                raise
            found = discover_feeds(response.body, response.url)
        if not found:
            raise NotAFeed("an HTML page that links to no feed")
        problem: Exception | None = None
        for candidate in found:
            try:
                response = self.fetcher.get(candidate)
                feed = parse_feed(response.body, response.url, response.content_type)
            except (FetchError, NotAFeed) as exc:
                problem = exc
                continue
            state.feed_url = candidate
            return feed, response
        raise NotAFeed(f"no feed found on the page could be read: {problem}")

    def _article(self, draft: EntryDraft, phases: Phases) -> Article | Rejection:
        if draft.link is not None:
            try:
                with phases.timed("pages"):  # the host's gap before each page included
                    page = self.fetcher.get(draft.link)
            except FetchError as exc:
                return reject(draft.label, fetch_reason(exc, draft.link))
            if page.content_type not in HTML_TYPES:
                return reject(draft.label, reason("entry_not_html", link=draft.link, type=page.content_type))
            with phases.timed("extract"):
                record = page_outcome(draft, page.url, page.body, self.page_cap)
        else:
            record = draft.outcome  # type: ignore[assignment]
        if isinstance(record, Rejection):
            return Rejection(record.input, record.reason, record.code, record.params)
        assert record is not None
        try:
            with phases.timed("extract"):
                return normalise(record, self.max_bytes)
        except Exception as exc:  # as ingest does: a bug in normalising is this entry's rejection
            return reject(draft.label, reason("unexpected_error", type=type(exc).__name__, detail=exc))


def _source_reason(exc: FetchError | NotAFeed) -> Reason:
    """Why a watched source as a whole could not be read (its words are the error's)."""
    detail = str(exc)
    if isinstance(exc, NotAFeed):
        return reason("not_a_feed", detail=detail)
    if exc.status is not None:
        return reason("source_fetch_http", status=exc.status, detail=detail)
    return reason("source_fetch_failed", detail=detail)
