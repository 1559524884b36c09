"""Span quality and speed of the date and quantity extractors on NEREL (dev).

NEREL marks DATE/TIME and NUMBER/MONEY/PERCENT/AGE/ORDINAL spans in Russian
news. It resolves nothing, so this measures detection only:

- dates, recall: gold DATE spans that name the calendar (a month, a 4-digit
  year, a weekday or a deictic word) overlapped by one of ours;
- dates, precision: our spans overlapping any gold DATE/TIME span;
- quantities, recall: gold NUMBER/MONEY/PERCENT spans overlapped by ours;
- quantities, false positives: ours overlapping a gold ORDINAL/TIME span or a
  calendar DATE (a number read as an amount when it is not one).

Usage: python benchmarks/dates_quantities.py [--shared ../shared] [--limit N] [--show]
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from storyline.annotate.dates import extract_dates
from storyline.annotate.entities import extract_entities
from storyline.annotate.nlp import NLP
from storyline.annotate.quantities import extract_quantities
from storyline.annotate.segment import segment

CALENDAR = re.compile(
    r"январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр|\d{4}"
    r"|понедельник|вторник|сред[уа]|четверг|пятниц|суббот|воскресень|сегодня|вчера|завтра|накануне",
    re.IGNORECASE,
)


def read_ann(path: Path) -> list[tuple[str, int, int, str]]:
    spans = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("T"):
            continue
        _, head, surface = line.split("\t", 2)
        kind, *offsets = head.replace(";", " ").split()
        spans.append((kind, int(offsets[0]), int(offsets[-1]), surface))
    return spans


def overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--show", action="store_true", help="print misses and false positives")
    args = ap.parse_args()
    files = sorted((Path(args.shared) / "corpora" / "nerel" / "dev").glob("*.txt"))
    if args.limit:
        files = files[: args.limit]
    nlp = NLP()
    counts = dict.fromkeys(("d_gold", "d_hit", "d_pred", "d_ok", "q_gold", "q_hit", "q_pred", "q_bad"), 0)
    t_dates = t_quant = 0.0
    chars = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        gold = read_ann(path.with_suffix(".ann"))
        chars += len(text)
        sentences = segment(text)
        parsed = nlp.parse(text, sentences)
        entities = extract_entities(parsed, nlp)
        t0 = time.perf_counter()
        dates = extract_dates(text, sentences, None, parsed=parsed)
        t1 = time.perf_counter()
        quantities = extract_quantities(text, sentences, parsed, entities, nlp)
        t2 = time.perf_counter()
        t_dates += t1 - t0
        t_quant += t2 - t1
        date_gold = [(s, e) for k, s, e, _ in gold if k in ("DATE", "TIME")]
        calendar = [(s, e, t) for k, s, e, t in gold if k == "DATE" and CALENDAR.search(t)]
        ours = [(d.start, d.end) for d in dates]
        for s, e, t in calendar:
            counts["d_gold"] += 1
            if overlaps((s, e), ours):
                counts["d_hit"] += 1
            elif args.show:
                print(f"DATE MISS  {path.stem}: {t!r}")
        for d in dates:
            counts["d_pred"] += 1
            if overlaps((d.start, d.end), date_gold):
                counts["d_ok"] += 1
            elif args.show:
                print(f"DATE FP    {path.stem}: {d.text!r} ctx={text[max(0, d.start - 30) : d.end + 30]!r}")
        amount_gold = [(s, e, t) for k, s, e, t in gold if k in ("NUMBER", "MONEY", "PERCENT")]
        not_amounts = [(s, e) for k, s, e, t in gold if k in ("ORDINAL", "TIME")] + [
            (s, e) for s, e, _ in calendar
        ]
        ours_q = [(q.start, q.end) for q in quantities]
        for s, e, t in amount_gold:
            counts["q_gold"] += 1
            if overlaps((s, e), ours_q):
                counts["q_hit"] += 1
            elif args.show:
                print(f"QUANT MISS {path.stem}: {t!r} ctx={text[max(0, s - 30) : e + 30]!r}")
        for q in quantities:
            counts["q_pred"] += 1
            if overlaps((q.start, q.end), not_amounts):
                counts["q_bad"] += 1
                if args.show:
                    print(
                        f"QUANT FP   {path.stem}: {q.text!r} ctx={text[max(0, q.start - 30) : q.end + 30]!r}"
                    )
    c = counts
    print(f"docs {len(files)}, {chars} chars")
    print(
        f"dates: recall {c['d_hit']}/{c['d_gold']} = {c['d_hit'] / max(1, c['d_gold']):.3f}; "
        f"precision {c['d_ok']}/{c['d_pred']} = {c['d_ok'] / max(1, c['d_pred']):.3f}; "
        f"{1000 * t_dates / max(1, len(files)):.2f} ms/doc"
    )
    print(
        f"quantities: recall {c['q_hit']}/{c['q_gold']} = {c['q_hit'] / max(1, c['q_gold']):.3f}; "
        f"not-an-amount {c['q_bad']}/{c['q_pred']} = {c['q_bad'] / max(1, c['q_pred']):.3f}; "
        f"{1000 * t_quant / max(1, len(files)):.2f} ms/doc"
    )


if __name__ == "__main__":
    main()
