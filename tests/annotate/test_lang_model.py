"""langid's model unpacked into the cache: the same identifier, and never needed for an answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from langid.langid import LanguageIdentifier, model

from storyline.annotate import lang_model
from storyline.annotate.lang import LANGUAGES

# Real text in several of the configured languages, and the odd cases langid meets.
TEXTS = (
    "Президент Казахстана Касым-Жомарт Токаев подписал указ о введении режима ЧС.",
    "Президент України заявив, що переговори триватимуть і наступного тижня.",
    "Бүгін Алматыда қалың қар жауып, жолдарда кептеліс болды.",
    "Кыргызстандын өкмөтү жаңы мыйзам долбоорун жактырды.",
    "The Prime Minister said the vote would be held next week.",
    "Die Bundesregierung hat am Mittwoch neue Regeln beschlossen.",
    "Премиерът заяви, че правителството ще подаде оставка.",
    "12345 !!! ...",
    "",
)


@pytest.fixture(scope="module")
def reference() -> Any:
    """langid's own loader (slow: inflates the bz2 model)."""
    found = LanguageIdentifier.from_modelstring(model, norm_probs=True)
    found.set_languages(list(LANGUAGES))
    return found


def _same(cached: Any, reference: Any) -> None:
    cached.set_languages(list(LANGUAGES))
    assert cached.nb_numfeats == reference.nb_numfeats
    assert cached.nb_classes == reference.nb_classes
    assert cached.nb_ptc.dtype == reference.nb_ptc.dtype and (cached.nb_ptc == reference.nb_ptc).all()
    assert cached.nb_pc.dtype == reference.nb_pc.dtype and (cached.nb_pc == reference.nb_pc).all()
    assert type(cached.tk_nextmove) is type(reference.tk_nextmove)
    assert cached.tk_nextmove == reference.tk_nextmove
    assert cached.tk_output == reference.tk_output
    for text in TEXTS:
        assert cached.classify(text) == reference.classify(text), text


def test_written_then_read_back_equals_langids_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: Any
) -> None:
    monkeypatch.setenv(lang_model.CACHE_ENV, str(tmp_path / "cache"))
    first = lang_model.identifier(model, norm_probs=True)  # unpacks and writes
    files = list((tmp_path / "cache").glob("langid-*.npz"))
    assert len(files) == 1 and not list((tmp_path / "cache").glob("*.tmp"))
    _same(first, reference)
    unpacked: list[str] = []

    def unpack_again(string: str) -> tuple[Any, ...]:
        unpacked.append(string[:10])
        return ()

    monkeypatch.setattr(lang_model, "_parts", unpack_again)
    second = lang_model.identifier(model, norm_probs=True)  # read from the file
    assert not unpacked
    _same(second, reference)


def test_a_damaged_file_is_unpacked_again_and_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: Any
) -> None:
    monkeypatch.setenv(lang_model.CACHE_ENV, str(tmp_path))
    path = lang_model._cache_file(model)
    assert path is not None
    path.write_bytes(b"not an npz file")
    _same(lang_model.identifier(model, norm_probs=True), reference)
    assert path.stat().st_size > 1_000_000  # rewritten whole
    _same(lang_model.identifier(model, norm_probs=True), reference)


def test_an_unwritable_or_disabled_cache_still_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: Any
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv(lang_model.CACHE_ENV, str(blocker / "cache"))
    _same(lang_model.identifier(model, norm_probs=True), reference)
    monkeypatch.setenv(lang_model.CACHE_ENV, "")
    assert lang_model.cache_dir() is None
    _same(lang_model.identifier(model, norm_probs=True), reference)


def test_a_cache_that_cannot_even_be_looked_at_still_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: Any
) -> None:
    """Asking whether the file exists raises (as for another user's home that the process
    may not enter, which root cannot reproduce: a name too long for the file system raises
    the same way): the identifier is still langid's own."""
    monkeypatch.setenv(lang_model.CACHE_ENV, str(tmp_path / ("x" * 300)))
    with pytest.raises(OSError):
        (tmp_path / ("x" * 300) / "probe").exists()
    _same(lang_model.identifier(model, norm_probs=True), reference)


def test_the_default_place_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(lang_model.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert lang_model.cache_dir() == tmp_path / "storyline"
