"""End to end: `storyline ingest` of bsnlp-ru against bare natasha, in one run.

    python benchmarks/end_to_end.py [--shared ../shared] [--workers N] [--dask tcp://HOST:PORT]
        [--local-dask N] [--skip-baseline] [--profile out.prof]

Measures, on `corpora/bsnlp-ru/articles.jsonl`:
- bare natasha: `Doc.segment` + `tag_morph` + `tag_ner` in this process, models
  preloaded (benchmarks/annotate.py's baseline, the reference issue #9 names);
- `storyline ingest FILE --db NEW.db` as a subprocess: read, annotate, group and
  build stories, model loading included, on every core (or `--workers N`, or a
  Dask cluster: `--dask ADDRESS`, or `--local-dask N` to start one on 127.0.0.1
  with N single-threaded workers for the run);
and prints both rates and their ratio (the target is 2.0 or more).
`--profile` runs the ingest under cProfile (slower; for finding where time goes).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dask_cluster import local_cluster  # noqa: E402  (benchmarks/dask_cluster.py)

from annotate import baseline, load_articles  # noqa: E402  (benchmarks/annotate.py)

REPO = Path(__file__).resolve().parents[1]


def ingest_command(source: Path, db: Path, args: argparse.Namespace) -> list[str]:
    storyline = shutil.which("storyline") or "storyline"
    command = [storyline, "ingest", str(source), "--db", str(db)]
    if args.profile:
        command = [
            sys.executable,
            "-m",
            "cProfile",
            "-o",
            str(args.profile),
            "-m",
            "storyline.cli",
            *command[1:],
        ]
    if args.workers is not None:
        command += ["--workers", str(args.workers)]
    return command


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument(
        "--workers", type=int, default=None, help="storyline ingest --workers (default: all cores)"
    )
    parser.add_argument("--dask", default=None, help="scheduler address of an existing Dask cluster")
    parser.add_argument("--local-dask", type=int, default=0, help="start a local cluster of N workers")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--profile", type=Path, default=None)
    args = parser.parse_args()
    source = args.shared / "corpora" / "bsnlp-ru" / "articles.jsonl"
    articles = load_articles(args.shared, None)
    count = len(articles)
    result: dict[str, object] = {"documents": count, "cores": os.cpu_count()}
    bare: tuple[float, float] | None = None  # (docs/s, CPU seconds)
    if not args.skip_baseline:
        rate, cpu = baseline(articles)
        bare = rate, cpu
        result["bare_natasha_docs_s"] = round(rate, 1)
        result["bare_natasha_cpu_ms"] = round(1000 * cpu / count)
        print(f"bare natasha: {rate:.1f} docs/s ({1000 * cpu / count:.0f} ms CPU per document)", flush=True)
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        command = ingest_command(source, Path(tmp) / "bench.db", args)
        address = args.dask
        if args.local_dask:
            address = stack.enter_context(local_cluster(args.local_dask, Path(tmp)))
        if address:
            command += ["--dask", address]
        started, cpu_before = time.perf_counter(), children_cpu()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        seconds, ingest_cpu = time.perf_counter() - started, children_cpu() - cpu_before
    if done.returncode:
        sys.exit(f"ingest failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    ingest_rate = count / seconds
    mode = " ".join(command[5:]) or "defaults"
    result |= {"ingest_s": round(seconds, 2), "ingest_docs_s": round(ingest_rate, 1), "mode": mode}
    result["ingest_cpu_ms"] = round(1000 * ingest_cpu / count)  # the CLI and its pool (not Dask workers)
    print(
        f"storyline ingest ({mode}): {seconds:.1f} s, {ingest_rate:.1f} docs/s,"
        f" {result['ingest_cpu_ms']} ms CPU per document in the CLI and its pool"
    )
    print(f"  {done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ''}")
    if bare is not None:
        ratio = ingest_rate / bare[0]
        result["ratio"] = round(ratio, 2)
        print(f"ratio to bare natasha: {ratio:.2f} (target >= 2.0)")
    if not address:
        # On a loaded machine wall times mostly measure the neighbours; CPU per document
        # less so. With every core busy the whole run, the ingest would reach this rate
        # (compare it with bare natasha's rate on an idle machine).
        cores = os.cpu_count() or 1
        bound = cores * count / max(1e-9, ingest_cpu)
        result["cpu_bound_docs_s"] = round(bound, 1)
        print(f"CPU-bound ingest rate ({cores} cores fully used): {bound:.1f} docs/s")
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
