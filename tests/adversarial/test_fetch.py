"""Fetching through the CLI from a real server on 127.0.0.1: private addresses
refused unless allowed, time limits that hold, and decompression that stays small."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest

from storyline.ingest.fetch import Fetcher, FetchError
from tests.adversarial.conftest import Server
from tests.adversarial.helpers import article_ids, check_database, rejections, run, succeeded

TEXT = (
    "Правительство Кыргызстана утвердило 10 января план строительства новой дороги между Бишкеком и Ошем. "
    "Министр транспорта заявил, что работы начнутся весной и продлятся два года. "
) * 6


def page(title: str, text: str = TEXT) -> str:
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{text}</p></article></body></html>"


def rss(links: list[str]) -> str:
    items = "".join(
        f"<item><title>Новость {i}</title><link>{link}</link></item>" for i, link in enumerate(links)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Лента</title>{items}</channel></rss>'


def ingest(db: Path, *sources: str | Path, allow: bool = True, extra: tuple[str, ...] = ()) -> str:
    flags = ["--allow-private"] if allow else []
    return succeeded(run("ingest", *map(str, sources), "--db", str(db), "-w", "1", *flags, *extra))


def test_loopback_url_refused_by_default(server: Server, good_file: Path, db: Path) -> None:
    url = server.add("/a.html", page("Дорога"))
    out = ingest(db, url, good_file, allow=False)
    assert "2 accepted, 1 rejected" in out
    reason = rejections(db)[url]
    assert reason.startswith("could not fetch: host 127.0.0.1 resolves to a non-public address (127.0.0.1)")
    assert server.hits == {}
    check_database(db)


def test_hostname_checked_after_resolution(server: Server, good_file: Path, db: Path) -> None:
    url = server.add("/a.html", page("Дорога")).replace("127.0.0.1", "localhost")
    out = ingest(db, url, good_file, allow=False)
    assert "2 accepted, 1 rejected" in out
    assert "host localhost resolves to a non-public address" in rejections(db)[url]
    assert server.hits == {}
    check_database(db)


def test_feed_entry_links_and_redirects_refused(
    server: Server, good_file: Path, db: Path, inputs: Path
) -> None:
    server.add("/p.html", page("Внутренняя"))
    hop = server.add("/hop", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    feed = inputs / "feed.xml"  # a local file: only its links point at private addresses
    feed.write_text(
        rss([server.base + "/p.html", "http://10.0.0.1/x.html", "http://[fd00::1]/y", hop]), encoding="utf-8"
    )
    out = ingest(db, feed, good_file, allow=False)
    assert "2 accepted, 4 rejected" in out
    reasons = rejections(db)
    for n, address in enumerate(("127.0.0.1", "10.0.0.1", "fd00::1", "127.0.0.1"), start=1):
        assert f"non-public address ({address})" in reasons[f"{feed}#{n}"], reasons
    assert server.hits == {}
    check_database(db)


def test_redirect_hops_are_checked(server: Server) -> None:
    # A public first hop cannot exist on a test box, so loopback is let through
    # explicitly and every other private range stays refused: each redirect target
    # is checked when its connection is made.
    fetch = Fetcher(allow_networks=("127.0.0.0/8",), deadline=10)
    for target in ("http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[fd00::1]/"):
        hop = server.add("/hop", status=302, headers={"Location": target})
        with pytest.raises(FetchError, match="non-public address"):
            fetch(hop)
    server.add("/end", "ok")
    assert fetch(server.add("/fine", status=302, headers={"Location": server.base + "/end"})) == b"ok"
    to_file = server.add("/file", status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(FetchError, match="not allowed|unsupported URL scheme"):
        fetch(to_file)


def test_allow_private_fetches_a_local_feed(server: Server, good_file: Path, db: Path) -> None:
    links = [
        server.add(f"/n{i}.html", page(f"Новость {i}", TEXT.replace("10 января", f"1{i} января")))
        for i in range(2)
    ]
    feed = server.add("/rss", rss(links), headers={"Content-Type": "application/rss+xml"})
    out = ingest(db, feed, good_file)
    assert "4 accepted, 0 rejected" in out
    assert len(article_ids(db)) == 4
    check_database(db)


def test_slow_drip_stopped_by_the_fetch_deadline(server: Server, good_file: Path, db: Path) -> None:
    url = server.add("/drip.html", page("Медленно"), drip=0.5)  # a byte every half second
    started = time.monotonic()
    out = ingest(db, url, good_file, extra=("--fetch-timeout", "3"))
    assert time.monotonic() - started < 60
    assert "2 accepted, 1 rejected" in out
    assert rejections(db)[url] == "could not fetch: took longer than the limit of 3 s"
    check_database(db)


def test_feed_of_hanging_links_finishes_in_bounded_time(server: Server, good_file: Path, db: Path) -> None:
    links = [server.add(f"/hang{i}", hang=120) for i in range(24)]
    feed = server.add("/rss", rss(links), headers={"Content-Type": "application/rss+xml"})
    started = time.monotonic()
    out = ingest(db, feed, good_file, extra=("--fetch-timeout", "2"))
    elapsed = time.monotonic() - started
    # 24 links, 8 at a time, 2 s each: about 6 s of fetching (one after another: 48 s).
    assert elapsed < 40, elapsed
    assert "2 accepted, 24 rejected" in out
    reasons = {r.split(": ", 1)[1] for k, r in rejections(db).items() if "#" in k}
    assert reasons <= {"timed out after 2 s", "took longer than the limit of 2 s"}, reasons
    check_database(db)


def test_feed_deadline_rejects_what_is_left(server: Server, good_file: Path, db: Path) -> None:
    links = [server.add(f"/hang{i}", hang=120) for i in range(20)]
    feed = server.add("/rss", rss(links), headers={"Content-Type": "application/rss+xml"})
    out = ingest(db, feed, good_file, extra=("--fetch-timeout", "10", "--feed-timeout", "2"))
    assert "2 accepted, 20 rejected" in out
    reasons = [r for k, r in rejections(db).items() if "#" in k]
    assert all("within the feed's limit of 2 s" in r for r in reasons), reasons
    check_database(db)


def test_gzip_bomb_over_http(server: Server, good_file: Path, db: Path) -> None:
    bomb = gzip.compress(b"<html><body><p>" + b" " * 500_000_000 + b"</p></body></html>", compresslevel=9)
    assert len(bomb) < 1_000_000
    url = server.add("/bomb.html", bomb, headers={"Content-Encoding": "gzip", "Content-Type": "text/html"})
    plain = server.add("/sneaky", bomb, headers={"Content-Type": "text/html"})  # no header, gzip magic
    out = ingest(db, url, plain, good_file)
    assert "2 accepted, 2 rejected" in out
    assert rejections(db)[url] == "could not fetch: response decompresses to more than 20000000 bytes"
    assert rejections(db)[plain] == "could not fetch: response decompresses to more than 20000000 bytes"
    check_database(db)


def test_gzip_page_within_limits_is_read(server: Server, good_file: Path, db: Path) -> None:
    url = server.add("/z.html", gzip.compress(page("Сжатая").encode()), headers={"Content-Encoding": "gzip"})
    out = ingest(db, url, good_file)
    assert "3 accepted, 0 rejected" in out
    check_database(db)
