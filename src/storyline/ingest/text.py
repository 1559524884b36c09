"""Plain-text articles: one file, one article, id = the file's stem.

The project's seed form puts the publication date first: ` date 2022-01 Депутат...`.
That prefix becomes `published` (with the precision it has) and is cut from the
text. The stem is the natural id here because text files carry no id of their own
and their names are usually the ids of the system that exported them.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from storyline.ingest.blobs import Blob, read_decoded
from storyline.ingest.decode import UNDECODABLE_REASON, control_ratio
from storyline.ingest.records import RawRecord, Reader, reject
from storyline.reasons import reason

_DATE_PREFIX = re.compile(r"^\s*date:?[ \t]+(\d{4}-\d{2}(?:-\d{2})?)(?=\s)\s*", re.IGNORECASE)
# Share of control characters above which a "text" is binary data that happened to
# decode. Prose has none (tabs and line breaks are not counted); 1% leaves room for a
# stray form feed or escape code in an otherwise good export.
MAX_CONTROL_RATIO = 0.01


def split_date_prefix(text: str) -> tuple[str | None, str]:
    """(`YYYY-MM[-DD]` or None, text without the prefix)."""
    m = _DATE_PREFIX.match(text)
    if not m:
        return None, text
    return m.group(1), text[m.end() :]


def stem(name: str) -> str:
    """`000_023d.txt` -> `000_023d`; `a.txt.gz` -> `a`."""
    path = PurePosixPath(name)
    if path.suffix.lower() == ".gz":
        path = PurePosixPath(path.stem)
    return path.stem


def read_text(blob: Blob, cap: int) -> Reader:
    text, problem = read_decoded(blob, cap, reason("file_too_large", limit=cap))
    if text is None:
        yield reject(blob.label, problem or UNDECODABLE_REASON)
        return
    if control_ratio(text) > MAX_CONTROL_RATIO:
        yield reject(blob.label, reason("binary_text"))
        return
    if not text.strip():
        yield reject(blob.label, reason("empty_file"))
        return
    published, body = split_date_prefix(text)
    fields = {"text": body}
    if published:
        fields["published"] = published
    yield RawRecord(blob.label, fields, defaults={"id": stem(blob.name)})
