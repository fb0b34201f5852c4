"""Event building: attachment of timexes to triggers, headlines, participants, dates."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.model import Document
from timeline.pipeline import process

DCT = dt.date(2022, 9, 15)


def events_of(nlp, text: str, dct: dt.date = DCT, doc_id: str = "d1"):
    doc = Document(id=doc_id, text=text, dct=dct, dct_source="test", title="T")
    return process(doc, nlp).events


def only(nlp, text: str):
    events = events_of(nlp, text)
    assert len(events) == 1, [(e.headline, e.date.value) for e in events]
    return events[0]


def test_verb_event(nlp):
    event = only(nlp, "The two leaders met on Thursday in Samarkand.")
    assert (event.trigger, event.lemma, event.date.value, event.date.granularity) == ("met", "meet", "2022-09-15", "day")
    assert event.date.label == "Thursday 15 September 2022"
    assert event.date.why["expression"] == "Thursday" and event.date.why["anchor"] == "dct"
    assert not event.date.scheduled


def test_timex_dates_the_event_it_modifies_not_the_sentence(nlp):
    event = only(nlp, "Officials said Xi would meet Erdogan on Friday.")
    assert event.trigger == "meet" and event.date.value == "2022-09-16" and event.date.scheduled
    assert event.headline == "Xi to meet Erdogan"


def test_event_noun(nlp):
    event = only(nlp, "Beijing criticized Washington over Nancy Pelosi's visit to Taipei in August.")
    assert event.trigger == "visit" and event.date.value == "2022-08"
    assert "Nancy Pelosi" in {p.name for p in event.participants}
    assert event.headline.startswith("Nancy Pelosi's visit to Taipei")


def test_aspectual_noun_is_not_the_event(nlp):
    event = only(nlp, "The leaders met for talks since the start of the war on Thursday.")
    assert event.trigger == "met"


def test_since_is_not_an_event_at_that_date(nlp):
    event = only(nlp, "Xi has not travelled abroad since early 2020.")
    assert event.date.status == "vague" and event.date.relation == "since"
    assert event.date.label == "since early 2020"


def test_durations_are_not_events(nlp):
    assert events_of(nlp, "The siege lasted five months.") == []


def test_vague_reference(nlp):
    event = only(nlp, "Ties have recently improved.")
    assert event.date.status == "vague" and event.date.value == "PAST_REF" and event.date.start is None


def test_longest_name_and_pronoun(nlp):
    text = ("Chinese leader Xi Jinping arrived in Kazakhstan on Wednesday. "
            "On his first stop, Xi visited Astana, where in 2013 he unveiled the Belt and Road Initiative.")
    events = events_of(nlp, text)
    unveiled = next(e for e in events if e.trigger == "unveiled")
    assert unveiled.date.value == "2013"
    assert "Xi Jinping" in {p.name for p in unveiled.participants}
    assert unveiled.headline.startswith("Xi Jinping unveiled the Belt and Road Initiative")


def test_description_names_the_person(nlp):
    text = ("Russian President Vladimir Putin met Xi on Thursday. "
            "The Russian leader traveled to Beijing in February for the Winter Olympics.")
    traveled = next(e for e in events_of(nlp, text) if e.trigger == "traveled")
    assert traveled.headline.startswith("Vladimir Putin traveled to Beijing")
    assert "Vladimir Putin" in {p.name for p in traveled.participants}


def test_past_headline_from_participle(nlp):
    event = only(nlp, "Ties deepened, with China sending troops to join exercises last month in the far east.")
    assert event.date.value == "2022-08"
    assert "China" in {p.name for p in event.participants}


def test_two_timexes_on_one_trigger_keep_the_finer(nlp):
    event = only(nlp, "The summit opened on Thursday, 15 September 2022 at 3 p.m.")
    assert event.date.granularity in ("day", "time")


def test_event_ids_depend_on_text_and_offsets(nlp):
    a = only(nlp, "The leaders met on Thursday.")
    b = only(nlp, "The leaders met on Thursday.")
    c = only(nlp, "Yes. The leaders met on Thursday.")
    assert a.id == b.id != c.id


@pytest.mark.parametrize("value,mod,label", [
    ("2022-02", "START", "early February 2022"),
    ("2024", "MID", "mid-2024"),
    ("199", None, "the 1990s"),
    ("2022-Q3", None, "the third quarter of 2022"),
    ("2022-W37", None, "the week of 12 September 2022"),
    ("2022-SU", None, "summer 2022"),
    ("2022-09-14TEV", None, "Wednesday 14 September 2022, evening"),
    ("19", None, "the 20th century"),
])
def test_date_labels(value, mod, label):
    from timeline.events.dates import event_date
    from timeline.model import Anchor, Timex

    timex = Timex.from_json(Timex("t1", "x", 0, 1, "DATE", value, mod, Anchor("absolute")).to_json())
    assert event_date(timex, DCT).label == label


def test_modifier_narrows_the_interval():
    from timeline.events.dates import event_date
    from timeline.model import Anchor, Timex

    date = event_date(Timex.from_json(Timex("t1", "early February", 0, 1, "DATE", "2022-02", "START", Anchor("dct")).to_json()), DCT)
    assert (date.start, date.end) == ("2022-02-01", "2022-02-10")
