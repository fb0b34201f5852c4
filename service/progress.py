"""What the refresh is doing now: its phase (scanning, reading, loading, extracting, writing), the file it is on,
how far it is (done of total) and since when, for /api/status, /healthz and the log.

A watchdog thread looks at it every second: a file that has taken longer than its budget (``file_seconds``) is
logged as a warning naming the file, the phase and how long, and again every budget after that while it lasts, so
an operator sees which file holds a refresh up; the refresh is then "over budget" in /api/status, and when the
service has no timeline to serve yet, /healthz says it cannot serve one.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
import traceback

log = logging.getLogger("timeline.refresh")
WATCH_SECONDS = 1.0
IDLE = "idle"


def _iso(wall: float | None) -> str | None:
    if wall is None:
        return None
    return dt.datetime.fromtimestamp(wall, dt.timezone.utc).isoformat(timespec="seconds")


class RefreshProgress:
    """Thread-safe: the refresh's thread writes it, request threads and the watchdog read it."""

    def __init__(self, file_seconds: float):
        self.file_seconds = max(0.1, float(file_seconds))
        self._lock = threading.Lock()
        self.phase = IDLE
        self.file: str | None = None
        self.done = 0
        self.total = 0
        self.started: float | None = None  # wall clock: the refresh began
        self.phase_since: float | None = None
        self.file_since: float | None = None  # monotonic: the current file began
        self._file_wall: float | None = None
        self._warned_at = 0.0  # how long the current file had taken at its last warning
        self.over_budget: list[dict] = []  # files of this refresh that overran (path, phase, seconds)
        self.refreshes = 0  # refreshes finished since start
        self.failure: str | None = None  # why the last refresh failed (None: it did not)
        self.failed_at: float | None = None
        self._watchdog: threading.Thread | None = None
        self._stop = threading.Event()

    # --- written by the refresh ----------------------------------------------------------------------
    def begin(self) -> None:
        with self._lock:
            self.started = time.time()
            self.over_budget = []
            self._set_phase("scanning", 0)

    def enter(self, phase: str, total: int) -> None:
        """A new phase over ``total`` items (files, or documents while extracting)."""
        with self._lock:
            self._set_phase(phase, total)

    def _set_phase(self, phase: str, total: int) -> None:
        self.phase, self.total, self.done = phase, total, 0
        self.phase_since = time.time()
        self.file = None
        self.file_since = self._file_wall = None

    def on(self, path: str | None, done: int | None = None) -> None:
        """The refresh is now on ``path`` (None: between files); ``done`` items of the phase are finished."""
        with self._lock:
            if done is not None:
                self.done = done
            if path != self.file:
                self._note_overrun()
                self.file = path
                self.file_since = time.monotonic() if path is not None else None
                self._file_wall = time.time() if path is not None else None
                self._warned_at = 0.0

    def end(self, failure: BaseException | None = None) -> None:
        with self._lock:
            self._note_overrun()
            self.phase, self.file, self.file_since, self._file_wall = IDLE, None, None, None
            self.phase_since = time.time()
            self.refreshes += failure is None
            if failure is not None:
                self.failure = "".join(traceback.format_exception_only(type(failure), failure)).strip()[:500]
                self.failed_at = time.time()
            else:
                self.failure = self.failed_at = None

    def _note_overrun(self) -> None:
        if self.file is not None and self.file_since is not None:
            took = time.monotonic() - self.file_since
            if took > self.file_seconds:
                self.over_budget.append({"path": self.file, "phase": self.phase, "seconds": round(took, 1)})
                log.warning("refresh: %s took %.1f s while %s (its budget is %g s)", self.file, took, self.phase,
                            self.file_seconds)

    # --- read by the API and the watchdog ------------------------------------------------------------------
    def stuck_on(self) -> tuple[str, str, float] | None:
        """(file, phase, seconds) when the current file is over its budget."""
        with self._lock:
            if self.file is None or self.file_since is None:
                return None
            took = time.monotonic() - self.file_since
            return (self.file, self.phase, took) if took > self.file_seconds else None

    def snapshot(self) -> dict:
        """What the refresh is doing now, as /api/status shows it."""
        with self._lock:
            took = time.monotonic() - self.file_since if self.file_since is not None else None
            return {
                "phase": self.phase,
                "file": self.file,
                "done": self.done,
                "total": self.total,
                "refresh_started_at": _iso(self.started) if self.phase != IDLE else None,
                "phase_since": _iso(self.phase_since),
                "file_since": _iso(self._file_wall),
                "file_seconds": round(took, 1) if took is not None else None,
                "file_budget_seconds": self.file_seconds,
                "over_budget": bool(took is not None and took > self.file_seconds),
                "overran": list(self.over_budget[-20:]),
                "failure": self.failure,
            }

    # --- the watchdog ---------------------------------------------------------------------------------
    def watch(self) -> None:
        """Start the watchdog thread (once)."""
        if self._watchdog is not None:
            return
        self._watchdog = threading.Thread(target=self._watch, name="refresh-watchdog", daemon=True)
        self._watchdog.start()

    def stop(self) -> None:
        self._stop.set()

    def _watch(self) -> None:
        while not self._stop.wait(WATCH_SECONDS):
            with self._lock:
                if self.file is None or self.file_since is None:
                    continue
                took = time.monotonic() - self.file_since
                if took < self.file_seconds or took - self._warned_at < self.file_seconds:
                    continue
                self._warned_at = took
                file, phase, done, total = self.file, self.phase, self.done, self.total
            log.warning("refresh over budget: on %s for %.0f s while %s (%d of %d done; the budget of a file is %g s)",
                        file, took, phase, done, total, self.file_seconds)
