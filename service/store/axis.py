"""How many dated events of a version start in each month, for a filter: what the widget draws its time axis
from before (or instead of) reading the events themselves.

Without an entity, text or document filter the answer is read from ``event_months`` (service.store.months),
which every publish keeps: a few hundred cells whatever the size of the timeline. With one, the matching rows
are grouped by the month of their sort key (whose first characters are the start), an index-only count over
the rows the filter selects. A date filter keeps the months it touches.
"""

from __future__ import annotations

from service.store import months, queries
from service.store.records import Criteria, VersionInfo


def month_counts(store, version: VersionInfo, criteria: Criteria) -> list[tuple[str, int, int]]:
    """``[(YYYY-MM, events, of which inferred), ...]`` in month order, for the dated events ``criteria`` keep.

    >>> # month_counts(store, version, Criteria()) -> [("2001-01", 1, 0), ("2022-09", 41, 30)]
    """
    if any(isinstance(t, str) and "\0" in t for t in (criteria.entity, criteria.text, criteria.document)):
        return []
    lo = criteria.start.isoformat()[:7] if criteria.start else months.BELOW_MONTHS
    hi = criteria.end.isoformat()[:7] if criteria.end else months.ABOVE_MONTHS
    cells: dict[str, list[int]] = {}
    with store.query() as s:
        if not (criteria.entity or criteria.text or criteria.document):
            sql = ("SELECT c.month, c.inferred, c.n FROM event_months c WHERE c.version = ? AND c.status = 'dated' "
                   "AND c.month >= ? AND c.month <= ?")
            params: tuple = (version.version, lo, hi)
            if criteria.dated == "explicit":
                sql += " AND c.inferred = 0"
            rows = s.all(sql, params)
        else:
            names = store._names(s, version, criteria.entity)
            if names == ():
                return []
            rows = []
            for group in queries.parts(store.dialect, version.version, "dated", criteria, version.bounds, names,
                                       counting=True):
                for part in group:
                    rows += s.all("SELECT substr(e.sort_key, 1, 7), e.inferred, COUNT(*) FROM events e "
                                  f"WHERE {part.where} AND e.sort_key < ? GROUP BY 1, 2",
                                  part.params + (months.NO_START,))
    for month, inferred, n in rows:
        if not month or not month[:4].isdigit():  # '' (no start) and '!' (odd interval) are not on the axis
            continue
        cell = cells.setdefault(month, [0, 0])
        cell[0] += int(n)
        if inferred:
            cell[1] += int(n)
    return [(month, n, inferred) for month, (n, inferred) in sorted(cells.items())]


def count_among(store, version: VersionInfo, status: str, criteria: Criteria, ids: list[str]) -> int:
    """How many of the events ``ids`` the filter keeps among the rows of ``status`` (the editor's hidden events a
    total must leave out): the filter's own statements, narrowed to those ids."""
    if not ids or any(isinstance(t, str) and "\0" in t for t in (criteria.entity, criteria.text, criteria.document)):
        return 0
    total = 0
    with store.query() as s:
        names = store._names(s, version, criteria.entity)
        if names == ():
            return 0
        marks = ",".join("?" * len(ids))
        for group in queries.parts(store.dialect, version.version, status, criteria, version.bounds, names,
                                   counting=True):
            for part in group:
                (n,) = s.one(f"SELECT COUNT(*) FROM events e WHERE {part.where} AND e.id IN ({marks})",
                             part.params + tuple(ids))
                total += int(n)
    return total
