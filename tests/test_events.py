"""Events of one article: which words are events (TimeML's notion), who takes part (names and their short
forms, descriptions, pronouns filling the event's roles), the date an event's own words give, headlines and ids.
The dates taken from the context are tested in test_dating.py. Every sentence here is written for the test."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.model import Document
from timeline.pipeline import process

DCT = dt.date(2022, 9, 15)  # a Thursday


def events_of(nlp, text: str, dct: dt.date = DCT, doc_id: str = "d1"):
    doc = Document(id=doc_id, text=text, dct=dct, dct_source="test", title="T")
    return process(doc, nlp).events


def explicit(nlp, text: str):
    """The events the text dates with words of their own (no inferred date)."""
    return [e for e in events_of(nlp, text) if not e.inferred and e.date.status != "undated"]


def only(nlp, text: str):
    events = explicit(nlp, text)
    assert len(events) == 1, [(e.headline, e.date.value) for e in events]
    return events[0]


def event(nlp, text: str, trigger: str):
    found = [e for e in events_of(nlp, text) if e.trigger == trigger]
    assert found, [(e.trigger, e.headline) for e in events_of(nlp, text)]
    return found[0]


def names(e) -> set[str]:
    return {p.name for p in e.participants}


# --- the date an event's own words give ------------------------------------------------------------
def test_verb_event(nlp):
    e = only(nlp, "The two leaders met on Thursday in Samarkand.")
    assert (e.trigger, e.lemma, e.date.value, e.date.granularity) == ("met", "meet", "2022-09-15", "day")
    assert e.date.label == "Thursday 15 September 2022"
    assert e.date.why["expression"] == "Thursday" and e.date.why["anchor"] == "dct"
    assert not e.date.scheduled and not e.inferred and e.tense == "past"


def test_timex_dates_the_event_it_modifies_not_the_sentence(nlp):
    e = only(nlp, "Officials said Xi would meet Erdogan on Friday.")
    assert e.trigger == "meet" and e.date.value == "2022-09-16" and e.date.scheduled
    assert e.headline == "Xi to meet Erdogan"


def test_event_noun(nlp):
    e = only(nlp, "Beijing criticized Washington over Nancy Pelosi's visit to Taipei in August.")
    assert e.trigger == "visit" and e.date.value == "2022-08"
    assert "Nancy Pelosi" in names(e)
    assert e.headline.startswith("Nancy Pelosi's visit to Taipei")


def test_aspectual_noun_is_not_the_event(nlp):
    e = only(nlp, "The leaders met for talks since the start of the war on Thursday.")
    assert e.trigger == "met"


def test_since_is_not_an_event_at_that_date(nlp):
    e = only(nlp, "Xi has not travelled abroad since early 2020.")
    assert e.date.status == "vague" and e.date.relation == "since"
    assert e.date.label == "since early 2020"


@pytest.mark.parametrize("text, trigger", [
    # "since" after a superlative or "the first" bounds the span compared over, not the event
    ("The Harbor 300 index fell 4 percent, its biggest one-day fall since March.", "fell"),
    ("Nordair shares fell 4 percent, their worst day since 2019.", "fell"),
    ("The index rose to its highest level since 2008.", "rose"),
    ("It was the first time since 2010 that Nordair cut its dividend.", "cut"),
])
def test_since_after_a_superlative_dates_nothing(nlp, text, trigger):
    assert event(nlp, text, trigger).date.status == "undated"


def test_durations_give_no_date(nlp):
    assert explicit(nlp, "The siege lasted five months.") == []


def test_vague_reference(nlp):
    e = only(nlp, "Ties have recently improved.")
    assert e.date.status == "vague" and e.date.value == "PAST_REF" and e.date.start is None


def test_two_timexes_on_one_trigger_keep_the_finer(nlp):
    e = only(nlp, "The summit opened on Thursday, 15 September 2022 at 3 p.m.")
    assert e.date.granularity in ("day", "time")


# --- which words are events --------------------------------------------------------------------------
def test_every_sentence_has_its_events_dated_or_not(nlp):
    text = "The mayor opened the new bridge. Crowds cheered as the first cars crossed it."
    triggers = [e.trigger for e in events_of(nlp, text)]
    assert triggers == ["opened", "cheered", "crossed"]


@pytest.mark.parametrize("text,trigger,kind", [
    ("The airline is bankrupt.", "bankrupt", "state"),  # a state that begins and ends
    ("Two passengers were injured.", "injured", "verb"),
    ("The sale of the factory angered the workers.", "sale", "noun"),
    ("The crash closed the motorway.", "crash", "noun"),
    # journeys and their stages, and the plural of a verb used as a noun in business news
    ("The test flight lasted four hours.", "flight", "noun"),
    ("The takeoff was delayed by fog.", "takeoff", "noun"),
    ("The bank announced 900 job cuts.", "cuts", "noun"),
    ("Orders for the new ferry have doubled.", "Orders", "noun"),
    # what happens to a market or a firm, told by a noun
    ("The rebound came after the bailout.", "rebound", "noun"),
    ("The rebound came after the bailout.", "bailout", "noun"),
    ("The restructuring cost 900 jobs.", "restructuring", "noun"),
])
def test_verbs_event_nouns_and_states(nlp, text, trigger, kind):
    found = event(nlp, text, trigger)
    assert found.trigger == trigger


def test_a_predicative_adjective_is_an_event_where_a_date_anchors_it(nlp):
    assert [e.trigger for e in events_of(nlp, "The tunnel is long.")] == []
    e = only(nlp, "The new model will be available on June 24.")
    assert e.trigger == "available" and e.date.value == "2023-06-24" and e.date.scheduled


def test_reporting_verbs_are_events(nlp):
    assert "said" in [e.trigger for e in events_of(nlp, "The ministry said the bridge had reopened.")]


def test_a_light_verb_and_its_event_noun_are_one_event(nlp):
    e = only(nlp, "The two sides held talks on Friday.")
    assert e.trigger == "talks" and e.date.value == "2022-09-09"
    assert e.headline == "The two sides held talks"
    assert [x.trigger for x in events_of(nlp, "The two sides held talks on Friday.")] == ["talks"]


def test_a_frame_verb_gives_way_to_its_complement(nlp):
    (e,) = events_of(nlp, "The company plans to sell its plant.")
    assert e.trigger == "sell" and e.tense == "future" and e.date.status == "undated"
    assert e.headline == "The company to sell its plant"


def test_a_word_after_to_the_parser_makes_a_clause_is_a_verb_whatever_its_tag(nlp):
    """ "was set to land": where the tagger calls "land" a noun but the parser makes it a clause with "to" (as the
    small model does in some sentences), it is a verb."""
    from spacy.tokens import Doc

    from timeline.nlp import infinitives_as_verbs

    words = ["The", "jet", "was", "set", "to", "land", "in", "Oslo", "."]
    doc = Doc(nlp.vocab, words=words, tags=["DT", "NN", "VBD", "VBN", "TO", "NN", "IN", "NNP", "."],
              heads=[1, 3, 3, 3, 5, 3, 5, 6, 3], deps=["det", "nsubjpass", "auxpass", "ROOT", "aux", "xcomp", "prep",
                                                     "pobj", "punct"])
    infinitives_as_verbs(doc)
    assert (doc[5].tag_, doc[5].pos_) == ("VB", "VERB") and doc[1].tag_ == "NN"


def test_what_a_refusal_denies_did_not_happen(nlp):
    events = {e.trigger: e for e in events_of(nlp, "The board refused to approve the merger.")}
    assert events["approve"].date.status == "undated"
    assert events["approve"].headline == "The board to approve the merger"


def test_a_phrasal_verb_keeps_its_head_word(nlp):
    e = only(nlp, "The company showed off its new phone on Monday.")
    assert e.trigger == "showed" and e.sources[0].trigger_text == "showed"
    assert e.sources[0].trigger_phrase == "showed off"


@pytest.mark.parametrize("text, trigger, phrase", [
    # a particle the parser reads as an adverb, right after the verb or its object, is the phrasal verb's
    ("The launch of the new van was pushed back by six months.", "pushed", "pushed back"),
    ("The chief executive took three months off in 2019.", "took", "took off"),
    # an adverb elsewhere is not: "back" after a phrase of place
    ("The crew flew to Oslo and back on Monday.", "flew", "flew"),
])
def test_a_particle_read_as_an_adverb_is_part_of_its_phrasal_verb(nlp, text, trigger, phrase):
    (e,) = [e for e in events_of(nlp, text) if e.trigger == trigger]
    assert (e.sources[0].trigger_phrase or e.trigger) == phrase


def test_words_inside_a_name_are_not_events(nlp):
    assert [e.trigger for e in events_of(nlp, "Delegates flew to the Global Climate Summit on Monday.")] == ["flew"]


# --- who takes part ----------------------------------------------------------------------------------
def test_subject_object_and_prepositional_arguments(nlp):
    e = event(nlp, "Acme Corp sued Globex over the patent on Monday.", "sued")
    assert names(e) == {"Acme Corp", "Globex"}


def test_the_possessor_and_object_of_an_event_noun(nlp):
    e = event(nlp, "Northwind's takeover of Contoso was approved on Tuesday.", "takeover")
    assert names(e) == {"Northwind", "Contoso"}


def test_a_short_form_of_an_organisation_name(nlp):
    text = "Contoso Ltd said on Monday that it would cut 300 jobs. Contoso shares fell 4 percent."
    fell = event(nlp, text, "fell")
    (p,) = fell.participants
    assert (p.name, p.label) == ("Contoso Ltd", "ORG") and "Contoso" in p.aliases


def test_an_acronym_given_in_parentheses(nlp):
    text = "The International Widget Federation (IWF) met in Geneva on Monday. The IWF voted to ban the device."
    assert "International Widget Federation" in names(event(nlp, text, "voted"))


def test_initials(nlp):
    text = "Officials of the Northern Rail Authority met on Monday. The NRA approved the new timetable."
    assert names(event(nlp, text, "approved")) == {"Northern Rail Authority"}


def test_an_index_without_its_number_and_the_index(nlp):
    text = "The Harbor 300 index fell 2 percent on Monday. The index recovered on Tuesday. The Harbor rose again."
    for trigger in ("fell", "recovered", "rose"):
        assert names(event(nlp, text, trigger)) == {"Harbor 300"}


def test_an_index_by_its_first_words(nlp):
    text = "The Dow Jones Industrial Average fell 120 points on Monday. The Dow recovered on Tuesday."
    assert names(event(nlp, text, "recovered")) == {"Dow Jones Industrial Average"}


def test_an_organisation_word_is_dropped_unless_the_short_name_is_a_place(nlp):
    text = "Ryanair Holdings said on Monday that profits rose. Ryanair shares climbed."
    assert names(event(nlp, text, "climbed")) == {"Ryanair Holdings"}
    text = ("Singapore Airlines reported a profit on Monday. The carrier flies from Singapore to London. "
            "Singapore said the airline would grow.")
    assert names(event(nlp, text, "said")) == {"Singapore"}
    assert "Singapore Airlines" in names(event(nlp, text, "flies"))


def test_a_definite_description_refers_back(nlp):
    text = "Fabrikam Inc reported a loss on Monday. The company said demand had weakened."
    assert names(event(nlp, text, "said")) == {"Fabrikam Inc"}


def test_a_description_repeating_a_names_last_word(nlp):
    text = "Harbor Savings Bank reported a loss on Monday. The bank said it would cut jobs."
    assert names(event(nlp, text, "said")) == {"Harbor Savings Bank"}
    text = "The company opened the Online Music Store on Monday. The store was renamed in 2006."
    assert names(event(nlp, text, "renamed")) == {"Online Music Store"}


def test_a_model_designator_is_part_of_the_name(nlp):
    text = "Acme unveiled the Model 3G on Tuesday. The Model 4 followed in May."
    assert "Model 3G" in names(event(nlp, text, "unveiled"))
    assert names(event(nlp, text, "followed")) == {"Model 4"}


def test_a_pronoun_refers_back_to_a_person(nlp):
    text = "Maria Lopez resigned on Monday. She said she had lost the confidence of the board."
    said = event(nlp, text, "said")
    assert names(said) == {"Maria Lopez"} and said.participants[0].label == "PERSON"
    assert said.headline.startswith("Maria Lopez said")


def test_a_short_form_two_names_share_stays_itself(nlp):
    text = "Northwind Traders and Northwind Foods both reported results on Monday. Northwind said little."
    assert names(event(nlp, text, "said")) == {"Northwind"}


def test_longest_name_and_pronoun(nlp):
    text = ("Chinese leader Xi Jinping arrived in Kazakhstan on Wednesday. "
            "On his first stop, Xi visited Astana, where in 2013 he unveiled the Belt and Road Initiative.")
    unveiled = event(nlp, text, "unveiled")
    assert unveiled.date.value == "2013"
    assert "Xi Jinping" in names(unveiled)
    assert unveiled.headline.startswith("Xi Jinping unveiled the Belt and Road Initiative")


def test_description_names_the_person(nlp):
    text = ("Russian President Vladimir Putin met Xi on Thursday. "
            "The Russian leader traveled to Beijing in February for the Winter Olympics.")
    traveled = event(nlp, text, "traveled")
    assert traveled.headline.startswith("Vladimir Putin traveled to Beijing")
    assert "Vladimir Putin" in names(traveled)


def test_a_nationality_nobody_was_introduced_with_is_nobody(nlp):
    text = "Russian President Vladimir Putin spoke first. The Iranian leader replied on Friday."
    assert "Vladimir Putin" not in names(event(nlp, text, "replied"))


def test_a_title_is_not_part_of_the_name(nlp):
    e = event(nlp, "Prime Minister Anna Berg resigned on Monday.", "resigned")
    assert [(p.name, p.label) for p in e.participants] == [("Anna Berg", "PERSON")]


def test_leaders_stand_for_their_countries(nlp):
    e = event(nlp, "The president met the leaders of Norway and Chile on Monday.", "met")
    assert {"Norway", "Chile"} <= names(e)


def test_past_headline_from_participle(nlp):
    e = only(nlp, "Ties deepened, with China sending troops to join exercises last month in the far east.")
    assert e.date.value == "2022-08"
    assert "China" in names(e)


# --- ids -----------------------------------------------------------------------------------------------
def test_event_ids_depend_on_text_and_place(nlp):
    a = only(nlp, "The leaders met on Thursday.")
    b = only(nlp, "The leaders met on Thursday.")
    c = only(nlp, "Yes. The leaders met on Thursday.")
    d = only(nlp, "The  leaders\nmet on Thursday.")  # a copy of the text with other spacing
    assert a.id == b.id == d.id != c.id


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
