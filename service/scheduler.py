"""The refresh schedule: an APScheduler BackgroundScheduler interval job in the serving process.

Only the process holding the database's scheduler lock runs the job; the others serve reads and
check every interval whether the lock has become free (its holder stopped), taking over if so.
Each run also holds the refresh lock, so a `timeline refresh` from cron never overlaps it.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from typing import Callable

from apscheduler.schedulers.background import BackgroundScheduler

from service.locks import FileLock

log = logging.getLogger("timeline.scheduler")


class RefreshScheduler:
    def __init__(self, ownership: FileLock, run_lock: FileLock, job: Callable[[], object], interval_seconds: int):
        self.ownership = ownership
        self.run_lock = run_lock
        self.job = job
        self.interval = max(1, int(interval_seconds))
        self._scheduler: BackgroundScheduler | None = None
        self._watch: threading.Timer | None = None
        self._stopped = threading.Event()
        self.running = threading.Event()

    @property
    def owner(self) -> bool:
        return self._scheduler is not None

    def start(self) -> bool:
        """Schedule refreshes if no other process does; True when this process owns the schedule."""
        if self._stopped.is_set():
            return False
        if not self.ownership.acquire(timeout=0):
            log.info("another process schedules refreshes of this database; this one only serves")
            self._watch_for_owner()
            return False
        scheduler = BackgroundScheduler(daemon=True, timezone="UTC")
        scheduler.add_job(
            self._run, "interval", seconds=self.interval, id="refresh", max_instances=1, coalesce=True,
            next_run_time=dt.datetime.now(dt.timezone.utc),
        )
        scheduler.start()
        self._scheduler = scheduler
        log.info("refreshing every %d s", self.interval)
        return True

    def _watch_for_owner(self) -> None:
        def retry():
            if not self._stopped.is_set() and not self.owner:
                self.start()

        self._watch = threading.Timer(self.interval, retry)
        self._watch.daemon = True
        self._watch.start()

    def _run(self) -> None:
        if not self.run_lock.acquire(timeout=0):
            log.info("a refresh is already running (another process); skipping this one")
            return
        self.running.set()
        try:
            self.job()
        except Exception:  # keep the schedule alive whatever one run does
            log.exception("refresh failed")
        finally:
            self.running.clear()
            self.run_lock.release()

    def trigger(self) -> None:
        """Run a refresh now (in the scheduler's thread) if this process owns the schedule."""
        if self._scheduler is not None:
            self._scheduler.modify_job("refresh", next_run_time=dt.datetime.now(dt.timezone.utc))

    def shutdown(self) -> None:
        self._stopped.set()
        if self._watch is not None:
            self._watch.cancel()
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=True)
            self._scheduler = None
        self.ownership.release()
