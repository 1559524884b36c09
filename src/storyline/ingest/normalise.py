"""A raw record becomes an `Article` or a `Rejection` with a reason a person can act on.

Validation is strict about what would corrupt later stages (no text, a date we
would have to invent, ids that are not strings) and lenient about form (surrounding
whitespace, CRLF, soft hyphens). The stored text is the cleaned text, because every
annotation offset indexes it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

from storyline.ingest.dates import read_published
from storyline.ingest.records import RawRecord, reject
from storyline.model import Article, Rejection
from storyline.reasons import Reason, reason

KNOWN_FIELDS = ("id", "title", "text", "published", "source", "url", "lang")
# Names other exports use for the article body; named in the rejection as a hint.
TEXT_ALIASES = ("content", "body", "full_text", "fulltext", "article", "description")
MAX_ID_CHARS = 200
# An integer of more bits than this surely has more than MAX_ID_CHARS decimal digits
# (log2(10) = 3.3219...); a guard before str(), the exact limit is then checked on
# the text.
MAX_ID_BITS = int(MAX_ID_CHARS * 3.3219) + 1
# Unicode categories an id may not contain: control (Cc), format (Cf: the bidi
# overrides U+202A-202E and isolates U+2066-2069 that make an id display as another,
# zero-width characters), line and paragraph separators, surrogates, private use and
# unassigned code points. Ids are printed, typed and compared by people.
_ID_FORBIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})
# A text that is nothing but an XML/HTML entity reference which no parser expanded
# (`&lol9;` from a billion-laughs feed, `&nbsp;`): markup debris, not an article.
_ENTITY_ONLY = re.compile(r"(?:&#?[\w.:-]+;?\s*)+")

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"), None)  # soft hyphen, zero widths
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")
# A lone surrogate (no UTF-8 form): one regex scan instead of a comparison per character
# (2.4 million of them in bsnlp-ru's texts).
_SURROGATE = re.compile("[\ud800-\udfff]")
_HAS_WORD = re.compile(r"\w")


def clean_text(text: str) -> str:
    """NFC, LF line ends, no control or invisible characters, single spaces, at most
    one empty line between paragraphs, no surrounding whitespace."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = _LINE_BREAKS.sub("\n", text)
    text = _CONTROL.sub(" ", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def clean_line(text: str) -> str:
    """A one-line field (title, source): cleaned and with all whitespace collapsed."""
    return " ".join(clean_text(text).split())


def content_hash(text: str) -> str:
    """SHA-1 of the text made insensitive to form: NFC, whitespace collapsed, case-folded.
    Two inputs with this hash are the same article (an exact duplicate)."""
    folded = " ".join(unicodedata.normalize("NFC", text).split()).casefold()
    return hashlib.sha1(folded.encode("utf-8", "surrogatepass")).hexdigest()


def url_host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host or None


def _optional_str(fields: dict[str, Any], name: str) -> tuple[str | None, Reason | None]:
    """(value, None) or (None, reason) for a field that must be a string when present."""
    value = fields.get(name)
    if value is None:
        return None, None
    if not isinstance(value, str):
        return None, reason("not_a_string", field=name, type=type(value).__name__)
    value = clean_line(value)
    return (value or None), None


def _article_id(value: Any) -> tuple[str | None, Reason | None]:
    if value is None or isinstance(value, bool):
        return None, None if value is None else reason("id_type", type="bool")
    if isinstance(value, int):
        # Measured on the integer's size before it is turned into text: str() of a
        # huge int is slow (and refused by Python past 4300 digits).
        if value.bit_length() > MAX_ID_BITS:
            return None, reason("id_too_long", limit=MAX_ID_CHARS)
        value = str(value)  # checked below like a string id
    if not isinstance(value, str):
        return None, reason("id_type", type=type(value).__name__)
    value = value.strip()
    if len(value) > MAX_ID_CHARS:
        return None, reason("id_too_long", limit=MAX_ID_CHARS)
    bad = next((ch for ch in value if unicodedata.category(ch) in _ID_FORBIDDEN), None)
    if bad is not None:
        code = "id_format_char" if unicodedata.category(bad) == "Cf" else "id_control_char"
        return None, reason(code, char=f"U+{ord(bad):04X}")
    return (value or None), None


def _short(value: Any, limit: int = 80) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def normalise(record: RawRecord, max_bytes: int) -> Article | Rejection:
    """Validate and clean one record. `max_bytes` caps the UTF-8 size of the text."""
    fields = dict(record.defaults)
    fields.update({k: v for k, v in record.fields.items() if v is not None and v != ""})
    where = record.input

    if record.fields.get("text") == "":
        return reject(where, reason("empty_text"))
    if "text" not in fields:
        alias = next((name for name in TEXT_ALIASES if name in fields), None)
        missing = reason("missing_field_alias", field="text", alias=alias) if alias else None
        return reject(where, missing or reason("missing_field", field="text"))
    raw = fields["text"]
    if not isinstance(raw, str):
        return reject(where, reason("not_a_string", field="text", type=type(raw).__name__))
    if len(raw) > 4 * max_bytes:  # cheap guard before cleaning a huge string
        return reject(where, reason("text_over_limit", limit=max_bytes))
    if _SURROGATE.search(raw):
        return reject(where, reason("lone_surrogates"))
    text = clean_text(raw)
    if not text:
        return reject(where, reason("blank_text"))
    if not _HAS_WORD.search(text):
        return reject(where, reason("no_letters"))
    if _ENTITY_ONLY.fullmatch(text):
        return reject(where, reason("entity_only", sample=_short(text, 40)))
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        return reject(where, reason("text_size", size=size, limit=max_bytes))

    article_id, problem = _article_id(fields.get("id"))
    if problem:
        return reject(where, problem)
    values: dict[str, str | None] = {}
    for name in ("title", "source", "url", "lang"):
        values[name], problem = _optional_str(fields, name)
        if problem:
            return reject(where, problem)

    published = precision = None
    raw_date = fields.get("published")
    if raw_date is not None and not (isinstance(raw_date, str) and not raw_date.strip()):
        parsed, problem = read_published(raw_date)
        if parsed is None:
            return reject(where, problem or reason("bad_date", value=_short(raw_date)))
        published, precision = parsed.iso(), parsed.precision

    chash = content_hash(text)
    lang = values["lang"].lower() if values["lang"] else None
    return Article(
        id=article_id or chash[:16],
        text=text,
        title=values["title"] or "",
        source=values["source"] or url_host(values["url"]),
        url=values["url"],
        published=published,
        published_precision=precision or "unknown",
        lang=lang,
        meta={k: v for k, v in record.fields.items() if k not in KNOWN_FIELDS},
        content_hash=chash,
    )
