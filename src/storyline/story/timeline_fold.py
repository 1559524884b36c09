"""The story's timeline, built one article at a time in reading order.

The rules are `story.timeline`'s (what dates a sentence, when two tellings are
one happening, which telling names an event); this module applies them as a
fold, so that adding an article that comes last in reading order touches only
the events its sentences join:

1. its dated sentences join the first event (in creation order) of the same
   date whose first telling they restate, or open one (an index by date, not
   a scan of every event);
2. undated restatements join through novelty's links: a sentence without a
   date of its own joins the event of a telling it restates (or that restates
   it), at most `UNDATED_HOPS` links away, when it says the same as one of the
   event's dated tellings; a sentence joins one event at most, the first to
   reach it;
3. its lead, when it has no date, joins an event another article dates at most
   `LEAD_DAYS` before its publication (an index by day), else it is an event of
   its publication day.

Every comparison uses the story's IDF as of the article being added (see
`story.state`): what a reader knew then. An event's text is chosen when its
tellings change, with the IDF of that moment, so an untouched event keeps its
text and a rebuild (the same fold from the first article) gives the same one.

Every change an article's fold makes is written to a journal (`Journal`), so the
fold can be taken back to the moment before any article (`rollback`): an article
that arrives late (it sorts before folded ones) is folded in by undoing the
articles after its place and folding them again after it, exactly as a rebuild
would have met them.

The event itself is `story.timeline_fold_event`; what the fold shows (renderings,
the happening merge) is `story.timeline_fold_view`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from storyline.model import Precision, TimelineEvent
from storyline.story.features import SentenceInfo
from storyline.story.similarity import Idf
from storyline.story.timeline import (
    LEAD_DAYS,
    UNDATED_HOPS,
    _entity_ids,
    _Event,
    _event_text,
    _related,
    _same_claim,
    event_candidates,
    news_day,
    news_day_tellings,
    report_frames,
)
from storyline.story.timeline_address import no_happening
from storyline.story.timeline_dates import CRAWL_GAP_DAYS, crawl_news_day, stamp_free
from storyline.story.timeline_fold_event import FRAME_HOP, LEAD_HOP, Entry, FoldEvent, Key, Links
from storyline.story.timeline_fold_view import TimelineView

__all__ = ["FRAME_HOP", "LEAD_HOP", "FoldEvent", "TimelineFold"]


class TimelineFold:
    """Events of a story so far, with the indexes that keep one article's addition local."""

    def __init__(self) -> None:
        self.events: list[FoldEvent] = []
        # Events opened so far: the next one's number. Not len(events): an event closed
        # in the middle (its lead claimed) would hand its slot's number to a live event's
        # twin, and the renderings and merge facts kept per number would be shared.
        self.opened = 0
        self.by_date: dict[tuple[str | None, str | None], list[FoldEvent]] = {}
        self.by_day: dict[date, list[FoldEvent]] = {}
        self.home: dict[Key, FoldEvent] = {}  # sentence key -> the event it tells (at most one)
        self.sentences: dict[Key, SentenceInfo] = {}
        self.linked: dict[Key, set[Key]] = {}  # novelty links, both ways round
        self.view = TimelineView()  # renderings and merge facts, per event number
        self.frame_of: dict[Key, SentenceInfo] = {}  # telling -> the frame that reports it
        self.journal: list[Entry] = []  # every change of every article's fold, in order
        self.starts: list[int] = []  # per folded article (reading position): its first journal entry
        # stored day -> folded articles whose text proves it a crawl's stamp (`_news_day`)
        self.stamps: dict[date, int] = {}
        # article -> the day its lead tells (`Annotation.told`), for articles folded with none
        # of their own day: the day their undated news moves to once their stored day is proved
        # a stamp (`_unstamp`)
        self.told: dict[str, date] = {}

    def _home(self, key: Key, ev: FoldEvent) -> None:
        self.journal.append(("home", key, self.home.get(key)))
        self.home[key] = ev

    def _join(self, ev: FoldEvent, s: SentenceInfo, said: str, hop: int) -> None:
        self.journal.append(("add", ev, s.key))
        ev.add(s, said, hop)

    # ------------------------------------------------------------------ folding
    def add_article(
        self,
        sentences: Sequence[SentenceInfo],
        links: Links,
        idf: Idf,
        published: Mapping[str, date | None],
        written: date | None = None,
        told_day: date | None = None,
    ) -> None:
        """Fold one article (the last in reading order) in; `links` holds novelty's links so
        far, `written` the day the article's text says it was written when its stored day is
        a crawl's stamp (`Annotation.written`), `told_day` the first day its lead tells as past
        (`Annotation.told`)."""
        touched: dict[int, FoldEvent] = {}
        self.starts.append(len(self.journal))
        journal = self.journal
        if not sentences:
            return
        stored = published.get(sentences[0].article_id)
        if written is None and told_day is not None:
            self.__dict__.setdefault("told", {})[sentences[0].article_id] = told_day
            journal.append(("told", sentences[0].article_id))
        day = self._news_day(stored, written, told_day, (links, idf), touched)
        proven = stored is not None and bool(self.__dict__.get("stamps", {}).get(stored))
        if stored is not None and written is None and (day != stored or proven):
            # a crawl's stamp: it dates nothing relatively (the day the article's own lead
            # tells, when it tells one, dates its undated news instead; without one the
            # stamp stays only their bound, `crawl_news_day`)
            sentences = stamp_free(sentences, stored)
        published = {sentences[0].article_id: day}
        for s in sentences:
            self.sentences[s.key] = s
            journal.append(("sentence", s.key))
            for prior in links.get(s.key, ()):
                mine = self.linked.setdefault(s.key, set())
                if prior not in mine:
                    mine.add(prior)
                    self.linked.setdefault(prior, set()).add(s.key)
                    journal.append(("link", s.key, prior))
        for s, said, start, end, precision in event_candidates([list(sentences)], published):
            bucket = self.by_date.setdefault((start, end), [])
            # compared with the event's first telling, not any (see story.timeline)
            ev = next((e for e in bucket if e.first is not None and _related(s, e.first, idf, links)), None)
            if ev is None:
                ev = self._open(start, end, precision)
                bucket.append(ev)
                journal.append(("bucket", (start, end)))
                ev.first = s
            self._join(ev, s, said, 0)
            ev.dated.append(s)
            journal.append(("dated", ev))
            self._home(s.key, ev)
            touched[ev.number] = ev
        self._undated(sentences, touched, idf)
        self._lead(sentences, links, idf, published, touched)
        day = news_day(sentences, published.get(sentences[0].article_id))
        for frame, telling in report_frames(sentences, day):
            journal.append(("frame", telling.key, self.frame_of.get(telling.key)))
            self.frame_of[telling.key] = frame
            self._adopt(telling.key, touched)
        for ev in touched.values():
            if not ev.evidence:
                continue
            journal.append(("text", ev, ev.text, ev.entity_ids))
            view = _Event(
                ev.date, ev.date_end, ev.precision, list(ev.evidence), [ev.said[s.key] for s in ev.evidence]
            )
            # the event is named by a telling, not by a frame or a narration riding with one
            # ("Его преемником стал Доминик Рааб." before "Разногласия … стали причиной …")
            tellings = [s for s in ev.evidence if ev.hops[s.key] != FRAME_HOP] or list(ev.evidence)
            ev.text = _event_text(
                _Event(ev.date, ev.date_end, ev.precision, tellings, [ev.said[s.key] for s in tellings]), idf
            )
            ev.entity_ids = _entity_ids(view)
            self.view.forget(ev.number)

    def _news_day(
        self,
        stored: date | None,
        written: date | None,
        told: date | None,
        context: tuple[Links, Idf],
        touched: dict[int, FoldEvent],
    ) -> date | None:
        """The day that dates the article's undated news (`timeline_dates.crawl_news_day`);
        a stored day the text proves a crawl's stamp (its written day more than
        `CRAWL_GAP_DAYS` away: a report filed the evening before proves nothing) is kept
        (journalled) for the articles after it, and the undated tellings the articles before
        it had put on that day leave their events (`_unstamp`)."""
        stamps = self.__dict__.setdefault("stamps", {})  # (a fold pickled before stamps existed)
        if stored is not None and written is not None and abs((stored - written).days) > CRAWL_GAP_DAYS:
            stamps[stored] = stamps.get(stored, 0) + 1
            self.journal.append(("stamp", stored))
            if stamps[stored] == 1:
                self._unstamp(stored, context, touched)
        return crawl_news_day(stored, written, stamps, told)

    def _unstamp(self, day: date, context: tuple[Links, Idf], touched: dict[int, FoldEvent]) -> None:
        """Take the leads and undated statements placed on `day` out of their events: `day`
        is a crawl's stamp, not the day they were told (us-election-capitol-certification:
        its first article, with no dateline, put its acts on 1 February before the second
        one's "6 января 2021, 08:25" showed the stamp). An article whose lead tells its own
        day (`told`) places them again on that day, as it would have, folded after the
        proof. Rebuilt or extended, the fold meets the proof at the same article, so both
        take the same tellings out and put the same back."""
        released: set[str] = set()
        told = self.__dict__.get("told", {})
        for ev in list(self.by_day.get(day, ())):
            for s in [s for s in ev.evidence if ev.hops.get(s.key) == LEAD_HOP]:
                # only an article with a day of its own moves: one without keeps the stamp
                # (`timeline_dates.crawl_news_day`), as it would folded after the proof
                if self.home.get(s.key) is ev and s.article_id in told:
                    self._release(s.key, touched)
                    released.add(s.article_id)
        links, idf = context
        again: dict[str, list[SentenceInfo]] = {}
        for s in self.sentences.values():
            if s.article_id in released and s.article_id in told:
                again.setdefault(s.article_id, []).append(s)
        for article_id, sentences in sorted(again.items(), key=lambda item: min(s.position for s in item[1])):
            sentences.sort(key=lambda s: s.index)
            self._lead(sentences, links, idf, {article_id: told[article_id]}, touched)

    def _open(
        self, start: str | None, end: str | None, precision: Precision, lead: bool = False
    ) -> FoldEvent:
        ev = FoldEvent(self.opened, start, end, precision, lead_event=lead)
        self.opened += 1
        self.events.append(ev)
        self.journal.append(("open", ev))
        day = ev.day()
        if day is not None:
            self.by_day.setdefault(day, []).append(ev)
        return ev

    def _eligible(self, key: Key) -> SentenceInfo | None:
        """An undated text sentence with a predicate that tells no event yet."""
        other = self.sentences.get(key)
        if other is None or other.kind != "text" or not other.verbs() or no_happening(other):
            return None
        home = self.home.get(key)
        if home is not None and home.hops[key] != LEAD_HOP:
            return None  # a lead is placed only for want of a restatement: it may still be claimed
        if any((d.value or d.value_end) for d in other.dates):
            return None  # it has a date of its own and was placed by it (or is no happening)
        return other

    def _undated(self, sentences: Sequence[SentenceInfo], touched: dict[int, FoldEvent], idf: Idf) -> None:
        """Undated restatements reached through links from this article's dated tellings; then
        each undated sentence of this article joins the first event (in creation order) with
        a telling it is linked to, when it says the same as one of the event's dated tellings."""
        seeds: list[tuple[FoldEvent, Key]] = []
        for s in sentences:  # this article's dated tellings: their neighbours
            ev = self.home.get(s.key)
            if ev is not None and ev.hops.get(s.key) == 0:
                seeds.append((ev, s.key))
        for ev, key in sorted(seeds, key=lambda p: (p[0].number, self._rank(p[1]))):
            self._reach(ev, key, idf, touched)
        for s in sentences:  # this article's undated sentences next to an event's telling
            if self._eligible(s.key) is None:
                continue
            near = []
            for key in self.linked.get(s.key, ()):
                ev = self.home.get(key)
                if ev is not None and ev.hops.get(key, LEAD_HOP) < UNDATED_HOPS:
                    near.append((ev.number, self._rank(key), ev, ev.hops[key]))
            for _, _, ev, hop in sorted(near, key=lambda p: (p[0], p[1])):
                if any(_same_claim(s, d, idf) for d in ev.dated):
                    self._release(s.key, touched)
                    self._join(ev, s, "", hop + 1)
                    self._home(s.key, ev)
                    touched[ev.number] = ev
                    self._adopt(s.key, touched)
                    self._reach(ev, s.key, idf, touched)
                    break

    def _rank(self, key: Key) -> tuple[int, int]:
        s = self.sentences.get(key)
        return (s.position, s.index) if s is not None else (0, 0)

    def _reach(self, ev: FoldEvent, key: Key, idf: Idf, touched: dict[int, FoldEvent]) -> None:
        frontier = [key]
        while frontier:
            found = []
            for k in frontier:
                hop = ev.hops.get(k, LEAD_HOP)
                if hop >= UNDATED_HOPS:
                    continue
                for near in sorted(self.linked.get(k, ()), key=self._rank):
                    other = self._eligible(near)
                    if other is None or not any(_same_claim(other, d, idf) for d in ev.dated):
                        continue
                    self._release(near, touched)
                    self._join(ev, other, "", hop + 1)
                    self._home(near, ev)
                    touched[ev.number] = ev
                    self._adopt(near, touched)
                    found.append(near)
            frontier = found

    def _adopt(self, key: Key, touched: dict[int, FoldEvent]) -> None:
        """The frame reporting the telling `key` joins the telling's event."""
        frame, ev = self.frame_of.get(key), self.home.get(key)
        if frame is None or ev is None or frame.key in self.home:
            return
        self._join(ev, frame, "", FRAME_HOP)
        self._home(frame.key, ev)
        touched[ev.number] = ev

    def _release(self, key: Key, touched: dict[int, FoldEvent]) -> None:
        """Take a placed lead out of its event (a restatement claims it); an event left
        without tellings is gone. Its report frame leaves with it (`_adopt` moves it)."""
        frame = self.frame_of.get(key)
        if frame is not None and self.home.get(frame.key) is self.home.get(key) and key in self.home:
            self._release(frame.key, touched)
        ev = self.home.pop(key, None)
        if ev is None:
            return
        self.journal.append(("home", key, ev))
        at = next(i for i, s in enumerate(ev.evidence) if s.key == key)
        self.journal.append(("unadd", ev, ev.evidence[at], at, ev.hops[key], ev.said[key]))
        del ev.evidence[at]  # (one telling per key: the same as keeping the others)
        del ev.hops[key], ev.said[key]
        touched[ev.number] = ev
        if not ev.evidence:
            index = self.events.index(ev)
            del self.events[index]
            day = ev.day()
            place = None
            if day is not None:
                place = self.by_day[day].index(ev)
                del self.by_day[day][place]
            self.journal.append(("close", ev, index, place))
            self.view.forget(ev.number)

    def _lead(
        self,
        sentences: Sequence[SentenceInfo],
        links: Links,
        idf: Idf,
        published: Mapping[str, date | None],
        touched: dict[int, FoldEvent],
    ) -> None:
        day = news_day(sentences, published.get(sentences[0].article_id)) if sentences else None
        for s, is_lead in news_day_tellings(sentences, day):  # the lead, then the day's statements
            if day is None or s.key in self.home:
                continue
            near = sorted(
                (ev for d in range(LEAD_DAYS + 1) for ev in self.by_day.get(day - timedelta(days=d), ())),
                key=lambda ev: ev.number,
            )
            home = next((ev for ev in near if any(_related(s, e, idf, links) for e in ev.evidence)), None)
            if home is None and not is_lead and links.get(s.key):
                continue  # a restatement of an earlier telling is not the day's news
            if home is None:
                home = self._open(day.isoformat(), None, "day", lead=True)
            self._join(home, s, "", LEAD_HOP)
            self._home(s.key, home)
            touched[home.number] = home

    # ------------------------------------------------------------------ undoing
    def rollback(self, position: int) -> None:
        """Undo the folds of the articles at reading positions `position` and after, newest
        first: the fold is then what it was before that article was added."""
        if position >= len(self.starts):
            return
        cut = self.starts[position]
        touched: set[int] = set()
        for entry in reversed(self.journal[cut:]):
            self._undo(entry, touched)
        del self.journal[cut:]
        del self.starts[position:]
        for number in touched:  # renderings of the events as they were after the undone folds
            self.view.forget(number)

    def _undo(self, entry: Entry, touched: set[int]) -> None:
        op = entry[0]
        if op == "sentence":
            del self.sentences[entry[1]]
        elif op == "link":
            for a, b in ((entry[1], entry[2]), (entry[2], entry[1])):
                near = self.linked[a]
                near.discard(b)
                if not near:
                    del self.linked[a]
        elif op == "home":
            if entry[2] is None:
                del self.home[entry[1]]
            else:
                self.home[entry[1]] = entry[2]
        elif op == "add":
            ev, key = entry[1], entry[2]
            at = next(i for i in range(len(ev.evidence) - 1, -1, -1) if ev.evidence[i].key == key)
            del ev.evidence[at]
            del ev.hops[key], ev.said[key]
            touched.add(ev.number)
        elif op == "unadd":
            ev, s, at, hop, said = entry[1:]
            ev.evidence.insert(at, s)
            ev.hops[s.key], ev.said[s.key] = hop, said
            touched.add(ev.number)
        elif op == "dated":
            entry[1].dated.pop()
        elif op == "bucket":
            bucket = self.by_date[entry[1]]
            bucket.pop()
            if not bucket:
                del self.by_date[entry[1]]
        elif op == "open":
            ev = self.events.pop()
            assert ev is entry[1], "the journal is undone newest first"
            self.opened = ev.number  # the counter as it was before this event opened
            day = ev.day()
            if day is not None:
                self.by_day[day].pop()
                if not self.by_day[day]:
                    del self.by_day[day]
            touched.add(ev.number)
        elif op == "close":
            ev, index, place = entry[1:]
            self.events.insert(index, ev)
            day = ev.day()
            if place is not None and day is not None:
                self.by_day.setdefault(day, []).insert(place, ev)
            touched.add(ev.number)
        elif op == "frame":
            if entry[2] is None:
                del self.frame_of[entry[1]]
            else:
                self.frame_of[entry[1]] = entry[2]
        elif op == "stamp":
            stamps = self.__dict__["stamps"]
            stamps[entry[1]] -= 1
            if not stamps[entry[1]]:
                del stamps[entry[1]]
        elif op == "told":
            del self.__dict__["told"][entry[1]]
        elif op == "text":
            ev = entry[1]
            ev.text, ev.entity_ids = entry[2], entry[3]
            touched.add(ev.number)
        else:  # pragma: no cover - every operation written above is undone above
            raise ValueError(f"unknown journal entry {op!r}")

    # ------------------------------------------------------------------ output
    def timeline(self, story_start: date | None, idf: Idf | None = None) -> list[TimelineEvent]:
        """Events in chronological order (see `TimelineView.timeline`)."""
        return self.view.timeline(self.events, story_start, idf)
