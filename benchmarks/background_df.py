"""A background document frequency table for the thread decision's IDF, built at run time.

The texts are corpora shipped in /work/shared that are not grouped by the thread benchmarks:
NEREL train and dev (news, 840 documents) and factRuEval-2016 devset (122). Their held-out
parts (NEREL test, factRuEval testset) are not read. Each document is tokenised with razdel
and every word lemmatised with pymorphy2's most likely reading (lower case, ``ё`` as ``е``:
the keys of `storyline.group.features`); a lemma counts once per document. The table is
never written into the repository; pass ``cache`` to keep it in a scratch file.

Use: ``dataclasses.replace(params, thread_background=load_background(shared),
thread_background_docs=N)`` (`Params.thread_background_docs`).
"""

from __future__ import annotations

import pickle
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from storyline.group.vocab import Background  # noqa: E402

# Folders of .txt documents under /work/shared/corpora (held-out parts left out).
SOURCES = ("nerel/train", "nerel/dev", "factrueval-2016/devset")


def texts(shared: Path) -> list[str]:
    out = []
    for folder in SOURCES:
        for path in sorted((shared / "corpora" / folder).glob("*.txt")):
            out.append(path.read_text(encoding="utf-8", errors="replace"))
    return out


def document_frequencies(documents: list[str]) -> Background:
    from storyline.annotate.nlp import ensure_pymorphy_compat  # natasha's loader: only when building

    ensure_pymorphy_compat()
    from pymorphy2 import MorphAnalyzer
    from razdel import tokenize

    morph = MorphAnalyzer()
    lemma_of: dict[str, str] = {}
    df: Counter[str] = Counter()
    for text in documents:
        seen = set()
        for token in tokenize(text):
            word = token.text.lower().replace("ё", "е")
            if not word.isalpha():
                continue
            lemma = lemma_of.get(word)
            if lemma is None:
                lemma = morph.parse(word)[0].normal_form.replace("ё", "е")
                lemma_of[word] = lemma
            seen.add(lemma)
        df.update(seen)
    return Background(df=dict(df), docs=len(documents))


def load_background(shared: Path, cache: Path | None = None) -> Background:
    """The background table of `SOURCES` (read from / written to `cache` if given)."""
    if cache is not None and cache.exists():
        with cache.open("rb") as fh:
            return pickle.load(fh)  # type: ignore[no-any-return]  # noqa: S301 (our own file)
    background = document_frequencies(texts(shared))
    if cache is not None:
        with cache.open("wb") as fh:
            pickle.dump(background, fh)
    return background


if __name__ == "__main__":
    table = load_background(REPO.parent / "shared")
    print(f"{table.docs} documents, {len(table.df)} lemmas")
