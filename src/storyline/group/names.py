"""Name keys for cross-document entity matching.

Two mentions of one referent differ by case, inflection, `ё`, quotes, hyphens,
spacing, initials and script ("Tokayev" / "Токаев"). A key folds all of these
so equal keys mean "same written name"; deciding whether different names are one
referent (a surname and a full name, an acronym and its expansion) is the
resolver's job, not this module's.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Latin -> Cyrillic, longest digraphs first, close to how Russian media spell
# foreign and Central Asian names (Tokayev -> токаев, Japarov -> джапаров is a
# known miss that the surname rules absorb no better: "J" is ambiguous).
_DIGRAPHS = (
    ("shch", "щ"),
    ("sch", "ш"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ts", "ц"),
    ("ch", "ч"),
    ("ayev", "аев"),
    ("iyev", "иев"),
    ("oyev", "оев"),
    ("yev", "ев"),
    ("sh", "ш"),
    ("yu", "ю"),
    ("ya", "я"),
    ("yo", "е"),
    ("ye", "е"),
    ("iy", "ий"),
    ("yi", "ый"),
    ("ay", "ай"),
    ("ey", "ей"),
    ("oy", "ой"),
    ("uy", "уй"),
    ("ph", "ф"),
    ("th", "т"),
    ("ck", "к"),
    ("ee", "и"),
    ("oo", "у"),
    ("dzh", "дж"),
    ("j", "дж"),
)
_SINGLE = {
    "a": "а",
    "b": "б",
    "c": "к",
    "d": "д",
    "e": "е",
    "f": "ф",
    "g": "г",
    "h": "х",
    "i": "и",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "q": "к",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "v": "в",
    "w": "в",
    "x": "кс",
    "y": "й",
    "z": "з",
}
_LATIN = re.compile(r"[a-z]")
_VOWELS = frozenset("aeiouy")
_NOISE = re.compile(r"[«»\"'“”„`´’‘()\[\]]")
# Invisible characters pasted in from web pages ("Тереза\u200b\u200bМэй"): not letters.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")
_SPACE = re.compile(r"[\s\-‐‑–—_/.]+")

# Words that do not make a name (for acronyms and for "this is just a title").
FUNCTION_WORDS = frozenset(
    "и в во на о об от по при для за из с со к ко у до над под без of the and de".split()
)


def transliterate(word: str) -> str:
    """A Latin word in Cyrillic letters (lowercase in, lowercase out); other words unchanged."""
    if not _LATIN.search(word):
        return word
    out: list[str] = []
    i = 0
    while i < len(word):
        for latin, cyr in _DIGRAPHS:
            if word.startswith(latin, i):
                out.append(cyr)
                i += len(latin)
                break
        else:
            char = word[i]
            if (
                char == "y"
                and 0 < i < len(word) - 1
                and word[i - 1] not in _VOWELS
                and word[i + 1] not in _VOWELS
            ):
                out.append("ы")  # Kassym -> Кассым: "y" between consonants is a vowel
            else:
                out.append(_SINGLE.get(char, char))
            i += 1
    return "".join(out)


# Letters that transliteration and Russian spelling use interchangeably for one
# sound; a skeleton folds them so "Kassym-Jomart Tokayev" meets "Касым-Жомарт Токаев".
_SKELETON = (("дж", "ж"), ("ё", "е"), ("э", "е"), ("ы", "и"), ("й", "и"), ("ь", ""), ("ъ", ""), ("кс", "х"))


MIB = 1024 * 1024
# Bytes a cached name costs (key and value strings, the cache's link), by tracemalloc on
# 10,000 distinct bsnlp-ru words: `fold` 168, `skeleton` 166.
NAME_ENTRY_BYTES = 170
# Memory for each of the two caches: ~100,000 names (the bound they had in entries), so
# a long-lived grouper folds a name it meets often once; 16 MiB each at most.
NAME_CACHE_BYTES = 16 * MIB
_NAME_CACHE = NAME_CACHE_BYTES // NAME_ENTRY_BYTES


@lru_cache(maxsize=_NAME_CACHE)
def skeleton(folded: str) -> str:
    """A looser key for spelling variants: interchangeable letters folded, doubled letters single."""
    text = folded
    for a, b in _SKELETON:
        text = text.replace(a, b)
    out: list[str] = []
    for char in text:
        if not out or out[-1] != char:
            out.append(char)
    return "".join(out)


@lru_cache(maxsize=_NAME_CACHE)
def fold(text: str) -> str:
    """Lowercase, `ё`->`е`, no quotes, one space between words, Latin transliterated."""
    text = unicodedata.normalize("NFKC", text).lower().replace("ё", "е")
    text = _INVISIBLE.sub("", _NOISE.sub(" ", text))
    words = [transliterate(w.strip(".,;:!?")) for w in _SPACE.split(text)]
    return " ".join(w for w in words if w)


def strip_initials(folded: str) -> str:
    """ "б джонсон" (folded "Б. Джонсон", "Б.Джонсон") -> "джонсон": initials carry too little to match on."""
    parts = words(folded)
    while len(parts) > 1 and len(parts[0]) == 1:
        parts = parts[1:]
    return " ".join(parts)


def words(folded: str) -> list[str]:
    return [w for w in folded.split(" ") if w]


def acronym(folded: str) -> str | None:
    """Initial letters of the content words ("организация договора о коллективной
    безопасности" -> "одкб"); None for a single word, which has no expansion. A
    one-letter word is a linking particle, not a word of its own ("Техрик-э-Лабаик
    Пакистан" is "ТЛП"), so it gives no letter; a number does ("Северный поток-2" is
    "СП2", not "СП")."""
    content = [w for w in words(folded) if w not in FUNCTION_WORDS and not (len(w) == 1 and w.isalpha())]
    if len(content) < 2:
        return None
    return "".join(w[0] for w in content)


def looks_like_acronym(name: str) -> bool:
    """ "ОДКБ", "МИД", "ЕС": two to six letters, mostly capitals in the original spelling."""
    letters = [c for c in name if c.isalpha()]
    return 2 <= len(letters) <= 6 and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)


# How Russian media write the English names of Latin letters: "BBC" is "Би-би-си",
# "CNN" "Си-эн-эн". General alphabet knowledge, used to meet an acronym spelled out.
LETTER_NAMES = {
    "a": "эй",
    "b": "би",
    "c": "си",
    "d": "ди",
    "e": "и",
    "f": "эф",
    "g": "джи",
    "h": "эйч",
    "i": "ай",
    "j": "джей",
    "k": "кей",
    "l": "эл",
    "m": "эм",
    "n": "эн",
    "o": "оу",
    "p": "пи",
    "q": "кью",
    "r": "ар",
    "s": "эс",
    "t": "ти",
    "u": "ю",
    "v": "ви",
    "w": "дабл ю",
    "x": "экс",
    "y": "уай",
    "z": "зи",
}
_LATIN_ACRONYM = re.compile(r"[A-Z]{2,5}")
# A Cyrillic spelling of letter names has short syllables: "би би си", "си эн эн".
MAX_SYLLABLE = 3


def spelled_key(text: str) -> str | None:
    """One key for a Latin acronym and its spelling in letter names ("BBC", "Би-би-си", "Бибиси").

    A Latin acronym is spelled out letter by letter; a Cyrillic name of one word or
    of short syllables is joined; the result is a skeleton without spaces."""
    text = text.strip()
    if _LATIN_ACRONYM.fullmatch(text):
        return skeleton("".join(LETTER_NAMES[c] for c in text.lower()).replace(" ", ""))
    if _LATIN.search(text.lower()):
        return None
    parts = words(fold(text))
    if not parts or len(parts) > 1 and any(len(w) > MAX_SYLLABLE for w in parts):
        return None
    return skeleton("".join(parts))


def within_one_edit(a: str, b: str) -> bool:
    """True when one insertion, deletion or substitution turns `a` into `b` (or they are equal)."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


# A short form of a first name opens the full one ("Джо" / "Джозеф", "Алекс" /
# "Александр"); three letters is the shortest such form that is not an initial.
MIN_SHORT_NAME = 3
# Two spellings of one name differ by one letter ("Хайко" / "Гайко", "Асия" /
# "Азия"); shorter names are too often different names at that distance.
MIN_FUZZY_NAME = 4


def first_names_compatible(a: str, b: str, *, fuzzy: bool = False) -> bool:
    """Two folded first names can name one person: equal in skeleton, or one opening the
    other ("джо" / "джозеф"); with `fuzzy`, also one letter apart ("хайко" / "гайко")."""
    short, long_ = sorted((a, b), key=len)
    if len(short) >= MIN_SHORT_NAME and long_.startswith(short):
        return True
    a, b = skeleton(a), skeleton(b)
    return a == b or fuzzy and min(len(a), len(b)) >= MIN_FUZZY_NAME and within_one_edit(a, b)
