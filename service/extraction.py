"""Extraction as the service and the command line run it: pure functions of (documents, extractor settings)
to what the store keeps (``extract_batch``) or what a command writes (``events_batch``, ``timexes_batch``),
serialized where they run. This is the one place that calls ``timeline.pipeline.process`` for them; every
executor runs these functions, inline, in a worker process or on a Dask worker, so the results are the same
bytes whichever ran them. The model is loaded once per process (``timeline.nlp.load_pipeline`` caches it).
"""

from __future__ import annotations

import os
import resource
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable

from service.store.rows import RawEvent, dumps, raw_event
from timeline.analysis import Analysis
from timeline.assemble import build_timeline
from timeline.export.json_export import timeline_json
from timeline.model import Document
from timeline.nlp import load_pipeline
from timeline.pipeline import process
from timeline.settings import ExtractorSettings
from timeline.text import Sentences
from timeline.timex.extractor import extract as extract_timexes
from timeline.timex.extractor import Chooser, prepare

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
    """Each document's extraction as stored; one that fails is reported, the others are still done."""
    return _each(documents, lambda document: extract(document, settings))


def _each(items: list, work: Callable) -> list:
    out: list = []
    for item in items:
        try:
            out.append(work(item))
        except MemoryError:
            out.append(Failed("extraction failed: out of memory"))
        except Exception as exc:  # noqa: BLE001 - one document must not stop a batch
            out.append(Failed(f"extraction failed: {exc.__class__.__name__}: {str(exc)[:200]}"))
    return out


# --- extraction as the command line runs it: the same pipeline, serialized the same way on every executor ---
@dataclass(frozen=True)
class Job:
    """A document for the command line, with the sentences its source already gives (pre-tokenised corpora;
    None: split the text) and, for evaluation only, what makes the chooser that settles choice points (a
    module-level function, pickled by name: a worker imports its module only when a job names one, so the
    production path never imports the learned model)."""

    document: Document
    sentences: tuple[tuple[int, int], ...] | None = None
    chooser: Callable[[], Chooser] | None = None


@dataclass(frozen=True)
class Assembled:
    """What assembling a timeline needs of one document: its events and its entities (JSON lists)."""

    events: str
    entities: str


def size(item: Document | Job) -> int:
    """How much work an item is: the characters of its text (the executors size their tasks by it)."""
    return len(item.document.text if isinstance(item, Job) else item.text)


def events_batch(jobs: list[Job], settings: ExtractorSettings) -> list[Assembled | Failed]:
    """Each document's events and entities (``timeline build``, SemEval-2015 timelines)."""

    def one(job: Job) -> Assembled:
        result = process(job.document, load_pipeline(settings.model), settings, job.sentences)
        return Assembled(dumps([e.to_json() for e in result.events]), dumps([e.to_json() for e in result.entities]))

    return _each(jobs, one)


def timexes_batch(jobs: list[Job], settings: ExtractorSettings) -> list[str | Failed]:
    """Each document's timexes, as a JSON list (``timeline extract``, ``timeline eval tempeval3``): the
    temporal tagger alone, without the events."""

    def one(job: Job) -> str:
        chooser = job.chooser() if job.chooser is not None else None
        analysis = Analysis(job.document.text, load_pipeline(settings.model),
                            Sentences(job.sentences) if job.sentences is not None else None, settings.language)
        timexes = extract_timexes(analysis, job.document.dct, settings.packs, chooser, settings.language)[0]
        return dumps([t.to_json() for t in timexes])

    return _each(jobs, one)


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
