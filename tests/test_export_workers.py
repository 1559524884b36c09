"""One process or a pool of workers, the stored result is the same: exports of
`storyline ingest --workers 1` and `--workers 2` of the same bsnlp-ru articles are
byte-identical (annotation batches, the parser's near-tie fallback and the streamed
grouping must not depend on how the work was shared out)."""

from __future__ import annotations

from pathlib import Path

from tests.test_cli import run

# More than two pool chunks (32 articles each), so the pool really runs with 2 workers.
SAMPLE = 70


def test_one_worker_and_two_give_the_same_export(tmp_path: Path, corpora: Path) -> None:
    lines = (corpora / "bsnlp-ru" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    source = tmp_path / "sample.jsonl"
    source.write_text("\n".join(lines[:: len(lines) // SAMPLE][:SAMPLE]) + "\n", encoding="utf-8")
    exports = []
    for workers in ("1", "2"):
        db, out = tmp_path / f"w{workers}.db", tmp_path / f"w{workers}.json"
        run("ingest", str(source), "--db", str(db), "--workers", workers)
        run("export", "--db", str(db), "-o", str(out))
        exports.append(out.read_bytes())
    assert exports[0] == exports[1]
    assert b'"stories"' in exports[0] and len(exports[0]) > 100_000
