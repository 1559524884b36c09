from __future__ import annotations

import gzip
import json

import pytest

from storyline.ingest import ingest
from storyline.ingest.fetch import Fetcher
from storyline.ingest.sources import detect_format, is_url, sniff
from storyline.store import Store
from tests.ingest.conftest import Site
from tests.ingest.helpers import distinct_text, rss

LOCAL = Fetcher(block_private=False)  # the test server is on loopback


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b'\xef\xbb\xbf  {"text": "x"}\n', "jsonl"),
        (b'[{"text": "x"}]', "json"),
        (b'<?xml version="1.0"?>\n<rss version="2.0">', "feed"),
        (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        (b"<rdf:RDF xmlns:rdf='x'>", "feed"),
        (b"<!DOCTYPE html><html lang=ru>", "html"),
        (b"<HTML><BODY>", "html"),
        (" date 2022-01 Текст".encode(), "txt"),
        (b"", "txt"),
    ],
)
def test_sniff(head: bytes, kind: str) -> None:
    assert sniff(head) == kind


def test_extension_wins_over_content() -> None:
    assert detect_format("News.JSONL.gz", b"<html>") == "jsonl"
    assert detect_format("page.htm", b"{") == "html"
    assert detect_format("dump.unknown", b"<rss>") == "feed"


def test_is_url() -> None:
    assert is_url("https://24.kg/rss") and is_url("ftp://x/y")
    assert not is_url("/data/news.jsonl") and not is_url("C:\\data\\news.jsonl") and not is_url("news.jsonl")


def test_urls_of_data_files_and_feeds(store: Store, site: Site) -> None:
    rows = [{"id": f"u{i}", "text": distinct_text(i)} for i in range(3)]
    data = gzip.compress("\n".join(json.dumps(r) for r in rows).encode())
    jsonl_url = site.add("/dump/news.jsonl.gz", data, "application/gzip")
    full = "<p>" + distinct_text(9, 150) + "</p>"
    feed_url = site.add("/feed", rss([{"title": "Т", "link": "https://x.kg/1", "content": full}]), "text/xml")
    report = ingest(store, [jsonl_url, feed_url], fetch=LOCAL)
    assert (report.accepted, report.rejected) == (4, 0), store.rejections()
    assert [a.id for a in store.iter_articles()][:3] == ["u0", "u1", "u2"]
