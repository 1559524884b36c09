"""A story's Atom feed validates as Atom 1.0 (RFC 4287, checked by `atom_rules`),
and stays the same document until the story changes."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline.web.app import create_app
from storyline.web.feed import _segment
from tests.web.atom_rules import A, problems

# Longer than the one-second resolution of the feed's dates.
FEED_CLOCK_GAP_S = 1.1


def _feed(client: TestClient, story_id: str) -> bytes:
    response = client.get(f"/stories/{story_id}/feed.atom")
    assert response.status_code == 200
    return response.content


def test_the_seeds_feed_is_valid_atom(client: TestClient, story_id: str) -> None:
    assert problems(_feed(client, story_id)) == []


def test_the_feed_is_the_same_document_until_the_story_changes(web_db: Path, story_id: str) -> None:
    """An undated entry (the seeds' «до 19 января» event) is dated by the story, not by
    the clock: a feed reader polling an unchanged story gets the same bytes."""
    with TestClient(create_app(web_db, cache_entries=0)) as uncached:
        first = _feed(uncached, story_id)
        time.sleep(FEED_CLOCK_GAP_S)
        assert _feed(uncached, story_id) == first
    feed = ET.fromstring(first)
    stamps = [e.findtext(f"{A}updated") or "" for e in feed.findall(f"{A}entry")]
    assert feed.findtext(f"{A}updated") == max(stamps)


def test_the_feed_speaks_russian_with_agreeing_counts(client: TestClient, story_id: str) -> None:
    feed = ET.fromstring(_feed(client, story_id))
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru"
    threads = [e for e in feed.findall(f"{A}entry") if "/thread/" in (e.findtext(f"{A}id") or "")]
    assert threads
    for entry in threads:
        count = (entry.findtext(f"{A}summary") or "").split(" · ")[0]
        assert count.split()[-1] in ("статья", "статьи", "статей"), count


def test_an_unknown_story_has_no_feed(client: TestClient) -> None:
    response = client.get("/stories/sty-x/feed.atom")
    assert response.status_code == 404 and set(response.json()) == {"error"}


@pytest.mark.parametrize(
    ("part", "segment"),
    [
        ("Россия", "Россия"),
        ("военнослужащие — направить", "военнослужащие%20%E2%80%94%20направить"),
        ("a/b?c#d%e", "a%2Fb%3Fc%23d%25e"),
        ("thr-000001", "thr-000001"),
    ],
)
def test_id_parts_are_iri_segments(part: str, segment: str) -> None:
    assert _segment(part) == segment


FEED = (
    '<feed xmlns="http://www.w3.org/2005/Atom"><id>{fid}</id><title>t</title>'
    "<updated>{updated}</updated>{author}{entry}</feed>"
)
ENTRY = "<entry><id>tag:x.example,2022:e1</id><title>e</title><updated>2022-01-07T00:00:00Z</updated>{more}</entry>"
LINK = '<link rel="alternate" href="http://x.example/e1"/>'
AUTHOR = "<author><name>a</name></author>"


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        (
            FEED.format(
                fid="tag:x.example,2022:a b", updated="2022-01-07T00:00:00Z", author=AUTHOR, entry=""
            ),
            "IRI",
        ),
        (FEED.format(fid="story/1", updated="2022-01-07T00:00:00Z", author=AUTHOR, entry=""), "absolute"),
        (
            FEED.format(fid="tag:x.example:1", updated="2022-01-07T00:00:00Z", author=AUTHOR, entry=""),
            "tag URI",
        ),
        (FEED.format(fid="urn:x:1", updated="2022-01-07", author=AUTHOR, entry=""), "RFC 3339"),
        (
            FEED.format(
                fid="urn:x:1", updated="2022-01-07T00:00:00Z", author="", entry=ENTRY.format(more=LINK)
            ),
            "author",
        ),
        (
            FEED.format(
                fid="urn:x:1", updated="2022-01-07T00:00:00Z", author=AUTHOR, entry=ENTRY.format(more="")
            ),
            "alternate link",
        ),
        (
            FEED.format(
                fid="urn:x:1",
                updated="2022-01-07T00:00:00Z",
                author=AUTHOR,
                entry=ENTRY.format(more=LINK) * 2,
            ),
            "repeats",
        ),
        ("<rss><channel/></rss>", "not atom:feed"),
    ],
)
def test_the_checker_finds_each_broken_rule(document: str, problem: str) -> None:
    found = problems(document.encode())
    assert any(problem in p for p in found), found


def test_the_checker_passes_a_minimal_valid_feed() -> None:
    document = FEED.format(
        fid="urn:x:1", updated="2022-01-07T00:00:00Z", author=AUTHOR, entry=ENTRY.format(more=LINK)
    )
    assert problems(document.encode()) == []
