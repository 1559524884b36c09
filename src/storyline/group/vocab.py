"""Document frequencies of lemmas and entities, learned from the corpus as it grows.

IDF has to follow the corpus: on a young database every word is rare, and the
word that makes a story ("брексит") becomes common inside that story. Counts
are updated per article and persisted per key, so an add writes only the keys
it changed. `idf` is on the hot path of every comparison: it is a dict lookup
and a table lookup, no logarithm per call.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

LOG_TABLE = 4096  # log(df + 0.5) precomputed for df below this

# A prior of this many virtual documents that contain no key: a young corpus (the
# five seeds, all on one topic) must not decide that its own topic words are common
# and weigh them zero. Negligible once the corpus has thousands of documents.
# Tuned with the seeds (one story needs it) and checked on tgcontest / bsnlp-ru.
PRIOR_DOCS = 100


class Vocabulary:
    def __init__(self) -> None:
        self.df: dict[str, int] = {}
        self.docs = 0
        self.changed: set[str] = set()
        self.log_docs = math.log(PRIOR_DOCS + 1)
        self.log_df = [math.log(i + 0.5) for i in range(LOG_TABLE)]

    def set_docs(self, docs: int) -> None:
        self.docs = docs
        self.log_docs = math.log(docs + PRIOR_DOCS + 1)

    def add(self, keys: Iterable[str]) -> None:
        self.set_docs(self.docs + 1)
        for key in set(keys):
            self.df[key] = self.df.get(key, 0) + 1
            self.changed.add(key)

    def idf(self, key: str) -> float:
        """Smoothed IDF, log((N + prior + 1) / (df + 0.5)); an unseen key gets the highest value."""
        df = self.df.get(key, 0)
        return self.log_docs - (self.log_df[df] if df < LOG_TABLE else math.log(df + 0.5))

    def scored(self, weights: Mapping[str, float]) -> list[tuple[float, str]]:
        """(weight × idf, key) for every key: `idf` inlined for bulk use (index building)."""
        df_get, log_docs, log_df, log = self.df.get, self.log_docs, self.log_df, math.log
        out = []
        for key, weight in weights.items():
            df = df_get(key, 0)
            out.append((weight * (log_docs - (log_df[df] if df < LOG_TABLE else log(df + 0.5))), key))
        return out

    def raised(self, offset: float) -> Vocabulary:
        """A read-only view whose IDF is this one's plus `offset` (same counts, same table):
        `Params.thread_idf_offset`. Cheap: no counts are copied."""
        view = Vocabulary.__new__(Vocabulary)
        view.df, view.docs, view.changed, view.log_df = self.df, self.docs, set(), self.log_df
        view.log_docs = self.log_docs + offset
        return view

    def backed(self, background: Mapping[str, int], docs: int) -> Vocabulary:
        """A read-only view whose counts are this one's plus `background`'s, a table of `docs`
        documents (`Background.scaled`): `Params.thread_background_docs`. Cheap: the counts
        are summed on lookup, not copied."""
        view = Vocabulary.__new__(Vocabulary)
        view.df = _Summed(self.df, background)  # type: ignore[assignment]  # read through `get` only
        view.docs, view.changed, view.log_df = self.docs, set(), self.log_df
        view.log_docs = math.log(self.docs + docs + PRIOR_DOCS + 1)
        return view

    def rename(self, old: str, new: str) -> None:
        """Fold the counts of a merged entity into the kept one."""
        if old in self.df:
            self.df[new] = self.df.get(new, 0) + self.df.pop(old)
            self.changed.update((old, new))


@dataclass(frozen=True)
class Background:
    """Document frequencies of lemmas in a background corpus (other text than the one being
    grouped, read at run time: nothing of it is stored in the repository)."""

    df: Mapping[str, int]
    docs: int

    def scaled(self, docs: int) -> dict[str, int]:
        """The counts as if the background had `docs` documents (rounded; 0 dropped)."""
        ratio = docs / self.docs if self.docs else 0.0
        out = {}
        for key, n in self.df.items():
            scaled = int(n * ratio + 0.5)
            if scaled:
                out[key] = scaled
        return out


class _Summed:
    """The `get` of two count tables added: what `weighted` and `cosine` read."""

    __slots__ = ("own", "extra")

    def __init__(self, own: Mapping[str, int], extra: Mapping[str, int]) -> None:
        self.own, self.extra = own, extra

    def get(self, key: str, default: int = 0) -> int:
        return self.own.get(key, default) + self.extra.get(key, 0)
