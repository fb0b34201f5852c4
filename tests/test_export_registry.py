"""One registry of export formats: the command line, the API and its OpenAPI document all offer exactly
the registered formats, so a new format is one module and one entry point line in pyproject.toml (timeline/export/registry.py reads them)."""

from __future__ import annotations

import pytest

from feedkit import article, refresh
from timeline.export.registry import FORMATS
from timeline_cli.main import build_parser


@pytest.fixture
def client(make_app, feed):
    article(feed, "a.txt", "The two leaders met on Wednesday in Samarkand.")
    app = make_app()
    refresh(app)
    return app.test_client()


def test_the_command_line_offers_every_format():
    build = build_parser()._subparsers._group_actions[0].choices["build"]
    (action,) = [a for a in build._actions if "--format" in a.option_strings]
    assert tuple(action.choices) == tuple(FORMATS)


def test_the_openapi_document_lists_every_format(client):
    spec = client.get("/api/openapi.json").get_json()
    (param,) = [p for p in spec["paths"]["/api/timeline"]["get"]["parameters"] if p["name"] == "format"]
    assert param["schema"]["enum"] == ["", *FORMATS]  # an empty parameter is an absent one: the default
    content = spec["paths"]["/api/timeline"]["get"]["responses"]["200"]["content"]
    assert {f.media_type.split(";")[0] for f in FORMATS.values()} == set(content)


@pytest.mark.parametrize("name", list(FORMATS))
def test_the_api_serves_every_format_as_its_media_type(client, name):
    response = client.get(f"/api/timeline?format={name}")
    assert response.status_code == 200
    assert response.mimetype == FORMATS[name].media_type.split(";")[0]
    assert response.data


def test_an_unknown_format_is_refused_naming_the_known_ones(client):
    response = client.get("/api/timeline?format=xml")
    assert response.status_code == 400
    assert all(name in response.get_json()["error"]["message"] for name in FORMATS)
