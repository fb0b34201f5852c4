"""`timeline eval anchoring`: our event dates against the event–timex links of TimeML gold, on a small corpus
written for the test."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.evaluate import anchoring
from timeline_cli.main import main

DOC = """<?xml version="1.0" ?>
<TimeML>
<DOCID>test1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2022-09-15" temporalFunction="false" functionInDocument="CREATION_TIME">2022-09-15</TIMEX3></DCT>
<TEXT>
The council agreed a budget.

The mayor <EVENT eid="e1" class="OCCURRENCE">resigned</EVENT> on <TIMEX3 tid="t1" type="DATE" value="2022-09-12">Monday</TIMEX3>.

Officials <EVENT eid="e2" class="REPORTING">said</EVENT> the vote had been close. The town <EVENT eid="e3" class="STATE">has</EVENT> two parks.
</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
<MAKEINSTANCE eventID="e2" eiid="ei2" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
<MAKEINSTANCE eventID="e3" eiid="ei3" tense="PRESENT" aspect="NONE" polarity="POS" pos="VERB"/>
<TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1"/>
<TLINK lid="l2" relType="BEFORE" eventInstanceID="ei2" relatedToTime="t0"/>
<TLINK lid="l3" relType="INCLUDES" timeID="t0" relatedToEventInstance="ei3"/>
</TimeML>
"""


def day(text: str) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.fromisoformat(text)
    return start, start + dt.timedelta(days=1)


@pytest.mark.parametrize("date,relation,time,creation,expected", [
    (day("2022-09-12"), "IS_INCLUDED", day("2022-09-12"), False, True),
    (day("2022-09-13"), "IS_INCLUDED", day("2022-09-12"), False, False),
    (day("2022-09-12"), "BEFORE", day("2022-09-13"), False, True),
    (day("2022-09-13"), "BEFORE", day("2022-09-13"), False, False),
    (day("2022-09-15"), "BEFORE", day("2022-09-15"), True, True),  # said that morning, written later
    (day("2022-09-16"), "AFTER", day("2022-09-15"), False, True),
    (day("2022-09-14"), "AFTER", day("2022-09-15"), True, False),
    (day("2022-09-14"), "MODAL", day("2022-09-15"), False, None),
])
def test_consistency(date, relation, time, creation, expected):
    assert anchoring.consistent(date, relation, time, creation) == expected


def test_reading_gold_links(tmp_path):
    path = tmp_path / "test1.tml"
    path.write_text(DOC)
    gold = anchoring.read_gold(path)
    assert gold.dct == dt.date(2022, 9, 15)
    start, end = gold.events["e1"]
    assert gold.text[start:end] == "resigned"
    assert [rel for rel, _, _ in gold.links["e1"]] == ["IS_INCLUDED"]
    assert gold.links["e2"][0][0] == "BEFORE" and gold.links["e2"][0][2] is True
    assert gold.links["e3"][0][0] == "IS_INCLUDED"  # INCLUDES read from the time's side


def test_the_command_reports_each_rule_per_corpus(tmp_path, capsys):
    corpus = tmp_path / "Tiny"
    corpus.mkdir()
    (corpus / "test1.tml").write_text(DOC)
    assert main(["eval", "anchoring", str(corpus)]) == 0
    report = capsys.readouterr().out
    rows = {line.split()[1]: line.split() for line in report.splitlines() if line.startswith("Tiny")}
    # dated, linked, agree, chance, anchored, agree, chance
    assert rows["timex"][2:5] == ["1", "1", "100.0"] and rows["timex"][6:8] == ["1", "100.0"]  # resigned Monday
    assert rows["reporting-verb"][2:5] == ["1", "1", "100.0"]  # said: the publication day, before writing
    assert rows["present-at-publication"][2:5] == ["1", "1", "100.0"] and rows["present-at-publication"][6] == "1"


def test_the_command_reports_which_events_are_found(tmp_path, capsys):
    """Every gold EVENT of the tiny corpus is found (resigned, said, has); of ours, those the annotators did not
    mark count against precision (the tiny corpus leaves "agreed" and "vote" unmarked)."""
    corpus = tmp_path / "Tiny"
    corpus.mkdir()
    (corpus / "test1.tml").write_text(DOC)
    assert main(["eval", "anchoring", str(corpus)]) == 0
    lines = [line.split() for line in capsys.readouterr().out.splitlines() if line.startswith("Tiny")]
    (events, precision, gold, recall, _), = [row[1:] for row in lines if len(row) == 6]
    assert gold == "3" and recall == "100.0"
    assert int(events) > 3 and float(precision) == pytest.approx(300 / int(events), abs=0.05)
