"""Shared fixtures: one spaCy pipeline for the whole session, paths to the repo and shared data, and a
service app over a temporary feed directory and SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def nlp():
    from timeline.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present on this machine")
    return SHARED_DATA


@pytest.fixture
def feed(tmp_path) -> Path:
    """An empty feed directory."""
    directory = tmp_path / "feed"
    directory.mkdir()
    return directory


@pytest.fixture
def make_app(tmp_path, feed):
    """Build service apps over ``feed`` and a SQLite file in ``tmp_path`` (no schedule: tests refresh by hand)."""
    from service.app import create_app

    apps = []

    def build(**settings):
        config = {"database": str(tmp_path / "store" / "timeline.db"), "feed_dir": str(feed), "settle_seconds": 0}
        config.update(settings)
        app = create_app(config, schedule=False)
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.extensions["timeline"].shutdown()
