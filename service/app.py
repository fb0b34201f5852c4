"""The Flask application factory. Nothing happens at import time: the store is opened, the current
timeline loaded and (when asked) the refresh schedule started by create_app."""

from __future__ import annotations

import logging
from typing import Mapping

from flask import Flask

from service import responses
from service.compression import GzipMiddleware
from service.api import api
from service.entities_api import entities_api
from service.widget import widget
from service.widget_api import widget_api
from service.settings import ServiceSettings, load_settings
from service.state import ServiceState

log = logging.getLogger("timeline.service")


def create_app(config: ServiceSettings | Mapping | None = None, *, schedule: bool | None = None) -> Flask:
    """Build the app. ``config``: ServiceSettings, a mapping of settings over config.toml, or None for the
    file; ``schedule``: start the refresh scheduler in this process (default: the ``schedule_refreshes``
    setting, on), so that any WSGI server or ``flask run`` loading ``service.app:create_app()`` refreshes.
    The scheduler lock keeps it to one process per database whatever starts how many apps."""
    if not isinstance(config, ServiceSettings):
        config = load_settings(overrides=config)
    _configure_logging(config.log_level)
    app = Flask(__name__, static_folder=None)  # the widget blueprint serves its own files
    app.config["MAX_CONTENT_LENGTH"] = config.max_request_bytes
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 300  # embeds revalidate the widget's modules every 5 minutes
    app.config["JSON_SORT_KEYS"] = False
    state = ServiceState(config)
    app.extensions["timeline"] = state
    responses.install(app)
    app.register_blueprint(api)
    app.register_blueprint(entities_api)
    app.register_blueprint(widget)
    app.register_blueprint(widget_api)
    # outermost: sees the final headers (ETag, Vary); Flask's way to wrap its WSGI app, which mypy calls a method
    app.wsgi_app = GzipMiddleware(app.wsgi_app)  # type: ignore[method-assign]
    if config.schedule_refreshes if schedule is None else schedule:
        state.start_scheduler()
    return app


def _configure_logging(level: str) -> None:
    """The service logs its refreshes and skipped files whatever server runs it: when nothing has set
    up logging yet (a bare WSGI server, `flask run`), send ours to stderr."""
    logging.getLogger("timeline").setLevel(level.upper())
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    if not logging.getLogger().handlers:
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
