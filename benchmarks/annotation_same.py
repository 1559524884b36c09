"""Does this checkout store the same annotations as another commit? (the check for speed work)

    python benchmarks/annotation_same.py [--base REF] [--shared ../shared] [--articles N]
        [--corpus bsnlp-ru --corpus seeds --corpus tgcontest-dev] [--workers N] [--src DIR]

A change made for the annotator's speed must not change what it stores. This ingests
each corpus (`storyline ingest`, the real path: the process pool, the workers'
encoding, the writer) into new databases twice, once with `git archive REF` (default
`HEAD`: the last commit, so uncommitted edits are what is checked) and once with this
checkout's `src` (or a snapshot: `git archive HEAD src | tar -x -C DIR`, then `--src DIR/src`,
so edits made while it runs do not mix in), both under the same `PYTHONHASHSEED`, and
compares every row of the `annotations` table (article id, version and the stored bytes) and every article's
language. `benchmarks/export_same.py` compares the exports (what grouping and the
stories make of the annotations); this compares the annotations themselves, byte for
byte, on whole corpora. Corpora: bsnlp-ru (`--articles` lines, default all), the five
seeds, tgcontest-pairs dev (both texts of every pair, as articles). Prints one line per
corpus; on a difference, the first article and field where the two differ. Exit status 1
when any corpus differs.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export_same import HASH_SEED, checkout, first_difference  # noqa: E402  (benchmarks/export_same.py)

REPO = Path(__file__).resolve().parents[1]
CORPORA = ("bsnlp-ru", "seeds", "tgcontest-dev")

Rows = dict[str, tuple[str, bytes, str | None]]  # article id -> (version, stored bytes, lang)


def corpus_source(name: str, shared: Path, work: Path, articles: int | None) -> Path:
    """The file or directory `storyline ingest` reads for corpus `name`."""
    if name == "seeds":
        return shared / "seeds"
    if name == "bsnlp-ru":
        lines = (shared / "corpora" / "bsnlp-ru" / "articles.jsonl").read_text(encoding="utf-8")
        out = work / "bsnlp-ru.jsonl"
        out.write_text("".join(lines.splitlines(keepends=True)[:articles]), encoding="utf-8")
        return out
    if name == "tgcontest-dev":
        out = work / "tgcontest-dev.jsonl"
        with (
            (shared / "corpora" / "tgcontest-pairs" / "dev.jsonl").open(encoding="utf-8") as pairs,
            out.open("w", encoding="utf-8") as written,
        ):
            for line in pairs:
                pair = json.loads(line)
                for side in ("a", "b"):
                    article = {"id": f"{pair['pair_id']}-{side}", **pair[side]}
                    written.write(json.dumps(article, ensure_ascii=False) + "\n")
        return out
    raise SystemExit(f"unknown corpus {name!r} (known: {', '.join(CORPORA)})")


def stored(src: Path, source: Path, db: Path, workers: int | None) -> Rows:
    """Ingest `source` into the new database `db` with the code in `src`; its annotation rows."""
    env = dict(os.environ, PYTHONPATH=str(src), PYTHONHASHSEED=HASH_SEED)
    command = [sys.executable, "-m", "storyline.cli", "ingest", str(source), "--db", str(db)]
    if workers is not None:
        command += ["--workers", str(workers)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"error: ingest failed with {src}: {done.stderr.strip()[-500:]}")
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT n.article_id, n.version, n.data, a.lang FROM annotations n JOIN articles a ON a.id = n.article_id"
        ).fetchall()
    return {str(i): (str(version), bytes(data), lang) for i, version, data, lang in rows}


def decoded(blob: bytes) -> Any:
    """A stored annotation as plain data, decoded by this checkout's codec."""
    from storyline.store import codec

    return dataclasses.asdict(codec.annotation_loads(blob))


def compare(base: Rows, this: Rows) -> str | None:
    """None when both stores hold the same rows, else where they first differ."""
    if base.keys() != this.keys():
        missing = sorted(base.keys() ^ this.keys())
        return f"article sets differ ({len(missing)} ids, first {missing[0]})"
    for article_id in sorted(base):
        if base[article_id] == this[article_id]:
            continue
        (version_a, blob_a, lang_a), (version_b, blob_b, lang_b) = base[article_id], this[article_id]
        if version_a != version_b or lang_a != lang_b:
            return f"{article_id}: version {version_a}/{version_b}, lang {lang_a}/{lang_b}"
        where = first_difference(decoded(blob_a), decoded(blob_b))
        return f"{article_id}: stored bytes differ (first at {where or 'the encoding only'})"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="HEAD", help="the commit to compare with (default HEAD)")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--articles", type=int, default=None, help="bsnlp-ru lines to ingest (default all)")
    parser.add_argument("--corpus", action="append", choices=CORPORA, help="corpora to check (default all)")
    parser.add_argument("--workers", type=int, default=None, help="storyline ingest --workers")
    parser.add_argument(
        "--src", type=Path, default=REPO / "src", help="the code to check (default this checkout's src)"
    )
    args = parser.parse_args()
    differ = False
    with tempfile.TemporaryDirectory(prefix="annotation-same-") as tmp:
        root = Path(tmp)
        base_src = checkout(args.base, root / "base")
        for name in args.corpus or CORPORA:
            source = corpus_source(name, args.shared, root, args.articles)
            base = stored(base_src, source, root / f"base-{name}.db", args.workers)
            this = stored(args.src, source, root / f"this-{name}.db", args.workers)
            where = compare(base, this)
            line = f"{name}: {len(base)} annotations, {args.base} and this checkout: "
            print(line + ("identical" if where is None else f"DIFFERENT: {where}"), flush=True)
            differ = differ or where is not None
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
