"""`timeline eval tempeval3`: score the extractor on TimeML and MEANTIME corpora with the TempEval-3 measures;
`timeline train choices`; `timeline eval semeval2015`; `timeline eval anchoring`; `timeline eval entities`.
The first and the third extract on the service's executors (``--executor``, ``--jobs``, ``--scheduler``); the
scores are the same whichever runs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tqdm import tqdm

from service import extraction
from timeline_cli.coref import read_antecedents
from service.settings import ServiceSettings
from timeline.evaluate import anchoring, choices, event_nouns, semeval2015, tempeval3
from timeline.evaluate.choice_model import WEIGHTS_PATH, shipped_chooser
from timeline.events.nouns import WEIGHTS_PATH as EVENT_NOUN_WEIGHTS
from timeline.model import Document, DocumentEntity, Event, Timex
from timeline.nlp import load_pipeline
from timeline_cli.common import EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, bar_safe_error, error
from timeline_cli.running import executor_for, run_in_order, why, with_options

# the TempEval-3 training corpora, where the project's shared data keeps them
DEFAULT_TRAINING = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "tempeval3"


def run_tempeval3(args, config: ServiceSettings) -> int:
    paths = [Path(p) for p in args.gold_dirs]
    missing = [p for p in paths if not p.exists()]
    if missing:
        for p in missing:
            error(f"{p}: no such file or directory")
        return EXIT_USAGE
    config = with_options(args, config)
    if args.cross_validate is not None:
        return _cross_validate(paths, load_pipeline(config.extractor.model), args.cross_validate, config)
    golds = list(tempeval3.gold_documents(paths))
    # the timexes of each gold text, extracted where --executor says (with the file's own sentences, if any)
    jobs = (extraction.Job(Document(doc.name, doc.text, doc.dct, "timeml:DCT"),
                           tuple(doc.sentences) if doc.sentences is not None else None,
                           shipped_chooser if args.learned else None)
            for _, doc in golds)
    scored, failed = [], 0
    with executor_for(config) as executor:
        extracted = run_in_order(executor, jobs, extraction.timexes_batch, "evaluating")
        for (corpus, doc), (_, done) in zip(golds, extracted):
            if not isinstance(done, str):
                bar_safe_error(f"{corpus}/{doc.name}: {why(done)} (not scored)")
                failed += 1
                continue
            scored.append((corpus, doc, [Timex.from_json(t) for t in json.loads(done)]))
    table = tempeval3.score(scored)
    if not table:
        error("no TimeML documents with a DCT found")
        return EXIT_USAGE
    print(tempeval3.format_table(table))
    if args.errors:
        print()
        print(tempeval3.format_errors(table))
    return EXIT_SOME_FAILED if failed else EXIT_OK


def _collect(paths, nlp, packs):
    docs = choices.load_documents(paths)
    for doc in tqdm(docs, desc="rules and choice points", unit="doc", file=sys.stderr, disable=None):
        choices.collect(doc, nlp, packs)
    return docs


def _cross_validate(paths, nlp, k: int, config: ServiceSettings) -> int:
    if k < 2:
        error("--cross-validate needs K >= 2")
        return EXIT_USAGE
    packs = config.extractor.packs
    docs = _collect(paths, nlp, packs)
    if len(docs) < k:
        error(f"{len(docs)} documents cannot make {k} folds")
        return EXIT_USAGE
    print(f"value F1, the rules alone against the rules with the choice model trained inside each fold "
          f"({k} folds of documents, seed {choices.SEED}; {sum(len(d.examples) for d in docs)} choice points)")
    per_fold, pooled = choices.cross_validate(docs, nlp, k, packs, progress=lambda m: print(m, file=sys.stderr))
    print(choices.format_comparisons(per_fold + [pooled]))
    corpora = sorted({d.corpus for d in docs})
    if len(corpora) > 1:
        print()
        print("trained on one corpus, scored on another")
        rows = [choices.cross_corpus(docs, nlp, a, b, packs) for a in corpora for b in corpora if a != b]
        print(choices.format_comparisons(rows))
    return EXIT_OK


def run_train(args, config: ServiceSettings) -> int:
    paths = [Path(p) for p in args.gold_dirs] or [DEFAULT_TRAINING / "TimeBank", DEFAULT_TRAINING / "AQUAINT"]
    missing = [p for p in paths if not p.exists()]
    if missing:
        for p in missing:
            error(f"{p}: no such file or directory")
        return EXIT_USAGE
    nlp = load_pipeline(args.model or config.extractor.model)
    docs = _collect(paths, nlp, config.extractor.packs)
    examples = [e for d in docs for e in d.examples]
    model = choices.train(examples)
    out = args.out or WEIGHTS_PATH
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model.to_json(), indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{out}: {len(model.weights)} weights from {len(examples)} choice points in {len(docs)} documents")
    return EXIT_OK


def run_semeval2015(args, config: ServiceSettings) -> int:
    if not args.docs_dir.is_dir():
        error(f"{args.docs_dir}: not a directory")
        return EXIT_USAGE
    if not args.gold_dir.exists():
        error(f"{args.gold_dir}: no such file or directory (a directory of timelines, or a file of target entities)")
        return EXIT_USAGE
    config = with_options(args, config)
    documents = semeval2015.read_documents(args.docs_dir)
    # each document's events and entities, read where --executor says with the task's own sentences
    jobs = (extraction.Job(task.document(), tuple((s.start, s.end) for s in task.sentences))
            for task in documents.values())
    extracted, failed = [], 0
    with executor_for(config) as executor:
        for job, done in run_in_order(executor, jobs, extraction.events_batch, "parsing"):
            if not isinstance(done, extraction.Assembled):
                bar_safe_error(f"{job.document.id}: {why(done)} (left out)")
                failed += 1
                continue
            extracted.append((job.document, [Event.from_json(e) for e in json.loads(done.events)],
                              [DocumentEntity.from_json(e) for e in json.loads(done.entities)]))
    attributions: dict[str, semeval2015.Attribution] | None = {} if args.explain else None
    total, per = semeval2015.score_extracted(documents, extracted, args.gold_dir, args.out, attributions)
    if not per:
        error(f"no gold timelines (*.txt) or target entities in {args.gold_dir}")
        return EXIT_USAGE
    print(semeval2015.format_report(total, per))
    if attributions is not None:
        print()
        print("where the gold event mentions are lost")
        print(semeval2015.format_attribution(attributions, listing=args.explain == "all"))
    return EXIT_SOME_FAILED if failed else EXIT_OK


def run_anchoring(args, config: ServiceSettings) -> int:
    paths = [Path(p) for p in args.gold_dirs]
    missing = [p for p in paths if not p.is_dir()]
    if missing:
        for p in missing:
            error(f"{p}: not a directory")
        return EXIT_USAGE
    nlp = load_pipeline(args.model or config.extractor.model)

    def bar(jobs):
        return tqdm(list(jobs), desc="dating", unit="doc", file=sys.stderr, disable=None)

    report = anchoring.evaluate(paths, nlp, progress=bar)
    if not any(report.documents.values()):
        error("no TimeML documents with a DCT found")
        return EXIT_USAGE
    print(anchoring.format_report(report))
    return EXIT_OK


def _noun_corpora(paths: list[Path], meantime: list[Path], nlp):
    """The candidate nouns of each TimeML corpus and MEANTIME topic, by corpus name."""
    def bar(name):
        return lambda jobs: tqdm(list(jobs), desc=f"nouns of {name}", unit="doc", file=sys.stderr, disable=None)

    timeml = {p.name: event_nouns.collect_timeml(p, nlp, progress=bar(p.name)) for p in paths}
    topics = {f"MEANTIME-{p.name}": event_nouns.collect_meantime(p, nlp, progress=bar(p.name)) for p in meantime}
    return timeml, topics


def _missing(paths: list[Path]) -> bool:
    missing = [p for p in paths if not p.is_dir()]
    for p in missing:
        error(f"{p}: not a directory")
    return bool(missing)


def run_train_event_nouns(args, config: ServiceSettings) -> int:
    paths = [Path(p) for p in args.gold_dirs] or [DEFAULT_TRAINING / "TimeBank", DEFAULT_TRAINING / "AQUAINT"]
    if _missing(paths):
        return EXIT_USAGE
    model_name = args.model or config.extractor.model
    nlp = load_pipeline(model_name)
    corpora, _ = _noun_corpora(paths, [], nlp)
    docs = [d for name in corpora for d in corpora[name]]
    candidates = sum(len(d.candidates) for d in docs)
    try:
        model = event_nouns.train(docs, spacy_model=model_name, progress=lambda m: print(m, file=sys.stderr))
    except ValueError as exc:
        error(f"cannot train on {', '.join(map(str, paths))}: {exc}")
        return EXIT_USAGE
    out = args.out or EVENT_NOUN_WEIGHTS
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model.to_json(), indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{out}: {len(model.weights)} feature weights and {len(model.vector_weights)} vector weights from "
          f"{candidates} nouns in {len(docs)} documents; threshold {model.threshold:.2f} (cross-validated)")
    return EXIT_OK


def run_event_nouns(args, config: ServiceSettings) -> int:
    paths = [Path(p) for p in args.gold_dirs]
    if _missing(paths + list(args.meantime)):
        return EXIT_USAGE
    nlp = load_pipeline(args.model or config.extractor.model)
    training, others = _noun_corpora(paths, list(args.meantime), nlp)
    if not any(training.values()):
        error("no TimeML documents with a DCT found")
        return EXIT_USAGE
    try:
        rows = event_nouns.held_out(training, others, progress=lambda m: print(m, file=sys.stderr))
    except ValueError as exc:
        error(str(exc))
        return EXIT_USAGE
    print(event_nouns.format_rows(rows))
    return EXIT_OK


def _targets(spec: str) -> tuple[str, list[str]] | str:
    """``TOPIC=PATH`` → (topic, names); an error message when it cannot be read."""
    topic, sep, path = spec.partition("=")
    if not sep or not topic or not path:
        return f"--targets {spec!r}: write TOPIC=PATH"
    where = Path(path)
    if where.is_dir():
        names = [f.read_text(encoding="utf-8").splitlines()[0].strip() for f in sorted(where.glob("*.txt"))
                 if f.read_text(encoding="utf-8").strip()]
    elif where.is_file():
        names = [line.strip() for line in where.read_text(encoding="utf-8").splitlines() if line.strip()]
    else:
        return f"--targets {spec!r}: {path}: no such file or directory"
    return topic, names


def run_entities(args, config: ServiceSettings) -> int:
    from timeline.evaluate import entities

    missing = [p for p in args.topics if not p.is_dir()]
    if missing:
        for p in missing:
            error(f"{p}: not a directory")
        return EXIT_USAGE
    targets: dict[str, list[str]] = {}
    for spec in args.targets:
        read = _targets(spec)
        if isinstance(read, str):
            error(read)
            return EXIT_USAGE
        targets[read[0]] = read[1]
    kinds = tuple(code for kind in args.kinds.split(",") if kind.strip() for code in entities.KINDS.get(kind.strip(), ()))
    if args.kinds and not kinds:
        error(f"--kinds takes {', '.join(entities.KINDS)}")
        return EXIT_USAGE
    antecedents = read_antecedents(args.antecedents)
    if isinstance(antecedents, str):
        error(antecedents)
        return EXIT_USAGE
    nlp = load_pipeline(args.model or config.extractor.model)

    def bar(docs):
        return tqdm(list(docs), desc="reading", unit="doc", file=sys.stderr, disable=None)

    scores = entities.evaluate(list(args.topics), nlp, targets, kinds, progress=bar, antecedents=antecedents)
    if not any(s.documents for s in scores):
        error("no MEANTIME documents (*.xml) with a creation time found")
        return EXIT_USAGE
    print(entities.format_report(scores))
    return EXIT_OK


def run_headlines(args, config: ServiceSettings) -> int:
    from timeline.evaluate.headlines import Report
    from timeline.pipeline import process
    from timeline_cli.common import Inputs

    inputs = Inputs(args.paths, args.dct, config.extractor.fallback_dct, config.extractor.max_file_bytes,
                    desc="reading")
    nlp = load_pipeline(args.model or config.extractor.model)
    report = Report()
    for doc in inputs:
        report.add(process(doc, nlp, config.extractor).events)
    if not report.events:
        error("no events in the inputs")
        return EXIT_USAGE
    print(report.format(listing=args.list))
    return EXIT_OK
