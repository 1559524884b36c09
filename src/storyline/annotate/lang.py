"""Language identification: decides whether the full Russian pipeline runs.

langid.py does the work, restricted to the languages our sources actually
publish in (post-Soviet region plus the big European and Asian languages), which
removes the absurd answers an unrestricted model gives for short Cyrillic text
(`Бекешев` -> Serbian). Two things langid cannot do well are handled here:

- very short text: too few letters for n-gram statistics, so the script decides
  (Cyrillic with no letters peculiar to another Cyrillic language is Russian,
  the prior of a Russian-media corpus);
- Kyrgyz, which langid's model confuses with Kazakh: letters settle it, since
  Kazakh writes қ ғ ұ һ ә і and Kyrgyz writes none of them.

The answer is always an ISO 639-1 code, or "und" (ISO 639-2 "undetermined")
when the text has no letters at all, or too few letters in a script we cannot
decide on. "und" never equals "ru", so such text gets the light pipeline.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

UNDETERMINED = "und"

# Languages our sources write in. Anything else is reported as the closest of these.
LANGUAGES: tuple[str, ...] = (
    "ru", "uk", "be", "kk", "ky", "bg", "sr", "mk", "mn",
    "en", "de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sk", "ro", "hu", "sv", "fi",
    "lv", "lt", "et", "tr", "az", "hy", "ka", "el", "he", "ar", "fa", "zh", "ja", "ko",
)  # fmt: skip

# Below this many letters the alphabet decides instead of langid. Calibration on
# 1,761 Russian snippets (1-8 consecutive words of 300 random bsnlp-ru texts):
# langid with the alphabet check says ru for 88% of those under 10 letters, 99%
# of 10-19, 99-100% of 20 and more; the alphabet rule alone for 99.9% of the 804
# under 20 letters.
MIN_LETTERS = 20

# Only the head of a long text is classified: langid is linear in length, and
# 2,000 characters decided all 661 bsnlp-ru documents as the full text did.
SAMPLE_CHARS = 2000

_NON_RUSSIAN_CYRILLIC = set("іїєґўқғүұөһәңђћџљњјѓќѕӣӯҳҷҗӑӗҫӳ")
_KAZAKH_ONLY = set("қғұһәі")
_KYRGYZ_LETTERS = set("ңөү")

# For each Cyrillic language but Russian: letters its texts show and Russian
# lacks (one is required), and Russian letters its alphabet lacks (none allowed).
# langid's n-grams confuse short Russian with its neighbours (bsnlp-ru titles:
# 67 of 661 called bg/uk/mk/sr); a claim without the alphabet's evidence is Russian.
_CYRILLIC_EVIDENCE: dict[str, tuple[set[str], set[str]]] = {
    "uk": (set("іїєґ"), set("ыэъё")),
    "be": (set("ўі"), set("иъщ")),
    "bg": (set("ъ"), set("ыэё")),
    "mk": (set("ѓќѕљњџј"), set("ыэёщъй")),
    "sr": (set("ђћџљњј"), set("ыэёщъй")),
    "kk": (set("қғұһәіңөү"), set()),
    "ky": (set("ңөү"), set()),
}


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """The langid model, loaded once per process (20 MB; unpacking it costs about 1.4 s,
    so the unpacked form is kept in the user's cache: `lang_model`)."""
    from langid.langid import model

    from storyline.annotate.lang_model import identifier as cached_identifier

    identifier = cached_identifier(model, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _plainly_russian(letters: str) -> bool:
    """Cyrillic with ы or э and no letter of another Cyrillic alphabet is Russian.

    Every other Cyrillic language either lacks ы/э (uk, bg, sr, mk) or writes
    letters Russian does not (be ў, kk қ, ky ң, tg ҷ, …) somewhere in 20+ letters.
    This settles the common case without langid, whose model takes 1.5 s (7 s
    on a busy machine) to load in every worker. On bsnlp-ru it decides 653 of
    661 documents (the other 8 carry a Ukrainian і or ї, or no ы/э, and go
    to langid, which also says ru).
    """
    present = set(letters.lower())
    if not present & {"ы", "э"} or present & _NON_RUSSIAN_CYRILLIC:
        return False
    cyrillic = sum(1 for ch in letters if _is_cyrillic(ch))
    return cyrillic * 2 >= len(letters)


def _by_script(letters: str) -> str:
    """A guess for short text from its alphabet alone."""
    cyrillic = sum(1 for ch in letters if _is_cyrillic(ch))
    if cyrillic * 2 < len(letters):
        return UNDETERMINED  # short Latin or other-script text: too little to tell
    present = set(letters.lower())
    for code in ("be", "kk", "ky", "uk", "sr", "mk", "bg"):
        if _has_evidence(code, present):
            return _settle_turkic(code, present)
    return "ru"


def _has_evidence(code: str, present: set[str]) -> bool:
    required, forbidden = _CYRILLIC_EVIDENCE[code]
    return bool(present & required) and not present & forbidden


def _settle_turkic(code: str, present: set[str]) -> str:
    """langid says kk for most Kyrgyz: without any Kazakh-only letter it is Kyrgyz."""
    if code == "kk" and not present & _KAZAKH_ONLY and present & _KYRGYZ_LETTERS:
        return "ky"
    return code


def _check_cyrillic(code: str, letters: str) -> str:
    """Overrule a Cyrillic neighbour that the alphabet does not support."""
    present = set(letters.lower())
    if code in _CYRILLIC_EVIDENCE:
        return _settle_turkic(code, present) if _has_evidence(code, present) else "ru"
    return code


def detect_language(text: str) -> str:
    """ISO 639-1 code of `text`'s language, or "und" when it cannot be told.

    Never raises: any string, however short or odd, gets an answer.
    """
    sample = text[:SAMPLE_CHARS]
    letters = "".join(ch for ch in sample if ch.isalpha())
    if not letters:
        return UNDETERMINED
    if len(letters) < MIN_LETTERS:
        return _by_script(letters)
    if _plainly_russian(letters):
        return "ru"
    code, _ = _identifier().classify(sample)
    return _check_cyrillic(str(code), letters)


def warm_up() -> None:
    """Load the model now (a pool initializer calls this so workers do not pay on the first text)."""
    _identifier()
