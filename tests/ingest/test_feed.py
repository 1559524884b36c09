from __future__ import annotations

from pathlib import Path

from storyline.ingest import ingest
from storyline.ingest.feed import FULL_TEXT_MIN_CHARS
from storyline.ingest.fetch import Fetcher
from storyline.store import Store
from tests.ingest.conftest import Site
from tests.ingest.helpers import page_html, rss, sentences

LOCAL = Fetcher(block_private=False)  # the test server is on loopback


def seed_texts(seeds_dir: Path) -> list[str]:
    return [p.read_text(encoding="utf-8").split(" ", 3)[3].strip() for p in sorted(seeds_dir.glob("*.txt"))]


def no_fetch(url: str) -> bytes:
    raise AssertionError(f"fetched {url} although the feed had the full text")


def test_feed_url_fetches_entry_pages(store: Store, site: Site, seeds_dir: Path) -> None:
    texts = seed_texts(seeds_dir)[:3]
    items = []
    for i, text in enumerate(texts):
        link = site.add(f"/news/{i}.html", page_html(f"Новость {i}", sentences(text)))
        items.append({"title": f"Новость {i}", "link": link, "guid": f"urn:news:{i}",
                      "date": f"Fri, 0{7 + i} Jan 2022 23:30:00 +0600", "summary": text[:200]})  # fmt: skip
    items.append({"title": "Пропавшая", "link": "/news/gone.html", "summary": "Кратко."})  # relative link
    feed_url = site.add("/rss", rss(items), "application/rss+xml")
    report = ingest(store, [feed_url], fetch=LOCAL)
    assert (report.accepted, report.rejected, report.read_any) == (3, 1, True)
    articles = list(store.iter_articles())
    assert [a.id for a in articles] == ["urn:news:0", "urn:news:1", "urn:news:2"]
    for i, (article, text) in enumerate(zip(articles, texts, strict=True)):
        assert article.text.replace("\n", " ") == text  # the page's full text, not the summary
        assert article.title == f"Новость {i}"
        assert (article.published, article.published_precision) == (f"2022-01-0{7 + i}", "day")
        assert article.url == site.url(f"/news/{i}.html") and article.source == "127.0.0.1"
        assert article.meta == {"feed": "Новости", "sitename": "Вести Бишкека"}
    [rejection] = store.rejections()
    assert rejection.input == f"{feed_url}#4"
    assert rejection.reason == f"could not fetch entry page {site.url('/news/gone.html')}: HTTP 404 Not Found"
    assert site.hits["/news/0.html"] == 1

    again = ingest(store, [feed_url], fetch=LOCAL)  # idempotent: nothing new, the same rejection
    assert (again.accepted, again.duplicates, again.rejected) == (0, 3, 1)
    assert store.count_articles() == 3 and len(store.rejections()) == 1


def test_feed_file_with_full_content(store: Store, inputs: Path, seeds_dir: Path) -> None:
    texts = seed_texts(seeds_dir)
    items = [
        {"title": "Полный текст", "link": "https://24.kg/politika/1/", "date": "Sat, 08 Jan 2022 10:00:00 +0600",
         "summary": texts[0][:150], "content": "".join(f"<p>{s}</p>" for s in sentences(texts[0]))},
        {"title": "Без ссылки", "link": "", "summary": texts[1][:300]},
    ]  # fmt: skip
    (inputs / "feed.xml").write_text(rss(items, link="https://24.kg/"), encoding="utf-8")
    report = ingest(store, [str(inputs / "feed.xml")], fetch=no_fetch)
    assert report.accepted == 2, store.rejections()
    full, short = store.iter_articles()
    assert len(full.text) > FULL_TEXT_MIN_CHARS and full.text.replace("\n", " ") == texts[0]
    assert (full.source, full.url, full.published) == ("24.kg", "https://24.kg/politika/1/", "2022-01-08")
    assert full.id == full.content_hash[:16]  # no guid
    assert short.text == texts[1][:300].strip() and short.source == "24.kg"  # only what the feed has


def test_atom_feed(store: Store, inputs: Path) -> None:
    body = "Текст записи в Atom. " * 40
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Лента</title><link href="https://lenta.example/"/>
<entry><id>tag:lenta,2022:1</id><title>Атом</title><link href="https://lenta.example/1"/>
<updated>2022-01-09T08:00:00+03:00</updated><content type="html">&lt;p&gt;{body}&lt;/p&gt;</content></entry>
</feed>"""
    (inputs / "lenta.atom").write_text(atom, encoding="utf-8")
    report = ingest(store, [str(inputs)], fetch=no_fetch)
    assert report.accepted == 1
    article = next(store.iter_articles())
    assert (article.id, article.title, article.published) == ("tag:lenta,2022:1", "Атом", "2022-01-09")


def test_not_a_feed(store: Store, inputs: Path) -> None:
    (inputs / "broken.rss").write_text("<rss><channel><title>x</title></channel></rss>", encoding="utf-8")
    report = ingest(store, [str(inputs)], fetch=no_fetch)
    assert report.rejected == 1 and store.rejections()[0].reason.startswith("no entries in feed")


def test_url_that_is_a_page(store: Store, site: Site, seeds_dir: Path) -> None:
    text = seed_texts(seeds_dir)[4]
    url = site.add("/article", page_html("Страница", sentences(text), "2022-01-10T09:00:00+06:00"))
    report = ingest(store, [url], fetch=LOCAL)
    assert report.accepted == 1
    article = next(store.iter_articles())
    assert (article.title, article.url, article.published, article.source) == (
        "Страница",
        url,
        "2022-01-10",
        "127.0.0.1",
    )
    assert article.text.replace("\n", " ") == text
