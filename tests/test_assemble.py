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
