"""Totals of timeline queries answered from ``event_months`` (service/store/months.py) are the exact numbers
of rows the pages walk, on both stores: for date windows of every shape (open on either side, inside one
day or month, on month bounds, across years, from after to, with and without dated=explicit), in every kept
version after additions and deletions, with odd intervals (end not after start) in the store, and after a
store of schema version 2 is migrated. A date page's SQL reads indexes in order (no sort, no row read for a
count)."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import sys

import pytest

from conftest import ROOT
from service.store import months, open_store, queries, rows
from service.store.records import Criteria, DocumentWrite
from timeline.model import Document, Event

sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

D = dt.date
WINDOWS = [
    (None, None), (D(2000, 1, 1), D(2005, 12, 31)), (D(2000, 3, 5), None), (None, D(1995, 3, 14)),
    (D(2003, 5, 5), D(2001, 1, 1)), (D(2010, 2, 1), D(2010, 2, 28)), (D(2010, 2, 1), D(2010, 3, 31)),
    (D(2010, 2, 14), D(2010, 2, 14)), (D(1999, 12, 31), D(2000, 1, 1)), (D(1989, 1, 1), D(2030, 1, 1)),
    (D(2021, 12, 24), D(2022, 1, 13)), (D(2015, 6, 30), D(2017, 7, 1)), (D(2022, 12, 1), None),
    (None, D(1990, 1, 31)), (D(1, 1, 1), D(9999, 12, 30)), (D(9999, 12, 1), None),
]
CRITERIA = [Criteria(start=a, end=b, dated=dated) for a, b in WINDOWS for dated in ("all", "explicit")]


def write_documents(store, n_events: int, seed: int, prefix: str, odd: int = 0) -> list[str]:
    """Synthetic documents (a third of their events dated by inference, ``odd`` of them ending where they
    start), written and published as one version; their keys."""
    rng = random.Random(seed)
    batch = []
    for path, document, items in synthetic.documents(n_events, seed=seed):
        path, doc_id = f"{prefix}/{path}", f"{prefix}-{document['id']}"
        document = {**document, "id": doc_id, "path": path}
        events = []
        for item in items:
            item = {**item, "id": f"{prefix}{item['id']}", "inferred": rng.random() < 0.3,
                    "sources": [{**item["sources"][0], "document_id": doc_id}]}
            if odd and item["date"]["start"]:
                item["date"] = {**item["date"], "end": item["date"]["start"]}
                odd -= 1
            events.append(rows.raw_event(Event.from_json(item)))
        text, summary = rows.document_json(Document.from_json(document))
        batch.append(DocumentWrite(f"{path}#", path, "", doc_id, "synthetic", text, summary, 100, "[]", 0, events))
    with store.write() as w:
        w.put_documents(batch)
        w.publish()
    return [d.key for d in batch]


def row_by_row(store, version, status: str, criteria: Criteria) -> int:
    """The total as the pages see it: every part's rows counted in the index."""
    with store.session() as s:
        return sum(s.one(*queries.count_sql(p))[0]
                   for group in queries.parts(store.dialect, version.version, status, criteria, version.bounds)
                   for p in group)


def check_totals(store, version) -> None:
    for criteria in CRITERIA:
        for status in ("dated", "vague", "undated"):
            walked = sum(1 for _ in store.stream(version, status, criteria, batch=400))
            assert store.count(version, status, criteria) == walked == row_by_row(store, version, status, criteria), \
                (status, criteria)


@pytest.fixture
def store(database):
    store = open_store(database)
    yield store
    store.close()


def test_totals_are_the_rows_the_pages_walk_in_every_kept_version(store):
    first = write_documents(store, 3000, 11, "a")
    write_documents(store, 800, 12, "b")
    with store.write() as w:  # a third version: some documents go
        for key in first[::3]:
            w.delete_document(key)
        w.publish()
    current = store.current_version()
    assert current.version == 3
    for number in (1, 2, 3):
        check_totals(store, store.version(number))
    with store.session() as s:  # the cells of a version add up to its counts
        for status, expected in (("dated", current.events), ("vague", current.vague), ("undated", current.undated)):
            (n,) = s.one("SELECT CAST(SUM(n) AS BIGINT) FROM event_months WHERE version = 3 AND status = ?", (status,))
            assert n == expected


def test_odd_intervals_are_counted_row_by_row(store):
    write_documents(store, 1500, 13, "c", odd=25)
    version = store.current_version()
    with store.session() as s:
        assert s.one("SELECT n FROM event_months WHERE version = ? AND status = 'dated' AND month = '!'",
                     (version.version,))[0] > 0  # some were merged with reports of their story
    check_totals(store, version)


def test_a_schema_version_2_store_is_migrated_and_counts_the_same(store, database):
    write_documents(store, 1500, 14, "d")
    write_documents(store, 500, 15, "e")
    with store.session() as s:
        cells = s.all("SELECT version, status, month, inferred, n FROM event_months ORDER BY 1, 2, 3, 4")
    with store.write() as w:  # back to what schema version 2 had
        w.s.run("DROP TABLE event_months")
        w.s.run("DROP INDEX events_span_order")
        w.s.run("CREATE INDEX events_span ON events(status, prec, start_at, end_at, valid_from, valid_to, inferred)")
        w.put_meta("schema_version", 2)
    store.close()
    again = open_store(database)
    try:
        assert again.migrated_from == 2 and again.schema_version() == months_schema()
        with again.session() as s:
            assert s.all("SELECT version, status, month, inferred, n FROM event_months ORDER BY 1, 2, 3, 4") == cells
        check_totals(again, again.current_version())
    finally:
        again.close()


def months_schema() -> int:
    from service.store.schema import SCHEMA_VERSION

    return SCHEMA_VERSION


@pytest.mark.parametrize("start_at, end_at, cell", [
    (None, None, ""),
    ("2022-09-15T00:00:00.000000", "2022-09-16T00:00:00.000000", "2022-09"),
    ("2022-09-30T18:00:00.000000", "2022-10-01T00:00:00.000000", "2022-09"),
    ("2022-09-15T00:00:00.000000", "2022-09-15T00:00:00.000000", "!"),
    ("2022-09-15T00:00:00.000000", "2022-09-14T00:00:00.000000", "!"),
    ("2022-09-15T00:00:00.000000", None, "!"),
    (months.NO_START, None, ""),
])
def test_the_cell_of_a_row(start_at, end_at, cell):
    assert months.cell(start_at, end_at) == cell


@pytest.mark.parametrize("month, after", [("2022-09", "2022-10"), ("2022-12", "2023-01"), ("0001-01", "0001-02"),
                                          ("9999-12", "9999-13")])
def test_the_next_month(month, after):
    assert months.next_month(month) == after
    assert months.month_start(month) < months.month_start(after)


@pytest.mark.parametrize("window", [(D(2000, 3, 5), D(2005, 12, 31)), (D(2000, 3, 5), None), (None, D(2001, 1, 1))])
def test_a_date_page_reads_indexes_in_order_and_counts_without_reading_rows(tmp_path, window):
    store = open_store(tmp_path / "timeline.db")
    try:
        write_documents(store, 1000, 16, "f")
        version = store.current_version()
        criteria = Criteria(start=window[0], end=window[1])
        db = sqlite3.connect(tmp_path / "timeline.db")
        for group in queries.parts(store.dialect, version.version, "dated", criteria, version.bounds):
            for part in group:
                page = " ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + queries.page_sql(part, None, 51)[0],
                                                         queries.page_sql(part, None, 51)[1]))
                assert "TEMP B-TREE" not in page and "USING INDEX events_" in page, page
        for sql, params in queries.totals(store.dialect, version.version, "dated", criteria, version.bounds, False):
            plan = " ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql, params))
            assert "COVERING INDEX" in plan or "PRIMARY KEY" in plan, plan
        db.close()
    finally:
        store.close()


def test_the_count_of_dated_raw_events_is_kept_as_they_are_written_and_deleted(store):
    def kept_and_counted():
        with store.session() as s:
            kept = s.one("SELECT value FROM counters WHERE name = 'dated_raw_events'")
            (counted,) = s.one("SELECT COUNT(*) FROM raw_events WHERE status = 'dated'")
        return (kept[0] if kept else None), counted

    keys = write_documents(store, 3000, 17, "g")  # a large change: the count is taken (once)
    kept, counted = kept_and_counted()
    assert kept == counted > 2000
    write_documents(store, 300, 18, "h")
    with store.write() as w:
        for key in keys[::4]:
            w.delete_document(key)
        w.publish()
    kept, counted = kept_and_counted()
    assert kept == counted


@pytest.mark.parametrize("events, analyzed", [(300, False), (3000, True)])
def test_a_large_change_renews_the_planner_statistics(store, monkeypatch, events, analyzed):
    from service.store import base

    monkeypatch.setattr(base, "ANALYZE_AFTER_ROWS", 2000)
    calls = []
    real = store.analyze
    monkeypatch.setattr(store, "analyze", lambda: calls.append(1) or real())
    write_documents(store, events, 19, "i")
    assert bool(calls) == analyzed
    if analyzed and store.backend == "postgresql":
        with store.session() as s:
            assert s.one("SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'events'")[0]
