"""What a running service holds: settings, the store, the version readers see (checked every second, so
another process's or node's refresh is served within a second), the page cache, the executor, the
lazily loaded model (inline only), the refresh schedule and what the refresh is doing now; whether the service
can serve a timeline (health). Created by create_app, never at import time."""

from __future__ import annotations

import logging
import threading
import time

from service.executors import make_executor
from service.extraction import RequestRefused
from service.locks import refresh_lock, scheduler_lock
from service.refresh import Refresher, RefreshReport
from service.scheduler import RefreshScheduler
from service.settings import ServiceSettings
from service.store import VersionInfo, open_store
from service.curation import Curation
from service.views import GoneError, Pages
from service.watcher import FeedWatcher
from timeline.nlp import load_pipeline

log = logging.getLogger("timeline.service")
VERSION_CHECK_SECONDS = 1.0


class Admission:
    """POST /api/extract's bound: ``running`` at once and ``waiting`` more; past both, refused at once."""

    def __init__(self, running: int, waiting: int):
        self._slots = threading.BoundedSemaphore(max(1, running))
        self._limit = max(1, running) + max(0, waiting)
        self._inside = 0
        self._lock = threading.Lock()

    def run(self, work, wait: float):
        with self._lock:
            if self._inside >= self._limit:
                raise RequestRefused("too many extractions at once; try again shortly")
            self._inside += 1
        try:
            if not self._slots.acquire(timeout=wait):
                raise RequestRefused("too many extractions at once; try again shortly")
            try:
                return work()
            finally:
                self._slots.release()
        finally:
            with self._lock:
                self._inside -= 1


class ServiceState:
    def __init__(self, config: ServiceSettings):
        self.config = config
        self.store = open_store(config.database)
        self.store.read_seconds = config.read_seconds or None
        self.model_lock = threading.RLock()
        self.executor = make_executor(config, self.model_lock)
        self.refresher = Refresher(config, self.store, self.executor)
        self.progress = self.refresher.progress
        self.progress.watch()
        self.curation = Curation(config.feed_dir)
        self.pages = Pages(self.store, config.page_cache_bytes, curation=self.curation)
        self.connections = None  # the HTTP server's connection counts, when `timeline serve` runs it
        self.extractions = Admission(config.extract_concurrency, config.extract_queue)
        self.scheduler: RefreshScheduler | None = None
        self._version: VersionInfo | None = None
        self._checked_at = 0.0
        self._version_lock = threading.Lock()
        self._check_version()

    # --- the model (inline extraction) -------------------------------------------------------------
    def nlp(self):
        with self.model_lock:
            return load_pipeline(self.config.extractor.model)

    # --- the version readers see -----------------------------------------------------------------------
    def _check_version(self) -> None:
        current = self.store.current_version()
        with self._version_lock:
            previous = self._version
            self._checked_at = time.monotonic()
            if current is None or (previous is not None and current.version == previous.version):
                return
        if previous is not None:
            # readers keep the previous version while its hot first pages are rendered for this one (once:
            # another thread noticing it too waits for the same renders), then are switched to it
            try:
                warmed = self.pages.warm(previous.version, current)
                log.debug("version %d: %d pages rendered before serving it", current.version, warmed)
            except Exception:  # noqa: BLE001 - readers render them on demand instead
                log.warning("rendering version %d's hot pages failed", current.version, exc_info=True)
        with self._version_lock:
            if self._version is None or current.version != self._version.version:
                log.info("serving timeline version %d (%d events)", current.version, current.events)
                self._version = current
                self.pages.forget_before(current.version - 2)

    def version(self) -> VersionInfo | None:
        """The current version; another process's refresh is noticed within a second."""
        if time.monotonic() - self._checked_at > VERSION_CHECK_SECONDS:
            self._check_version()
        return self._version

    def version_for(self, version: int) -> VersionInfo:
        """A version a cursor was made for (410 when it is no longer kept)."""
        current = self.version()
        if current is not None and current.version == version:
            return current
        found = self.store.version(version)
        if found is None:
            raise GoneError(version)
        return found

    # --- refreshing ---------------------------------------------------------------------------------
    def refresh(self) -> RefreshReport:
        """One refresh in this thread (the caller holds the refresh lock), then serve its result."""
        report = self.refresher.run()
        self._check_version()
        return report

    def refresh_now(self, timeout: float = 600.0) -> RefreshReport:
        """Take the refresh lock (waiting for a running refresh) and refresh."""
        lock = refresh_lock(self.config.database)
        if not lock.acquire(timeout=timeout):
            raise TimeoutError("another refresh is still running")
        try:
            return self.refresh()
        finally:
            lock.release()

    def start_scheduler(self) -> bool:
        watcher = FeedWatcher(self.config.feed_dir, self.config.settle_seconds + 0.25) if self.config.watch_feed else None
        self.scheduler = RefreshScheduler(
            scheduler_lock(self.config.database), refresh_lock(self.config.database), self.refresh,
            self.config.refresh_seconds, watcher,
        )
        return self.scheduler.start()

    def refreshing(self) -> bool:
        return bool(self.scheduler and self.scheduler.running.is_set()) or self.progress.phase != "idle"

    # --- health ---------------------------------------------------------------------------------------
    def health(self) -> tuple[int, dict]:
        """(HTTP status, answer) of /healthz: whether the service can serve a timeline. "ok" when it serves one;
        without one, "starting" while the first refresh runs within its budget, "stuck" when the file it is on
        has overrun the budget, "failed" when it failed (503 for those two)."""
        version = self.version()
        if version is not None:
            return 200, {"status": "ok", "version": version.version}
        stuck = self.progress.stuck_on()
        if stuck is not None:
            path, phase, seconds = stuck
            return 503, {"status": "stuck", "version": None,
                         "reason": f"no timeline yet: the first refresh has been {phase} {path} for {seconds:.0f} s "
                                   f"(the budget of a file is {self.progress.file_seconds:g} s)"}
        if self.progress.failure is not None and not self.refreshing():
            return 503, {"status": "failed", "version": None,
                         "reason": f"no timeline yet: the last refresh failed ({self.progress.failure}); "
                                   "the server log has the details"}
        return 200, {"status": "starting", "version": None,
                     "reason": "no timeline yet: the first refresh has not finished"}

    def shutdown(self, grace: float | None = None) -> bool:
        """Stop the schedule and close what this state opened. ``grace``: seconds to wait for a running refresh
        (None: as long as it takes); False when it was still running then (the store and the executor are left
        open under it, and the caller should end the process)."""
        self.progress.stop()
        if self.scheduler is not None and not self.scheduler.shutdown(grace):
            log.warning("a refresh is still %s %s; not waiting for it", self.progress.phase,
                        self.progress.file or "(between files)")
            return False
        self.refresher.budget.close()
        self.executor.close()
        self.store.close()
        return True
