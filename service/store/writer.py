"""One write transaction of the store: the feed's bookkeeping, the documents a refresh changed with their
raw events and their entities, and ``publish``, which rebuilds the registry where the change reaches
(``entities``), re-merges what the change touched (``merging``), gives the rows' participants the registry's
ids, and makes the result the current version. Everything commits together or not at all: readers see the
old version or the new."""

from __future__ import annotations

import dataclasses
import json
import logging
import time

from service.store import entities, merging, months, rows
from service.store.records import DocumentWrite, StoreError, now_iso
from timeline.assemble import merge_precision

log = logging.getLogger("timeline.store")
KEEP_VERSIONS = 3  # a cursor stays good while its version is one of the last three
DATED_RAW = "dated_raw_events"  # the counter of dated raw events (whether a change is a large share)


class Writer:
    def __init__(self, store, session):
        self.store = store
        self.s = session
        self.added: set[int] = set()
        self.added_dated: set[int] = set()
        self.documents_delta = 0  # documents added less documents deleted in this transaction
        self.removed: dict[int, merging.RawItem] = {}
        self.bounds = {int(k): v for k, v in (self._meta("span_bounds") or {}).items()}
        self._bounds_changed = False
        self.published: int | None = None
        self._remerge = False
        self.rows_changed = 0  # timeline rows written and retired by this transaction's publishes
        self.registry = entities.RegistryWriter(session, self.next_ids)

    # --- meta ---------------------------------------------------------------------------------------
    def _meta(self, key: str):
        row = self.s.one("SELECT value FROM meta WHERE key = ?", (key,))
        return json.loads(row[0]) if row else None

    def put_meta(self, key: str, value) -> None:
        self.s.run("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                   (key, rows.dumps(value)))

    def next_ids(self, counter: str, n: int) -> int:
        """The first of ``n`` new ids from ``counter`` (ids are never reused, even after their rows go)."""
        self.s.run("INSERT INTO counters (name, value) VALUES (?, 0) ON CONFLICT (name) DO NOTHING", (counter,))
        (last,) = self.s.one("UPDATE counters SET value = value + ? WHERE name = ? RETURNING value", (n, counter))
        return last - n + 1

    # --- files and problems -------------------------------------------------------------------------
    def put_file(self, path: str, size: int, mtime_ns: int, content_hash: str, status: str, error: str | None) -> None:
        self.s.run(
            "INSERT INTO files (path, size, mtime_ns, content_hash, status, error, missing_scans, changed_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 0, ?) ON CONFLICT (path) DO UPDATE SET size = excluded.size, "
            "mtime_ns = excluded.mtime_ns, content_hash = excluded.content_hash, status = excluded.status, "
            "error = excluded.error, missing_scans = 0, changed_at = excluded.changed_at",
            (path, size, mtime_ns, content_hash, status, error, now_iso()))

    def touch_file(self, path: str, size: int, mtime_ns: int) -> None:
        self.s.run("UPDATE files SET size = ?, mtime_ns = ?, missing_scans = 0 WHERE path = ?", (size, mtime_ns, path))

    def mark_missing(self, path: str) -> None:
        self.s.run("UPDATE files SET missing_scans = missing_scans + 1 WHERE path = ?", (path,))

    def reset_missing(self, paths: list[str]) -> None:
        self.s.many("UPDATE files SET missing_scans = 0 WHERE path = ? AND missing_scans > 0", [(p,) for p in paths])

    def delete_file(self, path: str) -> None:
        for (key,) in self.s.all("SELECT key FROM documents WHERE path = ?", (path,)):
            self.delete_document(key)
        self.s.run("DELETE FROM files WHERE path = ?", (path,))
        self.s.run("DELETE FROM problems WHERE path = ?", (path,))

    def rename_file(self, old: str, new: str, size: int, mtime_ns: int) -> None:
        """A file moved: its documents follow it and keep their ids and their extraction (nothing is read,
        parsed or serialized again)."""
        self.s.run("DELETE FROM files WHERE path = ?", (new,))
        self.s.run("UPDATE files SET path = ?, size = ?, mtime_ns = ?, missing_scans = 0 WHERE path = ?",
                   (new, size, mtime_ns, old))
        self.s.run("UPDATE problems SET path = ? WHERE path = ?", (new, old))
        for key, entry in self.s.all("SELECT key, entry FROM documents WHERE path = ?", (old,)):
            self._move_document(key, new, entry)

    def _move_document(self, key: str, path: str, entry: str) -> None:
        """A document's row and raw events under a new path. Their place among tied events follows the path,
        so the raw events are copied under new ids (in SQL, as stored): the merge takes the old ones out of
        the timeline and places the new ones."""
        new_key, order = f"{path}#{entry}", rows.document_order(path, entry)
        self.s.run("UPDATE documents SET key = ?, path = ?, doc_order = ? WHERE key = ?", (new_key, path, order, key))
        found = self.s.all(f"SELECT {merging.RAW_COLUMNS} FROM raw_events WHERE doc_key = ? ORDER BY seq", (key,))
        if not found:
            return
        first = self.next_ids("raw_events", len(found))
        if [r[3] for r in found] != list(range(len(found))):  # seq numbers a document's events from 0
            raise StoreError(f"the raw events of {key} are not numbered 0..{len(found) - 1}")
        self.s.run("INSERT INTO raw_events (raw_id, doc_key, doc_id, doc_order, seq, status, prec, start_at, end_at, "
                   "body) SELECT ? + seq, ?, doc_id, ?, seq, status, prec, start_at, end_at, body FROM raw_events "
                   "WHERE doc_key = ?", (first, new_key, order, key))
        self.s.run("INSERT INTO raw_keys (key, prec, start_at, end_at, raw_id) SELECT k.key, k.prec, k.start_at, "
                   "k.end_at, ? + r.seq FROM raw_keys k JOIN raw_events r ON r.raw_id = k.raw_id WHERE r.doc_key = ?",
                   (first, key))
        self._forget_raw(found)
        self.s.run("DELETE FROM raw_events WHERE doc_key = ?", (key,))
        for row in found:
            self.added.add(first + row[3])
            if row[4] == "dated":
                self.added_dated.add(first + row[3])

    def put_problem(self, path: str, entry: str, reason: str) -> None:
        self.s.run("INSERT INTO problems (path, entry, reason, seen_at) VALUES (?, ?, ?, ?) ON CONFLICT (path, entry) "
                   "DO UPDATE SET reason = excluded.reason, seen_at = excluded.seen_at", (path, entry, reason, now_iso()))

    def clear_problems(self, path: str) -> None:
        self.s.run("DELETE FROM problems WHERE path = ?", (path,))

    # --- documents and their raw events ---------------------------------------------------------------
    def put_document(self, doc: DocumentWrite) -> None:
        """Store a document with its extraction results (replacing what its key held)."""
        if self.s.one("SELECT 1 FROM documents WHERE key = ?", (doc.key,)):
            self.delete_document(doc.key)
        self._insert_document(doc, now_iso())

    def put_documents(self, docs: list[DocumentWrite]) -> None:
        """Many new documents at once (a bulk load: the keys must be new)."""
        extracted_at = now_iso()
        self.s.insert("documents", _DOC_COLUMNS, [_doc_row(d, extracted_at) for d in docs])
        self.documents_delta += len(docs)
        self._add_raw([(d.key, d.id, rows.document_order(d.path, d.entry), d.events) for d in docs])
        self.registry.put_many([(d.id, entities.document_entities(d.entities)) for d in docs])

    def _insert_document(self, doc: DocumentWrite, extracted_at: str) -> None:
        self.s.insert("documents", _DOC_COLUMNS, [_doc_row(doc, extracted_at)])
        self.documents_delta += 1
        self._add_raw([(doc.key, doc.id, rows.document_order(doc.path, doc.entry), doc.events)])
        self.registry.put(doc.id, entities.document_entities(doc.entities))

    def delete_document(self, key: str) -> None:
        found = self.s.all(f"SELECT {merging.RAW_COLUMNS} FROM raw_events WHERE doc_key = ?", (key,))
        self._forget_raw(found)
        self._count_dated(-sum(1 for r in found if r[4] == "dated"))
        self.s.run("DELETE FROM raw_events WHERE doc_key = ?", (key,))
        found = self.s.one("SELECT id FROM documents WHERE key = ?", (key,))
        if found:
            self.registry.remove(found[0])
            self.s.run("DELETE FROM documents WHERE key = ?", (key,))
            self.documents_delta -= 1

    def _forget_raw(self, found: list) -> None:
        """Raw events (rows of ``merging.RAW_COLUMNS``) leave: the next publish takes them out of the
        timeline (those written in this transaction never were in it). Their keys go now."""
        for row in found:
            raw_id = row[0]
            if raw_id in self.added:
                self.added.discard(raw_id)
                self.added_dated.discard(raw_id)
            else:
                self.removed[raw_id] = merging.raw_item(row)
        self.s.run_in("DELETE FROM raw_keys WHERE raw_id IN (...)", [r[0] for r in found])

    def _add_raw(self, docs: list[tuple[str, str, str, list[rows.RawEvent]]]) -> None:
        total = sum(len(events) for *_, events in docs)
        if not total:
            return
        raw_id = self.next_ids("raw_events", total)
        raw_rows, key_rows = [], []
        for doc_key, doc_id, doc_order, events in docs:
            for seq, e in enumerate(events):
                raw_rows.append((raw_id, doc_key, doc_id, doc_order, seq, e.status, e.prec, e.start_at, e.end_at, e.body))
                if e.status == "dated" and e.start_at is not None and e.end_at is not None:
                    key_rows += [(k, e.prec, e.start_at, e.end_at, raw_id) for k in e.keys]
                if e.start_at is not None and e.span > self.bounds.get(e.prec, -1):
                    self.bounds[e.prec] = e.span
                    self._bounds_changed = True
                self.added.add(raw_id)
                if e.status == "dated":
                    self.added_dated.add(raw_id)
                raw_id += 1
        self.s.insert("raw_events", ("raw_id", "doc_key", "doc_id", "doc_order", "seq", "status", "prec", "start_at",
                                     "end_at", "body"), raw_rows)
        self.s.insert("raw_keys", ("key", "prec", "start_at", "end_at", "raw_id"), key_rows)
        self._count_dated(sum(1 for r in raw_rows if r[5] == "dated"))

    # --- the new version --------------------------------------------------------------------------------
    def current_version(self) -> int | None:
        current = self.store.current_version_in(self.s)
        return current.version if current else None

    def changed(self) -> bool:
        return bool(self.added or self.removed or self.documents_delta or self._remerge or self.registry.changed())

    def remerge(self) -> None:
        """The assembly changed (how events are ordered and merged): the next ``publish`` derives again what the
        store keeps of each raw event besides its body and merges the whole timeline again from the raw events
        as stored, and the registry from the documents' entities as stored. Nothing is extracted."""
        self._remerge = True
        self.registry.rebuild = True

    def _rederived(self) -> list[merging.RawItem]:
        """Every raw event with its derived columns and link keys made again from its body (each parsed once)."""
        items = merging.load_raw(self.s, [r[0] for r in self.s.all("SELECT raw_id FROM raw_events")])
        updates, keys = [], []
        self.bounds, self._bounds_changed = {}, True
        for item in items:
            item.status, item.prec, item.start_at, item.end_at, span, link = rows.derived(item.event)
            item.keys = frozenset(link)
            updates.append((item.status, item.prec, item.start_at, item.end_at, item.raw_id))
            if item.status == "dated" and item.start_at is not None and item.end_at is not None:
                keys += [(k, item.prec, item.start_at, item.end_at, item.raw_id) for k in link]
            if item.start_at is not None and span > self.bounds.get(item.prec, -1):
                self.bounds[item.prec] = span
        self.s.many("UPDATE raw_events SET status = ?, prec = ?, start_at = ?, end_at = ? WHERE raw_id = ?", updates)
        self.s.run("DELETE FROM raw_keys")
        self.s.insert("raw_keys", ("key", "prec", "start_at", "end_at", "raw_id"), keys)
        self.s.run("DELETE FROM counters WHERE name = ?", (DATED_RAW,))  # counted again when next asked
        return items

    def publish(self, force: bool = False) -> int | None:
        """Merge what changed into the timeline and make it the current version (None when nothing changed
        and ``force`` is not set)."""
        current = self.store.current_version_in(self.s)
        if not self.changed() and not force and current is not None:
            return None
        started = time.monotonic()
        if self._bounds_changed:
            self.put_meta("span_bounds", {str(k): v for k, v in self.bounds.items()})
        # a migrated store goes on from the version its old snapshots had reached (ETags name versions)
        version = (current.version if current else int(self._meta("current_version") or 0)) + 1
        registry = self.registry.plan()
        self.registry.apply(registry)
        if self._remerge:
            plan = merging.plan_all(self.s, self._rederived())
            self.put_meta("span_bounds", {str(k): v for k, v in self.bounds.items()})
        else:
            removed = list(self.removed.values())
            seeds = len(self.added_dated) + sum(1 for r in removed if r.status == "dated")
            # the share of the timeline a change touches decides whether to merge everything: counting a
            # million rows for a change of a few is not worth it (a few is never a large share)
            dated_total = self._dated_raw_events() if seeds >= 1000 else 10**12
            has_rows = current is not None and current.events > 0
            plan = merging.plan(self.s, self.added, len(self.added_dated), removed, self.bounds, dated_total, has_rows)
        ids = _EntityIds(self.s)
        # rows whose members stay but a participant's entity now has another id are made again
        recombined = merging.recombine(self.s, plan, _rows_naming(self.s, registry.moved), lambda e: rows.event_json(ids.of(e)))
        merging.unique_ids(self.s, plan, self._doc_order)
        counts = {"dated": current.events if current else 0, "vague": current.vague if current else 0,
                  "undated": current.undated if current else 0}
        retire = sorted(plan.retire)
        cells = months.retired(self.s, retire)
        touched = {r[0] for r in self.s.all_in("SELECT entity_id FROM event_entities WHERE row_id IN (...)", retire)}
        self.s.run_in("UPDATE events SET valid_to = ? WHERE row_id IN (...) AND valid_to IS NULL", retire, (version,))
        cells.update(self._insert_rows(plan.insert, version, ids, touched))
        written, gone = self.registry.write_rows(registry, version, touched)
        for (status, _, _), n in cells.items():
            counts[status] += n
        months.write(self.s, current.version if current else None, version, cells)
        if current is None:
            (documents,) = self.s.one("SELECT COUNT(*) FROM documents")
        else:
            documents = current.documents + self.documents_delta
        created = now_iso()
        self.s.run("INSERT INTO versions (version, created_at, events, vague, undated, documents, span_bounds) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)", (version, created, counts["dated"], counts["vague"], counts["undated"],
                                                   documents, rows.dumps({str(k): v for k, v in self.bounds.items()})))
        self.put_meta("current_version", version)
        self._collect(version)
        self.published = version
        self.rows_changed += len(plan.insert) + len(plan.retire)
        log.info("timeline version %d: %d rows written, %d retired (%s: %d raw events merged, %d looked at; %d made "
                 "again for their entities' ids); registry: %d entities written, %d retired (%s: %d articles' entities "
                 "rebuilt, %d looked at) in %.2fs",
                 version, len(plan.insert), len(plan.retire),
                 "merged again, the assembly changed" if self._remerge else
                 "everything merged" if plan.full else "touched stretches",
                 plan.merged, plan.searched, recombined, written, gone,
                 "everything" if registry.full else "the part the change reaches", registry.rebuilt, registry.searched,
                 time.monotonic() - started)
        self._remerge = False
        self.added.clear()
        self.added_dated.clear()
        self.documents_delta = 0
        self.removed.clear()
        return version

    def _dated_raw_events(self) -> int:
        """How many dated raw events the store holds: kept in ``counters`` as they are written and deleted,
        counted once (a scan of every raw event, 0.6 s at a million) the first time it is asked."""
        row = self.s.one("SELECT value FROM counters WHERE name = ?", (DATED_RAW,))
        if row is not None:
            return int(row[0])
        (n,) = self.s.one("SELECT COUNT(*) FROM raw_events WHERE status = 'dated'")
        self.s.run("INSERT INTO counters (name, value) VALUES (?, ?)", (DATED_RAW, n))
        return n

    def _count_dated(self, n: int) -> None:
        if n:  # nothing to do while the count is not kept yet
            self.s.run("UPDATE counters SET value = value + ? WHERE name = ?", (n, DATED_RAW))

    def _doc_order(self, doc_id: str) -> str:
        row = self.s.one("SELECT doc_order FROM documents WHERE id = ?", (doc_id,))
        return row[0] if row else "\uffff"

    def _insert_rows(self, new: list[merging.NewRow], version: int, ids: "_EntityIds", touched: set[str]) -> months.Deltas:
        """Write the rows of ``new`` as visible from ``version``, their participants given the registry's ids
        (``ids``; the ids they name are added to ``touched``); their cells (service.store.months)."""
        cells = months.Deltas()
        if not new:
            return cells
        row_id = self.next_ids("events", len(new))
        event_rows, pointers, entity_links, doc_links = [], [], [], []
        ids.load({d for row in new for d in _entity_documents(row.event)})
        for row in new:
            event = ids.of(row.event)
            start_at, end_at = rows.interval_text(event.date.start), rows.interval_text(event.date.end)
            cells[(event.date.status, months.cell(start_at, end_at), int(event.inferred))] += 1
            as_extracted = row.body is not None and event.id == row.base_id and event is row.event
            event_rows.append((row_id, event.id, row.base_id, event.date.status, merge_precision(event),
                               rows.sort_key(event, row.doc_rank), start_at, end_at, rows.search_text(event), int(event.inferred),
                               row.body if as_extracted else rows.event_json(event), version))
            pointers += [(row_id, raw_id) for raw_id in row.members]
            named = entities.event_entities(event)
            touched |= named
            entity_links += [(entity_id, row_id) for entity_id in sorted(named)]
            doc_links += [(d, row_id) for d in {s.document_id for s in event.sources}]
            row_id += 1
        self.s.insert("events", ("row_id", "id", "base_id", "status", "prec", "sort_key", "start_at", "end_at", "search",
                                 "inferred", "body", "valid_from"), event_rows)
        self.s.insert("event_entities", ("entity_id", "row_id"), entity_links)
        self.s.insert("event_documents", ("document_id", "row_id"), doc_links)
        self.s.set_merged_rows(pointers)
        return cells

    def _collect(self, version: int) -> None:
        """Forget rows no kept version can see, and the versions themselves."""
        oldest = version - KEEP_VERSIONS + 1
        gone = [r[0] for r in self.s.all("SELECT row_id FROM events WHERE valid_to IS NOT NULL AND valid_to <= ?", (oldest,))]
        for table in ("event_entities", "event_documents", "events"):
            self.s.run_in(f"DELETE FROM {table} WHERE row_id IN (...)", gone)
        self.s.run("DELETE FROM versions WHERE version < ?", (oldest,))
        months.collect(self.s, oldest)
        entities.collect(self.s, oldest)


_DOC_COLUMNS = ("key", "path", "entry", "id", "doc_order", "content_hash", "document", "summary", "text_length",
                "extracted_at", "timexes", "timex_count", "event_count")


def _doc_row(doc: DocumentWrite, extracted_at: str) -> tuple:
    return (doc.key, doc.path, doc.entry, doc.id, rows.document_order(doc.path, doc.entry), doc.content_hash,
            doc.document, doc.summary, doc.text_length, extracted_at, doc.timexes, doc.timex_count, len(doc.events))


def _entity_documents(event) -> set[str]:
    """The documents whose entities an event's participants name (``merging.qualified``)."""
    return {p.entity.rsplit(merging.QUALIFIER, 1)[0] for p in event.participants
            if p.entity is not None and merging.QUALIFIER in p.entity}


class _EntityIds:
    """The registry's ids of the documents' entities, for the participants of the rows a publish writes
    (asked of ``document_entities`` once per document)."""

    def __init__(self, session):
        self.s = session
        self.known: dict[tuple[str, str], str] = {}
        self.asked: set[str] = set()

    def load(self, doc_ids: set[str]) -> None:
        wanted = doc_ids - self.asked
        if wanted:
            self.known.update(entities.entity_ids_of(self.s, wanted))
            self.asked |= wanted

    def of(self, event):
        """``event`` with each participant's qualified key replaced by its entity's registry id (the event
        itself when it names no document's entity)."""
        documents = _entity_documents(event)
        if not documents:
            return event
        self.load(documents)
        participants = []
        for p in event.participants:
            if p.entity is not None and merging.QUALIFIER in p.entity:
                doc_id, key = p.entity.rsplit(merging.QUALIFIER, 1)
                p = dataclasses.replace(p, entity=self.known.get((doc_id, key)))
            participants.append(p)
        return dataclasses.replace(event, participants=participants)


def _rows_naming(s, moved) -> set[int]:
    """The current rows made from a raw event whose participant is one of the members of ``moved`` (members
    whose entity's id changed: ``entities.RegistryPlan.moved``)."""
    keys: dict[str, set[str]] = {}
    for member, old in moved:
        if old is not None:
            keys.setdefault(member.doc_id, set()).add(member.entity.key)
    found: set[int] = set()
    for doc_id, body, row in s.all_in("SELECT r.doc_id, r.body, r.merged_row FROM raw_events r JOIN documents d ON "
                                      "d.key = r.doc_key WHERE d.id IN (...)", sorted(keys)):
        if row is not None and any(p.get("entity") in keys[doc_id] for p in json.loads(body)["participants"]):
            found.add(row)
    return found
