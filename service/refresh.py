"""One refresh, as the steps it is: scan the feed directory, read what may have changed, decide what did
(``service.plan``: pure), extract the new documents on the configured executor (service.executors), and
write them to the store, which re-merges the stretches of the timeline the change touched and publishes a
new version. What was stored for a file that went bad is kept; a bad file is recorded with its reason.

A very large change is written as several versions of at most FILES_PER_VERSION files each, so memory stays
bounded and progress is kept; the next part goes to the workers while this one is written. A refresh killed
at any point leaves the last complete version, and the next one does what was left.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterator

from service import scanner
from service.budget import Budgeted, OverBudget
from service.executors import Executor, WorkerLost
from service.extraction import Extracted, Failed
from service.plan import Change, FilePlan, Pending, Versions, failed_file, plan, plan_file, to_read
from service.progress import RefreshProgress
from service.settings import ServiceSettings
from service.store import Store, now_iso
from service.store.records import DocumentWrite
from service.store.rows import assembly_version, document_json
from service.store.writer import Writer
from timeline import sources
from timeline.pipeline import extractor_fingerprint

log = logging.getLogger("timeline.refresh")
PROGRESS_EVERY_SECONDS = 2.0
FILES_PER_VERSION = 2000
UNSUPPORTED = "unsupported file type"


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
    settles_at: str | None = None  # when the first of them will have settled (a follow-up refresh is due then)
    extracted: int = 0
    kept: int = 0
    skipped: list[dict] = field(default_factory=list)
    version: int | None = None
    new_snapshot: bool = False  # a new version of the timeline was published
    executor: str = "inline"

    def to_json(self) -> dict:
        return asdict(self)

    def skip(self, path: str, entry: str | None, reason: str) -> None:
        self.skipped.append({"path": path, "entry": entry or None, "reason": reason})

    def count(self, change: Change) -> None:
        self.unchanged, self.touched, self.new, self.changed = (change.unchanged, len(change.touched), change.new,
                                                                change.changed)
        self.renamed, self.deleted, self.missing = len(change.renamed), len(change.deleted), len(change.missing)


@dataclass
class _Done:
    """A changed file with its documents extracted: what is written for it."""

    plan: FilePlan
    extracted: list[tuple[Pending, Extracted]] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # the plan's, and extractions that failed
    retry: bool = False  # a worker was lost: the file is left for the next refresh


@dataclass
class _Part:
    """A part of the change handed to the executor: its files' plans, and their results as they come."""

    plans: list[FilePlan]
    running: Iterator[tuple[int, object]]  # the default task's results: Extracted or Failed


class Refresher:
    """Runs refreshes of one feed directory into one store, extracting on ``executor``."""

    def __init__(self, config: ServiceSettings, store: Store, executor: Executor):
        self.config = config
        self.store = store
        self.executor = executor
        self._reported: set[str] = set()  # unsupported files and refused links already logged: once, not every scan
        self.progress = RefreshProgress(config.file_seconds)  # what it is doing now (/api/status, the watchdog)
        self.budget = Budgeted(config.file_seconds)  # reading and parsing one file
        self._given_up: list[tuple[scanner.Found, str]] = []  # read past the budget: recorded, read when changed

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
        scan = self._scan(report)
        stored = self.store.files()
        versions = self._versions()
        contents, hashes = self._read(to_read(scan, stored, versions), report)
        change = plan(scan, stored, versions, hashes)
        report.count(change)
        if change.reextract:
            # an upgrade changed what extraction produces: what is stored was made by another extractor, so
            # every file is read again (readers keep the current timeline meanwhile)
            log.info("refresh: the extractor changed since the store was written; extracting all %d files again",
                     len(scan.files))
        if change.remerge:
            log.info("refresh: the ordering or merging of events changed since the store was written; merging the "
                     "timeline again from the stored events (nothing is extracted for it)")
        self._apply(change, versions, contents, hashes, report, started)
        self._log(report)
        return report

    # --- the steps ------------------------------------------------------------------------------------
    def _scan(self, report: RefreshReport) -> scanner.Scan:
        """What the feed holds now; unsupported files and refused links are reported (logged once each)."""
        root = Path(self.config.feed_dir)
        if not root.is_dir():
            log.warning("refresh: the feed directory %s does not exist; nothing to read", root)
        found = scanner.scan(root, self.config.settle_seconds)
        report.scanned, report.settling, report.waiting = len(found.files), len(found.settling), found.settling[:100]
        if found.settled_at is not None:
            report.settles_at = dt.datetime.fromtimestamp(found.settled_at, dt.timezone.utc).isoformat()
        if found.settling:
            log.info("refresh: %d file(s) still being written, left for the next scan: %s",
                     len(found.settling), ", ".join(found.settling[:5]))
        for rel, reason in [(r, UNSUPPORTED) for r in found.unsupported] + list(found.refused):
            report.skip(rel, None, reason)
            if rel not in self._reported:
                self._reported.add(rel)
                log.warning("skipped %s: %s%s", rel, reason, " (ignored from now on)" if reason == UNSUPPORTED else "")
        return found

    def _versions(self) -> Versions:
        """What extracts and assembles now, and what did for the store."""
        extractor = self.config.extractor
        return Versions(extractor_fingerprint(extractor.model, extractor.packs, extractor.language), assembly_version(),
                        (self.store.meta("extractor") or {}).get("fingerprint"),
                        (self.store.meta("assembly") or {}).get("version"))

    def _read(self, files: list[scanner.Found], report: RefreshReport) -> tuple[dict[str, bytes | None], dict[str, str]]:
        """The bytes and content hash of each file, read once (bytes None: too large to hold; the loader says so)."""
        root = Path(self.config.feed_dir)
        contents: dict[str, bytes | None] = {}
        hashes: dict[str, str] = {}
        self._given_up = []
        self.progress.enter("reading", len(files))
        for n, f in enumerate(files):
            self.progress.on(f.path, n)
            try:  # a regular file only, opened so that it cannot block, within the file's time budget
                hashes[f.path], contents[f.path] = self.budget.run(scanner.read_file, root, f.path,
                                                                   self.config.extractor.max_file_bytes)
            except sources.SourceError as exc:
                report.skip(f.path, None, exc.reason)
            except OverBudget as exc:
                reason = f"reading {exc}; skipped until the file changes"
                log.warning("refresh: gave up on %s: reading %s", f.path, exc)
                report.skip(f.path, None, reason)
                self._given_up.append((f, reason))
            except OSError as exc:
                report.skip(f.path, None, f"cannot read: {exc.strerror or exc.__class__.__name__}")
        return contents, hashes

    def _apply(self, change: Change, versions: Versions, contents: dict[str, bytes | None], hashes: dict[str, str],
               report: RefreshReport, started: float) -> None:
        """Load, extract and write the change part by part, each part a version; the next part is extracted
        while this one is written."""
        parts = change.parts(FILES_PER_VERSION)
        taken: set[str] = set()  # document ids given out in this refresh

        def hand_over(files: tuple[scanner.Found, ...]) -> _Part:
            self.progress.enter("loading", len(files))
            return self._hand_over([self._load(f, contents.pop(f.path, None), hashes[f.path], versions, report, taken)
                                    for f in files])

        retried = False
        current = hand_over(parts[0])
        for n in range(len(parts)):
            done = self._collect(current, report)
            retried = retried or any(d.retry for d in done)
            last = n == len(parts) - 1
            if not last:
                upcoming = hand_over(parts[n + 1])
            self.progress.enter("writing", len(done))
            with self.store.write() as w:
                if n == 0:
                    self._write_bookkeeping(w, change, versions)
                    for f, reason in self._given_up:
                        w.put_file(f.path, f.size, f.mtime_ns, "", "error", reason)
                        w.clear_problems(f.path)
                        w.put_problem(f.path, "", reason)
                for d in done:
                    _write_file(w, d)
                version = w.publish()
                if version is not None:
                    report.version, report.new_snapshot = version, True
                if last:
                    report.duration = round(time.monotonic() - started, 3)
                    if report.version is None:
                        report.version = w.current_version()
                    w.put_meta("last_refresh", report.to_json())
                    if change.complete and not retried:
                        w.put_meta("extractor", {"fingerprint": versions.extraction, "model": self.config.extractor.model})
            if not last:
                log.info("refresh: %d of %d changed files written (timeline version %s)",
                         sum(len(p) for p in parts[: n + 1]), len(change.load), report.version)
                current = upcoming

    def _load(self, f: scanner.Found, data: bytes | None, digest: str, versions: Versions, report: RefreshReport,
              taken: set[str]) -> FilePlan:
        """A changed file's entries (from the bytes already read), and which of them to extract."""
        root = Path(self.config.feed_dir)
        self.progress.on(f.path)
        try:  # parsing within the file's time budget
            entries = self.budget.run(sources.load_entries, root / f.path,
                                      fallback_dct=self.config.extractor.fallback_dct,
                                      max_bytes=self.config.extractor.max_file_bytes, data=data)
        except Exception as exc:  # a SourceError says why; anything else is a bug that must not stop the refresh
            if isinstance(exc, sources.SourceError):
                reason = exc.reason
            elif isinstance(exc, OverBudget):
                reason = f"parsing {exc}; skipped until the file changes"
                log.warning("refresh: gave up on %s: parsing %s", f.path, exc)
            else:
                log.error("loading %s failed", f.path, exc_info=True)
                reason = f"cannot load: {exc.__class__.__name__}: {str(exc)[:200]}"
            report.skip(f.path, None, reason)
            # given up for time: recorded without its content's hash (as when reading it ran out of time), so
            # that any new size or mtime reads it again; a file that is wrong is read again when its bytes change
            return failed_file(f, "" if isinstance(exc, OverBudget) else digest, reason)
        result = plan_file(f, digest, entries, self.store.documents_of(f.path), versions.extraction,
                           lambda doc_id: doc_id in taken or self.store.document_exists(doc_id))
        taken.update(p.document.id for p in result.pending)
        report.kept += result.kept
        for entry_key, reason in result.problems:
            report.skip(f.path, entry_key, reason)
        return result

    def _hand_over(self, plans: list[FilePlan]) -> _Part:
        """The plans' documents go to the executor (workers start on them at once; inline when read)."""
        documents = [p.document for plan_ in plans for p in plan_.pending]
        if documents:
            log.info("refresh: extracting %d documents (%s executor)", len(documents), self.executor.name)
        return _Part(plans, self.executor.map(documents))

    def _collect(self, part: _Part, report: RefreshReport) -> list[_Done]:
        """The results of a part handed over, by file, logging progress."""
        pending = [(i, p) for i, plan_ in enumerate(part.plans) for p in plan_.pending]
        results: dict[int, object] = {}  # Extracted or Failed
        last_log = time.monotonic()
        self.progress.enter("extracting", len(pending))
        waiting_for = 0  # the first document not finished: the one an operator waits for
        if pending:
            self.progress.on(pending[0][1].path)
        for done, (index, result) in enumerate(part.running, start=1):
            results[index] = result
            while waiting_for in results:
                waiting_for += 1
            self.progress.on(pending[waiting_for][1].path if waiting_for < len(pending) else None, done)
            if time.monotonic() - last_log > PROGRESS_EVERY_SECONDS:
                log.info("refresh: extracting %d/%d documents", done, len(pending))
                last_log = time.monotonic()
        out = [_Done(plan_, problems=list(plan_.problems)) for plan_ in part.plans]
        for index, (file_index, p) in enumerate(pending):
            result = results.get(index)
            target = out[file_index]
            if isinstance(result, Extracted):
                target.extracted.append((p, result))
                report.extracted += 1
                continue
            if not isinstance(result, Failed):
                result = Failed("extraction failed")
            if isinstance(result, WorkerLost):
                target.retry = True
            else:
                log.error("extraction failed for %s: %s", p.key, result.reason)
                target.problems.append((p.entry, result.reason))
            report.skip(p.path, p.entry, result.reason)
        return out

    def _write_bookkeeping(self, w: Writer, change: Change, versions: Versions) -> None:
        """What the change does besides new extractions: records of touched, revived, renamed, missing and
        deleted files, and a re-merge when the assembly changed (written with the first part)."""
        for f in change.touched:
            w.touch_file(f.path, f.size, f.mtime_ns)
        w.reset_missing(list(change.revived))
        for old, f in change.renamed:
            log.info("refresh: %s renamed to %s", old, f.path)
            w.rename_file(old, f.path, f.size, f.mtime_ns)
        for path in change.deleted:
            log.info("refresh: %s deleted (missing on two scans)", path)
            w.delete_file(path)
        for path in change.missing:
            w.mark_missing(path)
        if change.remerge:
            w.remerge()
        if versions.stored_assembly != versions.assembly:
            w.put_meta("assembly", {"version": versions.assembly})

    def _log(self, report: RefreshReport) -> None:
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


def _write_file(w: Writer, done: _Done) -> None:
    """A changed file's record, problems and documents (a file whose worker was lost is left unrecorded:
    the next refresh finds it changed and extracts it again)."""
    plan_, f = done.plan, done.plan.found
    if plan_.error is not None:
        w.put_file(f.path, f.size, f.mtime_ns, plan_.digest, "error", plan_.error)
        w.clear_problems(f.path)
        w.put_problem(f.path, "", plan_.error)
        return
    if done.retry:
        return
    w.put_file(f.path, f.size, f.mtime_ns, plan_.digest, "ok", None)
    w.clear_problems(f.path)
    for entry_key, reason in done.problems:
        w.put_problem(f.path, entry_key, reason)
    for p, result in done.extracted:
        document, summary = document_json(p.document)
        w.put_document(DocumentWrite(p.key, p.path, p.entry, p.document.id, p.digest, document, summary,
                                     len(p.document.text), result.timexes, result.timex_count, result.events,
                                     result.entities))
    for key in plan_.gone:
        w.delete_document(key)
