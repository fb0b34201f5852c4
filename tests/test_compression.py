"""Compressed responses (service.compression): negotiated by Accept-Encoding, with an ETag of their own, Vary,
304s that name the representation the client holds, streamed exports compressed as they stream."""

from __future__ import annotations

import gzip

import pytest

from service.compression import accepts_gzip, gzip_etag
from widget_feed import feed_app


@pytest.fixture(scope="module")
def client():
    return feed_app().test_client()


@pytest.mark.parametrize("header, takes", [
    (None, False), ("", False), ("gzip", True), ("deflate, gzip;q=0.5", True), ("gzip;q=0", False),
    ("br", False), ("*", True), ("*, gzip;q=0", False), ("identity", False), ("x-gzip", True), ("GZIP", True),
])
def test_accept_encoding_is_read_with_its_weights(header, takes):
    assert accepts_gzip(header) is takes


@pytest.mark.parametrize("etag, gz", [('"v3-ab"', '"v3-ab-gzip"'), ('W/"x"', 'W/"x-gzip"'), ("nonsense", None)])
def test_the_gzipped_body_has_an_etag_of_its_own(etag, gz):
    assert gzip_etag(etag) == gz


@pytest.mark.parametrize("path", ["/api/timeline?limit=200", "/static/widget/widget.js", "/static/widget/bundle.js",
                                  "/static/widget/widget.css", "/", "/api/openapi.json"])
def test_a_client_that_takes_gzip_gets_the_same_bytes_smaller(client, path):
    plain = client.get(path)
    packed = client.get(path, headers={"Accept-Encoding": "gzip, deflate"})
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data) / 2
    assert int(packed.headers["Content-Length"]) == len(packed.data)
    for response in (plain, packed):
        assert "Accept-Encoding" in response.headers["Vary"]
    if plain.headers.get("ETag"):
        assert packed.headers["ETag"] == gzip_etag(plain.headers["ETag"]) != plain.headers["ETag"]


def test_a_304_names_the_representation_the_client_holds(client):
    packed = client.get("/api/timeline", headers={"Accept-Encoding": "gzip"})
    plain = client.get("/api/timeline")
    again = client.get("/api/timeline", headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]})
    assert again.status_code == 304 and again.headers["ETag"] == packed.headers["ETag"] and not again.data
    assert "Accept-Encoding" in again.headers["Vary"]
    same = client.get("/api/timeline", headers={"If-None-Match": plain.headers["ETag"]})
    assert same.status_code == 304 and same.headers["ETag"] == plain.headers["ETag"]
    # the gzipped ETag asked by a client that now refuses gzip: it still holds a body of this version
    other = client.get("/api/timeline?limit=7", headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]})
    assert other.status_code == 200


def test_a_streamed_export_is_compressed_as_it_streams(client):
    plain = client.get("/api/timeline?format=timelinejs")
    packed = client.get("/api/timeline?format=timelinejs", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip" and "Content-Length" not in packed.headers
    assert gzip.decompress(packed.data) == plain.data


@pytest.mark.parametrize("path, headers", [
    ("/healthz", {"Accept-Encoding": "gzip"}),  # too small to be worth it
    ("/api/timeline?limit=0", {"Accept-Encoding": "gzip"}),  # an error stays plain
])
def test_small_bodies_and_errors_are_sent_as_they_are(client, path, headers):
    response = client.get(path, headers=headers)
    assert "Content-Encoding" not in response.headers
