from __future__ import annotations

import socket

import pytest

from storyline.ingest import ingest
from storyline.ingest.fetch import USER_AGENT, Fetcher, FetchError
from storyline.store import Store
from tests.ingest.conftest import Site

# The local test server is on loopback, which the default fetcher refuses.
fetch_url = Fetcher(block_private=False)


def test_fetches_bytes_with_user_agent(site: Site) -> None:
    url = site.add("/a.html", "<p>привет</p>")
    assert fetch_url(url) == "<p>привет</p>".encode()
    assert site.user_agents == [USER_AGENT]


def test_http_errors_and_caps(site: Site) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_url(site.url("/missing"))
    url = site.add("/big", b"x" * 5000)
    with pytest.raises(FetchError, match="over the limit"):
        Fetcher(max_bytes=1000, block_private=False)(url)
    assert Fetcher(max_bytes=5000, block_private=False)(url) == b"x" * 5000


def test_timeout(site: Site) -> None:
    url = site.add("/slow", "late")
    site.delays["/slow"] = 2.0
    with pytest.raises(FetchError, match="timed out|cannot connect"):
        Fetcher(timeout=0.3, block_private=False)(url)


def test_schemes_and_redirects(site: Site) -> None:
    with pytest.raises(FetchError, match="unsupported URL scheme 'file'"):
        fetch_url("file:///etc/passwd")
    with pytest.raises(FetchError, match="no host"):
        fetch_url("http:///path")
    site.add("/to-file", "file:///etc/passwd", status=302)
    with pytest.raises(FetchError, match="not allowed|unsupported URL scheme"):
        fetch_url(site.url("/to-file"))
    site.add("/final", "ok")
    site.add("/hop", site.url("/final"), status=301)
    assert fetch_url(site.url("/hop")) == b"ok"


def test_block_private(site: Site) -> None:
    url = site.add("/a", "x")
    with pytest.raises(FetchError, match="non-public address"):
        Fetcher(block_private=True)(url)
    assert site.hits == {}


def test_connection_refused() -> None:
    with socket.socket() as probe:  # a port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match="cannot connect"):
        fetch_url(f"http://127.0.0.1:{port}/")


def test_failed_url_is_a_rejection(store: Store, site: Site) -> None:
    report = ingest(store, [site.url("/nothing-here"), "ftp://example.org/feed.xml"], fetch=fetch_url)
    assert (report.accepted, report.rejected, report.read_any) == (0, 2, False)
    reasons = [r.reason for r in store.rejections()]
    assert reasons == [
        "could not fetch: HTTP 404 Not Found",
        "unsupported URL scheme 'ftp' (only http and https)",
    ]
