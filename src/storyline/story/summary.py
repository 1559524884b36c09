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
from storyline.story.similarity import Idf

MAX_SENTENCES = 5
# Two summary sentences this similar (containment either way) tell the same
# thing; the seeds' background paraphrases score 0.6 and above against each other.
REDUNDANT = 0.45
# Sentence lengths a summary reads well with; shorter are fragments and
# headings, longer are run-ons from missing segmentation.
MIN_LEN, MAX_LEN = 40, 400
LEAD_BONUS = 1.0
DATED_BONUS = 0.3
UPDATED_BONUS = 0.3
TITLE_CHARS = 160


@dataclass
class Scored:
    info: SentenceInfo
    score: float
    support: int  # articles carrying this information


def _support(infos: Sequence[SentenceInfo], links: Mapping[tuple[str, int], list[tuple[str, int]]]) -> dict[tuple[str, int], int]:
    """For each first telling, the number of articles that carry its information."""
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
    return not head.startswith(("«", '"', "—", "„")) and not head.rstrip().endswith("?")


def score_sentences(
    ordered: Sequence[list[SentenceInfo]],
    marks: Mapping[tuple[str, int], SentenceNovelty],
    links: Mapping[tuple[str, int], list[tuple[str, int]]],
) -> list[Scored]:
    flat = [s for sentences in ordered for s in sentences]
    support = _support(flat, links)
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
            score += LEAD_BONUS if s.index == first_text else 0.0
            score += DATED_BONUS if any(d.value for d in s.dates) else 0.0
            score += UPDATED_BONUS if mark is not None and mark.novelty == "updated" else 0.0
            out.append(Scored(s, score, carried))
    return out


def pick_summary(scored: Sequence[Scored], idf: Idf, limit: int = MAX_SENTENCES) -> list[SentenceInfo]:
    """Greedy: best score first, skipping what restates a chosen sentence; reading order in the end."""
    chosen: list[SentenceInfo] = []
    for cand in sorted(scored, key=lambda c: (-c.score, c.info.position, c.info.index)):
        if len(chosen) >= limit:
            break
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
    sentences = [
        (" ".join(a.text[s.start : s.end].split()), Evidence(a.id, s.start, s.end))
        for a in articles
        if a.annotation is not None
        for s in a.annotation.sentences
    ]
    out: list[Evidence] = []
    rest = " ".join(summary.split())
    while rest:
        fits = [(t, ev) for t, ev in sentences if t and rest.startswith(t) and rest[len(t) : len(t) + 1] in ("", " ")]
        if not fits:
            return []
        text, ev = max(fits, key=lambda f: len(f[0]))
        out.append(ev)
        rest = rest[len(text) :].lstrip()
    return out


def make_title(articles: Sequence[Article], scored: Sequence[Scored], idf: Idf, infos: Mapping[str, list[SentenceInfo]]) -> str:
    """The most central headline; without headlines, the most carried sentence, compressed."""
    titled = [a for a in articles if a.title.strip()]
    if titled:
        content = {a.id: frozenset().union(*(s.content for s in infos.get(a.id, []))) for a in articles}
        best = max(titled, key=lambda a: (_title_centrality(a, articles, idf, content), -articles.index(a)))
        return _clean_title(best.title)
    if not scored:
        return ""
    top = _top_entities(infos)

    def centrality(c: Scored) -> float:
        named = {m.entity_id for m in c.info.entities if m.entity_id} & top
        return c.support + len(named) / max(1, len(top))

    best = max(scored, key=lambda c: (centrality(c), -c.info.position, -c.info.index))
    verbs = frozenset(t.text.lower() for t in best.info.verbs())
    return compress(best.info.text, verbs, limit=TITLE_CHARS).rstrip(".")


def _top_entities(infos: Mapping[str, list[SentenceInfo]], n: int = 5) -> set[str]:
    """The story's most mentioned entities: a title should name what the story is about."""
    counts: dict[str, int] = {}
    for sentences in infos.values():
        for s in sentences:
            for m in s.entities:
                if m.entity_id:
                    counts[m.entity_id] = counts.get(m.entity_id, 0) + 1
    return set(sorted(counts, key=lambda e: -counts[e])[:n])


_TIMESTAMP = re.compile(r"^\s*\d{1,2}[./]\d{1,2}[./]\d{2,4}(?:,?\s+\d{1,2}:\d{2})?\s*[:|—–-]?\s*")


def _clean_title(title: str) -> str:
    """A headline without the feed's timestamp ("09.07.2018 18:09 : …")."""
    cleaned = _TIMESTAMP.sub("", " ".join(title.split()))
    return cleaned or title.strip()


def _title_centrality(
    a: Article, articles: Sequence[Article], idf: Idf, content: Mapping[str, frozenset[str]]
) -> float:
    """Mean IDF-weighted share of the article's content that the other articles also carry."""
    own = content.get(a.id, frozenset())
    total = idf.mass(own)
    if not total:
        return 0.0
    shares = [idf.mass(own & content.get(o.id, frozenset())) / total for o in articles if o.id != a.id]
    return sum(shares) / len(shares) if shares else 0.0
