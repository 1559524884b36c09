"""Why an input did not become an article: a stable code, its parameters, the English words.

Every rejection the ingest, the watcher and the web's writer record is made here,
as a `Reason`: a code from `REASONS` (stable: stored, and shown by the API and the
CLI) and the parameters its words take. The English text is made from the code's
template and stored beside the code, so the API, the CLI and old readers keep the
words they always had; the web's rejections page words the code in the page's
language (`storyline.web.i18n`, which holds a Russian template for every code here:
`tests/web/test_i18n.py` fails on a code without one).

Parameters are text: numbers as digits, and free-form `detail`s (an exception's
message, a parser's complaint) as given, in English, since no translation of them
exists.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field

# code -> English template; the template's fields are the code's parameters, plus the
# extra ones in `EXTRA_PARAMS` that other languages may use and the English does not.
REASONS: dict[str, str] = {
    # a source as a whole
    "no_such_file": "no such file or directory",
    "not_regular_file": "not a regular file",
    "empty_dir": "directory is empty",
    "cannot_read": "cannot read: {detail}",
    "cannot_read_dir": "cannot read directory: {detail}",
    "read_error": "read error: {detail}",
    "unexpected_error": "unexpected error: {type}: {detail}",
    "malformed_url": "malformed URL: {detail}",
    "unsupported_scheme": "unsupported URL scheme '{scheme}' (only http and https)",
    "fetch_failed": "could not fetch: {detail}",
    "fetch_http": "could not fetch: {detail}",
    # bytes to text
    "binary_file": "binary content (NUL bytes), not a text file",
    "binary_text": "binary content (control characters), not a text file",
    "undecodable": "undecodable bytes: neither UTF-8 nor plausible Windows-1251 text",
    "broken_utf16": "undecodable bytes: broken UTF-16",
    "utf16_lines": "UTF-16 text is not supported in line-based files (JSON Lines, CSV); save it as UTF-8",
    "file_too_large": "file larger than {limit} bytes",
    "empty_file": "empty file",
    # JSON and JSON Lines
    "json_too_large": "JSON file larger than {limit} bytes; split it or use JSON Lines",
    "line_too_long": "line longer than {limit} bytes",
    "malformed_json": "malformed JSON: {detail}",
    "not_object": "expected a JSON object, got {kind}",
    "empty_jsonl": "empty file: no JSON lines in it",
    "empty_json_array": "empty JSON array: no articles in it",
    # CSV
    "csv_no_header": "CSV file has no header row",
    "csv_header_too_long": "CSV header line is too long",
    "csv_bad_header": "malformed CSV header: {detail}",
    "csv_header_undecodable": "undecodable bytes in CSV header",
    "csv_no_text_column": "CSV header has no 'text' column (columns: {columns})",
    "csv_duplicate_column": "CSV header names a column twice",
    "csv_no_rows": "CSV file has a header row but no rows",
    "csv_line_too_long": "line longer than {limit} characters",
    "csv_unclosed_quote": "unclosed quote: the quoted cell runs into the following lines",
    "malformed_csv": "malformed CSV: {detail}",
    "csv_field_count": "row has {fields} fields, header has {header}",
    "csv_row_undecodable": "undecodable bytes in row",
    # HTML pages and feeds
    "html_too_large": "HTML larger than {limit} bytes",
    "html_binary": "binary content (NUL bytes), not an HTML page",
    "no_main_text": "no main text found in HTML page",
    "feed_too_large": "feed larger than {limit} bytes",
    "feed_empty": "no entries in feed",
    "feed_unreadable": "no entries in feed: {detail}",
    "entry_no_text": "feed entry has no text and no link to fetch it from",
    "entry_timeout": "entry page {link} not fetched within the feed's limit of {limit} s",
    "entry_fetch_failed": "could not fetch entry page {link}: {detail}",
    "entry_fetch_http": "could not fetch entry page {link}: {detail}",
    "entry_too_large": "entry page {link} larger than {limit} bytes",
    "entry_no_main_text": "no main text found in HTML page {link}",
    "entry_not_html": "entry page {link} is not HTML ({type})",
    # a watched source
    "source_fetch_failed": "{detail}",
    "source_fetch_http": "{detail}",
    "not_a_feed": "{detail}",
    # one record's fields
    "empty_text": "empty 'text'",
    "blank_text": "empty 'text' (nothing but whitespace)",
    "missing_field": "missing '{field}' field",
    "missing_field_alias": "missing '{field}' field (found '{alias}': rename it to '{field}')",
    "not_a_string": "'{field}' must be a string, got {type}",
    "text_over_limit": "text is over the limit of {limit} bytes (max_bytes)",
    "text_size": "text is {size} bytes, over the limit of {limit} (max_bytes)",
    "lone_surrogates": "text contains invalid Unicode (lone surrogates)",
    "no_letters": "'text' has no letters or digits",
    "entity_only": "'text' is only an unexpanded XML entity reference ({sample})",
    "id_type": "'id' must be a string or an integer, got {type}",
    "id_too_long": "'id' is longer than {limit} characters",
    "id_format_char": "'id' contains bidirectional or invisible formatting characters ({char})",
    "id_control_char": "'id' contains control characters ({char})",
    "bad_date": "unparsable published date '{value}'",
    "date_out_of_range": "published date '{value}' has year {year}, outside {min}-{max}",
    # against what is stored
    "id_reused": "id {id} already used by a different text",
}

# Parameters a code carries beyond its English template's fields: an HTTP status
# the English gives inside its `detail` ("HTTP 404 Not Found") and other languages
# name on its own.
EXTRA_PARAMS: dict[str, frozenset[str]] = {
    code: frozenset({"status"}) for code in ("fetch_http", "entry_fetch_http", "source_fetch_http")
}


def template_fields(template: str) -> set[str]:
    """The `{name}` fields of a template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def params_of(code: str) -> frozenset[str]:
    """The parameters a code's reason carries."""
    return frozenset(template_fields(REASONS[code])) | EXTRA_PARAMS.get(code, frozenset())


@dataclass(frozen=True)
class Reason:
    """One rejection's reason: its code and parameters; `text` is the English words."""

    code: str
    params: Mapping[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return REASONS[self.code].format_map(dict(self.params))


def reason(code: str, **params: object) -> Reason:
    """The reason `code` with its parameters (each turned into text); a code that is
    not in `REASONS`, or parameters other than the code's, are a bug here."""
    if code not in REASONS:
        raise KeyError(f"unknown rejection code {code!r}")
    wanted = params_of(code)
    if set(params) != wanted:
        raise TypeError(f"rejection code {code!r} takes {sorted(wanted)}, got {sorted(params)}")
    return Reason(code, {name: str(value) for name, value in params.items()})
