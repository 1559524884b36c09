"""One input file or fetched document, opened the same way wherever it came from.

A `Blob` hides whether bytes come from a file, a `.gz` file or an HTTP response, so
each reader is written once. Reads are capped: a reader never holds more than its
cap in memory, whatever the input's size.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from storyline.ingest.decode import UNDECODABLE_REASON, decode_bytes
from storyline.reasons import Reason

GZIP_MAGIC = b"\x1f\x8b"
# Read size while taking a file's head: small enough that a cut in a compressed file
# loses at most this much of what the head can show.
HEAD_CHUNK = 4096
# How much larger than itself a .gz file may inflate. News text compresses 3-5x,
# JSON Lines 4-10x (bsnlp-ru articles.jsonl: 4.3x, 9.2x with \u-escaped Cyrillic); a
# decompression bomb is 1000x. Files under GZ_MIN_CAP / GZ_MAX_RATIO bytes may still
# inflate to GZ_MIN_CAP, room for one article of the default 1 MB text limit.
GZ_MAX_RATIO = 50
# zlib window bits that read the gzip header and trailer; compressed bytes read at a time.
GZIP_WBITS = 16 + zlib.MAX_WBITS
INFLATE_CHUNK = 65536
GZ_MIN_CAP = 8_000_000


@dataclass
class Blob:
    label: str  # the path or URL as the user gave or will recognise it
    name: str  # file name or URL path: its extension hints at the format
    opener: Callable[[], BinaryIO]  # a fresh stream of the (decompressed) bytes
    url: str | None = None  # the document's address, for pages and feeds fetched over HTTP

    def open(self) -> BinaryIO:
        return self.opener()

    def head(self, size: int = 65536) -> bytes:
        """The first bytes, or as many as can be read: a truncated `.gz` still shows
        its format, and its reader keeps the records before the cut."""
        with self.open() as stream:
            data = b""
            try:
                while len(data) < size:
                    # read1: one underlying read at a time, so the bytes before a cut
                    # are in hand when the next read raises.
                    chunk = stream.read1(min(size - len(data), HEAD_CHUNK))  # type: ignore[attr-defined]
                    if not chunk:
                        break
                    data += chunk
            except (EOFError, zlib.error):
                pass
            return data


def safe_text(text: str) -> str:
    """A file name as text that can be stored and printed: bytes that are not UTF-8
    (which Python keeps as lone surrogates, and SQLite cannot encode) become `\\xff`."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


class DecompressionLimit(OSError):
    """A compressed input inflates past its cap (a decompression bomb)."""


class _Inflate(io.RawIOBase):
    """A gzip stream inflated as it is read, with two differences from `gzip.GzipFile`:
    what was decompressed before a cut is handed out before the error about the cut
    (GzipFile drops the last read's data with it, so a small truncated file yields
    nothing), and no more than `cap` bytes ever come out (a decompression bomb stops
    with an error instead of filling memory)."""

    def __init__(self, source: BinaryIO, cap: int) -> None:
        self.source = source
        self.cap = cap
        self.count = 0
        self.inflater = zlib.decompressobj(GZIP_WBITS)
        self.pending = b""

    def readable(self) -> bool:
        return True

    def _more(self, room: int) -> bytes | None:
        """The next decompressed bytes; None at the clean end of the last member."""
        while True:
            if self.inflater.eof:
                data = self.inflater.unused_data.lstrip(b"\x00") or self.source.read(INFLATE_CHUNK).lstrip(
                    b"\x00"
                )
                if not data:
                    return None
                self.inflater = zlib.decompressobj(GZIP_WBITS)  # the next member of a multi-member file
            else:
                data = self.inflater.unconsumed_tail or self.source.read(INFLATE_CHUNK)
                if not data:
                    raise EOFError("Compressed file ended before the end-of-stream marker was reached")
            out = self.inflater.decompress(data, room)
            if out:
                return out

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if not self.pending:
            more = self._more(max(1, len(view)))
            if more is None:
                return 0
            self.count += len(more)
            if self.count > self.cap:
                raise DecompressionLimit(f"decompressed content is over the limit of {self.cap} bytes")
            self.pending = more
        size = min(len(view), len(self.pending))
        view[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size

    def close(self) -> None:
        self.source.close()
        super().close()


def _gunzip(stream: BinaryIO, cap: int) -> BinaryIO:
    return io.BufferedReader(_Inflate(stream, cap))  # type: ignore[return-value]


def gz_cap(compressed_size: int) -> int:
    """How far a `.gz` file may inflate: GZ_MAX_RATIO times its size, at least GZ_MIN_CAP."""
    return max(GZ_MIN_CAP, GZ_MAX_RATIO * compressed_size)


def file_blob(path: Path, label: str | None = None) -> Blob:
    """A file, decompressed transparently (and capped) when it starts with the gzip
    magic number."""

    def opener() -> BinaryIO:
        stream = path.open("rb")
        if stream.read(2) == GZIP_MAGIC:
            stream.seek(0)
            return _gunzip(stream, gz_cap(path.stat().st_size))
        stream.seek(0)
        return stream

    return Blob(label=safe_text(label or str(path)), name=safe_text(path.name), opener=opener)


def bytes_blob(data: bytes, label: str, name: str, url: str | None = None, cap: int | None = None) -> Blob:
    """Bytes in memory (a fetched document); gzip inflated up to `cap` bytes."""
    if data.startswith(GZIP_MAGIC):
        limit = cap if cap is not None else gz_cap(len(data))
        return Blob(label, name, lambda: _gunzip(io.BytesIO(data), limit), url)
    return Blob(label, name, lambda: io.BytesIO(data), url)


def format_name(name: str) -> str:
    """The name without a trailing `.gz`, lower-cased: `news.JSONL.gz` -> `news.jsonl`."""
    lowered = name.lower()
    return lowered[:-3] if lowered.endswith(".gz") else lowered


def read_capped(blob: Blob, cap: int) -> bytes | None:
    """The whole content, or None when it is larger than `cap` bytes."""
    with blob.open() as stream:
        data = stream.read(cap + 1)
    return None if len(data) > cap else data


def iter_lines(stream: BinaryIO, cap: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) per line; None for a line longer than `cap`, which is
    skipped without being held in memory."""
    number = 0
    while True:
        line = stream.readline(cap + 1)
        if not line:
            return
        number += 1
        if len(line) > cap and not line.endswith(b"\n"):
            while True:
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
            continue
        yield number, line


def read_decoded(blob: Blob, cap: int, too_large: Reason) -> tuple[str | None, Reason | None]:
    """(text, None), or (None, the reason it cannot be read): larger than `cap`
    (`too_large` names the reason) or not decodable as text."""
    data = read_capped(blob, cap)
    if data is None:
        return None, too_large
    text, problem = decode_bytes(data)
    return text, None if text is not None else problem or UNDECODABLE_REASON
