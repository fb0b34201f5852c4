"""`timeline serve` and `timeline refresh`: the service under waitress, or one refresh and exit."""

from __future__ import annotations

import json
import logging
import sys

from timeline_cli.common import EXIT_OK, EXIT_SOME_FAILED, error
from service.settings import ServiceSettings

log = logging.getLogger("timeline.service")


def run_serve(args, config: ServiceSettings) -> int:
    import waitress

    from service.app import create_app

    if args.host:
        config = config.replace(host=args.host)
    if args.port:
        config = config.replace(port=args.port)
    app = create_app(config, schedule=True)
    state = app.extensions["timeline"]
    log.info("feed %s, database %s, serving on http://%s:%d/", config.feed_dir, config.database, config.host, config.port)
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

    state = ServiceState(config)
    try:
        report = state.refresh_now(timeout=args.wait)
    except TimeoutError as exc:
        error(str(exc))
        return EXIT_SOME_FAILED
    json.dump(report.to_json(), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return EXIT_SOME_FAILED if report.skipped else EXIT_OK
