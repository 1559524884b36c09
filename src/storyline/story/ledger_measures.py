"""What act or happening a figure's counted noun counts, beyond the noun itself.

`ledger_ties` ties two figures by their counted noun ("лет", "голосов", "доз"). One noun
counts different measures in one story, and two of them are read here from the stored
annotation (tokens with part of speech, entity mentions):

* **a ballot's side.** A count followed by a bare "за" or "против" ("92 голоса – за, 7 –
  против") is the tally of one side of a vote on a motion: the Senate's or a state
  legislature's ballot, never a candidate's tally of the same noun ("Байден получил 97
  голосов выборщиков"). `side` names it; a side with its beneficiary ("302 голоса за
  Байдена") is the beneficiary's tally and no side.
* **a happening nobody names.** Two figures with no subject (neither the clause nor the
  merge gave one) from two articles whose sentences both name holders or places are one
  figure's history only when they name one in common: "препарат проходит испытания в шести странах
  (Аргентина, Бразилия, …)" and "вакцинация против COVID-19 проходит в 29 странах" are
  two happenings told with one noun and one verb (they share no name and no other content
  word); "погибли пять человек" (полиция Вашингтона) and "в Вашингтоне … погибли четыре
  человека" share Washington (`anchored`). A sentence that names nothing is read in its
  article's setting, the names of its lead (`ledger_setting`, session 19): "Погибли все 50
  человек." of an article on a crash at Kazan is no rival of "Погибли все 27 человек, …
  Турганбек Стамбеков" of a crash near Almaty.
"""

from __future__ import annotations

import re

from storyline.story.features import STOP_LEMMAS, norm_lemma
from storyline.story.ledger_entries import _Entry
from storyline.story.ledger_setting import names

__all__ = ["ROLE_SEPARATOR", "anchored", "side"]

# The side of a ballot right after the figure and its noun: a dash, "за" or "против", then a
# break ("92 голоса – за, 7 – против."). A closed class of two words: the two sides a vote on
# a motion has in Russian (calibration: bsnlp-ru us_election_2020, the Senate's and
# Pennsylvania's ballots "92 голоса – за" joined to Biden's 97 electoral votes, session 18
# audit seed 23 `f-8572ef69327d77e2`).
_SIDE = re.compile(r"^\s*[—–-]?\s*(за|против)\s*(?:[,.;:)]|$)", re.IGNORECASE)
# Parts of speech of the words that say what a happening is about (nouns, names, adjectives).
_CONTENT_POS = frozenset({"NOUN", "PROPN", "ADJ"})
# What parts a figure's item from its role ("голос | за", "год | через"; read by `ledger_ties`).
ROLE_SEPARATOR = " | "


def side(e: _Entry) -> str:
    """'за' / 'против' when the figure counts one side of a ballot, '' otherwise."""
    after = e.s.text[max(0, e.q.end - e.s.start) :]
    m = _SIDE.match(after)
    return ROLE_SEPARATOR + m.group(1).lower() if m else ""


def _names(e: _Entry) -> frozenset[str]:
    """The holders and places of the figure: its sentence's names, or, when the sentence names
    none, its article's setting (`ledger_setting`: "Погибли все 50 человек." is told in the
    scene its article's lead sets)."""
    return names(e.s) or e.setting


def anchored(old: _Entry, new: _Entry) -> bool:
    """Two figures can be one happening's: either has a subject, both are of one article
    (its own figures are read side by side by `ledger_status`), one figure names no holder
    or place even in its article's setting, or the two name one in common, or they share
    another content word of their sentences told in settings that meet."""
    if old.subject_key or new.subject_key or old.s.article_id == new.s.article_id:
        return True
    a, b = _names(old), _names(new)
    # a figure whose sentence and article lead name nothing says nothing of where or whose:
    # "До конца февраля поступит 70 тысяч доз" stays the rival of "68 000 доз"
    # (tests/story/test_ledger.py)
    if not (a and b) or a & b:
        return True
    # one word of the happening in common ("полицейский") ties two sentences of different
    # names only when their articles are told in one scene: the Capitol's four and five
    # dead (both leads name the USA), not two bus crashes of two regions
    return bool(_words(old) & _words(new)) and bool((a | old.setting) & (b | new.setting))


def _words(e: _Entry) -> set[str]:
    """The content words of the figure's sentence outside the figure, but for its own
    counted noun: what else the sentence says of the happening. Two sentences that share
    one ("Четыре человека погибли — … застрелил полицейский", "погибли пять человек, в том
    числе один полицейский", the first naming "ВВС США", the second Washington: the
    us-election-capitol-certification gold's one conflict) may tell one happening."""
    own = norm_lemma(e.own_item or "")
    return {
        norm_lemma(t.lemma)
        for t in e.s.tokens
        if t.pos in _CONTENT_POS and not (e.q.start <= t.start < e.q.end) and norm_lemma(t.lemma) != own
    } - STOP_LEMMAS
