"""What a running service holds: settings, the store, the current timeline view, the lazily loaded
model and the refresh schedule. Created by create_app, never at import time."""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict

from service.locks import refresh_lock, scheduler_lock
from service.refresh import Refresher, RefreshReport
from service.scheduler import RefreshScheduler
from service.settings import ServiceSettings
from service.store import Store
from service.views import GoneError, TimelineView
from service.watcher import FeedWatcher
from timeline.nlp import load_pipeline

log = logging.getLogger("timeline.service")
VERSION_CHECK_SECONDS = 1.0


class ServiceState:
    def __init__(self, config: ServiceSettings):
        self.config = config
        self.store = Store(config.database)
        self.model_lock = threading.RLock()
        self.refresher = Refresher(config, self.store, self.nlp, self.model_lock)
        self.scheduler: RefreshScheduler | None = None
        self._view: TimelineView | None = None
        self._old_views: OrderedDict[int, TimelineView] = OrderedDict()
        self._view_lock = threading.Lock()
        self._checked_at = 0.0
        self._load_current()

    # --- the model ------------------------------------------------------------------------------
    def nlp(self):
        with self.model_lock:
            return load_pipeline(self.config.extractor.model)

    # --- the timeline readers see ---------------------------------------------------------------------
    def _load_current(self) -> None:
        record = self.store.current_snapshot()
        if record is None:
            return
        view = TimelineView(record.version, record.created_at, record.timeline)
        with self._view_lock:
            if self._view is not None and self._view.version != view.version:
                self._old_views[self._view.version] = self._view
                while len(self._old_views) > 2:
                    self._old_views.popitem(last=False)
            self._view = view
        log.info("serving timeline version %d (%d events)", view.version, view.total)

    def view(self) -> TimelineView | None:
        """The current view; another process's refresh is noticed within a second."""
        now = time.monotonic()
        if now - self._checked_at > VERSION_CHECK_SECONDS:
            self._checked_at = now
            version = self.store.current_version()
            if version is not None and (self._view is None or version != self._view.version):
                self._load_current()
        return self._view

    def view_for(self, version: int) -> TimelineView:
        """The view of an earlier snapshot a cursor was made for (410 when it is no longer kept)."""
        current = self.view()
        if current is not None and current.version == version:
            return current
        with self._view_lock:
            if version in self._old_views:
                return self._old_views[version]
        record = self.store.snapshot(version)
        if record is None:
            raise GoneError(version)
        view = TimelineView(record.version, record.created_at, record.timeline)
        with self._view_lock:
            self._old_views[version] = view
            while len(self._old_views) > 2:
                self._old_views.popitem(last=False)
        return view

    # --- refreshing ---------------------------------------------------------------------------------
    def refresh(self) -> RefreshReport:
        """One refresh in this thread (the caller holds the refresh lock), then serve its result."""
        report = self.refresher.run()
        if report.new_snapshot or self._view is None:
            self._load_current()
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
        return bool(self.scheduler and self.scheduler.running.is_set())

    def shutdown(self) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown()
