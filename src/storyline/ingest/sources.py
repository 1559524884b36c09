"""From what the user named (paths, directories, URLs) to a stream of records.

The format comes from the extension (after `.gz`), else from the first bytes: a
JSON object, feed XML, HTML, or else plain text. A directory is walked recursively
in sorted order, so two runs over the same tree read the same records in the same
order; hidden files and folders (`.git`, `.DS_Store`) are skipped.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from storyline.ingest.blobs import Blob, bytes_blob, file_blob, format_name, safe_text
from storyline.ingest.csvfile import read_csv
from storyline.ingest.feed import FeedBudget, read_feed
from storyline.ingest.fetch import fetch_reason
from storyline.ingest.htmlpage import read_html
from storyline.ingest.jsonl import read_json, read_jsonl
from storyline.ingest.records import Reader, reject
from storyline.ingest.text import read_text
from storyline.model import Rejection
from storyline.reasons import reason

EXTENSIONS = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl", ".json": "json",
    ".csv": "csv", ".tsv": "tsv",
    ".txt": "txt", ".text": "txt",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".rss": "feed", ".atom": "feed", ".xml": "feed", ".rdf": "feed",
}  # fmt: skip
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)


@dataclass
class Limits:
    """Byte caps derived from `max_bytes` (the limit on one article's text), and the
    time budget of a feed's entry pages."""

    max_bytes: int
    feed: FeedBudget = field(default_factory=FeedBudget)

    @property
    def line(self) -> int:
        # A JSON line escapes text (\u0438 is 6 bytes for a 2-byte letter): room for 3x
        # the text plus the other fields.
        return 3 * self.max_bytes + 65536

    @property
    def text_file(self) -> int:
        # cp1251 doubles in size as UTF-8; a larger file cannot hold an acceptable text.
        return 2 * self.max_bytes + 4096

    @property
    def page(self) -> int:
        # Markup often outweighs text ten to one on news pages; feeds hold many entries.
        return 20 * self.max_bytes


def sniff(head: bytes) -> str:
    """The format of content with no telling extension."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith(b"["):
        return "json"
    if _FEED_ROOT.search(head[:4096]):
        return "feed"
    if _HTML_ROOT.search(head[:4096]):
        return "html"
    return "txt"


def detect_format(name: str, head: bytes) -> str:
    suffix = Path(format_name(name)).suffix
    return EXTENSIONS.get(suffix) or sniff(head)


def read_blob(blob: Blob, limits: Limits, fetch: Callable[[str], bytes], kind: str | None = None) -> Reader:
    """Records of one file or document; read errors end it with a rejection."""
    try:
        kind = kind or detect_format(blob.name, blob.head())
        if kind == "jsonl":
            yield from read_jsonl(blob, limits.line)
        elif kind == "json":
            yield from read_json(blob, limits.page)
        elif kind in ("csv", "tsv"):
            yield from read_csv(blob, limits.line, "\t" if kind == "tsv" else ",")
        elif kind == "html":
            yield from read_html(blob, limits.page)
        elif kind == "feed":
            yield from read_feed(blob, limits.page, fetch, limits.page, limits.feed)
        else:
            yield from read_text(blob, limits.text_file)
    except (OSError, EOFError, zlib.error) as exc:
        yield reject(blob.label, reason("read_error", detail=_describe(exc)))
    except Exception as exc:  # a parser bug on odd input must not stop the other inputs
        yield reject(blob.label, reason("unexpected_error", type=type(exc).__name__, detail=_describe(exc)))


def is_url(source: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", source))


def read_url(url: str, limits: Limits, fetch: Callable[[str], bytes]) -> Reader:
    """A URL: a feed, a data file named by its extension, or else an HTML page."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a port that is not a number raises here, not mid-fetch
    except ValueError as exc:
        yield reject(url, reason("malformed_url", detail=_describe(exc)))
        return
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        yield reject(url, reason("unsupported_scheme", scheme=scheme))
        return
    try:
        data = fetch(url)
    except Exception as exc:  # any fetcher failure is this input's rejection
        yield reject(url, fetch_reason(exc))
        return
    name = parts.path.rsplit("/", 1)[-1] or "index.html"
    blob = bytes_blob(data, url, name, url=url, cap=limits.page)
    kind = EXTENSIONS.get(Path(format_name(name)).suffix)
    if kind is None:
        kind = "feed" if sniff(blob.head()) == "feed" else None
    if kind is None:
        kind = sniff(blob.head())
        kind = kind if kind in ("jsonl", "json") else "html"
    yield from read_blob(blob, limits, fetch, kind)


def walk(directory: Path, seen: set[Path] | None = None) -> Iterator[Path | Rejection]:
    """Files under `directory`, recursively, sorted by name, hidden ones skipped; a
    folder that cannot be listed is a rejection, not a silent gap.
    Symlinked folders are followed once (a link loop does not recurse forever)."""
    seen = set() if seen is None else seen
    real = directory.resolve()
    if real in seen:
        return
    seen.add(real)
    try:
        children = sorted(directory.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        yield reject(
            safe_text(str(directory)), reason("cannot_read_dir", detail=exc.strerror or _describe(exc))
        )
        return
    for child in children:
        if child.name.startswith("."):
            continue
        try:
            if child.is_dir():
                yield from walk(child, seen)
            elif child.is_file():
                yield child
        except OSError as exc:  # a name too long, a permission error on stat
            yield reject(safe_text(str(child)), reason("cannot_read", detail=exc.strerror or _describe(exc)))


def read_source(source: str, limits: Limits, fetch: Callable[[str], bytes]) -> Reader:
    """Everything one user-given source holds, as records and rejections."""
    if is_url(source):
        yield from read_url(source, limits, fetch)
        return
    label = safe_text(source)
    path = Path(source).expanduser()
    try:
        path.stat()
    except (FileNotFoundError, NotADirectoryError):
        yield reject(label, reason("no_such_file"))
        return
    except OSError as exc:  # a folder on the way that we may not enter, a loop of links
        yield reject(label, reason("cannot_read", detail=exc.strerror or _describe(exc)))
        return
    if path.is_dir():
        try:
            next(iter(path.iterdir()))
        except StopIteration:
            yield reject(label, reason("empty_dir"))
            return
        except OSError as exc:
            yield reject(label, reason("cannot_read_dir", detail=exc.strerror or _describe(exc)))
            return
        for item in walk(path):
            if isinstance(item, Rejection):
                yield item
            else:
                yield from read_blob(file_blob(item), limits, fetch)
        return
    if not path.is_file():
        yield reject(label, reason("not_regular_file"))
        return
    yield from read_blob(file_blob(path, source), limits, fetch)


def _describe(exc: BaseException) -> str:
    return str(exc).strip() or type(exc).__name__
