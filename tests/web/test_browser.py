"""The web interface in a real browser: Debian's chromium driven by playwright,
against a live `storyline serve` subprocess on 127.0.0.1 (never a downloaded
browser: `playwright install` is not used). Screenshots are saved as artefacts
under the test's tmp dir; their folder is printed."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.conftest import LIVE_TOKEN as TOKEN

CHROMIUM = Path(os.environ.get("STORYLINE_CHROMIUM", "/usr/bin/chromium"))
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"no chromium at {CHROMIUM} (apt-get install -y chromium)"
    ),
]


@pytest.fixture
def page(tmp_path: Path) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.errors = errors  # type: ignore[attr-defined]
        yield page
        browser.close()


def _shot(page: object, tmp_path: Path, name: str) -> None:
    folder = tmp_path / "screenshots"
    folder.mkdir(exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]
    print(f"screenshot: {folder / name}.png")


def test_reader_journey(live: str, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page.goto(live + "/")
    rows = page.locator(".story-row")
    expect(rows).to_have_count(1)
    expect(page.locator(".story-row .meta")).to_contain_text("5 статей")
    _shot(page, tmp_path, "1-story-list")

    rows.first.locator("a.story-title").click()
    page.wait_for_url("**/stories/sty-*")
    timeline = page.locator("#timeline-chart")
    expect(timeline).to_have_attribute("data-ready", "1")
    expect(timeline.locator(".vis-item").first).to_be_visible()
    russia = page.locator('tr.fact[data-subject="Россия"]')
    expect(russia).to_have_class("fact status-updated")
    expect(russia.locator(".status")).to_have_text("обновлено")
    expect(page.locator(".fact-chart canvas").first).to_be_visible()  # uPlot drew a figure's values
    _shot(page, tmp_path, "2-story")

    value = russia.locator("a.value").first
    value_text = value.inner_text()
    value.click()
    page.wait_for_url("**/articles/**")
    target = page.locator("#at")
    expect(target).to_be_visible()
    expect(target).to_have_class("sent novelty-new target")
    assert value_text.replace("\u00a0", " ").split()[0] in target.inner_text().replace("\u00a0", " ")
    assert page.evaluate(
        "() => { const r = document.getElementById('at').getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }"
    )
    _shot(page, tmp_path, "3-article-at-value")

    page.goto(live + "/")
    page.fill("header .searchbox input", "Токаев")
    page.press("header .searchbox input", "Enter")
    page.wait_for_url("**/search?q=*")
    marks = page.locator(".snippet mark")
    expect(marks.first).to_be_visible()
    forms = set(marks.all_inner_texts())
    assert len(forms) >= 2 and all(f.startswith("Токаев") for f in forms), forms
    _shot(page, tmp_path, "4-search")

    page.click("#lang-switch")
    page.wait_for_url("**/search?q=*")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".facets h3").first).to_have_text("By source")
    page.goto(live + "/")
    expect(page.locator(".story-row .meta")).to_contain_text("5 articles")
    _shot(page, tmp_path, "5-english")
    assert not page.errors, page.errors


def test_since_my_last_visit(live: str, page) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page.goto(live + "/")
    page.locator("a.story-title").first.click()
    page.wait_for_url("**/stories/sty-*")
    expect(page.locator("#since-toggle")).to_be_disabled()  # first visit: nothing to compare with
    page.reload()
    toggle = page.locator("#since-toggle")
    expect(toggle).to_be_enabled()
    toggle.click()
    page.wait_for_url("**since=2022-01-01")
    expect(page.locator(".since-switch")).to_contain_text("2022-01-01")


def test_posted_markup_never_executes(live: str, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import json
    import urllib.request

    from tests.web.test_security import XSS_TEXT, XSS_TITLE

    body = json.dumps(
        {"id": "xss-browser", "title": XSS_TITLE, "text": XSS_TEXT, "published": "2022-01-11"}
    ).encode()
    request = urllib.request.Request(
        live + "/api/articles",
        data=body,
        method="POST",
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        story = json.loads(response.read())["story_id"]
    for path in ("/articles/xss-browser", f"/stories/{story}", "/search?q=парламент", "/"):
        page.goto(live + path)
        page.wait_for_load_state("load")
        assert page.evaluate("() => window.__pwned === undefined"), path
        assert page.locator("img[src=x]").count() == 0, path
    page.goto(live + "/articles/xss-browser")
    assert "<script>" in page.locator("h1").inner_text()  # shown as text
    _shot(page, tmp_path, "6-xss-as-text")


def test_api_docs_render_from_the_vendored_swagger_ui(live: str, page) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(live + "/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("storyline")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    assert all(url.startswith(live) or url.startswith("data:") for url in requested), requested
    assert not page.errors, page.errors


def test_pages_show_a_posted_article_without_a_reload(live_polling: str, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import json
    import urllib.request

    from playwright.sync_api import expect

    from tests.web.test_api import ARTICLE

    page.goto(live_polling + "/")
    expect(page.locator(".story-row .meta")).to_contain_text("5 статей")
    story_page = page.context.new_page()
    story_page.goto(
        live_polling + "/stories/" + page.locator(".story-row").first.get_attribute("data-story-id")
    )
    expect(story_page.locator(".story .meta")).to_contain_text("5 статей")
    for tab in (page, story_page):
        tab.evaluate("() => { window.__sameDocument = true; }")  # gone if the page reloads
    request = urllib.request.Request(
        live_polling + "/api/articles",
        data=json.dumps(ARTICLE).encode(),
        method="POST",
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=300) as response:
        assert response.status == 201
    expect(page.locator(".story-row .meta").first).to_contain_text("6 статей", timeout=20_000)
    expect(story_page.locator(".story .meta")).to_contain_text("6 статей", timeout=20_000)
    expect(story_page.locator(".live-note")).to_be_visible()
    expect(story_page.locator("#timeline-chart .vis-item").first).to_be_visible()  # redrawn
    for tab in (page, story_page):
        assert tab.evaluate("() => window.__sameDocument === true")
    _shot(story_page, tmp_path, "7-live-update")
    assert not page.errors, page.errors


# Seconds from a write's commit (its POST answered) to a long-polled page showing it:
# the server looks at the write generation every 0.25 s (web/live.py), the rest is
# the render and the swap on a loaded two-core machine. The pages' interval poll is
# 120 s in this test, so only the long poll can meet it.
SHOWN_AFTER_COMMIT_S = 6.0


def _post(base: str, article: dict[str, str]) -> None:
    import json
    import urllib.request

    request = urllib.request.Request(
        base + "/api/articles",
        data=json.dumps(article).encode(),
        method="POST",
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=300) as response:
        assert response.status == 201


def test_long_polled_pages_show_a_written_article_at_once(live_waiting: str, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Pages open while an article is written show it without a reload within
    SHOWN_AFTER_COMMIT_S; their 3 s checks renew themselves meanwhile (the POST's
    first article loads the writer's models), and a renewal does not redraw the story."""
    from playwright.sync_api import expect

    from tests.web.test_api import ARTICLE

    page.goto(live_waiting + "/")
    expect(page.locator(".story-row .meta")).to_contain_text("5 статей")
    story_page = page.context.new_page()
    story_page.goto(
        live_waiting + "/stories/" + page.locator(".story-row").first.get_attribute("data-story-id")
    )
    expect(story_page.locator("#timeline-chart")).to_have_attribute("data-ready", "1")
    for tab in (page, story_page):
        tab.evaluate("() => { window.__sameDocument = true; }")  # gone if the page reloads
    checks: list[str] = []
    story_page.on("request", lambda r: checks.append(r.url) if "wait=3" in r.url else None)
    story_page.wait_for_timeout(3500)  # at least one check renewed
    assert checks, "the story page sent no long-polled check"
    _post(live_waiting, ARTICLE)
    expect(page.locator(".story-row .meta").first).to_contain_text(
        "6 статей", timeout=SHOWN_AFTER_COMMIT_S * 1000
    )
    expect(story_page.locator(".story .meta")).to_contain_text(
        "6 статей", timeout=SHOWN_AFTER_COMMIT_S * 1000
    )
    expect(story_page.locator(".live-note")).to_be_visible()
    expect(story_page.locator("#timeline-chart .vis-timeline")).to_have_count(
        1
    )  # drawn once, not per renewal
    for tab in (page, story_page):
        assert tab.evaluate("() => window.__sameDocument === true")
    assert len(checks) >= 2
    # A hidden tab stops waiting and checks every --poll s; shown again, it waits again.
    hide = "h => { Object.defineProperty(document, 'visibilityState', {value: h ? 'hidden' : 'visible',"
    hide += " configurable: true}); document.dispatchEvent(new Event('visibilitychange')); }"
    story_page.evaluate(hide, True)
    expect(story_page.locator("#story-live")).to_have_attribute("hx-trigger", "every 120s")
    sent = len(checks)
    story_page.wait_for_timeout(4000)
    assert len(checks) == sent  # no waiting check while hidden
    story_page.evaluate(hide, False)
    story_page.wait_for_timeout(1000)  # under the 3 s of a check's wait: no renewal yet
    assert len(checks) == sent + 1, checks[sent - 2 :]
    _shot(story_page, tmp_path, "8-long-poll-update")
    assert not page.errors, page.errors
    assert not story_page.errors if hasattr(story_page, "errors") else True


def test_pages_fall_back_to_the_interval_poll_when_the_long_poll_fails(live_polling: str, page) -> None:  # type: ignore[no-untyped-def]
    """A proxy that cuts every long-polled check: the page checks every --poll s instead."""
    from playwright.sync_api import expect

    from tests.web.test_api import ARTICLE

    page.route("**/*wait=*", lambda route: route.abort())
    page.goto(live_polling + "/")
    expect(page.locator(".story-row .meta")).to_contain_text("5 статей")
    expect(page.locator("#list-live")).to_have_attribute("hx-trigger", "every 1s")
    page.evaluate("() => { window.__sameDocument = true; }")
    _post(live_polling, ARTICLE)
    expect(page.locator(".story-row .meta").first).to_contain_text("6 статей", timeout=20_000)
    assert page.evaluate("() => window.__sameDocument === true")


def test_a_stored_story_page_in_a_new_server_process(web_db: Path, tmp_path: Path, page) -> None:  # type: ignore[no-untyped-def]
    """The page a first view stored (`story_views`) is what a new server process shows:
    the timeline drawn, the updated figure flagged, its value linked to its sentence."""
    import sqlite3

    from playwright.sync_api import expect

    from storyline.web import page_store
    from tests.web.conftest import _serve

    first = _serve(web_db, tmp_path)
    base = next(first)
    page.goto(base + "/")
    page.locator(".story-row a.story-title").first.click()
    page.wait_for_url("**/stories/sty-*")
    story_id = page.url.rsplit("/", 1)[1]
    deadline = time.monotonic() + 30
    row = None
    while row is None and time.monotonic() < deadline:
        with sqlite3.connect(web_db) as db:
            row = db.execute("SELECT version FROM story_views WHERE story_id = ?", (story_id,)).fetchone()
        time.sleep(0.2)
    first.close()  # the first server stops
    assert row is not None and row[0].endswith(page_store.code_version())

    second = _serve(web_db, tmp_path)
    base = next(second)
    try:
        page.goto("about:blank")  # the old page's live check may have hit the stopped server
        page.errors.clear()
        page.goto(f"{base}/stories/{story_id}")
        timeline = page.locator("#timeline-chart")
        expect(timeline).to_have_attribute("data-ready", "1")
        expect(timeline.locator(".vis-item").first).to_be_visible()
        russia = page.locator('tr.fact[data-subject="Россия"]')
        expect(russia).to_have_class("fact status-updated")
        russia.locator("a.value").first.click()
        page.wait_for_url("**/articles/**")
        expect(page.locator("#at")).to_be_visible()
        _shot(page, tmp_path, "stored-page-new-process")
        assert not page.errors, page.errors
    finally:
        second.close()


def test_the_timeline_axis_speaks_the_page_language(live: str, page) -> None:  # type: ignore[no-untyped-def]
    """vis-timeline words its axis (month and day names) in the page's language."""
    import re

    from playwright.sync_api import expect

    page.goto(live + "/")
    page.locator(".story-row a.story-title").first.click()
    page.wait_for_url("**/stories/sty-*")
    story = page.url.split(live, 1)[1]
    axes = {}
    for lang in ("ru", "en"):
        page.goto(f"{live}/lang/{lang}?next={story}")
        expect(page.locator("#timeline-chart")).to_have_attribute("data-ready", "1")
        labels = page.locator("#timeline-chart .vis-time-axis .vis-text")
        expect(labels.first).to_be_attached()
        axes[lang] = " ".join(labels.all_text_contents())
    assert re.search(r"[а-я]", axes["ru"]), axes
    assert re.search(r"[a-z]", axes["en"], re.I) and not re.search(r"[А-Яа-яЁё]", axes["en"]), axes
    assert page.errors == []
