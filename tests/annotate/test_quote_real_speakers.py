"""Speaker rules checked on real corpus sentences (issue #10, session 13), one table: each case
is a passage as the corpus has it, a piece of the quote's words, the speaker word a reader
must be shown and one that must not be shown."""

from __future__ import annotations

import pytest

from storyline.annotate.nlp import NLP
from tests.annotate.quote_helpers import annotate, shown_words, the_quote

# bsnlp-ru nord_stream file_18 (krpress.ru): an unnamed company spoke, then the security service.
TANKER = (
    "«Инспекция портового контроля на судно допущена не была в связи с отсутствием правовых "
    "оснований для проведения проверки», — уточнили в компании. В компании считают, что это "
    "очередная попытка украинской столицы оправдать задержание. Формальным поводом для задержания "
    "стал тот факт, пояснили в спецслужбе, что судовладелец включен в санкционный список Украины. "
    '«Мы зафиксировали, что он ["Механик Погодин"] заходил в закрытые [Украиной] порты Крыма, а '
    "потом оно попало в государство Украину»."
)
# bsnlp-ru brexit file_1026 (polit.ru press review): `отмечает автор` of Bloomberg's piece.
REVIEW = (
    "Джонсон, впрочем, ограничился вербальными инвективами, но никуда уходить не стал. Между тем, "
    "курс фунта на отставку Дэвиса практически не отреагировал. Темой фунта заинтересовался также "
    "Bloomberg . Все выходные, отмечает автор, в прессе появлялись красочные заголовки, а в "
    "британском правительстве продолжались политические трения по поводу отделения от ЕС. Но курс "
    "фунта стерлингов это всё по большому счету игнорировал. Возможно, считает автор, это "
    "объясняется тем, что рынки заняли выжидательную позицию."
)

CASES = [
    # an institution word of another kind is another body than the unnamed one that spoke last
    ("other-kind-of-body", TANKER, "судовладелец включен", "спецслужб", "компани"),
    ("continues-that-body", TANKER, "Мы зафиксировали", "спецслужб", "компани"),
    ("same-kind-kept", TANKER, "очередная попытка", "компани", "спецслужб"),
    # an unnamed author is the outlet whose piece is retold, never the person named before
    ("author-is-outlet", REVIEW, "красочные заголовки", "bloomberg", "дэвис"),
    ("author-again", REVIEW, "выжидательную позицию", "bloomberg", "дэвис"),
]


@pytest.mark.parametrize(
    ("text", "needle", "want", "never"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_speaker_on_a_real_passage(nlp: NLP, text: str, needle: str, want: str, never: str) -> None:
    shown = shown_words(the_quote(annotate(nlp, text)[0], needle))
    assert want in shown and never not in shown, shown
