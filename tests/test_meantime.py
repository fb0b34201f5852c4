"""The MEANTIME reader: tokens rebuilt into text with spans, mentions, instances shared across documents,
participants and time links (a document written for the test; the real corpus when ../shared/data has it)."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.evaluate.meantime import MeantimeFormatError, read_corpus, read_document

SAMPLE = """<?xml version="1.0" ?><Document doc_id="7" doc_name="7_Acme_opens_a_plant" lang="en" url="http://example.org/7">
<token t_id="1" sentence="0" number="0">Acme</token><token t_id="2" sentence="0" number="1">opens</token>
<token t_id="3" sentence="0" number="2">a</token><token t_id="4" sentence="0" number="3">plant</token>
<token t_id="5" sentence="1" number="4">May</token><token t_id="6" sentence="1" number="5">2</token>
<token t_id="7" sentence="2" number="6">The</token><token t_id="8" sentence="2" number="7">company</token>
<token t_id="9" sentence="2" number="8">said</token><token t_id="10" sentence="2" number="9">so</token>
<Markables>
<ENTITY_MENTION m_id="1" syntactic_type="NAM"><token_anchor t_id="1"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="2" syntactic_type="NOM"><token_anchor t_id="7"/><token_anchor t_id="8"/></ENTITY_MENTION>
<EVENT_MENTION m_id="3" pos="VERB" pred="open"><token_anchor t_id="2"/></EVENT_MENTION>
<TIMEX3 m_id="4" functionInDocument="CREATION_TIME" type="DATE" value="2021-05-02"><token_anchor t_id="5"/><token_anchor t_id="6"/></TIMEX3>
<ENTITY m_id="5" TAG_DESCRIPTOR="Acme" ent_type="ORG" instance_id="ORG1"/>
</Markables>
<Relations>
<REFERS_TO r_id="1"><source m_id="1"/><source m_id="2"/><target m_id="5"/></REFERS_TO>
<HAS_PARTICIPANT r_id="2" sem_role="Arg0"><source m_id="3"/><target m_id="1"/></HAS_PARTICIPANT>
<TLINK r_id="3" reltype="IS_INCLUDED"><source m_id="3"/><target m_id="4"/></TLINK>
</Relations>
</Document>
"""


def test_a_document_read_into_text_spans_and_relations(tmp_path):
    path = tmp_path / "7_Acme_opens_a_plant.xml"
    path.write_text(SAMPLE, encoding="utf-8")
    doc = read_document(path)
    assert doc.text == "Acme opens a plant\nMay 2\nThe company said so"
    assert doc.dct == dt.date(2021, 5, 2)
    description = doc.markables["2"]
    assert doc.text[slice(*doc.span(description))] == "The company" and description.syntactic_type == "NOM"
    assert doc.instance_of("2").instance_id == "ORG1" == doc.instance_of("1").instance_id
    assert [(p.event, p.participant, p.role) for p in doc.participants] == [("3", "1", "Arg0")]
    assert doc.tlinks == [("3", "IS_INCLUDED", "4")]
    assert doc.sentence_spans() == [(0, 18), (19, 24), (25, 44)]
    assert doc.document().dct == dt.date(2021, 5, 2)


@pytest.mark.parametrize("content", ["not xml at all", "<?xml version='1.0'?><TimeML/>"])
def test_what_is_not_a_meantime_document_is_refused_with_its_reason(tmp_path, content):
    path = tmp_path / "bad.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(MeantimeFormatError):
        read_document(path)


def test_the_development_topics_read_whole(shared_data):
    for topic in ("apple", "airbus"):
        docs = read_corpus(shared_data / "meantime-dev" / topic)
        assert len(docs) == 30 and all(d.dct is not None for d in docs)
        for doc in docs:
            for mention in doc.of_tag("ENTITY_MENTION"):
                span = doc.span(mention)
                if span is not None:
                    assert doc.text[span[0] : span[1]].startswith(doc.words(mention).split(" ")[0])


TWO = """<?xml version="1.0" ?><Document doc_id="8" doc_name="8_Acme" lang="en">
<token t_id="1" sentence="0" number="0">Acme</token><token t_id="2" sentence="0" number="1">Motors</token>
<token t_id="3" sentence="0" number="2">opened</token><token t_id="4" sentence="0" number="3">a</token>
<token t_id="5" sentence="0" number="4">plant</token><token t_id="6" sentence="0" number="5">in</token>
<token t_id="7" sentence="0" number="6">Ohio</token><token t_id="8" sentence="0" number="7">.</token>
<token t_id="9" sentence="1" number="8">The</token><token t_id="10" sentence="1" number="9">carmaker</token>
<token t_id="11" sentence="1" number="10">said</token><token t_id="12" sentence="1" number="11">it</token>
<token t_id="13" sentence="1" number="12">would</token><token t_id="14" sentence="1" number="13">hire</token>
<token t_id="15" sentence="1" number="14">Lena</token><token t_id="16" sentence="1" number="15">Moss</token>
<token t_id="17" sentence="1" number="16">.</token>
<Markables>
<ENTITY_MENTION m_id="1" syntactic_type="NAM"><token_anchor t_id="1"/><token_anchor t_id="2"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="2" syntactic_type="NOM"><token_anchor t_id="9"/><token_anchor t_id="10"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="3" syntactic_type="PRO"><token_anchor t_id="12"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="4" syntactic_type="NAM"><token_anchor t_id="15"/><token_anchor t_id="16"/></ENTITY_MENTION>
<EVENT_MENTION m_id="5" pred="open"><token_anchor t_id="3"/></EVENT_MENTION>
<EVENT_MENTION m_id="6" pred="hire"><token_anchor t_id="14"/></EVENT_MENTION>
<TIMEX3 m_id="7" functionInDocument="CREATION_TIME" type="DATE" value="2021-05-02"/>
<ENTITY m_id="8" TAG_DESCRIPTOR="Acme Motors" ent_type="ORG" instance_id="ORG1"/>
<ENTITY m_id="9" TAG_DESCRIPTOR="Lena Moss" ent_type="PER" instance_id="PER1"/>
</Markables>
<Relations>
<REFERS_TO r_id="1"><source m_id="1"/><source m_id="2"/><source m_id="3"/><target m_id="8"/></REFERS_TO>
<REFERS_TO r_id="2"><source m_id="4"/><target m_id="9"/></REFERS_TO>
<HAS_PARTICIPANT r_id="3" sem_role="Arg0"><source m_id="5"/><target m_id="1"/></HAS_PARTICIPANT>
<HAS_PARTICIPANT r_id="4" sem_role="Arg0"><source m_id="6"/><target m_id="3"/></HAS_PARTICIPANT>
<HAS_PARTICIPANT r_id="5" sem_role="Arg1"><source m_id="6"/><target m_id="4"/></HAS_PARTICIPANT>
</Relations>
</Document>
"""


def test_entity_resolution_and_participants_scored_on_a_small_topic(tmp_path, nlp, capsys):
    """A topic of one document written for the test: the name, the description and the pronoun are one entity
    and the person another, so B-cubed is whole; both participants of "hire" and Acme's of "opened" found."""
    from timeline.evaluate.entities import score_topic
    from timeline_cli.main import main

    topic = tmp_path / "cars"
    topic.mkdir()
    (topic / "8_Acme.xml").write_text(TWO, encoding="utf-8")
    score = score_topic("cars", read_corpus(topic), nlp, targets=["Acme Motors"])
    assert (score.mentions, score.aligned) == (4, 4)
    assert score.b3_precision.value == score.b3_recall.value == 1.0
    precision, recall = score.targets["Acme Motors"]
    assert (precision.value, recall.value, recall.total) == (1.0, 1.0, 3)
    assert score.participants_recall.value == 1.0 and score.participants_gold == 3
    names = tmp_path / "targets.txt"
    names.write_text("Acme Motors\n", encoding="utf-8")
    assert main(["eval", "entities", str(topic), "--targets", f"cars={names}", "--kinds", "description,pronoun"]) == 0
    report = capsys.readouterr().out
    assert "cars" in report and "B-cubed" in report
    assert main(["eval", "entities", str(topic), "--kinds", "nothing"]) == 2
