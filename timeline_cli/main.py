"""The `timeline` command: argument parsing and dispatch to the command modules of this package."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from service.settings import load_settings
from timeline import __version__
from timeline.export.registry import DEFAULT_FORMAT, FORMATS
from timeline.filters import FILTERS
from timeline.nlp import ModelNotInstalled
from timeline.settings import ConfigError
from timeline_cli.common import EXIT_USAGE, error, filter_text, parse_date_arg
from timeline_cli.running import executor_options

EXIT_SIGPIPE = 141  # what a shell reports for a process ended by SIGPIPE (128 + 13)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="timeline", description="Event timelines from news articles.")
    parser.add_argument("--version", action="version", version=f"timeline {__version__}")
    parser.add_argument("--config", type=Path, help="settings file (default: ./config.toml when present)")
    sub = parser.add_subparsers(dest="command", required=True)

    extract = sub.add_parser("extract", help="temporal expressions (TIMEX3) of each document")
    extract.add_argument("paths", nargs="+", metavar="PATH", help="files or directories; '-' reads standard input")
    extract.add_argument("--dct", type=parse_date_arg, help="document creation time for every input (YYYY-MM-DD)")
    extract.add_argument("--format", choices=("json", "timeml"), default="json")
    extract.add_argument("--out", type=Path, help="write into this directory instead of standard output")
    extract.add_argument("--model", help="spaCy pipeline to use (default: from the config)")
    executor_options(extract)
    _link_option(extract)

    build = sub.add_parser("build", help="the merged event timeline of the documents")
    build.add_argument("paths", nargs="+", metavar="PATH", help="files or directories; '-' reads standard input")
    build.add_argument("--dct", type=parse_date_arg, help="document creation time for every input (YYYY-MM-DD)")
    build.add_argument("--format", choices=tuple(FORMATS), default=DEFAULT_FORMAT,
                       help="; ".join(f"{f.name}: {f.description}" for f in FORMATS.values()))
    for flt in FILTERS:  # the API's filters, under the same names but q (--text)
        build.add_argument(flt.option, dest=f"filter_{flt.name}", type=filter_text(flt), help=flt.description,
                           **({"choices": flt.choices, "default": flt.choices[0]} if flt.choices
                              else {"metavar": "DAY" if flt.kind.endswith("day") else "TEXT"}))
    build.add_argument("--title", help="title slide for the TimelineJS export")
    build.add_argument("--out", type=Path, help="write to this file instead of standard output")
    build.add_argument("--model", help="spaCy pipeline to use (default: from the config)")
    executor_options(build)
    _link_option(build)

    serve = sub.add_parser("serve", help="run the timeline service (waitress) with scheduled refreshes")
    serve.add_argument("--host", help="address to listen on (default: from the config)")
    serve.add_argument("--port", type=int, help="port to listen on (default: from the config)")
    serve.add_argument("--threads", type=int, help="request threads (default: from the config)")
    serve.add_argument("--connection-limit", type=int, metavar="N",
                       help="connections at once; past it, the one waiting longest without being served is closed")
    serve.add_argument("--channel-timeout", type=float, metavar="SECONDS", help="close a connection idle this long")
    serve.add_argument("--request-seconds", type=float, metavar="SECONDS",
                       help="a request must arrive whole within this long of its first byte (slow clients are dropped)")
    serve.add_argument("--max-request-bytes", type=int, metavar="BYTES", help="largest request body (413 beyond)")
    serve.add_argument("--max-request-header-bytes", type=int, metavar="BYTES",
                       help="largest request line and headers (431 beyond)")
    executor_options(serve, database=True)

    refresh = sub.add_parser("refresh", help="refresh the service's store from the feed directory once, then exit")
    refresh.add_argument("--wait", type=float, default=600.0,
                         help="seconds to wait for a running refresh and for files still being written (default 600)")
    refresh.add_argument("--no-wait-settling", action="store_true",
                         help="do not wait for files still being written: leave them for a later refresh (exit 1)")
    executor_options(refresh, database=True)

    sub.add_parser("migrate", help="bring the service's store (SQLite or PostgreSQL) to this release's schema, then exit")

    evaluate = sub.add_parser("eval", help="score against a benchmark")
    bench = evaluate.add_subparsers(dest="benchmark", required=True)
    te3 = bench.add_parser("tempeval3", help="TempEval-3 timex scores on TimeML or MEANTIME gold corpora")
    te3.add_argument("gold_dirs", nargs="+", metavar="GOLD_DIR")
    te3.add_argument("--errors", action="store_true", help="list misses, false hits and wrong values")
    te3.add_argument("--model", help="spaCy pipeline to use (default: from the config)")
    te3.add_argument("--cross-validate", type=int, metavar="K", dest="cross_validate",
                     help="train the choice model on K-1 folds of documents, score the held-out fold against the "
                          "rules alone (and train on each corpus, score the others)")
    executor_options(te3)
    te3.add_argument("--learned", action="store_true",
                     help="score with the shipped choice model (trained on these corpora: not a fair measure)")
    sem = bench.add_parser("semeval2015", help="SemEval-2015 Task 4 timelines: build, write and score them")
    sem.add_argument("docs_dir", type=Path, metavar="DOCS_DIR", help="the task's TimeML documents")
    sem.add_argument("gold_dir", type=Path, metavar="GOLD_DIR",
                     help="gold timelines, one file per target entity (a file may hold only its entity), or a file "
                          "of target entities, one a line")
    sem.add_argument("--out", type=Path, help="write the system timelines into this directory")
    sem.add_argument("--explain", nargs="?", const="table", choices=("table", "all"),
                     help="say where each gold event mention is lost (not found, not tied to the entity, dated "
                          "otherwise), per timeline; 'all' lists every mention")
    sem.add_argument("--model", help="spaCy pipeline to use (default: from the config)")
    executor_options(sem)
    ent = bench.add_parser("entities", help="entity resolution and participants against MEANTIME, per topic")
    ent.add_argument("topics", nargs="+", type=Path, metavar="TOPIC_DIR", help="MEANTIME topic directories (*.xml)")
    ent.add_argument("--targets", action="append", default=[], metavar="TOPIC=PATH",
                     help="a topic's target entities: a file of one name a line, or a directory of SemEval-2015 "
                          "timelines (their first lines); repeat for each topic")
    ent.add_argument("--kinds", default="", help="score only these mentions: name, description, pronoun (comma-separated)")
    ent.add_argument("--model", help="spaCy pipeline to use (default: from the config)")
    _antecedents_option(ent)
    heads = bench.add_parser("headlines", help="count headlines without a subject, with a pronoun subject, a changed "
                                               "verb or a cut-off phrase")
    heads.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="articles or directories, as for build")
    heads.add_argument("--list", action="store_true", help="show up to five examples of each problem")
    heads.add_argument("--dct", help="publication date for inputs without one")
    heads.add_argument("--model", help="spaCy pipeline to use (default: from the config)")
    anchoring = bench.add_parser("anchoring", help="how often event dates agree with TimeML gold links, per dating rule")
    anchoring.add_argument("gold_dirs", nargs="+", metavar="GOLD_DIR", help="TimeML corpora (e.g. TimeBank, AQUAINT)")
    anchoring.add_argument("--model", help="spaCy pipeline to use (default: from the config)")
    nouns = bench.add_parser("event-nouns", help="which nouns are events: the hand list, the learned model and both, "
                                                 "each corpus scored by a model trained on the others")
    nouns.add_argument("gold_dirs", nargs="+", metavar="GOLD_DIR", help="TimeML corpora to train on and score (EVENT tags)")
    nouns.add_argument("--meantime", nargs="*", type=Path, default=[], metavar="TOPIC_DIR",
                       help="MEANTIME topic directories, scored only (never trained on)")
    nouns.add_argument("--model", help="spaCy pipeline to use (default: from the config)")
    train = sub.add_parser("train", help="train a learned model on TimeML gold corpora and write its weights")
    learned = train.add_subparsers(dest="learned", required=True)
    for name, help_text, default in (
            ("choices", "the timex choice model", "timeline/evaluate/choices.json"),
            ("event-nouns", "the event-noun model", "timeline/events/event_nouns.json")):
        command = learned.add_parser(name, help=help_text)
        command.add_argument("gold_dirs", nargs="*", metavar="GOLD_DIR",
                             help="TimeML corpora (default: TimeBank and AQUAINT under ../shared/data/tempeval3)")
        command.add_argument("--out", type=Path, help=f"weights file (default: the one that ships, {default})")
        command.add_argument("--model", help="spaCy pipeline to use (default: from the config)")
    coref = learned.add_parser("coref", help="the antecedent choice of descriptions and pronouns, on MEANTIME topics, "
                                             "with a report trained on each topic and scored on the others")
    coref.add_argument("topics", nargs="*", type=Path, metavar="TOPIC_DIR",
                       help="MEANTIME topic directories (default: apple and airbus under ../shared/data/meantime-dev)")
    coref.add_argument("--out", type=Path,
                       help="weights file (default: the one that ships, timeline/evaluate/antecedents.json)")
    coref.add_argument("--forms", help="the forms the model decides where it is applied, comma-separated: "
                                       "description, pronoun (default: both)")
    coref.add_argument("--model", help="spaCy pipeline to use (default: from the config)")
    return parser


def _antecedents_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--antecedents", type=Path, metavar="WEIGHTS",
                         help="resolve descriptions and pronouns with this learned model (a file 'timeline train coref' "
                              "wrote, e.g. timeline/evaluate/antecedents.json) for the forms it decides, instead of "
                              "the rules alone")


def _train_default(argv: list[str]) -> list[str]:
    """ "timeline train [DIR ...]" as it was before there were two models to train: the choice model's."""
    for k, arg in enumerate(argv):
        if arg == "train":
            rest = argv[k + 1 :]
            if not rest or rest[0] not in ("choices", "coref", "event-nouns", "-h", "--help"):
                return argv[: k + 1] + ["choices"] + rest
            return argv
        if not arg.startswith("-") and argv[k - 1 : k] != ["--config"]:
            return argv  # another command
    return argv


def _link_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--follow-links", action="store_true",
                         help="follow symbolic links in input directories to files outside them (refused by default, "
                              "as the service refuses them in its feed)")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_train_default(list(sys.argv[1:] if argv is None else argv)))
    try:
        config = load_settings(args.config)
    except ConfigError as exc:
        error(str(exc))
        return EXIT_USAGE
    logging.basicConfig(level=config.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    try:
        if args.command == "extract":
            from timeline_cli import extract

            return extract.run(args, config)
        if args.command == "build":
            from timeline_cli import build

            return build.run(args, config)
        if args.command == "serve":
            from timeline_cli import serve

            return serve.run_serve(args, config)
        if args.command == "refresh":
            from timeline_cli import serve

            return serve.run_refresh(args, config)
        if args.command == "migrate":
            from timeline_cli import serve

            return serve.run_migrate(args, config)
        if args.command == "eval" and args.benchmark == "tempeval3":
            from timeline_cli import evaluate

            return evaluate.run_tempeval3(args, config)
        if args.command == "train" and args.learned == "coref":
            from timeline_cli import coref

            return coref.run_train(args, config)
        if args.command == "train":
            from timeline_cli import evaluate

            return evaluate.run_train(args, config) if args.learned == "choices" else evaluate.run_train_event_nouns(args, config)
        if args.command == "eval" and args.benchmark == "event-nouns":
            from timeline_cli import evaluate

            return evaluate.run_event_nouns(args, config)
        if args.command == "eval" and args.benchmark == "semeval2015":
            from timeline_cli import evaluate

            return evaluate.run_semeval2015(args, config)
        if args.command == "eval" and args.benchmark == "entities":
            from timeline_cli import evaluate

            return evaluate.run_entities(args, config)
        if args.command == "eval" and args.benchmark == "headlines":
            from timeline_cli import evaluate

            return evaluate.run_headlines(args, config)
        if args.command == "eval" and args.benchmark == "anchoring":
            from timeline_cli import evaluate

            return evaluate.run_anchoring(args, config)
    except ModelNotInstalled as exc:
        error(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _closed_pipe()
    parser.error(f"unknown command {args.command}")
    return EXIT_USAGE


def _closed_pipe() -> int:
    """The reader of standard output went away (`timeline build ... | head`): end quietly, as Unix tools do. The
    output is pointed at /dev/null so that the interpreter's last flush does not fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return EXIT_SIGPIPE


if __name__ == "__main__":
    sys.exit(main())
