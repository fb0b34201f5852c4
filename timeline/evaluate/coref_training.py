"""Train the learned antecedent choice (:mod:`timeline.evaluate.antecedent_model`) on MEANTIME, and measure it across
topics against the rules.

Examples come from running the pipeline over a topic's documents with a recorder in place of the model: every
definite description and "it"/"they" pronoun the resolver reaches is a choice among the entities mentioned
before it within the rules' reach (the rules' own choice among them). The word is aligned with the smallest gold
ENTITY_MENTION that holds it, and each candidate entity with the gold instance most of its names (else its
mentions) are aligned with; a candidate is right when that instance is the word's. A word no gold mention holds,
or whose instance no candidate has, is right with no antecedent.

A logistic regression (scikit-learn, the ``train`` extra: never imported by the pipeline) is fit over the
candidates' features, one weight per feature and form; the probability a candidate must reach to be chosen is
the one that does best over folds of the training documents. :func:`cross_topic` trains on one topic and
scores another, against the rules on the same choices (the features recorded while the rules resolved: the
end-to-end figures of ``timeline eval entities`` with the model switched on are the measure that counts).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from timeline.analysis import Analysis
from timeline.entities.antecedents import Decision
from timeline.evaluate.antecedent_model import LinearModel, best_of, features, null_features, scored
from timeline.evaluate.meantime import MeantimeDocument
from timeline.events.extract import extract_events
from timeline.settings import ExtractorSettings
from timeline.text import Sentences
from timeline.timex.extractor import extract

FORMS = ("description", "pronoun")
SEED = 13
FOLDS = 5
PENALTIES = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)  # inverse penalties of the logistic regression, tried over folds


@dataclass
class Example:
    """One choice: the features of each candidate, which are right, and which the rules took."""

    topic: str
    document: str
    form: str
    kind: str
    word: str
    candidates: list[dict[str, float]]
    null: dict[str, float]  # the features of "no antecedent"
    labels: list[bool]
    rule: int | None  # index of the rules' choice among the candidates
    gold: bool  # the word is a gold entity mention with an instance
    names: list[str] = field(default_factory=list)  # the candidates' names, for reading the examples

    @property
    def answerable(self) -> bool:
        return any(self.labels)


class Recorder:
    """Takes every choice the resolver offers, keeps it with its candidates' features as they are then (an
    entity learns its kind and classes as the article goes on), and answers as the rules do."""

    def __init__(self, forms: Sequence[str] = FORMS):
        self.forms = tuple(forms)
        self.decisions: list[tuple[Decision, list[dict[str, float]], dict[str, float], list[str]]] = []

    def decides(self, form: str) -> bool:
        return form in self.forms

    def choose(self, decision: Decision) -> int | None:
        self.decisions.append((decision, [features(decision, c) for c in decision.candidates],
                               null_features(decision), [c.entity.name for c in decision.candidates]))
        return decision.rule


def _gold_mentions(doc: MeantimeDocument) -> list[tuple[int, int, str]]:
    """(start, end, instance) of every gold entity mention with an instance, the smallest first."""
    out = []
    for markable in doc.of_tag("ENTITY_MENTION"):
        instance = doc.instance_of(markable.id)
        span = doc.span(markable)
        if instance is not None and instance.tag == "ENTITY" and span is not None:
            out.append((span[0], span[1], instance.instance_id))
    return sorted(out, key=lambda m: (m[1] - m[0], m[0]))


def _instance_at(gold: list[tuple[int, int, str]], start: int, end: int, exact: bool = True) -> str | None:
    """The instance of the smallest gold mention that holds [start, end) and ends where it ends (an English noun
    phrase ends in its head: "the company" in "the company's plant", not "its" in "its new phone"); without
    ``exact``, of the smallest that holds it."""
    found = next((i for s, e, i in gold if s <= start and e == end), None)
    if found is None and not exact:
        found = next((i for s, e, i in gold if s <= start and end <= e), None)
    return found


def collect(doc: MeantimeDocument, nlp, topic: str, settings: ExtractorSettings | None = None) -> list[Example]:
    """The choices of one document, labelled against its gold annotation."""
    settings = settings or ExtractorSettings()
    document = doc.document()
    analysis = Analysis(document.text, nlp, Sentences(doc.sentence_spans()), settings.language)
    timexes, discourse = extract(analysis, document.dct, settings.packs, name=settings.language)
    recorder = Recorder()
    _, entities = extract_events(document, timexes, analysis, discourse, recorder)
    gold = _gold_mentions(doc)
    instance_of_entity: dict[int, str] = {}
    for entity in entities:
        found = [(m.form, _instance_at(gold, m.start, m.end, exact=False)) for m in entity.mentions]
        names = Counter(i for form, i in found if form == "name" and i is not None)
        others = Counter(i for _, i in found if i is not None)
        votes = names or others
        if votes:
            instance_of_entity[int(entity.key[1:]) - 1] = votes.most_common(1)[0][0]
    spans = analysis.sentences.spans
    out = []
    for decision, values, null, candidate_names in recorder.decisions:
        token = analysis.docs([decision.sentence], "parsed")[decision.sentence][decision.token]
        start = spans[decision.sentence][0] + token.idx
        instance = _instance_at(gold, start, start + len(token.text))
        labels = [instance is not None and instance_of_entity.get(c.entity.id) == instance for c in decision.candidates]
        rule = next((k for k, c in enumerate(decision.candidates) if c.entity.id == decision.rule), None)
        out.append(Example(topic, doc.doc_id, decision.form, decision.kind, decision.word,
                           values, null, labels, rule, instance is not None, candidate_names))
    return out


def collect_topic(topic: str, docs: Iterable[MeantimeDocument], nlp,
                  progress: Callable[[Iterable], Iterable] = lambda x: x) -> list[Example]:
    return [e for doc in progress(list(docs)) if doc.dct is not None for e in collect(doc, nlp, topic)]


# --- training ------------------------------------------------------------------------------------------------
def _rows(examples: Iterable[Example]):
    """One row per candidate and one for "no antecedent" per choice, labelled right or wrong."""
    xs, ys = [], []
    for example in examples:
        prefix = example.form + "|"
        for values, label in [*zip(example.candidates, example.labels), (example.null, not example.answerable)]:
            xs.append({prefix + name: value for name, value in values.items()})
            ys.append(int(label))
    return xs, ys


def fit(examples: Sequence[Example], forms: Sequence[str], c: float) -> LinearModel:
    """A logistic regression over the candidates (and "no antecedent") of the gold ``examples`` of ``forms``
    (scikit-learn), as a model of plain weights."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    xs, ys = _rows(e for e in examples if e.form in forms and e.gold)
    if len(set(ys)) < 2:
        return LinearModel({}, tuple(forms))
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(xs)
    regression = LogisticRegression(C=c, max_iter=5000)
    regression.fit(matrix, ys)
    return LinearModel(dict(zip(vectorizer.get_feature_names_out(), (float(w) for w in regression.coef_[0]))),
                       tuple(forms))


def folds(documents: Iterable[str], k: int, seed: int = SEED) -> list[set[str]]:
    """``documents`` dealt into ``k`` folds at random (a fixed seed)."""
    order = sorted(set(documents))
    random.Random(seed).shuffle(order)
    return [set(order[i::k]) for i in range(k)]


def choose_penalty(examples: Sequence[Example], form: str, k: int = FOLDS) -> float:
    """The inverse penalty (of ``PENALTIES``) whose models, each fit on k-1 folds of the documents, choose best
    on the fold left out (the smallest on a tie: the model nearest to no model)."""
    groups = folds([e.document for e in examples], k)
    scores = []
    for c in PENALTIES:
        right = 0
        for group in groups:
            model = fit([e for e in examples if e.document not in group], (form,), c)
            right += sum(correct(e, model_choice(model, e)) for e in examples
                         if e.document in group and e.form == form and e.gold)
        scores.append(right)
    return PENALTIES[scores.index(max(scores))]


def train(examples: Sequence[Example], forms: Sequence[str] = FORMS) -> tuple[LinearModel, dict[str, float]]:
    """One model for ``forms`` fit on all ``examples``, each form with the penalty that did best over folds of
    their documents (returned by form)."""
    weights: dict[str, float] = {}
    penalties = {}
    for form in forms:
        penalties[form] = choose_penalty(examples, form)
        weights.update(fit(examples, (form,), penalties[form]).weights)
    return LinearModel(weights, tuple(forms)), penalties


# --- measuring -----------------------------------------------------------------------------------------------
def model_choice(model: LinearModel, example: Example) -> int | None:
    """The index of the candidate ``model`` picks (the features as recorded), None for no antecedent."""
    scores = [scored(model.weights, example.form, values) for values in example.candidates]
    return best_of(scores, scored(model.weights, example.form, example.null))


def correct(example: Example, choice: int | None) -> bool:
    return example.labels[choice] if choice is not None else not example.answerable


@dataclass
class Accuracy:
    """Antecedent accuracy of the rules and of the model over the same choices."""

    name: str
    choices: int = 0
    answerable: int = 0  # choices with a right candidate
    rules: int = 0
    model: int = 0

    def row(self) -> str:
        n = max(1, self.choices)
        return (f"{self.name:<40}{self.choices:>8}{self.answerable:>11}{100 * self.rules / n:>8.1f}"
                f"{100 * self.model / n:>8.1f}")


def accuracy(name: str, examples: Iterable[Example], model: LinearModel, form: str) -> Accuracy:
    """Over the choices of ``form`` whose word is a gold entity mention (the others count nowhere in the gold)."""
    out = Accuracy(name)
    for example in examples:
        if not example.gold or example.form != form:
            continue
        out.choices += 1
        out.answerable += example.answerable
        out.rules += correct(example, example.rule)
        out.model += correct(example, model_choice(model, example))
    return out


def cross_topic(examples: Sequence[Example], forms: Sequence[str] = FORMS) -> list[Accuracy]:
    """Train on each topic, score each other topic, per form."""
    topics = sorted({e.topic for e in examples})
    rows = []
    for train_topic in topics:
        model, penalties = train([e for e in examples if e.topic == train_topic], forms)
        for test_topic in topics:
            if test_topic == train_topic:
                continue
            test = [e for e in examples if e.topic == test_topic]
            for form in forms:
                rows.append(accuracy(f"{train_topic} -> {test_topic}: {form}s (C {penalties[form]:g})", test, model,
                                     form))
    return rows


def winning_forms(rows: Sequence[Accuracy], forms: Sequence[str] = FORMS) -> tuple[str, ...]:
    """The forms whose model chose better than the rules in every held-out direction of ``rows``."""
    return tuple(form for form in forms
                 if all(row.model > row.rules for row in rows if row.name.split(": ")[1].startswith(form)))


def format_accuracy(rows: Sequence[Accuracy]) -> str:
    lines = [f"{'trained -> scored: choices':<40}{'choices':>8}{'answerable':>11}{'rules':>8}{'model':>8}"]
    lines += [row.row() for row in rows]
    return "\n".join(lines)
