"""slovnet's dependency parser, run on tokens we already have, laid out for numpy.

Part of the natasha adapter: `nlp.py` hands over the loaded slovnet model, so no
NLP library is imported here. natasha's `NewsSyntaxParser.map` runs slovnet's
generic path: eight sentences a batch in input order (so each batch pads to its
longest sentence), an im2col copy per convolution, and records per token. On
bsnlp-ru that parse of the sentences with figures cost more than morphology and
NER of every sentence together (18 of 42 ms of CPU per document).

Here the encoder is the taggers' (`ConvEncoder` with the per-word first-layer
table), sentences go in length-sorted batches of 64, and the two heads are
slovnet's arithmetic unchanged: the biaffine arc scores choose each word's head
(the root or a word of its sentence), then the relation scores of that arc choose
its label.

The arithmetic is slovnet's summed in another order, so scores differ from its own
by float rounding (about 1e-6). That decides an argmax only where two candidates
tie to that precision: a repeated boilerplate phrase ("СМИ сетевого издания
«NTV.RU»" twice in one sentence) gives two heads with equal scores. A sentence
with any choice that close is parsed again by slovnet's own code, in the batch of
eight natasha's `map` would have put it in, so the output is natasha's exactly
(`tests/annotate/test_parser.py`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from storyline.annotate.tagger import (
    FIRST_LAYER_WORDS,
    ConvEncoder,
    FirstLayerTable,
    WordIds,
    length_sorted_batches,
)

# One parsed word: (head, relation); head 0 is the root, k > 0 the k-th word.
Arc = tuple[int, str]

# A choice whose best score leads the next by less than this is a near tie, left to
# slovnet's own arithmetic. Arc and relation scores run from about -20 to 20 and ours
# differ from slovnet's in the last float32 digits (~1e-6). Calibration, bsnlp-ru
# documents 60-300 (2,975 sentences): without the fallback one sentence parsed
# differently (a tie at 1e-7); with 1e-3, 7 of natasha's batches of eight are
# re-parsed and every sentence equals natasha's.
NEAR_TIE = 1e-3


class _Biaffine:
    """One of slovnet's two heads: a head and a tail projection (linear + ReLU), a
    learned root vector placed before the words, and the kernel between them."""

    def __init__(self, module: Any) -> None:
        self.head_weight, self.head_bias = module.head.proj.weight.array, module.head.proj.bias.array
        self.tail_weight, self.tail_bias = module.tail.proj.weight.array, module.tail.proj.bias.array
        self.root: np.ndarray = module.root.array
        self.kernel: np.ndarray = module.kernel.array

    def head(self, x: np.ndarray) -> np.ndarray:
        out: np.ndarray = np.matmul(x, self.head_weight) + self.head_bias
        return out.clip(0)

    def tail(self, x: np.ndarray) -> np.ndarray:
        out: np.ndarray = np.matmul(x, self.tail_weight) + self.tail_bias
        return out.clip(0)

    def with_root(self, x: np.ndarray) -> np.ndarray:
        batch, _, dim = x.shape
        root = np.broadcast_to(self.root, (batch, 1, dim))
        return np.concatenate((root, x), axis=1)


class SlovnetParser:
    """natasha's news syntax model: words in, one (head, relation) per word out."""

    def __init__(self, api: Any, ids: WordIds) -> None:
        infer = api.infer
        self.infer = infer  # slovnet's own path, for near ties
        self.natasha_batch: int = api.batch_size
        model = infer.model
        if not ids.same_vocabularies(infer.encoder):
            raise ValueError("the syntax model does not share the taggers' vocabularies")
        self.ids = ids
        self.encoder = ConvEncoder(model.encoder)
        self.first_layer = FirstLayerTable(model.emb, self.encoder.layers[0][0], FIRST_LAYER_WORDS)
        self.arcs = _Biaffine(model.head)
        self.labels = _Biaffine(model.rel)
        self.rels: list[str] = list(infer.decoder.rels_vocab.items)

    def parse(self, sentences: Sequence[Sequence[str]]) -> list[list[Arc]]:
        """The arcs of every word of every sentence, in input order (as natasha's
        `map(sentences)` gives them)."""
        out: list[list[Arc]] = [[] for _ in sentences]
        close: set[int] = set()
        for batch in length_sorted_batches(sentences):
            parsed, ties = self._parse_batch([sentences[i] for i in batch])
            for i, arcs in zip(batch, parsed, strict=True):
                out[i] = arcs
            close.update(batch[k] for k in ties)
        for first in sorted({i - i % self.natasha_batch for i in close}):
            chunk = list(range(first, min(first + self.natasha_batch, len(sentences))))
            for i, exact in zip(chunk, self._slovnet([sentences[i] for i in chunk]), strict=True):
                if i in close:
                    out[i] = exact
        return out

    def _slovnet(self, sentences: list[Sequence[str]]) -> Iterator[list[Arc]]:
        """slovnet's own parse of one of natasha's batches."""
        for markup in self.infer(sentences):
            yield [(int(token.head_id), token.rel) for token in markup.tokens]

    def _parse_batch(self, sentences: list[Sequence[str]]) -> tuple[list[list[Arc]], list[int]]:
        """The arcs of each sentence, and the sentences (positions in the batch) with a near tie."""
        word_id, shape_id, pad_mask = self.ids.batch(sentences)
        x = self.encoder.from_first_products(self.first_layer.products(word_id, shape_id), pad_mask)
        heads, head_margin = self._heads(x, pad_mask)
        labels, label_margin = self._labels(x, heads)
        close = ((np.minimum(head_margin, label_margin) < NEAR_TIE) & ~pad_mask).any(-1)
        rels = self.rels
        out = []
        for sentence, row, kinds in zip(sentences, heads.tolist(), labels.tolist(), strict=True):
            out.append([(row[i], rels[kinds[i]]) for i in range(len(sentence))])
        return out, np.flatnonzero(close).tolist()

    def _heads(self, x: np.ndarray, pad_mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each word's head (the best arc score among the root and its sentence's
        words), and by how much it beat the runner-up."""
        arcs = self.arcs
        rooted = arcs.with_root(x)
        scores = np.matmul(np.matmul(arcs.head(rooted), arcs.kernel), arcs.tail(rooted).swapaxes(-2, -1))
        scores = scores[:, 1:, :]  # batch x word x (root + words)
        # slovnet fills padding with the batch's lowest score; -inf never wins either
        scores[:, :, 1:][np.broadcast_to(pad_mask[:, None, :], scores[:, :, 1:].shape)] = -np.inf
        heads: np.ndarray = scores.argmax(-1)
        return heads, _margin(scores)

    def _labels(self, x: np.ndarray, heads: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each word's relation to its chosen head, and its lead over the runner-up."""
        labels = self.labels
        batch, length, _ = x.shape
        rooted = labels.with_root(x)
        governor = rooted[np.arange(batch)[:, None], heads]  # batch x word x dim: the head's vector
        hidden, width = labels.kernel.shape
        kinds = width // hidden
        left = np.matmul(labels.head(governor), labels.kernel).reshape(batch, length, kinds, hidden)
        right = labels.tail(x).reshape(batch, length, hidden, 1)
        scores: np.ndarray = np.matmul(left, right).reshape(batch, length, kinds)
        picked: np.ndarray = scores.argmax(-1)
        return picked, _margin(scores)


def _margin(scores: np.ndarray) -> np.ndarray:
    """Best minus second-best score along the last axis (inf where there is one candidate)."""
    if scores.shape[-1] < 2:
        return np.full(scores.shape[:-1], np.inf, dtype=scores.dtype)
    top = np.partition(scores, -2, axis=-1)
    with np.errstate(invalid="ignore"):  # -inf - -inf in padding rows: not read
        margin: np.ndarray = top[..., -1] - top[..., -2]
    return np.nan_to_num(margin, nan=np.inf)
