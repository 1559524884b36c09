"""Server-rendered pages (Jinja2, autoescaped; htmx swaps the story list and the
search results in place). Every page renders data the API also returns; the
words come from `i18n.py`, in Russian unless the reader switched to English.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from importlib import resources
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool

from storyline.model import Article
from storyline.query.rows import StorySort
from storyline.query.story_view import ViewOptions
from storyline.web.api import DAY, MAX_OFFSET, ApiError, _day
from storyline.web.catalog import Catalog, StoryFilter
from storyline.web.i18n import LANGS, Strings, lang_of
from storyline.web.live import LIVE_WAIT_S, WAIT_PARAM, GenerationWaiter
from storyline.web.page_store import STORY_TOP, StoredPages
from storyline.web.search import QueryError, Searcher, SearchFilter
from storyline.web.story_page import StoryPage, cached, load_story_page
from storyline.web.thread_page import load_thread_page

# Stories per page of the list, hits per page of a search.
LIST_PAGE = 20
SEARCH_PAGE = 20
# The language of what the pages show from the articles (titles, text, names,
# quotes): marked on those elements (`lang`), so an English page says which of
# its parts are Russian (screen readers, hyphenation, the English-page test).
# The article reader marks its text with the article's own detected language.
CONTENT_LANG = "ru"
# How long the language choice is remembered (a year, in seconds).
LANG_COOKIE_AGE = 365 * 24 * 3600

_env = Environment(
    loader=FileSystemLoader(str(resources.files("storyline.web") / "templates")),
    autoescape=select_autoescape(["html", "xml"], default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)

pages = APIRouter(include_in_schema=False)


def _render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = lang_of(request.cookies.get("lang"))
    t = Strings(lang)
    html = _env.get_template(name).render(
        request=request,
        t=t,
        lang=lang,
        content_lang=CONTENT_LANG,
        other_lang="en" if lang == "ru" else "ru",
        path=request.url.path,
        query=str(request.url.query),
        live_poll=request.app.state.live_poll_s,
        live_wait=request.app.state.live_wait_s,
        **context,
    )
    # htmx asks the same URL for a fragment, and the language comes from a cookie
    return HTMLResponse(html, status_code=status, headers={"Vary": "HX-Request, Cookie"})


def error_page(request: Request, status: int, key: str | None, params: dict[str, str]) -> HTMLResponse:
    """An error as a page in the reader's language: the words of `key` (`i18n`), else the status's."""
    return _render(request, "error.html", status=status, status_code=status, key=key, params=params)


def _catalog(request: Request) -> Catalog:
    return request.app.state.catalog  # type: ignore[no-any-return]


@pages.get("/lang/{lang}")
def switch_language(lang: str, next: str = "/") -> Response:  # noqa: A002 - the form's name
    if lang not in LANGS:
        raise ApiError(404, f"no language {lang!r}", "no_language", {"lang": lang})
    target = next if next.startswith("/") and not next.startswith("//") and "\\" not in next else "/"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie("lang", lang, max_age=LANG_COOKIE_AGE, samesite="lax", httponly=True)
    return response


# A live check's element, what its new content replaces and how, by page.
_LIVE = {
    "list": ("list-live", "#story-rows", "innerHTML"),
    "story": ("story-live", "#story-body", "outerHTML"),
}


async def _wait_for_change(
    request: Request, kind: str, wait: int, same: Callable[[int], bool]
) -> Response | None:
    """None once the page's marker is out of date (`same(generation)` false: the
    caller renders the new content); else the answer to an unchanged page. An
    interval poll (`wait=0`) gets a bodiless 204 at once. A long-polled check waits
    for the store's write generation to move (`live.GenerationWaiter`), looks again,
    and after `wait` s (the server's `live_wait_s` at most) gets its own element back, to swap in
    place of itself (htmx's HX-Retarget / HX-Reswap) and so ask again."""
    waiter: GenerationWaiter = request.app.state.live
    generation = getattr(request.state, "generation", None)
    if generation is None:  # a long-polled check is not cached: read it here, on the loop
        generation = waiter.current()
    deadline = time.monotonic() + min(wait, request.app.state.live_wait_s or LIVE_WAIT_S)
    while True:
        request.state.generation = generation  # the render reads in it (no thread of its own counts it)
        if not await run_in_threadpool(same, generation):
            return None
        remaining = deadline - time.monotonic()
        if remaining <= 0 or waiter.stopping or await request.is_disconnected():
            break
        generation = await waiter.wait_past(generation, remaining)
    if not wait:
        return Response(status_code=204)  # nothing new: htmx leaves the page as it is
    element, target, swap = _LIVE[kind]
    url = (
        request.url.path
        + "?"
        + urlencode([(k, v) for k, v in request.query_params.multi_items() if k != WAIT_PARAM])
    )
    response = _render(
        request, "_live.html", live_id=element, live_url=url, live_target=target, live_swap=swap
    )
    response.headers["HX-Retarget"] = "#" + element
    response.headers["HX-Reswap"] = "outerHTML"
    return response


@pages.get("/", response_class=HTMLResponse)
async def story_list(
    request: Request,
    sort: StorySort = StorySort.recency,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    date_from: Annotated[str | None, Query(pattern=f"({DAY})|^$")] = None,
    date_to: Annotated[str | None, Query(pattern=f"({DAY})|^$")] = None,
    source: Annotated[str | None, Query(max_length=200)] = None,
    entity: Annotated[str | None, Query(max_length=64)] = None,
    q: Annotated[str | None, Query(max_length=500)] = None,
    live: Annotated[
        str | None, Query(max_length=100, description="The list marker a live page holds.")
    ] = None,
    wait: Annotated[int, Query(ge=0, le=3600, description="Seconds a live check may wait.")] = 0,
) -> Response:
    catalog = _catalog(request)
    partial = request.headers.get("hx-request") == "true"
    if partial and live is not None:
        unchanged = await _wait_for_change(request, "list", wait, lambda g: catalog.list_marker(g) == live)
        if unchanged is not None:
            return unchanged
    return await run_in_threadpool(
        _story_list, request, sort, offset, date_from, date_to, source, entity, q, live
    )


def _story_list(
    request: Request,
    sort: StorySort,
    offset: int,
    date_from: str | None,
    date_to: str | None,
    source: str | None,
    entity: str | None,
    q: str | None,
    live: str | None,
) -> Response:
    catalog = _catalog(request)
    partial = request.headers.get("hx-request") == "true"
    marker = catalog.list_marker(getattr(request.state, "generation", None))
    date_from, date_to, source, entity, q = (v or None for v in (date_from, date_to, source, entity, q))
    _day(date_from, "date_from"), _day(date_to, "date_to")
    matching = None
    if q:
        searcher: Searcher = request.app.state.searcher
        try:
            matching = searcher.matching_clause(q, SearchFilter(None, source, date_from, date_to))
        except QueryError as exc:
            raise ApiError(422, str(exc), exc.key, exc.params) from exc
    page = catalog.stories(StoryFilter(date_from, date_to, entity, source, matching), sort, LIST_PAGE, offset)
    params = {
        k: v
        for k, v in {
            "sort": sort.value,
            "date_from": date_from,
            "date_to": date_to,
            "source": source,
            "entity": entity,
            "q": q,
        }.items()
        if v
    }
    context: dict[str, Any] = {
        "page": page,
        "sort": sort.value,
        "params": params,
        "offset": offset,
        "page_size": LIST_PAGE,
        "next_url": "/?" + urlencode({**params, "offset": offset + LIST_PAGE}) if page.remaining else None,
        "prev_url": "/?" + urlencode({**params, "offset": max(0, offset - LIST_PAGE)}) if offset else None,
        "sources": catalog.sources(getattr(request.state, "generation", None))[:50],
        "entities": catalog.reader.entities(None, 50, 0).items,
        "feeds": page.items[:10],
        "live_url": "/?" + urlencode({**params, **({"offset": offset} if offset else {}), "live": marker}),
    }
    return _render(request, "_story_rows.html" if partial else "stories.html", **context)


@pages.get("/stories/{story_id}", response_class=HTMLResponse)
async def story(
    request: Request,
    story_id: str,
    since: Annotated[str | None, Query(pattern=f"({DAY})|^$")] = None,
    top: Annotated[int, Query(ge=0, le=1000)] = STORY_TOP,
    live: Annotated[
        str | None, Query(max_length=100, description="The story version a live page holds.")
    ] = None,
    wait: Annotated[int, Query(ge=0, le=3600, description="Seconds a live check may wait.")] = 0,
) -> Response:
    day = _day(since or None, "since")
    catalog = _catalog(request)
    if request.headers.get("hx-request") == "true" and live is not None:
        pages_cache = request.app.state.pages

        def same(generation: int) -> bool:
            version = pages_cache.marker(pages_cache.version(catalog, story_id))
            return version is not None and version == live

        unchanged = await _wait_for_change(request, "story", wait, same)
        if unchanged is not None:
            return unchanged
    return await run_in_threadpool(_story, request, story_id, day, top)


def _story(request: Request, story_id: str, day: date | None, top: int) -> Response:
    catalog = _catalog(request)
    partial = request.headers.get("hx-request") == "true"
    pages_cache = request.app.state.pages
    stamp = pages_cache.version(catalog, story_id)
    version = pages_cache.marker(stamp)
    options = ViewOptions(top=top, since=day)
    origin = ["memory"]  # where the page came from: this process's memory, the store, or built
    data: StoryPage = cached(
        request.app.state.pages,
        catalog,
        story_id,
        "page",
        options,
        lambda: _stored_or_built(request, story_id, options, stamp, origin),
        version=stamp,
    )
    view = data.view
    groups = [{"id": t.thread_id, "content": t.title[:60]} for t in view.threads.items]
    items = []
    for i, event in enumerate(view.timeline.items):
        if not event.date:
            continue
        thread = next(
            (data.thread_of.get(c.article_id) for c in event.citations if c.article_id in data.thread_of),
            None,
        )
        start = (event.date + "-01-01")[:10] if len(event.date) < 10 else event.date[:10]
        items.append(
            {
                "id": i,
                "content": event.text[:80],
                "title": event.text[:300],
                "start": start,
                **({"group": thread} if thread else {}),
            }
        )
    kept = {
        k: v
        for k, v in {
            "since": day.isoformat() if day else None,
            "top": top if top != STORY_TOP else None,
        }.items()
        if v is not None
    }
    response = _render(
        request,
        "_story_body.html" if partial else "story.html",
        live_url=f"/stories/{story_id}?" + urlencode({**kept, "live": version or ""}),
        updated=partial,
        data=data,
        view=view,
        since=day,
        timeline_data={"groups": groups, "items": items},
        charts=data.charts,
    )
    # Where the page's view came from (`memory`, `stored`, `built`): tells an operator
    # or a benchmark whether a first view after a write was a stored read.
    response.headers["X-Story-Page"] = origin[0]
    return response


def _stored_or_built(
    request: Request,
    story_id: str,
    options: ViewOptions,
    stamp: tuple[str, int] | None,
    origin: list[str],
) -> StoryPage:
    """The page a reader opens first comes from the store when it was built before
    (`page_store.py`); built here otherwise, and then stored for every process.
    `origin[0]` is set to which it was."""
    catalog = _catalog(request)
    stored: StoredPages | None = getattr(request.app.state, "stored_pages", None)
    keep = stored is not None and stamp is not None and options == stored.options
    if keep:
        found = stored.load(story_id, stamp)  # type: ignore[union-attr, arg-type]
        if found is not None:
            origin[0] = "stored"
            return found  # type: ignore[no-any-return]
    origin[0] = "built"
    page = load_story_page(catalog, story_id, options)
    if keep:
        stored.save_later(story_id, stamp, page)  # type: ignore[union-attr, arg-type]
    return page


@pages.get("/threads/{thread_id}", response_class=HTMLResponse)
def thread(request: Request, thread_id: str) -> HTMLResponse:
    catalog = _catalog(request)
    data = load_thread_page(catalog, request.app.state.pages, thread_id)
    return _render(request, "thread.html", data=data)


def _segments(article: Article, at: int | None) -> list[dict[str, Any]]:
    """The article's text cut into sentences, each cut into plain text and marked mentions."""
    ann = article.annotation
    text = article.text
    if ann is None or not ann.sentences:
        return [{"index": None, "parts": [("text", text, None)], "target": False}]
    marks: list[tuple[int, int, str, str | None]] = []
    for e in ann.entities:
        marks.append(
            (e.start, e.end, f"ent ent-{e.type}", f"/entities/{e.entity_id}" if e.entity_id else None)
        )
    for d in ann.dates:
        marks.append((d.start, d.end, "date", None))
    for q in ann.quantities:
        marks.append((q.start, q.end, "qty", None))
    marks.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    out: list[dict[str, Any]] = []
    cursor = 0
    for index, sentence in enumerate(ann.sentences):
        if sentence.start > cursor:
            out.append(
                {"index": None, "parts": [("text", text[cursor : sentence.start], None)], "target": False}
            )
        parts: list[tuple[str, str, str | None]] = []
        pos = sentence.start
        for start, end, kind, href in marks:
            if start < pos or start >= sentence.end or end > sentence.end:
                continue
            if start > pos:
                parts.append(("text", text[pos:start], None))
            parts.append((kind, text[start:end], href))
            pos = end
        if pos < sentence.end:
            parts.append(("text", text[pos : sentence.end], None))
        target = at is not None and sentence.start <= at < max(sentence.end, sentence.start + 1)
        out.append({"index": index, "parts": parts, "target": target})
        cursor = max(cursor, sentence.end)
    if cursor < len(text):
        out.append({"index": None, "parts": [("text", text[cursor:], None)], "target": False})
    return out


@pages.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(
    request: Request, article_id: str, at: Annotated[int | None, Query(ge=0, le=10_000_000)] = None
) -> HTMLResponse:
    catalog = _catalog(request)
    article = catalog.reader.article(article_id)
    marks = {m.index: m for m in catalog.reader.novelty([article_id]).get(article_id, [])}
    placed = catalog.thread_of(article_id)
    counts: dict[str, int] = {}
    for m in marks.values():
        counts[m.novelty] = counts.get(m.novelty, 0) + 1
    return _render(
        request,
        "article.html",
        article=article,
        segments=_segments(article, at),
        marks=marks,
        placed=placed,
        counts=counts,
        at=at,
    )


@pages.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: str) -> HTMLResponse:
    catalog = _catalog(request)
    entity = catalog.reader.entity(entity_id)
    stories = catalog.stories(StoryFilter(entity_id=entity_id), StorySort.recency, 100, 0)
    return _render(
        request, "entity.html", entity=entity, stories=stories, mentions=catalog.mentions(entity_id)
    )


@pages.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: Annotated[str, Query(max_length=500)] = "",
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    entity: Annotated[str | None, Query(max_length=64)] = None,
    source: Annotated[str | None, Query(max_length=200)] = None,
    date_from: Annotated[str | None, Query(pattern=f"({DAY})|^$")] = None,
    date_to: Annotated[str | None, Query(pattern=f"({DAY})|^$")] = None,
) -> HTMLResponse:
    entity, source, date_from, date_to = (v or None for v in (entity, source, date_from, date_to))
    result, problem = None, None
    if q.strip():
        searcher: Searcher = request.app.state.searcher
        try:
            result = searcher.search(
                q,
                SearchFilter(entity, source, date_from, date_to),
                SEARCH_PAGE,
                offset,
                getattr(request.state, "generation", None),
            )
        except QueryError as exc:
            problem = (exc.key, exc.params)
    params = {
        k: v
        for k, v in {
            "q": q,
            "entity": entity,
            "source": source,
            "date_from": date_from,
            "date_to": date_to,
        }.items()
        if v
    }

    def with_param(name: str, value: str | None) -> str:
        merged = {**params, name: value} if value else {k: v for k, v in params.items() if k != name}
        return "/search?" + urlencode(merged)

    next_url = (
        "/search?" + urlencode({**params, "offset": offset + SEARCH_PAGE})
        if result and offset + len(result.hits) < result.total
        else None
    )
    partial = request.headers.get("hx-request") == "true"
    return _render(
        request,
        "_search_results.html" if partial else "search.html",
        q=q,
        result=result,
        problem=problem,
        params=params,
        with_param=with_param,
        next_url=next_url,
    )


@pages.get("/rejections", response_class=HTMLResponse)
def rejections_page(request: Request, offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> HTMLResponse:
    catalog = _catalog(request)
    return _render(
        request,
        "rejections.html",
        rejections=catalog.rejections(100, offset),
        failures=catalog.failures(100, 0),
        offset=offset,
    )
