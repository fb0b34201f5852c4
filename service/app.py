"""The Flask application factory. Nothing happens at import time: the store is opened, the current
timeline loaded and (when asked) the refresh schedule started by create_app."""

from __future__ import annotations

import logging
from typing import Mapping

from flask import Flask

from service import responses
from service.api import api
from service.widget import widget
from service.state import ServiceState
from timeline.config import Config, load_config

log = logging.getLogger("timeline.service")


def create_app(config: Config | Mapping | None = None, *, schedule: bool = False) -> Flask:
    """Build the app. ``config``: a Config, a mapping of settings over config.toml, or None for the
    file; ``schedule``: start the refresh scheduler in this process (``timeline serve`` does)."""
    if config is None:
        config = load_config()
    elif not isinstance(config, Config):
        config = load_config().replace(**dict(config))
    app = Flask(__name__, static_folder=None)  # the widget blueprint serves its own files
    app.config["MAX_CONTENT_LENGTH"] = config.max_request_bytes
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 300  # embeds revalidate the widget's modules every 5 minutes
    app.config["JSON_SORT_KEYS"] = False
    state = ServiceState(config)
    app.extensions["timeline"] = state
    responses.install(app)
    app.register_blueprint(api)
    app.register_blueprint(widget)
    if schedule:
        state.start_scheduler()
    return app
