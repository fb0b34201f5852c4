"""The schema version a store carries, and bringing an older store up to the current one in place.

``upgrade`` runs in one transaction (SQLite and PostgreSQL both roll DDL back), so a store is either
migrated whole or left as it was. Version 1, the first release's SQLite store, becomes version 2 by
turning each document's list of events into rows and merging them once into a first version of the
timeline; the numbering of versions goes on from the last snapshot's (ETags name versions). Version 2
becomes version 3 by counting the rows of every kept version by month (``event_months``) and replacing the
index by start within a precision with one by sort key (``events_span`` becomes ``events_span_order``).
Version 3 becomes version 4, which keeps the registry of entities (``service.store.entities``), by adding
its tables and dropping the participants' names the entity filter searched (``names``, ``event_names``): the
stored documents have no entities yet, so the record of what extracted them goes too and the next refresh
extracts every stored file again (readers keep the stored timeline meanwhile; its entity filter finds
nothing until then). Version 4 becomes version 5 by giving every stored name the model it is a variant of
(``entity_names.series``, "777" for "777-200LR"), so that a query for a model finds its variants.
"""

from __future__ import annotations

import json
import logging

from service.store import months, rows
from service.store.entities import name_rows
from service.store.records import DocumentWrite, StoreError
from service.store.schema import SCHEMA_VERSION, ddl
from timeline.model import Document, Event

log = logging.getLogger("timeline.store")
EMPTY = 0
BATCH = 2000


class MigrationNeeded(StoreError):
    def __init__(self, found: int):
        super().__init__(f"the store has schema version {found}, this release uses {SCHEMA_VERSION}: "
                         "run `timeline migrate` (or start the service, which migrates it)")
        self.found = found


def schema_version(s) -> int:
    """0 for an empty store, 1 for the first release's (which recorded no version), else what it says."""
    tables = s.tables()
    if "meta" in tables:
        row = s.one("SELECT value FROM meta WHERE key = 'schema_version'")
        if row is not None:
            return int(json.loads(row[0]))
    if "snapshots" in tables or "documents" in tables:
        return 1
    return EMPTY


def upgrade(store, s) -> int | None:
    """Bring the store in session ``s`` to SCHEMA_VERSION; the version it had when it was older, else None."""
    found = schema_version(s)
    if found == SCHEMA_VERSION:
        return None
    if found > SCHEMA_VERSION:
        raise StoreError(f"the store has schema version {found}, newer than this release's {SCHEMA_VERSION}: "
                         "upgrade the service instead")
    if found == 1:
        _from_first_release(store, s)
    elif found in (2, 3, 4):
        if found == 2:
            _from_second(s)
        if found in (2, 3):
            _from_third(s)
        else:
            _from_fourth(s)
    else:
        for statement in ddl(s.dialect):
            s.run(statement)
    s.run("INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
          (json.dumps(SCHEMA_VERSION),))
    if found != EMPTY:
        log.info("store migrated from schema version %d to %d", found, SCHEMA_VERSION)
        return found
    return None


def _from_fourth(s) -> None:
    log.info("migrating the store from schema version 4 (the model each stored name is a variant of)...")
    s.run("ALTER TABLE entity_names ADD COLUMN series TEXT")
    for statement in ddl(s.dialect):
        s.run(statement)
    variants = [(row[5], row[0], row[1]) for row_id, body in s.all("SELECT row_id, body FROM entities")
                for row in name_rows(row_id, body) if row[5] is not None]
    for values in variants:
        s.run("UPDATE entity_names SET series = ? WHERE entity_row = ? AND spelling = ?", values)
    log.info("%d stored names are a model's variant", len(variants))


def _from_third(s) -> None:
    log.info("migrating the store to schema version 4 (the registry of entities; every stored file is extracted "
             "again by the next refresh)...")
    s.run("DROP TABLE IF EXISTS event_names")
    s.run("DROP TABLE IF EXISTS names")
    for statement in ddl(s.dialect):
        s.run(statement)
    # what extracted the documents is forgotten, and each document's digest of what its extraction depends on
    # with it: every stored file is read, and every document extracted, again
    s.run("DELETE FROM meta WHERE key = 'extractor'")
    s.run("UPDATE documents SET content_hash = ''")


def _from_second(s) -> None:
    log.info("migrating the store from schema version 2 (counting each kept version's rows by month)...")
    s.run("DROP INDEX IF EXISTS events_span")
    for statement in ddl(s.dialect):
        s.run(statement)
    for (version,) in s.all("SELECT version FROM versions ORDER BY version"):
        months.count_version(s, version)


def _from_first_release(store, s) -> None:
    from service.store.writer import Writer

    log.info("migrating the store from the first release's schema (events become rows)...")
    s.run("DROP INDEX IF EXISTS documents_path")
    s.run("ALTER TABLE documents RENAME TO documents_v1")
    s.run("DROP TABLE IF EXISTS snapshots")
    for statement in ddl(s.dialect):
        s.run(statement)
    writer = Writer(store, s)
    old = s.all("SELECT key, path, entry, id, content_hash, title, url, source_name, dct, dct_source, text_length, "
                "extracted_at, timexes, events FROM documents_v1 ORDER BY path, entry")
    batch: list[DocumentWrite] = []
    for (key, path, entry, doc_id, content_hash, title, url, source_name, dct, dct_source, text_length,
         _extracted_at, timexes, events) in old:
        document = Document.from_json({"id": doc_id, "title": title, "url": url, "source_name": source_name,
                                       "dct": dct, "dct_source": dct_source, "path": path})
        document_text, summary = rows.document_json(document)
        raw = [rows.raw_event(Event.from_json(e)) for e in json.loads(events)]
        batch.append(DocumentWrite(key, path, entry, doc_id, content_hash, document_text, summary, text_length,
                                   timexes, len(json.loads(timexes)), raw))
        if len(batch) >= BATCH:
            writer.put_documents(batch)
            batch = []
    writer.put_documents(batch)
    s.run("DROP TABLE documents_v1")
    if old or s.one("SELECT value FROM meta WHERE key = 'current_version'"):
        writer.publish(force=True)
    writer.put_meta("assembly", {"version": rows.assembly_version()})  # merged just now, by this release
    log.info("migrated %d documents", len(old))
