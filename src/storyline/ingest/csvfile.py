"""CSV and TSV with a header row naming the same columns as JSON Lines.

Cells may hold newlines (quoted), so a record is labelled with the line its row
starts on. A row whose field count differs from the header is rejected rather than
guessed at: a shifted column would put a title into `published`.
"""

from __future__ import annotations

import csv
import io
import sys

from storyline.ingest.blobs import Blob
from storyline.ingest.decode import has_surrogates, stream_encoding
from storyline.ingest.records import RawRecord, Reader, reject, reject_record


def _delimiter(first_line: str, default: str) -> str:
    """Spreadsheets in Russian locales save CSV with ';'; trust the header line."""
    if default == "," and "," not in first_line and ";" in first_line:
        return ";"
    return default


def read_csv(blob: Blob, cell_cap: int, delimiter: str = ",") -> Reader:
    # The csv module refuses fields over 128 KiB by default; articles can be longer.
    # The limit is process-wide, so it is only ever raised.
    if csv.field_size_limit() < cell_cap:
        csv.field_size_limit(min(cell_cap, sys.maxsize))
    encoding = stream_encoding(blob.head())
    with blob.open() as raw:
        stream = io.TextIOWrapper(raw, encoding=encoding, errors="surrogateescape", newline="")
        first = stream.readline()
        if not first.strip():
            yield reject(blob.label, "CSV file has no header row")
            return
        delim = _delimiter(first, delimiter)
        try:
            header = next(csv.reader([first], delimiter=delim))
        except csv.Error as exc:
            yield reject(f"{blob.label}:1", f"malformed CSV header: {exc}")
            return
        columns = [name.strip().lstrip("\ufeff").lower() for name in header]
        if has_surrogates(first):
            yield reject(f"{blob.label}:1", "undecodable bytes in CSV header")
            return
        if "text" not in columns:
            yield reject(
                f"{blob.label}:1", f"CSV header has no 'text' column (columns: {', '.join(columns)})"
            )
            return
        if len(set(columns)) != len(columns):
            yield reject(f"{blob.label}:1", "CSV header names a column twice")
            return
        reader = csv.reader(stream, delimiter=delim)
        done = 1  # physical lines consumed so far
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield reject_record(f"{blob.label}:{done + 1}", f"malformed CSV: {exc}")
                done = reader.line_num + 1
                continue
            start = done + 1
            done = reader.line_num + 1
            label = f"{blob.label}:{start}"
            if not any(cell.strip() for cell in row):
                continue  # blank line
            if len(row) != len(columns):
                yield reject_record(label, f"row has {len(row)} fields, header has {len(columns)}")
                continue
            if any(has_surrogates(cell) for cell in row):
                yield reject_record(label, "undecodable bytes in row")
                continue
            yield RawRecord(
                label, {name: cell for name, cell in zip(columns, row, strict=True) if cell != ""}
            )
