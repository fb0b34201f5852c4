"""TimeML reading (tag stripping with offsets) and writing (TIMEX3 insertion the scorer reads)."""

from __future__ import annotations

from timeline.export.timeml import render
from timeline.sources import timeml
from timeline.model import Anchor, Timex


def test_strip_tags_keeps_offsets_of_gold_timexes():
    markup = 'A <EVENT eid="e1">blast</EVENT> on <TIMEX3 tid="t1" type="DATE" value="1998-08-07">Friday</TIMEX3> &amp; more.'
    text, gold = timeml.strip_tags(markup)
    assert text == "A blast on Friday & more."
    (g,) = gold
    assert (text[g.start : g.end], g.tid, g.type, g.value, g.mod) == ("Friday", "t1", "DATE", "1998-08-07", None)


def test_render_round_trips_through_parse():
    text = "Talks <on> Friday & early February."
    timexes = [
        Timex("t1", "Friday", 11, 17, "DATE", "2022-09-16", None, Anchor("dct")),
        Timex("t2", "early February", 20, 34, "DATE", "2022-02", "START", Anchor("dct")),
    ]
    rendered = render("doc1", "2022-09-15", text, timexes, title="T")
    parsed = timeml.parse(rendered)
    assert parsed.text == text and parsed.dct_value == "2022-09-15" and parsed.docid == "doc1"
    assert [(g.text, g.value, g.mod) for g in parsed.gold] == [("Friday", "2022-09-16", None), ("early February", "2022-02", "START")]
