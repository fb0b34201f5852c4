"""TempEval-3 timex scores on MEANTIME files: gold TIMEX3s over token ids, the date line (the creation time) and
the sentences MEANTIME leaves unannotated kept out of the scores (a document written for the test; the
development topics when ../shared/data has them)."""

from __future__ import annotations

import datetime as dt

from timeline.evaluate import tempeval3
from timeline.timex.extractor import extract as extract_timexes
from timeline.analysis import Analysis
from timeline.text import Sentences
from timeline_cli.main import main

SENTENCES = [
    "Acme opens a plant in Ohio",
    "May 2 , 2021",
    "The plant opened on Friday after two years of work .",
    "It employs 300 people .",
    "Sales rose last year .",
    "More plants will follow .",
    "A second plant opens in June .",
]
# (sentence, first token, last token, type, value, function)
TIMEXES = [
    (1, 0, 3, "DATE", "2021-05-02", "CREATION_TIME"),
    (2, 4, 4, "DATE", "2021-04-30", "NONE"),
    (2, 6, 7, "DURATION", "P2Y", "NONE"),
    (4, 2, 3, "DATE", "2020", "NONE"),
]


def _document() -> str:
    tokens, ids = [], {}
    number = 0
    for s, sentence in enumerate(SENTENCES):
        for k, word in enumerate(sentence.split()):
            number += 1
            ids[(s, k)] = number
            tokens.append(f'<token t_id="{number}" sentence="{s}" number="{number - 1}">{word}</token>')
    markables = []
    for m, (s, first, last, kind, value, function) in enumerate(TIMEXES, start=1):
        anchors = "".join(f'<token_anchor t_id="{ids[(s, k)]}"/>' for k in range(first, last + 1))
        markables.append(f'<TIMEX3 m_id="{m}" functionInDocument="{function}" type="{kind}" value="{value}">{anchors}</TIMEX3>')
    # a date the annotators inferred, on no token: not in the text, never scored
    markables.append('<TIMEX3 m_id="9" functionInDocument="NONE" type="DATE" value="2021-04-29" TAG_DESCRIPTOR="x"/>')
    return ('<?xml version="1.0" ?><Document doc_id="7" doc_name="7_Acme" lang="en">' + "".join(tokens)
            + "<Markables>" + "".join(markables) + "</Markables><Relations/></Document>")


def _extract(nlp):
    def extract(text, dct, sentences):
        analysis = Analysis(text, nlp, Sentences(sentences) if sentences is not None else None)
        return extract_timexes(analysis, dct)[0]

    return extract


def test_a_meantime_file_is_scored_on_its_annotated_sentences(nlp, tmp_path):
    topic = tmp_path / "acme"
    topic.mkdir()
    (topic / "7_Acme.xml").write_text(_document(), encoding="utf-8")
    gold = tempeval3.read_gold(topic / "7_Acme.xml")
    assert gold.dct == dt.date(2021, 5, 2)
    assert [(g.text, g.value) for g in gold.gold] == [("Friday", "2021-04-30"), ("two years", "P2Y"), ("last year", "2020")]
    assert gold.sentences[1] == (27, 39) and (27, 39) in gold.unscored  # the date line
    ((counts, docs),) = tempeval3.evaluate([topic], _extract(nlp)).values()
    # "June" in the seventh sentence is read but not scored (MEANTIME marks no TIMEX3 there), nor is the date line
    assert (counts.gold, counts.system, counts.strict, counts.value) == (3, 3, 3, 3), docs[0].errors


def test_the_command_scores_a_meantime_topic(tmp_path, capsys):
    topic = tmp_path / "acme"
    topic.mkdir()
    (topic / "7_Acme.xml").write_text(_document(), encoding="utf-8")
    assert main(["eval", "tempeval3", str(topic)]) == 0
    row = [line for line in capsys.readouterr().out.splitlines() if line.startswith("acme")]
    assert row and row[0].split()[1:4] == ["1", "3", "3"]


def test_the_development_topics_have_their_timexes_where_the_scorer_looks(shared_data):
    for topic in ("apple", "airbus"):
        files = tempeval3.corpus_files(shared_data / "meantime-dev" / topic)
        golds = [tempeval3.read_gold(f) for f in files]
        assert len(golds) == 30 and all(g is not None for g in golds) and sum(len(g.gold) for g in golds) > 50
        for g in golds:  # every gold timex lies in the scored sentences
            assert all(not any(s < g_.end and g_.start < e for s, e in g.unscored) for g_ in g.gold), g.name
