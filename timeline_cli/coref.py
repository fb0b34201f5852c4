"""`timeline train coref`: fit the antecedent choice of descriptions and pronouns on MEANTIME topics, report it
trained on each topic and scored on the others against the rules, and write its weights (the pipeline itself
resolves with the rules alone); and the
``--antecedents`` option of the evaluations, which scores with such a weights file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tqdm import tqdm

from service.settings import ServiceSettings
from timeline.evaluate.antecedent_model import WEIGHTS_PATH, read_model
from timeline.evaluate.meantime import MeantimeFormatError, read_corpus
from timeline.nlp import load_pipeline
from timeline_cli.common import EXIT_OK, EXIT_USAGE, error

# the MEANTIME development topics, where the project's shared data keeps them
DEFAULT_TOPICS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "meantime-dev"


def read_antecedents(path: Path | None):
    """The model a weights file holds, None without a file (the rules alone), or an error message (a str)."""
    if path is None:
        return None
    try:
        return read_model(path)
    except OSError as exc:
        return f"{path}: {exc.strerror or exc}"
    except (ValueError, TypeError, AttributeError) as exc:
        return f"{path}: not a weights file 'timeline train coref' writes: {exc}"


def run_train(args, config: ServiceSettings) -> int:
    from timeline.evaluate import coref_training

    try:
        import sklearn  # noqa: F401
    except ImportError:
        error("training needs scikit-learn, the 'train' extra: pip install -e '.[train]'")
        return EXIT_USAGE
    topics = list(args.topics) or [DEFAULT_TOPICS / "apple", DEFAULT_TOPICS / "airbus"]
    missing = [p for p in topics if not p.is_dir()]
    if missing:
        for p in missing:
            error(f"{p}: not a directory")
        return EXIT_USAGE
    forms = coref_training.FORMS
    if args.forms is not None:
        forms = tuple(f.strip() for f in args.forms.split(",") if f.strip())
        unknown = [f for f in forms if f not in coref_training.FORMS]
        if unknown:
            error(f"--forms takes {', '.join(coref_training.FORMS)}, not {', '.join(unknown)}")
            return EXIT_USAGE
    try:
        corpora = [(topic.name, read_corpus(topic)) for topic in topics]
    except MeantimeFormatError as exc:
        error(str(exc))
        return EXIT_USAGE
    nlp = load_pipeline(args.model or config.extractor.model)
    examples = []
    for name, docs in corpora:
        examples += coref_training.collect_topic(name, docs, nlp, progress=_bar(name))
    gold = [e for e in examples if e.gold]
    if not gold:
        error("no description or pronoun of the documents is a gold entity mention: nothing to learn from")
        return EXIT_USAGE
    print(f"{len(examples)} choices in {len({(e.topic, e.document) for e in examples})} documents, "
          f"{len(gold)} of them on gold entity mentions")
    winners: tuple[str, ...] | None = None
    if len(corpora) > 1:
        print("antecedent accuracy of the rules and of the model, trained on one topic and scored on another")
        rows = coref_training.cross_topic(examples)
        print(coref_training.format_accuracy(rows))
        winners = coref_training.winning_forms(rows)
        print(f"the model beats the rules in every direction for: {', '.join(winners) or 'no form'}")
    model, penalties = coref_training.train(examples)
    model.forms = forms
    out = args.out or WEIGHTS_PATH
    out.parent.mkdir(parents=True, exist_ok=True)
    raw = model.to_json()
    raw["trained"] = {"topics": [name for name, _ in corpora], "choices": len(gold),
                      "penalties": {form: penalties[form] for form in sorted(penalties)}}
    if winners is not None:
        raw["trained"]["beats_the_rules_held_out"] = list(winners)
    out.write_text(json.dumps(raw, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{out}: {len(raw['weights'])} weights; with --antecedents the model decides {', '.join(model.forms)}")
    return EXIT_OK


def _bar(name: str):
    """A progress bar on stderr over one topic's documents."""
    def bar(docs):
        return tqdm(docs, desc=name, unit="doc", file=sys.stderr, disable=None)
    return bar
