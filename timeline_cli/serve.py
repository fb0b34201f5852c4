"""`timeline serve`, `timeline refresh` and `timeline migrate`: the service under waitress, one refresh and
exit, or bringing the store to this release's schema.

`timeline serve` binds its port before anything else (a port another process holds is reported at once, before
the store is opened or anything read), and stops within a few seconds of Ctrl-C or SIGTERM whatever a refresh is
doing: the server stops taking requests, the request threads get a second to finish, a running refresh a few more;
a refresh still running then is left to the end of the process (what it wrote is committed or rolled back whole).
A second Ctrl-C ends the process at once."""

from __future__ import annotations

import errno
import json
import logging
import os
import signal
import sys
import threading
import time

from service.settings import ServiceSettings
from timeline_cli.common import EXIT_OK, EXIT_SOME_FAILED, error
from timeline_cli.running import with_options

log = logging.getLogger("timeline.service")
SWITCH_INTERVAL_SECONDS = 0.001  # how long a thread holds the GIL before another may take it (see run_serve)
REFRESH_GRACE_SECONDS = 2.0  # on Ctrl-C or SIGTERM, how long a running refresh may take to finish
SERVE_OPTIONS = ("host", "port", "threads", "connection_limit", "channel_timeout", "request_seconds",
                 "max_request_bytes", "max_request_header_bytes")


class _Stop:
    """Ctrl-C and SIGTERM: the first stops the server (or interrupts start-up), a second ends the process."""

    def __init__(self):
        self.server = None
        self.signalled = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._handle)

    def _handle(self, signum, frame):
        if self.signalled.is_set():
            _exit_now(130, "stopping at once")
        self.signalled.set()
        log.info("%s: stopping", signal.Signals(signum).name)
        if self.server is not None:
            self.server.stop()
        else:
            raise KeyboardInterrupt


def _exit_now(code: int, why: str) -> None:
    log.warning("%s; ending the process", why)
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _listen_error(host: str, port: int, exc: OSError) -> str:
    why = exc.strerror or str(exc)
    if exc.errno == errno.EADDRINUSE:
        why += ": another process is listening there (stop it, or choose another port with --port or TIMELINE_PORT)"
    elif exc.errno == errno.EACCES:
        why += " (ports below 1024 need privileges; choose another with --port)"
    return f"cannot listen on {host}:{port}: {why}; nothing was read or written"


def run_serve(args, config: ServiceSettings) -> int:
    from service.http_server import PortTaken, bind

    config = with_options(args, config)
    changes = {name: getattr(args, name) for name in SERVE_OPTIONS if getattr(args, name, None) is not None}
    if changes:
        config = config.replace(**changes)
    try:  # before anything else: a port in use is said at once, with nothing opened, read or written
        sockets = bind(config.host, config.port)
    except PortTaken as exc:
        error(_listen_error(config.host, config.port, exc))
        return EXIT_SOME_FAILED
    stop = _Stop()
    try:
        return _serve(config, sockets, stop)
    except KeyboardInterrupt:  # during start-up
        return EXIT_OK
    finally:
        for sock in sockets:
            sock.close()


def _serve(config: ServiceSettings, sockets, stop: _Stop) -> int:
    from service.app import create_app
    from service.http_server import Server
    from service.memory import tune_allocator

    tune_allocator()  # before any thread starts: two arenas, large blocks given back (service/memory.py)

    # the request threads share the interpreter with the refresh's thread (storing results, merging): a thread
    # waiting for the GIL waits up to one switch interval per hand-over, 5 ms by default, which a page of a
    # few ms feels at p99. Measured with bench_service.py during a refresh with "processes" (2 cores, noisy):
    # 1 ms gave 1,497-1,782 requests/s for the first page (p99 26-38 ms) and events by id p99 31-54 ms in three
    # runs, the default 1,551-1,567 (p99 36 ms) and 58-62 ms in two: better in two runs of three, within the noise in the third.
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
    state = None
    try:
        app = create_app(config, schedule=True)
        state = app.extensions["timeline"]
        server = Server(app, sockets, threads=config.threads, connection_limit=config.connection_limit,
                        channel_timeout=config.channel_timeout, request_seconds=config.request_seconds,
                        max_request_bytes=config.max_request_bytes,
                        max_request_header_bytes=config.max_request_header_bytes)
        state.connections = server.stats.to_json
        stop.server = server
        if stop.signalled.is_set():
            return EXIT_OK
        log.info("feed %s, store %s, extraction %s, serving on %s", config.feed_dir, state.store.description,
                 state.executor.name, ", ".join(f"http://{h}:{p}/" for h, p in server.addresses))
        server.run()
    finally:
        if state is not None and not _shut_down(state):
            _exit_now(EXIT_OK, "a refresh was still running")
    return EXIT_OK


def _shut_down(state) -> bool:
    """Stop the schedule and close the store within a few seconds; False when something did not finish."""
    finished = threading.Event()
    clean: list[bool] = []

    def close():
        clean.append(state.shutdown(grace=REFRESH_GRACE_SECONDS))
        finished.set()

    threading.Thread(target=close, name="shutdown", daemon=True).start()
    finished.wait(REFRESH_GRACE_SECONDS + 2.0)
    return bool(clean and clean[0])


ADDED_UP = ("touched", "new", "changed", "renamed", "deleted", "extracted", "kept", "duration")


def run_refresh(args, config: ServiceSettings) -> int:
    """One refresh; then, unless --no-wait-settling, one more as soon as the files it found still being written
    have settled, until none are left (within --wait seconds). Prints what they did together."""
    import datetime as dt

    from service.state import ServiceState

    state = ServiceState(with_options(args, config))
    deadline = time.monotonic() + args.wait
    runs = []
    try:
        while True:
            report = state.refresh_now(timeout=max(0.0, deadline - time.monotonic()))
            runs.append(report)
            if not report.settling or report.settles_at is None or args.no_wait_settling:
                break
            settled = dt.datetime.fromisoformat(report.settles_at).timestamp() + 0.05
            pause = max(0.05, settled - time.time())
            if time.monotonic() + pause > deadline:
                error(f"{report.settling} file(s) still being written after {args.wait:g} s; "
                      "a later refresh will read them")
                break
            log.info("refresh: %d file(s) still being written; reading them in %.1f s", report.settling, pause)
            time.sleep(pause)
    except TimeoutError as exc:
        error(str(exc))
        return EXIT_SOME_FAILED
    finally:
        state.shutdown()
    together = _together(runs)
    json.dump(together, sys.stdout, indent=2)
    sys.stdout.write("\n")
    if together["settling"] and args.no_wait_settling:
        error(f"{together['settling']} file(s) still being written were left for a later refresh: "
              + ", ".join(together["waiting"][:5]))
    return EXIT_SOME_FAILED if together["skipped"] or together["settling"] else EXIT_OK


def _together(runs) -> dict:
    """The reports of consecutive refreshes as one: counts of what they did added up, the rest from the last."""
    out = runs[-1].to_json()
    for name in ADDED_UP:
        out[name] = sum(getattr(r, name) for r in runs)
    out["duration"] = round(out["duration"], 3)
    out["new_snapshot"] = any(r.new_snapshot for r in runs)
    out["refreshes"] = len(runs)
    return out


def run_migrate(args, config: ServiceSettings) -> int:
    from service.store import StoreError, open_store
    from service.store.schema import SCHEMA_VERSION

    try:
        store = open_store(config.database, migrate=True)
    except StoreError as exc:
        error(str(exc))
        return EXIT_SOME_FAILED
    try:
        before = store.migrated_from
        if before is None:
            print(f"{store.description}: schema version {SCHEMA_VERSION}, up to date")
        else:
            print(f"{store.description}: migrated from schema version {before} to {SCHEMA_VERSION}")
    finally:
        store.close()
    return EXIT_OK
