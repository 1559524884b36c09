"""Every input accounted for: an exact duplicate's id names the article kept (lookups,
export, ingest summary), and `storyline rejections` lists what was refused and why."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from storyline.export.json import write_json
from storyline.ingest import ingest
from storyline.query import Reader
from storyline.store import open_store
from tests.export.contract import validate_export

STORYLINE = shutil.which("storyline") or "storyline"

FIRST = "Правительство утвердило новые правила перевозки детей в автобусах с 1 января 2022 года."
SECOND = "Центробанк сохранил ключевую ставку на уровне 8,5% годовых, сообщила пресс-служба регулятора."


def records(path: Path, rows: list[dict]) -> Path:  # type: ignore[type-arg]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_an_exact_duplicates_id_resolves_to_the_article_kept(tmp_path: Path) -> None:
    source = records(
        tmp_path / "in.jsonl",
        [
            {"id": "kept", "text": FIRST, "published": "2022-01-01"},
            {"id": "copy", "text": FIRST, "published": "2022-01-02"},
            {"id": "other", "text": SECOND, "published": "2022-01-02"},
        ],
    )
    with open_store(tmp_path / "a.db") as store:
        report = ingest(store, [str(source)])
        assert (report.accepted, report.duplicates, report.aliased) == (2, 1, 1)
        assert store.get_article("copy").id == "kept"
        assert store.aliases() == {"kept": ["copy"]}
        again = ingest(store, [str(source)])  # a re-run: nothing new, the alias known already
        assert (again.accepted, again.duplicates, again.aliased, again.rejected) == (0, 3, 0, 0)
        reuse = records(
            tmp_path / "reuse.jsonl",
            [{"id": "copy", "text": SECOND + " Дополнение.", "published": "2022-01-03"}],
        )
        refused = ingest(store, [str(reuse)])
        assert refused.rejected == 1
        assert store.rejections()[-1].reason == "id copy already used by a different text"
        out = tmp_path / "export.json"
        with out.open("w", encoding="utf-8") as handle:
            write_json(store, handle)
    doc = json.loads(out.read_text(encoding="utf-8"))
    validate_export(doc)
    also = {a["id"]: a["also_ids"] for a in doc["articles"]}
    assert also == {"kept": ["copy"], "other": []}
    with Reader(tmp_path / "a.db") as reader:  # the read side resolves the alias too
        assert reader.article("copy").id == "kept"
        assert reader.counts().aliases == 1


def test_summary_and_rejections_on_the_command_line(tmp_path: Path) -> None:
    source = records(
        tmp_path / "in.jsonl",
        [
            {"id": "kept", "text": FIRST, "published": "2022-01-01"},
            {"id": "copy", "text": FIRST, "published": "2022-01-02"},
            {"id": "no-text", "published": "2022-01-02"},
        ],
    )
    db = tmp_path / "cli.db"
    proc = subprocess.run(
        [STORYLINE, "ingest", str(source), "--db", str(db), "--no-process"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert (
        "1 accepted, 1 rejected, 1 duplicates (1 under a new id, which now names the article kept)"
        in proc.stdout
    )
    listed = subprocess.run(
        [STORYLINE, "rejections", "--db", str(db), "--json"], capture_output=True, text=True, check=True
    )
    [rejection] = [json.loads(line) for line in listed.stdout.splitlines()]
    assert rejection["input"].endswith("in.jsonl:3") and rejection["reason"]
    table = subprocess.run(
        [STORYLINE, "rejections", "--db", str(db)], capture_output=True, text=True, check=True
    )
    assert "in.jsonl:3" in table.stdout and "1 rejection\n" in table.stdout
    stats = subprocess.run([STORYLINE, "stats", "--db", str(db)], capture_output=True, text=True, check=True)
    assert "duplicate input ids" in stats.stdout
