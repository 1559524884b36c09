"""Quotes found, speaker right and entity roles on quote-only gold (benchmarks/quote_gold).

A quote gold (``NAME.quotes.json``) lists bsnlp-ru article ids (``articles``; ``a01`` is
the first; ``tgcontest-PAIR-a``/``-b`` names one side of a tgcontest-pairs dev pair,
``factrueval-book_N`` a FactRuEval-2016 devset text, ``nerel-dev-N_text`` / ``nerel-train-N_text`` a NEREL dev / train text), the entities that carry a role (``{name, type, desc}``) and the quotes
(``{in, speaker, contains}``). The measures are the ones of the shared
``score_story.py``, restricted to the article the quote was read in:

* ``quotes_found``: some quote of article ``in`` has a text holding ``contains``;
* ``quotes_speaker``: the first such quote's ``speaker_text``, the canonical name of its
  linked speaker entity, or its ``speaker_label`` (what a reader is shown: `Кремль` for
  `в Кремле заявили`) holds the gold stem ``speaker`` (lowercased, ё as е);
* ``quotes_speaker_alias``: the same, but a speaker also counts when the gold stem names it
  through the project's own name keys, symmetrically: the stem is in one of the linked
  entity's ``aliases`` (the surface names the export merged into it: `ФБР` for `Федеральное
  бюро расследований`), or one side is an acronym of the other (`group.names.acronym`:
  `фбр` / `Федеральное бюро расследований`, either way round), or both spell one Latin
  acronym (`group.names.spelled_key`: `bbc` / `Би-би-си`). Reported beside the stem score so
  that a scorer change is never read as a gain;
* ``entity_roles``: an exported entity with the gold's canonical name has a description
  holding the gold's ``desc`` stem.

The articles are ingested into a fresh SQLite database and run through the whole
pipeline, as `eval_story_gold.py` does. ``--check`` only verifies the golds against the
corpus (every needle in its article, lowercase stems, no entity twice) and exits non-zero
on the first problem. ``--errors`` prints every miss, for reading.

Run: ``python benchmarks/eval_quote_gold.py [--gold-dir DIR] [--story-dir DIR ...] [--only NAME] [--exclude NAME] [--check] [--errors] [--json OUT]``.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from storyline.export.json import write_json  # noqa: E402
from storyline.group.names import acronym, fold, looks_like_acronym, spelled_key  # noqa: E402
from storyline.ingest import ingest  # noqa: E402
from storyline.pipeline import process  # noqa: E402
from storyline.store import open_store  # noqa: E402

FIELDS = ("quotes_found", "quotes_speaker", "quotes_speaker_alias", "entity_roles")


def low(text: str | None) -> str:
    return (text or "").lower().replace("ё", "е")


def load_golds(
    folder: Path, story_dirs: list[Path], only: list[str], exclude: list[str] | None = None
) -> dict[str, dict[str, Any]]:
    """The quote golds of `folder`, then the story golds (``NAME.gold.json`` with
    ``NAME.ids.txt`` or ``NAME.jsonl`` beside it) of `story_dirs`, scored the same way.
    A name in `exclude` is never read (a held-out gold stays unopened)."""
    golds = {}
    skip = set(exclude or [])
    for path in sorted(folder.glob("*.quotes.json")):
        name = path.name.removesuffix(".quotes.json")
        if name in skip:
            continue
        if not only or name in only:
            golds[name] = json.loads(path.read_text(encoding="utf-8"))
    for story_dir in story_dirs:
        for path in sorted(story_dir.glob("*.gold.json")):
            name = path.name.removesuffix(".gold.json")
            ids, jsonl = path.with_name(f"{name}.ids.txt"), path.with_name(f"{name}.jsonl")
            if (only and name not in only) or name in skip:
                continue
            gold = json.loads(path.read_text(encoding="utf-8"))
            if ids.exists():
                gold["articles"] = ids.read_text(encoding="utf-8").split()
            elif jsonl.exists():
                gold["jsonl"] = str(jsonl)
                gold["articles"] = [json.loads(line)["id"] for line in jsonl.open(encoding="utf-8")]
            else:
                continue
            golds[name] = gold
    return golds


# A tgcontest-pairs text is named `tgcontest-PAIR_ID-a` or `-b` (one side of a dev pair).
TGCONTEST_PREFIX = "tgcontest-"


def tgcontest_rows(shared: Path, wanted: set[str]) -> dict[str, str]:
    """The `wanted` sides of the tgcontest-pairs dev file (only that file), as article rows."""
    lines: dict[str, str] = {}
    path = shared / "corpora" / "tgcontest-pairs" / "dev.jsonl"
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            pair = json.loads(line)
            for side in ("a", "b"):
                key = f"{TGCONTEST_PREFIX}{pair['pair_id']}-{side}"
                if key in wanted and side in pair:
                    doc = pair[side]
                    host = doc["url"].split("/")[2] if "//" in doc["url"] else ""
                    row = {"id": key, "source": host, "url": doc["url"], "title": doc["title"]}
                    row["text"] = doc["text"]
                    lines[key] = json.dumps(row, ensure_ascii=False) + "\n"
    return lines


# Plain-text news of two NER corpora, named as `tests/corpus_records.py` names them:
# `factrueval-book_N` (FactRuEval-2016 devset only, never its testset) and
# `nerel-dev-N_text` / `nerel-train-N_text` (NEREL dev and train, never its test part). The files carry no date, so each
# gets one fixed, stable date (the quote measures do not depend on it).
TEXT_CORPORA = {
    "factrueval-": ("factrueval-2016", "devset"),
    "nerel-dev-": ("nerel", "dev"),
    "nerel-train-": ("nerel", "train"),
}
TEXT_DATE = "2020-01-01"


def text_rows(shared: Path, wanted: set[str]) -> dict[str, str]:
    """The `wanted` plain-text articles of FactRuEval devset / NEREL dev and train, as article rows."""
    lines: dict[str, str] = {}
    for key in wanted:
        for prefix, (corpus, part) in TEXT_CORPORA.items():
            path = shared / "corpora" / corpus / part / f"{key.removeprefix(prefix)}.txt"
            if key.startswith(prefix) and path.exists():
                text = path.read_text(encoding="utf-8")
                row = {"id": key, "source": corpus, "text": text, "published": TEXT_DATE}
                lines[key] = json.dumps(row, ensure_ascii=False) + "\n"
    return lines


def corpus_rows(shared: Path, ids: list[str]) -> dict[str, str]:
    wanted, lines = set(ids), {}
    with (shared / "corpora" / "bsnlp-ru" / "articles.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["id"] in wanted:
                lines[row["id"]] = line if line.endswith("\n") else line + "\n"
    tg = {i for i in wanted if i.startswith(TGCONTEST_PREFIX)}
    if tg:
        lines.update(tgcontest_rows(shared, tg))
    plain = {i for i in wanted if i.startswith(tuple(TEXT_CORPORA))}
    if plain:
        lines.update(text_rows(shared, plain))
    missing = [i for i in ids if i not in lines]
    if missing:
        raise SystemExit(
            f"error: ids not in bsnlp-ru, tgcontest-pairs dev, factrueval devset or nerel dev/train: {', '.join(missing[:5])}"
        )
    return lines


def _abbreviation_of(short: str, name: str) -> bool:
    """`short` (as written) is an acronym and `name` (two or more content words) spells it."""
    return looks_like_acronym(short) and acronym(fold(name)) == fold(short).replace(" ", "")


def _spelled(text: str) -> str | None:
    """`spelled_key` for a stem or a name: a Latin stem is an acronym in capitals."""
    return spelled_key(text.upper() if text.isascii() else text)


def alias_match(stem: str, forms: list[str], expansions: dict[str, list[str]] | None = None) -> bool:
    """The gold stem names one of the shown `forms` (speaker words, linked entity name and
    its aliases, label) by the project's name keys, whichever side is the short one:
    `expansions` maps a folded acronym to the export's entity names that spell it, so a
    stem of the long name (`федеральн`) meets a shown acronym (`ФБР`) too."""
    if not stem:
        return False
    spelled = _spelled(stem) if looks_like_acronym(stem.upper()) else None
    for form in forms:
        if not form:
            continue
        if stem in low(form):
            return True
        if _abbreviation_of(stem.upper(), form) or _abbreviation_of(form, stem):
            return True
        if spelled and _spelled(form) == spelled:
            return True
        if looks_like_acronym(form) and expansions:
            if any(stem in low(name) for name in expansions.get(fold(form).replace(" ", ""), [])):
                return True
    return False


def acronym_index(entities: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Folded acronym -> the exported entity names (and aliases) of two or more words spelling it."""
    index: dict[str, list[str]] = {}
    for e in entities:
        for name in [e["name"], *e.get("aliases", [])]:
            key = acronym(fold(name))
            if key:
                index.setdefault(key, []).append(name)
    return index


def key_of(index: int) -> str:
    return f"a{index + 1:02d}"


def check(name: str, gold: dict[str, Any], shared: Path) -> list[str]:
    """Every problem of one gold, as readable lines (empty when it is sound)."""
    if "jsonl" in gold:
        return []
    ids = list(gold["articles"])
    rows = corpus_rows(shared, ids)
    texts = {key_of(i): json.loads(rows[a])["text"] for i, a in enumerate(ids)}
    problems = []
    if len(set(ids)) != len(ids):
        problems.append(f"{name}: an article id is listed twice")
    names = [low(e["name"]) for e in gold["entities"]]
    if len(set(names)) != len(names):
        problems.append(f"{name}: an entity is listed twice")
    for ent in gold["entities"]:
        if ent["type"] not in ("PER", "ORG", "LOC"):
            problems.append(f"{name}: {ent['name']}: unknown type {ent['type']}")
        if ent["desc"] is not None and ent["desc"] != low(ent["desc"]):
            problems.append(f"{name}: {ent['name']}: desc is not a lowercase stem")
    for q in gold["quotes"]:
        if "in" not in q:
            continue
        if q["in"] not in texts:
            problems.append(f"{name}: quote in unknown article {q['in']}")
        elif q["contains"] not in texts[q["in"]]:
            problems.append(f"{name}: {q['in']} does not hold {q['contains']!r}")
        if q["speaker"] != low(q["speaker"]) or not q["speaker"]:
            problems.append(f"{name}: speaker {q['speaker']!r} is not a lowercase stem")
    return problems


def export_gold(gold: dict[str, Any], shared: Path, workdir: Path, name: str) -> dict[str, Any]:
    if "jsonl" in gold:
        source = Path(gold["jsonl"])
    else:
        rows = corpus_rows(shared, list(gold["articles"]))
        source = workdir / f"{name}.jsonl"
        source.write_text("".join(rows[i] for i in gold["articles"]), encoding="utf-8")
    with open_store(workdir / f"{name}.db") as store:
        ingest(store, [str(source)])
        process(store)
        buffer = io.StringIO()
        write_json(store, buffer)
    return json.loads(buffer.getvalue())  # type: ignore[no-any-return]


def score(export: dict[str, Any], gold: dict[str, Any]) -> tuple[dict[str, float], list[str]]:
    """The three measures, and one line per miss."""
    by_id = {a["id"]: a for a in export["articles"]}
    names = {e["id"]: low(e["name"]) for e in export["entities"]}
    aliases = {e["id"]: [e["name"], *e.get("aliases", [])] for e in export["entities"]}
    expansions = acronym_index(export["entities"])
    misses: list[str] = []
    found = right = right_alias = 0
    for q in gold["quotes"]:
        if "in" in q:
            article = by_id.get(gold["articles"][int(q["in"][1:]) - 1])
            quotes = article["quotes"] if article else []
        else:  # a story gold: the first article (in reading order) whose quote holds it
            quotes = [x for i in gold["articles"] if i in by_id for x in by_id[i]["quotes"]]
        hits = [x for x in quotes if q["contains"] in x["text"]]
        if not hits:
            misses.append(f"  not found  {q.get('in', '')} [{q['speaker']}] {q['contains']}")
            continue
        found += 1
        # What the reader is shown: the words as written, the linked entity's name and the
        # label (`Кремль` for `в Кремле заявили`: a place acting as the body seated there).
        spk = " ".join(
            (
                low(hits[0].get("speaker_text")),
                names.get(hits[0].get("speaker_entity_id") or "", ""),
                low(hits[0].get("speaker_label")),
            )
        )
        forms = [
            hits[0].get("speaker_text") or "",
            hits[0].get("speaker_label") or "",
            *aliases.get(hits[0].get("speaker_entity_id") or "", []),
        ]
        if q["speaker"] in spk or alias_match(q["speaker"], forms, expansions):
            right_alias += 1
        if q["speaker"] in spk:
            right += 1
        else:
            misses.append(
                f"  speaker    {q.get('in', '')} want {q['speaker']!r} got {spk.strip()!r}: {q['contains']}"
            )
    by_name: dict[str, list[dict[str, Any]]] = {}
    for e in export["entities"]:
        by_name.setdefault(low(e["name"]), []).append(e)
    roles = [e for e in gold["entities"] if e["desc"]]
    role_ok = 0
    for g in roles:
        exact = by_name.get(low(g["name"]), [])
        if any(g["desc"] in low(d) for e in exact for d in e["descriptions"]):
            role_ok += 1
        else:
            got = [d for e in exact for d in e["descriptions"]] if exact else "no such entity"
            misses.append(f"  role       {g['name']} want {g['desc']!r} got {got}")
    n = len(gold["quotes"])
    return {
        "quotes_found": round(found / n, 4) if n else 1.0,
        "quotes_speaker": round(right / n, 4) if n else 1.0,
        "quotes_speaker_alias": round(right_alias / n, 4) if n else 1.0,
        "entity_roles": round(role_ok / len(roles), 4) if roles else 1.0,
    }, misses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--gold-dir", type=Path, default=REPO / "benchmarks" / "quote_gold")
    parser.add_argument(
        "--story-dir",
        type=Path,
        action="append",
        default=[],
        help="also score the quotes and roles of the story golds here",
    )
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument(
        "--exclude", action="append", default=[], help="leave this gold out unread (repeatable)"
    )
    parser.add_argument("--check", action="store_true", help="only verify the golds against the corpus")
    parser.add_argument("--errors", action="store_true", help="print every miss")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args()
    golds = load_golds(args.gold_dir, args.story_dir, args.only, args.exclude)
    if not golds:
        print(f"error: no *.quotes.json gold in {args.gold_dir}", file=sys.stderr)
        return 2
    problems = [p for name, gold in golds.items() for p in check(name, gold, args.shared)]
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    if args.check:
        print(f"{len(golds)} quote golds sound")
        return 0
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="storyline-quote-gold-") as tmp:
        for name, gold in golds.items():
            measures, misses = score(export_gold(gold, args.shared, Path(tmp), name), gold)
            results[name] = measures
            measures["quotes"] = len(gold["quotes"])
            print(f"{name:24s} " + "  ".join(f"{k} {v:.3f}" for k, v in measures.items() if k != "quotes"))
            if args.errors:
                print("\n".join(misses))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
