"""The pipeline's parts run our way give what spaCy's components give: the attribute ruler's rules applied by
lookups, and lemmas asked for one token at a time."""

from __future__ import annotations

import pytest

from timeline.nlp import DEPTH, components_between, deepen, fast_attributes, lemma

SENTENCES = [
    "There is no doubt that she's gonna win, but I can't say when.",
    "Let's see whether anyone noticed something odd about them.",
    "The airline's planes were grounded on Monday and it cancelled 40 flights.",
    "He himself said that y'all ought to come, though nobody did.",
    "Gotta go: the talks ain't over until everybody agrees.",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_fast_attributes_match_the_attribute_ruler(nlp, text):
    ruler = nlp.get_pipe("attribute_ruler")
    fast = fast_attributes(ruler)
    assert fast is not None
    before = components_between(nlp, 0, DEPTH["parsed"])
    assert "attribute_ruler" in before
    upstream = [name for name in before if name != "attribute_ruler"]
    expected = ruler(deepen(nlp, [nlp.make_doc(text)], upstream)[0])
    got = fast(deepen(nlp, [nlp.make_doc(text)], upstream)[0])
    assert [(t.pos_, str(t.morph), t.lemma_) for t in got] == [(t.pos_, str(t.morph), t.lemma_) for t in expected]


def test_lemmas_on_demand(nlp):
    doc = deepen(nlp, [nlp.make_doc("The leaders were meeting and announced several deals.")],
                 components_between(nlp, 0, DEPTH["parsed"]))[0]
    assert [lemma(t) for t in doc] == ["the", "leader", "be", "meet", "and", "announce", "several", "deal", "."]
    assert [lemma(t) for t in doc] == [lemma(t) for t in doc]  # the second time from the cache, the same
