"""Training and scoring the event-noun model (timeline/events/nouns.py) on annotated corpora.

Candidates are the common nouns of every parsed sentence, as the pipeline's
:func:`~timeline.events.triggers.find_triggers` sees them (the same parse, timexes and names left out); a
candidate is an event when it overlaps a gold event: an EVENT tag of TempEval-3's TimeML corpora (TimeBank,
AQUAINT), or a MEANTIME EVENT_MENTION its annotators marked as a noun.

Three deciders are scored on the same candidates, as the pipeline would decide (a noun modifying another
noun, "the merger talks", is never a trigger): the hand list alone (lexicon.toml's ``event_nouns``), the model
alone, and the two together (the list where it speaks, the model for the nouns it does not list), which is
what :func:`~timeline.events.triggers.is_event_noun` does when the weights ship.

scikit-learn is needed here only (the ``train`` extra): the weights it fits are written as JSON and applied
by nouns.py without it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

from timeline.evaluate import anchoring
from timeline.evaluate.meantime import read_corpus
from timeline.events.nouns import EventNounModel, features, observing, vector
from timeline.events.triggers import listed_event_noun
from timeline.model import Document
from timeline.nlp import lemma
from timeline.pipeline import process

SEED = 13
C = 3.0  # inverse L2 strength (scikit-learn's LogisticRegression): the best of 0.3, 1, 3, 10 by 5-fold
# cross-validation on TimeBank+AQUAINT (F1 of the list with the model 67.9, 69.4, 70.2, 70.0)
FOLDS = 5
# MEANTIME marks every event of an article's title and first five sentences, and further on only some (those
# of the cross-document timelines): its nouns are scored there only
ANNOTATED_SENTENCES = 6
THRESHOLDS = tuple(round(0.05 * k, 2) for k in range(4, 19))  # 0.20 .. 0.90


@dataclass
class Candidate:
    """One common noun of a parsed sentence."""

    features: list[str]
    event: bool  # overlaps a gold event
    listed: bool | None  # the hand list's verdict (None: not listed)
    compound: bool  # modifies another noun ("merger" in "merger talks"): never a trigger
    word: str
    lemma: str
    start: int  # character offset in the document
    vector: tuple[float, ...] = ()  # the parser's context vector of the token (nouns.vector)


@dataclass
class CorpusDocument:
    corpus: str
    name: str
    candidates: list[Candidate] = field(default_factory=list)
    gold: int = 0  # gold events on nouns (a candidate or not)


def _collect(document: Document, gold_spans: list[tuple[int, int]], nlp,
             sentences: Sequence[tuple[int, int]] | None = None) -> list[Candidate]:
    """The candidate nouns of ``document`` as the pipeline reads it, labelled by ``gold_spans``."""
    text = document.text
    spans = sorted(gold_spans)
    out: list[Candidate] = []
    position = [0]

    def watch(doc, indices: list[int]) -> None:
        base = text.find(doc.text, position[0])
        if base < 0:
            return
        position[0] = base + len(doc.text)
        for i in indices:
            token = doc[i]
            start, end = base + token.idx, base + token.idx + len(token.text)
            event = any(s < end and start < e for s, e in spans)
            out.append(Candidate(features(token), event, listed_event_noun(token), token.dep_ == "compound",
                                 token.text, lemma(token).lower(), start, vector(token)))

    with observing(watch):
        process(document, nlp, sentences=sentences)
    return out


def collect_timeml(corpus: Path, nlp, progress: Callable[[Iterable], Iterable] = lambda x: x) -> list[CorpusDocument]:
    """The candidates of every TimeML document of ``corpus`` (a directory of ``*.tml``), EVENT tags as gold."""
    out: list[CorpusDocument] = []
    for path in progress(sorted(corpus.glob("*.tml"))):
        gold = anchoring.read_gold(path)
        if gold is None:
            continue
        document = Document(gold.docid, gold.text, gold.dct, "timeml:DCT")
        candidates = _collect(document, list(gold.events.values()), nlp)
        out.append(CorpusDocument(corpus.name, gold.docid, candidates))
    return out


def collect_meantime(topic: Path, nlp, progress: Callable[[Iterable], Iterable] = lambda x: x) -> list[CorpusDocument]:
    """The candidates of every MEANTIME document of ``topic``, its noun EVENT_MENTIONs as gold."""
    out: list[CorpusDocument] = []
    for meantime in progress(read_corpus(topic)):
        if meantime.dct is None:
            continue
        sentences = meantime.sentence_spans()
        if not sentences:
            continue
        annotated = sentences[min(ANNOTATED_SENTENCES, len(sentences)) - 1][1]
        gold = [meantime.span(m) for m in meantime.of_tag("EVENT_MENTION") if m.attrs.get("pos") == "NOUN"]
        gold = [g for g in gold if g is not None]
        candidates = [c for c in _collect(meantime.document(), gold, nlp, sentences) if c.start < annotated]
        out.append(CorpusDocument(f"MEANTIME-{topic.name}", meantime.name, candidates,
                                  sum(1 for g in gold if g[0] < annotated)))
    return out


# --- fitting -----------------------------------------------------------------------------------------------
def _trainable(docs: Iterable[CorpusDocument]) -> list[Candidate]:
    return [c for d in docs for c in d.candidates if not c.compound]


def _design(candidates: Sequence[Candidate], names: dict[str, int] | None = None):
    """The sparse matrix of the candidates' features (columns by ``names``; made from them when None) with the
    context vector's dimensions after them."""
    import numpy
    from scipy.sparse import csr_matrix, hstack

    fit = names is None
    names = {} if names is None else names
    rows, cols = [], []
    for r, cand in enumerate(candidates):
        for f in set(cand.features):
            col = names.get(f)
            if col is None and fit:
                col = names[f] = len(names)
            if col is not None:
                rows.append(r)
                cols.append(col)
    binary = csr_matrix((numpy.ones(len(rows)), (rows, cols)), shape=(len(candidates), len(names)))
    width = max((len(c.vector) for c in candidates), default=0)
    dense = numpy.array([c.vector if len(c.vector) == width else (0.0,) * width for c in candidates], dtype=float)
    return hstack([binary, csr_matrix(dense.reshape(len(candidates), width))]).tocsr(), names, width


def fit(candidates: Sequence[Candidate], c: float = C, threshold: float = 0.5, spacy_model: str = "") -> EventNounModel:
    """A logistic regression (scikit-learn, L2 with inverse strength ``c``) over the candidates' features, as
    a model nouns.py applies: the intercept is the weight of the ``bias`` feature every noun has."""
    from sklearn.linear_model import LogisticRegression

    if not candidates or len({cand.event for cand in candidates}) < 2:
        raise ValueError("training needs nouns that are events and nouns that are not")
    matrix, names, width = _design(candidates)
    labels = [cand.event for cand in candidates]
    model = LogisticRegression(C=c, max_iter=3000, fit_intercept=False)
    model.fit(matrix, labels)
    coef = model.coef_[0]
    weights = {name: float(coef[col]) for name, col in names.items()}
    vector = tuple(float(v) for v in coef[len(names): len(names) + width])
    return EventNounModel(weights, vector, threshold, spacy_model)


def decide(model: EventNounModel | None, cand: Candidate, union: bool = True) -> bool:
    """Whether the pipeline would take ``cand`` for an event: the list where it speaks (``union``), else the
    model; a noun modifying another noun never."""
    if cand.compound:
        return False
    if union and cand.listed is not None:
        return cand.listed
    return model is not None and model.probability(cand.features, cand.vector) >= model.threshold


def folds(docs: Sequence[CorpusDocument], k: int = FOLDS, seed: int = SEED) -> list[list[CorpusDocument]]:
    """``k`` folds of whole documents, the same for the same documents in any order."""
    ordered = sorted(docs, key=lambda d: (d.corpus, d.name))
    random.Random(seed).shuffle(ordered)
    return [ordered[i::k] for i in range(k)]


DECIDERS = ("list", "model", "list+model")


def choose_thresholds(docs: Sequence[CorpusDocument], c: float = C, k: int = FOLDS,
                      progress: Callable[[str], None] = lambda message: None) -> dict[str, float]:
    """For the model alone and for the list with the model, the threshold that gives the best F1 over ``k``
    folds of ``docs`` (each fold scored by a model fitted on the others)."""
    scored: list[tuple[Candidate, float]] = []
    parts = folds(docs, k)
    for i, held in enumerate(parts):
        model = fit(_trainable(d for j, part in enumerate(parts) if j != i for d in part), c)
        scored += [(cand, model.probability(cand.features, cand.vector)) for cand in _trainable(held)]
        progress(f"threshold: fold {i + 1} of {k}")
    return {decider: _best_threshold(scored, decider == "list+model")[0] for decider in ("model", "list+model")}


def _best_threshold(scored: list[tuple[Candidate, float]], with_list: bool) -> tuple[float, float]:
    """The threshold of the best F1 on these scored candidates, and that F1 (ties: the one nearer 0.5)."""
    best = (-1.0, 0.5)
    for threshold in THRESHOLDS:
        tally = Tally()
        for cand, p in scored:
            listed = cand.listed if with_list else None
            tally.add(cand.event, listed if listed is not None else p >= threshold)
        best = max(best, (tally.f1, threshold), key=lambda pair: (pair[0], -abs(pair[1] - 0.5)))
    return best[1], best[0]


def train(docs: Sequence[CorpusDocument], c: float = C, spacy_model: str = "", decider: str = "list+model",
          progress: Callable[[str], None] = lambda message: None) -> EventNounModel:
    """The model fitted on every document of ``docs``, with the threshold cross-validation on them chooses for
    ``decider`` (the list with the model, as the pipeline applies it, or the model alone)."""
    thresholds = choose_thresholds(docs, c, progress=progress)
    return fit(_trainable(docs), c, thresholds[decider], spacy_model)


# --- scoring -----------------------------------------------------------------------------------------------
@dataclass
class Tally:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    def add(self, gold: bool, said: bool) -> None:
        self.true_positive += gold and said
        self.false_positive += said and not gold
        self.false_negative += gold and not said

    @property
    def precision(self) -> float:
        said = self.true_positive + self.false_positive
        return self.true_positive / said if said else 0.0

    @property
    def recall(self) -> float:
        gold = self.true_positive + self.false_negative
        return self.true_positive / gold if gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Row:
    trained_on: str
    scored_on: str
    thresholds: dict[str, float]  # "model", "list+model"
    tallies: dict[str, Tally]  # "list", "model", "list+model"


def score(models: dict[str, EventNounModel], docs: Iterable[CorpusDocument]) -> dict[str, Tally]:
    """The three deciders' tallies over every candidate noun of ``docs``: the list, the model alone, the list
    with the model (``models`` by decider: one fit, each with the threshold chosen for it)."""
    out = {name: Tally() for name in DECIDERS}
    for cand in (cand for d in docs for cand in d.candidates):
        out["list"].add(cand.event, not cand.compound and cand.listed is True)
        out["model"].add(cand.event, decide(models["model"], cand, union=False))
        out["list+model"].add(cand.event, decide(models["list+model"], cand))
    return out


def _models(docs: Sequence[CorpusDocument], c: float, progress) -> dict[str, EventNounModel]:
    thresholds = choose_thresholds(docs, c, progress=progress)
    model = fit(_trainable(docs), c)
    return {name: replace(model, threshold=t) for name, t in thresholds.items()}


def held_out(training: dict[str, list[CorpusDocument]], others: dict[str, list[CorpusDocument]], c: float = C,
             progress: Callable[[str], None] = lambda message: None) -> list[Row]:
    """Each training corpus scored by a model trained on the other(s), and every corpus of ``others`` (never
    trained on) by a model trained on all of ``training``; thresholds by cross-validation on the training side."""
    rows: list[Row] = []
    names = sorted(training)
    if len(names) > 1:
        for name in names:
            models = _models([d for other in names if other != name for d in training[other]], c, progress)
            rows.append(Row("+".join(n for n in names if n != name), name,
                            {k: m.threshold for k, m in models.items()}, score(models, training[name])))
    if others:
        models = _models([d for name in names for d in training[name]], c, progress)
        for name, docs in others.items():
            rows.append(Row("+".join(names), name, {k: m.threshold for k, m in models.items()}, score(models, docs)))
    return rows


def format_rows(rows: Sequence[Row]) -> str:
    header = f"{'trained on':<18}{'scored on':<18}" + "".join(
        f"{name + ' P':>16}{'R':>6}{'F1':>6}" for name in DECIDERS) + f"{'thresholds':>12}"
    lines = [header, "-" * len(header)]
    for row in rows:
        cells = "".join(f"{100 * t.precision:>16.1f}{100 * t.recall:>6.1f}{100 * t.f1:>6.1f}"
                        for t in (row.tallies[n] for n in DECIDERS))
        thresholds = f"{row.thresholds['model']:.2f} {row.thresholds['list+model']:.2f}"
        lines.append(f"{row.trained_on:<18}{row.scored_on:<18}{cells}{thresholds:>12}")
    lines.append("token-level, over the common nouns of the parsed sentences (a noun modifying a noun is never an "
                 "event); list+model: the hand list where it names the noun, the model elsewhere (what ships);")
    lines.append("thresholds (model alone, list+model) chosen by 5-fold cross-validation on the training corpora")
    return "\n".join(lines)
