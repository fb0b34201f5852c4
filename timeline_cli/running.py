"""Extraction for the command line on the service's executors (``--executor inline|processes|dask``,
``--jobs N``, ``--scheduler tcp://HOST:PORT``): the functions of ``service.extraction`` run inline, on this
machine's cores or on a Dask cluster, and their results come back in the inputs' order, serialized the same
way whichever ran them, so a command's output is the same bytes with any executor. A window of documents is
in flight at a time (the next one is handed over before the current one is read), so memory stays bounded
however many articles there are; a progress bar on stderr counts the documents done."""

from __future__ import annotations

import argparse
import itertools
import logging
import sys
import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterable, Iterator, TypeVar

from tqdm import tqdm

from service.settings import EXECUTORS, ServiceSettings

if TYPE_CHECKING:  # imported when used: the parser is built without loading the extraction code
    from service.executors import Executor, Task

WINDOW = 2000  # documents handed to the executor at once (a window in flight, the next one queued)
Item = TypeVar("Item")


def executor_options(command: argparse.ArgumentParser, database: bool = False) -> None:
    """The options that say where extraction runs (and, for the service's commands, the store)."""
    command.add_argument("--executor", choices=EXECUTORS,
                         help="where extraction runs: inline (this process), processes (this machine's cores) or dask "
                              "(default: from the config)")
    command.add_argument("--jobs", type=_jobs, metavar="N",
                         help="worker processes for processes (and a local Dask cluster); more than 1 without "
                              "--executor means processes (default: from the config; 0: one per core)")
    command.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                         help="the Dask scheduler to send extraction to (implies --executor dask)")
    if database:
        command.add_argument("--database",
                             help="the store: a SQLite file or a postgresql:// URL (default: from the config)")


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = -1
    if jobs < 0:
        raise argparse.ArgumentTypeError(f"not a number of workers (0: one per core): {value!r}")
    return jobs


def with_options(args: argparse.Namespace, config: ServiceSettings) -> ServiceSettings:
    """The settings with the command line's --executor, --jobs, --scheduler, --database and --model applied."""
    changes: dict[str, object] = {}
    if getattr(args, "jobs", None) is not None:
        changes["workers"] = args.jobs
        if args.jobs > 1 and not getattr(args, "executor", None) and config.executor == "inline":
            changes["executor"] = "processes"
    if getattr(args, "scheduler", None):
        changes.update(scheduler=args.scheduler, executor="dask")
    if getattr(args, "executor", None):
        changes["executor"] = args.executor
    if getattr(args, "database", None):
        changes["database"] = args.database
    if getattr(args, "model", None):
        changes["model"] = args.model
    return config.replace(**changes) if changes else config


@contextmanager
def executor_for(config: ServiceSettings) -> Iterator["Executor"]:
    """The configured executor, closed (its workers or cluster stopped) when the command is done. The model
    must be installed here, unless a remote Dask cluster extracts (its workers need it, not this machine)."""
    from service.executors import make_executor
    from timeline.nlp import check_installed

    if not (config.executor == "dask" and config.scheduler):
        check_installed(config.extractor.model)
    if config.executor == "dask":
        # a local cluster's start and stop are a few dozen lines of Dask's own: a command's stderr keeps its bar
        # and the warnings (importing distributed sets its loggers' levels, so this comes after)
        import distributed  # noqa: F401

        logging.getLogger("distributed").setLevel(max(logging.WARNING, logging.getLogger().getEffectiveLevel()))
    executor = make_executor(config, threading.RLock(), yield_cpu=False)  # no readers to yield to
    try:
        yield executor
    finally:
        executor.close()


def run_in_order(executor: "Executor", items: Iterable[Item], task: "Task", desc: str) -> Iterator[tuple[Item, object]]:
    """``task`` over ``items`` on ``executor``: each item with its result (or ``extraction.Failed``), in the
    items' order, a window at a time; the bar on stderr counts items done (its total grows as the inputs are
    read)."""
    source = iter(items)
    bar = tqdm(desc=desc, unit="doc", file=sys.stderr, disable=None, total=0)

    def hand_over() -> tuple[list[Item], Iterator[tuple[int, object]] | None]:
        window = list(itertools.islice(source, WINDOW))
        if window:
            bar.total += len(window)
            bar.refresh()
        return window, (executor.map(window, task) if window else None)

    try:
        window, running = hand_over()
        while window:
            upcoming, upcoming_running = hand_over()  # the workers start on it while this window is read
            results: list[object] = [None] * len(window)
            for index, result in running or ():
                results[index] = result
                bar.update(1)
            yield from zip(window, results)
            window, running = upcoming, upcoming_running
    finally:
        bar.close()


def why(failed: object) -> str:
    """What a command says of a document whose extraction gave no result (an ``extraction.Failed``)."""
    from service.executors import WorkerLost

    if isinstance(failed, WorkerLost):  # its own words are the service's (the next refresh tries again)
        return "its extraction worker was lost (out of memory?); run it again"
    return getattr(failed, "reason", "extraction failed")
