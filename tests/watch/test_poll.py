"""One poll on the network side: redirects into private addresses, seen entries."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from storyline.ingest.fetch import Fetcher
from storyline.model import Article, Rejection, SeenEntry, SourceState
from storyline.watch.polite import HostGate, PoliteFetcher
from storyline.watch.poll import Poller
from tests.watch.site import Entry, Site, article_page, rss, seed_texts, start_site

# A second loopback address: the site lives there and only there is allowed, so
# 127.0.0.1 stands in for the private network a redirect must not reach.
SITE_HOST = "127.0.0.2"


@pytest.fixture
def other_site() -> Iterator[Site]:
    try:
        news, httpd = start_site(SITE_HOST)
    except OSError:
        pytest.skip(f"cannot listen on {SITE_HOST}")
    yield news
    httpd.shutdown()
    httpd.server_close()


def poller(allow: tuple[str, ...]) -> Poller:
    fetcher = Fetcher(block_private=True, allow_networks=allow, deadline=5)
    return Poller(PoliteFetcher(fetcher, gate=HostGate(0.0), attempts=1))


def test_a_redirect_into_a_private_address_is_refused(other_site: Site, site: Site) -> None:
    text = seed_texts()[0]
    target = site.set("/inside.html", article_page("Внутренняя сеть", text))
    hop = other_site.set("/out.html", "", status=302, headers={"Location": target}, conditional=False)
    fine = other_site.set("/fine.html", article_page("Обычная новость", text))
    feed = other_site.set(
        "/rss", rss([Entry("urn:hop", "Переход", hop), Entry("urn:fine", "Новость", fine)]),
        content_type="application/rss+xml",
    )  # fmt: skip
    result = poller((f"{SITE_HOST}/32",)).poll(SourceState(feed, 300.0), {}, 0.0)
    outcomes = {h.seen.key: h.outcome for h in result.handled}
    refused = outcomes["urn:hop"]
    assert isinstance(refused, Rejection) and "non-public address (127.0.0.1)" in refused.reason
    assert isinstance(outcomes["urn:fine"], Article)
    assert site.hits == {}  # the private side was never reached


def test_seen_entries_are_not_fetched_again(site: Site) -> None:
    link = site.set("/a.html", article_page("Новость", seed_texts()[1]))
    feed = site.set("/rss", rss([Entry("urn:a", "Новость", link)]), content_type="application/rss+xml")
    first = poller(("127.0.0.0/8",)).poll(SourceState(feed, 300.0), {}, 0.0)
    (handled,) = first.handled
    seen = {"urn:a": SeenEntry(feed, "urn:a", handled.seen.fingerprint, "urn:a")}
    site.set("/rss", rss([Entry("urn:a", "Новость", link)]), content_type="application/rss+xml")  # new ETag
    again = poller(("127.0.0.0/8",)).poll(SourceState(feed, 300.0, feed_url=feed), seen, 1.0)
    assert again.handled == [] and again.state.status == "ok"
    assert site.hits["/a.html"] == 1
