"""The learned antecedent choice of descriptions and pronouns: the candidates and features the resolver offers,
a linear model applied without scikit-learn, a small training run on MEANTIME-style documents written for the
test, the weights that ship with the evaluation (off the production path), and the commands. Every sentence here
is written for the test."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from timeline.evaluate.antecedent_model import WEIGHTS_PATH, LinearModel, features, null_features, read_model, shipped_model
from timeline.model import Document
from timeline.pipeline import process

DCT = dt.date(2023, 3, 9)


def resolved(nlp, text: str, antecedents=None) -> dict[str, tuple[str, str]]:
    """mention text -> (the name of its entity, why), for the descriptions and pronouns of ``text``."""
    result = process(Document(id="d1", text=text, dct=DCT, dct_source="test", title="T"), nlp, antecedents=antecedents)
    return {m.text: (e.name, m.why) for e in result.entities for m in e.mentions if m.form in ("description", "pronoun")}


class Counting(LinearModel):
    """A model that counts the choices it is asked to make."""

    asked: list = []

    def choose(self, decision):
        self.asked.append(decision)
        return super().choose(decision)


# --- the candidates and their features -----------------------------------------------------------------------
def test_a_description_offers_the_entities_before_it_with_the_rules_choice(nlp):
    from timeline.evaluate.coref_training import Recorder

    text = "Nordair ordered ten Zephyr X200 jets from Orion Aerospace in Oslo. The airline said the order was its largest."
    recorder = Recorder(("description",))
    process(Document(id="d1", text=text, dct=DCT, dct_source="test", title="T"), nlp, antecedents=recorder)
    decision, values, null, names = recorder.decisions[0]
    assert (decision.form, decision.kind, decision.cls, decision.word) == ("description", "org", "airline", "airline")
    by_name = dict(zip(names, values))
    assert {"Nordair", "Zephyr X200", "Orion Aerospace"} <= set(by_name)
    nordair = by_name["Nordair"]
    assert nordair["rule"] == 1.0 and nordair["last_subject"] == 1.0 and nordair["distance:1"] == 1.0
    assert nordair["first_entity"] == 1.0 and "rule" not in by_name["Orion Aerospace"]
    assert by_name["Zephyr X200"]["kind:org>product"] == 1.0 and "model_number>org" in by_name["Zephyr X200"]
    assert by_name["Oslo"]["place_name"] == 1.0
    assert null["null"] == 1.0 and "null:rules_none" not in null


def test_a_pronoun_knows_the_subject_whose_verb_it_depends_on(nlp):
    from timeline.evaluate.coref_training import Recorder

    recorder = Recorder(("pronoun",))
    text = "Brightwater Bank told Nordair that it would close its branches."
    process(Document(id="d1", text=text, dct=DCT, dct_source="test", title="T"), nlp, antecedents=recorder)
    decision, values, _, names = recorder.decisions[0]
    assert (decision.form, decision.word) == ("pronoun", "it")
    by_name = dict(zip(names, values))
    assert by_name["Brightwater Bank"].get("governs") == 1.0 and "governs" not in by_name["Nordair"]


def test_the_model_scores_by_weights_alone_and_may_choose_no_antecedent():
    from timeline.entities.antecedents import Candidate, Decision
    from timeline.entities.coref import Entity

    first, second = Entity(0, "Nordair", kind="org"), Entity(1, "Zephyr X200", kind="product")
    decision = Decision("description", "product", "aircraft", "plane", False, True, False, rule=0,
                        candidates=[Candidate(second, rank=0), Candidate(first, rank=1)])
    assert LinearModel({}, ("description",)).choose(decision) == 1  # a tie: the candidate mentioned last
    assert LinearModel({"description|kind:product>product": -1.0}, ("description",)).choose(decision) == 0
    assert LinearModel({"description|null": 2.0}, ("description",)).choose(decision) is None
    assert features(decision, decision.candidates[0])["kind:product>product"] == 1.0
    assert null_features(decision)["null:product"] == 1.0


# --- the model in the resolver ----------------------------------------------------------------------------------
TWO_AIRLINES = "Nordair signed a deal with Skyline Airways on Monday. The airline said the deal would cut costs."


def test_a_model_decides_the_forms_it_names_and_says_so(nlp):
    rules = resolved(nlp, TWO_AIRLINES, antecedents=None)
    assert rules["The airline"][0] == "Skyline Airways"  # an airline by its name weighs more than an untyped name
    # weights that prefer the entity the article named first, written by hand
    first = LinearModel({"description|first_entity": 3.0}, ("description",))
    chosen = resolved(nlp, TWO_AIRLINES, antecedents=first)
    assert chosen["The airline"][0] == "Nordair" and "most likely" in chosen["The airline"][1]
    untouched = LinearModel({"description|first_entity": 3.0}, ("pronoun",))
    assert resolved(nlp, TWO_AIRLINES, antecedents=untouched)["The airline"] == rules["The airline"]
    nothing = LinearModel({"description|null": 9.0}, ("description",))
    assert "The airline" not in resolved(nlp, TWO_AIRLINES, antecedents=nothing)


def test_a_model_that_agrees_with_the_rules_keeps_their_reason(nlp):
    rules = resolved(nlp, TWO_AIRLINES, antecedents=None)
    agreeing = LinearModel({"description|rule": 5.0, "pronoun|rule": 5.0}, ("description", "pronoun"))
    assert resolved(nlp, TWO_AIRLINES, antecedents=agreeing) == rules


def test_the_shipped_weights_are_trained_on_both_topics_and_the_pipeline_resolves_without_them(nlp):
    raw = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
    model = shipped_model()
    assert model is not None and model.forms == tuple(raw["forms"])
    assert any(k.startswith("description|") for k in model.weights) and any(k.startswith("pronoun|") for k in model.weights)
    assert set(raw["trained"]["topics"]) == {"apple", "airbus"}
    # held out it beat the rules for no form: the pipeline's default is the rules alone
    assert raw["trained"]["beats_the_rules_held_out"] == []
    assert resolved(nlp, TWO_AIRLINES) == resolved(nlp, TWO_AIRLINES, antecedents=None)


def test_the_pipeline_never_imports_the_model_or_scikit_learn():
    from timeline.digest import files_of, third_party

    sources = [f for f in files_of(["timeline.pipeline"]) if f.suffix == ".py"]
    assert any(f.name == "antecedents.py" for f in sources)  # what the resolver offers a chooser
    assert not [f for f in sources if f.name in ("antecedent_model.py", "coref_training.py")]
    assert not [f for f in sources if "sklearn" in third_party(f.read_text(encoding="utf-8"))]


# --- training on documents written for the test ------------------------------------------------------------------
def meantime(doc_id: str, sentences: list[str]) -> str:
    """A MEANTIME document from sentences whose entity mentions are written "[words|ENTITY]": each mention an
    ENTITY_MENTION referring to the topic's instance ENTITY. The second sentence is the date line."""
    tokens, mentions, number = [], [], 0
    for index, sentence in enumerate(sentences):
        for piece in re.findall(r"\[[^\]]+\]|\S+", sentence):
            if piece.startswith("["):
                words, instance = piece[1:-1].split("|")
                ids = []
                for word in words.split():
                    number += 1
                    tokens.append((number, index, word))
                    ids.append(number)
                mentions.append((ids, instance))
            else:
                number += 1
                tokens.append((number, index, piece))
    date_ids = [n for n, s, _ in tokens if s == 1]
    out = [f'<?xml version="1.0" ?><Document doc_id="{doc_id}" doc_name="{doc_id}_test" lang="en">']
    out += [f'<token t_id="{n}" sentence="{s}" number="{n - 1}">{w}</token>' for n, s, w in tokens]
    out.append("<Markables>")
    instances = sorted({i for _, i in mentions})
    for k, (ids, _) in enumerate(mentions):
        anchors = "".join(f'<token_anchor t_id="{n}"/>' for n in ids)
        out.append(f'<ENTITY_MENTION m_id="{k + 1}">{anchors}</ENTITY_MENTION>')
    anchors = "".join(f'<token_anchor t_id="{n}"/>' for n in date_ids)
    out.append(f'<TIMEX3 m_id="500" functionInDocument="CREATION_TIME" type="DATE" value="2023-03-09">{anchors}</TIMEX3>')
    out += [f'<ENTITY m_id="{600 + k}" TAG_DESCRIPTOR="{i}" ent_type="ORG" instance_id="{i}"/>' for k, i in enumerate(instances)]
    out.append("</Markables><Relations>")
    for k, instance in enumerate(instances):
        sources = "".join(f'<source m_id="{m + 1}"/>' for m, (_, i) in enumerate(mentions) if i == instance)
        out.append(f'<REFERS_TO r_id="{k + 1}">{sources}<target m_id="{600 + k}"/></REFERS_TO>')
    out.append("</Relations></Document>")
    return "\n".join(out)


TOPICS = {
    "airlines": [
        ["[Nordair|NOR] orders ten jets", "March 9 , 2023",
         "[Nordair|NOR] signed a deal with [Skyline Airways|SKY] on Monday .",
         "[The airline|NOR] said [its|NOR] costs would fall .",
         "[Skyline Airways|SKY] said [it|SKY] would fly to [Oslo|OSL] ."],
        ["[Skyline Airways|SKY] buys planes", "March 9 , 2023",
         "[Skyline Airways|SKY] bought five [Zephyr X200|ZEP] airliners from [Orion Aerospace|ORI] .",
         "[The airline|SKY] said [the aircraft|ZEP] would arrive in May .",
         "[Orion Aerospace|ORI] said [it|ORI] would build [them|ZEP] in [Oslo|OSL] ."],
    ],
    "banks": [
        ["[Brightwater Bank|BRI] closes branches", "March 9 , 2023",
         "[Brightwater Bank|BRI] told [Harbor Savings|HAR] on Monday that [it|BRI] would close branches .",
         "[The bank|BRI] said [its|BRI] profit fell .",
         "[Harbor Savings|HAR] said [it|HAR] would hire staff ."],
        ["[Harbor Savings|HAR] opens a branch", "March 9 , 2023",
         "[Harbor Savings|HAR] opened a branch near [Brightwater Bank|BRI] in [Oslo|OSL] .",
         "[The lender|HAR] said [it|HAR] expected growth .",
         "[Brightwater Bank|BRI] said [its|BRI] branch would stay ."],
    ],
}


@pytest.fixture(scope="module")
def topics(tmp_path_factory):
    root = tmp_path_factory.mktemp("meantime")
    for topic, docs in TOPICS.items():
        (root / topic).mkdir()
        for k, sentences in enumerate(docs):
            (root / topic / f"{k + 1}_{topic}.xml").write_text(meantime(f"{topic}{k + 1}", sentences), encoding="utf-8")
    return root


def test_examples_are_labelled_against_the_gold_instances(topics, nlp):
    from timeline.evaluate.coref_training import collect, correct
    from timeline.evaluate.meantime import read_corpus

    doc = read_corpus(topics / "airlines")[0]
    examples = {e.word: e for e in collect(doc, nlp, "airlines")}
    airline = examples["airline"]
    assert airline.gold and airline.labels[airline.names.index("Nordair")]
    assert not airline.labels[airline.names.index("Skyline Airways")]
    # the rules take the airline named as one (Nordair is untyped): wrong by the gold
    assert airline.rule == airline.names.index("Skyline Airways") and not correct(airline, airline.rule)
    it = examples["it"]
    assert it.labels[it.names.index("Skyline Airways")] and sum(it.labels) == 1 and correct(it, it.rule)


def test_a_small_training_run_writes_weights_that_load_and_are_applied(topics, tmp_path, nlp, capsys):
    from timeline_cli.main import main

    weights = tmp_path / "antecedents.json"
    assert main(["train", "coref", str(topics / "airlines"), str(topics / "banks"), "--out", str(weights),
                 "--forms", "description,pronoun"]) == 0
    report = capsys.readouterr().out
    assert "airlines -> banks: descriptions" in report and "banks -> airlines: pronouns" in report
    model = read_model(weights)
    assert model.forms == ("description", "pronoun") and model.weights
    Counting.asked = []
    counting = Counting(model.weights, model.forms)
    result = resolved(nlp, "Nordair signed a deal on Monday. The airline said it would cut costs.", antecedents=counting)
    assert {d.form for d in Counting.asked} == {"description", "pronoun"}
    assert result["The airline"][0] == "Nordair"
    # without --forms the model decides both; the file records the forms that beat the rules held out
    assert main(["train", "coref", str(topics / "airlines"), str(topics / "banks"), "--out", str(weights)]) == 0
    verdict = capsys.readouterr().out.split("the model beats the rules in every direction for: ")[1].splitlines()[0]
    raw = json.loads(weights.read_text(encoding="utf-8"))
    assert read_model(weights).forms == ("description", "pronoun")
    assert raw["trained"]["beats_the_rules_held_out"] == ([] if verdict == "no form" else verdict.split(", "))


def test_the_evaluations_score_with_a_weights_file_and_refuse_a_bad_one(topics, tmp_path, capsys):
    from timeline_cli.main import main

    weights = tmp_path / "prefer-last.json"
    weights.write_text(json.dumps(LinearModel({"description|rank:0": 3.0}, ("description",)).to_json()))
    assert main(["eval", "entities", str(topics / "airlines"), "--antecedents", str(weights)]) == 0
    assert "B-cubed" in capsys.readouterr().out
    assert main(["eval", "entities", str(topics / "airlines"), "--antecedents", str(tmp_path / "missing.json")]) == 2
    broken = tmp_path / "broken.json"
    broken.write_text("[1, 2")
    assert main(["eval", "entities", str(topics / "airlines"), "--antecedents", str(broken)]) == 2
    assert "not a weights file" in capsys.readouterr().err
    assert main(["train", "coref", str(topics / "airlines"), "--forms", "names"]) == 2


@pytest.mark.parametrize("argv, expected", [
    (["train"], ["train", "choices"]),
    (["train", "corpus/"], ["train", "choices", "corpus/"]),
    (["--config", "c.toml", "train", "--out", "w.json"], ["--config", "c.toml", "train", "choices", "--out", "w.json"]),
    (["train", "coref", "apple/"], ["train", "coref", "apple/"]),
    (["train", "choices"], ["train", "choices"]),
    (["build", "train"], ["build", "train"]),
])
def test_train_without_a_model_name_trains_the_choice_model(argv, expected):
    from timeline_cli.main import _train_default

    assert _train_default(argv) == expected
