"""CSV and TSV with a header row naming the same columns as JSON Lines.

Cells may hold newlines (quoted), so a record is labelled with the line its row
starts on. A row whose field count differs from the header is rejected rather than
guessed at: a shifted column would put a title into `published`.

Physical lines are read here, capped in length, before the csv module sees them:
the csv module would otherwise hold a 1 GB line in memory. A quote that is never
closed swallows the following lines into one cell; such a row (one that is not
well-formed CSV, reaching the end of the file inside quotes or running into a
later quote, while the lines it swallowed parse as rows of their own) is rejected
on its first line, and the lines after it are parsed again as rows.
"""

from __future__ import annotations

import csv
import io
import sys
from collections import deque
from collections.abc import Iterator

from storyline.ingest.blobs import Blob
from storyline.ingest.decode import UTF16_REASON, has_surrogates, looks_utf16, stream_encoding
from storyline.ingest.records import RawRecord, Reader, reject, reject_record
from storyline.reasons import Reason, reason

UNCLOSED_QUOTE_REASON = reason("csv_unclosed_quote")
# Read size when skipping the rest of an over-long line (characters).
SKIP_CHUNK = 1 << 20

Line = tuple[int, str | None]  # (physical line number, text; None when over the cap)


class _LineTooLong(Exception):
    def __init__(self, number: int) -> None:
        self.number = number


def _delimiter(first_line: str, default: str) -> str:
    """Spreadsheets in Russian locales save CSV with ';'; trust the header line."""
    if default == "," and "," not in first_line and ";" in first_line:
        return ";"
    return default


def physical_lines(stream: io.TextIOBase, cap: int, start: int = 1) -> Iterator[Line]:
    """Lines of at most `cap` characters; a longer one is skipped unread (None)."""
    number = start - 1
    while True:
        line = stream.readline(cap + 1)
        if not line:
            return
        number += 1
        if len(line) > cap and not line.endswith("\n"):
            while (rest := stream.readline(SKIP_CHUNK)) and not rest.endswith("\n"):
                pass
            yield number, None
            continue
        yield number, line


class _Feed:
    """Feeds lines to csv.reader and remembers those of the row being parsed, so a
    row that swallowed its neighbours can be taken apart and its lines replayed."""

    def __init__(self, lines: Iterator[Line]) -> None:
        self.lines = lines
        self.replay: deque[Line] = deque()
        self.taken: list[Line] = []

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        item = self.replay.popleft() if self.replay else next(self.lines)
        self.taken.append(item)
        if item[1] is None:
            raise _LineTooLong(item[0])
        return item[1]

    def take(self) -> list[Line]:
        taken, self.taken = self.taken, []
        return taken


def _texts(lines: list[Line]) -> list[str]:
    return [text for _, text in lines if text is not None]


def _strict_error(lines: list[Line], delimiter: str) -> str | None:
    """Why these lines are not well-formed CSV (a quote left open at the end, text
    after a closing quote), or None. The main reader is lenient about both."""
    try:
        list(csv.reader(_texts(lines), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        return str(exc)
    return None


def _swallowed(taken: list[Line], row: list[str] | None, delimiter: str, width: int) -> bool:
    """Did an unclosed quote make this multi-line row out of other rows? Yes when the
    row is not well-formed CSV (or has the wrong field count) and either it ends
    inside quotes or the lines after its first parse as rows of their own."""
    if len(taken) < 2:
        return False
    problem = _strict_error(taken, delimiter)
    if problem is None and row is not None and len(row) == width:
        return False  # a well-formed quoted cell with line breaks
    if problem is not None and "unexpected end of data" in problem:
        return True
    return _holds_rows(taken[1:], delimiter, width)


def _holds_rows(lines: list[Line], delimiter: str, width: int) -> bool:
    """Do these lines, parsed on their own, give at least one row of `width` fields?"""
    try:
        rows = list(csv.reader(_texts(lines), delimiter=delimiter))
    except csv.Error:
        return False
    return any(len(row) == width for row in rows)


def _header(blob: Blob, first: str, delimiter: str) -> tuple[list[str] | None, Reason | None]:
    """(columns, None) or (None, the reason the header is unusable)."""
    try:
        header = next(csv.reader([first], delimiter=delimiter))
    except (csv.Error, StopIteration) as exc:
        return None, reason("csv_bad_header", detail=exc)
    columns = [name.strip().lstrip("\ufeff").lower() for name in header]
    if has_surrogates(first):
        return None, reason("csv_header_undecodable")
    if "text" not in columns:
        return None, reason("csv_no_text_column", columns=", ".join(columns))
    if len(set(columns)) != len(columns):
        return None, reason("csv_duplicate_column")
    return columns, None


def read_csv(blob: Blob, line_cap: int, delimiter: str = ",") -> Reader:
    # The csv module refuses fields over 128 KiB by default; articles can be longer.
    # The limit is process-wide, so it is only ever raised.
    if csv.field_size_limit() < line_cap:
        csv.field_size_limit(min(line_cap, sys.maxsize))
    head = blob.head()
    if looks_utf16(head):
        yield reject(blob.label, UTF16_REASON)
        return
    encoding = stream_encoding(head)
    with blob.open() as raw:
        stream = io.TextIOWrapper(raw, encoding=encoding, errors="surrogateescape", newline="")
        lines = physical_lines(stream, line_cap)
        first_line = next(lines, None)
        if first_line is None or first_line[1] is None or not first_line[1].strip():
            too_long = first_line is not None and first_line[1] is None
            yield reject(blob.label, reason("csv_header_too_long" if too_long else "csv_no_header"))
            return
        first = first_line[1]
        delim = _delimiter(first, delimiter)
        columns, problem = _header(blob, first, delim)
        if columns is None:
            yield reject(f"{blob.label}:1", problem or reason("csv_bad_header", detail="unusable"))
            return
        rows = 0
        for item in _rows(blob.label, lines, delim, columns, line_cap):
            rows += 1
            yield item
        if rows == 0:
            yield reject(blob.label, reason("csv_no_rows"))


def _rows(label: str, lines: Iterator[Line], delim: str, columns: list[str], line_cap: int) -> Reader:
    feed = _Feed(lines)
    reader = csv.reader(feed, delimiter=delim)
    while True:
        try:
            row: list[str] | None = next(reader)
            error = None
        except StopIteration:
            return
        except _LineTooLong as exc:
            feed.take()
            yield reject_record(f"{label}:{exc.number}", reason("csv_line_too_long", limit=line_cap))
            reader = csv.reader(feed, delimiter=delim)
            continue
        except csv.Error as exc:
            row, error = None, reason("malformed_csv", detail=exc)
            reader = csv.reader(feed, delimiter=delim)
        taken = feed.take()
        if not taken:
            continue
        where = f"{label}:{taken[0][0]}"
        if _swallowed(taken, row, delim, len(columns)):
            yield reject_record(where, UNCLOSED_QUOTE_REASON)
            feed.replay.extendleft(reversed(taken[1:]))
            reader = csv.reader(feed, delimiter=delim)
            continue
        if row is None:
            yield reject_record(where, error or reason("malformed_csv", detail="unreadable row"))
            continue
        if not any(cell.strip() for cell in row):
            continue  # blank line
        if len(row) != len(columns):
            yield reject_record(where, reason("csv_field_count", fields=len(row), header=len(columns)))
            continue
        if any(has_surrogates(cell) for cell in row):
            yield reject_record(where, reason("csv_row_undecodable"))
            continue
        # Empty cells are absent fields, except `text`: an empty text is its own reason.
        yield RawRecord(
            where,
            {name: cell for name, cell in zip(columns, row, strict=True) if cell != "" or name == "text"},
        )
