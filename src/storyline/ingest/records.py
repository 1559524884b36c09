"""What readers hand to normalisation: one raw record per input line or document.

Readers never decide whether a record is acceptable; they only say where it came
from (`input`, e.g. `news.jsonl:17`) and what fields it had. A problem that makes a
record unreadable (bad JSON, undecodable bytes) is reported as a `Rejection` in the
same stream, so every input line ends as exactly one record or one rejection.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from storyline.model import Rejection
from storyline.reasons import Reason


@dataclass
class RawRecord:
    """Fields of one input article before validation.

    `fields` uses the JSONL column names (`id, title, text, published, source, url,
    lang`, plus anything else, which ends in `Article.meta`). `defaults` fills gaps
    the record itself leaves open (a `.txt` file's stem as id, a page's host as
    source).
    """

    input: str
    fields: dict[str, Any]
    defaults: dict[str, Any] = field(default_factory=dict)


# A reader yields raw records and rejections, in input order.
ReadItem = RawRecord | Rejection
Reader = Iterator[ReadItem]


class RecordRejection(Rejection):
    """A rejected line or entry of an input that was itself readable (as opposed to a
    missing, binary or unfetchable input): it proves that something was read."""


def reject(input: str, reason: Reason) -> Rejection:
    """The input as a whole could not be read."""
    return Rejection(input=input, reason=reason.text, code=reason.code, params=dict(reason.params))


def reject_record(input: str, reason: Reason) -> RecordRejection:
    """One record of a readable input is not acceptable."""
    return RecordRejection(input=input, reason=reason.text, code=reason.code, params=dict(reason.params))
