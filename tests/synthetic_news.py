"""Synthetic Russian news text of any size, dense with dates, figures, names and
quotes, for scaling checks (issue #15: annotation cost grew faster than the text).

Deterministic for a given seed. Sentences are grammatical enough for the tagger
to behave as on news; paragraphs break every few sentences, as scraped news does.
"""

from __future__ import annotations

import random
from typing import Literal

Kind = Literal["dates", "quantities", "mixed"]

DATES = [
    "7 января 2022 года",
    "вчера",
    "накануне",
    "накануне выборов",
    "в пятницу, 7 января",
    "8 ноября",
    "сегодня, 8 ноября",
    "на следующий день",
    "в прошлый вторник",
    "через 3 дня",
    "5 лет назад",
    "в прошлом году",
    "на прошлой неделе",
    "с 28 декабря по 5 января 2022 года",
    "в 1990-х годах",
    "10.01.2022",
    "днём ранее",
    "завтра",
    "в понедельник",
    "до 19 января",
    "в ночь на 6 января",
    "в начале февраля",
    "2021-12-30",
    "в 2010 году",
    "в этом месяце",
]
FIGURES = [
    "десятки триллионов рублей",
    "1,5 млн долларов",
    "от 100 до 300 военнослужащих",
    "двадцать пять тысяч человек",
    "10% голосов",
    "$100 млн",
    "несколько сотен участников",
    "полтора миллиарда рублей",
    "3 000 тонн зерна",
    "сотни тысяч жителей",
    "пару десятков машин",
    "более 40 единиц техники",
    "около 2,3 трлн рублей",
    "как минимум 164 человека",
    "не менее трёх тысяч",
    "5–7 километров",
]
NAMES = [
    "Касым-Жомарт Токаев",
    "Министерство финансов",
    "Сбербанк",
    "ОДКБ",
    "мэрия Алматы",
    "Москва",
    "Госдума",
    "Николай Пашинян",
    "МВД Казахстана",
    "Евросоюз",
]
VERBS = ["заявил", "сообщил", "подписал", "отметил", "выступит", "потребовал", "объявил"]
QUOTES = [
    "«Мы не допустим повторения этих событий»",
    "«Ситуация под контролем»",
    "«Решение будет принято в ближайшие дни»",
]


def _sentence(r: random.Random, kind: Kind) -> str:
    name, verb = r.choice(NAMES), r.choice(VERBS)
    if kind == "dates" or (kind == "mixed" and r.random() < 0.4):
        return f"{r.choice(DATES).capitalize()} {name} {verb} о планах, а {r.choice(DATES)} — о новых мерах."
    if kind == "quantities" or r.random() < 0.6:
        return f"{name} {verb}, что {r.choice(FIGURES)} и {r.choice(FIGURES)} выделены {r.choice(DATES)}."
    return f"{r.choice(QUOTES)}, — {verb} {name} {r.choice(DATES)}."


def synthetic_text(size: int, kind: Kind = "mixed", seed: int = 0) -> str:
    """About `size` UTF-8 bytes of text (never more), cut at a sentence end."""
    r = random.Random(seed)
    parts: list[str] = []
    used = 0
    while True:
        sentence = _sentence(r, kind)
        separator = "\n" if parts and r.random() < 0.15 else " "
        cost = len(sentence.encode("utf-8")) + (len(separator) if parts else 0)
        if used + cost > size:
            break
        parts.append((separator if parts else "") + sentence)
        used += cost
    return "".join(parts)
