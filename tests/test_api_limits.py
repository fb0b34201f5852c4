"""The API under pressure and to the letter: POST /api/extract is bounded (a few at once, a small queue, then
503 with Retry-After; a time budget; a cap on temporal expressions), a 405 names the allowed methods
(RFC 9110's Allow), and the OpenAPI document says what a cursor is and what a foreign one gets."""

from __future__ import annotations

import threading

from feedkit import article, refresh

DENSE = " ".join(f"On {m} {d}, 20{y:02d} the council met." for y in range(10, 22) for m in
                 ("January", "March", "May", "July", "September", "November") for d in range(1, 29))


def test_a_405_says_which_methods_are_allowed(make_app):
    client = make_app().test_client()
    for method, path in (("delete", "/api/timeline"), ("put", "/api/events/x"), ("get", "/api/extract")):
        response = getattr(client, method)(path)
        assert response.status_code == 405
        assert "GET" in response.headers["Allow"] or "POST" in response.headers["Allow"]
        assert response.get_json()["error"]["status"] == 405


def test_the_openapi_document_says_what_a_cursor_is(make_app):
    spec = make_app().test_client().get("/api/openapi.json").get_json()
    cursor = next(p for p in spec["paths"]["/api/timeline"]["get"]["parameters"] if p["name"] == "cursor")
    assert "400" in cursor["description"] and "410" in cursor["description"] and "other filters" in cursor["description"]
    responses = spec["paths"]["/api/timeline"]["get"]["responses"]
    assert "Allow" in responses["405"]["headers"] and "410" in responses
    assert "Retry-After" in spec["paths"]["/api/extract"]["post"]["responses"]["503"]["headers"]


def test_extractions_past_the_queue_get_503_with_retry_after(make_app):
    app = make_app(extract_concurrency=1, extract_queue=0, extract_seconds=5)
    state = app.extensions["timeline"]
    body = {"text": "Xi would meet Erdogan on Friday.", "dct": "2022-09-15"}
    answers = []
    state.model_lock.acquire()  # the one extraction allowed waits for the model
    try:
        first = threading.Thread(target=lambda: answers.append(app.test_client().post("/api/extract", json=body)))
        first.start()
        while state.extractions._inside == 0:
            pass
        refused = app.test_client().post("/api/extract", json=body)
        assert refused.status_code == 503 and int(refused.headers["Retry-After"]) >= 1
        assert "too many" in refused.get_json()["error"]["message"]
    finally:
        state.model_lock.release()
    first.join(timeout=60)
    assert answers[0].status_code == 200


def test_a_text_with_too_many_timexes_is_refused(make_app):
    client = make_app(extract_max_timexes=20).test_client()
    response = client.post("/api/extract", json={"text": DENSE[:2000], "dct": "2022-09-15"})
    assert response.status_code == 413 and "temporal expressions" in response.get_json()["error"]["message"]


def test_an_extraction_over_its_budget_is_stopped_in_its_worker(make_app):
    app = make_app(executor="processes", workers=1, extract_seconds=1.0, max_request_bytes=4_000_000,
                   extract_max_timexes=100_000)
    client = app.test_client()
    warm = client.post("/api/extract", json={"text": "They met on Monday.", "dct": "2022-09-15"})
    assert warm.status_code == 200  # the worker is up and has its model
    slow = client.post("/api/extract", json={"text": DENSE * 4, "dct": "2022-09-15"})
    assert slow.status_code == 503 and "budget" in slow.get_json()["error"]["message"]
    again = client.post("/api/extract", json={"text": "They met on Tuesday.", "dct": "2022-09-15"})
    assert again.status_code == 200  # the worker stopped that one and took the next


def test_a_feed_still_refreshes_on_the_process_executor(make_app, feed):
    article(feed, "a.txt", "The leaders met on Thursday in Samarkand.")
    app = make_app(executor="processes", workers=1)
    report = refresh(app)
    assert report.extracted == 1 and report.executor == "processes"
