"""End to end on the seeds: the timeline the product was specified from."""

from __future__ import annotations

import pytest

from timeline import sources
from timeline.assemble import build_timeline
from timeline.pipeline import process

from conftest import SEEDS

SEED_IDS = {"000_7d9800583c3c9883", "003_f115f9060a59de12"}


@pytest.fixture(scope="module")
def timeline(nlp):
    docs = [d for p in sources.iter_paths([SEEDS]) for d in sources.load_path(p)]
    results = [process(d, nlp) for d in docs]
    return build_timeline([(r.document, r.events) for r in results])


def names(event) -> set[str]:
    return {p.name for p in event.participants}


def find(timeline, predicate, value):
    found = [i for i, e in enumerate(timeline.events) if predicate(e) and e.date.value == value]
    assert found, f"no event with value {value} matching {predicate.__doc__}"
    return found[0]


def test_seed_timeline_order_and_dates(timeline):
    events = timeline.events
    sco = find(timeline, lambda e: "SCO" in e.headline and "set up" in e.headline, "2001")
    belt = find(timeline, lambda e: "Belt and Road" in e.headline and "Kazakhstan" in e.headline, "2013")
    olympics = find(timeline, lambda e: "Olympic" in e.headline and "Vladimir Putin" in names(e), "2022-02")
    assert events[olympics].date.mod == "START" and events[olympics].date.label == "early February 2022"
    pelosi = find(timeline, lambda e: "Nancy Pelosi" in names(e) and "Taipei" in e.headline, "2022-08")
    troops = find(timeline, lambda e: "exercises" in e.headline and "China" in names(e), "2022-08")
    tokayev = find(timeline, lambda e: "Kassym-Jomart Tokayev" in names(e) and "Xi Jinping" in names(e), "2022-09-14")
    senate = find(timeline, lambda e: "Senate" in e.headline, "2022-09-14")
    talks = find(timeline, lambda e: names(e) >= {"Vladimir Putin", "Xi Jinping"} and len(names(e)) == 2, "2022-09-15")
    erdogan_xi = find(timeline, lambda e: names(e) >= {"Xi Jinping", "Recep Tayyip Erdogan"}, "2022-09-16")
    erdogan_putin = find(timeline, lambda e: names(e) >= {"Vladimir Putin", "Recep Tayyip Erdogan", "Narendra Modi"},
                         "2022-09-16")
    congress = find(timeline, lambda e: "congress" in e.headline and "Communist Party" in names(e), "2022-10")
    # the order the issue gives; events sharing a date follow the tie rule (document order, then position)
    assert sco < belt < olympics < min(pelosi, troops)
    assert max(pelosi, troops) < min(tokayev, senate)
    assert max(tokayev, senate) < talks < min(erdogan_xi, erdogan_putin)
    assert max(erdogan_xi, erdogan_putin) < congress
    for i in (erdogan_xi, erdogan_putin, congress):
        assert events[i].date.scheduled
    for i in (sco, belt, olympics, pelosi, troops, tokayev, senate, talks):
        assert not events[i].date.scheduled
    assert events[erdogan_xi].headline == "Xi to meet Erdogan"


def test_putin_xi_talks_are_one_event_with_both_sources(timeline):
    # what the two leaders said to each other that day is told too, as other events; the meeting is one
    talks = [e for e in timeline.events if e.date.value == "2022-09-15" and names(e) == {"Vladimir Putin", "Xi Jinping"}
             and e.lemma in ("meet", "talk", "talks") and not e.inferred]
    assert len(talks) == 1
    (event,) = talks
    assert {s.document_id for s in event.sources} == SEED_IDS
    assert event.lemma == "meet"
    for source in event.sources:
        assert "Thursday" in source.sentence
        assert source.timex_text == "Thursday" and source.timex_value == "2022-09-15"


def test_other_thursday_meetings_are_not_merged_into_the_talks(timeline):
    thursday = [e for e in timeline.events if e.date.value == "2022-09-15"]
    assert any("Lukashenko" in names(e) for e in thursday)
    assert any("Kyrgyzstan" in names(e) and "Vladimir Putin" in names(e) for e in thursday)
    assert any("Kyrgyzstan" in names(e) and "Xi Jinping" in names(e) for e in thursday)
    assert all(len(e.sources) == 1 for e in thursday if "Kyrgyzstan" in names(e))


def test_page_furniture_does_not_become_events(timeline):
    for event in timeline.all_events():
        text = event.sentence.lower()
        assert "support us" not in text and "favor to ask" not in text and "independent news source" not in text


def test_every_event_traces_back_to_its_sentence(timeline, nlp):
    texts = {d.id: d.text for p in sources.iter_paths([SEEDS]) for d in sources.load_path(p)}
    for event in timeline.all_events():
        for s in event.sources:
            text = texts[s.document_id]
            assert text[s.trigger_start : s.trigger_end] == s.trigger_text
            if s.timex_text is not None:
                assert text[s.timex_start : s.timex_end] == s.timex_text
            assert s.sentence_start <= s.trigger_start < s.sentence_end
            assert text[s.sentence_start : s.sentence_end].strip() == s.sentence


def test_ids_are_stable_across_runs(nlp, timeline):
    docs = [d for p in sources.iter_paths([SEEDS]) for d in sources.load_path(p)]
    again = build_timeline([(r.document, r.events) for r in (process(d, nlp) for d in docs)])
    assert [e.id for e in again.all_events()] == [e.id for e in timeline.all_events()]
    assert len({e.id for e in timeline.all_events()}) == len(timeline.all_events())


def test_vague_references_are_kept_apart(timeline):
    assert all(e.date.status == "dated" for e in timeline.events)
    assert timeline.vague and all(e.date.status == "vague" for e in timeline.vague)
    since = [e for e in timeline.vague if e.date.relation == "since"]
    assert since and since[0].date.label == "since early 2020"
