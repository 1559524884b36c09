"""Bytes to text without guessing wildly.

Russian news files come as UTF-8 (most), UTF-8 with a BOM (Windows tools) or
Windows-1251 (old CMS exports). Any byte string "decodes" as Windows-1251, so that
codec is accepted only when the result looks like real Cyrillic/Latin prose;
anything else is rejected as undecodable rather than stored as mojibake.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from storyline.reasons import Reason, reason

BINARY_REASON = reason("binary_file")
UNDECODABLE_REASON = reason("undecodable")
UTF16_REASON = reason("utf16_lines")
BROKEN_UTF16 = reason("broken_utf16")
# UTF-16 without a byte order mark is told from binary data by where its NUL bytes
# sit: ASCII characters (spaces, digits, punctuation: 15-25% of Russian prose, all
# of English) put a NUL in every other byte, always on the same side. Binary data
# has NULs on both sides. At least this share of the sampled characters must carry
# a NUL on one side, and none the other.
UTF16_MIN_NUL_SHARE = 0.05
UTF16_SAMPLE = 4096
# Decoded, the sample must be text of the scripts storyline reads: at least this
# share of its characters Latin, Cyrillic or common punctuation (bytes of binary
# data read as UTF-16 land all over the CJK and private-use planes).
UTF16_MIN_USUAL_SHARE = 0.9
_USUAL_RANGES = ((0x0009, 0x024F), (0x0400, 0x052F), (0x2000, 0x206F), (0x20AC, 0x20AC), (0x2116, 0x2116))

# Characters Windows-1251 maps its high bytes to that occur in real Russian text:
# the Russian alphabet, Ukrainian/Belarusian letters, and typographic punctuation.
_CYRILLIC_USUAL = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯіїєґўІЇЄҐЎ")
_TYPOGRAPHY = set("«»—–“”„…№°‘’•±§©®\u00a0·")
_ALLOWED_CONTROLS = set("\t\n\r\f")
_LETTERS = re.compile(r"[^\W\d_]+")


def has_nul(data: bytes) -> bool:
    """NUL bytes never occur in UTF-8 or Windows-1251 text; they mark binary data
    (images, archives) or UTF-16, which is detected by its BOM before this check."""
    return b"\x00" in data


def plausible_cp1251(text: str) -> bool:
    """Does `text` (decoded as Windows-1251) look like Cyrillic/Latin prose?

    Three tests, each failing on a known kind of wrong decode:
    - C0 control characters: binary data;
    - unusual high characters (Ђ, ‰, ¤ ...) over 2% of non-ASCII characters: random
      bytes, or another single-byte codec (cp1251 maps 0x80-0xBF mostly to rare signs);
    - more than half the Cyrillic letters in upper case: KOI8-R read as cp1251 (its
      lower-case letters sit where cp1251 keeps upper case). Real Russian prose runs
      at about 3-8% capitals (the five seed articles: 4.2%);
    - over a fifth of the Cyrillic-bearing words also holding Latin letters: Latin-1
      text (French, German) read as cp1251 (`Zürich` -> `Zьrich`). Real text mixes
      scripts between words, not inside them.
    """
    non_ascii = 0
    odd = 0
    cyr_upper = 0
    cyr = 0
    for ch in text:
        if ch < " " and ch not in _ALLOWED_CONTROLS:
            return False
        if ch < "\x80":
            continue
        non_ascii += 1
        if ch in _CYRILLIC_USUAL:
            cyr += 1
            cyr_upper += ch.isupper()
        elif ch not in _TYPOGRAPHY:
            odd += 1
    if non_ascii == 0:
        return True
    if odd > 0.02 * non_ascii:
        return False
    if cyr and cyr_upper > 0.5 * cyr:
        return False
    cyr_words = mixed = 0
    for m in _LETTERS.finditer(text):
        word = m.group()
        if any("\u0400" <= ch <= "\u04ff" for ch in word):
            cyr_words += 1
            mixed += any(ch.isascii() for ch in word)
    return mixed <= 0.2 * cyr_words


def utf16_codec(data: bytes) -> str | None:
    """`utf-16` (with a BOM), `utf-16-le` or `utf-16-be` when `data` looks like
    UTF-16 text, else None."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[: UTF16_SAMPLE - UTF16_SAMPLE % 2]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    for nuls, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if other == 0 and nuls >= UTF16_MIN_NUL_SHARE * pairs:
            try:
                text = sample.decode(codec)
            except UnicodeDecodeError:
                text = sample[:-2].decode(codec, "ignore")  # a pair cut at the sample's end
            if (
                text
                and "\x00" not in text
                and control_ratio(text) == 0
                and _usual_share(text) >= UTF16_MIN_USUAL_SHARE
            ):
                return codec
    return None


def _usual_share(text: str) -> float:
    usual = sum(1 for ch in text if any(lo <= ord(ch) <= hi for lo, hi in _USUAL_RANGES))
    return usual / len(text)


def looks_utf16(data: bytes) -> bool:
    return utf16_codec(data) is not None


def decode_bytes(data: bytes, whole: bool = True) -> tuple[str | None, Reason | None]:
    """(text, None) or (None, reason). Order: BOMs, strict UTF-8, plausible cp1251.

    `whole=False` for one line of a file: a UTF-16 BOM can only start a file, and
    UTF-16 text cut at b"\n" is not decodable line by line anyway.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif whole and data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            return None, BROKEN_UTF16
    if has_nul(data):
        codec = utf16_codec(data) if whole else None
        if codec is not None:  # UTF-16 without a byte order mark
            try:
                return data.decode(codec), None
            except UnicodeDecodeError:
                return None, BROKEN_UTF16
        if utf16_codec(data):
            return None, UTF16_REASON
        return None, BINARY_REASON
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:  # 0x98 is unassigned in cp1251
        return None, UNDECODABLE_REASON
    if plausible_cp1251(text):
        return text, None
    return None, UNDECODABLE_REASON


def stream_encoding(sample: bytes) -> str:
    """Pick one codec for a file read as a stream (CSV) from its first bytes.

    UTF-8 unless the sample is not UTF-8 (ignoring a sequence cut at the sample's
    end) but is plausible cp1251. Rows that still fail are caught by `has_surrogates`
    when the stream is read with errors="surrogateescape".
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        if plausible_cp1251(sample.decode("cp1251")):
            return "cp1251"
    except UnicodeDecodeError:
        pass
    return "utf-8"


def has_surrogates(text: str) -> bool:
    """True when surrogateescape decoding met bytes the codec could not decode."""
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def control_ratio(text: str) -> float:
    """Share of control/format characters other than whitespace: high in binary junk."""
    if not text:
        return 0.0
    bad = sum(
        1
        for ch in text
        if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn")
    )
    return bad / len(text)
