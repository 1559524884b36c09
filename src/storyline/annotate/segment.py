"""Sentence segmentation: razdel, plus splitting of run-in headings and captions.

Scraped news often loses its paragraph breaks, so a heading runs into the
sentence that follows it ("…торговые центры. Протесты в Казахстане Протесты в
Казахстане начались…") and a photo credit into the text ("Фото: Пресс-служба
президента Сообщается, что…"). razdel keeps such a run-in as one sentence, and
the NER tagger then glues names across the seam ("ОДКБ Митинги"). We split a
razdel sentence where a capitalised word cannot be a mid-sentence word:

* the heading's first word comes back capitalised ("Протесты … Протесты");
* a capitalised function word (preposition, conjunction, particle, pronoun,
  adverb: "Токаев и террористы На фоне…");
* a capitalised verb form ("…президента Сообщается, что…").

Proper nouns, abbreviations and words pymorphy2 does not know never trigger a
split, nor do words inside quotes or brackets (titles such as «В круге первом»).
Caption markers ("Фото:", "Видео —") open a caption that ends at the first
capitalised common word after the credit. Line breaks always end a sentence;
a short line without final punctuation is a heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from storyline.annotate.nlp import is_dictionary_word, razdel_sentences, word_grammemes
from storyline.model import Sentence

# A run-in heading is short. 12 words covers every heading in the seeds (max 6)
# and the FactRuEval headlines we looked at (max 11); longer prefixes are real
# sentences with a capitalised word inside, which we must not cut.
MAX_HEADING_WORDS = 12
# A line without final punctuation longer than this is a paragraph whose full
# stop was lost, not a heading (FactRuEval/NEREL titles are under 20 words).
MAX_HEADING_LINE_WORDS = 20

CAPTION_MARKERS = frozenset({"фото", "фотография", "видео", "иллюстрация", "источник", "коллаж", "кадр"})
CAPTION_SEPARATORS = frozenset({":", "—", "–", "-", "/"})
SENTENCE_END = tuple(".!?…»\"')]:;")
OPENING = {"«": "»", "(": ")", "[": "]", "„": "“", '"': '"'}
PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr", "Init"})
# Pronouns are left out ("Вы" is capitalised mid-sentence out of politeness), and
# so are interjections and short particles: name particles ("Ле Пен", "Де
# Блекере", "Хо") are PRCL/INTJ to pymorphy2.
FUNCTION_POS = frozenset({"PREP", "CONJ", "ADVB", "PRED"})
MIN_PARTICLE_LEN = 4
VERB_POS = frozenset({"VERB", "INFN", "PRTS", "GRND"})
WORD = re.compile(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*")
# A light tokenizer for finding seams: words (with inner hyphens, dots and
# apostrophes) and single punctuation marks. razdel's tokenizer gave the same
# seams on the dev corpora at ten times the cost.
WORDLIKE = re.compile(r"[^\W_]")
TOKEN = re.compile(r"\w+(?:[-.'’]\w+)*|[^\w\s]")


SentenceKind = Literal["text", "heading", "caption"]


@dataclass
class _Tok:
    start: int
    end: int
    text: str
    depth: int  # quote/bracket nesting before this token


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    out = []
    stack: list[str] = []
    for match in TOKEN.finditer(text, start, end):
        s, e, t = match.start(), match.end(), match.group()
        if stack and t == stack[-1]:
            stack.pop()
            out.append(_Tok(s, e, t, len(stack)))
            continue
        out.append(_Tok(s, e, t, len(stack)))
        if t in OPENING:
            stack.append(OPENING[t])
    return out


def _is_capitalised(word: str) -> bool:
    return bool(WORD.fullmatch(word)) and word[0].isupper() and not word.isupper()


def _common_kinds(word: str) -> set[str] | None:
    """POS classes of a capitalised dictionary word that is never a proper noun, else None."""
    if not _is_capitalised(word) or not is_dictionary_word(word):
        return None
    analyses = word_grammemes(word)
    if any(a & PROPER for a in analyses):
        return None
    kinds = set()
    for a in analyses:
        if a & FUNCTION_POS or "PRCL" in a and len(word) >= MIN_PARTICLE_LEN:
            kinds.add("function")
        elif a & {"INTJ", "PRCL"}:
            continue  # neutral: "На" is also an interjection, "Хо" only one
        elif a & VERB_POS:
            kinds.add("verb")
        else:
            kinds.add("other")
    return kinds


def _has_verb(tokens: list[_Tok]) -> bool:
    for t in tokens:
        analyses = word_grammemes(t.text) if WORD.fullmatch(t.text) else ()
        if analyses and all(a & VERB_POS for a in analyses):
            return True
    return False


def _is_seam(tokens: list[_Tok], k: int) -> bool:
    """True when tokens[k] starts a new sentence although razdel did not split there."""
    tok, prev = tokens[k], tokens[k - 1]
    if tok.depth or not WORDLIKE.match(prev.text) and prev.text not in (")", "»"):
        return False
    kinds = _common_kinds(tok.text)
    if kinds is None:
        return False
    words = sum(1 for t in tokens[:k] if WORD.fullmatch(t.text))
    if words == 0 or words > MAX_HEADING_WORDS:
        return False
    repeated = k >= 2 and tok.text.lower() == tokens[0].text.lower()
    if repeated:
        return True
    if _is_function_word(prev.text):
        return False  # a heading does not end on "в", "и", "накануне"
    if _is_given_name(prev.text):
        return False  # "Марин Ле Пен", "Маркус Мерк": the capitalised word is a surname
    return kinds == {"function"} or kinds == {"verb"}


def _is_function_word(word: str) -> bool:
    return bool(WORD.fullmatch(word)) and any(
        a & (FUNCTION_POS | {"PRCL"}) for a in word_grammemes(word.lower())[:1]
    )


def _is_given_name(word: str) -> bool:
    """A capitalised word that may be a first name: a Name reading or unknown to pymorphy2."""
    if not _is_capitalised(word):
        return False
    return not is_dictionary_word(word) or any("Name" in a for a in word_grammemes(word))


def _split_caption(tokens: list[_Tok]) -> int | None:
    """Index where the caption opened by tokens[0] ends, or None when it is no caption."""
    if (
        len(tokens) < 3
        or tokens[0].text.lower() not in CAPTION_MARKERS
        or tokens[1].text not in CAPTION_SEPARATORS
    ):
        return None
    for k in range(3, len(tokens)):
        if tokens[k].depth:
            continue
        if _common_kinds(tokens[k].text) is not None and WORDLIKE.match(tokens[k - 1].text):
            return k
    return len(tokens)


def _split_sentence(text: str, start: int, end: int) -> list[Sentence]:
    tokens = _tokens(text, start, end)
    out: list[Sentence] = []
    while tokens:
        cut = _split_caption(tokens)
        if cut is not None:
            out.append(Sentence(tokens[0].start, tokens[cut - 1].end, "caption"))
            tokens = tokens[cut:]
            continue
        for k in range(1, len(tokens)):
            if tokens[k].text[:1].isupper() and _is_seam(tokens, k):
                kind: SentenceKind = "text" if _has_verb(tokens[:k]) else "heading"
                out.append(Sentence(tokens[0].start, tokens[k - 1].end, kind))
                tokens = tokens[k:]
                break
        else:
            out.append(Sentence(tokens[0].start, tokens[-1].end, "text"))
            tokens = []
    return out


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            spans.append((match.start(), match.end()))
    return spans


def _mark_captions(text: str, sentences: list[Sentence]) -> None:
    """A verbless sentence right before a caption marker describes the photo: a caption too."""
    for prev, cur in zip(sentences, sentences[1:], strict=False):
        if cur.kind == "caption" and prev.kind == "text":
            tokens = _tokens(text, prev.start, prev.end)
            words = [t for t in tokens if WORD.fullmatch(t.text)]
            if words and len(words) <= MAX_HEADING_LINE_WORDS and not _has_verb(tokens):
                prev.kind = "caption"


# razdel keeps "…комендантский час. 7 января Токаев выступил…" as one sentence: it
# does not end a sentence before a digit (for "ст. 5", "т. ч. 5 человек"). A full
# stop after a word of three or more lower-case letters (not an abbreviation such
# as "ст." or "г.") followed by a day and a month name is a sentence end.
_DATE_AFTER_STOP = re.compile(
    r"(?<=[а-яё]{3})\.(?=[ \u00a0]+(?:3[01]|[12]\d|0?[1-9])[ \u00a0]+"
    r"(?:январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр))"
)


# Agency texts scraped without their markup lose the space after a full stop
# ("…ожидается в феврале 2021 года.Директор центра…", "…Трампа — 232.Вице-президент…"
# in bsnlp RIA copies), and razdel keeps both sentences as one: novelty then compares a
# two- or three-sentence block, the timeline quotes a run-on. A stop glued to a capitalised
# word is a sentence end after a lower-case word of three or more letters ("Washington
# Post.Голосование" too; an initial
# "М.Моравецкий" or an abbreviation "г.Москва" has one), a figure or a closing quote.
_GLUED_STOP = re.compile(r"(?:(?<=[а-яёa-z]{3})|(?<=\d)|(?<=[»\"”)]))[.!?](?=[«\"„]?[А-ЯЁ][а-яё])")


# A scraped feed glues its items: `… прошли успешно. подробнее 31.01, 20:45 Учения …`. A
# stamp of day and month in figures and a clock time, after a space and before a capitalised
# word, opens an item (a time alone, `в 14:00 Москва`, does not).
_STAMP = r"(?:[0-2]\d|3[01])\.(?:0\d|1[0-2]),?[ \u00a0]+[0-2]?\d:[0-5]\d[ \u00a0]+[А-ЯЁ]"
_FEED_STAMP = re.compile(rf"(?<=\s)(?={_STAMP})")
# The item's link word before the stamp (`успешно. подробнее 31.01, 20:45`) belongs to no
# words: the stop before it is a sentence end too.
_FEED_LINK = re.compile(rf"(?<=[.!?])(?=[ \u00a0]+[а-яё]+[ \u00a0]+{_STAMP})")
# A heading glued to the quote under it (`…РИА Новости.Трамп против мошенников"Кто знает, …"`):
# an opening mark right after a lower-case word and before a capitalised one starts a sentence.
# A straight mark opens only when an even number of them stand before it on the line.
_GLUED_OPENING = re.compile(r"(?<=[а-яёa-z]{3})(?=[«\"„][А-ЯЁ][а-яё])")
_OPENING_MARKS = '«"„'


# A heading glued with no stop at all to the sentence under it, where a link lost its markup
# (`… на Генассамблее ООНГрушко подчеркнул, что …`): an acronym of two or more capitals run
# into a capitalised word. Both halves must stand as words of their own elsewhere in the
# text, so a case ending or a suffix on an acronym (`МИДа`, `НАТОвский`) is never cut.
_GLUED_ACRONYM = re.compile(r"(?<![А-ЯЁа-яё])([А-ЯЁ]{2,})([А-ЯЁ][а-яё]{2,})(?![А-ЯЁа-яё])")


_WORDS = re.compile(r"[А-ЯЁа-яё]+")


def _glued_acronyms(line: str, start: int, end: int, words: frozenset[str]) -> set[int]:
    """Offsets between an acronym and the capitalised word glued to it (`_GLUED_ACRONYM`)."""
    return {
        m.start(2)
        for m in _GLUED_ACRONYM.finditer(line, start, end)
        if m.group(1) in words and m.group(2) in words
    }


def _ends_at(regex: re.Pattern[str], line: str, start: int, end: int, marks: str) -> set[int]:
    """`{m.end() for m in regex.finditer(line, start, end)}` for a regex whose every match
    is one of the characters `marks` (between lookarounds): tried only at those characters.
    Both stop regexes open with lookbehinds, so `finditer` tried them at every character
    (`_stops` and its caller were 2.2 % of an annotation worker, py-spy, round 10)."""
    found = set()
    for mark in marks:
        at = line.find(mark, start, end)
        while at != -1:
            m = regex.match(line, at, end)
            if m is not None:
                found.add(m.end())
            at = line.find(mark, at + 1, end)
    return found


def _stops(line: str, start: int, end: int, words: frozenset[str] = frozenset()) -> list[int]:
    """Offsets just after each sentence end razdel missed inside line[start:end] (`words`:
    the words of the whole text, for a glued acronym's halves)."""
    ends = _ends_at(_DATE_AFTER_STOP, line, start, end, ".")
    if words:
        ends |= _glued_acronyms(line, start, end, words)
    ends |= _ends_at(_GLUED_STOP, line, start, end, ".!?")
    # every feed-stamp match looks ahead at a clock time's colon inside the range, every
    # glued opening at a quote mark: without one the regex cannot match there
    if line.find(":", start, end) != -1:
        ends |= {m.end() for m in _FEED_STAMP.finditer(line, start, end)}
        ends |= {m.end() for m in _FEED_LINK.finditer(line, start, end)}
    if any(line.find(mark, start, end) != -1 for mark in _OPENING_MARKS):
        ends |= {
            m.end()
            for m in _GLUED_OPENING.finditer(line, start, end)
            if line[m.end()] != '"' or line.count('"', 0, m.end()) % 2 == 0
        }
    return sorted(e for e in ends if start < e < end)


def _sentence_spans(line: str, words: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """razdel's sentences, split again before a date that opens a sentence and after a
    full stop glued to the next sentence."""
    spans = []
    for s, e in razdel_sentences(line):
        for stop in _stops(line, s, e, words):
            if stop <= s:
                continue
            spans.append((s, stop))
            s = stop
            while s < e and line[s].isspace():
                s += 1
        spans.append((s, e))
    return spans


def segment(text: str) -> list[Sentence]:
    """Sentences of `text` (offsets into it), each with kind text, heading or caption."""
    sentences: list[Sentence] = []
    text_words = frozenset(_WORDS.findall(text)) if _GLUED_ACRONYM.search(text) else frozenset()
    for line_start, line_end in _line_spans(text):
        line = text[line_start:line_end]
        found: list[Sentence] = []
        for s, e in _sentence_spans(line, text_words):
            if line[s:e].strip():
                found.extend(_split_sentence(text, line_start + s, line_start + e))
        if len(found) == 1 and found[0].kind == "text":
            only = found[0]
            words = len(WORD.findall(text[only.start : only.end]))
            if not text[only.start : only.end].endswith(SENTENCE_END) and words <= MAX_HEADING_LINE_WORDS:
                only.kind = "heading"
        sentences.extend(found)
    _mark_captions(text, sentences)
    return sentences
