"""The models load without work a run does not use, and load the same models.

`nlp.news_embedding` reads natasha's news embedding without navec's similarity
tables, and the pymorphy2 dictionary is opened by path (no entry-point scan);
both must give exactly what natasha's own loaders give."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
from natasha import NewsEmbedding

from storyline.annotate.nlp import news_embedding, shared_vocab

WORDS = ("россия", "москва", "выборы", "президент", "<unk>", "<pad>")


def test_news_embedding_equals_natashas() -> None:
    ours, theirs = news_embedding(), NewsEmbedding()
    assert ours.meta == theirs.meta and ours.vocab.words == theirs.vocab.words
    assert np.array_equal(ours.pq.indexes, theirs.pq.indexes)
    assert np.array_equal(ours.pq.codes, theirs.pq.codes)
    for word in WORDS:
        assert np.array_equal(ours[word], theirs[word])
    # The similarity tables are built when asked for, the same as navec builds them.
    assert "norm" not in vars(ours.pq)
    assert ours.sim("россия", "москва") == theirs.sim("россия", "москва")
    assert np.array_equal(ours.pq.norm, theirs.pq.norm)
    assert np.array_equal(ours.pq.ab, theirs.pq.ab)


def test_vocab_is_pymorphys_russian_dictionary() -> None:
    import pymorphy2

    ours, theirs = shared_vocab(), pymorphy2.MorphAnalyzer(lang="ru")
    assert ours.lang == "ru" and ours.dictionary.path == theirs.dictionary.path
    assert [p.normal_form for p in ours.parse("стали")] == [p.normal_form for p in theirs.parse("стали")]


def test_loading_the_annotator_scans_no_entry_points() -> None:
    code = (
        "import sys\n"
        "from storyline.annotate.pool import prepare\n"
        "prepare(warm_language=False)\n"
        "print('pkg_resources' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# A one-article process annotates without the warm-up text (`pool.prepare(warm_up=False)`).
ONE_ARTICLE = """
import sys
from storyline.annotate.pool import annotate_parallel
from storyline.model import Article
article = Article(id="a", text=sys.stdin.read(), published="2021-03-04")
[(_, annotation)] = annotate_parallel([article], workers=1)
print(repr(annotation))
"""

TEXT = (
    "Правительство выделит 2,5 млрд рублей на ремонт дорог в Тверской области, сообщил 3 марта"
    " губернатор Игорь Руденя. «Работы начнутся в апреле», — сказал он журналистам."
)


def test_an_article_annotated_without_warm_up_equals_one_after_it() -> None:
    from storyline.annotate.pool import prepare
    from storyline.model import Article

    warmed = prepare()  # annotated WARM_UP first
    expected = repr(warmed.annotate(Article(id="a", text=TEXT, published="2021-03-04")))
    out = subprocess.run(
        [sys.executable, "-c", ONE_ARTICLE], input=TEXT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == expected
