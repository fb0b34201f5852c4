"""Headlines that say who did what: the subject named as the entity it is, the verb in the form the article wrote
it, never a fragment; and the check that counts what falls short (sentences written for the test; the seeds must
have no headline it flags)."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import SEEDS
from timeline import sources
from timeline.evaluate.headlines import Report, problems
from timeline.model import Document, Event, EventDate, Source
from timeline.pipeline import process

DCT = dt.date(2023, 3, 9)


def headline(nlp, text: str, trigger: str) -> str:
    events = process(Document("d1", text, DCT, "test", title="T"), nlp).events
    found = [e for e in events if e.trigger == trigger]
    assert found, [(e.trigger, e.headline) for e in events]
    return found[0].headline


@pytest.mark.parametrize("text, trigger, expected", [
    # a relative pronoun, a pronoun, a description: named as the entity
    ("Nordair, which flies to Oslo, cut its prices.", "flies", "Nordair flies to Oslo"),
    ("Lena Moss resigned on Monday. She joined Brightwater Bank in 2010.", "joined", "Lena Moss joined Brightwater Bank"),
    # a verb without a subject of its own takes the subject of the verb it depends on
    ("Nordair plans to cut ten routes.", "cut", "Nordair to cut ten routes"),
    ("Nordair is willing to work with Orion Aerospace.", "work", "Nordair to work with Orion Aerospace"),
    # ... or the agent of the noun whose infinitive it is, and keeps its "to"
    ("Nordair announced plans to cut ten routes.", "cut", "Nordair to cut ten routes"),
    ("Harlow Motor's decision to close the plant angered its workers.", "close", "Harlow Motor to close the plant"),
    ("The plan to build a new bridge was approved.", "build", "The plan to build a new bridge"),
    ("Nordair cut its prices, reiterating its promise to travellers.", "reiterating",
     "Nordair reiterating its promise to travellers"),
    # the verb keeps its form: a passive stays passive, a participle a participle
    ("An inspection of the bridge is planned for May 2030.", "planned", "An inspection of the bridge is planned"),
    # a phrasal verb keeps its particle, also one the parser reads as an adverb; "by" with only a date after it
    # (left out of headlines) is no fragment
    ("The launch of the new van was pushed back by six months.", "pushed", "The launch of the new van was pushed back"),
    ("The new van was built by Harlow Motor.", "built", "The new van was built by Harlow Motor"),
    # a participle before a noun is told by the noun phrase
    ("Nordair faces growing competition from rail.", "growing", "growing competition from rail"),
    # a state said of a noun phrase leaves the phrase's relative clause out
    ("The new ticket office, which will be open from June 17, replaces the kiosk.", "open",
     "The new ticket office will be open"),
])
def test_headlines(nlp, text, trigger, expected):
    assert headline(nlp, text, trigger).startswith(expected)


def test_a_participle_used_as_a_preposition_is_no_event(nlp):
    events = process(Document("d1", "The deal was approved, according to people familiar with the talks.", DCT,
                              "test"), nlp).events
    assert "according" not in {e.trigger for e in events}


def _event(headline: str, trigger: str, kind: str = "verb") -> Event:
    source = Source("d", None, None, "2023-03-09", "s", 0, 1, trigger, 0, 1)
    date = EventDate("XXXX", None, "DATE", None, None, None, "", False, "undated")
    return Event("0" * 16, trigger, trigger, headline, "s", [], date, [source], kind=kind)


@pytest.mark.parametrize("text, trigger, kind, found", [
    ("Nordair cut its prices", "cut", "verb", []),
    ("which has been leading efforts", "leading", "verb", ["pronoun subject"]),
    ("they have gained", "gained", "verb", ["pronoun subject"]),
    ("has been leading efforts", "leading", "verb", ["no subject"]),
    ("assumed the role of great powers", "assumed", "verb", ["no subject"]),
    ("accorded to people familiar", "according", "verb", ["changed verb"]),
    ("An inspection to plan", "planned", "verb", ["changed verb"]),
    ("Nordair told Orion the sanctions would", "told", "verb", ["cut off"]),
    ("the merger of the two banks", "merger", "noun", []),
    ("growing competition from rail", "growing", "modifier", []),
])
def test_the_check_names_what_is_wrong(text, trigger, kind, found):
    assert problems(_event(text, trigger, kind)) == found


def test_no_headline_of_the_seeds_falls_short(nlp):
    report = Report()
    for path in sources.iter_paths([SEEDS]):
        for document in sources.load_path(path):
            report.add(process(document, nlp).events)
    assert report.events > 100
    assert not report.counts, report.format(listing=True)
