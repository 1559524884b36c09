"""One poll on the network side: redirects into private addresses, seen entries, dates,
conditional GET, and polls cut short by their deadline or cap."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from storyline.ingest.fetch import Fetcher
from storyline.model import Article, Rejection, SeenEntry, SourceState
from storyline.watch import poll as poll_module
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


def test_the_date_is_the_feeds_else_the_pages_metadata(site: Site) -> None:
    text = seed_texts()[2]
    undated = site.set("/undated.html", article_page("Без даты в ленте", text, published="2022-01-05"))
    dated = site.set("/dated.html", article_page("С датой в ленте", seed_texts()[3], published="2022-01-05"))
    entries = [
        Entry("urn:undated", "Без даты в ленте", undated, published=""),  # the feed gives no date
        Entry("urn:dated", "С датой в ленте", dated, published="Sun, 09 Jan 2022 10:00:00 +0300"),
    ]
    feed = site.set("/rss", rss(entries), content_type="application/rss+xml")
    result = poller(("127.0.0.0/8",)).poll(SourceState(feed, 300.0), {}, 0.0)
    published = {h.seen.key: h.outcome.published for h in result.handled if isinstance(h.outcome, Article)}
    assert published == {"urn:undated": "2022-01-05", "urn:dated": "2022-01-09"}


def test_last_modified_alone_makes_the_poll_conditional(site: Site) -> None:
    link = site.set("/a.html", article_page("Новость", seed_texts()[1]))
    body = rss([Entry("urn:a", "Новость", link)])
    feed = site.set("/rss", body, content_type="application/rss+xml", headers={"ETag": ""})  # no ETag sent
    first = poller(("127.0.0.0/8",)).poll(SourceState(feed, 300.0), {}, 0.0)
    assert first.state.etag is None and first.state.last_modified
    again = poller(("127.0.0.0/8",)).poll(first.state, {}, 1.0)
    assert again.state.status == "not modified" and again.handled == []
    assert site.not_modified == {"/rss": 1} and site.hits["/a.html"] == 1


def test_entries_past_the_polls_deadline_stay_unseen(site: Site) -> None:
    slow = site.set("/slow.html", article_page("Долгая", seed_texts()[0]), hang=1.5)
    later = site.set("/later.html", article_page("Следующая", seed_texts()[1]))
    entries = [Entry("urn:slow", "Долгая", slow), Entry("urn:later", "Следующая", later)]
    feed = site.set("/rss", rss(entries), content_type="application/rss+xml")
    hurried = poller(("127.0.0.0/8",))
    hurried.deadline = 1.0
    first = hurried.poll(SourceState(feed, 300.0), {}, 0.0)
    assert [h.seen.key for h in first.handled] == ["urn:slow"]  # the deadline passed while it was fetched
    assert "/later.html" not in site.hits
    seen = {h.seen.key: h.seen for h in first.handled}
    # The feed did not change, but the next poll is not answered 304: the validators were kept back.
    rest = poller(("127.0.0.0/8",)).poll(first.state, seen, 1.0)
    assert [h.seen.key for h in rest.handled] == ["urn:later"] and site.not_modified == {}
    assert rest.state.etag is not None  # all handled now: the next poll is conditional again


def test_entries_past_the_per_poll_cap_come_at_the_next_polls(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(poll_module, "MAX_ENTRIES_PER_POLL", 1)
    texts = seed_texts()
    links = [site.set(f"/{i}.html", article_page(f"Новость {i}", texts[i])) for i in range(3)]
    entries = [Entry(f"urn:{i}", f"Новость {i}", link) for i, link in enumerate(links)]
    feed = site.set("/rss", rss(entries), content_type="application/rss+xml")
    state, keys = SourceState(feed, 300.0), []
    seen: dict[str, SeenEntry] = {}
    for step in range(4):
        result = poller(("127.0.0.0/8",)).poll(state, seen, float(step))
        state = result.state
        seen |= {h.seen.key: h.seen for h in result.handled}
        keys.append([h.seen.key for h in result.handled])
    assert keys == [["urn:0"], ["urn:1"], ["urn:2"], []]  # one a poll, then a 304
    assert site.not_modified == {"/rss": 1}
