"""Why an input was rejected, in the page's language: every rejection code has its
words in Russian and English, the rejections page words a stored code in the
reader's language, the API keeps the English words and adds the code, and a row
stored before codes shows its stored words."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline.reasons import EXTRA_PARAMS, REASONS, params_of, reason, template_fields
from storyline.web.i18n import Strings
from storyline.web.i18n_reasons import REASONS_RU
from tests.web.conftest import TOKEN

SRC = Path(__file__).resolve().parents[2] / "src" / "storyline"
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def test_every_code_has_words_in_both_languages() -> None:
    assert set(REASONS_RU) == set(REASONS)  # none missing, none left over
    for code, english in REASONS.items():
        russian = REASONS_RU[code]
        assert english.strip() and not CYRILLIC.search(english), code
        assert CYRILLIC.search(russian), code
        assert template_fields(russian) <= params_of(code), code  # only the code's parameters
        assert set(EXTRA_PARAMS.get(code, ())) <= template_fields(russian) | template_fields(english), code


def test_every_code_is_made_somewhere() -> None:
    """A code no rejection site gives is dead words: it must leave `REASONS` too."""
    made = set()
    for path in SRC.rglob("*.py"):
        if path.name not in ("reasons.py", "i18n_reasons.py"):
            made |= set(re.findall(r'"([a-z0-9_]+)"', path.read_text(encoding="utf-8")))
    assert set(REASONS) - made == set()


def test_a_reason_is_checked_where_it_is_made() -> None:
    with pytest.raises(KeyError):
        reason("no_such_code")
    with pytest.raises(TypeError):
        reason("missing_field")  # its `field` left out
    assert reason("id_reused", id="kz-1").text == "id kz-1 already used by a different text"


def test_each_language_words_a_code_and_an_uncoded_row_keeps_its_words() -> None:
    why = reason("csv_field_count", fields=3, header=4)
    assert Strings("ru").reason(why.code, why.params, why.text) == "полей в строке: 3, а в заголовке: 4"
    assert Strings("en").reason(why.code, why.params, why.text) == "row has 3 fields, header has 4"
    assert Strings("ru").reason("", {}, "empty text") == "empty text"  # stored before codes
    assert Strings("ru").reason("csv_field_count", {}, "stored words") == "stored words"  # damaged params


def _post(client: TestClient, fields: dict[str, object]) -> dict[str, object]:
    response = client.post("/api/articles", json=fields, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 422
    return response.json()  # type: ignore[no-any-return]


def _row(html: str, article_id: str) -> str:
    return html.split(f"POST /api/articles id={article_id} ", 1)[1].split("</tr>", 1)[0]


def test_the_rejections_page_speaks_the_readers_language(client: TestClient) -> None:
    answer = _post(client, {"id": "rej-ru", "text": "Текст.", "published": "не дата"})
    # the API: the English words, the code and its parameters
    assert answer == {
        "error": "unparsable published date 'не дата'",
        "code": "bad_date",
        "params": {"value": "не дата"},
    }
    russian = _row(client.get("/rejections").text, "rej-ru")
    assert "дата публикации «не дата» не читается" in russian and "unparsable" not in russian
    client.cookies.set("lang", "en")
    english = _row(client.get("/rejections").text, "rej-ru")
    assert "unparsable published date &#39;не дата&#39;" in english and "не читается" not in english


def test_a_reason_found_against_the_store_is_coded_too(client: TestClient) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    first = client.post(
        "/api/articles", json={"id": "rej-twice", "text": "Первый текст о Токаеве."}, headers=headers
    )
    assert first.status_code == 201
    answer = _post(client, {"id": "rej-twice", "text": "Совсем другой текст."})
    assert (
        answer["code"] == "id_reused" and answer["error"] == "id rej-twice already used by a different text"
    )
    assert "id rej-twice уже занят другим текстом" in _row(client.get("/rejections").text, "rej-twice")


def test_a_row_stored_before_codes_shows_its_stored_words(client: TestClient, web_db: Path) -> None:
    with sqlite3.connect(web_db) as db:
        db.execute("INSERT INTO rejections (input, reason) VALUES ('old.jsonl:7', 'an old English reason')")
    html = client.get("/rejections").text
    assert re.search(r"<td>old\.jsonl:7</td><td>an old English reason</td>", html)
