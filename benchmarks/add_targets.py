"""The four targets of one article at scale (issue #9), measured by one command.

    python benchmarks/add_targets.py [--work DIR] [--adds 40] [--runs 3] [--story-adds 15] [--json]

Makes what the benchmarks need in --work (kept between runs; ~9 GB at 100k):

- `bsnlp.db`: `storyline ingest ../shared/corpora/bsnlp-ru/articles.jsonl --workers 2`
  with this checkout's code (current annotations, grouping, every story built);
- `big.db`: `big_store.py` of it, ~100k articles (older replicas, see there);
- `bsnlp.pkl`: annotated bsnlp-ru for `story_add.py` (written by its first run).

Then runs, each in its own process, on a copy of `big.db` (the store is not changed):

| target | benchmark |
| --- | --- |
| the 100k add median <= 50 ms, story intelligence included | `pipeline_add.py --db big.db --adds N` |
| the long-lived pipeline on a 100k store <= 2 GiB RSS | same (peak RSS) |
| `storyline ingest one.jsonl` into a 100k store <= 5 s | `ingest_one.py --db big.db --runs R` |
| one article into a 2,000-article story <= 300 ms median | `story_add.py --adds S` |

and prints one line per target, wall and CPU side by side with the load average
(the machine is shared: CPU is what compares across loads). A store made by older
code is not rebuilt: delete --work's files to start afresh.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.big_store import build  # noqa: E402
from benchmarks.ingest_one import STORYLINE  # noqa: E402

MIB_IN_GIB = 1024
# The targets of issue #9 (docs/benchmarks.md, "Where the targets stand").
ADD_MEDIAN_MS = 50
PIPELINE_RSS_GIB = 2
INGEST_ONE_S = 5
STORY_ADD_MS = 300


def _json(command: list[str], env: dict[str, str]) -> dict[str, object]:
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out[out.index("{") :])


def prepare(work: Path, shared: Path, env: dict[str, str]) -> dict[str, object]:
    work.mkdir(parents=True, exist_ok=True)
    base, big = work / "bsnlp.db", work / "big.db"
    made: dict[str, object] = {}
    if not base.exists():
        source = shared / "corpora" / "bsnlp-ru" / "articles.jsonl"
        subprocess.run(
            [STORYLINE, "ingest", str(source), "--db", str(base), "--workers", "2"], check=True, env=env
        )
    if not big.exists():
        made = build(base, big, 100_000, log=False)
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "storyline-add-targets")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--adds", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--story-adds", type=int, default=15)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "TMPDIR": str(args.work)}
    made = prepare(args.work, args.shared, env)
    big = args.work / "big.db"
    py = sys.executable
    bench = REPO / "benchmarks"
    common = ["--shared", str(args.shared), "--json"]
    report: dict[str, object] = {"store": made or str(big), "load1_before": round(os.getloadavg()[0], 1)}
    report["pipeline_add"] = _json(
        [py, str(bench / "pipeline_add.py"), "--db", str(big), "--adds", str(args.adds), *common], env
    )
    report["ingest_one"] = _json(
        [py, str(bench / "ingest_one.py"), "--db", str(big), "--runs", str(args.runs), *common], env
    )
    story = [py, str(bench / "story_add.py"), "--annotated", str(args.work / "bsnlp.pkl"), "--rebuilds", "0"]
    report["story_add"] = _json([*story, "--adds", str(args.story_adds), *common], env)
    report["load1_after"] = round(os.getloadavg()[0], 1)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return
    print(summary(report))


def summary(report: dict[str, object]) -> str:
    add, one, story = report["pipeline_add"], report["ingest_one"], report["story_add"]
    assert isinstance(add, dict) and isinstance(one, dict) and isinstance(story, dict)
    every = add["all"]
    lines = [
        f"load average {report['load1_before']} before, {report['load1_after']} after; {add['articles']} articles",
        f"add with story intelligence (target {ADD_MEDIAN_MS} ms): median {every['wall_median_ms']} ms wall,"
        f" {every['cpu_median_ms']} ms CPU (p90 {every['wall_p90_ms']} / {every['cpu_p90_ms']}), {every['adds']} adds",
        f"long-lived pipeline RSS (target {PIPELINE_RSS_GIB} GiB): end {add['rss_end_mib']} MiB,"
        f" peak {add['rss_peak_mib']} MiB",
    ]
    for kind in ("new event", "joins a story"):
        row = one.get(kind)
        if isinstance(row, dict):
            lines.append(
                f"`storyline ingest` one article, {kind} (target {INGEST_ONE_S} s): median {row['median_wall_s']} s"
                f" wall, {row['median_cpu_s']} s CPU, story sizes {row['story_sizes']}"
            )
    lines.append(
        f"one article into a {story['articles']}-article story (target {STORY_ADD_MS} ms): median"
        f" {story['add_wall_median_ms']} ms wall, {story['add_cpu_median_ms']} ms CPU"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
