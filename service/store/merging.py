"""Keeping the merged timeline up to date with what a refresh changed, without merging everything again.

Merging (``timeline.assemble.group_events``) is local: an event only ever joins a group holding a member
it ``could_merge`` with, so on each connected component of the ``could_merge`` graph, merging everything
gives exactly what merging that component alone gives. A change touches the components holding the events
added, and the components that held the events removed. So a refresh:

1. finds ``inside``: the closure, under ``could_merge``, of the added events and of the unchanged events
   that could merge with a removed one. Candidates come from ``raw_keys``: events sharing a link key
   (``assemble.link_keys``: a participant's name word), whose precision is within the merging rule's gap
   and whose interval overlaps; ``could_merge`` decides. The closure is a union of whole components of the
   new events, and every component of the old events that a change touched lies in it (with the removed
   events), so
2. the old merged rows to retire are those holding a removed event or an event of ``inside``;
3. ``inside`` is merged again, and only groups whose members differ from an old row's are written;
4. vague and undated events merge only with their syndicated copies: the rows of every id a change adds or
   removes are made again from the reports that carry that id;
5. ids stay unique within the version (``assemble.assign_ids`` over every row sharing a base id).

A raw event's participants name their document's entities ("e3"); merging reads them qualified by the
document (``qualified``), so a merged event still says whose entity each participant is, and the writer
gives them the registry's ids as it writes the rows. A row whose members stay but one of whose participants'
entity gets another id is made again from its members (``recombine``).

When the change is a large part of the timeline (a new store, an extractor upgrade), everything is merged
again instead: the same result, without the search. tests/test_incremental.py checks the outcome against
``build_timeline`` over everything, through random additions, changes and deletions.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field, replace
from typing import Iterable

from service.store import rows
from timeline.assemble import (
    MAX_PRECISION_GAP, assign_ids, combine, could_merge, group_events, link_keys, merge_copies,
)
from timeline.model import Event

log = logging.getLogger("timeline.store")
FULL_MERGE_FRACTION = 0.3  # a change touching more than this share of the dated events merges them all
SEGMENTS_PER_QUERY = 8  # more disjoint stretches of one key than this: one wider query, filtered here


@dataclass
class RawItem:
    """A stored raw event with what merging needs of it."""

    raw_id: int
    doc_id: str
    doc_order: str
    seq: int
    status: str
    prec: int
    start_at: str | None
    end_at: str | None
    event: Event
    merged_row: int | None
    keys: frozenset[str] = field(default=frozenset())
    body: str = ""  # the JSON as stored when it was extracted


@dataclass
class NewRow:
    """A merged event to write, with the raw events it is made of."""

    members: frozenset[int]
    event: Event  # id: the base id until ids are assigned
    base_id: str
    doc_rank: dict[str, str]
    replaces: int | None = None  # a current row rewritten only for its id
    body: str | None = None  # a report alone in its group: its JSON as extracted (serialized once, served as is)


@dataclass
class Plan:
    """What a refresh does to the merged rows."""

    retire: set[int] = field(default_factory=set)
    insert: list[NewRow] = field(default_factory=list)
    searched: int = 0  # raw events the closure looked at
    merged: int = 0  # raw events merged again
    full: bool = False


RAW_COLUMNS = "raw_id, doc_id, doc_order, seq, status, prec, start_at, end_at, body, merged_row"


QUALIFIER = "\x1f"  # between a document's id and its entity's key in a participant read for merging


def qualified(event: Event, doc_id: str) -> Event:
    """``event`` (extracted from document ``doc_id``) with each participant's entity key qualified by the
    document ("doc\x1fe3"), so that it still says which document's entity it is once events are merged."""
    if not any(p.entity is not None for p in event.participants):
        return event
    return replace(event, participants=[p if p.entity is None else replace(p, entity=f"{doc_id}{QUALIFIER}{p.entity}")
                                        for p in event.participants])


def raw_item(row) -> RawItem:
    event = qualified(Event.from_json(json.loads(row[8])), row[1])
    return RawItem(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], event, row[9],
                   frozenset(link_keys(event)), row[8])


def load_raw(session, raw_ids) -> list[RawItem]:
    return [raw_item(r) for r in session.all_in(f"SELECT {RAW_COLUMNS} FROM raw_events WHERE raw_id IN (...)", raw_ids)]


def _overlap(a_start: str | None, a_end: str | None, b_start: str | None, b_end: str | None) -> bool:
    if a_start is None or a_end is None or b_start is None or b_end is None:
        return False  # an interval off the calendar overlaps nothing (the callers skip those rows already)
    return a_start < b_end and b_start < a_end


def _segments(intervals: list[tuple[str, str]]) -> list[list[str]]:
    out: list[list[str]] = []
    for lo, hi in sorted(intervals):
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return out


def _earlier(moment: str, seconds: int) -> str:
    try:
        return rows.moment_text(dt.datetime.fromisoformat(moment) - dt.timedelta(seconds=seconds))
    except OverflowError:
        return rows.moment_text(dt.datetime.min)


def _linked_candidates(session, key: str, prec: int, segments: list[list[str]], bound: int) -> set[int]:
    """Raw ids under ``key`` and ``prec`` whose interval overlaps one of ``segments`` (sorted, disjoint)."""
    found: set[int] = set()
    sql = ("SELECT raw_id, start_at, end_at FROM raw_keys WHERE key = ? AND prec = ? AND start_at >= ? "
           "AND start_at < ? AND end_at > ?")
    if len(segments) <= SEGMENTS_PER_QUERY:
        for lo, hi in segments:
            found.update(r[0] for r in session.all(sql, (key, prec, _earlier(lo, bound), hi, lo)))
        return found
    lows = [s[0] for s in segments]
    import bisect

    for raw_id, start, end in session.all(sql, (key, prec, _earlier(segments[0][0], bound), segments[-1][1],
                                                segments[0][0])):
        i = bisect.bisect_left(lows, end) - 1  # the last segment starting before this interval ends
        if i >= 0 and segments[i][1] > start:
            found.add(raw_id)
    return found


def closure(session, added: list[RawItem], removed: list[RawItem], bounds: dict[int, int]) -> tuple[dict[int, RawItem], int]:
    """The dated raw events whose merging a change can alter (see the module's docstring), and how many
    candidates were looked at."""
    inside = {r.raw_id: r for r in added}
    gone = {r.raw_id for r in removed}
    frontier = list(added) + list(removed)
    asked: dict[tuple[str, int, str, str], set[int]] = {}  # a stretch's candidates, asked once
    looked = 0
    while frontier:
        by_key: dict[str, list[RawItem]] = {}
        demands: dict[tuple[str, int], list[tuple[str, str]]] = {}
        for x in frontier:
            if x.start_at is None or x.end_at is None:
                continue
            for key in x.keys:
                by_key.setdefault(key, []).append(x)
                for prec in range(x.prec - MAX_PRECISION_GAP, x.prec + MAX_PRECISION_GAP + 1):
                    if prec in bounds:
                        demands.setdefault((key, prec), []).append((x.start_at, x.end_at))
        candidates: set[int] = set()
        for (key, prec), intervals in demands.items():
            segments = _segments(intervals)
            new = [s for s in segments if (key, prec, s[0], s[1]) not in asked]
            if len(new) == 1:
                asked[(key, prec, new[0][0], new[0][1])] = _linked_candidates(session, key, prec, new, bounds[prec])
            elif new:
                found = _linked_candidates(session, key, prec, new, bounds[prec])
                for lo, hi in new:  # one query for many stretches: its rows are the candidates of each
                    asked[(key, prec, lo, hi)] = found
            for lo, hi in segments:  # a candidate that did not link before may link with this round's events
                candidates |= asked[(key, prec, lo, hi)]
        candidates -= inside.keys() | gone
        looked += len(candidates)
        frontier = []
        for y in load_raw(session, candidates):
            if y.status != "dated" or y.start_at is None:
                continue
            if any(_overlap(x.start_at, x.end_at, y.start_at, y.end_at)
                   and abs(x.prec - y.prec) <= MAX_PRECISION_GAP and could_merge(x.event, y.event)
                   for key in y.keys & by_key.keys() for x in by_key[key]):
                inside[y.raw_id] = y
                frontier.append(y)
    return inside, looked


def plan(session, added_ids: set[int], dated_added_count: int, removed: list[RawItem], bounds: dict[int, int],
         dated_total: int, has_rows: bool) -> Plan:
    """The merged rows to retire and to write for a change (ids not yet made unique)."""
    result = Plan()
    dated_removed = [r for r in removed if r.status == "dated"]
    if not has_rows or dated_added_count + len(dated_removed) > FULL_MERGE_FRACTION * max(dated_total, 1):
        result.full = True
        everything = [r[0] for r in session.all("SELECT raw_id FROM raw_events")]
        loaded = load_raw(session, everything)  # each raw event parsed once
        added = [r for r in loaded if r.raw_id in added_ids]
        component = {r.raw_id: r for r in loaded if r.status == "dated"}
        result.retire |= {r[0] for r in session.all(
            "SELECT row_id FROM events WHERE status = 'dated' AND valid_to IS NULL")}
    else:
        added = load_raw(session, sorted(added_ids))
        dated_added = [r for r in added if r.status == "dated"]
        component, result.searched = closure(session, dated_added, dated_removed, bounds) if (
            dated_added or dated_removed) else ({}, 0)
    result.merged = len(component)
    old_members: dict[int, set[int]] = {}
    for item in list(component.values()) + dated_removed:
        if item.merged_row is not None:
            old_members.setdefault(item.merged_row, set()).add(item.raw_id)
    if not result.full:
        _check_whole(session, old_members)
    items = sorted(component.values(), key=lambda r: (r.doc_order, r.seq))
    doc_rank = {r.doc_id: r.doc_order for r in items}
    previous = {frozenset(members): row for row, members in old_members.items()}
    kept: set[int] = set()
    for group in group_events([r.event for r in items], doc_rank):
        members = frozenset(items[i].raw_id for i in group)
        row = previous.get(members)
        if row is not None:
            kept.add(row)  # the same reports make the same event: the row stands
            continue
        event = combine([items[i].event for i in group], doc_rank)
        ranks = {s.document_id: doc_rank[s.document_id] for s in event.sources}
        result.insert.append(NewRow(members, event, event.id, ranks, body=items[group[0]].body if len(group) == 1 else None))
    result.retire = (result.retire | set(old_members)) - kept
    _plan_copies(session, result, [r for r in added if r.status != "dated"], [r for r in removed if r.status != "dated"])
    return result


def _plan_copies(session, result: Plan, added: list[RawItem], removed: list[RawItem]) -> None:
    """Vague and undated events merge only with their syndicated copies (``assemble.merge_copies``: one id,
    the same trigger at the same place of the same text): the rows of every id a change adds or removes are
    made again from all the reports that now carry that id."""
    if not added and not removed:
        return
    gone = {r.raw_id for r in removed}
    stale = {r.merged_row for r in removed if r.merged_row is not None}
    bases = sorted({r.event.id for r in added} | {r.event.id for r in removed})
    stale.update(r[0] for r in session.all_in(
        "SELECT row_id FROM events WHERE valid_to IS NULL AND status <> 'dated' AND base_id IN (...)", bases))
    members = {r[0] for r in session.all_in("SELECT raw_id FROM raw_events WHERE merged_row IN (...)", sorted(stale))}
    fresh = {r.raw_id for r in added}
    result.retire |= stale
    _copy_rows(result, load_raw(session, sorted(members - gone - fresh)) + list(added))


def _copy_rows(result: Plan, items: list[RawItem]) -> None:
    """The rows of vague and undated raw events: one per id and status, copies merged."""
    copies: dict[tuple[str, str], list[RawItem]] = {}
    for item in sorted(items, key=lambda r: (r.doc_order, r.seq)):
        copies.setdefault((item.event.id, item.status), []).append(item)
    for (base, _), group in copies.items():
        doc_rank = {r.doc_id: r.doc_order for r in group}
        if len(group) == 1:
            result.insert.append(NewRow(frozenset([group[0].raw_id]), group[0].event, base, doc_rank, body=group[0].body))
            continue
        (event,) = merge_copies([r.event for r in group], doc_rank)
        result.insert.append(NewRow(frozenset(r.raw_id for r in group), event, base,
                                    {s.document_id: doc_rank[s.document_id] for s in event.sources}))


def plan_all(session, items: list[RawItem]) -> Plan:
    """Every current row retired and the whole timeline merged again from ``items``, every raw event the store
    holds (after a change of the assembly: no row is kept, whatever its members)."""
    result = Plan(full=True)
    result.retire = {r[0] for r in session.all("SELECT row_id FROM events WHERE valid_to IS NULL")}
    dated = sorted((r for r in items if r.status == "dated"), key=lambda r: (r.doc_order, r.seq))
    result.merged = len(dated)
    doc_rank = {r.doc_id: r.doc_order for r in dated}
    for group in group_events([r.event for r in dated], doc_rank):
        event = combine([dated[i].event for i in group], doc_rank)
        ranks = {s.document_id: doc_rank[s.document_id] for s in event.sources}
        result.insert.append(NewRow(frozenset(dated[i].raw_id for i in group), event, event.id, ranks,
                                    body=dated[group[0]].body if len(group) == 1 else None))
    _copy_rows(result, [r for r in items if r.status != "dated"])
    return result


def _check_whole(session, old_members: dict[int, set[int]]) -> None:
    """Every retired row's raw events must all be in the closure: the locality argument says so; a store
    that disagrees is logged loudly (it would mean the merging rule changed without this module)."""
    for raw_id, row in session.all_in("SELECT raw_id, merged_row FROM raw_events WHERE merged_row IN (...)",
                                      list(old_members)):
        if raw_id not in old_members[row]:
            log.error("merging: row %s holds raw event %s outside the re-merged closure", row, raw_id)


def unique_ids(session, result: Plan, doc_order_of) -> None:
    """Give every inserted row its final id, and rewrite current rows whose id must change, so that ids stay
    unique among the version's rows (``assemble.assign_ids`` over every row sharing a base id)."""
    by_base: dict[str, list[NewRow]] = {}
    for row in result.insert:
        by_base.setdefault(row.base_id, []).append(row)
    bases = set(by_base)
    bases.update(r[0] for r in session.all_in("SELECT base_id FROM events WHERE row_id IN (...)", list(result.retire)))
    current: dict[str, list[tuple[int, str, str]]] = {}
    for base, row_id, served_id, body in session.all_in(
            "SELECT base_id, row_id, id, body FROM events WHERE valid_to IS NULL AND base_id IN (...)", sorted(bases)):
        if row_id not in result.retire:
            current.setdefault(base, []).append((row_id, served_id, body))
    for base in bases:
        fresh = by_base.get(base, [])
        standing = current.get(base, [])
        if len(fresh) == 1 and not standing:
            fresh[0].event.id = base
            continue
        if not fresh and all(served == base for _, served, _ in standing) and len(standing) < 2:
            continue
        events: list[Event] = []
        ranks: dict[str, str] = {}
        for row in fresh:
            events.append(row.event)
            ranks.update(row.doc_rank)
        kept_events = []
        for _row_id, _, body in standing:
            event = Event.from_json(json.loads(body))
            event.id = base
            kept_events.append(event)
            for source in event.sources:
                ranks.setdefault(source.document_id, doc_order_of(source.document_id))
        ids = assign_ids(base, events + kept_events, ranks)
        for row, new_id in zip(fresh, ids):
            row.event.id = new_id
        for (row_id, old_id, _), event, new_id in zip(standing, kept_events, ids[len(fresh):]):
            if new_id == old_id:
                continue
            members = frozenset(r[0] for r in session.all("SELECT raw_id FROM raw_events WHERE merged_row = ?", (row_id,)))
            event.id = new_id
            doc_rank = {s.document_id: ranks[s.document_id] for s in event.sources}
            result.retire.add(row_id)
            result.insert.append(NewRow(members, event, base, doc_rank, replaces=row_id))


def recombine(session, result: Plan, row_ids: Iterable[int], served) -> int:
    """Current rows made again from their raw events (``qualified``): the writer gives participants other
    registry ids than the rows carry. A row is retired and written again only where its JSON would change
    (``served(event)``: the JSON the writer would write for it); how many were."""
    wanted = sorted(set(row_ids) - result.retire)
    if not wanted:
        return 0
    stored = {r[0]: r[1:] for r in session.all_in("SELECT row_id, status, id, base_id, body FROM events WHERE "
                                                  "valid_to IS NULL AND row_id IN (...)", wanted)}
    members: dict[int, list[int]] = {}
    for raw_id, row_id in session.all_in("SELECT raw_id, merged_row FROM raw_events WHERE merged_row IN (...)", list(stored)):
        members.setdefault(row_id, []).append(raw_id)
    items = {r.raw_id: r for r in load_raw(session, sorted(i for ids in members.values() for i in ids))}
    rewritten = 0
    for row_id, (status, served_id, base_id, body) in stored.items():
        group = sorted((items[i] for i in members.get(row_id, ())), key=lambda r: (r.doc_order, r.seq))
        if not group:
            continue
        doc_rank = {r.doc_id: r.doc_order for r in group}
        events = [r.event for r in group]
        if status != "dated":
            (event,) = merge_copies(events, doc_rank)
        else:
            # the members alone make the one group they made among all events (merging is local), in the order
            # merging took them
            groups = group_events(events, doc_rank)
            if len(groups) != 1:
                log.error("merging: the raw events of row %s no longer merge into one event", row_id)
                continue
            event = combine([events[i] for i in groups[0]], doc_rank)
        event = replace(event, id=served_id)
        if served(event) == body:
            continue
        event.id = base_id
        result.retire.add(row_id)
        result.insert.append(NewRow(frozenset(r.raw_id for r in group), event, base_id,
                                    {s.document_id: doc_rank[s.document_id] for s in event.sources}, replaces=row_id))
        rewritten += 1
    return rewritten
