"""The store's tables, written once for both engines, and the schema version they carry.

Version 1 is the first release's SQLite store (files, documents with their events as one JSON list,
problems, whole-timeline JSON ``snapshots``, meta); it recorded no version. Version 2 keeps events as
rows: ``raw_events`` (each document's events as extracted, the merge's input, with ``raw_keys`` to find
the events one could merge with) and ``events`` (the merged timeline, versioned rows: a row is visible
in versions ``valid_from <= v < valid_to``; ``versions`` says which exist and ``meta.current_version``
which one readers see). PostgreSQL stores begin at version 2. Version 3 adds ``event_months`` (how many
rows of each version start in each month, written at publish: totals of date-filtered pages read it
instead of counting a million rows) and replaces ``events_span`` (by start) with ``events_span_order`` (by
sort key within a precision: a page of the events already running when a date window begins is then an
ordered index scan with a LIMIT, not a sort). Version 4 keeps the registry of entities
(service.store.entities): each document's entities as extracted (``document_entities``) with the keys that
tie them to other documents' (``entity_keys``), the registry as versioned rows (``entities``, their names in
``entity_names`` for the entity filter's lookups) and the entities each timeline row names
(``event_entities``, which the entity filter reads instead of the participants' names: ``names`` and
``event_names`` go).
"""

from __future__ import annotations

SCHEMA_VERSION = 5


class Dialect:
    """What differs between the engines in the DDL and the queries."""

    name = "sqlite"
    param = "?"
    id_pk = "INTEGER PRIMARY KEY"  # the rowid itself
    big = "INTEGER"
    ordered_text = "TEXT"  # compared byte by byte (SQLite's BINARY collation is memcmp of UTF-8)
    no_rowid = " WITHOUT ROWID"
    contains = "instr({0}, {1}) > 0"
    # a column the planner must not read through an index: where an entity or a document already names the
    # few rows, SQLite (without statistics) would rather walk the whole order index than sort those rows
    narrow = "+{0}"

    def sql(self, text: str) -> str:
        return text


class PostgresDialect(Dialect):
    name = "postgresql"
    param = "%s"
    id_pk = "BIGINT PRIMARY KEY"
    big = "BIGINT"
    ordered_text = 'TEXT COLLATE "C"'
    no_rowid = ""
    contains = "strpos({0}, {1}) > 0"
    narrow = "{0}"  # the planner's statistics see how few rows the entity or document selects

    def sql(self, text: str) -> str:
        # the queries are written with ? (none holds a literal ? or %)
        return text.replace("?", "%s")


SQLITE = Dialect()
POSTGRES = PostgresDialect()

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS counters (          -- ids never reused: an event's ETag names its row
    name TEXT PRIMARY KEY,
    value {big} NOT NULL
);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,                      -- relative to the feed directory
    size {big} NOT NULL,
    mtime_ns {big} NOT NULL,
    content_hash TEXT NOT NULL,
    status TEXT NOT NULL,                       -- ok | error
    error TEXT,
    missing_scans INTEGER NOT NULL DEFAULT 0,
    changed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    key TEXT PRIMARY KEY,                       -- file path + '#' + entry key
    path TEXT NOT NULL,
    entry TEXT NOT NULL,
    id TEXT NOT NULL UNIQUE,
    doc_order {ordered_text} NOT NULL,          -- rows.document_order: ties on the axis follow it
    content_hash TEXT NOT NULL,
    document TEXT NOT NULL,                     -- Document.to_json()
    summary TEXT NOT NULL,                      -- Document.summary_json(), as a page cites it
    text_length INTEGER NOT NULL,
    extracted_at TEXT NOT NULL,
    timexes TEXT NOT NULL,                      -- JSON list
    timex_count INTEGER NOT NULL,
    event_count INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_path ON documents(path);
CREATE INDEX IF NOT EXISTS documents_order ON documents(doc_order);
CREATE TABLE IF NOT EXISTS problems (
    path TEXT NOT NULL,
    entry TEXT NOT NULL,
    reason TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (path, entry)
);
CREATE TABLE IF NOT EXISTS raw_events (
    raw_id {id_pk},
    doc_key TEXT NOT NULL,                      -- documents.key
    doc_id TEXT NOT NULL,
    doc_order {ordered_text} NOT NULL,
    seq INTEGER NOT NULL,                       -- position in the document's list of events
    status TEXT NOT NULL,                       -- dated | vague | undated
    prec INTEGER NOT NULL,                      -- timeline.assemble.merge_precision
    start_at {ordered_text},                    -- rows.interval_text
    end_at {ordered_text},
    body TEXT NOT NULL,                         -- Event.to_json(), serialized once
    merged_row {big}                            -- the events row it is part of now
);
CREATE INDEX IF NOT EXISTS raw_events_doc ON raw_events(doc_key, seq);
CREATE INDEX IF NOT EXISTS raw_events_row ON raw_events(merged_row);
CREATE TABLE IF NOT EXISTS raw_keys (           -- dated raw events by the keys that link them (assemble.link_keys)
    key TEXT NOT NULL,
    prec INTEGER NOT NULL,
    start_at {ordered_text} NOT NULL,
    end_at {ordered_text},                      -- never NULL, but no NOT NULL: SQLite 3.40's integrity_check
    raw_id {big} NOT NULL,                      -- misreports it on a WITHOUT ROWID table's non-key column
    PRIMARY KEY (key, prec, start_at, raw_id)
){no_rowid};
CREATE INDEX IF NOT EXISTS raw_keys_raw ON raw_keys(raw_id);
CREATE TABLE IF NOT EXISTS versions (
    version {big} PRIMARY KEY,
    created_at TEXT NOT NULL,
    events {big} NOT NULL,
    vague {big} NOT NULL,
    undated {big} NOT NULL,
    documents {big} NOT NULL,
    span_bounds TEXT NOT NULL                   -- JSON: precision -> longest interval (s), for date filters
);
CREATE TABLE IF NOT EXISTS events (             -- the merged timeline: versioned rows
    row_id {id_pk},
    id TEXT NOT NULL,                           -- as served: unique among the rows of a version
    base_id TEXT NOT NULL,                      -- before a collision suffix
    status TEXT NOT NULL,
    prec INTEGER NOT NULL,
    sort_key {ordered_text} NOT NULL,           -- rows.sort_key: the timeline's order
    start_at {ordered_text},
    end_at {ordered_text},
    search TEXT NOT NULL,                       -- rows.search_text
    inferred INTEGER NOT NULL DEFAULT 0,        -- 1: dated from its context (left out by dated=explicit)
    body TEXT NOT NULL,                         -- the JSON served
    valid_from {big} NOT NULL,
    valid_to {big}                              -- NULL while current
);
CREATE UNIQUE INDEX IF NOT EXISTS events_current_id ON events(id) WHERE valid_to IS NULL;
CREATE INDEX IF NOT EXISTS events_id ON events(id, valid_from);
CREATE INDEX IF NOT EXISTS events_base ON events(base_id) WHERE valid_to IS NULL;
CREATE INDEX IF NOT EXISTS events_order ON events(status, sort_key, valid_from, valid_to, end_at, inferred);
CREATE INDEX IF NOT EXISTS events_span_order ON events(status, prec, sort_key, end_at, valid_from, valid_to, inferred);
CREATE INDEX IF NOT EXISTS events_retired ON events(valid_to) WHERE valid_to IS NOT NULL;
CREATE TABLE IF NOT EXISTS event_months (       -- rows of each version by the month they start in
    version {big} NOT NULL,
    status TEXT NOT NULL,
    month {ordered_text} NOT NULL,              -- rows.month_cell: 'YYYY-MM', '' without a start, '!' odd interval
    inferred INTEGER NOT NULL,
    n {big} NOT NULL,
    PRIMARY KEY (version, status, month, inferred)
){no_rowid};
CREATE TABLE IF NOT EXISTS event_documents (
    document_id TEXT NOT NULL,
    row_id {big} NOT NULL,
    PRIMARY KEY (document_id, row_id)
){no_rowid};
CREATE INDEX IF NOT EXISTS event_documents_row ON event_documents(row_id);
CREATE TABLE IF NOT EXISTS event_entities (     -- the registry entities taking part in each timeline row
    entity_id TEXT NOT NULL,
    row_id {big} NOT NULL,
    PRIMARY KEY (entity_id, row_id)
){no_rowid};
CREATE INDEX IF NOT EXISTS event_entities_row ON event_entities(row_id, entity_id);
CREATE TABLE IF NOT EXISTS document_entities (  -- each document's entities as extracted: the registry's input
    member_id {id_pk},
    doc_id TEXT NOT NULL,                       -- documents.id
    key TEXT NOT NULL,                          -- DocumentEntity.key, what the document's participants name
    body TEXT NOT NULL,                         -- DocumentEntity.to_json()
    entity_id TEXT                              -- its registry entity in the current version
);
CREATE UNIQUE INDEX IF NOT EXISTS document_entities_key ON document_entities(doc_id, key);
CREATE INDEX IF NOT EXISTS document_entities_entity ON document_entities(entity_id);
CREATE TABLE IF NOT EXISTS entity_keys (        -- the keys through which members can affect each other's entity
    key TEXT NOT NULL,
    role TEXT NOT NULL,                         -- 'a': the member asks for it, 'i': it answers to it (registry.interaction_keys)
    member_id {big} NOT NULL,
    PRIMARY KEY (key, role, member_id)
){no_rowid};
CREATE INDEX IF NOT EXISTS entity_keys_member ON entity_keys(member_id);
CREATE TABLE IF NOT EXISTS entities (           -- the registry: versioned rows, one per entity
    row_id {id_pk},
    id TEXT NOT NULL,                           -- as served: the slug of its name, a suffix telling namesakes apart
    base TEXT NOT NULL,                         -- the slug alone
    lead TEXT NOT NULL,                         -- its first member, JSON [document id, key]: orders namesakes
    name TEXT NOT NULL,
    kind TEXT,
    rank {ordered_text} NOT NULL,               -- the list's order: most events first, then id
    events {big} NOT NULL,                      -- rows of the version it takes part in
    first_day TEXT,                             -- as timeline.entities.summary gives them
    last_day TEXT,
    body TEXT NOT NULL,                         -- RegistryEntity.to_json()
    valid_from {big} NOT NULL,
    valid_to {big}
);
CREATE UNIQUE INDEX IF NOT EXISTS entities_current_id ON entities(id) WHERE valid_to IS NULL;
CREATE INDEX IF NOT EXISTS entities_id ON entities(id, valid_from);
CREATE INDEX IF NOT EXISTS entities_base ON entities(base) WHERE valid_to IS NULL;
CREATE INDEX IF NOT EXISTS entities_rank ON entities(rank, valid_from, valid_to, kind);
CREATE INDEX IF NOT EXISTS entities_retired ON entities(valid_to) WHERE valid_to IS NOT NULL;
CREATE TABLE IF NOT EXISTS entity_names (       -- every name of every registry row, as the entity filter looks them up
    entity_row {big} NOT NULL,                  -- entities.row_id
    spelling TEXT NOT NULL,                     -- the name in lower case
    key TEXT NOT NULL,                          -- timeline.entities.registry.name_key of the name
    key_length INTEGER NOT NULL,
    spelling_length INTEGER NOT NULL,
    series TEXT,                                -- timeline.entities.registry.series_key: "777" of "777-200LR"
    PRIMARY KEY (entity_row, spelling)
){no_rowid};
CREATE INDEX IF NOT EXISTS entity_names_key ON entity_names(key, entity_row);
CREATE INDEX IF NOT EXISTS entity_names_key_length ON entity_names(key_length, key, entity_row);
CREATE INDEX IF NOT EXISTS entity_names_spelling_length ON entity_names(spelling_length, spelling, entity_row);
CREATE INDEX IF NOT EXISTS entity_names_series ON entity_names(series, entity_row) WHERE series IS NOT NULL;
"""


def ddl(dialect: Dialect) -> list[str]:
    """The statements that create the current schema (idempotent)."""
    text = _TABLES.format(id_pk=dialect.id_pk, big=dialect.big, ordered_text=dialect.ordered_text,
                          no_rowid=dialect.no_rowid)
    return [s.strip() for s in text.split(";") if s.strip()]
