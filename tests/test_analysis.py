"""One analysis per document: sentences split once, each sentence tokenized once, and deepened in place
from tags to parse to entities, so the timex and event layers never tag or parse a sentence twice."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.analysis import Analysis
from timeline.model import Document
from timeline.nlp import lemma
from timeline.pipeline import process
from timeline.text import parser_text

TEXT = ("The ministers met on Monday in Vienna.\n\nThey will meet again in May, officials said.\n\n"
        "The talks on the treaty began in 2019. The weather was mild.")


class CountingTokenizer:
    """The pipeline's own tokenizer, counting the texts it is given (a spy, not a stand-in)."""

    def __init__(self, nlp):
        self.nlp, self.texts = nlp, []

    def __enter__(self):
        self.original = self.nlp.make_doc
        self.nlp.make_doc = self.make_doc
        return self

    def make_doc(self, text):
        self.texts.append(text)
        return self.original(text)

    def __exit__(self, *exc):
        self.nlp.make_doc = self.original


def test_a_document_is_tokenized_once_per_sentence_whatever_the_layers_ask(nlp):
    with CountingTokenizer(nlp) as counter:
        result = process(Document("d", TEXT, dt.date(2022, 9, 15), "test"), nlp)
    assert result.timexes and result.events
    assert len(counter.texts) == len(set(counter.texts))  # no sentence made twice


def test_deepening_keeps_the_doc_and_adds_only_what_it_lacks(nlp):
    analysis = Analysis(TEXT, nlp)
    second = analysis.sentences.spans[1][0]
    analysis.prepare([second], "tagged")
    tagged = analysis.docs([1], "tagged")[1]
    assert tagged.has_annotation("TAG") and not tagged.has_annotation("DEP")
    tokens = analysis.tokens(second)
    assert [t.text for t in tokens][:3] == ["They", "will", "meet"] and all(t.head == -1 for t in tokens)
    parsed = analysis.docs([1], "named")[1]
    assert parsed is tagged  # the same Doc, deepened in place
    assert parsed.has_annotation("DEP") and parsed.has_annotation("ENT_IOB")
    assert analysis.tokens(second)[0].head >= 0  # parsed tokens carry their heads
    # a sentence never asked for stays untouched
    assert analysis.tokens(analysis.sentences.spans[0][0]) is None


@pytest.mark.parametrize("word, expected", [("met", "meet"), ("talks", "talk"), ("began", "begin"), ("officials", "official"), ("was", "be")])
def test_lemmas_are_made_on_demand_as_the_lemmatizer_would(nlp, word, expected):
    analysis = Analysis(TEXT, nlp)
    docs = analysis.docs(range(len(analysis.sentences)), "parsed")
    token = next(t for doc in docs.values() for t in doc if t.text == word)
    assert lemma(token) == expected


def test_paragraphs_are_counted_by_the_blank_lines_between_them(nlp):
    analysis = Analysis(TEXT, None)
    assert [analysis.paragraph_index(TEXT.index(w)) for w in ("Monday", "May", "2019", "mild")] == [0, 1, 2, 2]


@pytest.mark.parametrize("text, expected", [
    ("Brookfield based Harlow Motor said", "Brookfield-based Harlow Motor said"),
    ("the Navy chose Los Angeles headquartered Orion Dynamics", "the Navy chose Los Angeles-headquartered Orion Dynamics"),
    ("U.S. based Kestrel Bank", "U.S.-based Kestrel Bank"),
    # a verb, or a participle not before a name, stays as written
    ("Harlow based its forecast on March sales", "Harlow based its forecast on March sales"),
    ("the company is based in Oslo", "the company is based in Oslo"),
])
def test_the_parser_reads_a_compound_adjective_written_apart_with_its_hyphen(text, expected):
    assert parser_text(text) == expected and len(parser_text(text)) == len(text)


def test_a_sentence_is_parsed_from_its_parser_text_at_the_texts_offsets(nlp):
    text = "Brookfield based Harlow Motor said on Monday it would cut jobs."
    doc = Analysis(text, nlp).docs([0], "parsed")[0]
    based = next(t for t in doc if t.text == "based")
    assert based.dep_ == "amod" and text[based.idx : based.idx + 5] == "based"
