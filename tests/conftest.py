"""Shared fixtures: one spaCy pipeline for the whole session, paths to the repo and shared data, a
throwaway PostgreSQL cluster for the session, and service apps over a temporary feed directory and a
store of each kind: the store and service tests run against SQLite and against PostgreSQL."""

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


BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def postgres():
    """The session's PostgreSQL cluster (started on first use), or a skip saying why there is none."""
    from pgkit import Cluster

    cluster = Cluster()
    started = cluster.start()
    yield cluster if started else cluster.reason
    cluster.stop()


def new_database(kind: str, directory: Path, request) -> str:
    """A new store of ``kind``: a SQLite path in ``directory``, or a new database of the session's cluster."""
    if kind == "sqlite":
        return str(directory / "store" / "timeline.db")
    cluster = request.getfixturevalue("postgres")
    if isinstance(cluster, str):
        pytest.skip(cluster)
    return cluster.new_database()


@pytest.fixture(params=BACKENDS)
def database(request, tmp_path) -> str:
    """A new, empty store of each kind (SQLite file, PostgreSQL database)."""
    return new_database(request.param, tmp_path, request)


@pytest.fixture
def make_app(tmp_path, feed, database):
    """Build service apps over ``feed`` and a new store (both kinds; no schedule: tests refresh by hand)."""
    from service.app import create_app

    apps = []

    def build(**settings):
        config = {"database": database, "feed_dir": str(feed), "settle_seconds": 0}
        config.update(settings)
        app = create_app(config, schedule=False)
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.extensions["timeline"].shutdown()
