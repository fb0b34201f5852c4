"""The SQL of timeline reads, as pure functions of a query: which rows of a version a filter selects, in
parts whose order on the axis is known, so that a page is a few indexed range scans with keyset paging
(``sort_key > last one seen``) and never a sort of the whole timeline.

A date filter [from, to] selects the events overlapping it: those that start inside it (one range of the
``sort_key`` index, since the key begins with the start) and, before them, those already running when it
begins. The latter are found per precision, each with a bounded look back (the longest interval stored for
that precision: a day event started at most a day earlier), so no scan reaches back to the dawn of time.
Both indexes carry the columns the filters and the version test read (events_order, events_span), so a
count or a skip never reads a row, only the rows a page returns are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from service.store.records import Criteria
from service.store.rows import day_text, moment_text
from service.store.schema import Dialect

VISIBLE = "e.valid_from <= ? AND (e.valid_to IS NULL OR e.valid_to > ?)"


@dataclass(frozen=True)
class Part:
    """Rows of ``events e`` matching ``where`` (with ``params``)."""

    where: str
    params: tuple


def _earlier(moment: str, seconds: int) -> str:
    try:
        return moment_text(dt.datetime.fromisoformat(moment) - dt.timedelta(seconds=seconds))
    except OverflowError:
        return moment_text(dt.datetime.min)


def parts(dialect: Dialect, version: int, status: str, criteria: Criteria, bounds: dict[int, int]) -> list[list[Part]]:
    """Groups of parts: every row of a group precedes every row of the next; the parts of one group
    interleave (their rows are merged by sort key). Parts never share a row."""
    where = [VISIBLE, "e.status = ?"]
    params: list = [version, version, status]
    driver = False
    if criteria.entity:
        where.append("e.row_id IN (SELECT n.row_id FROM event_names n WHERE n.name_id IN "
                     f"(SELECT m.name_id FROM names m WHERE {dialect.contains.format('m.folded', '?')}))")
        params.append(criteria.entity.lower())
        driver = True
    if criteria.document:
        where.append("e.row_id IN (SELECT d.row_id FROM event_documents d WHERE d.document_id = ?)")
        params.append(criteria.document)
        driver = True
    if criteria.text:
        where.append(dialect.contains.format("e.search", "?"))
        params.append(criteria.text.lower())
    if criteria.dated == "explicit":
        where.append("e.inferred = 0")
    lo = day_text(criteria.start) if criteria.start else None
    hi = day_text(criteria.end + dt.timedelta(days=1)) if criteria.end else None
    base = " AND ".join(where)
    if lo is None and hi is None:
        return [[Part(base, tuple(params))]]
    if driver:  # the entity or document already narrows the rows: test the overlap on each
        extra, more = ["e.start_at IS NOT NULL"], []
        if lo is not None:
            extra.append("e.end_at > ?")
            more.append(lo)
        if hi is not None:
            extra.append("e.start_at < ?")
            more.append(hi)
        return [[Part(base + " AND " + " AND ".join(extra), tuple(params + more))]]
    groups: list[list[Part]] = []
    if lo is not None:
        below = min(lo, hi) if hi is not None else lo  # from after to still selects what spans both
        running = [Part(base + " AND e.prec = ? AND e.start_at >= ? AND e.start_at < ? AND e.end_at > ?",
                        tuple(params + [prec, _earlier(lo, span), below, lo]))
                   for prec, span in sorted(bounds.items()) if span > 0]
        if running:
            groups.append(running)
    inside, more = ["e.start_at IS NOT NULL"], []
    if lo is not None:
        inside += ["e.sort_key >= ?", "e.end_at > ?"]
        more += [lo, lo]
    if hi is not None:
        inside.append("e.sort_key < ?")  # the key begins with the start: start < hi
        more.append(hi)
    groups.append([Part(base + " AND " + " AND ".join(inside), tuple(params + more))])
    return groups


def page_sql(part: Part, after: str | None, limit: int) -> tuple[str, tuple]:
    where, params = part.where, part.params
    if after is not None:
        where += " AND e.sort_key > ?"
        params += (after,)
    return f"SELECT e.sort_key, e.row_id, e.body FROM events e WHERE {where} ORDER BY e.sort_key LIMIT ?", params + (limit,)


def count_sql(part: Part) -> tuple[str, tuple]:
    return f"SELECT COUNT(*) FROM events e WHERE {part.where}", part.params
