"""What crosses the annotation pool's process boundary, and how idle its workers sit.

    python benchmarks/pool_transfer.py [--source JSONL] [--articles 200] [--workers 2]

Two measures of `annotate/pool.py` during a real `Pipeline.process` (ingest of the
first `--articles` lines of `--source`, default bsnlp-ru, into a new SQLite store):

* transfer: per article, the bytes a worker sends back (the store's encoding of the
  annotation, `Encoding`), the worker's CPU to encode it, the parent's CPU to decode
  it, and what pickling the `Annotation` itself would cost on each side instead; all
  as a share of the annotation's own CPU per article (measured in the same workers);
* idle: each task's start and end on the system-wide monotonic clock, recorded in the
  workers; a worker's idle time is the sum of the gaps between its tasks (no chunk
  queued for it: the parent, which groups and stores, had not submitted the next one)
  plus its wait from pool start to its first chunk. Under load the gaps include waits
  for a core, so read them against the load average printed.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from storyline.annotate import pool  # noqa: E402
from storyline.ingest import ingest  # noqa: E402
from storyline.pipeline import Pipeline  # noqa: E402
from storyline.store import codec, open_store  # noqa: E402

DEFAULT_SOURCE = REPO.parent / "shared" / "corpora" / "bsnlp-ru" / "articles.jsonl"


def _instrumented(log: str, original):  # type: ignore[no-untyped-def]
    """`_annotate_chunk_encoded`, also writing (pid, start, end, cpu, encode cpu, ...) per task."""

    @functools.wraps(original)
    def task(dumps, articles):  # type: ignore[no-untyped-def]
        start, cpu = time.monotonic(), time.process_time()
        assert pool._annotator is not None
        done = pool.annotate_isolated(pool._annotator, articles)
        annotated = time.process_time()
        out = [r if isinstance(r, pool.Failure) else dumps(r) for r in done]
        encoded = time.process_time()
        pickled = [pickle.dumps(r, pickle.HIGHEST_PROTOCOL) for r in done]
        pickle_cpu = time.process_time() - encoded
        record = {
            "pid": os.getpid(),
            "start": start,
            "end": time.monotonic(),
            "n": len(articles),
            "annotate": annotated - cpu,
            "encode": encoded - annotated,
            "pickle": pickle_cpu,
            "bytes": sum(len(b) for b in out if isinstance(b, bytes)),
            "pickle_bytes": sum(len(p) for p in pickled),
        }
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record) + "\n")
        return out

    return task


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pool-transfer-") as tmp:
        lines = args.source.read_text(encoding="utf-8").splitlines()[: args.articles]
        source = Path(tmp) / "input.jsonl"
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        log = str(Path(tmp) / "tasks.jsonl")
        pool._annotate_chunk_encoded = _instrumented(log, pool._annotate_chunk_encoded)  # type: ignore[assignment]
        decode_cpu = [0.0]
        unpickle_cpu = [0.0]
        original_loads = codec.annotation_loads

        def loads(blob: bytes) -> object:
            t = time.process_time()
            annotation = original_loads(blob)
            decode_cpu[0] += time.process_time() - t
            t = time.process_time()
            pickle.loads(pickle.dumps(annotation, pickle.HIGHEST_PROTOCOL))
            unpickle_cpu[0] += time.process_time() - t  # dumps included: an upper bound
            return annotation

        codec.annotation_loads = loads  # type: ignore[assignment]
        load_start = os.getloadavg()[0]
        with open_store(Path(tmp) / "t.db") as store:
            ingest(store, [str(source)])
            wall = time.monotonic()
            with Pipeline(store, workers=args.workers) as pipeline:
                report = pipeline.process()
            wall = time.monotonic() - wall
        tasks = [json.loads(line) for line in Path(log).read_text(encoding="utf-8").splitlines()]
    n = sum(t["n"] for t in tasks)
    ms = 1000 / max(n, 1)
    annotate = sum(t["annotate"] for t in tasks)
    print(
        f"{report.annotated} annotated, {len(tasks)} chunks, {args.workers} workers, load {load_start:.1f} -> {os.getloadavg()[0]:.1f}"
    )
    print(
        f"per article: annotation {annotate * ms:.1f} ms CPU; sent {sum(t['bytes'] for t in tasks) / max(n, 1) / 1024:.1f} KB"
        f" (pickled Annotation {sum(t['pickle_bytes'] for t in tasks) / max(n, 1) / 1024:.1f} KB)"
    )
    encode = sum(t["encode"] for t in tasks)
    print(
        f"  worker encode {encode * ms:.2f} ms ({100 * encode / annotate:.1f} % of annotation)"
        f" vs pickle {sum(t['pickle'] for t in tasks) * ms:.2f} ms;"
        f" parent decode {decode_cpu[0] * ms:.2f} ms vs pickle round trip {unpickle_cpu[0] * ms:.2f} ms"
    )
    first = min(t["start"] for t in tasks)
    last = max(t["end"] for t in tasks)
    for pid in sorted({t["pid"] for t in tasks}):
        mine = sorted((t for t in tasks if t["pid"] == pid), key=lambda t: t["start"])
        busy = sum(t["end"] - t["start"] for t in mine)
        gaps = [b["start"] - a["end"] for a, b in zip(mine, mine[1:], strict=False)]
        lead = mine[0]["start"] - first
        print(
            f"  worker {pid}: {len(mine)} chunks, busy {busy:.1f} s of {last - first:.1f} s;"
            f" idle between chunks {sum(gaps):.2f} s (max gap {max(gaps, default=0):.2f} s), before its first {lead:.2f} s,"
            f" after its last {last - mine[-1]['end']:.2f} s"
        )
    print(f"  process wall {wall:.1f} s; the pool's span {last - first:.1f} s")


if __name__ == "__main__":
    main()
