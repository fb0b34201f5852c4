"""Wake the refresh when the feed directory changes: the operating system (inotify, through watchdog)
says a file landed, so its events are served seconds later instead of at the next scheduled scan.

The schedule stays the safety net: events can be missed (network filesystems, the inotify watch limit),
and a watcher that cannot start only costs latency, never data. A wake waits until the newest change is
``delay`` old (the settle time, so the scan does not find the file still "being written"), but never more
than ``max_wait`` after the first change of a burst, so a busy feed is still refreshed.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from service.scanner import ignored_name
from timeline import sources

if TYPE_CHECKING:
    from watchdog.observers.api import BaseObserver

log = logging.getLogger("timeline.watcher")
MAX_WAIT_SECONDS = 30.0


def _matters(path: Path, is_directory: bool) -> bool:
    """A change that can change the timeline: an article, a sidecar or a directory (not the store's
    own files, should the database live in the feed directory, nor partial downloads)."""
    if ignored_name(path.name):
        return False
    return is_directory or sources.is_supported(path) or sources.is_sidecar(path)


class FeedWatcher:
    def __init__(self, root: Path, delay: float, max_wait: float = MAX_WAIT_SECONDS):
        self.root = Path(root)
        self.delay = max(0.05, delay)
        self.max_wait = max(self.delay, max_wait)
        self._observer: BaseObserver | None = None
        self._wake: Callable[[], None] | None = None
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._first: float | None = None  # monotonic time of the first change not yet woken for
        self._due = 0.0  # when the newest change will have settled

    @property
    def watching(self) -> bool:
        return self._observer is not None

    def start(self, wake: Callable[[], None]) -> bool:
        """Watch the feed directory, calling ``wake`` after changes settle; False when it cannot."""
        try:
            from watchdog.events import FileSystemEventHandler
            from watchdog.observers import Observer
        except ImportError:  # pragma: no cover - watchdog is a dependency
            log.warning("watchdog is not installed: new files wait for the scheduled scan")
            return False
        if not self.root.is_dir():
            log.warning("not watching %s: not a directory; new files wait for the scheduled scan", self.root)
            return False
        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event):
                if event.event_type in ("opened", "closed_no_write"):
                    return  # reading a file is not a change
                if event.is_directory and event.event_type == "modified":
                    return  # follows every change of a file in it, which is judged on its own
                paths = [Path(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p]
                if any(_matters(p, event.is_directory) for p in paths):
                    watcher.changed()

        observer = Observer()
        observer.daemon = True
        try:
            observer.schedule(Handler(), str(self.root), recursive=True)
            observer.start()
        except OSError as exc:  # e.g. the inotify watch or instance limit
            log.warning("cannot watch %s (%s): new files wait for the scheduled scan", self.root, exc)
            return False
        self._wake, self._observer = wake, observer
        log.info("watching %s: new and changed files are refreshed about %.1f s after they land", self.root, self.delay)
        return True

    def changed(self) -> None:
        """Note a change in the feed (called from the observer's thread)."""
        now = time.monotonic()
        with self._lock:
            self._due = now + self.delay
            if self._first is None:
                self._first = now
            if self._timer is None:
                self._arm(self.delay)

    def _arm(self, seconds: float) -> None:
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        now = time.monotonic()
        with self._lock:
            self._timer = None
            if self._first is None:
                return
            if now < self._due and now - self._first < self.max_wait:
                self._arm(self._due - now)  # more changes came: wait until they settle too
                return
            self._first = None if now >= self._due else now  # changes still settling get a wake of their own
            if self._first is not None:
                self._arm(self._due - now)
            wake = self._wake
        if wake is not None:
            wake()

    def stop(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            observer, self._observer, self._wake = self._observer, None, None
        if observer is not None:
            observer.stop()
            observer.join(timeout=5)
