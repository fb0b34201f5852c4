"""One timeline out of many documents: order events on the axis, merge the same event reported by
several articles, and filter.

Ordering rule (mixed granularities): events are sorted by the start of their interval; when two
start together, the longer interval comes first, so "August 2022" precedes "5 August 2022" and
"early February" (Feb 1–11) precedes "3 February"; then by the order of the documents as given,
then, within one article, what it tells in the past perfect before the rest ("had resigned" before
"said"), then by position in the document. An event with only a month is placed where that month begins:
the reader sees the month opening before the days inside it.

Merging rule: two events from different documents are the same event when their dates overlap and
their participants mostly coincide (fuzzy names: "Winter Olympics" ≈ "Winter Olympic Games"),
with the same trigger lemma or similar headlines unless the participants agree almost entirely.
A merged event keeps every source; its date is the most precise of its members'.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import re
from dataclasses import dataclass, field, replace
from typing import Iterable

from timeline.events.context import CROSS_DOCUMENT, enabled as rule_enabled, explanation
from timeline.events.vocabulary import event_kinds, same_kind
from timeline.model import Document, Event, Participant

_STOP = {
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "with", "and", "or", "by", "from", "as", "is", "was",
    "were", "are", "be", "been", "has", "have", "had", "his", "her", "their", "its", "it", "he", "she", "they",
    "that", "this", "will", "would", "also", "s", "'s", "’s",
}
_PRECISION = {"millennium": 0, "century": 1, "decade": 2, "year": 3, "half": 4, "season": 4, "quarter": 5,
              "month": 6, "week": 7, "day": 8, "time": 9}
_SYNONYMS = {"talk": "meet", "meeting": "meet", "talks": "meet", "visit": "visit", "trip": "visit",
             "travel": "visit", "see": "meet"}


@dataclass
class Timeline:
    """Events on the axis (ordered), events kept apart (vague or undated), and the documents read."""

    events: list[Event] = field(default_factory=list)
    vague: list[Event] = field(default_factory=list)
    undated: list[Event] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)

    def all_events(self) -> list[Event]:
        return self.events + self.vague + self.undated


@functools.lru_cache(maxsize=65536)
def _moment(value: str | None) -> dt.datetime:
    if not value:
        return dt.datetime.max
    return dt.datetime.fromisoformat(value)


# within one date and one article, what the past perfect tells happened before what the simple past tells
_TENSE_RANK = {"past-perfect": 0}


def order_key(event: Event, doc_rank: dict[str, int]) -> tuple:
    start, end = _moment(event.date.start), _moment(event.date.end)
    source = event.sources[0]
    return (start, -(end - start).total_seconds() if end != dt.datetime.max else 0,
            doc_rank.get(source.document_id, len(doc_rank)), _TENSE_RANK.get(event.tense or "", 1), source.trigger_start)


def _words(text: str) -> set[str]:
    out = set()
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        if word in _STOP:
            continue
        out.add(re.sub(r"(?:ing|ed|es|s)$", "", word) if len(word) > 4 else word)
    return out


@functools.lru_cache(maxsize=65536)
def _name_words(name: str) -> frozenset[str]:
    return frozenset(re.sub(r"s$", "", w) for w in re.findall(r"[a-z0-9]+", name.lower()) if w not in _STOP)


def _same_participant(a: Participant, b: Participant) -> bool:
    if a.name == b.name:
        return True
    wa, wb = _name_words(a.name), _name_words(b.name)
    if not wa or not wb:
        return False
    return len(wa & wb) / len(wa | wb) >= 0.5 or wa <= wb or wb <= wa


def participant_similarity(a: list[Participant], b: list[Participant]) -> float:
    """Fuzzy Jaccard of two participant lists."""
    if not a or not b:
        return 0.0
    matched = sum(1 for p in a if any(_same_participant(p, q) for q in b))
    union = len(a) + len(b) - matched
    return matched / union if union else 0.0


def headline_similarity(a: Event, b: Event) -> float:
    wa, wb = _words(a.headline), _words(b.headline)
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def _dates_compatible(a: Event, b: Event) -> bool:
    if a.date.status != "dated" or b.date.status != "dated":
        return False
    start_a, end_a = _moment(a.date.start), _moment(a.date.end)
    start_b, end_b = _moment(b.date.start), _moment(b.date.end)
    return start_a < end_b and start_b < end_a


def _lemma(event: Event) -> str:
    return _SYNONYMS.get(event.lemma, event.lemma)


def _same_kind(a: Event, b: Event) -> bool:
    """The same kind of event: one lemma (or a synonym), or a verb and the noun that names its event
    ("announced" and "the announcement")."""
    return _lemma(a) == _lemma(b) or same_kind(a.lemma, b.lemma)


def same_event(a: Event, b: Event) -> bool:
    """Whether two events (from different articles) report the same happening."""
    if not _dates_compatible(a, b):
        return False
    p = participant_similarity(a.participants, b.participants)
    gap = abs(_PRECISION.get(a.date.granularity or "", 0) - _PRECISION.get(b.date.granularity or "", 0))
    if gap > 2:
        return False  # a year and a day inside it are rarely one report of the same thing
    if a.inferred or b.inferred:
        # a date taken from the context is weak evidence that two reports tell one happening: the same kind of
        # event is needed too ("Xi told Putin" and "Putin and Xi met" on one day are two events)
        return p >= 0.5 and _same_kind(a, b)
    if p >= 0.75:
        return True
    if p >= 0.5 and (_same_kind(a, b) or headline_similarity(a, b) >= 0.25):
        return True
    return False


def _documents_of(events: Iterable[Event]) -> set[str]:
    return {s.document_id for e in events for s in e.sources}


def _combine(group: list[Event], doc_rank: dict[str, int]) -> Event:
    """One event from several reports: the most precise date, the fullest headline, every source."""
    def precision(e: Event) -> tuple:
        return (_PRECISION.get(e.date.granularity or "", -1), e.date.mod is not None, len(e.participants))

    best = max(group, key=precision)
    ordered = sorted(group, key=lambda e: order_key(e, doc_rank))
    participants: list[Participant] = []
    for event in [best] + ordered:
        for person in event.participants:
            if not any(_same_participant(person, known) for known in participants):
                participants.append(person)
    sources = [s for e in ordered for s in e.sources]
    return replace(best, id=min(e.id for e in group), participants=participants, sources=sources)


def _match_keys(event: Event) -> set[str]:
    """Keys two events share whenever ``same_event`` can hold: a participant's exact name or one of its
    name words (fuzzy names that match always share a word). No participants, no keys: never merged."""
    keys = set()
    for person in event.participants:
        keys.add("=" + person.name)
        keys.update(_name_words(person.name))
    return keys


def _merge_signature(event: Event) -> tuple:
    """What ``same_event`` reads of an event: members alike in it need to be compared only once."""
    d = event.date
    return (d.status, d.start, d.end, d.granularity, event.lemma, event.headline, tuple(p.name for p in event.participants))


def _sweep_key(event: Event, doc_rank: dict[str, int]) -> tuple:
    """The merge sweep's order: by interval as on the axis, and among events of one interval those dated by
    their own words before those dated from context, so a report's own date finds its match first."""
    key = order_key(event, doc_rank)
    return (key[0], key[1], event.inferred, *key[2:])


@dataclass
class _Group:
    members: list[Event]
    distinct: dict[tuple, Event]  # one member per merge signature
    documents: set[str]
    keys: set[str]
    end: dt.datetime
    touched: int  # when the group was made or last grew: earlier groups are tried first


def merge_events(events: list[Event], doc_rank: dict[str, int]) -> list[Event]:
    """Group reports of the same event across documents (never two events of one document).

    Events are swept in order of their start; only groups whose interval is still open at an event's
    start can hold the same event, and of those only the ones sharing a participant's name word
    (an index), so the work stays near-linear on long timelines of many articles.
    """
    groups: list[list[Event]] = []
    open_groups: dict[int, _Group] = {}
    by_key: dict[str, set[int]] = {}
    closing: list[tuple[dt.datetime, int]] = []  # heap of (end, group); stale entries are skipped
    for clock, event in enumerate(sorted(events, key=lambda e: _sweep_key(e, doc_rank))):
        start = _moment(event.date.start)
        while closing and closing[0][0] <= start:
            end, gid = heapq.heappop(closing)
            group = open_groups.get(gid)
            if group is not None and group.end == end:
                del open_groups[gid]
                for key in group.keys:
                    by_key[key].discard(gid)
        docs = _documents_of([event])
        keys = _match_keys(event)
        candidates = {gid for key in keys for gid in by_key.get(key, ())}
        home = None
        for gid in sorted(candidates, key=lambda g: open_groups[g].touched):
            group = open_groups[gid]
            if group.documents & docs:
                continue
            if any(same_event(event, member) for member in group.distinct.values()):
                home = gid
                break
        end = _moment(event.date.end)
        if home is None:
            home = len(groups)
            groups.append([event])
            group = open_groups[home] = _Group(groups[home], {}, set(docs), set(), end, clock)
        else:
            group = open_groups[home]
            group.members.append(event)
            group.documents |= docs
            group.end = max(group.end, end)
            group.touched = clock
        group.distinct.setdefault(_merge_signature(event), event)
        for key in keys - group.keys:
            by_key.setdefault(key, set()).add(home)
        group.keys |= keys
        heapq.heappush(closing, (group.end, home))
    return [_combine(g, doc_rank) if len(g) > 1 else g[0] for g in groups]


def merge_copies(events: list[Event], doc_rank: dict[str, int]) -> list[Event]:
    """Syndicated copies as one document with several sources: events with one id (the same trigger at the
    same place of the same text, whitespace aside) become one event listing every copy's source. The first
    copy (in document order) gives the event its date and words. Ids are then unique, whatever the feed holds.

    >>> [len(e.sources) for e in merge_copies([a, a_copy, b], rank)]  # doctest: +SKIP
    [2, 1]
    """
    by_id: dict[str, list[Event]] = {}
    for event in events:
        by_id.setdefault(event.id, []).append(event)
    out = []
    for same in by_id.values():
        if len(same) == 1:
            out.append(same[0])
            continue
        same.sort(key=lambda e: order_key(e, doc_rank)[2:])
        sources = []
        seen = set()
        for event in same:
            for source in event.sources:
                key = (source.document_id, source.trigger_start)
                if key not in seen:
                    seen.add(key)
                    sources.append(source)
        out.append(replace(same[0], sources=sources))
    return out


_HAPPENED_BY_PUBLICATION = {"past", "past-perfect", "present-perfect", None}


def date_from_other_reports(events: list[Event]) -> list[Event]:
    """An event one article tells without a date takes the date another article gives it: the same kind of
    event (trigger lemma, a synonym, or a verb and the noun naming its event) with the same participants, dated by its own timex, in another
    document, not after the first article was published when that one tells it as past. When the other
    articles give it dates that do not overlap, it stays undated. Such a date is inferred (rule
    "reported-elsewhere")."""
    if not rule_enabled(CROSS_DOCUMENT):
        return events
    # dated reports indexed by (kind of event, participant name word): a match shares both, so each undated
    # event is compared with a few candidates, not with every dated event of the feed
    dated: dict[tuple[str, str], list[Event]] = {}
    for event in events:
        if event.date.status == "dated" and not event.inferred and event.participants:
            for kind in event_kinds(_lemma(event)):
                for key in _match_keys(event):
                    dated.setdefault((kind, key), []).append(event)
    out = []
    for event in events:
        if event.date.status != "undated" or not event.participants or event.tense not in _HAPPENED_BY_PUBLICATION:
            out.append(event)
            continue
        docs = _documents_of([event])
        published = min(dt.date.fromisoformat(s.dct[:10]) for s in event.sources)
        limit = dt.datetime.combine(published + dt.timedelta(days=1), dt.time())
        candidates = {id(o): o for kind in event_kinds(_lemma(event)) for key in _match_keys(event)
                      for o in dated.get((kind, key), ())}
        matches = [other for other in candidates.values()
                   if _same_kind(event, other) and not _documents_of([other]) & docs
                   and participant_similarity(event.participants, other.participants) >= 0.75
                   and _moment(other.date.start) < limit]
        # the dates must overlap, all of them (intervals on a line: the latest start before the earliest end)
        if not matches or max(_moment(m.date.start) for m in matches) >= min(_moment(m.date.end) for m in matches):
            out.append(event)
            continue
        best = max(matches, key=lambda e: _PRECISION.get(e.date.granularity or "", -1))
        why = {**best.date.why, "rule": CROSS_DOCUMENT, "explanation": explanation(CROSS_DOCUMENT),
               "reference": best.sources[0].document_id}
        out.append(replace(event, date=replace(best.date, why=why), inferred=True))
    return out


def build_timeline(results: list[tuple[Document, list[Event]]]) -> Timeline:
    """The merged, ordered timeline of the documents' events (documents in the order given): syndicated copies
    first become one document, undated events take the date other articles give them, then reports of the same
    event are merged."""
    doc_rank = {doc.id: i for i, (doc, _) in enumerate(results)}
    everything = date_from_other_reports(merge_copies([e for _, events in results for e in events], doc_rank))
    dated = [e for e in everything if e.date.status == "dated"]
    merged = sorted(merge_events(dated, doc_rank), key=lambda e: order_key(e, doc_rank))
    vague = sorted((e for e in everything if e.date.status == "vague"), key=lambda e: order_key(e, doc_rank))
    undated = sorted((e for e in everything if e.date.status == "undated"), key=lambda e: order_key(e, doc_rank))
    return Timeline(merged, vague, undated, [doc for doc, _ in results])


def _overlaps(event: Event, start: dt.date | None, end: dt.date | None) -> bool:
    if event.date.start is None:
        return start is None and end is None
    lo, hi = _moment(event.date.start), _moment(event.date.end)
    if start is not None and hi <= dt.datetime.combine(start, dt.time()):
        return False
    if end is not None and lo >= dt.datetime.combine(end + dt.timedelta(days=1), dt.time()):
        return False
    return True


DATED = ("all", "explicit")


def matches(event: Event, *, start: dt.date | None = None, end: dt.date | None = None, entity: str | None = None,
            text: str | None = None, document: str | None = None, dated: str = "all") -> bool:
    """Whether an event passes the filters: date range (inclusive days), participant (any name the articles use
    for it: "Jobs", "SCO"), free text, document, and ``dated``: "all", or "explicit" for events dated by their
    own words only (no inferred date)."""
    if dated not in DATED:
        raise ValueError(f"dated must be one of {', '.join(DATED)}, not {dated!r}")
    if dated == "explicit" and event.inferred:
        return False
    if (start or end) and not _overlaps(event, start, end):
        return False
    if entity:
        needle = entity.lower()
        if not any(needle in name.lower() for p in event.participants for name in (p.name, *p.aliases)):
            return False
    if text:
        needle = text.lower()
        haystack = " ".join([event.headline, event.sentence, *(p.name for p in event.participants),
                             *(s.sentence for s in event.sources)]).lower()
        if needle not in haystack:
            return False
    if document and not any(s.document_id == document for s in event.sources):
        return False
    return True


def filter_timeline(timeline: Timeline, **criteria) -> Timeline:
    keep = lambda events: [e for e in events if matches(e, **criteria)]  # noqa: E731
    return Timeline(keep(timeline.events), keep(timeline.vague), keep(timeline.undated), timeline.documents)
