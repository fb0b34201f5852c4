"""Timeline assembly: ordering across granularities, merging across articles, filters."""

from __future__ import annotations

import datetime as dt

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
