"""`storyline watch` end to end through the real entry point, against the local site."""

from __future__ import annotations

import html
import json
import os
import re
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from storyline.store import open_store
from tests.watch.site import Entry, Site, article_page, atom, home_page, json_feed, rss, seed_texts

TEXTS = seed_texts()
FAST = ["--allow-private", "--host-delay", "0", "--retries", "0"]


def watch(db: Path, sources: Path, *args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["storyline", "watch", str(sources), "--db", str(db), "--once", *FAST, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def listing(tmp_path: Path, *urls: str) -> Path:
    path = tmp_path / "sources.txt"
    path.write_text("# test sources\n" + "\n".join(urls) + "\n", encoding="utf-8")
    return path


def pages(site: Site, numbers: range | list[int]) -> list[Entry]:
    entries = []
    for i in numbers:
        link = site.set(f"/news/{i}.html", article_page(f"Новость номер {i}", TEXTS[i]))
        entries.append(Entry(f"urn:news:{i}", f"Новость номер {i}", link))
    return entries


def count(db: Path, sql: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(sql).fetchone()[0])


def rejections(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT input, reason FROM rejections"))


def test_every_format_an_opml_list_and_discovery(site: Site, tmp_path: Path) -> None:
    entries = pages(site, range(5))
    site.set("/rss", rss(entries[:2]), content_type="application/rss+xml")
    site.set("/atom", atom(entries[2:3]), content_type="application/atom+xml")
    full = [Entry("urn:news:3", "Полный текст в ленте", "", text=TEXTS[3])]
    site.set("/feed.json", json_feed(full), content_type="application/feed+json")
    site.set("/section/rss.xml", rss(entries[4:5]), content_type="application/rss+xml")
    site.set("/section/", home_page("/section/rss.xml"))
    opml = tmp_path / "subscriptions.opml"
    opml.write_text(
        "<?xml version='1.0' encoding='utf-8'?><opml version='2.0'><head><title>Ленты</title></head><body>"
        f"<outline text='Новости'><outline type='rss' xmlUrl='{site.url('/rss')}'/>"
        f"<outline type='rss' xmlUrl='{site.url('/atom')}'/><outline xmlUrl='{site.url('/feed.json')}'/></outline>"
        f"<outline text='Раздел' htmlUrl='{site.url('/section/')}'/></body></opml>",
        encoding="utf-8",
    )
    db = tmp_path / "news.db"
    proc = watch(db, opml, "--contact", "desk@example.org")
    assert proc.returncode == 0, proc.stderr
    assert "4 polls (0 failed): 5 new articles" in proc.stdout
    # the writer's memory and its caches' churn, after each poll that stored articles and at the end
    assert (
        "memory: RSS" in proc.stderr and "story states" in proc.stderr and "grouping profiles" in proc.stderr
    )
    assert "/news/3.html" not in site.hits  # it had no link; the feed's text was used
    with sqlite3.connect(db) as conn:
        texts = [t for (t,) in conn.execute("SELECT text FROM articles")]
        published = {p for (p,) in conn.execute("SELECT published FROM articles")}
    assert len(texts) == 5 and published == {"2022-01-07"}
    for text in texts:  # menus, footers and comment blocks stripped
        assert "Главная" not in text and "права защищены" not in text and "Полностью согласен" not in text
    listed = subprocess.run(
        ["storyline", "sources", "--db", str(db), "--json"], capture_output=True, text=True
    )
    rows = {r["url"]: r for r in map(json.loads, listed.stdout.splitlines())}
    assert rows[site.url("/section/")]["feed"] == site.url("/section/rss.xml")
    assert [rows[site.url(p)]["articles"] for p in ("/rss", "/atom", "/feed.json", "/section/")] == [
        2,
        1,
        1,
        1,
    ]
    assert all(r["status"] == "ok" and r["next_poll"] > r["last_poll"] for r in rows.values())
    assert any("contact: desk@example.org" in agent for agent in site.agents)


def test_failures_are_rejections_and_the_other_sources_go_on(site: Site, tmp_path: Path) -> None:
    good = pages(site, [0])
    site.set("/good", rss(good), content_type="application/rss+xml")
    site.set("/hang.html", article_page("Зависла", TEXTS[1]), hang=30)
    site.set("/big.html", article_page("Огромная", TEXTS[2] * 40))
    site.set("/error.html", "сбой", status=500)
    site.set("/loop.html", "", status=302, headers={"Location": "/loop.html"}, conditional=False)
    site.set("/image.html", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, content_type="image/png")
    site.set(
        "/menu.html", "<html><body><nav><a href='/'>Главная</a> <a href='/s'>Спорт</a></nav></body></html>"
    )
    bad_links = [
        "/missing.html",
        "/error.html",
        "/hang.html",
        "/big.html",
        "/loop.html",
        "/image.html",
        "/menu.html",
    ]
    bad = [Entry(f"urn:bad:{p}", f"Плохая {p}", site.url(p)) for p in bad_links]
    site.set("/bad", rss(bad), content_type="application/rss+xml")
    site.set(
        "/broken",
        "<?xml version='1.0'?><rss version='2.0'><channel><title>обрыв",
        content_type="application/rss+xml",
    )
    site.set("/notfeed", "Просто текст, а не лента новостей.", content_type="text/plain")
    levels = "".join(f"<!ENTITY l{i} '{f'&l{i - 1};' * 10}'>" for i in range(1, 10))
    site.set("/bomb", f"<?xml version='1.0'?><!DOCTYPE rss [<!ENTITY l0 'ха'>{levels}]><rss>&l9;</rss>")
    site.set("/site.html", "<html><head><title>Сайт</title></head><body><p>Без лент.</p></body></html>")
    names = ["/gone", "/broken", "/notfeed", "/bomb", "/site.html", "/bad", "/good"]
    db = tmp_path / "news.db"
    started = time.monotonic()
    proc = watch(
        db, listing(tmp_path, *map(site.url, names)), "--fetch-timeout", "2", "--max-page-bytes", "200000"
    )
    assert proc.returncode == 0, proc.stderr
    assert time.monotonic() - started < 200
    assert "7 polls (5 failed): 1 new articles" in proc.stdout
    reasons = rejections(db)
    by_source = {
        k.removeprefix("watch ").removeprefix(site.base): v
        for k, v in reasons.items()
        if k.startswith("watch ")
    }
    assert by_source["/gone"].startswith("HTTP 404")
    assert "malformed feed" in by_source["/broken"]
    assert "not a feed" in by_source["/notfeed"]
    assert "entity" in by_source["/bomb"]
    assert by_source["/site.html"] == "an HTML page that links to no feed"
    entry = {k.rsplit("urn:bad:", 1)[1]: v for k, v in reasons.items() if "urn:bad:" in k}
    assert "HTTP 404" in entry["/missing.html"]
    assert "HTTP 500" in entry["/error.html"]
    assert re.search(r"timed out after 2 s|took longer than the limit of 2 s", entry["/hang.html"])
    assert "over the limit of 200000" in entry["/big.html"]
    assert "redirect loop" in entry["/loop.html"]
    assert "not HTML (image/png)" in entry["/image.html"]
    assert "no main text" in entry["/menu.html"]
    assert count(db, "SELECT COUNT(*) FROM articles") == 1
    shown = subprocess.run(["storyline", "rejections", "--db", str(db)], capture_output=True, text=True)
    assert "urn:bad:/hang.html" in shown.stdout
    # ... and in the JSON export and on the web's rejections page, each with its reason
    exported = subprocess.run(["storyline", "export", "--db", str(db)], capture_output=True, text=True)
    assert {(r["input"], r["reason"]) for r in json.loads(exported.stdout)["rejections"]} == set(
        reasons.items()
    )
    from fastapi.testclient import TestClient

    from storyline.web.app import create_app

    with TestClient(create_app(db)) as client:
        client.cookies.set("lang", "en")  # the stored English words (a Russian page words each code)
        page = html.unescape(client.get("/rejections").text)
    assert all(label in page and reason in page for label, reason in reasons.items())
    # A rejected entry is seen too: the next poll fetches none of those pages again.
    hits = dict(site.hits)
    watch(db, listing(tmp_path, site.url("/bad")))
    assert all(site.hits.get(p, 0) == hits.get(p, 0) for p in bad_links)


def test_private_addresses_are_refused_without_the_flag(site: Site, tmp_path: Path) -> None:
    site.set("/rss", rss(pages(site, [0])), content_type="application/rss+xml")
    db = tmp_path / "news.db"
    proc = subprocess.run(
        ["storyline", "watch", str(listing(tmp_path, site.url("/rss"))), "--db", str(db), "--once"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert site.hits == {}
    assert "non-public address" in rejections(db)[f"watch {site.url('/rss')}"]


def test_new_entries_grow_the_story_and_unchanged_feeds_get_304(site: Site, tmp_path: Path) -> None:
    entries = pages(site, range(3))
    site.set("/rss", rss(entries[:2]), content_type="application/rss+xml")
    sources, db = listing(tmp_path, site.url("/rss")), tmp_path / "news.db"
    assert watch(db, sources).returncode == 0
    with open_store(db, readonly=True) as store:
        (story,) = store.stories()
        assert len(story.article_ids) == 2
    page_hits = {p: n for p, n in site.hits.items() if p.startswith("/news/")}
    proc = watch(db, sources)
    assert "not modified, 0 new" in proc.stderr
    assert site.not_modified == {"/rss": 1}
    assert {p: n for p, n in site.hits.items() if p.startswith("/news/")} == page_hits  # nothing fetched
    site.set("/rss", rss(entries), content_type="application/rss+xml")  # the feed gains an entry
    proc = watch(db, sources)
    assert "1 new articles" in proc.stdout
    assert site.hits["/news/0.html"] == 1 and site.hits["/news/2.html"] == 1
    with open_store(db, readonly=True) as store:
        (grown,) = store.stories()
        assert grown.id == story.id and len(grown.article_ids) == 3
    shown = subprocess.run(["storyline", "show", story.id, "--db", str(db)], capture_output=True, text=True)
    assert "Новость номер 2" in shown.stdout


def test_an_edited_article_becomes_a_new_version(site: Site, tmp_path: Path) -> None:
    entries = pages(site, range(2))
    site.set("/rss", rss(entries), content_type="application/rss+xml")
    sources, db = listing(tmp_path, site.url("/rss")), tmp_path / "news.db"
    assert watch(db, sources).returncode == 0
    added = "Позднее в парламенте сообщили, что голосование перенесли на следующую неделю из-за протестов."
    edited = TEXTS[1].replace(". ", f". {added} ", 1)
    site.set("/news/1.html", article_page("Новость номер 1", edited))
    entries[1].updated = "Sat, 08 Jan 2022 09:00:00 +0300"
    site.set("/rss", rss(entries), content_type="application/rss+xml")
    proc = watch(db, sources)
    assert "0 new articles, 1 edited" in proc.stdout, proc.stdout + proc.stderr
    with open_store(db, readonly=True) as store:
        assert store.count_articles() == 2
        article = store.get_article("urn:news:1")
        assert added in article.text and article.meta["version"] == 2
        (old,) = store.article_versions("urn:news:1")
        assert old.version == 1 and added not in old.text
        assert article.annotation is not None
        marks = store.novelty("urn:news:1")
        sentences = article.annotation.sentences
        changed = [
            m.novelty
            for m, s in zip(marks, sentences, strict=True)
            if added in article.text[s.start : s.end + 1]
        ]
        assert changed == ["updated"]
        assert sum(m.novelty == "updated" for m in marks) <= 2  # only around the edit


def test_sigkill_and_restart_lose_and_duplicate_nothing(site: Site, tmp_path: Path) -> None:
    entries = pages(site, range(5))
    site.set("/rss", rss(entries[:3]), content_type="application/rss+xml")
    site.set("/rss2", rss(entries[3:]), content_type="application/rss+xml")
    sources, db = listing(tmp_path, site.url("/rss"), site.url("/rss2")), tmp_path / "news.db"
    cmd = [
        "storyline",
        "watch",
        str(sources),
        "--db",
        str(db),
        "--interval",
        "1",
        "--allow-private",
        "--host-delay",
        "0.3",
    ]
    env = dict(os.environ, STORYLINE_LEASE_TTL="2")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not (db.exists() and _articles(db) >= 1):
            time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    stored = _articles(db)
    assert stored >= 1
    time.sleep(2.5)  # the dead watcher's lease runs out
    again = subprocess.run([*cmd[:5], "--once", *FAST], capture_output=True, text=True, env=env, timeout=240)
    assert again.returncode == 0, again.stderr
    with open_store(db, readonly=True) as store:
        assert store.count_articles() == 5
        assert sorted(store.article_ids()) == sorted(e.id for e in entries)
        assert len(store.assignments()) == 5
    assert count(db, "SELECT COUNT(*) FROM watch_seen WHERE article_id IS NOT NULL") == 5
    # A stored article's page was fetched once: only the killed poll's pages, never stored, twice.
    assert sum(site.hits[f"/news/{i}.html"] for i in range(5)) <= 5 + (5 - stored)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _articles(db: Path) -> int:
    try:
        return count(db, "SELECT COUNT(*) FROM articles")
    except sqlite3.Error:
        return 0


def test_a_busy_writer_loses_the_poll_not_its_entries(site: Site, tmp_path: Path) -> None:
    from storyline.pipeline import Pipeline

    site.set("/rss", rss(pages(site, [0])), content_type="application/rss+xml")
    sources, db = listing(tmp_path, site.url("/rss")), tmp_path / "news.db"
    env = dict(os.environ, STORYLINE_WRITER_WAIT="1")
    with open_store(db) as store, Pipeline(store, owner="another writer"):
        busy = subprocess.run(
            ["storyline", "watch", str(sources), "--db", str(db), "--once", *FAST],
            capture_output=True, text=True, env=env, timeout=120,
        )  # fmt: skip
    assert busy.returncode == 3, busy.stderr
    assert "could not store this poll" in busy.stderr
    assert (
        busy.stderr.strip().splitlines()[-1]
        == "error: 1 polls could not be stored (nothing of them was); run again"
    )
    assert count(db, "SELECT COUNT(*) FROM articles") == 0
    assert count(db, "SELECT COUNT(*) FROM watch_seen") == 0  # nothing marked seen either
    assert "1 new articles" in watch(db, sources).stdout


def test_an_entry_whose_text_is_stored_already_is_counted_as_such(site: Site, tmp_path: Path) -> None:
    """Every entry is accounted for in the summary: two outlets' pages with one text are one
    article, the second entry counted as already stored (not lost between new and rejected)."""
    entries = pages(site, range(2))
    copy = site.set("/copy/0.html", article_page("Перепечатка", TEXTS[0]))
    entries.append(Entry("urn:copy:0", "Перепечатка", copy))
    site.set("/rss", rss(entries), content_type="application/rss+xml")
    db = tmp_path / "news.db"
    proc = watch(db, listing(tmp_path, site.url("/rss")))
    assert proc.returncode == 0, proc.stderr
    assert "1 polls (0 failed): 2 new articles, 0 edited, 1 already stored, 0 rejected" in proc.stdout
    assert count(db, "SELECT COUNT(*) FROM articles") == 2
    assert count(db, "SELECT COUNT(DISTINCT article_id) FROM watch_seen") == 2
