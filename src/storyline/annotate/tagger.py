"""slovnet's morphology and NER taggers, run on tokens we already have.

Part of the natasha adapter (`nlp.py` is its only user): slovnet types stay here.

natasha's `tagger.map(texts)` tokenises every sentence again with razdel, builds a
record per token and, for NER, searches each word back in the text to find its
offsets. We tokenise once, so this module feeds slovnet's own encoder tables and
model the words directly and returns plain tag strings. The weights are
slovnet's; the arithmetic is laid out for numpy (`ConvEncoder`, `FirstLayerTable`)
and agrees with slovnet's to float rounding. The tags are identical to natasha's on
every document of bsnlp-ru (`tests/annotate/test_tagger.py` keeps checking a sample).

Measured on bsnlp-ru (661 documents, one process, one BLAS thread): the full
annotation went from 63 to 29 ms of CPU per document (before the dependency parse
was added; docs/benchmarks.md, "Annotation"). `parser.py` runs the syntax model
through the same encoder and word table.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
from slovnet.shape import word_shape

# Sentences per slovnet call. Larger batches amortise numpy overhead; 64 was the
# knee on bsnlp-ru (8 -> 64 gave ~1.6x throughput, 128 added nothing).
BATCH = 64

# Distinct words whose (word id, shape id) pair is remembered. A news corpus has a
# few hundred thousand word forms; the table is cleared when full (cheap to refill).
MAX_CACHED_WORDS = 300_000

# Distinct words whose first-layer products are kept, per tagger: 3 KB each, so at
# most ~150 MB, allocated as used. bsnlp-ru (661 documents, 810k tokens) has 32,633
# distinct navec word ids; the cache starts again when full.
FIRST_LAYER_WORDS = 50_000


class ConvEncoder:
    """slovnet's CNN encoder (conv, ReLU, batch norm, masking; three layers) computed
    with the weights of the loaded model, laid out for numpy.

    slovnet builds each convolution from an im2col copy of its input in
    (batch, channels, length) order, with a pad, a transpose and a reshape per
    layer; that copying took a third of the tagger's time on bsnlp-ru. Here the
    input stays (batch, length, channels) and one matrix product per layer gives
    every kernel offset at once, shifted and summed in place; batch norm is folded
    into one scale and shift. Same arithmetic in float32, summed in another order:
    outputs agree with slovnet's to about 1e-5, and the tags are identical on the
    checks in `tests/annotate/test_tagger.py`.
    """

    def __init__(self, encoder: Any) -> None:
        self.layers: list[tuple[np.ndarray, np.ndarray, int, np.ndarray, np.ndarray]] = []
        for layer in encoder.layers:
            weight = layer.conv.weight.array  # filters x in x kernel
            filters, _, kernel = weight.shape
            # in x (kernel * filters): block j holds the filters for kernel offset j
            stacked = np.ascontiguousarray(np.concatenate([weight[:, :, j].T for j in range(kernel)], axis=1))
            scale = layer.norm.weight.array / layer.norm.std.array
            shift = layer.norm.bias.array - layer.norm.mean.array * scale
            self.layers.append((stacked, layer.conv.bias.array, layer.conv.padding, scale, shift))

    def from_first_products(self, z: np.ndarray, pad_mask: np.ndarray) -> np.ndarray:
        """Encode, given the first layer's products (see `FirstLayerTable`)."""
        x = self.layer(0, z, pad_mask)
        for index in range(1, len(self.layers)):
            x = self.layer(index, self.products(index, x), pad_mask)
        return x

    def products(self, index: int, x: np.ndarray) -> np.ndarray:
        """Every position times every kernel offset's filters: batch x length x (kernel * filters)."""
        batch, length, _ = x.shape
        stacked = self.layers[index][0]
        return (x.reshape(batch * length, -1) @ stacked).reshape(batch, length, -1)

    def layer(self, index: int, z: np.ndarray, pad_mask: np.ndarray) -> np.ndarray:
        """One layer from its products: shift and sum the offsets, then ReLU, batch norm, mask."""
        _, bias, padding, scale, shift = self.layers[index]
        batch, length, _ = z.shape
        filters = bias.shape[0]
        z = z.reshape(batch, length, -1, filters)
        out = np.empty((batch, length, filters), dtype=z.dtype)
        out[...] = bias
        for j in range(z.shape[2]):
            offset = j - padding  # out[t] += z[t + offset, j] where t + offset is inside
            if abs(offset) >= length:
                continue
            if offset >= 0:
                out[:, : length - offset] += z[:, offset:, j]
            else:
                out[:, -offset:] += z[:, : length + offset, j]
        np.maximum(out, 0, out=out)
        out *= scale
        out += shift
        out[pad_mask] = 0
        return out


class FirstLayerTable:
    """The first layer's products per word, computed once per distinct word.

    The first layer's input is a word's navec vector beside its shape vector, so
    its products split into a word part and a shape part. The shape part has 66
    values and is tabulated whole; the word part is computed the first time a word
    is seen and kept. On bsnlp-ru this layer was half the tagger's arithmetic, and
    a few thousand distinct words make up most tokens.
    """

    def __init__(self, emb: Any, stacked: np.ndarray, capacity: int) -> None:
        self.word_embedding = emb.word
        dim = emb.word.dim
        self.word_weights = np.ascontiguousarray(stacked[:dim])
        self.shape_table = emb.shape.weight.array @ stacked[dim:]
        self.rows = np.full(emb.word.indexes.array.shape[0], -1, dtype=np.int64)
        self.table = np.empty((capacity, stacked.shape[1]), dtype=stacked.dtype)  # pages filled as used
        self.used = 0

    def products(self, word_id: np.ndarray, shape_id: np.ndarray) -> np.ndarray:
        rows = self.rows[word_id]
        if (rows < 0).any():
            missing = np.unique(word_id[rows < 0])
            if self.used + missing.size > self.table.shape[0]:  # full: start again (cheap to refill)
                self.rows[:] = -1
                self.used = 0
                missing = np.unique(word_id)
                if missing.size > self.table.shape[0]:  # one batch with more distinct words than fit
                    direct: np.ndarray = self.word_embedding(word_id) @ self.word_weights
                    return direct + self.shape_table[shape_id]
            new = self.used + np.arange(missing.size)
            self.table[new] = self.word_embedding(missing) @ self.word_weights
            self.rows[missing] = new
            self.used += missing.size
            rows = self.rows[word_id]
        out: np.ndarray = self.table[rows]
        out += self.shape_table[shape_id]
        return out


class WordIds:
    """(word id, shape id) of each word, as slovnet's encoder computes them.

    natasha's morphology, NER and syntax models share one words vocabulary (navec's)
    and one shapes vocabulary, so one table serves all three: a word is looked up
    once per process, not once per model (`same_vocabularies` checks the premise)."""

    def __init__(self, words_vocab: Any, shapes_vocab: Any) -> None:
        self.words_vocab = words_vocab
        self.shapes_vocab = shapes_vocab
        self.word_pad: int = words_vocab.pad_id
        self.shape_pad: int = shapes_vocab.pad_id
        self._ids: dict[str, tuple[int, int]] = {}

    def same_vocabularies(self, encoder: Any) -> bool:
        return bool(
            encoder.words_vocab.items == self.words_vocab.items
            and encoder.shapes_vocab.items == self.shapes_vocab.items
        )

    def __call__(self, word: str) -> tuple[int, int]:
        ids = self._ids.get(word)
        if ids is None:
            if len(self._ids) >= MAX_CACHED_WORDS:
                self._ids.clear()
            ids = (self.words_vocab.encode(word.lower()), self.shapes_vocab.encode(word_shape(word)))
            self._ids[word] = ids
        return ids

    def batch(self, sentences: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """word ids, shape ids and the padding mask of sentences padded to the longest."""
        lengths = np.array([len(s) for s in sentences])
        known = self._ids.get
        pairs = [known(w) or self(w) for sentence in sentences for w in sentence]
        filled = np.arange(lengths.max()) < lengths[:, None]  # row-major, as `pairs` runs
        word_id = np.full(filled.shape, self.word_pad, dtype=np.int64)
        shape_id = np.full(filled.shape, self.shape_pad, dtype=np.int64)
        if pairs:
            flat = np.array(pairs, dtype=np.int64)
            word_id[filled] = flat[:, 0]
            shape_id[filled] = flat[:, 1]
        return word_id, shape_id, word_id == self.word_pad


def length_sorted_batches(sentences: Sequence[Sequence[str]], size: int = BATCH) -> Iterator[list[int]]:
    """Indexes of the non-empty sentences, shortest first, `size` at a time.

    slovnet pads every sentence of a batch to the longest one, so sentences are fed
    sorted by length (this halved its work on bsnlp-ru); callers put the results
    back in input order."""
    order = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: len(sentences[i]))
    for first in range(0, len(order), size):
        yield order[first : first + size]


class SlovnetTagger:
    """One slovnet tagger (morphology or NER): words in, tag strings out."""

    def __init__(self, api: Any, *, crf: bool, ids: WordIds | None = None) -> None:
        infer = api.infer
        self.model = infer.model
        self.ids = ids or WordIds(infer.encoder.words_vocab, infer.encoder.shapes_vocab)
        if not self.ids.same_vocabularies(infer.encoder):
            raise ValueError("the models do not share their vocabularies")
        self.tags: list[str] = list(infer.decoder.tags_vocab.items)
        self.crf = crf
        self.encoder = ConvEncoder(self.model.encoder)
        self.first_layer = FirstLayerTable(self.model.emb, self.encoder.layers[0][0], FIRST_LAYER_WORDS)

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """Tags of every word of every sentence, in input order."""
        return tag_together([self], sentences)[0]

    def tag_batch(
        self, sentences: list[Sequence[str]], ids: tuple[np.ndarray, np.ndarray, np.ndarray]
    ) -> Iterator[list[str]]:
        """Tags of one batch, given its `WordIds.batch`."""
        word_id, shape_id, pad_mask = ids
        encoded = self.encoder.from_first_products(self.first_layer.products(word_id, shape_id), pad_mask)
        pred = self.model.head(encoded)
        tags = self.tags
        if self.crf:
            for sentence, best in zip(sentences, self.model.head.crf.decode(pred, ~pad_mask), strict=True):
                yield [tags[t] for t in best.tolist()[: len(sentence)]]
        else:
            rows = self.model.head.decode(pred).tolist()
            for sentence, row in zip(sentences, rows, strict=True):
                yield [tags[t] for t in row[: len(sentence)]]


def tag_together(
    taggers: Sequence[SlovnetTagger], sentences: Sequence[Sequence[str]]
) -> list[list[list[str]]]:
    """Each tagger's tags of every word of every sentence, in input order.

    The taggers share one `WordIds` (natasha's models share their vocabularies), so
    each batch's word and shape ids are computed once for all of them: they were
    a sixth of each tagger's time on bsnlp-ru."""
    ids = taggers[0].ids
    if any(t.ids is not ids for t in taggers):
        raise ValueError("taggers tagged together must share one WordIds")
    out: list[list[list[str]]] = [[[] for _ in sentences] for _ in taggers]
    for batch in length_sorted_batches(sentences):
        words = [sentences[i] for i in batch]
        encoded = ids.batch(words)
        for tagger, tagged in zip(taggers, out, strict=True):
            for i, tags in zip(batch, tagger.tag_batch(words, encoded), strict=True):
                tagged[i] = tags
    return out


def bio_spans(tokens: Sequence[tuple[int, int, str]], tags: Sequence[str]) -> Iterator[tuple[int, int, str]]:
    """Typed spans (start, end, type) from BIO tags, exactly as slovnet reads them:
    B opens a span, I extends the open one (whatever its type), O closes it."""
    kind: str | None = None
    start = end = 0
    for (token_start, token_end, _), tag in zip(tokens, tags, strict=True):
        part = tag[0]
        if part == "B":
            if kind:
                yield (start, end, kind)
            kind, start, end = tag[2:], token_start, token_end
        elif part == "I":
            end = token_end
        elif kind:  # O (or padding)
            yield (start, end, kind)
            kind = None
    if kind:
        yield (start, end, kind)


def conll_tag(tag: str) -> tuple[str, dict[str, str]]:
    """ "NOUN|Case=Nom|Gender=Masc" -> ("NOUN", {"Case": "Nom", "Gender": "Masc"})."""
    pos, _, rest = tag.partition("|")
    if not rest:
        return pos, {}
    return pos, dict(item.split("=", 1) for item in rest.split("|"))
