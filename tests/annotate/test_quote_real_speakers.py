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

# bsnlp-ru brexit file_1138 (trud.ru): Peskov speaks, then Putin's words are recalled, then May's.
KREMLIN = "К сожалению, этот вклад Бориса Джонсона развитие британо-российских отношений можно оценить как весьма и весьма скромный, если не сказать большего, - сказал Песков. Мы ожидаем политического просветления Великобритании на этот счет, - добавил представитель Кремля.\n\nОн напомнил о недавних словах президента России Владимира Путина о том, что, безусловно, эту страницу (в российско-британских отношениях TRUD.RU) рано или поздно надо переворачивать. Ранее портал TRUD.RU сообщил, что на пост главы внешнеполитического ведомства Великобритании назначен бывший министр здравоохранения Джереми Хант. Борис Джонсон подал в отставку 9 июля. В тот же день уволился министр по делам выхода Великобритании из ЕС Дэвид Дэвис. Причиной такого решения стали разногласия с главой британского правительства Терезой Мэй по вопросу выхода Соединенного Королевства из Европейского союза. Джонсон является сторонником наиболее невыгодного для Евросоюза сценария Brexit, а Мэй намерена предложить руководству ЕС более мягкие условия. По словам премьера, Лондон предложит Брюсселю создать зону свободной торговли и обозначить перечень промышленных товаров и сельскохозяйственной продукции, которые не подпадут под будущие ограничения."
# bsnlp-ru brexit file_1124: a plural subject with a `среди которых` clause naming one of them.
OPPONENTS = 'План предусматривает "мягкий" вариант Brexit: создание зоны свободной торговли с ЕС для промышленных и сельскохозяйственных товаров и сохранность таможенных стандартов союза на британских границах. Противники этой стратегии, среди которых и экс-глава МИД Борис Джонсон, считают, что подобные условия поставят Лондон в зависимое положение по отношению к Евросоюзу и при этом лишат Великобританию возможности влиять на решения, принимаемые в Брюсселе.'

# bsnlp-ru nord_stream file_46: a recap opened by the outlet's relay aside.
RELAYED_RECAP = "Реализация проекта Северный поток-2 позволит снизить стоимость транспортировки газа в Европу. Как передает Rambler News Service , об этом заявил глава Восточного комитета германской экономики Вольфганг Бюхеле."
# bsnlp-ru nord_stream file_10 (obozrevatel.com): a relay holding a colon frame and its speech.
RELAYED_COLON = 'Как писал OBOZREVATEL , ранее постоянный представитель Украины при Совете Европы Дмитрий Кулеба заявил : в случае реализации проекта "Северный поток-2" Украина потеряет политический рычаг на международной арене - у Европы будет меньше интереса вмешиваться в войну с Россией.'

# bsnlp-ru us_election_2020 elections_ru_125 (lenta.ru copy): a dash glued to `обратился`.
GLUED_FRAME = "«Пожалуйста, поддержите нашу столичную полицию и правоохранителей. Они по-настоящему на стороне нашей страны. Оставайтесь мирными!», —обратился глава государства к протестующим. \n\nПрезидент США Дональд Трамп призвал своих протестующих сторонников, ворвавшихся в здание Капитолия в Вашингтоне, действовать мирно и поддерживать полицию. «Пожалуйста, поддержите нашу столичную полицию и правоохранителей. Они по-настоящему на стороне нашей страны. Оставайтесь мирными!», —обратился он."

CASES = [
    # an institution word of another kind is another body than the unnamed one that spoke last
    ("other-kind-of-body", TANKER, "судовладелец включен", "спецслужб", "компани"),
    ("continues-that-body", TANKER, "Мы зафиксировали", "спецслужб", "компани"),
    ("same-kind-kept", TANKER, "очередная попытка", "компани", "спецслужб"),
    # an unnamed author is the outlet whose piece is retold, never the person named before
    ("author-is-outlet", REVIEW, "красочные заголовки", "bloomberg", "дэвис"),
    ("author-again", REVIEW, "выжидательную позицию", "bloomberg", "дэвис"),
    # `о словах X о том, что …`: the words are X's, not the recaller's
    ("words-of-owner", KREMLIN, "надо переворачивать", "путин", "песков"),
    # a role word meets the subject just named as head of a body, not the last speaker
    ("head-of-body-holds-title", KREMLIN, "Лондон предложит", "мэй", "песков"),
    # a name inside `, среди которых …,` is not the subject of the plural verb
    # `Как передает X, об этом заявил Y`: the recap credits Y with the sentence before
    ("recap-after-relay-aside", RELAYED_RECAP, "снизить стоимость", "бюхеле", "rambler"),
    # `Как писал X, ранее Y заявил: …`: the innermost frame owns the speech
    ("colon-frame-inside-relay", RELAYED_COLON, "политический рычаг", "кулеб", "obozrevatel"),
    # `«…», —обратился глава государства`: a frame verb of address, the dash glued to it
    ("glued-dash-frame", GLUED_FRAME, "Пожалуйста, поддержите", "трамп", "пенс"),
    ("among-whom-clause", OPPONENTS, "зависимое положение", "противник", "джонсон"),
]


@pytest.mark.parametrize(
    ("text", "needle", "want", "never"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_speaker_on_a_real_passage(nlp: NLP, text: str, needle: str, want: str, never: str) -> None:
    shown = shown_words(the_quote(annotate(nlp, text)[0], needle))
    assert want in shown and never not in shown, shown
