"""Where extraction runs (``executor`` in config.toml): ``inline`` in the serving process (the default),
``processes`` on this machine's cores (a standard-library process pool whose workers load the model once
and run at a lower priority than the readers), ``dask`` on a ``distributed`` cluster (``scheduler =
"tcp://HOST:PORT"``, or a local cluster when unset) whose workers load the model once. All of them run the
functions of :mod:`service.extraction`, so what is stored is the same bytes whichever ran it.

``map`` hands documents (or the command line's jobs) over in batches to a task of
:mod:`service.extraction` (the stored extraction by default) and yields each one's result as its batch
completes (with its index), so a refresh logs progress and the serving process does no NLP with any executor
but inline. ``respond`` runs one POST /api/extract within a time budget.
"""

from __future__ import annotations

import concurrent.futures as futures
import logging
import multiprocessing
import os
import threading
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Iterator, Sequence

from service import extraction
from service.extraction import Failed, RequestRefused
from service.settings import ServiceSettings
from timeline.model import Document
from timeline.settings import ExtractorSettings

log = logging.getLogger("timeline.executor")
# a task: a function of service.extraction (picklable) of a batch of items and the extractor's settings, giving
# one result (or extraction.Failed) per item
Task = Callable[[list, ExtractorSettings], list]
START_GRACE_SECONDS = 30  # a worker's first task also waits for it to start and load the model


class WorkerLost(Failed):
    """The worker running a document died or became unreachable: try again at the next refresh."""


class Executor:
    name = "?"

    def __init__(self, config: ServiceSettings, yield_cpu: bool = True):
        self.config = config
        self.extractor = config.extractor
        # the workers on this machine run at a lower priority than a serving process's readers; the command
        # line has no readers, and its workers run at its own priority
        self.yield_cpu = yield_cpu

    def map(self, items: Sequence, task: Task = extraction.extract_batch) -> Iterator[tuple[int, Any]]:
        """Each item's result of ``task`` with its index, as they complete (by default each document's
        stored extraction: Extracted or Failed). Executors with workers hand the items over when called, so
        they run while the caller does something else before reading the results (the refresh writes the
        previous part of a large change meanwhile); inline starts when read."""
        raise NotImplementedError

    def respond(self, document: Document) -> str:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def _batches(self, items: Sequence) -> list[tuple[int, list]]:
        return batches(items, self.config.batch_chars, self.config.batch_size)


def batches(documents: Sequence, chars: int, most: int) -> list[tuple[int, list]]:
    """Consecutive runs of ``documents`` (with the index of each run's first) of about ``chars`` characters of
    text, at most ``most`` documents each: a task is then a fraction of a second of a worker's time whether the
    articles are long or short. Each task costs a worker and a Dask scheduler some milliseconds of their own
    (measured: 10,000 articles of 180 characters in tasks of 8 took Dask's workers a third more CPU than in
    tasks of 32), so tasks are sized by the work in them, not by a count of documents alone."""
    chars, most = max(1, chars), max(1, most)
    out: list[tuple[int, list]] = []
    start, size = 0, 0
    run: list = []
    for index, document in enumerate(documents):
        if run and (size >= chars or len(run) >= most):
            out.append((start, run))
            start, run, size = index, [], 0
        run.append(document)
        size += extraction.size(document)
    if run:
        out.append((start, run))
    return out


class InlineExecutor(Executor):
    """In this process, one extraction at a time (the pipeline is shared by the threads)."""

    name = "inline"

    def __init__(self, config: ServiceSettings, model_lock: threading.RLock):
        super().__init__(config)
        self.lock = model_lock

    def map(self, items, task=extraction.extract_batch):
        for index, item in enumerate(items):
            with self.lock:
                (result,) = task([item], self.extractor)
            yield index, result

    def respond(self, document):
        # a thread cannot be interrupted: the budget bounds the wait for the model, and the timex cap the size
        if not self.lock.acquire(timeout=self.config.extract_seconds):
            raise RequestRefused("the extractor is busy; try again shortly")
        try:
            return extraction.respond(document, self.extractor, self.config.extract_max_timexes)
        finally:
            self.lock.release()


def _workers(config: ServiceSettings) -> int:
    return config.workers if config.workers > 0 else (os.cpu_count() or 1)


class ProcessExecutor(Executor):
    """A process pool on this machine (spawned: the serving process has threads, which fork would copy badly)."""

    name = "processes"

    def __init__(self, config: ServiceSettings, yield_cpu: bool = True):
        super().__init__(config, yield_cpu)
        self._pool: futures.ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _get(self) -> futures.ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                n = _workers(self.config)
                log.info("starting %d extraction worker processes", n)
                self._pool = futures.ProcessPoolExecutor(
                    n, mp_context=multiprocessing.get_context("spawn"), initializer=extraction.start_worker,
                    initargs=(self.extractor, self.config.extract_memory_mb, 10 if self.yield_cpu else 0))
            return self._pool

    def _lost(self, pool) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        pool.shutdown(wait=False, cancel_futures=True)

    def map(self, items, task=extraction.extract_batch):
        pool = self._get()
        pending = {pool.submit(task, batch, self.extractor): (start, batch) for start, batch in self._batches(items)}
        return self._collect(pool, pending)

    def _collect(self, pool, pending):
        for future in futures.as_completed(pending):
            start, batch = pending[future]
            try:
                results = future.result()
            except BrokenProcessPool:
                log.error("an extraction worker died (out of memory?); its documents wait for the next refresh")
                self._lost(pool)
                results = [WorkerLost("extraction worker lost; tried again at the next refresh")] * len(batch)
            for offset, result in enumerate(results):
                yield start + offset, result

    def respond(self, document):
        pool = self._get()
        future = pool.submit(extraction.respond, document, self.extractor, self.config.extract_max_timexes,
                             self.config.extract_seconds)
        try:
            return future.result(timeout=self.config.extract_seconds + START_GRACE_SECONDS)
        except futures.TimeoutError:
            raise RequestRefused("the extraction took longer than its budget") from None
        except BrokenProcessPool:
            self._lost(pool)
            raise RequestRefused("the extraction ran out of memory") from None

    def close(self):
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor(Executor):
    """Batches of documents on a Dask ``distributed`` cluster (the workers need this project installed)."""

    name = "dask"

    def __init__(self, config: ServiceSettings, yield_cpu: bool = True):
        super().__init__(config, yield_cpu)
        self._client = None
        self._cluster = None
        self._lock = threading.Lock()

    def _get(self):
        with self._lock:
            if self._client is None:
                from distributed import Client, LocalCluster

                from service.dask_worker import ModelLoader

                if self.config.scheduler:
                    log.info("extracting on the Dask cluster at %s", self.config.scheduler)
                    self._client = Client(self.config.scheduler, timeout=30)
                else:
                    n = _workers(self.config)
                    log.info("starting a local Dask cluster of %d workers", n)
                    self._cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                                                 dashboard_address=None)
                    self._client = Client(self._cluster)
                # every worker, also one that joins later, loads the model as it starts (not in its first task);
                # a local cluster's workers also yield the CPU to this process's readers, as the process pool does
                nice = self._cluster is not None and self.yield_cpu
                self._client.register_plugin(ModelLoader(self.extractor, nice=nice),
                                             name=f"timeline-model-{self.extractor.model}")
            return self._client

    def map(self, items, task=extraction.extract_batch):
        client = self._get()
        batches = self._batches(items)
        futures_ = client.map(task, [b for _, b in batches], settings=self.extractor, pure=False)
        where = {f.key: (start, batch) for f, (start, batch) in zip(futures_, batches)}
        return self._collect(futures_, where)

    @staticmethod
    def _collect(futures_, where):
        from distributed import as_completed

        for future in as_completed(futures_):
            start, batch = where[future.key]
            try:
                results = future.result()
            except Exception as exc:  # noqa: BLE001 - a worker lost, the scheduler gone
                log.error("a Dask task failed (%s); its documents wait for the next refresh", exc)
                results = [WorkerLost(f"extraction on the cluster failed ({exc.__class__.__name__}); "
                                      "tried again at the next refresh")] * len(batch)
            for offset, result in enumerate(results):
                yield start + offset, result

    def respond(self, document):
        client = self._get()
        future = client.submit(extraction.respond, document, self.extractor, self.config.extract_max_timexes, pure=False)
        try:
            return future.result(timeout=self.config.extract_seconds)
        except TimeoutError:
            future.cancel()  # a running task finishes on its worker; nobody waits for it
            raise RequestRefused("the extraction took longer than its budget") from None

    def close(self):
        with self._lock:
            client, cluster, self._client, self._cluster = self._client, self._cluster, None, None
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()


def make_executor(config: ServiceSettings, model_lock: threading.RLock, yield_cpu: bool = True) -> Executor:
    """The configured executor; ``yield_cpu``: its workers on this machine yield the CPU to a serving process
    (the command line, which serves nothing, passes False)."""
    if config.executor == "processes":
        return ProcessExecutor(config, yield_cpu)
    if config.executor == "dask":
        return DaskExecutor(config, yield_cpu)
    return InlineExecutor(config, model_lock)
