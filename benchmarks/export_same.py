"""Does this checkout export the same bytes as another commit? (the check for speed work)

    python benchmarks/export_same.py [--base REF] [--shared ../shared] [--articles 300]

A change made for speed must leave the output alone. This ingests the five seeds
and the first `--articles` lines of bsnlp-ru into new databases twice, once with
this checkout's `src` and once with `git archive REF` (default `HEAD`: the last
commit, so uncommitted edits are what is checked), both under the same
`PYTHONHASHSEED` (two runs of the same code can otherwise differ: see
docs/benchmarks.md, round 6), and compares the two `storyline export` files.
Prints one line per corpus with both md5 sums; on a difference, the first JSON
path where the exports part. Exit status 1 when any corpus differs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
HASH_SEED = "7"  # any fixed value: both sides only need the same one


def checkout(ref: str, into: Path) -> Path:
    """`src` of commit `ref`, unpacked under `into`."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", ref, "src"], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def export(src: Path, source: Path, work: Path) -> bytes:
    """Ingest `source` into a new database with the code in `src`; the JSON export."""
    env = dict(os.environ, PYTHONPATH=str(src), PYTHONHASHSEED=HASH_SEED)
    db, out = work / "check.db", work / "export.json"
    for command in (
        [sys.executable, "-m", "storyline.cli", "ingest", str(source), "--db", str(db)],
        [sys.executable, "-m", "storyline.cli", "export", "--db", str(db), "-o", str(out)],
    ):
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode:
            sys.exit(f"error: {' '.join(command[3:5])} failed with {src}: {done.stderr.strip()[-500:]}")
    return out.read_bytes()


def first_difference(a: Any, b: Any, path: str = "$") -> str | None:
    """The first JSON path where two decoded exports differ."""
    if type(a) is not type(b):
        return path
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{path}.{key}"
            found = first_difference(a[key], b[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            found = first_difference(x, y, f"{path}[{i}]")
            if found:
                return found
        return None if len(a) == len(b) else f"{path}[{min(len(a), len(b))}]"
    return None if a == b else path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="HEAD", help="the commit to compare with (default HEAD)")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--articles", type=int, default=300, help="bsnlp-ru lines to ingest")
    args = parser.parse_args()
    differ = False
    with tempfile.TemporaryDirectory(prefix="export-same-") as tmp:
        root = Path(tmp)
        base_src = checkout(args.base, root / "base")
        lines = (args.shared / "corpora" / "bsnlp-ru" / "articles.jsonl").read_text(encoding="utf-8")
        bsnlp = root / "bsnlp.jsonl"
        bsnlp.write_text("".join(lines.splitlines(keepends=True)[: args.articles]), encoding="utf-8")
        for name, source in (("seeds", args.shared / "seeds"), (f"bsnlp-ru[:{args.articles}]", bsnlp)):
            sides: list[bytes] = []
            for side, src in (("base", base_src), ("this", REPO / "src")):
                work = root / f"{side}-{len(sides)}-{name[:5]}"
                work.mkdir()
                sides.append(export(src, source, work))
            digests = [hashlib.md5(s).hexdigest() for s in sides]  # noqa: S324 - a checksum, not security
            same = digests[0] == digests[1]
            line = f"{name}: {args.base} {digests[0]}, this checkout {digests[1]}: "
            if same:
                print(line + "identical")
                continue
            differ = True
            where = first_difference(json.loads(sides[0]), json.loads(sides[1]))
            print(line + f"DIFFERENT (first at {where})")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
