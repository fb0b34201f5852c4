"""One refresh: scan the feed directory, work out what changed, extract what is new, and store a new
timeline snapshot when anything did change.

- unchanged: same size and mtime as stored (no read at all);
- touched: size or mtime differ but the content hash is the same (nothing to extract);
- renamed: a new path whose content hash is a missing file's (documents move, ids stay);
- changed / new: extracted again, entry by entry (a feed updated in place re-extracts only the
  entries whose text changed);
- deleted: missing on two consecutive scans (one miss may be a file being replaced);
- bad: recorded with its reason and skipped; what was stored for it before is kept.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from service import scanner
from service.settings import ServiceSettings
from service.store import DocumentRecord, Store, now_iso
from timeline import sources
from timeline.assemble import build_timeline
from timeline.export.json_export import timeline_json
from timeline.model import Document, Event
from timeline.pipeline import extractor_fingerprint, process

log = logging.getLogger("timeline.refresh")
PROGRESS_EVERY_SECONDS = 2.0


@dataclass
class RefreshReport:
    started_at: str
    duration: float = 0.0
    scanned: int = 0
    unchanged: int = 0
    touched: int = 0
    new: int = 0
    changed: int = 0
    renamed: int = 0
    deleted: int = 0
    missing: int = 0
    settling: int = 0
    waiting: list[str] = field(default_factory=list)  # the settling files: still being written, read later
    extracted: int = 0
    kept: int = 0
    skipped: list[dict] = field(default_factory=list)
    version: int | None = None
    new_snapshot: bool = False

    def to_json(self) -> dict:
        return asdict(self)


def document_hash(doc: Document, extractor: str = "") -> str:
    """What a document's extraction depends on: its text and metadata, and the extractor's fingerprint."""
    payload = json.dumps([doc.text, doc.dct.isoformat(), doc.title, doc.url, doc.source_name, extractor],
                         ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _unique_id(wanted: str, key: str, taken: set[str]) -> str:
    if wanted not in taken:
        return wanted
    return f"{wanted}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:6]}"


class Refresher:
    """Runs refreshes of one feed directory into one store. ``nlp`` is called to get the pipeline
    (loaded on first use); ``extract_lock`` serializes use of the model with other threads."""

    def __init__(self, config: ServiceSettings, store: Store, nlp: Callable[[], object], extract_lock):
        self.config = config
        self.store = store
        self._nlp = nlp
        self._lock = extract_lock
        self._reported: set[str] = set()  # unsupported files already logged: say it once, not every scan

    def run(self) -> RefreshReport:
        started = time.monotonic()
        report = RefreshReport(started_at=now_iso())
        root = Path(self.config.feed_dir)
        if not root.is_dir():
            log.warning("refresh: the feed directory %s does not exist; nothing to read", root)
        found = scanner.scan(root, self.config.settle_seconds)
        report.scanned = len(found.files)
        report.settling = len(found.settling)
        report.waiting = found.settling[:100]
        if found.settling:
            log.info("refresh: %d file(s) still being written, left for the next scan: %s",
                     len(found.settling), ", ".join(found.settling[:5]))
        for rel in found.unsupported:
            report.skipped.append({"path": rel, "entry": None, "reason": "unsupported file type"})
            if rel not in self._reported:
                self._reported.add(rel)
                log.warning("skipped %s: unsupported file type (ignored from now on)", rel)
        for rel, reason in found.refused:
            report.skipped.append({"path": rel, "entry": None, "reason": reason})
            if rel not in self._reported:
                self._reported.add(rel)
                log.warning("skipped %s: %s", rel, reason)
        known = self.store.files()
        fingerprint = extractor_fingerprint(self.config.extractor.model, self.config.extractor.packs)
        stale = bool(known) and (self.store.meta("extractor") or {}).get("fingerprint") != fingerprint
        if stale:
            # an upgrade changed the extraction code or the model: what is stored was made by another
            # extractor, so every file is read again (readers keep the current timeline meanwhile)
            log.info("refresh: the extractor changed since the store was written; extracting all %d files again",
                     len(found.files))
        present = {f.path for f in found.files}
        hashes: dict[str, str] = {}
        to_load: list[scanner.Found] = []
        unchanged_paths: list[str] = []
        touched: list[scanner.Found] = []
        for f in found.files:
            record = known.get(f.path)
            if not stale and record is not None and record.size == f.size and record.mtime_ns == f.mtime_ns:
                report.unchanged += 1
                if record.missing_scans:
                    unchanged_paths.append(f.path)
                continue
            try:
                digest = scanner.content_hash(root, f.path)
            except OSError as exc:
                report.skipped.append({"path": f.path, "entry": None, "reason": f"cannot read: {exc}"})
                continue
            hashes[f.path] = digest
            if not stale and record is not None and record.content_hash == digest:
                touched.append(f)
                report.touched += 1
            else:
                to_load.append(f)
        missing = [p for p in known if p not in present and p not in found.settling]
        renames: list[tuple[str, scanner.Found]] = []
        by_hash = {known[p].content_hash: p for p in missing}
        for f in list(to_load):
            old = by_hash.get(hashes[f.path])
            if f.path not in known and old is not None:
                renames.append((old, f))
                to_load.remove(f)
                missing.remove(old)
                del by_hash[hashes[f.path]]
        deleted = [p for p in missing if known[p].missing_scans + 1 >= 2]
        report.renamed, report.deleted, report.missing = len(renames), len(deleted), len(missing) - len(deleted)
        report.new = sum(1 for f in to_load if f.path not in known)
        report.changed = len(to_load) - report.new

        extracted = self._extract(root, to_load, hashes, known, report, fingerprint)
        structural = bool(renames or deleted or extracted["changed_documents"])
        with self.store.write() as db:
            for f in touched:
                Store.touch_file(db, f.path, f.size, f.mtime_ns)
            Store.reset_missing(db, unchanged_paths)
            for old, f in renames:
                log.info("refresh: %s renamed to %s", old, f.path)
                Store.rename_file(db, old, f.path, f.size, f.mtime_ns)
            for path in missing:
                if path in deleted:
                    log.info("refresh: %s deleted (missing on two scans)", path)
                    Store.delete_file(db, path)
                else:
                    Store.mark_missing(db, path)
            for write in extracted["writes"]:
                write(db)
            if structural or self.store.current_version() is None:
                report.version = Store.put_snapshot(db, self._timeline_json(db))
                report.new_snapshot = True
            report.duration = round(time.monotonic() - started, 3)
            Store.put_meta(db, "last_refresh", report.to_json())
            if not stale or set(known) <= set(hashes):  # every stored file was read again (none missing)
                Store.put_meta(db, "extractor", {"fingerprint": fingerprint, "model": self.config.extractor.model})
        if report.version is None:
            report.version = self.store.current_version()
        log.info(
            "refresh done in %.2fs: %d files (%d unchanged, %d new, %d changed, %d renamed, %d deleted), "
            "%d documents extracted, %d skipped%s",
            report.duration, report.scanned, report.unchanged, report.new, report.changed, report.renamed,
            report.deleted, report.extracted, len(report.skipped),
            f", timeline version {report.version}" if report.new_snapshot else ", timeline unchanged",
        )
        for item in report.skipped:
            if item["path"] not in self._reported:  # unsupported files and refused links were logged once
                log.warning("skipped %s%s: %s", item["path"], f" ({item['entry']})" if item.get("entry") else "",
                            item["reason"])
        return report

    # --- extraction ------------------------------------------------------------------------------
    def _extract(self, root: Path, files: list[scanner.Found], hashes: dict[str, str], known, report,
                 fingerprint: str) -> dict:
        """Load and extract the new and changed files; returns the writes to apply in the transaction."""
        writes: list[Callable] = []
        changed_documents = 0
        taken = self.store.document_ids()
        last_log = time.monotonic()
        total = len(files)
        for n, f in enumerate(files, start=1):
            if time.monotonic() - last_log > PROGRESS_EVERY_SECONDS:
                log.info("refresh: extracting %d/%d files", n, total)
                last_log = time.monotonic()
            path = root / f.path
            try:
                entries = sources.load_entries(path, fallback_dct=self.config.extractor.fallback_dct,
                                               max_bytes=self.config.extractor.max_file_bytes)
            except Exception as exc:  # a SourceError says why; anything else is a bug that must not stop the refresh
                if isinstance(exc, sources.SourceError):
                    reason = exc.reason
                else:
                    log.error("loading %s failed", f.path, exc_info=True)
                    reason = f"cannot load: {exc.__class__.__name__}: {str(exc)[:200]}"
                report.skipped.append({"path": f.path, "entry": None, "reason": reason})
                writes.append(lambda db, f=f, reason=reason: (
                    Store.put_file(db, f.path, f.size, f.mtime_ns, hashes[f.path], "error", reason),
                    Store.clear_problems(db, f.path),
                    Store.put_problem(db, f.path, "", reason),
                ))
                continue
            existing = self.store.documents_of(f.path)
            seen_entries: set[str] = set()
            file_writes: list[Callable] = []
            problems: list[tuple[str, str]] = []
            for entry in entries:
                seen_entries.add(entry.key)
                if entry.document is None:
                    problems.append((entry.key, entry.error or "unreadable entry"))
                    report.skipped.append({"path": f.path, "entry": entry.key, "reason": entry.error})
                    continue
                doc = entry.document
                digest = document_hash(doc, fingerprint)
                old = existing.get(entry.key)
                if old is not None and old.content_hash == digest:
                    report.kept += 1
                    continue
                key = f"{f.path}#{entry.key}"
                doc_id = old.id if old is not None else _unique_id(doc.id, key, taken)
                taken.add(doc_id)
                doc = dataclasses.replace(doc, id=doc_id, path=f.path)
                try:
                    with self._lock:
                        result = process(doc, self._nlp(), self.config.extractor)
                except Exception as exc:  # a bug or a pathological text must not stop the refresh
                    log.exception("extraction failed for %s", key)
                    problems.append((entry.key, f"extraction failed: {exc.__class__.__name__}: {exc}"))
                    report.skipped.append({"path": f.path, "entry": entry.key, "reason": f"extraction failed: {exc}"})
                    continue
                report.extracted += 1
                changed_documents += 1
                record = DocumentRecord(
                    key=key, path=f.path, entry=entry.key, id=doc_id, content_hash=digest, title=doc.title,
                    url=doc.url, source_name=doc.source_name, dct=doc.dct.isoformat(), dct_source=doc.dct_source,
                    text_length=len(doc.text), extracted_at=now_iso(),
                    timexes=json.dumps([t.to_json() for t in result.timexes], ensure_ascii=False),
                    events=json.dumps([e.to_json() for e in result.events], ensure_ascii=False),
                )
                file_writes.append(lambda db, record=record: Store.put_document(db, record))
            for entry_key, old in existing.items():
                if entry_key not in seen_entries:
                    changed_documents += 1
                    file_writes.append(lambda db, key=old.key: Store.delete_document(db, key))

            def finish(db, f=f, file_writes=file_writes, problems=problems):
                Store.put_file(db, f.path, f.size, f.mtime_ns, hashes[f.path], "ok", None)
                Store.clear_problems(db, f.path)
                for entry_key, reason in problems:
                    Store.put_problem(db, f.path, entry_key, reason)
                for write in file_writes:
                    write(db)

            writes.append(finish)
        return {"writes": writes, "changed_documents": changed_documents}

    # --- the merged timeline ------------------------------------------------------------------------
    def _timeline_json(self, db) -> str:
        rows = db.execute(
            "SELECT id, path, title, url, source_name, dct, dct_source, events FROM documents ORDER BY path, entry"
        ).fetchall()
        results = []
        for row in rows:
            doc = Document.from_json(dict(row))
            events = [Event.from_json(e) for e in json.loads(row["events"])]
            results.append((doc, events))
        return json.dumps(timeline_json(build_timeline(results)), ensure_ascii=False)
