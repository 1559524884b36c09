"""A quote's words never hold the page's stamp.

Feeds and agency pages put a clock time, a date and a source label before each item
(`14:00 08.11.2018 Источник: …`, `31.01, 20:45 Пожилые легче переносят …`, `18:25
REGNUM Официальный представитель …`), and a scraped page glues the stamp to the sentence
after it, often behind the last word of the item before (`… успешно. подробнее 31.01,
20:45 Учения …`), where the sentence splitter sees no boundary (a lowercase word follows
the full stop). A quote read back from a trailing frame (`…, заверил представитель`) then
starts with the stamp or with the item before it; a `что`-clause runs on into the next item.
So a quote is cut at a stamp: one whose frame comes after its words keeps what follows
the last stamp, any other keeps what precedes the first. Only numeric stamps (a clock time,
a day and month in figures) count, and only at the start or after a sentence's end: a date
in words (`9 июля Джонсон подал в отставку`) or a time inside a clause (`в 14:00`) is
part of what was said.
"""

from __future__ import annotations

import re

from storyline.model import QuoteMention

__all__ = ["cut_at_stamps", "stamps"]

_UNIT = r"\d{1,2}:\d{2}|\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?"
_SEP = r"[\s\u00a0,|:•·—–-]"
# A stamp: maybe the tail of the item before (`подробнее`: lowercase words of four letters
# or more, never a preposition), numeric units, then maybe a date in words or a year, then
# up to two labels (an all-capitals agency, `Источник:`), then the item's first word with a
# capital or an opening mark.
_STAMP = re.compile(
    r"(?:(?<=^)|(?<=[.!?…»\"”]\s)|(?<=[.!?…»\"”]\u00a0))"
    r"(?:[a-zа-яё]{4,}[\s\u00a0]+){0,2}"
    rf"[•·|,\s\u00a0]*(?:{_UNIT})"
    rf"(?:{_SEP}+(?:{_UNIT}|\d{{1,2}}[\s\u00a0]+[А-Яа-яё]+\.?|\d{{4}}(?:[\s\u00a0]*г\.)?))*"
    rf"(?:{_SEP}+(?:[A-ZА-ЯЁ]{{2,}}|[А-ЯЁA-Z][а-яёa-z]+:)(?=[\s\u00a0])){{0,2}}"
    rf"{_SEP}+(?=[A-ZА-ЯЁ«\"„“])"
)
# What a quote keeps after a cut, in characters at least; with less the quote is left as it
# was (the words were mostly the stamp: better left to the other checks).
MIN_REST_CHARS = 12


def stamps(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every stamp in `text`, in order."""
    return [(m.start(), m.end()) for m in _STAMP.finditer(text)]


def _cut(quote: QuoteMention) -> tuple[int, int] | None:
    """The part of the quote's text to keep, as offsets into it; None to keep it all."""
    found = stamps(quote.text)
    if not found:
        return None
    trailing = quote.speaker_start is not None and quote.speaker_start >= quote.end
    if trailing or found[0][0] == 0:
        # the words after the last stamp (a quote opening with a stamp has nothing before it)
        lo, hi = (found[-1][1], len(quote.text)) if trailing else (found[0][1], len(quote.text))
        if not trailing and len(found) > 1:
            hi = found[1][0]
    else:
        lo, hi = 0, found[0][0]
    kept = quote.text[lo:hi]
    lo += len(kept) - len(kept.lstrip())
    hi -= len(kept) - len(kept.rstrip())
    return (lo, hi) if hi - lo >= MIN_REST_CHARS and (lo, hi) != (0, len(quote.text)) else None


def cut_at_stamps(quotes: list[QuoteMention]) -> list[QuoteMention]:
    """The quotes with their spans cut at stamps (in place; see the module's docstring)."""
    for quote in quotes:
        cut = _cut(quote)
        if cut is not None:
            lo, hi = cut
            quote.text = quote.text[lo:hi]
            quote.start, quote.end = quote.start + lo, quote.start + hi
    return quotes
