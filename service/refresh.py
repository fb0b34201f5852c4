"""One refresh: scan the feed directory, work out what changed, extract what is new, and write it to the
store, which re-merges the stretches of the timeline the change touched and publishes a new version.

- unchanged: same size and mtime as stored (no read at all);
- touched: size or mtime differ but the content hash is the same (nothing to extract);
- renamed: a new path whose content hash is a missing file's (documents move, ids stay);
- changed / new: read once (hashed and loaded from the same bytes), extracted again entry by entry (a
  feed updated in place re-extracts only the entries whose text changed);
- deleted: missing on two consecutive scans (one miss may be a file being replaced);
- bad: recorded with its reason and skipped; what was stored for it before is kept.

Extraction runs on the configured executor (service.executors). A very large change is written as several
versions of at most FILES_PER_VERSION files each, so memory stays bounded and progress is kept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterator

from service import scanner
from service.budget import Budgeted, OverBudget
from service.executors import Executor, WorkerLost
from service.extraction import Extracted
from service.progress import RefreshProgress
from service.settings import ServiceSettings
from service.store import Store, now_iso
from service.store.records import DocumentWrite
from service.store.rows import document_json
from timeline import sources
from timeline.model import Document
from timeline.pipeline import extractor_fingerprint

log = logging.getLogger("timeline.refresh")
PROGRESS_EVERY_SECONDS = 2.0
FILES_PER_VERSION = 2000


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
    settles_at: str | None = None  # when the first of them will have settled (a follow-up scan is due then)
    extracted: int = 0
    kept: int = 0
    skipped: list[dict] = field(default_factory=list)
    version: int | None = None
    new_snapshot: bool = False  # a new version of the timeline was published
    executor: str = "inline"

    def to_json(self) -> dict:
        return asdict(self)


def document_hash(doc: Document, extractor: str = "") -> str:
    """What a document's extraction depends on: its text and metadata, and the extractor's fingerprint."""
    payload = json.dumps([doc.text, doc.dct.isoformat(), doc.title, doc.url, doc.source_name, extractor],
                         ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass
class _Pending:
    """A document to extract, with where it goes."""

    path: str
    entry: str
    key: str
    document: Document
    digest: str
    result: Extracted | None = None


@dataclass
class _FilePlan:
    """What to write for one changed file once its documents are extracted."""

    found: scanner.Found
    digest: str
    error: str | None = None
    problems: list[tuple[str, str]] = field(default_factory=list)
    pending: list[_Pending] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)  # keys of entries no longer in the file
    retry: bool = False  # a worker was lost: leave the file for the next refresh


class Refresher:
    """Runs refreshes of one feed directory into one store, extracting on ``executor``."""

    def __init__(self, config: ServiceSettings, store: Store, executor: Executor):
        self.config = config
        self.store = store
        self.executor = executor
        self._reported: set[str] = set()  # unsupported files already logged: say it once, not every scan
        self.progress = RefreshProgress(config.file_seconds)  # what it is doing now (/api/status, the watchdog)
        self.budget = Budgeted(config.file_seconds)  # reading and parsing one file

    def run(self) -> RefreshReport:
        self.progress.begin()
        try:
            report = self._run()
        except BaseException as exc:
            self.progress.end(exc)
            raise
        self.progress.end()
        return report

    def _run(self) -> RefreshReport:
        started = time.monotonic()
        report = RefreshReport(started_at=now_iso(), executor=self.executor.name)
        root = Path(self.config.feed_dir)
        if not root.is_dir():
            log.warning("refresh: the feed directory %s does not exist; nothing to read", root)
        found = scanner.scan(root, self.config.settle_seconds)
        report.scanned = len(found.files)
        report.settling = len(found.settling)
        report.waiting = found.settling[:100]
        if found.settled_at is not None:
            report.settles_at = dt.datetime.fromtimestamp(found.settled_at, dt.timezone.utc).isoformat()
        if found.settling:
            log.info("refresh: %d file(s) still being written, left for the next scan: %s",
                     len(found.settling), ", ".join(found.settling[:5]))
        for rel, reason in [(r, "unsupported file type") for r in found.unsupported] + list(found.refused):
            report.skipped.append({"path": rel, "entry": None, "reason": reason})
            if rel not in self._reported:
                self._reported.add(rel)
                log.warning("skipped %s: %s%s", rel, reason,
                            " (ignored from now on)" if reason == "unsupported file type" else "")
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
        contents: dict[str, bytes | None] = {}
        to_load: list[scanner.Found] = []
        unchanged_paths: list[str] = []
        touched: list[scanner.Found] = []
        given_up: list[tuple[scanner.Found, str]] = []  # over the budget: recorded, read again when changed
        self.progress.enter("reading", len(found.files))
        for n, f in enumerate(found.files):
            record = known.get(f.path)
            if not stale and record is not None and record.size == f.size and record.mtime_ns == f.mtime_ns:
                report.unchanged += 1
                if record.missing_scans:
                    unchanged_paths.append(f.path)
                continue
            self.progress.on(f.path, n)
            try:
                digest, data = self.budget.run(scanner.read_file, root, f.path, self.config.extractor.max_file_bytes)
            except (OSError, sources.SourceError, OverBudget) as exc:
                reason = exc.reason if isinstance(exc, sources.SourceError) else (
                    f"reading {exc}; skipped until the file changes" if isinstance(exc, OverBudget)
                    else f"cannot read: {exc.strerror or exc}")
                report.skipped.append({"path": f.path, "entry": None, "reason": reason})
                if isinstance(exc, OverBudget):
                    log.warning("refresh: gave up on %s: reading %s", f.path, exc)
                    given_up.append((f, reason))
                continue
            hashes[f.path] = digest
            if not stale and record is not None and record.content_hash == digest:
                touched.append(f)
                report.touched += 1
            else:
                to_load.append(f)
                contents[f.path] = data
        missing = [p for p in known if p not in present and p not in found.settling]
        renames: list[tuple[str, scanner.Found]] = []
        by_hash = {known[p].content_hash: p for p in missing}
        for f in list(to_load):
            old = by_hash.get(hashes[f.path])
            if f.path not in known and old is not None:
                renames.append((old, f))
                to_load.remove(f)
                contents.pop(f.path, None)
                missing.remove(old)
                del by_hash[hashes[f.path]]
        deleted = [p for p in missing if known[p].missing_scans + 1 >= 2]
        report.renamed, report.deleted, report.missing = len(renames), len(deleted), len(missing) - len(deleted)
        report.new = sum(1 for f in to_load if f.path not in known)
        report.changed = len(to_load) - report.new

        chunks = [to_load[i : i + FILES_PER_VERSION] for i in range(0, len(to_load), FILES_PER_VERSION)] or [[]]
        taken: set[str] = set()

        def plan_part(chunk: list[scanner.Found]) -> list[_FilePlan]:
            self.progress.enter("loading", len(chunk))
            return [self._plan_file(root, f, hashes[f.path], contents.pop(f.path, None), fingerprint, report, taken, n)
                    for n, f in enumerate(chunk)]

        plans = plan_part(chunks[0])
        running = self._start(plans)
        for n, chunk in enumerate(chunks):
            self._finish(plans, running, report)
            last = n == len(chunks) - 1
            if not last:
                # the next part's documents go to the workers now and are extracted while this part is
                # written and merged (with an executor that has workers; inline extracts them when read)
                next_plans = plan_part(chunks[n + 1])
                next_running = self._start(next_plans)
            self.progress.enter("writing", len(plans))
            with self.store.write() as w:
                if n == 0:
                    for f in touched:
                        w.touch_file(f.path, f.size, f.mtime_ns)
                    for f, reason in given_up:
                        w.put_file(f.path, f.size, f.mtime_ns, "", "error", reason)
                        w.clear_problems(f.path)
                        w.put_problem(f.path, "", reason)
                    w.reset_missing(unchanged_paths)
                    for old, f in renames:
                        log.info("refresh: %s renamed to %s", old, f.path)
                        w.rename_file(old, f.path, f.size, f.mtime_ns)
                    for path in missing:
                        if path in deleted:
                            log.info("refresh: %s deleted (missing on two scans)", path)
                            w.delete_file(path)
                        else:
                            w.mark_missing(path)
                for plan in plans:
                    self._write_file(w, plan)
                version = w.publish()
                if version is not None:
                    report.version, report.new_snapshot = version, True
                if last:
                    report.duration = round(time.monotonic() - started, 3)
                    if report.version is None:
                        report.version = w.current_version()
                    w.put_meta("last_refresh", report.to_json())
                    retried = any(p.retry for p in plans)
                    if not retried and (not stale or set(known) <= set(hashes)):  # every stored file read again
                        w.put_meta("extractor", {"fingerprint": fingerprint, "model": self.config.extractor.model})
            if not last:
                log.info("refresh: %d of %d changed files written (timeline version %s)",
                         sum(len(c) for c in chunks[: n + 1]), len(to_load), report.version)
                plans, running = next_plans, next_running
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

    # --- one changed file ----------------------------------------------------------------------------
    def _plan_file(self, root: Path, f: scanner.Found, digest: str, data: bytes | None, fingerprint: str,
                   report: RefreshReport, taken: set[str], n: int = 0) -> _FilePlan:
        """Load a changed file's entries (from the bytes already read) and decide what to extract."""
        plan = _FilePlan(f, digest)
        self.progress.on(f.path, n)
        try:
            entries = self.budget.run(sources.load_entries, root / f.path, fallback_dct=self.config.extractor.fallback_dct,
                                      max_bytes=self.config.extractor.max_file_bytes, data=data)
        except Exception as exc:  # a SourceError says why; anything else is a bug that must not stop the refresh
            if isinstance(exc, sources.SourceError):
                plan.error = exc.reason
            elif isinstance(exc, OverBudget):
                plan.error = f"parsing {exc}; skipped until the file changes"
                log.warning("refresh: gave up on %s: parsing %s", f.path, exc)
            else:
                log.error("loading %s failed", f.path, exc_info=True)
                plan.error = f"cannot load: {exc.__class__.__name__}: {str(exc)[:200]}"
            report.skipped.append({"path": f.path, "entry": None, "reason": plan.error})
            return plan
        existing = self.store.documents_of(f.path)
        seen: set[str] = set()
        for entry in entries:
            seen.add(entry.key)
            if entry.document is None:
                plan.problems.append((entry.key, entry.error or "unreadable entry"))
                report.skipped.append({"path": f.path, "entry": entry.key, "reason": entry.error})
                continue
            doc = entry.document
            doc_digest = document_hash(doc, fingerprint)
            old = existing.get(entry.key)
            if old is not None and old.content_hash == doc_digest:
                report.kept += 1
                continue
            key = f"{f.path}#{entry.key}"
            doc_id = old.id if old is not None else self._unique_id(doc.id, key, taken)
            taken.add(doc_id)
            plan.pending.append(_Pending(f.path, entry.key, key, dataclasses.replace(doc, id=doc_id, path=f.path),
                                         doc_digest))
        plan.gone = [old.key for entry_key, old in existing.items() if entry_key not in seen]
        return plan

    def _unique_id(self, wanted: str, key: str, taken: set[str]) -> str:
        if wanted not in taken and not self.store.document_exists(wanted):
            return wanted
        return f"{wanted}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:6]}"

    def _start(self, plans: list[_FilePlan]) -> Iterator:
        """Hand every pending document of the plans to the executor; their results, as ``_finish`` reads them."""
        documents = [p.document for plan in plans for p in plan.pending]
        if documents:
            log.info("refresh: extracting %d documents (%s executor)", len(documents), self.executor.name)
        return self.executor.map(documents)

    def _finish(self, plans: list[_FilePlan], running: Iterator, report: RefreshReport) -> None:
        """Read the results of ``_start(plans)`` into the plans, logging progress."""
        pending = [(plan, p) for plan in plans for p in plan.pending]
        results: dict[int, object] = {}
        last_log = time.monotonic()
        self.progress.enter("extracting", len(pending))
        waiting_for = 0  # the first document not finished: the one an operator waits for
        if pending:
            self.progress.on(pending[0][1].path)
        for done, (index, result) in enumerate(running, start=1):
            results[index] = result
            while waiting_for in results:
                waiting_for += 1
            self.progress.on(pending[waiting_for][1].path if waiting_for < len(pending) else None, done)
            if time.monotonic() - last_log > PROGRESS_EVERY_SECONDS:
                log.info("refresh: extracting %d/%d documents", done, len(pending))
                last_log = time.monotonic()
        for index, (plan, p) in enumerate(pending):
            result = results.get(index)
            if isinstance(result, Extracted):
                p.result = result
                report.extracted += 1
                continue
            p.result = None
            reason = getattr(result, "reason", "extraction failed")
            if isinstance(result, WorkerLost):
                plan.retry = True
            else:
                log.error("extraction failed for %s: %s", p.key, reason)
                plan.problems.append((p.entry, reason))
            report.skipped.append({"path": p.path, "entry": p.entry or None, "reason": reason})

    def _write_file(self, w, plan: _FilePlan) -> None:
        f = plan.found
        if plan.error is not None:
            w.put_file(f.path, f.size, f.mtime_ns, plan.digest, "error", plan.error)
            w.clear_problems(f.path)
            w.put_problem(f.path, "", plan.error)
            return
        if plan.retry:
            return  # not recorded: the next refresh finds the file changed and extracts it again
        w.put_file(f.path, f.size, f.mtime_ns, plan.digest, "ok", None)
        w.clear_problems(f.path)
        for entry_key, reason in plan.problems:
            w.put_problem(f.path, entry_key, reason)
        for p in plan.pending:
            result = p.result
            if result is None:
                continue
            document, summary = document_json(p.document)
            w.put_document(DocumentWrite(p.key, p.path, p.entry, p.document.id, p.digest, document, summary,
                                         len(p.document.text), result.timexes, result.timex_count, result.events))
        for key in plan.gone:
            w.delete_document(key)
