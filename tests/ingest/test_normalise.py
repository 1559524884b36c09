from __future__ import annotations

from storyline.ingest.normalise import clean_text, content_hash, normalise
from storyline.ingest.records import RawRecord
from storyline.model import Article, Rejection


def norm(**fields: object) -> Article | Rejection:
    return normalise(RawRecord("x.jsonl:1", dict(fields)), max_bytes=10_000)


def test_clean_text() -> None:
    raw = "  Пер\u00adвый\u200b абзац\r\n\r\n\r\n\r\nВторой\t\t абзац\x07 \u2028Третий  "
    assert clean_text(raw) == "Первый абзац\n\nВторой абзац\nТретий"
    assert clean_text("е\u0301") == "\u0435\u0301"  # NFC leaves a combining acute on е alone
    assert clean_text("Й") == "Й"  # decomposed й becomes one code point


def test_content_hash_ignores_form_only() -> None:
    assert content_hash("Привет,  МИР\n") == content_hash("привет, мир")
    assert content_hash("Привет, мир") != content_hash("Привет мир")


def test_defaults_fill_gaps_but_fields_win() -> None:
    article = normalise(
        RawRecord("a.txt", {"text": "Текст."}, defaults={"id": "stem", "source": "host"}), 100
    )
    assert isinstance(article, Article) and (article.id, article.source) == ("stem", "host")
    article = normalise(RawRecord("a.txt", {"text": "Текст.", "id": "own"}, defaults={"id": "stem"}), 100)
    assert isinstance(article, Article) and article.id == "own"


def test_hash_id_is_stable_and_content_based() -> None:
    a, b = norm(text="Один  текст"), norm(text="один текст", title="другой заголовок")
    assert isinstance(a, Article) and isinstance(b, Article)
    assert a.id == b.id == a.content_hash[:16]


def test_rejections() -> None:
    cases: dict[str, dict[str, object]] = {
        "missing 'text' field": {},
        "missing 'text' field (found 'body': rename it to 'text')": {"body": "Текст", "id": "b"},
        "'text' has no letters or digits": {"text": "!!! ... ---"},
        "'id' is longer than 200 characters": {"text": "т", "id": "x" * 201},
        "'id' must be a string or an integer, got bool": {"text": "т", "id": True},
        "'url' must be a string, got dict": {"text": "т", "url": {}},
        "text contains invalid Unicode (lone surrogates)": {"text": "т\ud800"},
    }
    for reason, fields in cases.items():
        outcome = norm(**fields)
        assert isinstance(outcome, Rejection) and outcome.reason == reason, (reason, outcome)
        assert outcome.input == "x.jsonl:1"


def test_empty_strings_mean_missing() -> None:
    article = norm(text="Текст.", id="", title="", published="  ", source="")
    assert isinstance(article, Article)
    assert article.id == article.content_hash[:16] and article.published is None and article.source is None
