"""IDF-weighted lemma containment between sentences of one story.

Containment (how much of sentence A's content B already carries) rather than
cosine, because background is restated in shorter or longer form: a later
"Протесты начались 2 января" is fully contained in an earlier, longer
sentence, and that is what makes it repeated. IDF is computed over the
story's own sentences, so the story's ever-present words ("Казахстан",
"ОДКБ") weigh little and the distinctive ones decide.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from storyline.story.features import SentenceInfo


class Idf:
    def __init__(self, sentences: Iterable[SentenceInfo]) -> None:
        df: Counter[str] = Counter()
        n = 0
        for s in sentences:
            n += 1
            df.update(s.content)
        self.n = n
        self.df = df
        self._unseen = self.unseen_weight(n)
        self._weights = {w: self.weight_of(n, c) for w, c in df.items()}

    @staticmethod
    def weight_of(n: int, df: int) -> float:
        """Smoothed IDF of a feature in `df` of `n` sentences."""
        return math.log((n + 1) / (df + 1)) + 1.0

    @staticmethod
    def unseen_weight(n: int) -> float:
        return math.log(n + 1) + 1.0

    def weight(self, lemma: str) -> float:
        return self._weights.get(lemma, self._unseen)

    def mass(self, lemmas: Iterable[str], weights: dict[str, float] | None = None) -> float:
        w = weights or {}
        get = self._weights.get
        return sum(get(x, self._unseen) * w.get(x, 1.0) for x in lemmas)

    def cover(self, a: SentenceInfo, b: SentenceInfo, *, figures: bool = True) -> float:
        """Share of a's content (by IDF mass) that b also carries; 0 for an empty a.

        With `figures=False` the "#figure" features are left out: an update
        restates a claim with other figures, so its wording alone must match."""
        own = a.content if figures else frozenset(x for x in a.content if not x.startswith("#"))
        total = self.mass(own, a.weights)
        if total == 0:
            return 0.0
        return self.mass(own & b.content, a.weights) / total

    def cosine(self, a: SentenceInfo, b: SentenceInfo) -> float:
        num = sum(self.weight(w) ** 2 for w in a.content & b.content)
        den = math.sqrt(sum(self.weight(w) ** 2 for w in a.content)) * math.sqrt(
            sum(self.weight(w) ** 2 for w in b.content)
        )
        return num / den if den else 0.0

    def must_share(self, s: SentenceInfo, bar: float, *, figures: bool = True) -> list[str]:
        """The heaviest features of `s` that any sentence covering it at `bar` must share at least one of.

        If a set R of s's features holds more than (1 - bar) of its mass, a
        sentence sharing none of R covers at most M - mass(R) < bar * M."""
        own = [x for x in s.content if figures or not x.startswith("#")]
        weighted = sorted(((self.weight(x) * s.weights.get(x, 1.0), x) for x in own), reverse=True)
        total = sum(w for w, _ in weighted)
        need, got, out = (1.0 - bar) * total, 0.0, []
        for w, x in weighted:
            out.append(x)
            got += w
            if got > need:
                break
        return out


class SentenceIndex:
    """Inverted index over sentences, to find the only ones that can cover a sentence."""

    def __init__(self, idf: Idf) -> None:
        self.idf = idf
        self.sentences: list[SentenceInfo] = []
        self.postings: dict[str, list[int]] = defaultdict(list)

    def add(self, sentences: Sequence[SentenceInfo]) -> None:
        for s in sentences:
            idx = len(self.sentences)
            self.sentences.append(s)
            for w in s.content:
                self.postings[w].append(idx)

    def drop_last(self, sentences: Sequence[SentenceInfo]) -> None:
        """Take back the last `add`ed sentences (a late article's fold is redone after it)."""
        for s in reversed(sentences):
            gone = self.sentences.pop()
            assert gone is s, "sentences are taken back newest first"
            idx = len(self.sentences)
            for w in s.content:
                posting = self.postings[w]
                if posting and posting[-1] == idx:
                    posting.pop()
                if not posting:
                    del self.postings[w]

    def candidates(self, s: SentenceInfo, bars: Sequence[tuple[float, bool]]) -> list[SentenceInfo]:
        """Sentences that may cover `s` at one of the `bars` ((bar, with figures)); exact, not a heuristic."""
        seen: set[int] = set()
        for bar, figures in bars:
            for w in self.idf.must_share(s, bar, figures=figures):
                seen.update(self.postings.get(w, ()))
        return [self.sentences[i] for i in sorted(seen)]


class ArticleSpread:
    """In how many of the story's articles each feature occurs: "told elsewhere" in O(1) per feature."""

    def __init__(self, content: Mapping[str, frozenset[str]]) -> None:
        self.content = content
        self.n = len(content)
        self.df: Counter[str] = Counter()
        for features in content.values():
            self.df.update(features)

    def elsewhere(self, feature: str, article_id: str) -> int:
        """Other articles using the feature."""
        return self.df.get(feature, 0) - (feature in self.content.get(article_id, frozenset()))

    def told_elsewhere(
        self, features: frozenset[str], article_id: str, idf: Idf, weights: dict[str, float]
    ) -> float:
        """Share of the features' IDF mass that at least one other article also uses."""
        total = idf.mass(features, weights)
        if not total:
            return 0.0
        return idf.mass((f for f in features if self.elsewhere(f, article_id) > 0), weights) / total

    def mean_share(self, article_id: str, idf: Idf) -> float:
        """Mean over the other articles of the share of this article's content they use."""
        own = self.content.get(article_id, frozenset())
        total = idf.mass(own)
        if not total or self.n < 2:
            return 0.0
        shared = sum(idf.weight(f) * self.elsewhere(f, article_id) for f in own)
        return shared / ((self.n - 1) * total)
