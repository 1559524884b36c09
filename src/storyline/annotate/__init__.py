"""Annotation: text in, spans out. Pure, so it runs in-process, in a pool or on workers.

Order of the stages (each a module here):
segment -> nlp (tokens, lemmas, morphology, raw NER) -> entities -> dates ->
quantities -> quotes. `lang` decides whether the full Russian pipeline runs.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from storyline.annotate.ages import extract_ages
from storyline.annotate.dates import dates_written_told
from storyline.annotate.entities import extract_entities
from storyline.annotate.lang import detect_language
from storyline.annotate.lead_event import extract_lead_events, lead_sentences
from storyline.annotate.nlp import NLP, ParsedText
from storyline.annotate.quantities import extract_quantities
from storyline.annotate.quantity_syntax import attach_syntax
from storyline.annotate.quotes import extract_quotes
from storyline.annotate.readings import read_words
from storyline.annotate.segment import segment
from storyline.isodate import PartialDate, parse_iso
from storyline.model import Annotation, Article, QuantityMention, Token

# Bump when annotation output changes: stored annotations of another version are redone.
VERSION = "29"  # 29: session 19 quotes: dash and `Вопрос:`/`Ответ:` dialogues answered by whom the lead names; an answer runs on over its paragraphs; `По словам X, <clause>: «…»` keeps the clause; no pronoun resolves to an answerer; `заявление X о том, что …` reports with no speech verb; an adverb may open a trailing frame (`…, неоднократно заявляла Москва`); `…, приводит слова X` frames unmarked words, X not the outlet after it
# 28: session 17 timeline (merged in session 19): the day a crawl-stamped text says it was written (`Annotation.written`), else the first day its lead tells as past (`Annotation.told`, session 19)
# 27: session 18 quotes: interview answers after `Name:`; colon lead-ins with a named subject and no speech verb; the paragraph after a colon ending its line
# 26: session 18 speakers: a person's gender from agreeing predicates; a role of an indeclinable name is a relation; posts sought or left are no role
# 25: session 16 figures: Wikipedia reference marks are no figures; a bare figure hung from its own "у X" is X's
# 24: session 16's ner (23) and speakers (22) rules together
# 23: place adjective + institution head is an ORG ("британских властей"), the adjective a nested LOC
# 22: session 16 speakers: prepositions over adjectives, a body's owner, mixed marks, `на` seats, stops off names, glued acronym sentences, long quoted names, an outlet's possessive
# 20: session 15 speakers2: a parenthetical frame inside a relayed sentence owns its words; a relational adjective names a statement's body; a role phrase opening the sentence after a speaking subject is that speaker
# 19: session 15 ledger: an elliptical figure inherits no item from a place figure; a bare ordinal after "стать" counts its subject; "оправдал 47-летнюю женщину" is the one person named before; "таких случаев насчитывается 165" counts случаи
# 19 also: session 15 speakers: idiom objects, role heads, spokespersons, role possessors.
# 18: session 14 quotes3 (below); 17: session 14: quotes, timeline and ledger rules.
# 18 also: session 14 quotes3: an institution word never resolves to an organisation of a clashing kind (компания: no body of the state; ведомство/министерство/посольство: no company or outlet).
# 17 also: session 14 ledger: figure owners from the parse (relative clauses, participles, converbs, "у" possessors, gapped clauses, a name in apposition, a person inside the counted phrase); "227 их голосов" counts голоса.
# 17 also: session 14 quotes: an impersonal frame ends at its text's author; an apposition after a frame ends at a subordinate clause; an outlet `ссылаясь на X` / `со ссылкой на X` in any frame credits X; a Latin outlet of two words (`Arab News`) after a trailing frame only relays.
# 17 also: session 14 timeline: dates: the analytic future ("будет опубликован") points a weekday ahead; "1 января будущего года" is the next year's; an anaphoric day counts from the day told last ("В тот же день … На следующий день"); "утром 4-го числа" is a day of the narrative's month.
# 16: session 13: intel: an age stated of a dative name ("Асии Биби 54 года."); roles: kin after a name with its relative, in-laws, congressmen, fixed-form names; dates: a crawl stamp far after a dated lead gives way to the text's latest day; "стала первой женщиной" counts 1; a person subject before a figure is its owner, not a place before him.
# 16 also: session 13: quotes: speaker and frame rules (docs/annotation-quotes.md, "Session 13").
# 16 also: session 13: group: the lead's events (root predicate and subject of the first two sentences).
# 16 also: session 13 quotes2: qualified roles, titles of a genitive name, dateline outlets (same doc).
# 15: session 11: intel: a weekday agrees with its preposition ("к среде"),
# "в минувшую среду" is the latest one, "в начале этого месяца", "2004-го года", "декабрь 2020-го —
# февраль 2021-го" one interval; a share of a vote is the one voted "за"; grouping: a capitalised
# adjective name takes its noun by dictionary agreement too ("Северный поток-2"), past a common noun
# opening the sentence ("Газопровод Северный").
# names: each word of a person's name takes its given name's case and gender ("Сергея Скрипаля" -> "Сергей Скрипаль").
# quotes: a pronoun after an unnamed role subject (`Министр
# обороны Польши выступил … Он сказал`) is that role or its named holder; a clause on a message
# noun (`отреагировали на заявления Меркель о том, что`) is the message author's; `по его
# словам` after an unnamed role subject names that role; a trailing `…, как заявил X.` is a quote;
# `X, по словам Y, predicate` (a source between subject and predicate) quotes the sentence.
# quotes 11c: `со ссылкой на <named source>` in a recap, `Такое мнение … сообщил X`, `С его слов`, no speaker on `на своей странице в Facebook`, `…, отметила диетолог, профессор X, <participle>` → X.
# 14: round 11 quotes: a relay aside with any speech verb (`Как напоминает RT,`)
# leaves the clause to its own subject; a name the relative pronoun after it does not agree
# with is a possessor (`Адвокат Биби, которого`), and such a relation resolves only by role;
# `приводит слова дипломата` is the diplomat's; a feed stamp (`успешно. подробнее 31.01, 20:45`)
# and a heading glued to a quote (`мошенников"Кто знает`) end a sentence, the glued mark opens.
# Round 11 dates: "через год" / "спустя два года" with a past verb is years after the
# narrative's last told date ("Летом 2009 года … Через год её признали виновной": 2010).
# 13: round 10 quotes, second pass: a closed relative clause's predicate is
# not the sentence's; a text an outlet only carried is its maker's; a text named with its
# author ("заявление Трампа … звучало так:") is the author's. 12: round 10 quotes: a feed's stamp cut out of quote spans; impersonal
# follow-ons past four sentences, as an aside (`Как уточняется,`) and after a bare text noun
# (`говорится в сообщении`); the person quoted last across one sentence; a commentator word
# after a subject just introduced; no organisation after `по` for an institution word;
# monologues whose speaker drops the pronoun. 11: round 8. Dates: a year named by its adjective alone ("прошлый год
# стал", "за прошедший год"); "накануне" + a day is its eve; "Новый год" as a holiday.
# Roles: a preposition inside an apposition after the name, two comma-joined roles of one
# person, medical specialists as role heads. An interval between happenings ("через 21 день
# после первой", "с промежутком в 21 день") is a figure. Quotes: the speaker a role word or
# surname fits twice is the one who spoke last; unmarked speech over several sentences and
# after a colon; reports credited to the company named before, never to a relaying outlet;
# phase verb + speech infinitive; forecasting verbs;
# 10: speakers of round 7 (unnamed sources of an outlet and the `Они` after
# them, a name later in a description's phrase, a relayed text's author, promises with an
# infinitive, a converb after its main clause, collective speakers with their adjectives,
# the body a spokesperson's institution word stands for);
# a full stop glued to the next sentence ("2021 года.Директор") ends a sentence;
# coordinated dates share the year written after the second ("В мае и июне 2020 года");
# roles on a compound head ("врач-инфекционист"), after "в качестве", "партнер"
# 9: roles past a genitive determiner ("всея Руси"), a name tagged in the wrong
# case, an office after "занимавший пост"; an article's own dateline anchors its dates;
# speakers of round 6 (a place acting as the body seated there is shown by its name,
# `обвинил X, что`, `убежден, что`, `а последний`, a lead-sentence role pointing ahead, names
# in apposition to an oblique role noun, NER spans over two people, glued stops)
# 8: a weekday announced as coming ("в преддверии встречи в пятницу") is the
# next one; "со следующей недели", "до следующего года" are interval bounds; recapped speech
# (`… . Об этом заявил X`), speaker resolution of round 5 (pronouns past a trailing frame's
# own words, role heads over the body they head, relays)
# 7: place adjectives ("российские власти") are LOC mentions of their place;
# counting ordinals ("уже третий день") and partitives ("шесть из семи компаний") are
# quantities; quote frames and speakers of round 4;
# dictionary readings of the title's words and the text's verbs
# 6: nested mentions (the place or person inside an organisation's name)
# 5: figures get their subject and governing word from the dependency parse; ages
# 4: speech without quote marks, PER/ORG-only speakers, roles with complements
# 3: number words (trillions and beyond, "полтора десятка" = 15, "пара тысяч"), exact decimal multipliers
# 2: institution speakers, holidays as dates, a date opening a sentence splits it


class Annotator:
    """Runs every annotation stage. Holds the loaded models; build once per process."""

    def __init__(self, nlp: NLP | None = None) -> None:
        self.nlp = nlp or NLP()

    def annotate(self, article: Article) -> Annotation:
        return self.annotate_many([article])[0]

    def annotate_many(self, articles: Sequence[Article]) -> list[Annotation]:
        langs = [article.lang or detect_language(article.text) for article in articles]
        sentences = [segment(article.text) for article in articles]
        russian = [i for i, lang in enumerate(langs) if lang == "ru"]
        parsed = self.nlp.parse_many([(articles[i].text, sentences[i]) for i in russian])
        by_index: dict[int, ParsedText] = dict(zip(russian, parsed, strict=True))
        out = []
        for i, article in enumerate(articles):
            published = parse_iso(article.published)
            out.append(self._finish(article, langs[i], sentences[i], by_index.get(i), published))
        self._parse_figures(out, by_index)
        return out

    def _with_ages(
        self,
        text: str,
        sentences: list,
        entities: list,
        quantities: list[QuantityMention],  # type: ignore[type-arg]
    ) -> list[QuantityMention]:
        """The figures plus people's ages ("44-летний Рааб"), each item with its plural."""
        all_ages = extract_ages(text, sentences, entities)
        # "Асии Биби 51 год" is her age, not a span of years the story counts
        quantities = [
            q
            for q in quantities
            if q.item not in ("год", "лет") or not any(a.start < q.end and q.start < a.end for a in all_ages)
        ]
        taken = [(q.start, q.end) for q in quantities]
        ages = [a for a in all_ages if not any(s < a.end and a.start < e for s, e in taken)]
        for q in quantities:
            if q.item and q.item[:1].isalpha():
                plural = self.nlp.inflect(q.item, {"plur", "nomn"})
                q.item_plural = plural.lower().replace("ё", "е") if plural else None
        return sorted([*quantities, *ages], key=lambda q: q.start)

    def _parse_figures(self, annotations: list[Annotation], parsed: dict[int, ParsedText]) -> None:
        """Dependency-parse the lead sentences and the sentences that hold figures (the
        only ones grouping and the ledger read syntax from; a full parse would cost more
        than every other stage), give each figure its subject and governing word, and
        keep the lead's events."""
        items = []
        for i, p in parsed.items():
            ann = annotations[i]
            lead = lead_sentences(ann.sentences)
            items += [(p, s) for s in lead]
            starts = sorted(q.start for q in ann.quantities)
            for s in ann.sentences[len(lead) :]:
                k = bisect_left(starts, s.start)  # the first figure at or after the sentence's start
                if k < len(starts) and starts[k] < s.end:
                    items.append((p, s))
        if not items:
            return
        self.nlp.parse_syntax(items)
        for i, p in parsed.items():
            annotations[i].lead_events = extract_lead_events(p)
            if annotations[i].quantities:
                attach_syntax(annotations[i].quantities, p, annotations[i].entities)

    def _finish(
        self,
        article: Article,
        lang: str,
        sentences: list,  # type: ignore[type-arg]
        parsed: ParsedText | None,
        published: PartialDate | None,
    ) -> Annotation:
        text = article.text
        ann = Annotation(lang=lang, full=parsed is not None, sentences=sentences, version=VERSION)
        if parsed is None:
            # Other languages: what needs no Russian model (sentences, dates, numbers).
            ann.dates, written, told = dates_written_told(text, sentences, published, lang=lang)
            ann.written = written.iso() if written is not None else None
            ann.told = told.iso() if told is not None else None
            ann.quantities = extract_quantities(text, sentences, None, [], self.nlp, lang=lang)
            ann.readings = read_words(article.title or "", [])
            return ann
        ann.tokens = [Token(t.start, t.end, t.text, t.lemma, t.pos) for t in parsed.tokens]
        ann.entities = extract_entities(parsed, self.nlp)
        # Figures and speakers belong to the outer name ("МИД России"), not the place inside it.
        outer = [m for m in ann.entities if not m.nested]
        ann.dates, written, told = dates_written_told(text, sentences, published, lang=lang, parsed=parsed)
        ann.written = written.iso() if written is not None else None
        ann.told = told.iso() if told is not None else None
        ann.quantities = self._with_ages(
            text, sentences, outer, extract_quantities(text, sentences, parsed, outer, self.nlp, lang=lang)
        )
        ann.quotes = extract_quotes(parsed, outer, self.nlp)
        ann.readings = read_words(article.title or "", ann.tokens)
        return ann
