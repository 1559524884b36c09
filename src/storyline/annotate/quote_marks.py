"""Quotation marks: which opening mark pairs with which closing one.

Russian news mixes «ёлочки», „лапки“ and straight quotes, nests them, and
leaves some unbalanced; the quote stage (`quotes.py`) and the speaker finder
need the top-level pairs.
"""

from __future__ import annotations

import re

OPENERS = "«„"
CLOSERS = "»”"

# What follows a closing straight quote and never an opening one.
_AFTER_CLOSER = frozenset(",.;:!?…)")
_MARKS = re.compile(r'[«»„“”"\n]')
# A dash frame right after a closing mark: `«…», — сказал он`; copy may glue a true dash to
# the verb (`«…», —обратился глава государства`), never a hyphen (`«Северный поток»-2`).
AFTER_FRAME = re.compile(r"\s*[,.!?…]?\s*(?:[—–―‒]\s*|-\s+)")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Top-level quotation mark pairs as (index of opener, index of closer)."""
    return _pair(text)[0]


def unpaired_closers(text: str) -> list[int]:
    """Indexes of closing guillemets (» ”) that close nothing: copy that lost its opening
    mark (`Вот сейчас он налицо…», — заявила Мария Захарова`)."""
    return _pair(text)[1]


def _pair(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """Pairs marks (see `quoted_spans`) and collects the closers left over.

    «» nest; straight quotes pair up by position (an opener follows a space,
    a closer precedes one, and they nest like «»); “ closes „ and otherwise
    opens. Unbalanced marks are dropped at a paragraph break rather than guessed.
    """
    spans: list[tuple[int, int]] = []
    orphans: list[int] = []
    stack: list[tuple[str, int]] = []
    for match in _MARKS.finditer(text):
        i, ch = match.start(), match.group()
        if ch == "\n" and stack:
            stack.clear()
        elif ch in OPENERS:
            stack.append((ch, i))
        elif ch == "“":
            if stack and stack[-1][0] == "„":
                _close(stack, spans, i)
            else:
                stack.append((ch, i))
        elif ch in CLOSERS:
            while stack and stack[-1][0] == '"':
                stack.pop()  # a stray straight quote inside guillemets
            if not stack:
                orphans.append(i)
                continue
            # `«… против «Северного потока ― 2», ― заявил он.`: one guillemet closes both
            # levels before a frame when nothing later in the paragraph could close the outer one.
            levels = len(stack) if AFTER_FRAME.match(text, i + 1) and not _closer_ahead(text, i + 1) else 1
            for _ in range(levels):
                _close(stack, spans, i)
        elif ch == '"':
            prev = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            # `… чем Дональд Трамп ", - сказал он`: a mark after a space but before punctuation
            # closes the open straight quote (copy that left a space before the closer).
            closes_open = bool(stack) and stack[-1][0] == '"' and after in _AFTER_CLOSER
            # `…мошенников"Кто знает, …"`: a heading glued to the quote under it; a mark between
            # a lower-case and a capital letter opens when no straight quote is open.
            glued = prev.islower() and after.isupper() and not (stack and stack[-1][0] == '"')
            if (prev.isspace() or prev in "([«„—―-/" or glued) and not after.isspace() and not closes_open:
                stack.append((ch, i))
            elif stack and stack[-1][0] == '"':
                # `"… компании "Роснефть", - говорится`: one mark closes both levels before a frame.
                depth = next((k for k, (mark, _) in enumerate(reversed(stack)) if mark != '"'), len(stack))
                levels = depth if depth > 1 and AFTER_FRAME.match(text, i + 1) else 1
                for _ in range(levels):
                    _close(stack, spans, i)
            elif (
                stack
                and stack[-1][0] in OPENERS
                and AFTER_FRAME.match(text, i + 1)
                and not _closer_ahead(text, i + 1)
            ):
                # `«Если наша система … правилам", - подчеркнул министр`: copy that mixes marks
                # closes a guillemet with a straight quote before a frame, when no guillemet
                # later in the paragraph could close it.
                _close(stack, spans, i)
    return spans, orphans


def _closer_ahead(text: str, start: int) -> bool:
    """A closing guillemet between `start` and the end of its paragraph."""
    end = text.find("\n", start)
    stretch = text[start : end if end >= 0 else len(text)]
    return any(ch in stretch for ch in CLOSERS)


def _close(stack: list[tuple[str, int]], spans: list[tuple[int, int]], i: int) -> None:
    _, opened = stack.pop()
    if not stack:
        spans.append((opened, i))
