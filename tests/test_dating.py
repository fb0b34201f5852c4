"""Dates from context (timeline/events/context.py, rules and words in dating.toml): one phenomenon per rule,
each with sentences written for the test; what each rule must not do; how an inferred date is marked; the
order of events within one date. The articles here open with a first sentence of their own, so that the lead
rule reads only where a test means it to."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.assemble import build_timeline
from timeline.events.context import rules
from timeline.model import Document
from timeline.pipeline import process

DCT = dt.date(2022, 9, 15)  # a Thursday
LEAD = "The council agreed a budget.\n\n"


def events_of(nlp, text: str):
    return process(Document("d1", text, DCT, "test", title="T"), nlp).events


def dated(nlp, text: str, trigger: str):
    """The date and rule of the event told by ``trigger`` ("word#2": the word's second event)."""
    word, _, nth = trigger.partition("#")
    found = [e for e in events_of(nlp, text) if e.trigger == word]
    assert len(found) >= int(nth or 1), [e.trigger for e in events_of(nlp, text)]
    e = found[int(nth or 1) - 1]
    return e.date.value if e.date.status == "dated" else e.date.status, (e.date.why.get("rule") if e.inferred else None)


@pytest.mark.parametrize("text,trigger,value,rule", [
    # sentence-date: a coordinated verb, and a verb situated in a dated event, take its date
    ("The company unveiled the phone on Monday and demoed its camera.", "demoed", "2022-09-12", "sentence-date"),
    (LEAD + "In a meeting with the mayor on Wednesday, the minister said the plan would go ahead.", "said",
     "2022-09-14", "sentence-date"),
    # a gerund after "by" or "while" tells how or while its verb happened: on its date
    ("The company unveiled the phone on Monday by walking onto the stage.", "walking", "2022-09-12",
     "sentence-date"),
    ("The chairman fell on Monday while skiing in the Alps.", "skiing", "2022-09-12", "sentence-date"),
    # a main clause is at the time its "when" clause gives
    ("Kestrel protested when the Navy chose Harlow on Monday.", "protested", "2022-09-12", "sentence-date"),
    ("When the Navy chose Harlow on Monday, Kestrel protested.", "protested", "2022-09-12", "sentence-date"),
    # an event noun takes the date of the verb that enacts it
    (LEAD + "Orion Records filed suit against the label again in 1989.", "suit", "1989", "sentence-date"),
    (LEAD + "Nordair said it would begin production in 2026.", "production", "2026", "sentence-date"),
    (LEAD + "Harlow Motor reached a deal with the union in October.", "deal", "2022-10", "sentence-date"),
    # an event noun takes the date of the verb that says when it happened
    (LEAD + "The strike began on Tuesday.", "strike", "2022-09-13", "sentence-date"),
    (LEAD + "The announcement came on Tuesday.", "announcement", "2022-09-13", "sentence-date"),
    # a participle clause takes its verb's date, inferred or not ("Citing the cost, the ministry said ...")
    (LEAD + "Citing the cost, the ministry said the bridge would stay closed.", "Citing", "2022-09-15",
     "sentence-date"),
    # same-event: an event noun that refers back to an event told before is on its date: a noun of its kind, or
    # a general noun that stands for it ("the deal" for a purchase, "the accident" for a collision)
    (LEAD + "Nordair bought ten jets from Orion Aerospace on Monday. Analysts said the deal was worth $900 "
     "million.", "deal", "2022-09-12", "same-event"),
    (LEAD + "A tram collided with a bus on Tuesday. Nobody was hurt in the accident.", "accident", "2022-09-13",
     "same-event"),
    (LEAD + "Brightwater Bank sold its Harbor Street branch on Tuesday. Staff learned of the sale by email.", "sale",
     "2022-09-13", "same-event"),
    # ... and so is an event noun whose possessor took part in an earlier event of its kind
    (LEAD + "Harlow Motor founder Tom Reyes died on Tuesday. Nordwerk sent condolences.\n\nThe board met to "
     "mourn Reyes' death.", "death", "2022-09-13", "same-event"),
    # narrative-continues: past events after a dated one in the same paragraph
    (LEAD + "On March 3, the council met in closed session. Members argued about the budget.", "argued",
     "2022-03-03", "narrative-continues"),
    # ... and after a look back to a coarser, earlier date, the narrative returns to its day
    (LEAD + "On March 3, the council met in closed session. In 2019, the mayor had proposed a new budget. Three "
     "members walked out.", "walked", "2022-03-03", "narrative-continues"),
    # reporting-verb: a statement told in the past or present is the day's news
    (LEAD + "The ministry said the bridge had reopened.", "said", "2022-09-15", "reporting-verb"),
    # present-perfect-at-publication
    (LEAD + "The airline has cancelled 40 flights.", "cancelled", "2022-09-15", "present-perfect-at-publication"),
    # present-at-publication: what the report tells in the present holds that day
    (LEAD + "The new phone has two cameras.", "has", "2022-09-15", "present-at-publication"),
])
def test_each_rule(nlp, text, trigger, value, rule):
    assert dated(nlp, text, trigger) == (value, rule)


@pytest.mark.parametrize("title, trigger, expected", [
    # headlinese: a bare participle and an event noun tell what happened by the day of publication
    ("Orion takeover approved by regulators", "approved", ("2022-09-15", "headline-at-publication")),
    ("Orion takeover approved by regulators", "takeover", ("2022-09-15", "headline-at-publication")),
    # a headline's infinitive tells what lies ahead
    ("Nordair to buy ten jets from Orion", "buy", ("undated", None)),
    # a headline that gives a date of its own leaves the rest of its events to the other rules
    ("A vote was held on Monday", "vote", ("undated", None)),
])
def test_a_headline_tells_the_news_of_its_day(nlp, title, trigger, expected):
    text = title + "\n\nRegulators in Oslo gave their approval in a short statement."
    events = process(Document("d1", text, DCT, "test", title=title), nlp).events
    found = [e for e in events if e.trigger == trigger]
    assert found, [e.trigger for e in events]
    e = found[0]
    assert (e.date.value if e.date.status == "dated" else e.date.status, e.date.why.get("rule") if e.inferred else None) \
        == expected


def test_a_rule_dating_toml_keeps_off_runs_only_when_asked(nlp):
    """lead-event-at-publication: a report's first sentence, told in the past without a date, would be the day's
    news; TempEval-3 gives too little evidence that it beats chance (benchmarks/README.md), so it is off."""
    from timeline.events.context import all_rules_enabled

    text = "A powerful storm flooded the coastal town.\n\nResidents fled."
    assert not rules()["lead-event-at-publication"].enabled
    assert dated(nlp, text, "flooded") == ("undated", None)
    with all_rules_enabled():
        assert dated(nlp, text, "flooded") == ("2022-09-15", "lead-event-at-publication")


def test_a_sentence_describing_in_the_present_does_not_break_the_narrative(nlp):
    text = LEAD + "On March 3, the council met in closed session. The budget remains unresolved. The chair resigned."
    assert dated(nlp, text, "resigned") == ("2022-03-03", "narrative-continues")


@pytest.mark.parametrize("text,trigger", [
    # what came after or before a dated event does not take its date
    (LEAD + "After the vote on Monday, the senator resigned.", "resigned"),
    # a verb speaking of an event noun does not give it its date: the merger comes later
    (LEAD + "Nordair announced the merger on Monday.", "merger"),
    # an event noun set apart from the one told before is another event ("the first lawsuit")
    (LEAD + "Orion Records filed a lawsuit against the label on Monday. The first lawsuit had been dismissed.",
     "lawsuit#2"),
    ("The company opened the plant on Monday after hiring 300 workers.", "hiring"),
    # a sentence about what lies ahead breaks the narrative
    (LEAD + "On March 3, the council met in closed session. The budget will be reviewed again. The chair resigned.",
     "resigned"),
    # a coarser date after the narrative's day is no look back: the narrative ends there
    (LEAD + "On March 3, the council met in closed session. In August, the mayor proposed a new budget. Three "
     "members walked out.", "walked"),
    # a new paragraph does not continue the last one's date
    (LEAD + "On March 3, the council met in closed session.\n\nThe chair resigned.", "resigned"),
    # what did not happen, or has not happened yet, gets no date
    (LEAD + "The company did not comment on the report.", "comment"),
    (LEAD + "The company will open a plant.", "open"),
    (LEAD + "The board refused to approve the merger.", "approve"),
])
def test_what_the_text_does_not_date_stays_undated(nlp, text, trigger):
    assert dated(nlp, text, trigger) == ("undated", None)


def test_a_reported_clause_does_not_take_the_date_of_the_statement(nlp):
    value, rule = dated(nlp, LEAD + "The firm said on Monday that it would close the plant.", "close")
    assert value == "undated"


def test_an_inferred_date_is_marked_with_its_rule_and_reason(nlp):
    (said,) = [e for e in events_of(nlp, LEAD + "The ministry said the bridge had reopened.") if e.trigger == "said"]
    assert said.inferred and said.date.status == "dated"
    assert said.date.why["rule"] == "reporting-verb"
    assert said.date.why["explanation"] == rules()["reporting-verb"].explanation
    payload = said.to_json()
    assert payload["inferred"] is True and payload["date"]["why"]["explanation"]


def test_a_date_from_the_sentence_cites_its_expression(nlp):
    (demoed,) = [e for e in events_of(nlp, "The company unveiled the phone on Monday and demoed its camera.")
                 if e.trigger == "demoed"]
    assert demoed.date.why["expression"] == "Monday"
    assert demoed.sources[0].timex_text == "Monday"


def test_within_one_date_the_past_perfect_comes_first(nlp):
    text = LEAD + "On Monday the mayor resigned. She had lost the vote."
    doc = Document("d1", text, DCT, "test")
    timeline = build_timeline([(doc, process(doc, nlp).events)])
    monday = [e.trigger for e in timeline.events if e.date.value == "2022-09-12"]
    assert monday == ["lost", "resigned"]


def test_every_rule_has_words_for_readers():
    for name, rule in rules().items():
        assert rule.explanation and rule.explanation[0].islower(), name


def test_the_export_schema_names_every_rule():
    """dating.toml is the one list of rules; the export schema's description of date.why.rule must name them all."""
    import json
    from pathlib import Path

    schema = Path(__file__).resolve().parents[1] / "timeline" / "export" / "timeline.schema.json"
    text = json.dumps(json.loads(schema.read_text(encoding="utf-8")))
    missing = [name for name in rules() if name not in text]
    assert not missing, missing
