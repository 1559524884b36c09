"""The JSON API: paged lists, one story, its changes, threads, articles, entities,
search, exports, and posting an article.

Reads go through the read-only `Catalog`; the one write (POST /api/articles)
goes to the server's writer thread. Every error is `{"error": message}` with a
4xx/5xx status (see `app.py`), never a stack trace.
"""

from __future__ import annotations

import asyncio
import hmac
import json
from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from storyline.errors import NotFoundError, UpgradeNeededError, WriterBusyError
from storyline.query.rows import StorySort
from storyline.query.story_view import ViewOptions, load_story_view
from storyline.query.view import StoryView
from storyline.web import examples
from storyline.web.catalog import Catalog, StoryFilter, StoryItem
from storyline.web.feed import story_feed
from storyline.web.i18n import Lang, lang_of
from storyline.web.search import QueryError, Searcher, SearchFilter
from storyline.web.story_page import PageCache, cached, load_changes, load_story_page
from storyline.web.writer import Rejected, WriterThread

# Largest page any list returns: a client asking for more gets a 422, not a slow answer.
MAX_PAGE = 200
# Largest offset: deeper pages of a 100k list are a scan, and no reader pages that far.
MAX_OFFSET = 100_000
# A posted article's body, in bytes (the ingest's own text cap is 1 MB; JSON
# escaping of Cyrillic as \uXXXX can make the body six times the text).
MAX_BODY_BYTES = 2_000_000
# How long a POST waits for the writer (annotation of one article takes seconds;
# a queue of posted articles may take a while).
WRITE_TIMEOUT_S = 300.0

DAY = r"^\d{4}-\d{2}-\d{2}$"
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Page size (at most {MAX_PAGE}).")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip (paging).")]
Day = Annotated[str | None, Query(pattern=DAY, description="A day, YYYY-MM-DD.", examples=["2022-01-07"])]

router = APIRouter(prefix="/api")


class ApiError(Exception):
    """An answer other than 200: `message` is the JSON API's (English) words; `key`
    and `params` name the words an HTML page shows in its language (`i18n.ERRORS`);
    `fields` are more members of the JSON answer (a rejection's `code` and `params`)."""

    def __init__(
        self,
        status: int,
        message: str,
        key: str | None = None,
        params: dict[str, str] | None = None,
        fields: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.key = key
        self.params = params or {}
        self.fields = fields or {}


# The language of an export's or a feed's own words: `?lang=`, else the pages' cookie.
LangQuery = Annotated[
    Lang | None, Query(description="ru or en; default: the reader's language cookie, else ru")
]


def _lang(request: Request, asked: Lang | None) -> Lang:
    return asked or lang_of(request.cookies.get("lang"))


def _catalog(request: Request) -> Catalog:
    return request.app.state.catalog  # type: ignore[no-any-return]


def _pages(request: Request) -> PageCache | None:
    return getattr(request.app.state, "pages", None)


def _full_view(request: Request, story_id: str) -> StoryView:
    """The story's whole view (every line of every section), through the page cache."""
    catalog = _catalog(request)
    full = ViewOptions.full()
    return cached(
        _pages(request),
        catalog,
        story_id,
        "view",
        full,
        lambda: load_story_view(catalog.reader, story_id, full),
    )


def _json_bytes(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def _json(data: object) -> Response:
    """A JSON answer encoded by orjson, dataclasses included, and not validated again
    by FastAPI (its response-model pass over a search answer's 20 hits and facets
    cost more CPU than the hits' snippets)."""
    return Response(orjson.dumps(data, default=str), media_type="application/json")


def _day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ApiError(
            422,
            f"{name} {value!r} is not a day; give one like 2022-01-07",
            "bad_day",
            {"name": name, "value": value},
        ) from exc


def _page(items: list[Any], total: int, offset: int, limit: int) -> dict[str, Any]:
    return {
        "items": items,
        "total": total,
        "offset": offset,
        "limit": limit,
        "next_offset": offset + len(items) if offset + len(items) < total else None,
    }


def _story_item(item: StoryItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title,
        "articles": item.articles,
        "threads": item.threads,
        "sources": item.sources,
        "first_published": item.first_published,
        "last_published": item.last_published,
        "recent_articles": item.recent_articles,
        "volume": [{"day": d, "articles": n} for d, n in item.volume],
    }


@router.get(
    "/stories",
    summary="A page of stories",
    response_model=dict[str, Any],
    responses=examples.ok(examples.STORIES),
)
def list_stories(
    request: Request,
    limit: Limit = 20,
    offset: Offset = 0,
    sort: Annotated[
        StorySort,
        Query(description="recency: latest article; size: most articles; activity: most in the newest week."),
    ] = StorySort.recency,
    date_from: Day = None,
    date_to: Day = None,
    entity: Annotated[
        str | None, Query(max_length=64, description="An entity id (see /api/entities).")
    ] = None,
    source: Annotated[str | None, Query(max_length=200)] = None,
    q: Annotated[
        str | None, Query(max_length=500, description="Only stories with an article matching this search.")
    ] = None,
    updated_since: Annotated[
        datetime | None,
        Query(description="Only stories that got an article ingested at or after this moment (ISO 8601)."),
    ] = None,
) -> Response:
    """Stories with their article and source counts, date span and articles per day."""
    catalog = _catalog(request)
    _day(date_from, "date_from"), _day(date_to, "date_to")
    matching = None
    if q:
        try:
            matching = _searcher(request).matching_clause(q, SearchFilter(None, source, date_from, date_to))
        except QueryError as exc:
            raise ApiError(422, str(exc)) from exc
    since = None
    if updated_since is not None:  # stored as UTC ISO strings ("2026-12-01T09:18:00+00:00"); naive means UTC
        moment = (
            updated_since.replace(tzinfo=UTC)
            if updated_since.tzinfo is None
            else updated_since.astimezone(UTC)
        )
        since = moment.isoformat(timespec="seconds")
    flt = StoryFilter(date_from, date_to, entity, source, matching, since)
    page = catalog.stories(flt, sort, limit, offset)
    return _json(_page([_story_item(i) for i in page.items], page.total, offset, limit))


@router.get("/stories/{story_id}", summary="One story", responses=examples.ok(examples.STORY))
def get_story(
    request: Request,
    story_id: str,
    since: Day = None,
    top: Annotated[int, Query(ge=0, le=1000, description="Lines per section (0: all).")] = 0,
) -> Response:
    """Threads, timeline, facts (with each value's span), quotes by speaker, entities, articles, summary."""
    catalog = _catalog(request)
    options = ViewOptions(top=top, since=_day(since, "since"))

    def build() -> bytes:
        page = load_story_page(catalog, story_id, options)
        data = asdict(page.view)
        data["entities"] = [
            {"id": e.id, "name": e.name, "type": e.type, "mentions": e.mention_count} for e in page.entities
        ]
        data["thread_of"] = page.thread_of
        return _json_bytes(data)

    body = cached(_pages(request), catalog, story_id, "api", options, build)
    return Response(body, media_type="application/json")


@router.get(
    "/stories/{story_id}/changes", summary="What changed since a day", responses=examples.ok(examples.CHANGES)
)
def story_changes(
    request: Request,
    story_id: str,
    since: Annotated[str, Query(pattern=DAY, description="The reader's last visit, YYYY-MM-DD.")],
) -> Response:
    """Sentences marked new or updated in articles since that day, figures whose value changed, new threads, events."""
    day = _day(since, "since")
    assert day is not None
    catalog = _catalog(request)
    body = cached(
        _pages(request),
        catalog,
        story_id,
        "changes",
        ViewOptions(top=0, since=day),
        lambda: _json_bytes(asdict(load_changes(catalog, story_id, day))),
    )
    return Response(body, media_type="application/json")


@router.get("/stories/{story_id}/export", summary="Export one story", responses=examples.ok_export())
def export_story(
    request: Request,
    story_id: str,
    format: Annotated[str, Query(pattern="^(json|markdown)$")] = "json",  # noqa: A002 - the API's name
    lang: LangQuery = None,
) -> Response:
    """The whole story as JSON (the view, every line: data, in no language) or as the
    markdown report's section, in `lang` (else the reader's language cookie, else Russian)."""
    view = _full_view(request, story_id)
    if format == "markdown":
        import io

        from storyline.export.markdown import write_view

        text = io.StringIO()
        write_view(view, text, _lang(request, lang))
        return PlainTextResponse(
            text.getvalue(),
            media_type="text/markdown; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{story_id}.md"'},
        )
    return JSONResponse(
        asdict(view), headers={"Content-Disposition": f'attachment; filename="{story_id}.json"'}
    )


@router.get("/threads/{thread_id}", summary="One thread", responses=examples.ok(examples.THREAD))
def get_thread(request: Request, thread_id: str) -> dict[str, Any]:
    """A thread's title, dates, story and articles (ingest order)."""
    catalog = _catalog(request)
    row = catalog.db.execute("SELECT data FROM threads WHERE id = ?", (thread_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no thread with id {thread_id!r}")
    data = json.loads(row[0])
    members = catalog.db.execute(
        "SELECT a.id, a.title, a.source, a.published FROM assignments m JOIN articles a ON a.id = m.article_id"
        " WHERE m.thread_id = ? ORDER BY a.seq",
        (thread_id,),
    ).fetchall()
    data["articles"] = [{"id": r[0], "title": r[1], "source": r[2], "published": r[3]} for r in members]
    return data


@router.get("/articles/{article_id}", summary="One article", responses=examples.ok(examples.ARTICLE))
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    """The article with its annotations (no tokens) and each sentence's novelty."""
    catalog = _catalog(request)
    article = catalog.reader.article(article_id)
    if article.annotation is not None:
        article.annotation.tokens = []
    data = article.to_dict()
    marks = {m.index: m for m in catalog.reader.novelty([article_id]).get(article_id, [])}
    sentences = article.annotation.sentences if article.annotation else []
    data["sentences"] = [
        {
            "index": i,
            "start": s.start,
            "end": s.end,
            "kind": s.kind,
            "novelty": marks[i].novelty if i in marks else None,
            "repeats": marks[i].repeats if i in marks else [],
        }
        for i, s in enumerate(sentences)
    ]
    placed = catalog.thread_of(article_id)
    data["thread_id"], data["story_id"] = placed if placed else (None, None)
    return data


@router.get("/entities", summary="A page of entities", responses=examples.ok(examples.ENTITIES))
def list_entities(
    request: Request,
    limit: Limit = 50,
    offset: Offset = 0,
    type: Annotated[str | None, Query(pattern="^(PER|ORG|LOC)$")] = None,  # noqa: A002 - the API's name
) -> dict[str, Any]:
    """Entities, most mentioned first."""
    page = _catalog(request).reader.entities(type, limit, offset)
    return _page([asdict(e) for e in page.items], page.total, offset, limit)


@router.get("/entities/{entity_id}", summary="One entity", responses=examples.ok(examples.ENTITY))
def get_entity(request: Request, entity_id: str) -> dict[str, Any]:
    """Aliases, roles (descriptions), stories it takes part in (with their dates), and recent mentions."""
    catalog = _catalog(request)
    entity = catalog.reader.entity(entity_id)
    stories = catalog.stories(StoryFilter(entity_id=entity_id), StorySort.recency, MAX_PAGE, 0)
    return {
        **asdict(entity),
        "roles": entity.descriptions,
        "stories": [_story_item(s) for s in stories.items],
        "stories_total": stories.total,
        "mentions": [asdict(m) for m in catalog.mentions(entity_id)],
    }


def _generation(request: Request) -> int | None:
    """The store's write generation the request is read in (set by the cache middleware)."""
    return getattr(request.state, "generation", None)


def _searcher(request: Request) -> Searcher:
    return request.app.state.searcher  # type: ignore[no-any-return]


@router.get(
    "/search",
    summary="Full-text search over lemmas",
    response_model=dict[str, Any],
    responses=examples.ok(examples.SEARCH),
)
def search(
    request: Request,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=500,
            description='Words (any inflection) and "quoted phrases".',
            examples=["Токаев"],
        ),
    ],
    limit: Limit = 20,
    offset: Offset = 0,
    entity: Annotated[str | None, Query(max_length=64)] = None,
    source: Annotated[str | None, Query(max_length=200)] = None,
    date_from: Day = None,
    date_to: Day = None,
) -> Response:
    """Articles matching every word in any inflection, ranked by BM25 and recency, with marked snippets and facets."""
    _day(date_from, "date_from"), _day(date_to, "date_to")
    try:
        result = _searcher(request).search(
            q, SearchFilter(entity, source, date_from, date_to), limit, offset, _generation(request)
        )
    except QueryError as exc:
        raise ApiError(422, str(exc)) from exc
    return _json(
        {
            "query": result.query,
            "total": result.total,
            "offset": offset,
            "limit": limit,
            "items": result.hits,  # dataclasses: orjson writes their fields
            "facets": {
                k: [{"value": v, "label": lab, "count": n} for v, lab, n in vals]
                for k, vals in result.facets.items()
            },
        }
    )


def _check_token(request: Request, authorization: str | None) -> None:
    token = request.app.state.token
    if not token:
        raise ApiError(403, "posting is disabled: start the server with --token-file or STORYLINE_TOKEN")
    if not authorization or not authorization.startswith("Bearer "):
        raise ApiError(401, "a bearer token is required (Authorization: Bearer TOKEN)")
    if not hmac.compare_digest(authorization[len("Bearer ") :].strip().encode(), token.encode()):
        raise ApiError(403, "wrong token")


@router.post(
    "/articles",
    summary="Add one article",
    status_code=201,
    responses=examples.POST_RESPONSES,
    openapi_extra=examples.POST_BODY,
)
async def post_article(
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    """Ingest one article (JSONL fields: id, text, title, published, source, url, lang), annotate and group it.

    Answers with its thread and story; a rejected article gets 422 with the ingest's reason.
    """
    _check_token(request, authorization)
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise ApiError(413, f"body over {MAX_BODY_BYTES} bytes")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise ApiError(413, f"body over {MAX_BODY_BYTES} bytes")
    try:
        fields = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, f"body is not JSON: {exc}") from exc
    if not isinstance(fields, dict):
        raise ApiError(422, "body must be a JSON object with the article's fields")
    writer: WriterThread = request.app.state.writer
    try:
        accepted = await asyncio.wait_for(asyncio.wrap_future(writer.post_article(fields)), WRITE_TIMEOUT_S)
    except Rejected as exc:
        raise ApiError(422, exc.reason, fields={"code": exc.code, "params": exc.params}) from exc
    except WriterBusyError as exc:  # a CLI ingest held the database for too long
        raise ApiError(503, str(exc)) from exc
    except UpgradeNeededError as exc:  # the store needs `storyline ingest --upgrade` first
        raise ApiError(409, str(exc)) from exc
    placed = _catalog(request).thread_of(accepted.article_id)
    return JSONResponse(
        {
            "article_id": accepted.article_id,
            "duplicate": accepted.duplicate,
            "thread_id": placed[0] if placed else None,
            "story_id": placed[1] if placed else None,
        },
        status_code=200 if accepted.duplicate else 201,
    )


feed_router = APIRouter()


@feed_router.get(
    "/stories/{story_id}/feed.atom",
    summary="Atom feed of a story's changes",
    response_class=Response,
    responses=examples.ok_feed(),
)
def story_atom(request: Request, story_id: str, lang: LangQuery = None) -> Response:
    """The feed's own words in `lang` (else the reader's language cookie, else Russian)."""
    view = _full_view(request, story_id)
    base = str(request.base_url).rstrip("/")
    feed = story_feed(view, base, lang=_lang(request, lang))
    return Response(feed, media_type="application/atom+xml; charset=utf-8")
