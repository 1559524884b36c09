"""Title and extractive summary of a story.

The summary picks at most five sentences, each the *first* telling of its
information (never a repeated one), scored by how central the information is
(how many articles carry it), whether it opens its article (news leads say
what happened), and whether it reports a dated happening. A sentence too
close to one already chosen is skipped, so background is never told twice.
Every chosen sentence keeps its (article id, start, end).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storyline.model import Article, Evidence, SentenceNovelty
from storyline.story.compress import compress
from storyline.story.features import SentenceInfo
from storyline.story.furniture import dateline_length
from storyline.story.similarity import ArticleSpread, Idf

MAX_SENTENCES = 5
# Two summary sentences this similar (containment either way) tell the same
# thing; the seeds' background paraphrases score 0.6 and above against each other.
REDUNDANT = 0.45
# Sentence lengths a summary reads well with; shorter are fragments and
# headings, longer are run-ons from missing segmentation.
MIN_LEN, MAX_LEN = 40, 400
# At most this many sentences from one article: the first article tells most
# background first, and a summary of a story should span its sources.
PER_ARTICLE = 2
# Score = share of articles telling it + weights below. Set by reading the
# seeds' summary: with a lead bonus of 1.0 and no centrality the five leads won
# (one of them the consular hotline of a foreign ministry) and the appeal to
# the CSTO, told by four articles, did not make it.
LEAD_BONUS = 0.6
CENTRAL_WEIGHT = 0.5
DATED_BONUS = 0.2
UPDATED_BONUS = 0.3
# A summary should carry the story's key figures: a sentence giving a figure of
# the ledger (not a date) gains like a dated one. On the seeds this brings "150
# военных, 11 авто и 8 единиц бронетехники" into the summary; without it the
# five chosen sentences gave no figure at all (bsnlp Brexit likewise).
FIGURE_BONUS = 0.2
# A sentence leaning on the one before ("Затем …", "Он …", "Также …") reads
# badly out of its place; it may still win on centrality.
DEPENDENT_PENALTY = 0.4
# A summary should name the story's main actors: share of its five most
# mentioned entities a sentence names.
ENTITY_WEIGHT = 0.5
DEPENDENT_OPENERS = (
    "затем",
    "тогда",
    "потом",
    "также",
    "кроме того",
    "кроме этого",
    "при этом",
    "однако",
    "но ",
    "и ",
    "он ",
    "она ",
    "оно ",
    "они ",
    "его ",
    "ее ",
    "её ",
    "их ",
    "это ",
    "этот ",
    "эта ",
    "там ",
    "так,",
)
TITLE_CHARS = 160
# "Об этом заявил …", "о чём сообщает …": the sentence says who told the one before it,
# which a summary does not show (on bsnlp Brexit one such sentence opened the summary).
BACK_REFERENCE = re.compile(r"(?<!\w)(?:об этом|о ч[её]м|об этой|об этих)(?!\w)", re.IGNORECASE)


@dataclass
class Scored:
    info: SentenceInfo
    score: float
    support: int  # articles carrying this information
    lead: bool = False  # the first text sentence of its article


def _support(
    infos: Sequence[SentenceInfo], links: Mapping[tuple[str, int], list[tuple[str, int]]]
) -> dict[tuple[str, int], int]:
    """For each sentence, the number of articles that tell it: its own and those restating it.

    Direct restatements only: following chains (a restates b, b restates c)
    joined unrelated sentences on the seeds — a foreign ministry's hotline
    reached "told by all five articles"."""
    carriers: dict[tuple[str, int], set[str]] = {s.key: {s.article_id} for s in infos}
    for key, earlier in links.items():
        for e in earlier:
            if e in carriers:
                carriers[e].add(key[0])
    return {k: len(v) for k, v in carriers.items()}


def _eligible(s: SentenceInfo, mark: SentenceNovelty | None) -> bool:
    if s.kind != "text" or not MIN_LEN <= len(s.text.strip()) <= MAX_LEN:
        return False
    if mark is not None and mark.novelty == "repeated":
        return False
    head = s.text.lstrip()
    if head.startswith((".", ",", ";", ":", ")")) or BACK_REFERENCE.search(head):
        return False  # a piece cut off its sentence; "Об этом заявил …" tells only who said what came before
    return not head.startswith(("«", '"', "—", "„")) and not head.rstrip().endswith("?")


def article_content(ordered: Sequence[Sequence[SentenceInfo]]) -> dict[str, frozenset[str]]:
    """Every article's features, by article id (articles without sentences left out)."""
    return {
        sentences[0].article_id: frozenset().union(*(s.content for s in sentences))
        for sentences in ordered
        if sentences
    }


def _main_entities(sentences: Sequence[SentenceInfo], n: int = 5) -> set[str]:
    """The story's most mentioned entities (by id, else by name)."""
    counts: dict[str, int] = {}
    for s in sentences:
        for m in s.entities:
            key = m.entity_id or m.name
            counts[key] = counts.get(key, 0) + 1
    return set(sorted(counts, key=lambda k: (-counts[k], k))[:n])


def score_sentences(
    ordered: Sequence[list[SentenceInfo]],
    marks: Mapping[tuple[str, int], SentenceNovelty],
    links: Mapping[tuple[str, int], list[tuple[str, int]]],
    idf: Idf,
) -> list[Scored]:
    flat = [s for sentences in ordered for s in sentences]
    support = _support(flat, links)
    spread = ArticleSpread(article_content(ordered))
    top = _main_entities(flat)
    n_articles = max(1, len(ordered))
    out = []
    for sentences in ordered:
        first_text = next((s.index for s in sentences if s.kind == "text"), None)
        for s in sentences:
            mark = marks.get(s.key)
            if not _eligible(s, mark):
                continue
            carried = support.get(s.key, 1)
            score = (carried - 1) / max(1, n_articles - 1)
            score += CENTRAL_WEIGHT * spread.told_elsewhere(s.content, s.article_id, idf, s.weights)
            score += LEAD_BONUS if s.index == first_text else 0.0
            score += DATED_BONUS if any(d.value for d in s.dates) else 0.0
            score += UPDATED_BONUS if mark is not None and mark.novelty == "updated" else 0.0
            score += FIGURE_BONUS if s.quantities else 0.0
            score -= DEPENDENT_PENALTY if s.starts_with(*DEPENDENT_OPENERS) else 0.0
            named = {m.entity_id or m.name for m in s.entities} & top
            score += ENTITY_WEIGHT * len(named) / max(1, len(top))
            out.append(Scored(s, score, carried, s.index == first_text))
    return out


# Scores are compared to this many decimals. They are sums over sets of features, and a
# set's order (so the last bits of a float sum) changes with the process's hash seed:
# two sentences of equal score once came out in either order, so bsnlp-ru's exports
# differed between two runs of the same code. Real score differences are far above 1e-9.
SCORE_DIGITS = 9


def pick_summary(scored: Sequence[Scored], idf: Idf, limit: int = MAX_SENTENCES) -> list[SentenceInfo]:
    """Greedy: best score first, skipping what restates a chosen sentence; reading order in the end."""
    chosen: list[SentenceInfo] = []
    order = sorted(scored, key=lambda c: (-round(c.score, SCORE_DIGITS), c.info.position, c.info.index))
    for cand in order:
        if len(chosen) >= limit:
            break
        if sum(c.article_id == cand.info.article_id for c in chosen) >= PER_ARTICLE:
            continue
        if any(max(idf.cover(cand.info, c), idf.cover(c, cand.info)) >= REDUNDANT for c in chosen):
            continue
        chosen.append(cand.info)
    return sorted(chosen, key=lambda s: (s.position, s.index))


def summary_text(sentences: Sequence[SentenceInfo]) -> str:
    return " ".join(" ".join(s.text.split()) for s in sentences)


def summary_evidence(sentences: Sequence[SentenceInfo]) -> list[Evidence]:
    return [Evidence(s.article_id, s.start, s.end) for s in sentences]


def trace_summary(summary: str, articles: Sequence[Article]) -> list[Evidence]:
    """Recover the (article, start, end) of each summary sentence from the text alone.

    For readers of a stored story (markdown, terminal) that only have the
    summary string: every summary sentence is an article sentence verbatim
    (whitespace collapsed), so it is found again — the longest sentence that
    starts the rest of the summary, so a heading "Протесты в Казахстане" does
    not stand in for the sentence it begins. Empty if the summary is not ours."""
    sentences = []
    for a in articles:
        for s in a.annotation.sentences if a.annotation is not None else []:
            sentences.append((" ".join(a.text[s.start : s.end].split()), Evidence(a.id, s.start, s.end)))
            cut = dateline_length(a.text[s.start : s.end])
            if cut:  # the summary quotes the sentence without its dateline
                sentences.append(
                    (" ".join(a.text[s.start + cut : s.end].split()), Evidence(a.id, s.start + cut, s.end))
                )
    out: list[Evidence] = []
    rest = " ".join(summary.split())
    while rest:
        fits = [
            (t, ev)
            for t, ev in sentences
            if t and rest.startswith(t) and rest[len(t) : len(t) + 1] in ("", " ")
        ]
        if not fits:
            return []
        text, ev = max(fits, key=lambda f: len(f[0]))
        out.append(ev)
        rest = rest[len(text) :].lstrip()
    return out


def make_title(
    articles: Sequence[Article], scored: Sequence[Scored], idf: Idf, infos: Mapping[str, list[SentenceInfo]]
) -> str:
    """The most central headline; without headlines, the most carried sentence, compressed."""
    titled = [a for a in articles if a.title.strip()]
    if titled:
        spread = ArticleSpread(article_content([infos.get(a.id, []) for a in articles]))
        headline = max(titled, key=lambda a: (round(spread.mean_share(a.id, idf), 6), -articles.index(a)))
        return _clean_title(headline.title)
    leads = [c for c in scored if c.lead]
    if not leads:
        return ""
    spread = ArticleSpread(article_content(list(infos.values())))

    def carried(c: Scored) -> float:
        """Share of the lead's content that the story's other articles also tell."""
        return spread.told_elsewhere(c.info.content, c.info.article_id, idf, c.info.weights)

    best = max(leads, key=lambda c: (round(carried(c), 3), c.support, -c.info.position))
    verbs = frozenset(t.text.lower() for t in best.info.verbs())
    return compress(best.info.text, verbs, limit=TITLE_CHARS, keep_relative=True).rstrip(".")


_TIMESTAMP = re.compile(r"^\s*\d{1,2}[./]\d{1,2}[./]\d{2,4}(?:,?\s+\d{1,2}:\d{2})?\s*[:|—–-]?\s*")


# What a page glues after a headline: a clock time and what follows it ("… 21:49 &nbsp 9
# Января 2019 82", "… Вчера, 23:34"), or a bare counter of views or comments after a word
# in lower case ("… христианки 176"; "Boeing 737" keeps its number).
_TRAILING = re.compile(
    r"(?:\s+(?:вчера|сегодня)\s*,?)?\s+\d{1,2}:\d{2}(?:\s.*)?$|(?<=[а-яё»\"])\s+\d{2,}$", re.IGNORECASE
)

_LEADING_CLOCK = re.compile(r"^\d{1,2}:\d{2}\s+(?=[А-ЯЁA-Z«\"])")  # "18:20 Меркель назвала …"


def _clean_title(title: str) -> str:
    """A headline without the feed's timestamp ("09.07.2018 18:09 : …") or the page's trailer."""
    cleaned = " ".join(title.replace("&nbsp", " ").split())
    cleaned = _TIMESTAMP.sub("", cleaned)
    cleaned = _TRAILING.sub("", _LEADING_CLOCK.sub("", cleaned)).strip()
    return cleaned or title.strip()
