"""Candidate readings and the learned choice among them: the readings the rules propose, the model's
training, and the commands that train it and measure it by cross-validation."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from timeline.analysis import Analysis
from timeline.evaluate import choices
from timeline.evaluate.choice_model import ChoiceModel, WEIGHTS_PATH, recording_chooser, shipped_chooser, shipped_model
from timeline.timex.extractor import extract, extract_timexes
from timeline_cli.main import main

THURSDAY = dt.date(2022, 9, 15)


def _choice_points(nlp, text, dct=THURSDAY):
    points = []
    extract(Analysis(text, nlp), dct, chooser=recording_chooser(lambda f, options, cand, m: points.append(
        (text[cand.start:cand.end], {frozenset(o.kinds): o.value for o in options}, f))))
    return points


def test_a_weekday_is_read_before_and_after_the_dct(nlp):
    ((surface, options, features),) = _choice_points(nlp, "The ministers meet on Monday.")
    assert surface == "Monday"
    values = set(options.values())
    assert {"2022-09-12", "2022-09-19"} <= values  # the Monday before and the Monday after
    assert None in values  # or no date at all ("weekday" is a word that is sometimes a name)
    assert "tense=future" in features or "tense=present" in features


def test_a_comparison_is_read_at_the_granularity_of_a_year_a_quarter_or_a_day(nlp):
    points = _choice_points(nlp, "Profit fell to $3 million from $5 million a year ago.")
    ((surface, options, _),) = [p for p in points if p[0] == "a year ago"]
    assert {"2021", "2021-09-15", "2021-Q2"} <= set(options.values())


def test_a_clear_case_has_one_reading(nlp):
    assert _choice_points(nlp, "The treaty was signed on March 3, 2019.") == []


def test_training_prefers_the_readings_that_were_right():
    # two readings; the second is right whenever "next=now" is among the context features
    examples = [choices.Example([["rules|bias", "rules|x=a"], ["drop|bias", "drop|x=a"]], [True, False])] * 30 + \
               [choices.Example([["rules|bias", "rules|x=b"], ["drop|bias", "drop|x=b"]], [False, True])] * 10
    model = choices.train(examples)
    assert model.score(["drop|bias", "drop|x=b"]) > model.score(["rules|bias", "rules|x=b"])
    assert model.score(["rules|bias", "rules|x=a"]) > model.score(["drop|bias", "drop|x=a"])
    again = ChoiceModel.from_json(json.loads(json.dumps(model.to_json())))
    assert again.weights.keys() == {k for k, v in model.weights.items() if abs(v) >= 1e-3}


def test_the_shipped_weights_load_and_the_rules_stay_the_default(nlp):
    assert WEIGHTS_PATH.exists() and shipped_model() is not None
    text = "Now the ministers meet on Monday."
    assert extract_timexes(text, THURSDAY, nlp=nlp) == extract_timexes(text, THURSDAY, nlp=nlp, chooser=None)
    assert extract_timexes(text, THURSDAY, nlp=nlp, chooser=shipped_chooser())  # runs with the shipped model


def test_folds_are_whole_documents_with_a_fixed_seed():
    docs = [choices.GoldDocument("C", f"d{i}.tml", "", THURSDAY, []) for i in range(10)]
    first, again = choices.folds(docs, 3), choices.folds(list(reversed(docs)), 3)
    assert [[d.name for d in f] for f in first] == [[d.name for d in f] for f in again]
    assert sorted(d.name for f in first for d in f) == sorted(d.name for d in docs)


@pytest.fixture
def small_corpora(shared_data, tmp_path):
    """Two small corpora copied from ../shared/data (skipped when absent)."""
    out = []
    for corpus, count in (("TimeBank", 4), ("AQUAINT", 2)):
        target = tmp_path / corpus
        target.mkdir()
        for source in sorted((shared_data / "tempeval3" / corpus).glob("*.tml"))[:count]:
            (target / source.name).write_bytes(source.read_bytes())
        out.append(target)
    return out


def test_train_and_cross_validate_commands(small_corpora, tmp_path, capsys):
    weights = tmp_path / "choices.json"
    assert main(["train", "choices", *map(str, small_corpora), "--out", str(weights)]) == 0
    assert "weights" in json.loads(weights.read_text())
    assert main(["eval", "tempeval3", "--cross-validate", "2", *map(str, small_corpora)]) == 0
    out = capsys.readouterr().out
    assert "fold 1" in out and "pooled" in out and "TimeBank -> AQUAINT" in out and "AQUAINT -> TimeBank" in out
