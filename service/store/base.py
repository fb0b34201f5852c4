"""The store's interface and everything both engines share: reads of the feed's bookkeeping and of one
version of the timeline (pages by keyset, one event, counts), and write transactions (``write()`` gives a
:class:`service.store.writer.Writer`). ``SQLiteStore`` and ``PostgresStore`` add connections, bulk
inserts and locks; the SQL is the same, written in the dialect of ``service.store.schema``."""

from __future__ import annotations

import json
import secrets
from contextlib import contextmanager
from typing import Iterator, Sequence

from service.store import lookup, migrations, months, queries
from service.store.records import Criteria, FileRecord, PageRow, StoredDocument, VersionInfo
from service.store.schema import Dialect
from service.store.writer import Writer

STATUSES = ("dated", "vague", "undated")
# after a change of this many timeline rows the planner's statistics are renewed: PostgreSQL without them
# (a new store, before autovacuum comes by) takes a date page for one row and sorts 13,000 to find 51
ANALYZE_AFTER_ROWS = 10_000
# an entity filter whose entities have at most this many events reads them by id and sorts them (well under a
# millisecond at a million events); past it, walking the timeline's order finds a page of them sooner
FEW_NAMED_ROWS = 5_000
NAMES_KEPT = 256  # entity filters whose entities are remembered (per version)


def _unmatchable(*texts) -> bool:
    """A NUL character in a request's text matches nothing stored (PostgreSQL text cannot even hold one)."""
    return any(isinstance(t, str) and "\0" in t for t in texts)


IN_LIST = "IN (...)"  # in a statement given to Session.all_in/run_in: the list of values
IN_CHUNK = 500  # values in one statement's list


def _in_chunks(sql: str, values: Sequence) -> Iterator[tuple[str, list]]:
    if sql.count(IN_LIST) != 1:
        raise ValueError(f"the statement must hold {IN_LIST!r} once: {sql}")
    values = list(values)
    for i in range(0, len(values), IN_CHUNK):
        part = values[i : i + IN_CHUNK]
        yield sql.replace(IN_LIST, f"IN ({','.join('?' * len(part))})"), part


class Session:
    """Statements on one connection, written with ``?`` and run in the engine's dialect."""

    def __init__(self, conn, dialect: Dialect):
        self.conn = conn
        self.dialect = dialect

    def all(self, sql: str, params=()) -> list:
        return self.conn.execute(self.dialect.sql(sql), tuple(params)).fetchall()

    def one(self, sql: str, params=()):
        return self.conn.execute(self.dialect.sql(sql), tuple(params)).fetchone()

    def run(self, sql: str, params=()) -> None:
        self.conn.execute(self.dialect.sql(sql), tuple(params))

    def all_in(self, sql: str, values: Sequence, params: Sequence = ()) -> list:
        """The rows of ``sql``, whose ``IN (...)`` stands for ``values``, asked a chunk of values at a time (a
        statement takes a bounded number of parameters); ``params`` are those written before the list."""
        out: list = []
        for statement, part in _in_chunks(sql, values):
            out += self.all(statement, [*params, *part])
        return out

    def run_in(self, sql: str, values: Sequence, params: Sequence = ()) -> None:
        """``sql``, whose ``IN (...)`` stands for ``values``, run a chunk of values at a time (see ``all_in``)."""
        for statement, part in _in_chunks(sql, values):
            self.run(statement, [*params, *part])

    def many(self, sql: str, rows: list) -> None:
        raise NotImplementedError

    def insert(self, table: str, columns: tuple[str, ...], rows: list) -> None:
        raise NotImplementedError

    def set_merged_rows(self, pairs: list[tuple[int, int]]) -> None:
        """raw_events.merged_row = row for each (row, raw_id)."""
        self.many("UPDATE raw_events SET merged_row = ? WHERE raw_id = ?", pairs)

    def tables(self) -> set[str]:
        raise NotImplementedError


class Store:
    """The store of one service: SQLite (a file) or PostgreSQL (a database several nodes share)."""

    dialect: Dialect
    backend = "?"
    description = "?"
    _odd: dict[tuple[int, str], bool]  # (version, status): has rows whose interval is not start < end
    _named: dict[tuple[int, str], queries.EntityRows | tuple]  # (version, entity): Store._names
    # the time one query of a timeline page (its rows, or a total) may take; past it, ReadTooLong. None: no
    # limit (the refresh's and the command line's reads). The service sets it from ``read_seconds``.
    read_seconds: float | None = None

    # --- provided by the engines -------------------------------------------------------------------
    @contextmanager
    def query(self) -> Iterator[Session]:
        """A session whose statements stop after ``read_seconds`` with ReadTooLong (engines enforce it)."""
        with self.session() as s:
            yield s

    @contextmanager
    def session(self) -> Iterator[Session]:
        raise NotImplementedError
        yield

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        raise NotImplementedError
        yield

    def lock(self, name: str):
        """An exclusive lock named ``name`` for this store ("scheduler", "refresh"), released when its holder dies."""
        raise NotImplementedError

    def close(self) -> None:
        pass

    # --- schema ----------------------------------------------------------------------------------------
    def _serialize_schema_changes(self, s: Session) -> None:
        """Make processes opening a new store together take turns (within the transaction of ``s``)."""

    def _prepare(self, migrate: bool) -> None:
        self._odd = {}
        self._named = {}
        with self.transaction() as s:
            self._serialize_schema_changes(s)
            found = migrations.schema_version(s)
            if found != migrations.SCHEMA_VERSION and not (migrate or found == 0):
                raise migrations.MigrationNeeded(found)
            self.migrated_from = migrations.upgrade(self, s)
            # the key timeline cursors are signed with (service.views): made once per store, kept by every node
            s.run("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                  ("cursor_key", json.dumps(secrets.token_hex(32))))

    def schema_version(self) -> int:
        with self.session() as s:
            return migrations.schema_version(s)

    @contextmanager
    def write(self) -> Iterator[Writer]:
        """One write transaction: everything inside commits together (with ``publish()``, as one new version).
        A large change is followed by fresh planner statistics (``analyze``)."""
        with self.transaction() as s:
            writer = Writer(self, s)
            yield writer
        if writer.rows_changed >= ANALYZE_AFTER_ROWS:
            self.analyze()

    def analyze(self) -> None:
        """Bring the query planner's statistics up to date (PostgreSQL; SQLite's plans do not use them)."""

    # --- the feed's bookkeeping -----------------------------------------------------------------------
    def files(self) -> dict[str, FileRecord]:
        with self.session() as s:
            rows = s.all("SELECT path, size, mtime_ns, content_hash, status, error, missing_scans FROM files")
        return {r[0]: FileRecord(*r) for r in rows}

    def documents_of(self, path: str) -> dict[str, StoredDocument]:
        with self.session() as s:
            rows = s.all("SELECT entry, key, id, content_hash FROM documents WHERE path = ?", (path,))
        return {r[0]: StoredDocument(r[1], r[2], r[3]) for r in rows}

    def document_exists(self, doc_id: str) -> bool:
        with self.session() as s:
            return s.one("SELECT 1 FROM documents WHERE id = ?", (doc_id,)) is not None

    def document_list(self) -> list[dict]:
        """Every document's fields with its counts, in document order."""
        with self.session() as s:
            rows = s.all(f"SELECT {_SUMMARY_COLUMNS} FROM documents ORDER BY doc_order")
        return [_summary(*r) for r in rows]

    def document(self, doc_id: str) -> dict | None:
        """One document's fields with its timexes and events as extracted."""
        if _unmatchable(doc_id):
            return None
        with self.session() as s:
            row = s.one(f"SELECT {_SUMMARY_COLUMNS}, timexes, key FROM documents WHERE id = ?", (doc_id,))
            if row is None:
                return None
            events = s.all("SELECT body FROM raw_events WHERE doc_key = ? ORDER BY seq", (row[-1],))
        out = _summary(*row[:-2])
        del out["events"], out["timexes"]
        out["timexes"] = json.loads(row[-2])
        out["events"] = [json.loads(b) for (b,) in events]
        return out

    def problems(self) -> list[dict]:
        with self.session() as s:
            rows = s.all("SELECT path, entry, reason, seen_at FROM problems ORDER BY path, entry")
        return [{"path": r[0], "entry": r[1] or None, "reason": r[2], "seen_at": r[3]} for r in rows]

    def meta(self, key: str):
        with self.session() as s:
            row = s.one("SELECT value FROM meta WHERE key = ?", (key,))
        return json.loads(row[0]) if row else None

    # --- versions -------------------------------------------------------------------------------------
    def current_version(self) -> VersionInfo | None:
        with self.session() as s:
            return self.current_version_in(s)

    def current_version_in(self, s: Session) -> VersionInfo | None:
        row = s.one("SELECT v.version, v.created_at, v.events, v.vague, v.undated, v.documents, v.span_bounds "
                    "FROM versions v WHERE v.version = (SELECT MAX(version) FROM versions)")
        return _version(row)

    def version(self, version: int) -> VersionInfo | None:
        with self.session() as s:
            row = s.one("SELECT version, created_at, events, vague, undated, documents, span_bounds FROM versions "
                        "WHERE version = ?", (version,))
        return _version(row)

    # --- the timeline of one version ----------------------------------------------------------------
    def event(self, version: int, event_id: str) -> tuple[int, str] | None:
        """(row id, JSON) of an event as served in ``version``."""
        if _unmatchable(event_id):
            return None
        with self.session() as s:
            row = s.one(f"SELECT e.row_id, e.body FROM events e WHERE e.id = ? AND {queries.VISIBLE}",
                        (event_id, version, version))
        return (row[0], row[1]) if row else None

    def page(self, version: VersionInfo, status: str, criteria: Criteria, after: str | None, limit: int) -> list[PageRow]:
        """Up to ``limit`` rows of ``status`` matching ``criteria`` after sort key ``after``, in timeline order."""
        out: list[PageRow] = []
        if _unmatchable(criteria.entity, criteria.text, criteria.document, after):
            return out
        with self.query() as s:
            names = self._names(s, version, criteria.entity)
            if isinstance(names, tuple):  # an entity filter that means no entity
                return out
            for group in queries.parts(self.dialect, version.version, status, criteria, version.bounds, names):
                need = limit - len(out)
                if need <= 0:
                    break
                sql, params = queries.group_page_sql(group, after, need)
                out += [PageRow(*r) for r in s.all(sql, params)]
        return out

    def count(self, version: VersionInfo, status: str, criteria: Criteria) -> int:
        if not criteria.any():
            return {"dated": version.events, "vague": version.vague, "undated": version.undated}[status]
        if _unmatchable(criteria.entity, criteria.text, criteria.document):
            return 0
        with self.query() as s:
            odd = self._odd.get((version.version, status))
            if odd is None:  # a version never changes: asked once
                odd = s.one("SELECT 1 FROM event_months WHERE version = ? AND status = ? AND month = ?",
                            (version.version, status, months.ODD_CELL)) is not None
                if len(self._odd) > 64:
                    self._odd.clear()
                self._odd[(version.version, status)] = odd
            names = self._names(s, version, criteria.entity)
            if isinstance(names, tuple):
                return 0
            statements = queries.totals(self.dialect, version.version, status, criteria, version.bounds, odd, names)
            return int(s.one(*queries.sum_sql(statements))[0])

    def _names(self, s: Session, version: VersionInfo, entity: str | None) -> queries.EntityRows | tuple | None:
        """What the entity filter ``entity`` selects in ``version``: the registry's entities it means
        (``lookup``: ``Registry.lookup``'s answer) and whether their rows are few (``FEW_NAMED_ROWS``: a page
        then reads those rows by id); () when it means none, None without an entity filter. Looked up once per
        version and entity (a version never changes), not by each of a page's statements."""
        if not entity:
            return None
        key = (version.version, entity)
        known = self._named.get(key)
        if known is not None:
            return known
        match = lookup.lookup(s, version.version, entity)
        if match.ids == ():
            found: queries.EntityRows | tuple = ()
        else:
            few = False
            if match.ids is not None:
                marks = ",".join("?" * len(match.ids))
                (rows,) = s.one(f"SELECT COUNT(*) FROM (SELECT 1 FROM event_entities WHERE entity_id IN ({marks}) "
                                "LIMIT ?) x", (*match.ids, FEW_NAMED_ROWS + 1))
                few = rows <= FEW_NAMED_ROWS
            found = queries.EntityRows(match.ids, match.contains, few)
        if len(self._named) >= NAMES_KEPT:
            self._named.clear()
        self._named[key] = found
        return found

    def stream(self, version: VersionInfo, status: str, criteria: Criteria, batch: int = 1000) -> Iterator[str]:
        """Every matching event's JSON in timeline order, read a batch at a time (for the whole-timeline exports)."""
        after = None
        while True:
            rows = self.page(version, status, criteria, after, batch)
            for row in rows:
                yield row.body
            if len(rows) < batch:
                return
            after = rows[-1].sort_key

    def cited(self, row_ids: list[int]) -> list[str]:
        """The summaries (JSON) of the documents the rows cite, in document order."""
        out: dict[str, tuple[str, str]] = {}
        with self.session() as s:
            for doc_id, summary, order in s.all_in(
                    "SELECT d.id, d.summary, d.doc_order FROM event_documents x JOIN documents d ON d.id = x.document_id "
                    "WHERE x.row_id IN (...)", row_ids):
                out[doc_id] = (order, summary)
        return [summary for _, summary in sorted(out.values())]


def _version(row) -> VersionInfo | None:
    if row is None:
        return None
    bounds = {int(k): int(v) for k, v in json.loads(row[6] or "{}").items()}
    return VersionInfo(row[0], row[1], row[2], row[3], row[4], row[5], bounds)


_SUMMARY_COLUMNS = "document, path, entry, text_length, extracted_at, event_count, timex_count"


def _summary(document: str, path: str, entry: str, text_length: int, extracted_at: str, events: int,
             timexes: int) -> dict:
    """A document as /api/documents lists it: every field the document has (``rows.document_json``; its
    path is the column's), then what the store knows of it."""
    return {**json.loads(document), "path": path, "entry": entry or None, "characters": text_length,
            "extracted_at": extracted_at, "events": events, "timexes": timexes}
