"""The SQL of timeline reads, as pure functions of a query: which rows of a version a filter selects, in
parts whose order on the axis is known, so that a page is a few indexed range scans with keyset paging
(``sort_key > last one seen``) and never a sort of the whole timeline.

A date filter [from, to] selects the events overlapping it: those that start inside it (one range of the
``sort_key`` index, since the key begins with the start) and, before them, those already running when it
begins. The latter are found per precision, each with a bounded look back (the longest interval stored for
that precision: a day event started at most a day earlier), so no scan reaches back to the dawn of time;
within one precision they are read in sort key order (events_span_order), so a page stops at its LIMIT.
Every condition is on the sort key (whose first 26 characters are the start as ``moment_text``; an event
without a start sorts at the end of time, ``months.NO_START``), never on ``start_at``: both indexes carry the
columns the filters and the version test read (events_order, events_span_order), so a count or a skip never
reads a row, only the rows a page returns are.

The total of a query with dates and no entity, text or document filter (``totals``) adds the months it
covers whole from ``event_months`` (service.store.months) to the row counts of its partial months and of the
events already running: a few small index ranges, however wide the window.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from service.store import lookup, months
from service.store.records import Criteria
from service.store.rows import day_text, moment_text
from service.store.schema import Dialect

VISIBLE = "e.valid_from <= ? AND (e.valid_to IS NULL OR e.valid_to > ?)"


@dataclass(frozen=True)
class EntityRows:
    """What an entity filter selects: the rows of the registry entities ``ids`` (or, ``ids`` None, of every
    entity with a name containing ``contains``: too many to list), and whether those rows are ``few``."""

    ids: tuple[str, ...] | None
    contains: str | None = None
    few: bool = False

    def sql(self, dialect: Dialect, version: int) -> tuple[str, list]:
        """The entities' ids as a list or a subquery, with its parameters."""
        if self.ids is not None:
            return ",".join("?" * len(self.ids)), list(self.ids)
        return lookup.containing_sql(dialect), [version, version, self.contains]


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


def parts(dialect: Dialect, version: int, status: str, criteria: Criteria, bounds: dict[int, int],
          names: EntityRows | None = None, counting: bool = False) -> list[list[Part]]:
    """Groups of parts: every row of a group precedes every row of the next; the parts of one group
    interleave (their rows are merged by sort key). Parts never share a row. ``names``: what the entity
    filter selects (``Store._names``; needed with one); ``counting``: the parts are counted, not paged."""
    base, params, driver = _base(dialect, version, status, criteria, names, counting)
    lo = day_text(criteria.start) if criteria.start else None
    hi = day_text(criteria.end + dt.timedelta(days=1)) if criteria.end else None
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
        running = [Part(base + " AND e.prec = ? AND e.sort_key >= ? AND e.sort_key < ? AND e.end_at > ?",
                        tuple(params + [prec, _earlier(lo, span), below, lo]))
                   for prec, span in sorted(bounds.items()) if span > 0]
        if running:
            groups.append(running)
    groups.append([_inside(base, params, lo, hi, lo, hi)])
    return groups


def _base(dialect: Dialect, version: int, status: str, criteria: Criteria,
          names: EntityRows | None = None, counting: bool = False) -> tuple[str, list, bool]:
    """The conditions of every part (version, status, entity, document, text, dated) with their parameters,
    and whether an entity or a document narrows the rows. Where few rows are named (a document's, or those
    of a few entities), they are read by id and sorted, not found by walking the timeline's order. Where the
    entities have many events, a page walks the timeline's order testing each row's entities
    (``event_entities``), and stops at its LIMIT (a million events: under a millisecond for a single letter,
    against seconds collecting every row of those entities first); a count collects them, since it reads
    every row anyway."""
    if criteria.entity and names is None:
        raise ValueError("an entity filter needs what it selects (Store._names)")
    few = (criteria.entity and names is not None and names.few) or bool(criteria.document)
    where = [VISIBLE, (dialect.narrow.format("e.status") if few else "e.status") + " = ?"]
    params: list = [version, version, status]
    driver = False
    if criteria.entity and names is not None:
        ids, more = names.sql(dialect, version)
        if names.few or counting:
            where.append(f"e.row_id IN (SELECT x.row_id FROM event_entities x WHERE x.entity_id IN ({ids}))")
        else:
            where.append(f"EXISTS (SELECT 1 FROM event_entities x WHERE x.row_id = e.row_id AND x.entity_id IN ({ids}))")
        params += more
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
    return " AND ".join(where), params, driver


def _inside(base: str, params: list, lo: str | None, hi: str | None, first: str | None, last: str | None) -> Part:
    """The rows of [lo, hi) starting in [first, last) (None: open): the key begins with the start, so
    ``sort_key < hi`` is ``start < hi``; without a bound above, the events without a start stay out."""
    where, more = [], []
    if first is not None:
        where.append("e.sort_key >= ?")
        more.append(first)
    if lo is not None:
        where.append("e.end_at > ?")
        more.append(lo)
    where.append("e.sort_key < ?")
    more.append(last if last is not None else months.NO_START)
    return Part(base + " AND " + " AND ".join(where), tuple(params + more))


def totals(dialect: Dialect, version: int, status: str, criteria: Criteria, bounds: dict[int, int],
           odd: bool, names: EntityRows | None = None) -> list[tuple[str, tuple]]:
    """Statements whose results add up to how many rows of ``status`` the filters select in ``version``.
    ``odd``: the version holds rows of ``status`` whose interval is not start < end (months.ODD_CELL);
    ``names`` as for ``parts``."""
    dates = criteria.start is not None or criteria.end is not None
    if criteria.entity or criteria.text or criteria.document or (odd and dates):
        return [count_sql(p) for group in parts(dialect, version, status, criteria, bounds, names, counting=True)
                for p in group]
    sums = "SELECT CAST(COALESCE(SUM(c.n), 0) AS BIGINT) FROM event_months c WHERE c.version = ? AND c.status = ?"
    sum_params: tuple = (version, status)
    if criteria.dated == "explicit":
        sums += " AND c.inferred = 0"
    if not dates:
        return [(sums, sum_params)]
    groups = parts(dialect, version, status, criteria, bounds, counting=True)
    out = [count_sql(p) for group in groups[:-1] for p in group]  # the events already running
    lo = day_text(criteria.start) if criteria.start else None
    hi = day_text(criteria.end + dt.timedelta(days=1)) if criteria.end else None
    whole_from = months.next_month(lo[:7]) if lo is not None else months.BELOW_MONTHS  # months starting after lo
    whole_to = hi[:7] if hi is not None else months.ABOVE_MONTHS  # months ending by hi
    if whole_from >= whole_to:
        return out + [count_sql(groups[-1][0])]
    out.append((sums + " AND c.month >= ? AND c.month < ?", sum_params + (whole_from, whole_to)))
    base, params, _ = _base(dialect, version, status, criteria)
    if lo is not None:
        out.append(count_sql(_inside(base, params, lo, hi, lo, min(months.month_start(whole_from), hi or months.NO_START))))
    if hi is not None:
        out.append(count_sql(_inside(base, params, lo, hi, months.month_start(whole_to), hi)))
    return out


def page_sql(part: Part, after: str | None, limit: int) -> tuple[str, tuple]:
    where, params = part.where, part.params
    if after is not None:
        where += " AND e.sort_key > ?"
        params += (after,)
    return f"SELECT e.sort_key, e.row_id, e.body FROM events e WHERE {where} ORDER BY e.sort_key LIMIT ?", params + (limit,)


def group_page_sql(group: list[Part], after: str | None, limit: int) -> tuple[str, tuple]:
    """One statement for the rows of a group's parts in order: each part is its own ordered index scan with
    the LIMIT, their few rows sorted together (one round trip to the database, not one a part)."""
    if len(group) == 1:
        return page_sql(group[0], after, limit)
    selects, params = [], ()
    for i, part in enumerate(group):
        sql, more = page_sql(part, after, limit)
        selects.append(f"SELECT * FROM ({sql}) p{i}")
        params += more
    return " UNION ALL ".join(selects) + " ORDER BY 1 LIMIT ?", params + (limit,)


def count_sql(part: Part) -> tuple[str, tuple]:
    return f"SELECT COUNT(*) FROM events e WHERE {part.where}", part.params


def sum_sql(statements: list[tuple[str, tuple]]) -> tuple[str, tuple]:
    """One statement adding up the single numbers ``statements`` answer."""
    if len(statements) == 1:
        return statements[0]
    return "SELECT " + " + ".join(f"({sql})" for sql, _ in statements), tuple(p for _, ps in statements for p in ps)
