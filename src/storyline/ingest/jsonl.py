"""JSON Lines (one article object per line) and JSON files (an array of objects, or
one object). Labels: `path:LINE` for lines, `path#N` (1-based) for array items."""

from __future__ import annotations

import json
from typing import Any

from storyline.ingest.blobs import Blob, iter_lines, read_decoded
from storyline.ingest.decode import UNDECODABLE_REASON, UTF16_REASON, decode_bytes, looks_utf16
from storyline.ingest.records import RawRecord, Reader, reject, reject_record
from storyline.model import Rejection
from storyline.reasons import Reason, reason


def _record(label: str, value: Any) -> RawRecord | None:
    return RawRecord(label, value) if isinstance(value, dict) else None


def _not_object(value: Any) -> Reason:
    kind = {list: "array", str: "string", int: "number", float: "number", bool: "boolean"}
    name = "null" if value is None else kind.get(type(value), type(value).__name__)
    return reason("not_object", kind=name)


def parse_line(label: str, raw: bytes) -> RawRecord | Rejection:
    """One line to a record, or to the rejection saying why it is not one."""
    text, problem = decode_bytes(raw, whole=False)
    if text is None:
        return reject_record(label, problem or UNDECODABLE_REASON)
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as exc:
        detail = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc) or type(exc).__name__
        return reject_record(label, reason("malformed_json", detail=detail))
    record = _record(label, value)
    return record if record is not None else reject_record(label, _not_object(value))


def read_jsonl(blob: Blob, line_cap: int) -> Reader:
    if looks_utf16(blob.head()):  # its lines would split inside characters
        yield reject(blob.label, UTF16_REASON)
        return
    lines = 0
    with blob.open() as stream:
        for number, raw in iter_lines(stream, line_cap):
            label = f"{blob.label}:{number}"
            if raw is None:
                lines += 1
                yield reject_record(label, reason("line_too_long", limit=line_cap))
                continue
            if not raw.strip():
                continue  # a blank line holds no record
            lines += 1
            yield parse_line(label, raw)
    if lines == 0:
        yield reject(blob.label, reason("empty_jsonl"))


def read_json(blob: Blob, cap: int) -> Reader:
    """A `.json` file: an array of article objects, one object, or JSON Lines."""
    text, problem = read_decoded(blob, cap, reason("json_too_large", limit=cap))
    if text is None:
        yield reject(blob.label, problem or UNDECODABLE_REASON)
        return
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped.startswith("["):
        try:
            value = json.loads(stripped)
        except (ValueError, RecursionError):
            yield from read_jsonl(blob, cap)  # not one document: JSON Lines with a .json name
            return
        record = _record(blob.label, value)
        yield record if record is not None else reject(blob.label, _not_object(value))
        return
    try:
        items = json.loads(stripped)
    except (ValueError, RecursionError) as exc:
        detail = exc.msg if isinstance(exc, json.JSONDecodeError) else type(exc).__name__
        yield reject(blob.label, reason("malformed_json", detail=detail))
        return
    if not items:
        yield reject(blob.label, reason("empty_json_array"))
        return
    for number, value in enumerate(items, start=1):
        label = f"{blob.label}#{number}"
        record = _record(label, value)
        yield record if record is not None else reject_record(label, _not_object(value))
