"""Exact-span NER quality of bare natasha versus storyline's entity stage.

Corpora (read from ``--shared``, default ``../shared`` next to the repo):

* FactRuEval-2016 devset: ``.spans`` give character offsets into ``.txt``;
  ``.objects`` group spans into objects. Person -> PER, Org -> ORG,
  Location and LocOrg -> LOC. An object's extent runs from its earliest span
  start to its latest span end. Place adjectives ("подмосковного", a LocOrg
  made of a ``geo_adj`` span) stay in: NEREL marks them as places too, and
  neither system tags them, so they cost both the same recall.
* NEREL dev (brat): PERSON -> PER, ORGANIZATION -> ORG; COUNTRY, CITY,
  STATE_OR_PROVINCE, DISTRICT, LOCATION -> LOC. FACILITY is left out: NEREL's
  facilities are mostly descriptions around a name ("памятник Пушкину", "Дом
  культуры"), which hide the person inside under the outermost rule and which
  no system here tags; mapping them to LOC lowered both systems (natasha LOC
  F1 0.775 -> 0.753, ours 0.794 -> 0.776). Discontinuous spans are dropped.

Both corpora are nested ("МИД России" is an organisation with a country
inside). Each corpus is scored twice:

* ``<corpus>``: only the outermost gold spans of our three types, against the
  outermost of each system's spans (what a flat tagger can find);
* ``<corpus>-nested``: every gold span of our types, nested ones included,
  against every span a system gives (storyline emits the place inside an
  organisation as a mention of its own; bare natasha is flat).

Two gold spans of one extent keep the first type, PER > ORG > LOC.

Canonical names are scored on bsnlp-ru, whose annotation gives each mention
string of an article with its base (nominative) form: for every mention we
find whose text is such a string, the name before in-article resolution must
equal the base. The baseline joins the tokens' lemmas (what a tagger alone
gives). The first ``NAME_DOCS`` articles are used.

Run: ``python benchmarks/eval_ner.py [--shared PATH] [--json] [--limit N] [--no-names]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
TYPES = ("PER", "ORG", "LOC")

Span = tuple[int, int, str]

FACTRUEVAL_TYPES = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}
NEREL_TYPES = {
    "PERSON": "PER",
    "ORGANIZATION": "ORG",
    "COUNTRY": "LOC",
    "CITY": "LOC",
    "STATE_OR_PROVINCE": "LOC",
    "DISTRICT": "LOC",
    "LOCATION": "LOC",
}


@dataclass
class Doc:
    id: str
    text: str
    nested: list[Span]  # every gold span of our types, nested ones included

    @property
    def gold(self) -> list[Span]:
        """The outermost gold spans: what a flat tagger can hope to find."""
        return outermost(self.nested)


def outermost(spans: Iterable[Span]) -> list[Span]:
    """Drop spans contained in another kept span; duplicates of one extent keep the first type."""
    rank = {t: i for i, t in enumerate(TYPES)}
    ordered = sorted(set(spans), key=lambda s: (s[0], -s[1], rank[s[2]]))
    kept: list[Span] = []
    for span in ordered:
        if any(k[0] <= span[0] and span[1] <= k[1] for k in kept):
            continue
        kept.append(span)
    return kept


def _dedupe(spans: Iterable[Span]) -> list[Span]:
    """One span per extent (the first type by PER > ORG > LOC), in text order."""
    rank = {t: i for i, t in enumerate(TYPES)}
    kept: dict[tuple[int, int], Span] = {}
    for span in sorted(set(spans), key=lambda s: (s[0], -s[1], rank[s[2]])):
        kept.setdefault((span[0], span[1]), span)
    return list(kept.values())


def read_factrueval(folder: Path) -> list[Doc]:
    docs = []
    for txt in sorted(folder.glob("*.txt")):
        text = txt.read_text(encoding="utf-8")
        spans: dict[str, tuple[int, int, str]] = {}
        for line in txt.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
            cols = line.split("#")[0].split()
            if len(cols) >= 4:
                start, length = int(cols[2]), int(cols[3])
                spans[cols[0]] = (start, start + length, cols[1])
        gold = []
        for line in txt.with_suffix(".objects").read_text(encoding="utf-8").splitlines():
            cols = line.split("#")[0].split()
            if len(cols) < 3 or cols[1] not in FACTRUEVAL_TYPES:
                continue
            parts = [spans[i] for i in cols[2:] if i in spans]
            if not parts:
                continue
            gold.append((min(p[0] for p in parts), max(p[1] for p in parts), FACTRUEVAL_TYPES[cols[1]]))
        docs.append(Doc(txt.stem, text, _dedupe(gold)))
    return docs


def read_nerel(folder: Path) -> list[Doc]:
    docs = []
    for ann in sorted(folder.glob("*.ann")):
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        gold = []
        for line in ann.read_text(encoding="utf-8").splitlines():
            if not line.startswith("T"):
                continue
            _, middle, _ = line.split("\t", 2)
            kind, _, offsets = middle.partition(" ")
            if kind not in NEREL_TYPES or ";" in offsets:
                continue
            start, end = map(int, offsets.split())
            gold.append((start, end, NEREL_TYPES[kind]))
        docs.append(Doc(ann.stem, text, _dedupe(gold)))
    return docs


def read_bsnlp(folder: Path) -> list[tuple[str, dict[str, tuple[str, str]]]]:
    """(text, {mention: (type, base)}) per article, PER/ORG/LOC only."""
    bases: dict[str, dict[str, tuple[str, str]]] = {}
    for line in (folder / "entities.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["type"] in TYPES:
            bases.setdefault(row["id"], {})[row["mention"]] = (row["type"], row["base"])
    out = []
    for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        out.append((row["text"], bases.get(row["id"], {})))
    return out


# (folder, reader, whether the gold marks place adjectives). NEREL marks them ("российские
# власти": COUNTRY; 80-90 % of the lower-case "российск-", "американск-", "московск-" words
# of its train part are gold places); FactRuEval does not (2 of the 170 place adjectives
# of its devset), so storyline's `derived` mentions are scored on NEREL only.
CORPORA: dict[str, tuple[str, Callable[[Path], list[Doc]], bool]] = {
    "factrueval": ("factrueval-2016/devset", read_factrueval, False),
    "nerel": ("nerel/dev", read_nerel, True),
}


def score(gold: list[list[Span]], pred: list[list[Span]]) -> dict[str, dict[str, float]]:
    """Exact-span precision, recall and F1 per type and micro-averaged."""
    out: dict[str, dict[str, float]] = {}
    for kind in (*TYPES, "micro"):
        tp = fp = fn = 0
        for g, p in zip(gold, pred, strict=True):
            gs = {s for s in g if kind == "micro" or s[2] == kind}
            ps = {s for s in p if kind == "micro" or s[2] == kind}
            tp += len(gs & ps)
            fp += len(ps - gs)
            fn += len(gs - ps)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[kind] = {"p": round(precision, 4), "r": round(recall, 4), "f1": round(f1, 4), "n": tp + fn}
    return out


def run_systems(docs: list[Doc], place_adjectives: bool = True) -> dict[str, list[list[Span]]]:
    """Spans from bare natasha (razdel sentences, raw slovnet) and from storyline (its
    place adjectives only if `place_adjectives`: the corpus's guideline marks them)."""
    sys.path.insert(0, str(REPO / "src"))
    from storyline.annotate.entities import extract_entities
    from storyline.annotate.nlp import NLP, razdel_sentences
    from storyline.annotate.segment import segment
    from storyline.model import Sentence

    nlp = NLP()
    bare_sents = [[Sentence(s, e) for s, e in razdel_sentences(d.text)] for d in docs]
    bare = nlp.parse_many([(d.text, s) for d, s in zip(docs, bare_sents, strict=True)])
    ours_parsed = nlp.parse_many([(d.text, segment(d.text)) for d in docs])
    ours = [
        [(m.start, m.end, m.type) for m in extract_entities(p, nlp) if place_adjectives or not m.derived]
        for p in ours_parsed
    ]
    return {"natasha": [list(p.ner) for p in bare], "storyline": ours}


def evaluate(shared: Path, limit: int | None = None) -> dict[str, dict[str, dict[str, dict[str, float]]]]:
    """{corpus: {system: {type: {p, r, f1, n}}}}."""
    results = {}
    for name, (sub, reader, adjectives) in CORPORA.items():
        docs = reader(shared / "corpora" / sub)[:limit]
        preds = run_systems(docs, adjectives)
        flat = [d.gold for d in docs]
        nested = [d.nested for d in docs]
        results[name] = {
            system: score(flat, [outermost(p) for p in spans]) for system, spans in preds.items()
        }
        results[f"{name}-nested"] = {system: score(nested, spans) for system, spans in preds.items()}
    return results


# 300 articles: enough for a stable figure (the first and second 150 differ by
# under 0.03), small enough for the quality gate to run in about a minute.
NAME_DOCS = 300


def evaluate_names(shared: Path, limit: int = NAME_DOCS) -> dict[str, float]:
    """Accuracy of canonical names against bsnlp-ru base forms: ours and token lemmas."""
    sys.path.insert(0, str(REPO / "src"))
    from storyline.annotate.entities import mention_names
    from storyline.annotate.names import match_case
    from storyline.annotate.ner_rules import Tokens
    from storyline.annotate.nlp import NLP
    from storyline.annotate.segment import segment

    articles = read_bsnlp(shared / "corpora" / "bsnlp-ru")[:limit]
    nlp = NLP()
    parsed = nlp.parse_many([(text, segment(text)) for text, _ in articles])
    n = ours = lemmas = 0
    for (text, bases), p in zip(articles, parsed, strict=True):
        toks = Tokens(p)
        for span, name in mention_names(p, nlp, toks):
            mention = text[span.start : span.end]
            # A place adjective is named after its place ("российских" -> Россия), not by
            # the nominative of its own words, which is what this measures.
            if mention not in bases or span.derived:
                continue
            base = bases[mention][1]
            tokens = toks.inside(span.start, span.end)
            joined = "".join(
                (match_case(t.text, t.lemma) if t.text[:1].isalpha() else t.text)
                + (text[t.end : tokens[i + 1].start] if i + 1 < len(tokens) else "")
                for i, t in enumerate(tokens)
            )
            n += 1
            ours += name == base
            lemmas += joined == base
    return {
        "n": n,
        "storyline": round(ours / n, 4) if n else 0.0,
        "lemmas": round(lemmas / n, 4) if n else 0.0,
    }


def table(results: dict[str, dict[str, dict[str, dict[str, float]]]]) -> str:
    lines = [f"{'corpus':<11} {'type':<6} {'n':>5}   {'natasha P/R/F1':<20} {'storyline P/R/F1':<20}"]
    for corpus, systems in results.items():
        for kind in (*TYPES, "micro"):
            cells = []
            for system in ("natasha", "storyline"):
                s = systems[system][kind]
                cells.append(f"{s['p']:.3f}/{s['r']:.3f}/{s['f1']:.3f}")
            n = int(systems["natasha"][kind]["n"])
            lines.append(f"{corpus:<11} {kind:<6} {n:>5}   {cells[0]:<20} {cells[1]:<20}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--json", action="store_true", help="print a machine-readable dict")
    parser.add_argument("--limit", type=int, default=None, help="documents per corpus (for quick runs)")
    parser.add_argument(
        "--no-names", action="store_true", help="skip the canonical-name accuracy on bsnlp-ru"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    results: dict[str, Any] = dict(evaluate(args.shared, args.limit))
    if not args.no_names:
        results["names"] = evaluate_names(args.shared, args.limit or NAME_DOCS)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    print(table({k: v for k, v in results.items() if k != "names"}))
    if "names" in results:
        names = results["names"]
        print(
            f"\nbsnlp-ru canonical names ({names['n']} mentions): "
            f"storyline {names['storyline']:.3f}, token lemmas {names['lemmas']:.3f}"
        )
    print(f"\n{time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    main()
