"""A small news site on 127.0.0.1 for the watcher's tests: pages with menus,
footers and comment blocks around real Russian articles, feeds in every format,
conditional GET (ETag, Last-Modified), and misbehaving routes."""

from __future__ import annotations

import html
import json
import threading
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "src" / "storyline" / "examples" / "seeds"

MENU = "<nav><ul><li><a href='/'>Главная</a></li><li><a href='/politics'>Политика</a></li><li><a href='/sport'>Спорт</a></li></ul></nav>"
FOOTER = (
    "<footer><p>© 2022 Вечерние новости. Все права защищены.</p>"
    "<p>Перепечатка материалов разрешена только со ссылкой на источник.</p></footer>"
)
COMMENTS = (
    "<section id='comments' class='comments'><h3>Комментарии (2)</h3>"
    "<div class='comment'><b>Иван</b><p>Полностью согласен с автором, давно пора было об этом написать всем.</p></div>"
    "<div class='comment'><b>Мария</b><p>А мне кажется, что всё это преувеличено, и никто ничего не решит сам.</p></div>"
    "</section>"
)


def seed_texts() -> list[str]:
    """The five seed articles (one story), without their ` date YYYY-MM ` prefix."""
    texts = []
    for path in sorted(SEEDS.glob("*.txt")):
        words = path.read_text(encoding="utf-8").split()
        texts.append(" ".join(words[2:]) if words[:1] == ["date"] else " ".join(words))
    return texts


def paragraphs(text: str, size: int = 3) -> list[str]:
    """A text cut into paragraphs of `size` sentences (cut at '. ')."""
    parts = text.replace(". ", ".\n").splitlines()
    return [" ".join(parts[i : i + size]) for i in range(0, len(parts), size)]


def article_page(title: str, text: str, published: str | None = "2022-01-07") -> str:
    meta = f"<meta property='article:published_time' content='{published}'>" if published else ""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(text))
    return (
        "<!DOCTYPE html><html lang='ru'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)} | Вечерние новости</title>{meta}</head><body>"
        f"<header><a href='/'>Вечерние новости</a></header>{MENU}"
        f"<main><article><h1>{html.escape(title)}</h1>{body}</article></main>"
        f"{COMMENTS}{FOOTER}</body></html>"
    )


def home_page(feed_path: str) -> str:
    return (
        "<!DOCTYPE html><html lang='ru'><head><meta charset='utf-8'><title>Вечерние новости</title>"
        f"<link rel='alternate' type='application/rss+xml' title='Новости' href='{feed_path}'>"
        f"</head><body>{MENU}<p>Свежие новости дня.</p>{FOOTER}</body></html>"
    )


@dataclass
class Entry:
    id: str
    title: str
    link: str
    published: str = "Fri, 07 Jan 2022 10:00:00 +0300"
    updated: str | None = None
    text: str | None = None  # full text carried by the feed itself


def rss(entries: list[Entry], title: str = "Вечерние новости") -> str:
    items = []
    for e in entries:
        content = f"<content:encoded>{html.escape(e.text)}</content:encoded>" if e.text else ""
        updated = f"<atom:updated>{e.updated}</atom:updated>" if e.updated else ""
        published = f"<pubDate>{e.published}</pubDate>" if e.published else ""  # "": the feed gives no date
        items.append(
            f"<item><guid>{html.escape(e.id)}</guid><title>{html.escape(e.title)}</title>"
            f"<link>{html.escape(e.link)}</link>{published}"
            f"<description>{html.escape(e.title)}</description>{content}{updated}</item>"
        )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0' "
        "xmlns:content='http://purl.org/rss/1.0/modules/content/' xmlns:atom='http://www.w3.org/2005/Atom'>"
        f"<channel><title>{title}</title><link>http://example.org/</link><description>Новости</description>"
        + "".join(items)
        + "</channel></rss>"
    )


def atom(entries: list[Entry]) -> str:
    items = "".join(
        f"<entry><id>{html.escape(e.id)}</id><title>{html.escape(e.title)}</title>"
        f"<link href='{html.escape(e.link)}'/><updated>{e.updated or '2022-01-07T10:00:00+03:00'}</updated>"
        f"<summary>{html.escape(e.title)}</summary></entry>"
        for e in entries
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        "<title>Атом-лента</title><id>urn:test:atom</id><updated>2022-01-07T10:00:00Z</updated>"
        f"{items}</feed>"
    )


def json_feed(entries: list[Entry]) -> str:
    items = [
        {"id": e.id, "url": e.link, "title": e.title, "date_published": "2022-01-07T10:00:00+03:00"}
        | ({"content_text": e.text} if e.text else {})
        for e in entries
    ]
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "JSON-лента", "items": items})


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    hang: float = 0.0
    conditional: bool = True  # answer 304 to a matching If-None-Match / If-Modified-Since
    length: bool = True  # send Content-Length (False: the body ends when the connection closes)


class Site:
    """Routes by path, counted per request; `set` changes a route (a feed gaining an
    entry), which gives it a new ETag and Last-Modified."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.not_modified: dict[str, int] = {}
        self.agents: list[str] = []
        self.version = 0
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.base = ""

    def set(self, path: str, body: str | bytes = b"", **options: object) -> str:
        with self.lock:
            self.version += 1
            data = body.encode("utf-8") if isinstance(body, str) else body
            route = Route(data, **options)  # type: ignore[arg-type]
            if route.conditional and route.status == 200:
                route.headers.setdefault("ETag", f'"v{self.version}"')
                route.headers.setdefault(
                    "Last-Modified", formatdate(1_600_000_000 + self.version, usegmt=True)
                )
            route.headers = {k: v for k, v in route.headers.items() if v}  # "": that header left out
            self.routes[path] = route
        return self.base + path

    def url(self, path: str) -> str:
        return self.base + path


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            with site.lock:
                site.hits[self.path] = site.hits.get(self.path, 0) + 1
                site.agents.append(self.headers.get("User-Agent", ""))
                route = site.routes.get(self.path, Route(b"not found", status=404, content_type="text/plain"))
            if route.hang and site.stopping.wait(route.hang):
                return
            etag, modified = route.headers.get("ETag"), route.headers.get("Last-Modified")
            asked_etag, asked_since = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
            unchanged = (etag and asked_etag == etag) or (not etag and modified and asked_since == modified)
            if route.conditional and unchanged:
                site.not_modified[self.path] = site.not_modified.get(self.path, 0) + 1
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if route.length:
                self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            try:
                self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args: object) -> None:
            pass

    return Handler


def start_site(host: str = "127.0.0.1") -> tuple[Site, ThreadingHTTPServer]:
    site = Site()
    httpd = ThreadingHTTPServer((host, 0), _handler(site))
    httpd.daemon_threads = True
    site.base = f"http://{host}:{httpd.server_address[1]}"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return site, httpd
