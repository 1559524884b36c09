"""A one-article ingest pays only for the libraries it uses (issue #9: <= 5 s).

`import datasketch` pulls scipy in (~2 s); trafilatura and feedparser cost ~1 s
more and serve only HTML and feed input. The checks run in fresh interpreters,
since this test process has loaded everything already.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("scipy", "datasketch", "trafilatura", "feedparser")


def _loaded(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(out.split())


def test_importing_the_ingest_path_loads_no_heavy_library() -> None:
    modules = _loaded("import storyline.commands.ingest, storyline.pipeline, storyline.ingest")
    assert not modules & set(HEAVY)
    assert "datasketch.minhash" in modules  # near-duplicate signatures still work


def test_ingesting_json_lines_loads_no_scipy_nor_html_libraries(tmp_path: Path) -> None:
    source = tmp_path / "one.jsonl"
    record = {
        "id": "a1",
        "text": "Депутаты собрались на заседание в понедельник. " * 5,
        "published": "2022-01-07",
    }
    source.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    code = (
        "from storyline.ingest import ingest\nfrom storyline.store import open_store\n"
        f"with open_store({str(tmp_path / 'x.db')!r}) as store:\n"
        f"    report = ingest(store, [{str(source)!r}])\n"
        "    assert report.accepted == 1, report\n"
    )
    modules = _loaded(code)
    assert not modules & set(HEAVY)


def test_the_bare_minhash_is_datasketchs_class() -> None:
    """The signature module's MinHash, loaded without datasketch's `__init__`, is the
    class a full `import datasketch` then gives, with the same hash values."""
    code = (
        "from storyline.ingest.dedup import MinHash, signature\n"
        "text = ' '.join(f'слово{i}' for i in range(40))\n"
        "before = signature(text).values.tolist()\n"
        "import datasketch\n"
        "assert datasketch.MinHash is MinHash\n"
        "print(before == signature(text).values.tolist())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"
