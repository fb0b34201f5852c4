"""The timeline's filters are declared once (``timeline.filters.FILTERS``): the API, the page and the widget's
server side, the OpenAPI document and ``timeline build`` take each of them and read it the same way."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest

from timeline.filters import FILTERS, Criteria, FilterError
from timeline_cli.main import build_parser, main
from widget_feed import feed_app

from conftest import SEEDS

SAMPLES = {"from": "2022-09", "to": "2022", "entity": "Xi", "q": "met", "document": "d1", "dated": "explicit"}


@pytest.fixture(scope="module")
def client():
    return feed_app().test_client()


def test_every_filter_has_a_sample_here():
    assert set(SAMPLES) == {f.name for f in FILTERS}


@pytest.mark.parametrize("text,read", [
    ({"from": "2022"}, Criteria(start=dt.date(2022, 1, 1))),
    ({"to": "2022"}, Criteria(end=dt.date(2022, 12, 31))),
    ({"from": "2024-02", "to": "2024-02"}, Criteria(start=dt.date(2024, 2, 1), end=dt.date(2024, 2, 29))),
    ({"to": "2022-09-15", "q": "", "entity": None}, Criteria(end=dt.date(2022, 9, 15))),
    ({"q": "met", "dated": "explicit"}, Criteria(text="met", dated="explicit")),
    ({}, Criteria()),
])
def test_filter_texts_are_read_once_for_everyone(text, read):
    assert Criteria.of(text) == read
    assert read.any() == (read != Criteria())


@pytest.mark.parametrize("text", [{"from": "yesterday"}, {"to": "2022-13"}, {"dated": "some"}])
def test_unreadable_filters_say_what_they_take(text):
    with pytest.raises(FilterError, match=f"'{next(iter(text))}' must be"):
        Criteria.of(text)


@pytest.mark.parametrize("flt", FILTERS, ids=lambda f: f.name)
def test_every_surface_takes_every_filter(client, flt):
    value = SAMPLES[flt.name]
    assert client.get(f"/api/timeline?{flt.name}={value}").status_code == 200  # the API
    html = client.get(f"/widget?{flt.name}={value}").get_data(as_text=True)  # the page hands it to the widget
    src = unescape(re.search(r'data-timeline-src="([^"]*)"', html).group(1))
    assert src == f"/api/timeline?{flt.name}={value}"
    parameters = client.get("/api/openapi.json").get_json()["paths"]["/api/timeline"]["get"]["parameters"]
    documented = {p["name"]: p for p in parameters}
    assert documented[flt.name]["description"] == flt.description
    parsed = build_parser().parse_args(["build", flt.option, value, "x"])  # the command line
    assert getattr(parsed, f"filter_{flt.name}") == value


def test_openapi_documents_exactly_what_the_api_takes(client):
    from service.api import QUERY_PARAMS

    parameters = client.get("/api/openapi.json").get_json()["paths"]["/api/timeline"]["get"]["parameters"]
    assert {p["name"] for p in parameters} == QUERY_PARAMS
    assert client.get("/api/timeline?nonsense=1").status_code == 400


def test_the_page_lists_only_dates_the_text_states_when_asked(client):
    """The server-rendered list honours ``dated`` as the API does (it used to pass it over)."""
    every = client.get("/api/timeline").get_json()
    explicit = client.get("/api/timeline?dated=explicit").get_json()
    assert any(e["inferred"] for e in every["events"] + every["vague"] + every["undated"])
    html = client.get("/widget?dated=explicit").get_data(as_text=True)
    listed = re.search(r"<noscript>(.*)</noscript>", html, re.S).group(1)
    assert "badge-inferred" not in listed
    headlines = [unescape(h) for h in re.findall(r'<p class="headline" dir="auto">(.*?)</p>', listed)]
    assert headlines == [e["headline"] for e in explicit["events"] + explicit["vague"] + explicit["undated"]]


def test_the_command_line_reads_months_and_years_as_the_api_does(capsys):
    """``--from 2022-09 --to 2022-09`` means September 2022, as ``?from=2022-09&to=2022-09`` does."""
    assert main(["build", "--from", "2022-09", "--to", "2022-09", str(SEEDS)]) == 0
    by_month = capsys.readouterr().out
    assert main(["build", "--from", "2022-09-01", "--to", "2022-09-30", str(SEEDS)]) == 0
    by_day = capsys.readouterr().out
    assert by_month == by_day and '"events": [\n' in by_month
    with pytest.raises(SystemExit):
        main(["build", "--from", "yesterday", str(SEEDS)])
    assert "--from must be a date" in capsys.readouterr().err
