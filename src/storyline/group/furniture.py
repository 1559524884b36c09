"""Site furniture in the headline slot: a title that is not the article's headline.

Crawled pages sometimes carry a site's banner where the headline should be ("Наш сайт
использует файлы Cookie...", "Регистрация пройдена успешно! Пожалуйста, перейдите по
ссылке...", "Ваш регион"). Such a title is the same string on many unrelated pages, so
two of them have a headline cosine of 1.0 and the headline rules (actors, subjects,
tenses) read the banner: in bsnlp-ru these pages bridged us_election_2020 threads and,
before the story pair check, fused two stories.

The signal is the grouper's own, no NLP and no list of phrases: the exact title string
(case, `ё` and spacing folded) was borne by at least `FURNITURE_BEARERS` earlier
articles, and fewer than `FURNITURE_SUPPORT` of its words (4+ letters, compared by their
first 5 letters) occur anywhere in this article's text. A wire report reprinted under
one headline repeats its headline's words in its text ("Глава МИД Великобритании Борис
Джонсон ушел в отставку", six bsnlp-ru copies, 0.67-1.0 of its words in each text); a
banner's words are mostly absent (0.0-0.54). Such an article is grouped as if it had no
title (its headline for readers is its first sentence); its annotation is untouched.

Title counts are kept by a hash of the folded title (`title_key`) in the grouper's
document-frequency rows (kind "b"), one row per distinct title.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re

from storyline.model import Article

# A title is furniture from its third bearer on: two copies of one headline are most
# often one report reprinted (bsnlp-ru: 20 titles borne by exactly two articles, all of
# them real headlines), while every banner of bsnlp-ru is borne by 3-16 articles
# ("Регистрация пройдена успешно!" 16, "Наш сайт использует файлы Cookie" 11, "Ваш
# регион" 4, an MSN browser notice 3). With 1 (from the second bearer on) the second
# copies of real headlines whose text paraphrases them would lose their headline too
# ("...оправдал «узницу совести» Асию Биби", 0.33 of its words in the copy's text).
FURNITURE_BEARERS = 2
# ...and under this share of its words are in the article's text. Measured on the
# bsnlp-ru titles borne by 3+ articles (read above, all articles, no pair labels): real
# headlines 0.67-1.0 in every copy, banners 0.0-0.54 (the cookie notice's "сайт",
# "информация", "данные" occur in long texts). Not tuned on pair F1.
FURNITURE_SUPPORT = 0.6
# Words shorter than this say little (prepositions, "вам"); stems of this length.
_MIN_WORD = 4
_STEM = 5
_WORD = re.compile(r"\w+", re.UNICODE)
_SPACE = re.compile(r"\s+")


def title_key(title: str) -> str:
    """A short key of the folded title (the count table's row key), "" for no title."""
    folded = _SPACE.sub(" ", title.lower().replace("ё", "е")).strip()
    if not folded:
        return ""
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=8).hexdigest()


def _stems(text: str) -> set[str]:
    return {w.lower().replace("ё", "е")[:_STEM] for w in _WORD.findall(text) if len(w) >= _MIN_WORD}


def title_support(article: Article) -> float:
    """Share of the title's words (4+ letters, 5-letter stems) found in the article's text."""
    words = _stems(article.title or "")
    if not words:
        return 1.0
    return len(words & _stems(article.text)) / len(words)


def is_furniture(article: Article, bearers: int) -> bool:
    """Is this title site furniture, given how many earlier articles bore it?"""
    return bearers >= FURNITURE_BEARERS and title_support(article) < FURNITURE_SUPPORT


def untitled(article: Article) -> Article:
    """The article as grouping sees it when its title is furniture: no title."""
    return dataclasses.replace(article, title="")
