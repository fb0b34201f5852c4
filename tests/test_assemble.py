"""Timeline assembly: ordering across granularities, merging across articles, filters."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.assemble import build_timeline, filter_timeline, matches
from timeline.model import Document, Event, EventDate, Participant, Source


def doc(i: str) -> Document:
    return Document(id=i, text="", dct=dt.date(2022, 9, 15), dct_source="test")


def event(eid: str, doc_id: str, start: str, end: str, granularity: str, people=("A", "B"), lemma="meet",
          headline="A met B", pos: int = 0, status: str = "dated") -> Event:
    date = EventDate(start, None, "DATE", granularity, start, end, start, False, status)
    source = Source(doc_id, None, None, "2022-09-15", "s", 0, 1, "met", pos, pos + 3)
    return Event(eid, "met", lemma, headline, "s", [Participant(p, "PERSON") for p in people], date, [source])


def test_month_comes_before_the_days_inside_it():
    month = event("m", "d1", "2022-08-01", "2022-09-01", "month", people=("X",))
    day = event("d", "d1", "2022-08-01", "2022-08-02", "day", people=("Y",), pos=5)
    later_day = event("l", "d1", "2022-08-05", "2022-08-06", "day", people=("Z",), pos=1)
    year = event("y", "d1", "2022-01-01", "2023-01-01", "year", people=("W",))
    timeline = build_timeline([(doc("d1"), [later_day, day, month, year])])
    assert [e.id for e in timeline.events] == ["y", "m", "d", "l"]


def test_ties_follow_document_order_then_position():
    a = event("a", "d2", "2022-08-01", "2022-09-01", "month", people=("X",), pos=1)
    b = event("b", "d1", "2022-08-01", "2022-09-01", "month", people=("Y",), pos=9)
    c = event("c", "d1", "2022-08-01", "2022-09-01", "month", people=("Z",), pos=2)
    timeline = build_timeline([(doc("d1"), [b, c]), (doc("d2"), [a])])
    assert [e.id for e in timeline.events] == ["c", "b", "a"]


def test_same_event_in_two_articles_is_merged():
    one = event("e1", "d1", "2022-09-15", "2022-09-16", "day", people=("Vladimir Putin", "Xi Jinping"))
    two = event("e2", "d2", "2022-09-15", "2022-09-16", "day", people=("Xi Jinping", "Vladimir Putin", "Ukraine"))
    timeline = build_timeline([(doc("d1"), [one]), (doc("d2"), [two])])
    (merged,) = timeline.events
    assert merged.id == "e1" and [s.document_id for s in merged.sources] == ["d1", "d2"]


def test_not_merged_within_one_article_or_with_other_people_or_dates():
    one = event("e1", "d1", "2022-09-15", "2022-09-16", "day", people=("Putin", "Xi"))
    same_doc = event("e2", "d1", "2022-09-15", "2022-09-16", "day", people=("Putin", "Xi"), pos=50)
    others = event("e3", "d2", "2022-09-15", "2022-09-16", "day", people=("Putin", "Raisi", "Sharif", "Kyrgyzstan"))
    other_day = event("e4", "d3", "2022-09-16", "2022-09-17", "day", people=("Putin", "Xi"))
    timeline = build_timeline([(doc("d1"), [one, same_doc]), (doc("d2"), [others]), (doc("d3"), [other_day])])
    assert len(timeline.events) == 4


def test_merge_accepts_compatible_granularities_and_fuzzy_names():
    early_feb = event("a", "d1", "2022-02-01", "2022-02-10", "month", people=("Vladimir Putin", "Beijing", "Winter Olympic Games"), lemma="see")
    feb = event("b", "d2", "2022-02-01", "2022-03-01", "month", people=("Vladimir Putin", "Beijing", "Winter Olympics"), lemma="travel")
    (merged,) = build_timeline([(doc("d1"), [early_feb]), (doc("d2"), [feb])]).events
    assert len(merged.sources) == 2


def test_filters():
    e = event("e1", "d1", "2022-09-15", "2022-09-16", "day", people=("Xi Jinping",), headline="Xi met Putin")
    assert matches(e, entity="xi") and not matches(e, entity="Modi")
    assert matches(e, start=dt.date(2022, 9, 15), end=dt.date(2022, 9, 15))
    assert not matches(e, start=dt.date(2022, 9, 16)) and not matches(e, end=dt.date(2022, 9, 14))
    assert matches(e, text="met PUTIN") and not matches(e, text="Erdogan")
    assert matches(e, document="d1") and not matches(e, document="d2")
    vague = event("v", "d1", None, None, None, status="vague")
    timeline = build_timeline([(doc("d1"), [e, vague])])
    assert filter_timeline(timeline, entity="Xi").events == [e]
    assert filter_timeline(timeline, start=dt.date(2022, 1, 1)).vague == []


def _reference_merge(events, doc_rank):
    """The merging rule written plainly (every open group, every member): the indexed sweep must agree."""
    from timeline.assemble import _documents_of, _moment, order_key, same_event

    groups, active = [], []
    for e in sorted(events, key=lambda e: order_key(e, doc_rank)):
        start = _moment(e.date.start)
        active = [item for item in active if item[0] > start]
        docs = _documents_of([e])
        home = next((item for item in active if not item[2] & docs and any(same_event(e, m) for m in item[1])), None)
        if home is None:
            groups.append([e])
            active.append((_moment(e.date.end), groups[-1], set(docs)))
        else:
            active.remove(home)
            home[1].append(e)
            active.append((max(home[0], _moment(e.date.end)), home[1], home[2] | docs))
    return groups


def test_indexed_merge_agrees_with_the_plain_rule_on_many_overlapping_reports():
    import random

    from timeline.assemble import merge_events

    rng = random.Random(7)
    people = ["Vladimir Putin", "Putin", "Xi Jinping", "Xi", "Recep Tayyip Erdogan", "Erdogan", "Narendra Modi",
              "Winter Olympic Games", "Winter Olympics", "Beijing", "Samarkand", "United States", "the"]
    spans = [("2022-09-15", "2022-09-16", "day"), ("2022-09-16", "2022-09-17", "day"),
             ("2022-09-01", "2022-10-01", "month"), ("2022-09-12", "2022-09-19", "week"),
             ("2022-01-01", "2023-01-01", "year"), ("2020-01-01", "2030-01-01", "decade")]
    events, results = [], []
    for d in range(120):
        mine = []
        for k in range(rng.randint(0, 6)):
            start, end, granularity = rng.choice(spans)
            who = tuple(rng.sample(people, rng.randint(0, 3)))
            lemma = rng.choice(["meet", "talk", "visit", "sign"])
            mine.append(event(f"e{d}-{k}", f"d{d}", start, end, granularity, people=who, lemma=lemma,
                              headline=f"{' and '.join(who) or 'Someone'} {lemma}", pos=k))
        events += mine
        results.append((doc(f"d{d}"), mine))
    rank = {f"d{d}": d for d in range(120)}
    expected = _reference_merge(events, rank)
    assert sum(len(g) > 1 for g in expected) > 20  # the data does exercise merging
    got = merge_events(events, rank)

    def reports(group):
        return sorted((s.document_id, s.trigger_start) for e in group for s in e.sources)

    assert [reports([e]) for e in got] == [reports(g) for g in expected]


# --- syndicated copies, dates other articles give, the dated filter ------------------------------------------
def test_syndicated_copies_are_one_document_with_several_sources(nlp):
    """The same wire story under several files and feeds, spacing aside: one event per happening, every copy a
    source, and ids unique in the timeline."""
    from timeline.pipeline import process

    story = ("Port officials said on Monday that the harbour would reopen.\n\n"
             "Ships queued outside the breakwater. Their captains waited.")
    copies = [story, story, story.replace("\n\n", "\n\n\n").replace(" would ", "  would "), story]
    results = []
    for n, text in enumerate(copies):
        document = Document(id=f"copy{n}", text=text, dct=dt.date(2022, 9, 15), dct_source="test")
        results.append((document, process(document, nlp).events))
    timeline = build_timeline(results)
    everything = timeline.all_events()
    ids = [e.id for e in everything]
    assert len(ids) == len(set(ids))
    assert len(everything) == len(results[0][1])
    assert all({s.document_id for s in e.sources} == {"copy0", "copy1", "copy2", "copy3"} for e in everything)


def test_a_feed_holding_the_same_articles_many_times_has_unique_ids(nlp):
    from timeline.pipeline import process

    articles = ["The museum reopened on Sunday after a year of repairs.", "Voters chose a new council. Turnout fell."]
    results = []
    for copy in range(5):
        for n, text in enumerate(articles):
            document = Document(id=f"a{n}-{copy}", text=text, dct=dt.date(2022, 9, 15), dct_source="test")
            results.append((document, process(document, nlp).events))
    everything = build_timeline(results).all_events()
    assert len({e.id for e in everything}) == len(everything) == sum(len(r[1]) for r in results[:2])


def _undated(eid, doc_id, people=("A", "B"), lemma="meet", tense="past", dct="2022-09-15"):
    date = EventDate("XXXX-XX-XX", None, "DATE", None, None, None, "undated", False, "undated")
    source = Source(doc_id, None, None, dct, "s", 0, 1, "met", 0, 3)
    return Event(eid, "met", lemma, "A met B", "s", [Participant(p, "PERSON") for p in people], date, [source],
                 tense=tense)


def test_an_undated_report_takes_the_date_another_article_gives_the_same_event():
    """The reported-elsewhere rule, off by default (timeline/events/dating.toml says why)."""
    from timeline.events.context import all_rules_enabled

    dated = event("e1", "d1", "2022-09-12", "2022-09-13", "day")
    undated = _undated("e2", "d2")
    assert [e.id for e in build_timeline([(doc("d1"), [dated]), (doc("d2"), [undated])]).undated] == ["e2"]
    with all_rules_enabled():
        timeline = build_timeline([(doc("d1"), [dated]), (doc("d2"), [undated])])
    (merged,) = timeline.events
    assert {s.document_id for s in merged.sources} == {"d1", "d2"}
    assert timeline.undated == []


@pytest.mark.parametrize("other", [
    _undated("e2", "d2", people=("A", "C")),  # other participants
    _undated("e2", "d2", lemma="sue"),  # another kind of event
    _undated("e2", "d2", tense="future"),  # not yet happened
    _undated("e2", "d2", dct="2022-09-10"),  # told as past before the other article's date
])
def test_no_date_from_elsewhere_without_the_same_event(other):
    from timeline.events.context import all_rules_enabled

    dated = event("e1", "d1", "2022-09-12", "2022-09-13", "day")
    with all_rules_enabled():
        timeline = build_timeline([(doc("d1"), [dated]), (doc("d2"), [other])])
    assert [e.id for e in timeline.undated] == ["e2"]


def test_no_date_from_elsewhere_when_articles_disagree():
    one = event("e1", "d1", "2022-09-12", "2022-09-13", "day")
    two = event("e3", "d3", "2022-08-01", "2022-08-02", "day")
    undated = _undated("e2", "d2")
    from timeline.events.context import all_rules_enabled

    with all_rules_enabled():
        timeline = build_timeline([(doc("d1"), [one]), (doc("d2"), [undated]), (doc("d3"), [two])])
    assert [e.id for e in timeline.undated] == ["e2"]


def test_a_date_from_context_merges_only_with_the_same_kind_of_event():
    explicit = event("e1", "d1", "2022-09-15", "2022-09-16", "day", lemma="meet")
    told = event("e2", "d2", "2022-09-15", "2022-09-16", "day", lemma="tell")
    told.inferred = True
    assert len(build_timeline([(doc("d1"), [explicit]), (doc("d2"), [told])]).events) == 2
    also_met = event("e3", "d3", "2022-09-15", "2022-09-16", "day", lemma="meet")
    also_met.inferred = True
    assert len(build_timeline([(doc("d1"), [explicit]), (doc("d3"), [also_met])]).events) == 1


def test_dated_filter_and_aliases():
    e = event("e1", "d1", "2022-09-15", "2022-09-16", "day", people=())
    e.participants = [Participant("Shanghai Cooperation Organization", "ORG", ("SCO",))]
    inferred = event("e2", "d1", "2022-09-15", "2022-09-16", "day", pos=9)
    inferred.inferred = True
    assert matches(e, entity="sco") and matches(e, dated="explicit")
    assert matches(inferred, dated="all") and not matches(inferred, dated="explicit")
    with pytest.raises(ValueError):
        matches(e, dated="sometimes")
