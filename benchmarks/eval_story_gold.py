"""Score story intelligence against hand-made story gold.

For each gold story (``NAME.gold.json``) the script ingests the story's
articles into a fresh SQLite database, runs the whole pipeline (annotate,
group, build stories), exports contract-v1 JSON and scores it with the
shared scorer ``score_story.py`` (imported from the gold directory, never
copied), then prints the per-field figures per story and writes a JSON result.

Where a story's articles come from, first match wins:

1. ``NAME.jsonl`` beside the gold;
2. ``NAME.ids.txt`` beside the gold (one article id a line), or an
   ``articles`` list of ids in the gold itself: the lines of
   ``bsnlp-ru/articles.jsonl`` with those ids, in the order given;
3. for the ``seeds`` gold, the five seed texts in ``../shared/seeds``.

Run::

    python benchmarks/eval_story_gold.py [--shared PATH] [--gold-dir DIR ...]
        [--only NAME ...] [--keep DIR] [--json OUT]

``--keep DIR`` keeps one database per story there; a later run with the same
annotator version then reuses the stored annotations and only rebuilds
threads, stories and entities (fast iteration on ``story/``).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from storyline.export.json import write_json  # noqa: E402
from storyline.ingest import ingest  # noqa: E402
from storyline.pipeline import process, recluster  # noqa: E402
from storyline.store import open_store  # noqa: E402

SHARED_GOLDS = ("brexit-chequers", "asia-bibi-acquittal", "seeds")
# The measures a reader cares about, in the order they are printed.
FIELDS = (
    "seeds_found",
    "one_story",
    "gold_in_main_story",
    "entities_canonical",
    "entity_roles",
    "timeline_recall",
    "timeline_precision",
    "timeline_events",
    "facts_recall",
    "facts_status",
    "quotes_found",
    "quotes_speaker",
    "repeated_recall",
    "new_precision",
    "dates_resolved",
    "overall",
)


class GoldError(Exception):
    """A gold story whose articles cannot be found."""


@dataclass
class GoldStory:
    name: str
    gold_path: Path
    scorer_dir: Path


def find_golds(dirs: Iterable[Path], default_scorer: Path) -> list[GoldStory]:
    """Every ``*.gold.json`` of the given directories, in name order per directory.

    A directory without a ``score_story.py`` of its own is scored with `default_scorer`'s."""
    found = []
    for folder in dirs:
        scorer_dir = folder if (folder / "score_story.py").exists() else default_scorer
        for path in sorted(folder.glob("*.gold.json")):
            found.append(GoldStory(path.name.removesuffix(".gold.json"), path, scorer_dir))
    return found


def _bsnlp_lines(shared: Path, ids: list[str]) -> list[str]:
    wanted = set(ids)
    by_id: dict[str, str] = {}
    with (shared / "corpora" / "bsnlp-ru" / "articles.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["id"] in wanted:
                by_id[row["id"]] = line if line.endswith("\n") else line + "\n"
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise GoldError(f"ids not in bsnlp-ru/articles.jsonl: {', '.join(missing[:5])}")
    return [by_id[i] for i in ids]


def article_source(story: GoldStory, shared: Path, workdir: Path) -> Path:
    """A file or directory that `storyline ingest` reads the story's articles from."""
    folder = story.gold_path.parent
    jsonl = folder / f"{story.name}.jsonl"
    if jsonl.exists():
        return jsonl
    ids_file = folder / f"{story.name}.ids.txt"
    ids: list[str] = []
    if ids_file.exists():
        ids = [line.strip() for line in ids_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    else:
        ids = list(json.loads(story.gold_path.read_text(encoding="utf-8")).get("articles") or [])
    if ids:
        out = workdir / f"{story.name}.jsonl"
        out.write_text("".join(_bsnlp_lines(shared, ids)), encoding="utf-8")
        return out
    if story.name == "seeds" and (shared / "seeds").is_dir():
        return shared / "seeds"
    raise GoldError(f"{story.name}: no {jsonl.name}, no {ids_file.name} and no 'articles' list in the gold")


def _scorer(scorer_dir: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_story", scorer_dir / "score_story.py")
    if spec is None or spec.loader is None:
        raise GoldError(f"no score_story.py in {scorer_dir}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def export_story(source: Path, db_path: Path) -> dict[str, Any]:
    """Ingest `source` into the database at `db_path` (reusing what it holds) and export it."""
    reuse = db_path.exists()
    with open_store(db_path) as store:
        if reuse:
            recluster(store)
        else:
            ingest(store, [str(source)])
        process(store)
        buffer = io.StringIO()
        write_json(store, buffer)
    return json.loads(buffer.getvalue())  # type: ignore[no-any-return]


def score_export(export: dict[str, Any], story: GoldStory) -> dict[str, float]:
    gold = json.loads(story.gold_path.read_text(encoding="utf-8"))
    with contextlib.redirect_stdout(io.StringIO()):  # the scorer prints its lines; we print our own table
        result = _scorer(story.scorer_dir).score(export, gold)
    return {k: float(v) for k, v in result.items()}


def evaluate(story: GoldStory, shared: Path, keep: Path | None = None) -> dict[str, Any]:
    """The scorer's figures for one gold story, plus the export itself under ``_export``."""
    with tempfile.TemporaryDirectory(prefix="story-gold-") as tmp:
        work = Path(tmp)
        db_dir = keep if keep is not None else work
        db_dir.mkdir(parents=True, exist_ok=True)
        source = article_source(story, shared, work)
        started = time.perf_counter()
        export = export_story(source, db_dir / f"{story.name}.db")
        seconds = time.perf_counter() - started
    scores: dict[str, Any] = score_export(export, story)
    scores["seconds"] = round(seconds, 2)
    scores["_export"] = export
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--gold-dir", type=Path, action="append", default=[], help="more gold directories")
    parser.add_argument("--only", action="append", default=[], help="score only these gold names")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) one database per story here")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args()
    shared_golds = args.shared / "corpora" / "story-gold"
    golds = [g for g in find_golds([shared_golds], shared_golds) if g.name in SHARED_GOLDS]
    golds += find_golds(args.gold_dir, shared_golds)
    if args.only:
        golds = [g for g in golds if g.name in args.only]
    if not golds:
        sys.exit("error: no gold story to score")
    results: dict[str, dict[str, Any]] = {}
    for story in golds:
        try:
            scores = evaluate(story, args.shared, args.keep)
        except GoldError as exc:
            print(f"error: {exc}", file=sys.stderr)
            continue
        scores.pop("_export")
        results[story.name] = scores
    names = list(results)
    width = max(len(n) for n in names) if names else 8
    print("field".ljust(20) + "  ".join(n.rjust(width) for n in names))
    for field in (*FIELDS, "seconds"):
        cells = []
        for n in names:
            value = results[n].get(field)
            cells.append(
                (
                    "-" if value is None else f"{value:.3f}" if field != "timeline_events" else f"{value:.0f}"
                ).rjust(width)
            )
        print(field.ljust(20) + "  ".join(cells))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
