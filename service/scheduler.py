"""The refresh schedule: an APScheduler BackgroundScheduler interval job in the serving process.

Only the process holding the database's scheduler lock runs the job; the others serve reads and
check every interval whether the lock has become free (its holder stopped), taking over if so.
Each run also holds the refresh lock, so a `timeline refresh` from cron never overlaps it. The owner
also watches the feed directory (service.watcher) and runs the job early when files land; a wake that
comes while a refresh runs is kept and served by one more run right after it. Files a refresh found still
being written (settling) get a follow-up refresh as soon as they will have settled, not at the next interval.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from typing import Callable

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED
from apscheduler.schedulers.background import BackgroundScheduler

from service.locks import FileLock
from service.watcher import FeedWatcher

log = logging.getLogger("timeline.scheduler")
FOLLOW_UP_MARGIN_SECONDS = 0.05  # a follow-up scan comes this long after the waiting files have settled
FOLLOW_UP_MIN_SECONDS = 1.0  # ... and never sooner than this after the refresh that found them


class RefreshScheduler:
    def __init__(self, ownership: FileLock, run_lock: FileLock, job: Callable[[], object], interval_seconds: int,
                 watcher: FeedWatcher | None = None):
        self.ownership = ownership
        self.run_lock = run_lock
        self.job = job
        self.interval = max(1, int(interval_seconds))
        self.watcher = watcher
        self._again = threading.Event()  # a wake came during a run
        # a run is in flight from the moment the scheduler starts it until it has counted it finished (after
        # _run returns): a run asked for in between is skipped by the scheduler ("maximum number of running
        # instances"), so a wake then is kept for the run's end (the listener below), never lost
        self._flight = threading.Lock()
        self._in_flight = False
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
        scheduler.add_listener(self._finished, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
        scheduler.start()
        self._scheduler = scheduler
        log.info("refreshing every %d s", self.interval)
        if self.watcher is not None:
            self.watcher.start(self.wake)
        return True

    def _watch_for_owner(self) -> None:
        def retry():
            if not self._stopped.is_set() and not self.owner:
                self.start()

        self._watch = threading.Timer(self.interval, retry)
        self._watch.daemon = True
        self._watch.start()

    def _run(self) -> None:
        with self._flight:
            self._in_flight = True
        if not self.run_lock.acquire(timeout=0):
            log.info("a refresh is already running (another process); skipping this one")
            return
        self.running.set()
        report = None
        try:
            report = self.job()
        except Exception:  # keep the schedule alive whatever one run does
            log.exception("refresh failed")
        finally:
            self.running.clear()
            self.run_lock.release()
        if not self._again.is_set():
            self._follow_up(report)

    def _finished(self, event) -> None:
        """The scheduler counted a run finished: a wake that came during it runs the next one now."""
        if event.job_id != "refresh":
            return
        with self._flight:
            self._in_flight = False
            again = self._again.is_set()
            self._again.clear()
        if again:
            self.trigger()

    def _follow_up(self, report) -> None:
        """Files were still being written: refresh again as soon as the first of them has settled."""
        settles_at = getattr(report, "settles_at", None)
        if not settles_at or self._scheduler is None or self._stopped.is_set():
            return
        now = dt.datetime.now(dt.timezone.utc)
        when = max(dt.datetime.fromisoformat(settles_at) + dt.timedelta(seconds=FOLLOW_UP_MARGIN_SECONDS),
                   now + dt.timedelta(seconds=FOLLOW_UP_MIN_SECONDS))
        job = self._scheduler.get_job("refresh")
        if job is not None and job.next_run_time is not None and when < job.next_run_time:
            log.info("refresh: %d file(s) still being written; scanning again in %.1f s, when they have settled",
                     getattr(report, "settling", 0), (when - now).total_seconds())
            self._scheduler.modify_job("refresh", next_run_time=when)

    def trigger(self) -> None:
        """Run a refresh now (in the scheduler's thread) if this process owns the schedule."""
        if self._scheduler is not None and not self._stopped.is_set():
            self._scheduler.modify_job("refresh", next_run_time=dt.datetime.now(dt.timezone.utc))

    def wake(self) -> None:
        """The feed changed: refresh now, or right after the refresh that is running."""
        with self._flight:
            if self._in_flight:
                self._again.set()
                return
        self.trigger()

    def shutdown(self, grace: float | None = None) -> bool:
        """Stop scheduling; wait for a running refresh ``grace`` seconds at most (None: until it ends). False when
        it is still running then (its thread is left to the process's end; the locks go with the process)."""
        self._stopped.set()
        if self.watcher is not None:
            self.watcher.stop()
        if self._watch is not None:
            self._watch.cancel()
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
        deadline = None if grace is None else time.monotonic() + grace
        while self.running.is_set():
            if deadline is not None and time.monotonic() >= deadline:
                return False
            time.sleep(0.05)
        self.ownership.release()
        return True
