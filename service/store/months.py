"""``event_months``: how many rows of each kept version start in each month, by status and by whether their
date was inferred. A publish copies the previous version's cells and adds what it wrote and retired (a few
hundred cells, whatever the size of the timeline), so the total of a date-filtered page adds up whole months
from here and counts only its partial months (at most two) row by row in the index.

A row's cell (``cell``) is the month its start is in, ``YYYY-MM``. Two cells lie below every month and are
read only by totals without dates: ``''`` for rows without a start (vague, undated; also a start at the very
end of time, which sorts with them) and ``'!'`` for an interval that is not ``start < end``. Whole months are
only used where every row in them ends after the window's start, which ``start < end`` guarantees; a version
holding any ``'!'`` row of a status has its date totals counted row by row instead.
"""

from __future__ import annotations

from collections import Counter

from service.store.rows import moment_text, MAX_MOMENT

NO_START = moment_text(MAX_MOMENT)  # the sort key's start for an event without one
NO_START_CELL = ""
ODD_CELL = "!"
BELOW_MONTHS = "0"  # above '' and '!', below every 'YYYY-MM'
ABOVE_MONTHS = "~"  # above every 'YYYY-MM'

# the cell of a row of ``events e`` in SQL (one parameter: NO_START); ``cell`` in Python
CELL_SQL = ("CASE WHEN e.start_at IS NULL OR e.start_at >= ? THEN '' "
            "WHEN e.end_at IS NULL OR e.end_at <= e.start_at THEN '!' ELSE substr(e.start_at, 1, 7) END")


def cell(start_at: str | None, end_at: str | None) -> str:
    if start_at is None or start_at >= NO_START:
        return NO_START_CELL
    if end_at is None or end_at <= start_at:
        return ODD_CELL
    return start_at[:7]


def month_start(month: str) -> str:
    """The first moment of a cell ``YYYY-MM`` as ``moment_text`` (month 13 of a year sorts after its December)."""
    return f"{month}-01T00:00:00.000000"


def next_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    if number == 12 and year < 9999:
        return f"{year + 1:04d}-01"
    return f"{year:04d}-{number + 1:02d}"


Deltas = Counter[tuple]  # (status, cell, inferred) -> rows added less rows retired


def retired(s, row_ids: list[int]) -> Deltas:
    """The cells of the current rows among ``row_ids`` (about to be retired), negated."""
    out: Deltas = Counter()
    for status, month, inferred, n in s.all_in(
            f"SELECT e.status, {CELL_SQL}, e.inferred, COUNT(*) FROM events e WHERE e.row_id IN (...) "
            "AND e.valid_to IS NULL GROUP BY 1, 2, 3", row_ids, (NO_START,)):
        out[(status, month, inferred)] -= n
    return out


def write(s, previous: int | None, version: int, deltas: Deltas) -> None:
    """The cells of ``version``: those of ``previous`` (None: none) with ``deltas`` added."""
    if previous is not None:
        s.run("INSERT INTO event_months (version, status, month, inferred, n) "
              "SELECT ?, status, month, inferred, n FROM event_months WHERE version = ?", (version, previous))
    changes = [(version, status, month, inferred, n) for (status, month, inferred), n in sorted(deltas.items()) if n]
    s.many("INSERT INTO event_months (version, status, month, inferred, n) VALUES (?, ?, ?, ?, ?) "
           "ON CONFLICT (version, status, month, inferred) DO UPDATE SET n = event_months.n + excluded.n", changes)
    s.run("DELETE FROM event_months WHERE version = ? AND n = 0", (version,))


def count_version(s, version: int) -> None:
    """The cells of ``version`` counted from its rows (a store migrated from schema version 2)."""
    s.run("DELETE FROM event_months WHERE version = ?", (version,))
    s.run(f"INSERT INTO event_months (version, status, month, inferred, n) SELECT ?, e.status, {CELL_SQL}, e.inferred, "
          "COUNT(*) FROM events e WHERE e.valid_from <= ? AND (e.valid_to IS NULL OR e.valid_to > ?) GROUP BY 2, 3, 4",
          (version, NO_START, version, version))


def collect(s, oldest: int) -> None:
    s.run("DELETE FROM event_months WHERE version < ?", (oldest,))
