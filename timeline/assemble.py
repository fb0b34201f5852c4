"""One timeline out of many documents: order events on the axis, merge the same event reported by
several articles, and filter.

Ordering rule (mixed granularities): events are sorted by the start of their interval; when two
start together, the longer interval comes first, so "August 2022" precedes "5 August 2022" and
"early February" (Feb 1–11) precedes "3 February"; then by the order of the documents (as given, or by
a sort key per document: the service orders them by path, whatever was added when), then, within one
article, what it tells in the past perfect before the rest ("had resigned" before "said"), then by position
in the document, and last by event id. An event with only a month is placed where that month begins:
the reader sees the month opening before the days inside it.

Merging rule: two events from different documents are the same event when their dates overlap and
their participants mostly coincide (fuzzy names: "Winter Olympics" ≈ "Winter Olympic Games"),
with the same trigger lemma or similar headlines unless the participants agree almost entirely.
A merged event keeps every source; its date is the most precise of its members'.

Locality (what lets a store re-merge only what a change touches): an event can only join a group holding
a member it ``could_merge`` with, so merging all events gives, on each connected component of the
``could_merge`` graph, exactly what merging that component alone gives (the service's incremental
refresh relies on this, and tests/test_incremental.py checks it against ``build_timeline``). Event ids
are made unique within a timeline (``unique_ids``): one article copied into five files gives five
events with one id until the copies are merged.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import heapq
import json
import math
import re
import tomllib
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Mapping

from timeline.events.context import CROSS_DOCUMENT, enabled as rule_enabled, explanation
from timeline.events.dates import PRECISION
from timeline.events.vocabulary import event_kinds, same_kind
from timeline.entities.registry import Registry, build_registry
from timeline.language import language
from timeline.model import Document, DocumentEntity, Event, Participant


@dataclass(frozen=True)
class _Words:
    """What merging knows of the language's words (the bundle's "assemble" file, assemble.toml for English)."""

    stop: frozenset[str]  # words two headlines or names sharing says nothing
    suffix: re.Pattern  # endings a headline word is compared without ("meeting" as "meet")
    plural: re.Pattern  # the ending a name word is compared without ("Democrats" as "Democrat")
    synonyms: dict[str, str]  # event lemmas that name one kind of event ("talk" as "meet")


@functools.lru_cache(maxsize=1)
def _known() -> _Words:
    with language().file("assemble").open("rb") as handle:
        raw = tomllib.load(handle)
    ending = "|".join(sorted(map(re.escape, raw["suffixes"]), key=len, reverse=True))
    return _Words(frozenset(raw["stop_words"]), re.compile(f"(?:{ending})$"),
                  re.compile(f"(?:{'|'.join(map(re.escape, raw['name_plurals']))})$"), dict(raw["synonyms"]))


@dataclass
class Timeline:
    """Events on the axis (ordered), events kept apart (vague or undated), the documents read, and the registry
    of the entities taking part (when the documents' entities were given)."""

    events: list[Event] = field(default_factory=list)
    vague: list[Event] = field(default_factory=list)
    undated: list[Event] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    registry: Registry | None = None

    def all_events(self) -> list[Event]:
        return self.events + self.vague + self.undated


@functools.lru_cache(maxsize=65536)
def _moment(value: str | None) -> dt.datetime:
    if not value:
        return dt.datetime.max
    return dt.datetime.fromisoformat(value)


# within one date and one article, what the past perfect tells happened before what the simple past tells
_TENSE_RANK = {"past-perfect": 0}


def order_key(event: Event, doc_rank: Mapping[str, Any]) -> tuple:
    """Where an event stands on the axis (see the ordering rule above): the one statement of the rule. ``doc_rank``
    maps a document id to anything comparable (a position, or a stable key such as the document's path);
    documents it lacks come after those it has. A tuple of datetimes, whole numbers, texts and tuples of them,
    which the service's store writes as text in the same order (``service.store.rows.sort_key``)."""
    start, end = _moment(event.date.start), _moment(event.date.end)
    source = event.sources[0]
    rank = doc_rank.get(source.document_id)
    return (start, -round((end - start).total_seconds()) if end != dt.datetime.max else 0,
            (0, rank) if rank is not None else (1, 0), _TENSE_RANK.get(event.tense or "", 1), source.trigger_start)


def timeline_order(event: Event, doc_rank: Mapping[str, Any]) -> tuple:
    """The total order of a timeline: ``order_key``, then the (unique) event id for exact ties."""
    return order_key(event, doc_rank) + (event.id,)


def _words(text: str) -> set[str]:
    known = _known()
    out = set()
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        if word in known.stop:
            continue
        out.add(known.suffix.sub("", word) if len(word) > 4 else word)
    return out


@functools.lru_cache(maxsize=1 << 18)  # an archive names hundreds of thousands of participants
def _name_words(name: str) -> frozenset[str]:
    known = _known()
    return frozenset(known.plural.sub("", w) for w in re.findall(r"[a-z0-9]+", name.lower()) if w not in known.stop)


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
    return _known().synonyms.get(event.lemma, event.lemma)


def merge_precision(event: Event) -> int:
    """The precision of an event's date as the merging rule reads it (year 3, month 6, day 8, ...)."""
    return PRECISION.get(event.date.granularity or "", 0)


MAX_PRECISION_GAP = 2  # a year and a day inside it are rarely one report of the same thing


def _same_kind(a: Event, b: Event) -> bool:
    """The same kind of event: one lemma (or a synonym), or a verb and the noun that names its event
    ("announced" and "the announcement")."""
    return _lemma(a) == _lemma(b) or same_kind(a.lemma, b.lemma)


def same_event(a: Event, b: Event) -> bool:
    """Whether two events (from different articles) report the same happening."""
    if abs(merge_precision(a) - merge_precision(b)) > MAX_PRECISION_GAP:
        return False  # a year and a day inside it are rarely one report of the same thing (checked first: cheap)
    if not _dates_compatible(a, b):
        return False
    if a.id == b.id:
        return True  # syndicated copies: the same trigger at the same place of the same text (the id says so)
    p = participant_similarity(a.participants, b.participants)
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


def _combine(group: list[Event], doc_rank: Mapping[str, Any]) -> Event:
    """One event from several reports: the most precise date, the fullest headline, every source."""
    def precision(e: Event) -> tuple:
        return (PRECISION.get(e.date.granularity or "", -1), e.date.mod is not None, len(e.participants))

    best = max(group, key=precision)
    ordered = sorted(group, key=lambda e: order_key(e, doc_rank))
    participants: list[Participant] = []
    for event in [best] + ordered:
        for person in event.participants:
            if not any(_same_participant(person, known) for known in participants):
                participants.append(person)
    sources = [s for e in ordered for s in e.sources]
    return replace(best, id=min(e.id for e in group), participants=participants, sources=sources)


def could_merge(a: Event, b: Event) -> bool:
    """Whether merging can put ``a`` and ``b`` in one group directly (``same_event`` either way round)."""
    return same_event(a, b) or same_event(b, a)


def link_keys(event: Event) -> set[str]:
    """Keys two events share whenever ``could_merge`` can hold: the name words of their participants, a
    name itself when it has no words ("The"), and the event's id (syndicated copies share it). Fewer than
    ``_match_keys`` (an equal name shares its words), so a store can index them per event."""
    keys: set[str] = {"#" + event.id}
    for person in event.participants:
        words = _name_words(person.name)
        if words:
            keys.update(words)
        else:
            keys.add("=" + person.name)
    return keys


def _match_keys(event: Event) -> set[str]:
    """Keys two events share whenever ``same_event`` can hold: a participant's exact name or one of its
    name words (fuzzy names that match always share a word). No participants, no keys: never merged."""
    keys = set()
    for person in event.participants:
        keys.add("=" + person.name)
        keys.update(_name_words(person.name))
    return keys


def _participant_keys(name: str, frequency: Mapping[str, int]) -> tuple[frozenset, frozenset]:
    """The keys a participant is indexed under, and those it looks up, so that two participants that
    ``_same_participant`` can match always meet and most others do not. With the name words ordered rarest
    first: a name inside another shares the smaller name's rarest word ("all" words indexed, the rarest
    asked; the rarest indexed, all asked); two names of three or more words overlapping by half or more
    without one holding the other share a word of their prefixes (prefix filtering for Jaccard >= 0.5; with
    two words or fewer, overlapping by half means one holds the other). Common words ("party") and shared
    first names are rarely asked."""
    words = _name_words(name)
    if not words:
        return frozenset({"=" + name}), frozenset({"=" + name})
    ordered = sorted(words, key=lambda w: (frequency.get(w, 0), w))
    index = {"a" + w for w in words} | {"r" + ordered[0]}
    ask = {"a" + ordered[0]} | {"r" + w for w in words}
    if len(ordered) >= 3:
        prefix = {"p" + w for w in ordered[: len(ordered) - math.ceil(0.5 * len(ordered)) + 1]}
        index |= prefix
        ask |= prefix
    return frozenset(index), frozenset(ask)


def _merge_signature(event: Event) -> tuple:
    """What ``same_event`` reads of an event: members alike in it need to be compared only once."""
    d = event.date
    return (d.status, d.start, d.end, d.granularity, event.lemma, event.headline, event.inferred, event.tense,
            tuple(p.name for p in event.participants), event.id)


def _sweep_key(event: Event, doc_rank: Mapping[str, Any]) -> tuple:
    """The merge sweep's order: by interval as on the axis, and among events of one interval those dated by
    their own words before those dated from context, so a report's own date finds its match first."""
    key = order_key(event, doc_rank)
    return (key[0], key[1], event.inferred, *key[2:])


@dataclass
class _Group:
    live: dict[int, dict[tuple, Event]]  # by precision: one member per merge signature, while it can still match
    expiry: list[tuple[dt.datetime, int, tuple]]  # heap of (end, precision, signature) of the live members
    documents: set[str]
    keys: set[tuple[str, int]]  # (match key, precision) of its members
    end: dt.datetime
    touched: int  # when the group was made or last grew: earlier groups are tried first

    def matches(self, event: Event, start: dt.datetime, near: range) -> bool:
        """Whether ``event`` (starting at ``start``, no earlier than any member) reports what a member does.
        Members that ended by ``start`` can match no event from here on (their dates cannot overlap), and
        members more than the precision gap apart cannot match this one: neither is asked, so a group that
        gathered thousands of reports over a decade costs only its members still running."""
        while self.expiry and self.expiry[0][0] <= start:
            _, precision, signature = heapq.heappop(self.expiry)
            self.live[precision].pop(signature, None)
        return any(same_event(event, member) for p in near for member in self.live.get(p, {}).values())

    def add(self, event: Event, precision: int) -> None:
        signature = _merge_signature(event)
        members = self.live.setdefault(precision, {})
        if signature not in members:
            members[signature] = event
            heapq.heappush(self.expiry, (_moment(event.date.end), precision, signature))


def group_events(events: list[Event], doc_rank: Mapping[str, Any]) -> list[list[int]]:
    """Group reports of the same event across documents (never two events of one document): the groups as
    lists of indices into ``events``, members in sweep order, groups in the order they were opened.

    Events are swept in order of their start; only groups whose interval is still open at an event's
    start can hold the same event, and of those only the ones with a member whose date is precise to within
    ``MAX_PRECISION_GAP`` of the event's and one of whose participants could be the same as one of the
    event's (an index by name key and precision, see ``_participant_keys``), so the work stays near-linear
    on long timelines of many articles.
    """
    groups: list[list[int]] = []
    open_groups: dict[int, _Group] = {}
    by_key: dict[tuple[str, int], set[int]] = {}
    closing: list[tuple[dt.datetime, int]] = []  # heap of (end, group); stale entries are skipped
    order = sorted(range(len(events)), key=lambda i: _sweep_key(events[i], doc_rank))
    frequency: dict[str, int] = {}
    for e in events:
        for person in e.participants:
            for word in _name_words(person.name):
                frequency[word] = frequency.get(word, 0) + 1
    keys_of: dict[str, tuple[frozenset, frozenset]] = {}
    for clock, index in enumerate(order):
        event = events[index]
        start = _moment(event.date.start)
        while closing and closing[0][0] <= start:
            end, gid = heapq.heappop(closing)
            group = open_groups.get(gid)
            if group is not None and group.end == end:
                del open_groups[gid]
                for key in group.keys:
                    by_key[key].discard(gid)
        docs = _documents_of([event])
        precision = merge_precision(event)
        indexed, asked = {"#" + event.id}, {"#" + event.id}  # syndicated copies meet by their id
        for person in event.participants:
            if person.name not in keys_of:
                keys_of[person.name] = _participant_keys(person.name, frequency)
            indexed |= keys_of[person.name][0]
            asked |= keys_of[person.name][1]
        keys = {(key, precision) for key in indexed}
        near = range(precision - MAX_PRECISION_GAP, precision + MAX_PRECISION_GAP + 1)
        candidates = {gid for key in asked for p in near for gid in by_key.get((key, p), ())}
        home = None
        for gid in sorted(candidates, key=lambda g: open_groups[g].touched):
            group = open_groups[gid]
            if group.documents & docs:
                continue
            if group.matches(event, start, near):
                home = gid
                break
        end = _moment(event.date.end)
        if home is None:
            home = len(groups)
            groups.append([index])
            group = open_groups[home] = _Group({}, [], set(docs), set(), end, clock)
        else:
            group = open_groups[home]
            groups[home].append(index)
            group.documents |= docs
            group.end = max(group.end, end)
            group.touched = clock
        group.add(event, precision)
        for key in keys - group.keys:
            by_key.setdefault(key, set()).add(home)
        group.keys |= keys
        heapq.heappush(closing, (group.end, home))
    return groups


def combine(group: list[Event], doc_rank: Mapping[str, Any]) -> Event:
    """The one event a group of reports becomes (a group of one is its member)."""
    return _combine(group, doc_rank) if len(group) > 1 else group[0]


def merge_events(events: list[Event], doc_rank: Mapping[str, Any]) -> list[Event]:
    """Reports of the same event across documents merged into one event each (see ``group_events``)."""
    return [combine([events[i] for i in g], doc_rank) for g in group_events(events, doc_rank)]


def id_suffix(event: Event) -> str:
    """The deterministic suffix a colliding id gets: from the event's first source, so it does not depend
    on how many other events share the id."""
    source = event.sources[0]
    return hashlib.sha1(f"{source.document_id}\0{source.trigger_start}".encode("utf-8")).hexdigest()[:6]


def collision_order(event: Event, doc_rank: Mapping[str, Any]) -> tuple:
    """Which of several events with one id keeps it: the first on the axis (then the first by content)."""
    return order_key(event, doc_rank) + (json.dumps(event.to_json(), sort_keys=True, ensure_ascii=False),)


def assign_ids(base: str, events: list[Event], doc_rank: Mapping[str, Any]) -> list[str]:
    """The ids of ``events``, which all have the id ``base``, in their order: the first by
    ``collision_order`` keeps it, the others get ``base-<suffix>`` (and ``-2``, ``-3`` if even that repeats)."""
    order = sorted(range(len(events)), key=lambda i: collision_order(events[i], doc_rank))
    ids: list[str] = [""] * len(events)
    taken: set[str] = set()
    for n, i in enumerate(order):
        wanted = base if n == 0 else f"{base}-{id_suffix(events[i])}"
        candidate, k = wanted, 1
        while candidate in taken:
            k += 1
            candidate = f"{wanted}-{k}"
        taken.add(candidate)
        ids[i] = candidate
    return ids


def unique_ids(events: list[Event], doc_rank: Mapping[str, Any]) -> list[Event]:
    """The events with ids unique among them (see ``assign_ids``); an event keeps its object when its id stays."""
    by_id: dict[str, list[int]] = {}
    for i, event in enumerate(events):
        by_id.setdefault(event.id, []).append(i)
    out = list(events)
    for base, positions in by_id.items():
        if len(positions) < 2:
            continue
        for i, new in zip(positions, assign_ids(base, [events[i] for i in positions], doc_rank)):
            if new != base:
                out[i] = replace(events[i], id=new)
    return out


def merge_copies(events: list[Event], doc_rank: Mapping[str, Any]) -> list[Event]:
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
        best = max(matches, key=lambda e: PRECISION.get(e.date.granularity or "", -1))
        why = {**best.date.why, "rule": CROSS_DOCUMENT, "explanation": explanation(CROSS_DOCUMENT),
               "reference": best.sources[0].document_id}
        out.append(replace(event, date=replace(best.date, why=why), inferred=True))
    return out

def with_registry(results: list[tuple[Document, list[Event]]], registry: Registry) -> list[tuple[Document, list[Event]]]:
    """The documents' events with each participant's entity given as the registry's id (in a document's own
    events it is that document's key)."""
    out = []
    for doc, events in results:
        named = []
        for event in events:
            participants = [replace(p, entity=registry.entity_id(doc.id, p.entity)) for p in event.participants]
            named.append(replace(event, participants=participants))
        out.append((doc, named))
    return out


def build_timeline(results: list[tuple[Document, list[Event]]], doc_rank: Mapping[str, Any] | None = None,
                   entities: Mapping[str, list[DocumentEntity]] | None = None) -> Timeline:
    """The merged, ordered timeline of the documents' events (documents in the order given, or by
    ``doc_rank``: document id → sort key). Undated events take the date other articles give them (when that
    rule is on), reports of the same event are merged (syndicated copies of one text always are), and
    event ids are unique within it. With the documents' ``entities`` (document id → its entities), the
    timeline carries their registry and its participants the registry's ids."""
    doc_rank = {doc.id: i for i, (doc, _) in enumerate(results)} if doc_rank is None else doc_rank
    registry = None
    if entities is not None:
        registry = build_registry(sorted(entities.items()))
        results = with_registry(results, registry)
    everything = date_from_other_reports([e for _, events in results for e in events])
    dated = [e for e in everything if e.date.status == "dated"]
    merged = merge_events(dated, doc_rank)
    vague = merge_copies([e for e in everything if e.date.status == "vague"], doc_rank)
    undated = merge_copies([e for e in everything if e.date.status == "undated"], doc_rank)
    named = unique_ids(merged + vague + undated, doc_rank)
    merged, vague, undated = named[: len(merged)], named[len(merged) : len(merged) + len(vague)], named[len(merged) + len(vague) :]
    key = lambda e: timeline_order(e, doc_rank)  # noqa: E731
    return Timeline(sorted(merged, key=key), sorted(vague, key=key), sorted(undated, key=key),
                    [doc for doc, _ in results], registry)


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
            text: str | None = None, document: str | None = None, dated: str = "all",
            entity_ids: frozenset[str] | None = None) -> bool:
    """Whether an event passes the filters: date range (inclusive days), participant (``entity_ids``: one of
    these registry entities; else ``entity``: any name the articles use for it contains this, "Doe", "SCO"),
    free text, document, and ``dated``: "all", or "explicit" for events dated by their own words only (no
    inferred date)."""
    if dated not in DATED:
        raise ValueError(f"dated must be one of {', '.join(DATED)}, not {dated!r}")
    if dated == "explicit" and event.inferred:
        return False
    if (start or end) and not _overlaps(event, start, end):
        return False
    if entity_ids is not None:
        if not any(p.entity in entity_ids for p in event.participants):
            return False
    elif entity:
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


def entity_ids(registry: Registry | None, query: str | None) -> frozenset[str] | None:
    """The registry entities a reader's ``entity`` filter means ("BigCo" and "Big Company Corporation" alike);
    None without a registry or a query."""
    if registry is None or not query:
        return None
    return frozenset(e.id for e in registry.lookup(query))


def filter_timeline(timeline: Timeline, **criteria) -> Timeline:
    """The timeline's events that pass the filters (``matches``); the entity filter asks the registry when the
    timeline has one."""
    if "entity_ids" not in criteria:
        criteria["entity_ids"] = entity_ids(timeline.registry, criteria.get("entity"))
    keep = lambda events: [e for e in events if matches(e, **criteria)]  # noqa: E731
    return Timeline(keep(timeline.events), keep(timeline.vague), keep(timeline.undated), timeline.documents,
                    timeline.registry)
