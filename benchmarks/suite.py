"""The benchmark suite: one command, every size, one table (not part of CI).

    python -m benchmarks.suite [--sizes 1000 10000 100000] [--db DIR | postgresql://…/bench_{size}]
        [--postgres] [--base bsnlp.db] [--store big100k.db] [--batch 40] [--requests 20] [--report docs/benchmarks.md] [--json]

Corpus: bsnlp-ru (../shared/corpora/bsnlp-ru), ingested and processed once by
the real pipeline (the base store), then scaled up synthetically to each size
by `serve_load.replay`: replica k of every article gets the id `ID~k` and its
dates shifted by k years, with its annotation, novelty, search rows, threads
and stories copied, so a size's store has real texts and real story sizes.

Per size and backend, measured in this run:
- ingest throughput: a batch of --batch bsnlp-ru articles, reworded (so not
  duplicates) and dated as in the corpus (they join the first replica's
  stories; ingest refuses years past 2100, which the replay reaches), stored, annotated and grouped
  by `ingest` + `process` in a fresh process with the models already loaded,
  as docs/s and as a ratio to bare natasha (segment + morph + NER, the issue's
  reference) on the same texts, also measured here;
- peak memory of that process (ru_maxrss);
- add-one-article latency: one more reworded article, ingested and processed
  in the same warm process; and once through the real `storyline ingest`
  command (a new process: model loading included, what a CLI user waits);
- story view and search ranking latency (p50/p95) in-process through the
  query layer on either backend (`query_latency.py`: uncached, no HTTP);
- story page, search and story list latency (p50/p95) under --clients
  concurrent clients against a live `storyline serve`, by `serve_load.py`
  (SQLite only: `storyline serve` reads SQLite files).

The SQLite stores live in --db DIR (default: a temporary folder). `--postgres`
also measures every size on PostgreSQL, on a throwaway cluster the suite starts
(initdb + pg_ctl on a free 127.0.0.1 port, as `tests/pg.py` does; as the
`postgres` user when run as root) and stops at the end: each replayed store is
copied into an empty database there by `storyline migrate`. `--db
postgresql://…/bench_{size}` instead uses a server of yours, `{size}` replaced
by each size (one empty database per size), and measures PostgreSQL only
(the copy is resumable: a database already holding the store's copy is checked
and topped up, not copied again). `--store PATH` measures a scaled-up SQLite
store built elsewhere (`benchmarks/big_store.py`'s 100k) for its one size
instead of replaying one; the SQLite measurements run on a copy of it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.annotate import baseline
from benchmarks.ingest_one import STORYLINE, article, timed
from benchmarks.query_latency import measure as query_latency
from benchmarks.serve_load import replay

if TYPE_CHECKING:
    from tests.pg import Cluster

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SIZES = [1_000, 10_000, 100_000]
# Articles ingested per size for the throughput figure: enough that the rate is
# not one article's noise (bsnlp-ru articles take ~0.1-0.3 s each), few enough
# that the suite's three sizes take minutes, not hours.
DEFAULT_BATCH = 40
# Replica years are 365 days apart (serve_load.py's and ingest_one.py's default).
SHIFT_DAYS = 365
# Texts bare natasha is run on before it is timed (its first documents pay for
# lazy initialisation, as the pipeline's warm-up does for ours).
NATASHA_WARM_UP = 3
# Marks around the suite's table in docs/benchmarks.md (replaced on --report).
BEGIN_MARK = "<!-- suite:begin -->"
END_MARK = "<!-- suite:end -->"
# bsnlp-ru articles used for the batch start here (the first few are ingest_one's).
BATCH_FIRST = 20

# Runs in a fresh process per size: models loaded and warmed first (not timed),
# then the batch, then one more article, each stored, annotated and grouped.
PROBE = """
import json, resource, sys, time
sys.path.insert(0, {src!r})
from storyline.annotate.pool import prepare
from storyline.ingest import ingest
from storyline.pipeline import process
from storyline.store import open_store
prepare()
with open_store({db!r}) as store:
    t0 = time.perf_counter()
    report = ingest(store, [{batch!r}])
    process(store, workers=1)
    t1 = time.perf_counter()
    ingest(store, [{one!r}])
    process(store, workers=1)
    t2 = time.perf_counter()
print(json.dumps({{"accepted": report.accepted, "batch_s": t1 - t0, "one_s": t2 - t1,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except OSError:
        mem_kb = 0
    return f"{cpu}, {os.cpu_count()} cores, {mem_kb / 1024 / 1024:.0f} GB RAM, Python {platform.python_version()}"


def build_base(shared: Path, target: Path) -> float:
    """bsnlp-ru through the real `storyline ingest` (stored, annotated, grouped); seconds."""
    started = time.perf_counter()
    source = shared / "corpora" / "bsnlp-ru" / "articles.jsonl"
    timed([STORYLINE, "ingest", str(source), "--db", str(target), "--workers", "1"])
    return time.perf_counter() - started


def mark_grouped(db: Path) -> None:
    """A replayed store was grouped without the pipeline: say it was grouped by this
    annotator, or the first `process` would regroup every article."""
    from storyline.annotate import VERSION
    from storyline.pipeline import GROUPED_WITH
    from storyline.store import open_store

    with open_store(db) as store, store.transaction():
        store.set_state(GROUPED_WITH, VERSION.encode())


def write_batch(shared: Path, folder: Path, years: int, size: int, count: int) -> tuple[Path, Path]:
    batch, one = folder / f"batch-{size}.jsonl", folder / f"one-{size}.jsonl"
    with batch.open("w", encoding="utf-8") as out:
        for n in range(count):
            record = article(shared, BATCH_FIRST + n, years, f"suite-{size}-{n}")
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    record = article(shared, BATCH_FIRST + count, years, f"suite-{size}-one")
    one.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return batch, one


def cli_one(shared: Path, folder: Path, db: str, years: int, size: int) -> float:
    record = article(shared, BATCH_FIRST - 1, years, f"suite-{size}-cli")
    path = folder / f"cli-{size}.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return timed([STORYLINE, "ingest", str(path), "--db", db, "--workers", "1"])[0]


def texts(batch: Path) -> list[object]:
    from storyline.model import Article

    rows = [json.loads(line) for line in batch.read_text(encoding="utf-8").splitlines()]
    return [Article(id=r["id"], text=r["text"], title=r.get("title", "")) for r in rows]


def web(db: Path, requests: int, clients: int) -> dict[str, dict[str, float]]:
    out = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "serve_load.py"),
            "--db",
            str(db),
            "--keep",
            str(db),
            "--requests",
            str(requests),
            "--clients",
            str(clients),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    return json.loads(out.stdout)["results"]  # type: ignore[no-any-return]


def run_size(
    args: argparse.Namespace,
    base: Path,
    folder: Path,
    size: int,
    natasha: float,
    cluster: Cluster | None,
) -> list[dict[str, object]]:
    """The rows of one size: SQLite (unless --db names a PostgreSQL server), then PostgreSQL."""
    local = args.store or folder / f"store-{size}.db"
    started = time.perf_counter()
    if not local.exists():
        replay(base, local, size, SHIFT_DAYS)
        mark_grouped(local)
    build_s = time.perf_counter() - started
    with sqlite3.connect(local) as conn:
        articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    work = folder / f"work-{size}"
    work.mkdir(exist_ok=True)
    common: dict[str, object] = {"size": size, "articles": articles, "build_s": round(build_s, 1)}
    rows = []
    if args.db and "://" in args.db:
        targets = [("postgresql", args.db.replace("{size}", str(size)))]
    else:
        targets = [("sqlite", str(work / "measured.db"))]
        if cluster is not None:
            targets.append(("postgresql", cluster.new_database(prefix=f"bench{size}_")))
    for backend, target in targets:
        if backend == "postgresql":
            started = time.perf_counter()
            timed([STORYLINE, "migrate", "--from", str(local), "--to", target])
            copy_s = time.perf_counter() - started
        else:  # measure on a copy: the replayed store stays reusable
            Path(target).unlink(missing_ok=True)
            with sqlite3.connect(local) as src, sqlite3.connect(target) as dst:
                src.backup(dst)
            copy_s = 0.0
        row = {**common, "backend": backend, "copy_s": round(copy_s, 1)}
        row.update(measure_store(args, work, target, size, natasha))
        if backend == "sqlite":
            results = web(local, args.requests, args.clients)
            row["story_page_ms"] = results["story page"]
            row["search_ms"] = results["search"]
            row["story_list_ms"] = results["story list"]
            Path(target).unlink(missing_ok=True)
        print(f"size {size} on {backend} done: {row}", file=sys.stderr)
        rows.append(row)
    return rows


def measure_store(
    args: argparse.Namespace, work: Path, target: str, size: int, natasha: float
) -> dict[str, object]:
    """Ingest, add-one and read latency on one store (a file or a URL)."""
    reads = query_latency(target)
    # dated as the corpus is (replica 0's years): ingest refuses years past 2100,
    # which the 100k replay's later replicas reach; the batch's reports join the
    # first replica's stories at every size alike
    batch, one = write_batch(args.shared, work, 0, size, args.batch)
    code = PROBE.format(src=str(REPO / "src"), db=target, batch=str(batch), one=str(one))
    probe = json.loads(timed([sys.executable, "-c", code])[1].splitlines()[-1])
    if probe["accepted"] != args.batch:
        raise SystemExit(f"size {size}: {probe['accepted']} of {args.batch} batch articles accepted")
    rate = probe["accepted"] / probe["batch_s"]
    return {
        "ingest_docs_s": round(rate, 2),
        "ratio_to_natasha": round(rate / natasha, 3),
        "peak_mb": round(probe["peak_mb"]),
        "add_one_warm_s": round(probe["one_s"], 2),
        "add_one_cli_s": round(cli_one(args.shared, work, target, 0, size), 2),
        "story_view_ms": reads["story_view_ms"],
        "search_rank_ms": reads["search_rank_ms"],
    }


@contextlib.contextmanager
def throwaway_cluster(wanted: bool) -> Iterator[Cluster | None]:
    """A PostgreSQL cluster of the suite's own (`tests/pg.py`), stopped and removed at the end."""
    if not wanted:
        yield None
        return
    import pytest
    from tests.pg import start_cluster

    try:
        cluster = start_cluster()
    except pytest.skip.Exception as exc:  # the binaries are missing: say so in one line
        raise SystemExit(f"error: {exc.msg}") from None
    print(f"PostgreSQL cluster on 127.0.0.1:{cluster.port} in {cluster.folder}", file=sys.stderr)
    try:
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(cluster.folder, ignore_errors=True)


def table(rows: list[dict[str, object]], head: dict[str, object]) -> str:
    def ms(value: object) -> str:
        if not isinstance(value, dict):
            return "—"
        return " / ".join(f"{v:.1f}" if v < 10 else f"{v:.0f}" for v in (value["p50"], value["p95"]))

    lines = [
        f"Suite run {head['date']} on {head['machine']}; load average {head['load']:.1f} at the start"
        f" and {head.get('load_end', head['load']):.1f} at the end;"
        f" bare natasha {head['natasha_docs_s']:.1f} docs/s on the batch; {head['clients']} clients.",
        "",
        "| articles | backend | ingest docs/s (× natasha) | peak MB | add one: warm / CLI s |"
        " story view p50 / p95 ms | search ranking p50 / p95 ms |"
        " HTTP story page p50 / p95 ms | HTTP search p50 / p95 ms | HTTP story list p50 / p95 ms |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {r['articles']:,} | {r.get('backend', 'sqlite')} | {r['ingest_docs_s']} ({r['ratio_to_natasha']}) |"
            f" {r['peak_mb']} | {r['add_one_warm_s']} / {r['add_one_cli_s']} |"
            f" {ms(r.get('story_view_ms'))} | {ms(r.get('search_rank_ms'))} |"
            f" {ms(r.get('story_page_ms'))} | {ms(r.get('search_ms'))} | {ms(r.get('story_list_ms'))} |"
        )
    return "\n".join(lines)


def write_report(path: Path, text: str) -> None:
    doc = path.read_text(encoding="utf-8")
    block = f"{BEGIN_MARK}\n{text}\n{END_MARK}"
    if BEGIN_MARK in doc and END_MARK in doc:
        doc = doc[: doc.index(BEGIN_MARK)] + block + doc[doc.index(END_MARK) + len(END_MARK) :]
    else:
        doc = doc.rstrip("\n") + "\n\n## Benchmark suite (`python -m benchmarks.suite`)\n\n" + block + "\n"
    path.write_text(doc, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=DEFAULT_SIZES)
    parser.add_argument("--db", help="folder for the SQLite stores, or a postgresql:// URL ({size} replaced)")
    parser.add_argument(
        "--postgres", action="store_true", help="measure on PostgreSQL too, on a throwaway cluster of its own"
    )
    parser.add_argument("--base", type=Path, help="a processed bsnlp-ru store (built when missing)")
    parser.add_argument(
        "--store",
        type=Path,
        help="an already scaled-up SQLite store to measure (one size: big_store.py's 100k copy)",
    )
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--batch", type=int, default=DEFAULT_BATCH)
    parser.add_argument("--requests", type=int, default=20, help="requests per client per web scenario")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--report", type=Path, help="write the table into this markdown file")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.store is not None and len(args.sizes) != 1:
        raise SystemExit("error: --store names the store of one size: give one --sizes")
    if shutil.which(STORYLINE) is None and not Path(STORYLINE).exists():
        raise SystemExit("error: the `storyline` command is not installed (pip install -e .)")
    folder = Path(args.db) if args.db and "://" not in args.db else Path(tempfile.mkdtemp(prefix="suite-"))
    folder.mkdir(parents=True, exist_ok=True)
    head: dict[str, object] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "load": os.getloadavg()[0],
        "clients": args.clients,
    }
    base = args.base or folder / "base.db"
    if args.store is None and not base.exists():  # the replays' source
        head["base_build_s"] = round(build_base(args.shared, base), 1)
    with tempfile.TemporaryDirectory() as tmp:
        sample, _ = write_batch(args.shared, Path(tmp), 0, 0, args.batch)
        docs = texts(sample)
        baseline(docs[:NATASHA_WARM_UP])  # type: ignore[arg-type]  # first calls allocate and compile
        head["natasha_docs_s"] = round(baseline(docs)[0], 2)  # type: ignore[arg-type]
    rows = []
    with throwaway_cluster(args.postgres) as cluster:
        for size in args.sizes:
            rows += run_size(args, base, folder, size, float(head["natasha_docs_s"]), cluster)  # type: ignore[arg-type]
    head["load_end"] = os.getloadavg()[0]
    text = table(rows, head)
    if args.report:
        write_report(args.report, text)
    print(json.dumps({"head": head, "rows": rows}, ensure_ascii=False, indent=2) if args.json else text)


if __name__ == "__main__":
    main()
