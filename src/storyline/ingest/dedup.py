"""Near-duplicate detection: MinHash over word shingles, with a persistent LSH index.

A syndicated copy (same wire story, a changed lead, an added "read also") is stored,
because its outlet and date matter to the story, but marked `duplicate_of` the first
copy so that grouping and novelty do not count the same text twice. Signatures and
band keys live in the store, so a lookup costs one indexed query, not an index rebuild.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import re
import sys
import types
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from storyline.store.base import Store

if TYPE_CHECKING:
    from datasketch.minhash import MinHash


def _minhash_class() -> type[MinHash]:
    """datasketch's MinHash without the rest of datasketch.

    `import datasketch` runs a package `__init__` that imports every sketch it has,
    LSH's parameter optimiser with them, which pulls in scipy: ~2 s of a one-article
    `storyline ingest`, for a class that needs only numpy. When the package is not
    imported yet, its two modules are loaded under a bare package object, which is
    then taken out of `sys.modules`: a later `import datasketch` runs the real
    `__init__`, which finds these modules loaded and reuses them (one class)."""
    loaded = sys.modules.get("datasketch.minhash")
    if loaded is not None:
        return loaded.MinHash  # type: ignore[no-any-return]
    if "datasketch" in sys.modules:
        return importlib.import_module("datasketch.minhash").MinHash  # type: ignore[no-any-return]
    spec = importlib.util.find_spec("datasketch")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("datasketch is not installed")
    bare = types.ModuleType("datasketch")
    bare.__path__ = list(spec.submodule_search_locations)
    sys.modules["datasketch"] = bare
    try:
        module = importlib.import_module("datasketch.minhash")
    finally:
        if sys.modules.get("datasketch") is bare:
            del sys.modules["datasketch"]
    return module.MinHash  # type: ignore[no-any-return]


MinHash = _minhash_class()  # noqa: F811 - the class itself, loaded as above

NUM_PERM = 128
SHINGLE_WORDS = 3
# LSH banding: 32 bands of 4 rows. A pair at Jaccard J becomes a candidate with
# probability 1-(1-J^4)^32: 0.988 at J=0.6, 0.87 at 0.5, 0.23 at 0.3, 0.003 at 0.1,
# so pairs at the threshold below are found and unrelated articles rarely cost a
# verification.
BANDS = 32
ROWS = NUM_PERM // BANDS
# A candidate is a near-duplicate when the estimated Jaccard similarity of 3-word
# shingle sets is at least 0.6. Calibrated by reading pairs ranked by exact Jaccard:
# bsnlp-ru (661 articles): the 67 pairs at >= 0.6 are all reprints of one text
# (wire copies with a changed lead or closing line, the same article under two
# titles); of 18 pairs in 0.5-0.6, the ones read were half reprints, half rewrites
# of one wire report (gazeta.ua/pravda.com.ua 0.57); below 0.5 are rewrites and
# separate reports sharing quotes. tgcontest-pairs: the 7 pairs at >= 0.6 are copies
# of one text; the next ones (0.46-0.47) are heavily edited wire copies. The estimate's
# standard error at 128 permutations is about 0.04 near 0.6.
THRESHOLD = 0.6
# Below this many shingles a Jaccard estimate is noise (a headline-only text shares
# half its shingles with any other on the same topic); such texts get exact dedup only.
MIN_SHINGLES = 8
# Bumped whenever the shingling or banding changes, so old band keys never match new.
# datasketch's hashing scheme is part of it: 2.x hashes differently from 1.x, and a
# store written by one must not match signatures of the other.
KEY_VERSION = "m1-" + str(getattr(MinHash(num_perm=1, seed=1), "scheme", "legacy"))

_WORD = re.compile(r"\w+")
_EMPTY: MinHash | None = None


def _fresh_minhash() -> MinHash:
    """An empty MinHash. datasketch draws its hash permutations per object; copying one
    empty object (same seed, same permutations) removes a third of ingest's CPU time."""
    global _EMPTY
    if _EMPTY is None:
        _EMPTY = MinHash(num_perm=NUM_PERM, seed=1)
    return _EMPTY.copy()


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text).casefold().replace("ё", "е"))


def shingles(text: str) -> set[str]:
    tokens = words(text)
    if len(tokens) < SHINGLE_WORDS:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + SHINGLE_WORDS]) for i in range(len(tokens) - SHINGLE_WORDS + 1)}


@dataclass
class Signature:
    values: np.ndarray  # uint64 MinHash values, NUM_PERM of them
    _keys: list[str] | None = None

    def to_bytes(self) -> bytes:
        return self.values.astype("<u8").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        return cls(np.frombuffer(data, dtype="<u8"))

    def band_keys(self) -> list[str]:
        if self._keys is None:
            self._keys = self._band_keys()
        return self._keys

    def _band_keys(self) -> list[str]:
        raw = self.values.astype("<u8")
        keys = []
        for band in range(BANDS):
            chunk = raw[band * ROWS : (band + 1) * ROWS].tobytes()
            keys.append(f"{KEY_VERSION}:{band}:{hashlib.blake2b(chunk, digest_size=8).hexdigest()}")
        return keys

    def similarity(self, other: Signature) -> float:
        """Estimated Jaccard similarity: the share of equal MinHash values."""
        if len(other.values) != len(self.values):
            return 0.0
        return float(np.count_nonzero(self.values == other.values)) / len(self.values)


def signature(text: str) -> Signature | None:
    """The MinHash signature of a text, or None when it is too short to compare."""
    grams = shingles(text)
    if len(grams) < MIN_SHINGLES:
        return None
    mh = _fresh_minhash()
    mh.update_batch([g.encode("utf-8") for g in sorted(grams)])
    return Signature(np.asarray(mh.hashvalues, dtype=np.uint64))


def jaccard(a: str, b: str) -> float:
    """Exact Jaccard similarity of shingle sets (for calibration and tests)."""
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


class NearDuplicateIndex:
    """Finds the original of a near-duplicate among stored articles, and indexes new ones."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def find_original(self, sig: Signature, candidates: list[tuple[str, bytes]] | None = None) -> str | None:
        """Id of the most similar stored article at or above THRESHOLD, following
        `duplicate_of` so that copies of copies point at the first article.
        `candidates`: the store's `minhash_candidates` for the signature's band keys,
        when the caller has them already (asked for here otherwise)."""
        if candidates is None:
            candidates = self.store.minhash_candidates(sig.band_keys())
        best_id, best_score = None, THRESHOLD
        for article_id, data in candidates:
            score = sig.similarity(Signature.from_bytes(data))
            if score > best_score or (score == best_score and best_id is None):
                best_id, best_score = article_id, score
        if best_id is None:
            return None
        return self._root(best_id)

    def _root(self, article_id: str) -> str:
        seen = {article_id}
        current = article_id
        while True:
            parent = self.store.get_article(current, with_annotation=False).duplicate_of
            if parent is None or parent in seen:
                return current
            seen.add(parent)
            current = parent

    def add(self, article_id: str, sig: Signature) -> None:
        self.store.add_minhash(article_id, sig.to_bytes(), sig.band_keys())
