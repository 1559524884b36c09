"""`storyline ingest one-article.jsonl` into a big store: wall time, model loading included.

    python benchmarks/ingest_one.py --db BIG.db [--shared PATH] [--runs 3] [--json] [--in-place]

BIG.db is a store made by `benchmarks/big_store.py` (bsnlp-ru ingested, older
replicas added to 100k) or grown by `benchmarks/group_speed.py --db BIG.db` (bsnlp-ru
replayed to 20k or 100k articles). It is copied first (the SQLite backup API),
so the big store stays as it was; the copy is marked as grouped by the current
annotator (the replay groups without the pipeline, which would otherwise
rebuild everything). Each run adds one new article through the real command
(`storyline ingest --workers 1`, a new process: the cost a CLI user pays), in
two kinds:

- `new event`: a bsnlp-ru article moved past the replay (`arrival_years`), so it opens
  a thread and a story of its own (story intelligence of one article);
- `joins a story`: a bsnlp-ru article in the replay's last year, reworded so it is
  not a duplicate: it joins an existing, large story. A new process keeps no
  story state yet, so that story's intelligence is rebuilt once from its stored
  articles (`story/kept.py`); a long-lived pipeline then extends it per article
  (`benchmarks/story_add.py` times that).

Alongside, in one fresh process each: the time to open the grouper on the copy
(`Grouper(store)`: the state load this benchmark is about) and to load and warm
the annotator (as the command loads it: no language identifier); and, per kind, one more article ingested by the same Pipeline calls
the command makes, each stage timed: imports, store open, writer lease, ingest,
model load, annotate, grouping state open, group, story step, close.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
STORYLINE = shutil.which("storyline") or "storyline"

KINDS = ("new event", "joins a story")

# Replica years are 365 days apart (group_speed.py's default --shift-days).
SHIFT_DAYS = 365
# The last publication year `storyline ingest` accepts (`ingest/dates.py`).
MAX_PUBLISHED_YEAR = 2100


def copy_store(source: Path, target: Path, annotations_current: bool = False) -> None:
    """`target` as a copy of `source` that nobody holds, marked as grouped by the current
    annotator; with `annotations_current`, its annotations are marked current too.
    With `target` the same path as `source` (`--in-place`), the store is only marked."""
    if target != source:
        with (
            contextlib.closing(sqlite3.connect(source)) as src,
            contextlib.closing(sqlite3.connect(target)) as dst,
        ):
            src.backup(dst)
    # A copy taken while a writer works carries its lease; nobody holds the copy.
    with contextlib.closing(sqlite3.connect(target, isolation_level=None)) as db:
        db.execute("DELETE FROM writer_lease")
    sys.path.insert(0, str(REPO / "src"))
    from storyline.annotate import VERSION
    from storyline.pipeline import GROUPED_WITH
    from storyline.store import open_store

    with open_store(target) as store, store.transaction():
        store.set_state(GROUPED_WITH, VERSION.encode())
    if annotations_current:
        # A store annotated by an older annotator is re-annotated whole by the next
        # ingest (12k articles: about an hour here); what is measured is one article.
        with contextlib.closing(sqlite3.connect(target, isolation_level=None)) as db:
            db.execute("UPDATE annotations SET version = ?", (VERSION,))


def upgrade(db: Path) -> float:
    """Open the grouper once: a store from before the index table is indexed now (timed)."""
    return float(probe("grouper", db)[0])


def replay_years(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT MAX(CAST(substr(id, instr(id, '~') + 1) AS INTEGER)) FROM articles"
        ).fetchone()
    return int(row[0] or 0) + 1


def arrival_years(db: Path) -> tuple[int, int]:
    """Replica years to move a bsnlp-ru article by: (one that joins the stories of the
    store's newest year, one that opens a story of its own). `group_speed.py` and
    `serve_load.py` replay forwards, so the newest year is the last replica's;
    `big_store.py` replays backwards, so it is the base's (no shift), and an article
    opens its own story once moved past the base's whole span and a year more."""
    years = replay_years(db)
    with sqlite3.connect(db) as conn:
        replicas, base, first = conn.execute(
            "SELECT MAX(CASE WHEN instr(id, '~') > 0 THEN published END),"
            " MAX(CASE WHEN instr(id, '~') = 0 THEN published END),"
            " MIN(CASE WHEN instr(id, '~') = 0 THEN published END) FROM articles"
        ).fetchone()
    if replicas and base and first and replicas < base:
        span = (date.fromisoformat(base[:10]) - date.fromisoformat(first[:10])).days
        return 0, span // SHIFT_DAYS + 2
    return years - 1, years + 1


def article(shared: Path, index: int, years: int, tag: str) -> dict[str, object]:
    with open(shared / "corpora" / "bsnlp-ru" / "articles.jsonl", encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if n == index:
                record = json.loads(line)
                break
    published = str(record.get("published") or "")[:10]
    if len(published) == 10:
        day = date.fromisoformat(published)
        # A store replayed past the ingest's last accepted year (serve's 100k store runs
        # to 2173) gets the article at the latest replica year the ingest accepts: there
        # it meets that replica's stories (the story sizes printed say which it joined).
        while years > 0 and (day + timedelta(days=years * SHIFT_DAYS)).year > MAX_PUBLISHED_YEAR:
            years -= 1
        record["published"] = (day + timedelta(days=years * SHIFT_DAYS)).isoformat()
    record["id"] = f"bench-one-{tag}"
    record["text"] = f"Дополнено {tag}. " + str(record["text"])
    record.pop("topic", None)
    return record


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, str, int, float]:
    """Wall seconds, stdout, peak resident memory (KiB) and CPU seconds (user + system) of one
    process: under a loaded machine the CPU figure is the one to compare."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as errors:
        proc = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=errors, text=True, env={**os.environ, **(env or {})}
        )
        assert proc.stdout is not None
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)  # reaped here, with its resource usage
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        if proc.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{' '.join(command)} failed:\n{errors.read()}")
    return seconds, out.strip(), usage.ru_maxrss, usage.ru_utime + usage.ru_stime


PROBE = """
import sys, time
sys.path.insert(0, {src!r})
t0 = time.perf_counter()
if {what!r} == "grouper":
    from storyline.store import open_store
    from storyline.group import Grouper
    g = Grouper(open_store({db!r}))
    print(f"{{time.perf_counter() - t0:.3f}} {{len(g.threads)}} {{len(g.stories)}}")
else:
    from storyline.annotate.pool import prepare
    prepare(warm_language=False)
    print(f"{{time.perf_counter() - t0:.3f}}")
"""


# What `storyline ingest ONE.jsonl --workers 1` does, stage by stage, in one fresh process
# (`commands/ingest.py` runs the same Pipeline calls), each stage timed: CPU seconds of the
# process (`time.process_time`, comparable under load) and wall seconds. "start" is the
# interpreter's start-up before the first line (CPU from `resource`, as the process sees it).
# The models load as the command loads them: `prepare(warm_language=False)`, the language
# identifier only if an article needs it (plain Russian does not).
STAGES = """
import resource, json, sys, time
start = resource.getrusage(resource.RUSAGE_SELF)
sys.path.insert(0, {src!r})
cpu = {{"start": round(start.ru_utime + start.ru_stime, 3)}}
wall = {{}}
c, t = time.process_time(), time.perf_counter()
def lap(name):
    global c, t
    now_c, now_t = time.process_time(), time.perf_counter()
    cpu[name], wall[name] = round(now_c - c, 3), round(now_t - t, 3)
    c, t = now_c, now_t
from storyline.pipeline import Pipeline
from storyline.store import open_store
lap("import")
store = open_store({db!r})
lap("open store")
pipeline = Pipeline(store, workers=1)
with pipeline:
    lap("writer lease")
    pipeline.ingest([{source!r}])
    lap("ingest (store write)")
    import inspect
    from storyline.annotate.pool import prepare
    kwargs = {{"warm_language": False}}
    if "warm_up" in inspect.signature(prepare).parameters:  # older code (--src) warms up always
        kwargs["warm_up"] = False
    prepare(**kwargs)
    lap("model load")
    pipeline.annotate_pending()
    lap("annotate")
    pipeline.grouper
    lap("grouping state open")
    grouped, touched, failed = pipeline.group_pending()
    lap("group")
    pipeline.build_stories(touched)
    lap("story")
    pipeline._mark_grouped()
store.close()
lap("close")
print(json.dumps({{"cpu": cpu, "wall": wall}}))
"""


def stages(db: Path, source: Path, src: Path = REPO / "src") -> dict[str, object]:
    """CPU and wall seconds per stage of one article's ingest in a fresh process (see
    `STAGES`), with the whole process's CPU (exit included) and wall as the parent sees them."""
    code = STAGES.format(src=str(src), db=str(db), source=str(source))
    seconds, out, peak, cpu = timed([sys.executable, "-c", code], env={"PYTHONPATH": str(src)})
    result: dict[str, object] = json.loads(out.splitlines()[-1])
    result["process"] = {"cpu": round(cpu, 2), "wall": round(seconds, 2), "peak rss MiB": round(peak / 1024)}
    return result


def stage_table(kind: str, row: dict[str, object]) -> str:
    """The stage table of one kind, CPU and wall side by side (what the lead compares)."""
    cpu, wall = row["cpu"], row["wall"]
    assert isinstance(cpu, dict) and isinstance(wall, dict)
    lines = [f"    {kind}: stage            CPU s    wall s"]
    for name, seconds in cpu.items():
        shown = f"{wall[name]:8.2f}" if name in wall else "       -"
        lines.append(f"      {name:24s}{seconds:7.2f}  {shown}")
    process = row["process"]
    assert isinstance(process, dict)
    lines.append(
        f"      {'whole process':24s}{process['cpu']:7.2f}  {process['wall']:8.2f}"
        f"   (peak RSS {process['peak rss MiB']} MiB)"
    )
    return "\n".join(lines)


def probe(what: str, db: Path) -> list[str]:
    code = PROBE.format(src=str(REPO / "src"), what=what, db=str(db))
    return timed([sys.executable, "-c", code])[1].split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a store grown by benchmarks/group_speed.py")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--annotations-current",
        action="store_true",
        help="mark the copy's annotations as the current annotator's (a store annotated by an older"
        " one is otherwise re-annotated whole by the first ingest)",
    )
    parser.add_argument(
        "--src",
        type=Path,
        default=REPO / "src",
        help="the code to measure (default this checkout's src; e.g. `git archive` of an older commit,"
        " to compare before and after in one session)",
    )
    parser.add_argument(
        "--kinds",
        choices=("both", "new", "joins"),
        default="both",
        help="which articles to add: one opening its own story, one joining a large story, or both",
    )
    parser.add_argument(
        "--in-place",
        action="store_true",
        help="work on --db itself, a scratch copy made beforehand (a 100k store is ~6 GB: a second"
        " copy may not fit on the disk); it is written to",
    )
    args = parser.parse_args()
    kinds = [k for k in KINDS if args.kinds in ("both", k.split()[0])]
    joins_years, new_years = arrival_years(args.db)
    result: dict[str, object] = {"store": str(args.db), "load1_before": round(os.getloadavg()[0], 2)}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        # The code measured is a copy taken now: an edit of the tree during the runs
        # would change `snapshot.FORMAT` and make the next run rebuild a big story
        # instead of reading the state the previous run stored (docs/architecture.md).
        args.src = Path(shutil.copytree(args.src, work / "src", ignore=shutil.ignore_patterns("__pycache__")))
        copy = args.db if args.in_place else work / "copy.db"
        copy_store(args.db, copy, args.annotations_current)
        with sqlite3.connect(copy) as conn:
            result["articles"] = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        result["first_open_s"] = upgrade(copy)  # includes a one-time index build on an older store
        opened = probe("grouper", copy)
        result["grouper_open_s"] = float(opened[0])
        result["threads"], result["stories"] = int(opened[1]), int(opened[2])
        result["annotator_load_s"] = float(probe("annotator", copy)[0])
        for kind in kinds:
            shift = new_years if kind == "new event" else joins_years
            walls = []
            cpus = []
            peaks = []
            for run in range(args.runs):
                record = article(args.shared, 7 + run, shift, f"{kind.split()[0]}-{run}")
                source = work / f"one-{kind.split()[0]}-{run}.jsonl"
                source.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
                seconds, out, peak, cpu = timed(
                    [STORYLINE, "ingest", str(source), "--db", str(copy), "--workers", "1"],
                    env={"PYTHONPATH": str(args.src)},
                )
                peaks.append(peak)
                cpus.append(cpu)
                if not out.startswith("1 accepted"):
                    raise SystemExit(f"expected one new article, got: {out}")
                walls.append(seconds)
            with sqlite3.connect(copy) as conn:
                sizes = [
                    conn.execute(
                        "SELECT COUNT(*) FROM assignments WHERE story_id ="
                        " (SELECT story_id FROM assignments WHERE article_id=?)",
                        (f"bench-one-{kind.split()[0]}-{run}",),
                    ).fetchone()[0]
                    for run in range(args.runs)
                ]
            staged = work / f"stages-{kind.split()[0]}.jsonl"
            record = article(args.shared, 7 + args.runs, shift, f"{kind.split()[0]}-staged")
            staged.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
            result[kind] = {
                "stages": stages(copy, staged, args.src),
                "wall_s": [round(w, 2) for w in walls],
                "median_wall_s": round(statistics.median(walls), 2),
                "cpu_s": [round(c, 2) for c in cpus],
                "median_cpu_s": round(statistics.median(cpus), 2),
                "story_sizes": sizes,
                "peak_rss_mib": round(max(peaks) / 1024),
            }
    result["load1_after"] = round(os.getloadavg()[0], 2)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    print(
        f"{result['articles']} articles; first open {result['first_open_s']} s; grouper opens in {result['grouper_open_s']} s; "
        f"annotator loads in {result['annotator_load_s']} s"
    )
    print(f"load average {result['load1_before']} before, {result['load1_after']} after")
    for kind in kinds:
        row = result[kind]
        assert isinstance(row, dict)
        print(
            f"  {kind}: `storyline ingest` median {row['median_cpu_s']} s CPU {row['cpu_s']},"
            f" {row['median_wall_s']} s wall {row['wall_s']}, story sizes {row['story_sizes']},"
            f" peak RSS {row['peak_rss_mib']} MiB"
        )
        print(stage_table("one more article, fresh process", row["stages"]))


if __name__ == "__main__":
    main()
