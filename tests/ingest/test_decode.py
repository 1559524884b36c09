from __future__ import annotations

import codecs

from storyline.ingest.decode import decode_bytes, plausible_cp1251, stream_encoding

RU = "Депутаты парламента 7 января собрались на срочное заседание — «ОДКБ»."


def test_utf8_and_boms() -> None:
    assert decode_bytes(RU.encode()) == (RU, None)
    assert decode_bytes(codecs.BOM_UTF8 + RU.encode()) == (RU, None)
    assert decode_bytes(RU.encode("utf-16")) == (RU, None)


def test_cp1251_accepted_when_plausible() -> None:
    assert decode_bytes(RU.encode("cp1251")) == (RU, None)


def test_koi8_and_latin1_and_random_bytes_rejected() -> None:
    assert (
        decode_bytes(RU.encode("koi8_r", errors="replace"))[0] is None
    )  # mostly upper case when read as cp1251
    assert decode_bytes("Ça coûte très cher à Zürich, déjà éprouvé".encode("latin-1"))[0] is None
    assert decode_bytes(bytes(range(128, 256)))[0] is None


def test_nul_bytes_are_binary() -> None:
    text, reason = decode_bytes(b"abc\x00def")
    assert text is None and reason is not None and reason.code == "binary_file" and "binary" in reason.text


def test_plausibility_rules() -> None:
    assert plausible_cp1251("plain ASCII")
    assert not plausible_cp1251("текст\x01")
    assert not plausible_cp1251("ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏ текст")


def test_stream_encoding() -> None:
    assert stream_encoding(RU.encode()[:-1]) == "utf-8"  # a sequence cut by the sample's end
    assert stream_encoding(RU.encode("cp1251")) == "cp1251"
    assert stream_encoding(codecs.BOM_UTF8 + b"id,text") == "utf-8-sig"
