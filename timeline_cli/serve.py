"""`timeline serve`, `timeline refresh` and `timeline migrate`: the service under waitress, one refresh and
exit, or bringing the store to this release's schema."""

from __future__ import annotations

import json
import logging
import sys

from service.settings import ServiceSettings
from timeline_cli.common import EXIT_OK, EXIT_SOME_FAILED, error
from timeline_cli.running import with_options

log = logging.getLogger("timeline.service")
SWITCH_INTERVAL_SECONDS = 0.001  # how long a thread holds the GIL before another may take it (see run_serve)


def run_serve(args, config: ServiceSettings) -> int:
    import waitress

    from service.app import create_app

    config = with_options(args, config)
    if args.host:
        config = config.replace(host=args.host)
    if args.port:
        config = config.replace(port=args.port)
    # the request threads share the interpreter with the refresh's thread (storing results, merging): a thread
    # waiting for the GIL waits up to one switch interval per hand-over, 5 ms by default, which a page of a
    # few ms feels at p99. Measured with bench_service.py during a refresh with "processes" (2 cores, noisy):
    # 1 ms gave 1,497-1,782 requests/s for the first page (p99 26-38 ms) and events by id p99 31-54 ms in three
    # runs, the default 1,551-1,567 (p99 36 ms) and 58-62 ms in two: better in two runs of three, within the noise in the third.
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
    app = create_app(config, schedule=True)
    state = app.extensions["timeline"]
    log.info("feed %s, store %s, extraction %s, serving on http://%s:%d/", config.feed_dir, state.store.description,
             state.executor.name, config.host, config.port)
    try:
        waitress.serve(app, host=config.host, port=config.port, threads=config.threads, ident="timeline")
    except OSError as exc:
        error(f"cannot listen on {config.host}:{config.port}: {exc.strerror or exc}")
        return EXIT_SOME_FAILED
    finally:
        state.shutdown()
    return EXIT_OK


def run_refresh(args, config: ServiceSettings) -> int:
    from service.state import ServiceState

    state = ServiceState(with_options(args, config))
    try:
        report = state.refresh_now(timeout=args.wait)
    except TimeoutError as exc:
        error(str(exc))
        return EXIT_SOME_FAILED
    finally:
        state.shutdown()
    json.dump(report.to_json(), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return EXIT_SOME_FAILED if report.skipped else EXIT_OK


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
