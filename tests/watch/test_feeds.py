"""Feed formats, discovery on a page, and what is no feed."""

from __future__ import annotations

import pytest

from storyline.watch.feeds import NotAFeed, discover_feeds, parse_feed
from tests.watch.site import Entry, atom, home_page, json_feed, rss

ENTRIES = [Entry("a-1", "Бекешев против ввода войск", "https://news.example/1.html", text="Полный текст.")]


@pytest.mark.parametrize("build", [rss, atom, json_feed])
def test_every_format_gives_entries(build: object) -> None:
    feed = parse_feed(build(ENTRIES).encode(), "https://news.example/feed")  # type: ignore[operator]
    (entry,) = feed.entries
    assert entry["id"].endswith("a-1")  # feedparser resolves a relative guid against the feed
    assert entry["link"] == "https://news.example/1.html"
    assert entry["title"] == "Бекешев против ввода войск"


def test_rss_1_0() -> None:
    data = (
        "<?xml version='1.0'?><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' "
        "xmlns='http://purl.org/rss/1.0/'><channel rdf:about='https://n.example/'><title>Лента</title></channel>"
        "<item rdf:about='https://n.example/1'><title>Заседание парламента</title>"
        "<link>https://n.example/1</link></item></rdf:RDF>"
    )
    assert parse_feed(data.encode(), "https://n.example/rss").entries[0]["link"] == "https://n.example/1"


def test_an_html_page_is_no_feed_but_can_be_discovered() -> None:
    page = home_page("/rss.xml").encode()
    with pytest.raises(NotAFeed) as caught:
        parse_feed(page, "https://news.example/", "text/html")
    assert caught.value.page
    assert discover_feeds(page, "https://news.example/") == ["https://news.example/rss.xml"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<?xml version='1.0'?><rss version='2.0'><channel><title>cut off", "malformed feed"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not a feed"),
        (b'{"name": "not a feed"}', "not a JSON Feed"),
        (b'{"version": "https://jsonfeed.org/version/1", "items": 3}', "'items' is not a list"),
        (b"plain words, nothing else", "not a feed"),
    ],
)
def test_malformed_and_non_feeds(data: bytes, reason: str) -> None:
    with pytest.raises(NotAFeed, match=reason):
        parse_feed(data, "https://news.example/feed")


def test_billion_laughs_refused() -> None:
    levels = "".join(f"<!ENTITY l{i} '{f'&l{i - 1};' * 10}'>" for i in range(1, 10))
    bomb = f"<?xml version='1.0'?><!DOCTYPE rss [<!ENTITY l0 'ха'>{levels}]><rss><channel><title>&l9;</title></channel></rss>"
    with pytest.raises(NotAFeed, match="entity"):
        parse_feed(bomb.encode(), "https://news.example/feed")


@pytest.mark.parametrize("version", ["0.91", "0.92"])
def test_rss_0_9x(version: str) -> None:
    data = (
        f"<?xml version='1.0' encoding='utf-8'?><rss version='{version}'><channel><title>Лента</title>"
        "<link>https://n.example/</link><description>Новости</description>"
        "<item><title>Заседание парламента</title><link>https://n.example/1</link>"
        "<description>Депутаты обсудили бюджет.</description></item></channel></rss>"
    )
    (entry,) = parse_feed(data.encode(), "https://n.example/rss").entries
    assert (entry["title"], entry["link"]) == ("Заседание парламента", "https://n.example/1")
