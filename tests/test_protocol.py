"""The HTTP protocol is what it says: an OpenAPI fuzzer (schemathesis) finds the app keeping the contract of
/api/openapi.json on every operation; cursors are signed (an altered or made-up one is a 400, never used); every
cacheable read carries ETag and Last-Modified and answers 304; no public answer holds an absolute path."""

from __future__ import annotations

import base64
import json
import shutil

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from conftest import SEEDS
from feedkit import refresh, timeline
from service.app import create_app
from service.openapi import openapi

# GET /api/timeline refuses some requests its schema cannot tell from good ones: a day that does not exist
# (2022-02-30 fits YYYY-MM-DD) and a cursor this server did not sign (a cursor's shape is public, its signature
# is not). Those 400s are expected there, and the check below holds each to naming the parameter at fault.
# The same holds for every read paged by those cursors.
CURSORED = ("/api/timeline", "/api/timeline/compact", "/api/entities")
CONFIG = schemathesis.Config.from_dict({"operations": [{"include-path": path, "checks": {
    "positive_data_acceptance": {"expected-statuses": ["2xx", "3xx", "400", "404", "410"]}}} for path in CURSORED]})
schema = schemathesis.openapi.from_dict(openapi(), config=CONFIG)


def refusals_name_the_parameter(ctx, response, case):
    """A 400 says which parameter is wrong and why (for a schema-valid query: a date that does not exist, or a
    cursor this server did not make)."""
    if response.status_code == 400:
        message = json.loads(response.content)["error"]["message"]
        assert message, response.content
        if case.operation.path in CURSORED and case.meta and case.meta.generation.mode.is_positive:
            assert "'cursor'" in message or "must be a date" in message, message
    return None


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("protocol")
    feed = tmp / "feed"
    feed.mkdir()
    for path in SEEDS.iterdir():
        shutil.copy(path, feed / path.name)
    app = create_app({"database": str(tmp / "store" / "timeline.db"), "feed_dir": str(feed), "settle_seconds": 0},
                     schedule=False)
    refresh(app)
    yield app
    app.extensions["timeline"].shutdown()


# every operation of the document, by its label ("GET /api/timeline"): one test each, named so (the fuzzer's own
# parametrize gives its tests one name, which pytest-xdist would run once)
OPERATIONS = {operation.label: operation for operation in (r.ok() for r in schema.get_all_operations())}


@pytest.mark.parametrize("label", list(OPERATIONS))
def test_the_app_keeps_its_openapi_contract(label, app):
    operation = OPERATIONS[label]
    # the schema is the app's own document (no app is needed to make it); the app answers in-process (WSGI)
    operation.schema.app = app
    operation.schema.location = "/api/openapi.json"
    cases = st.one_of(*(operation.as_strategy(generation_mode=mode) for mode in GenerationMode))

    @given(case=cases)
    @settings(max_examples=16, suppress_health_check=list(HealthCheck), deadline=None)
    def keeps_the_contract(case):
        # in-process WSGI calls are not decompressed by the fuzzer's client: ask for the bodies as they are
        case.call_and_validate(app=app, headers={"Accept-Encoding": "identity"},
                               additional_checks=[refusals_name_the_parameter])

    keeps_the_contract()


def _forge(cursor: str, change) -> str:
    payload, mac = cursor.split(".")
    fields = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    change(fields)
    return base64.urlsafe_b64encode(json.dumps(fields).encode()).decode().rstrip("=") + "." + mac


@pytest.mark.parametrize("forgery", [
    lambda c: _forge(c, lambda f: f.__setitem__(3, -5)),  # a negative offset
    lambda c: _forge(c, lambda f: f.__setitem__(3, 10 ** 400)),  # an offset of 401 digits
    lambda c: _forge(c, lambda f: f.__setitem__(2, "0")),  # another place in the timeline
    lambda c: _forge(c, lambda f: f.__setitem__(0, f[0] + 7)),  # another version
    lambda c: c[:-2] + ("AA" if not c.endswith("AA") else "BB"),  # a signature altered
    lambda c: c.split(".")[0],  # no signature (as cursors were before they were signed)
    lambda c: "x" * 40 + "." + "y" * 22,  # made up
], ids=["negative-offset", "huge-offset", "other-place", "other-version", "bad-signature", "unsigned", "made-up"])
def test_a_forged_cursor_is_refused_before_it_is_used(app, forgery):
    client = app.test_client()
    first = timeline(client, "?limit=3")
    good = first["next_cursor"]
    assert timeline(client, f"?limit=3&cursor={good}")["offset"] == 3
    response = client.get(f"/api/timeline?limit=3&cursor={forgery(good)}")
    assert response.status_code == 400, response.data
    assert "'cursor' is not a cursor this server gave out" in response.get_json()["error"]["message"]
    noscript = client.get(f"/widget?cursor={forgery(good)}")
    assert noscript.status_code == 400


def test_a_cursor_is_good_on_another_app_of_the_same_store(app, tmp_path):
    """The key lives in the store: a cursor made by one node (or before a restart) is good on another."""
    client = app.test_client()
    cursor = timeline(client, "?limit=2")["next_cursor"]
    state = app.extensions["timeline"]
    other = create_app({"database": state.config.database, "feed_dir": str(state.config.feed_dir)}, schedule=False)
    try:
        page = timeline(other.test_client(), f"?limit=2&cursor={cursor}")
        assert page["offset"] == 2
    finally:
        other.extensions["timeline"].shutdown()


@pytest.mark.parametrize("path", ["/api/timeline", "/api/timeline?format=csv", "/api/documents",
                                  "/api/documents/003_f115f9060a59de12", "/api/openapi.json", "event"])
def test_every_cacheable_read_has_validators_and_answers_304(app, path):
    client = app.test_client()
    if path == "event":
        path = f"/api/events/{timeline(client, '?limit=1')['events'][0]['id']}"
    first = client.get(path)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(path, headers={"If-None-Match": '"other", ' + etag}).status_code == 304
    assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200
    if path != "/api/openapi.json":  # the document of the running code: its ETag is its validator
        modified = first.headers["Last-Modified"]
        assert client.get(path, headers={"If-Modified-Since": modified}).status_code == 304


def test_status_health_and_readiness_are_never_cached_and_name_no_absolute_path(app):
    client = app.test_client()
    feed = str(app.extensions["timeline"].config.feed_dir)
    for path in ("/api/status", "/healthz", "/readyz"):
        response = client.get(path)
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
        assert "ETag" not in response.headers
    status = client.get("/api/status").get_json()
    assert status["refresh"]["phase"] == "idle" and status["page_cache"]["limit_bytes"] > 0
    for path in ("/api/status", "/api/documents", "/api/timeline?limit=1000", "/api/timeline?format=csv",
                 "/api/documents/003_f115f9060a59de12"):
        body = client.get(path).get_data(as_text=True)
        assert feed not in body and str(SEEDS) not in body, path


@pytest.mark.parametrize("path", ["/api/timeline", "/api/timeline/compact", "/api/entities"])
@pytest.mark.parametrize("limit, answer", [("2", 2), ("2.0", 2), ("2e0", 2), ("2.5", 400), ("two", 400), ("nan", 400)])
def test_a_limit_is_a_whole_number_however_json_writes_it(app, path, limit, answer):
    """JSON Schema's integers include 2.0 (the fuzzer writes them so): the paged reads take them as 2."""
    response = app.test_client().get(f"{path}?limit={limit}")
    if answer == 400:
        assert response.status_code == 400 and "'limit'" in response.get_json()["error"]["message"]
    else:
        assert response.status_code == 200 and response.get_json()["limit"] == answer
