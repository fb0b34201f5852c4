"""Extraction as the service runs it: a pure function of (document, extractor settings) to what the store
keeps, serialized where it runs. This is the one place in the service that calls
``timeline.pipeline.process``; every executor runs these functions, inline, in a worker process or on a
Dask worker, so the stored results are the same bytes whichever ran them. The model is loaded once per
process (``timeline.nlp.load_pipeline`` caches it).
"""

from __future__ import annotations

import os
import resource
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from service.store.rows import RawEvent, dumps, raw_event
from timeline.assemble import build_timeline
from timeline.export.json_export import timeline_json
from timeline.model import Document
from timeline.nlp import load_pipeline
from timeline.pipeline import process
from timeline.settings import ExtractorSettings
from timeline.timex.extractor import prepare

PARENT_CHECK_SECONDS = 1.0  # how often a worker process looks whether the serving process is still there


class RequestRefused(Exception):
    """An extraction on request went over its budget (the message says which); the request gets an error."""

    def __init__(self, message: str, status: int = 503):
        super().__init__(message, status)  # both in args: the exception crosses process boundaries pickled

    @property
    def message(self) -> str:
        return self.args[0]

    @property
    def status(self) -> int:
        return self.args[1]

    def __str__(self) -> str:
        return self.args[0]


@dataclass(frozen=True)
class Extracted:
    """A document's extraction as stored: its timexes (JSON list), its events (rows.RawEvent) and its entities
    (JSON list of ``DocumentEntity.to_json()``: the registry's input)."""

    timexes: str
    timex_count: int
    events: list[RawEvent] = field(default_factory=list)
    entities: str = "[]"


@dataclass(frozen=True)
class Failed:
    """A document whose extraction raised (a bug or a pathological text); the refresh goes on."""

    reason: str


def _process(document: Document, settings: ExtractorSettings):
    return process(document, load_pipeline(settings.model), settings)


def extract(document: Document, settings: ExtractorSettings) -> Extracted:
    result = _process(document, settings)
    return Extracted(dumps([t.to_json() for t in result.timexes]), len(result.timexes),
                     [raw_event(e) for e in result.events], dumps([e.to_json() for e in result.entities]))


def extract_batch(documents: list[Document], settings: ExtractorSettings) -> list[Extracted | Failed]:
    """Each document's extraction; one that fails is reported, the others are still done."""
    out: list[Extracted | Failed] = []
    for document in documents:
        try:
            out.append(extract(document, settings))
        except MemoryError:
            out.append(Failed("extraction failed: out of memory"))
        except Exception as exc:  # noqa: BLE001 - one document must not stop a batch
            out.append(Failed(f"extraction failed: {exc.__class__.__name__}: {str(exc)[:200]}"))
    return out


def respond(document: Document, settings: ExtractorSettings, max_timexes: int, seconds: float | None = None) -> str:
    """The JSON body of POST /api/extract for ``document``: its timexes and its one-document timeline.
    ``seconds``: a budget enforced here when this runs in a process's main thread (a worker process)."""
    with _deadline(seconds):
        result = _process(document, settings)
        if len(result.timexes) > max_timexes:
            raise RequestRefused(f"the text holds more than {max_timexes} temporal expressions "
                                 f"({len(result.timexes)}); send a shorter one", 413)
        timeline = build_timeline([(document, result.events)], entities={document.id: result.entities})
        return dumps({
            "document": {"id": document.id, "title": document.title, "dct": document.dct.isoformat(),
                         "dct_source": document.dct_source},
            "timexes": [t.to_json() for t in result.timexes],
            "timeline": timeline_json(timeline),
        })


@contextmanager
def _deadline(seconds: float | None):
    """Interrupt the work after ``seconds`` (SIGALRM: only a process's main thread can take it, as in a
    worker process; elsewhere the caller bounds the wait instead)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    message = f"the extraction took longer than its budget of {seconds:g} s"
    fired = []

    def expired(signum, frame):
        fired.append(True)
        raise RequestRefused(message)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if fired:
        # the alarm's exception can be lost when it lands in a finalizer (the garbage collector reports and
        # drops it there): the work then ran to its end, and is refused all the same
        raise RequestRefused(message)


def start_worker(settings: ExtractorSettings, memory_mb: int = 0, nice: int = 10) -> None:
    """A worker process's start: leave when the serving process is gone, yield the CPU to its readers,
    cap the memory one pathological text can take, and load the model and compile the rules once."""
    threading.Thread(target=_leave_with, args=(os.getppid(),), daemon=True, name="leave-with-parent").start()
    try:
        os.nice(nice)
    except OSError:
        pass
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        try:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (ValueError, OSError):
            pass
    prepare(settings.model, settings.packs, settings.language)


def _leave_with(parent: int) -> None:
    """A pool's worker waits for tasks forever: when the process that started it ends without shutting the
    pool down (killed, or stopped by a signal it does not handle), the worker would stay behind with its
    model loaded (about 170 MB) for good. It leaves as soon as its parent is gone."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)
