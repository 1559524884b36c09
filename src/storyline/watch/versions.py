"""Edited articles: which parts of a new version differ from the text stored.

The changed character spans of the new text are kept in the article's
`meta["edited_spans"]`; the story stage marks every sentence overlapping one as
`updated`. Spans are found on words (difflib over the word sequence), so a
re-wrapped paragraph or changed spacing is no edit, and they stay valid whatever
sentence splitter the annotator uses later.
"""

from __future__ import annotations

import difflib
import re

_WORD = re.compile(r"\w+", re.UNICODE)
# Meta keys of an edited article.
EDITED_SPANS = "edited_spans"
VERSION = "version"


def edited_spans(old: str, new: str) -> list[list[int]]:
    """[start, end) character spans of `new` holding words inserted or replaced
    relative to `old` (deletions mark the word that follows them)."""
    old_words = [m.group().lower() for m in _WORD.finditer(old)]
    new_matches = list(_WORD.finditer(new))
    new_words = [m.group().lower() for m in new_matches]
    spans: list[list[int]] = []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for tag, _, _, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or not new_matches:
            continue
        if j1 == j2:  # a deletion: the word after it (or the last one) shows the cut
            j1 = min(j1, len(new_matches) - 1)
            j2 = j1 + 1
        start, end = new_matches[j1].start(), new_matches[j2 - 1].end()
        if spans and start <= spans[-1][1] + 1:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    return spans


def same_words(old: str, new: str) -> bool:
    """True when two texts differ in spacing or case only: not an edit."""
    return [w.lower() for w in _WORD.findall(old)] == [w.lower() for w in _WORD.findall(new)]
