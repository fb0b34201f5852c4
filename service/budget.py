"""Reading and parsing one file within a time budget: the call runs in a worker thread and the refresh waits for
it at most ``seconds``. Past that the refresh gives up on the file (it is skipped with the reason, and read again
when it changes) and goes on with the next; the worker is left to finish, or to hang on its read, on its own (a
thread cannot be stopped), and a new worker takes the next call. A file on a hung network mount or a parser
caught in a pathological input then costs one idle thread, never the refresh."""

from __future__ import annotations

import logging
import queue
import threading
from typing import Any, Callable

log = logging.getLogger("timeline.refresh")


class OverBudget(Exception):
    """The call took longer than its budget; it was given up on."""

    def __init__(self, seconds: float):
        super().__init__(f"took longer than its budget of {seconds:g} s")
        self.seconds = seconds


class _Call:
    __slots__ = ("fn", "args", "kwargs", "done", "result", "error")

    def __init__(self, fn, args, kwargs):
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.done = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None


class _Worker:
    def __init__(self):
        self.calls: queue.SimpleQueue[_Call | None] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._run, name="refresh-reader", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while (call := self.calls.get()) is not None:
            try:
                call.result = call.fn(*call.args, **call.kwargs)
            except BaseException as exc:  # noqa: BLE001 - handed to the caller, who decides
                call.error = exc
            call.done.set()


class Budgeted:
    """Runs calls one at a time, each within ``seconds`` (None or 0: no budget, in the caller's thread)."""

    def __init__(self, seconds: float | None):
        self.seconds = seconds or None
        self._worker: _Worker | None = None
        self._lock = threading.Lock()
        self.given_up = 0  # calls given up on (their workers may still be running)

    def run(self, fn: Callable, *args, **kwargs):
        if self.seconds is None:
            return fn(*args, **kwargs)
        with self._lock:
            if self._worker is None:
                self._worker = _Worker()
            worker = self._worker
        call = _Call(fn, args, kwargs)
        worker.calls.put(call)
        if not call.done.wait(self.seconds):
            with self._lock:
                if self._worker is worker:
                    self._worker = None
            worker.calls.put(None)  # it ends once its call returns, if ever
            self.given_up += 1
            raise OverBudget(self.seconds)
        if call.error is not None:
            raise call.error
        return call.result

    def close(self) -> None:
        with self._lock:
            worker, self._worker = self._worker, None
        if worker is not None:
            worker.calls.put(None)
