"""Extraction where the cores are: inline, a process pool and a Dask cluster (a real LocalCluster of two
worker processes on 127.0.0.1, one per module) give byte-identical stored results, and with any executor
but inline the serving process does no NLP during a refresh."""

from __future__ import annotations

import shutil

import pytest

from conftest import SEEDS
from feedkit import age, article, refresh
from service.app import create_app
from service.settings import ServiceSettings
from service.store import open_store

STORIES = [
    "Delegation {i} arrived in Samarkand on Wednesday. Its ministers met Xi Jinping on Thursday and will fly "
    "home on Saturday, officials said.",
    "The council of district {i} voted on 3 March 2021 to close the old bridge; the work starts next month.",
    "Talks between the envoys of region {i} resume on Friday after a pause of two weeks, the agency said.",
]


@pytest.fixture(scope="module")
def cluster():
    """A Dask LocalCluster of two worker processes on 127.0.0.1 (one per module: it starts in about a second)."""
    distributed = pytest.importorskip("distributed")
    local = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                     dashboard_address=None)
    yield local.scheduler_address
    local.close()


def _feed(directory):
    for path in SEEDS.iterdir():
        shutil.copy(path, directory / path.name)
    for i in range(12):
        article(directory, f"story-{i:02d}.txt", STORIES[i % 3].format(i=i), title=f"Story {i}")
    for path in directory.iterdir():
        age(path)


def _stored(database: str) -> list:
    """Everything extraction put in the store: documents with their timexes, and the raw events' JSON."""
    store = open_store(database)
    try:
        with store.session() as s:
            docs = s.all("SELECT key, id, document, timexes, timex_count, event_count FROM documents ORDER BY key")
            events = s.all("SELECT doc_key, seq, body FROM raw_events ORDER BY doc_key, seq")
        return [tuple(r) for r in docs] + [tuple(r) for r in events]
    finally:
        store.close()


@pytest.mark.parametrize("part", [None, 5])
def test_every_executor_stores_the_same_bytes(tmp_path, cluster, monkeypatch, part):
    """... also when the change is written in parts (FILES_PER_VERSION), the next part extracted while the
    previous one is written."""
    if part:
        from service import refresh as refreshing

        monkeypatch.setattr(refreshing, "FILES_PER_VERSION", part)
    feed = tmp_path / "feed"
    feed.mkdir()
    _feed(feed)
    results = {}
    for executor in ("inline", "processes", "dask"):
        database = str(tmp_path / executor / "timeline.db")
        app = create_app({"database": database, "feed_dir": str(feed), "settle_seconds": 0, "executor": executor,
                          "workers": 2, "batch_size": 3, "scheduler": cluster if executor == "dask" else None},
                         schedule=False)
        try:
            before = _model_calls()
            report = refresh(app)
            assert report.extracted == 14 and report.executor == executor and not report.skipped
            if executor != "inline":
                assert _model_calls() == before, "the serving process used the model during the refresh"
        finally:
            app.extensions["timeline"].shutdown()
        results[executor] = _stored(database)
    assert results["inline"] == results["processes"] == results["dask"]


def _model_calls() -> int:
    """How often this process asked for a spaCy pipeline (loaded or cached)."""
    from timeline import nlp

    info = nlp._load.cache_info()
    return info.hits + info.misses


def test_extract_endpoint_runs_on_the_executor(tmp_path, cluster):
    for executor in ("processes", "dask"):
        app = create_app({"database": str(tmp_path / executor / "t.db"), "feed_dir": str(tmp_path), "executor": executor,
                          "workers": 1, "scheduler": cluster if executor == "dask" else None}, schedule=False)
        try:
            response = app.test_client().post("/api/extract", json={"text": "Xi would meet Erdogan on Friday.",
                                                                    "dct": "2022-09-15"})
            assert response.status_code == 200, response.data
            assert response.get_json()["timexes"][0]["value"] == "2022-09-16"
        finally:
            app.extensions["timeline"].shutdown()


def test_the_command_line_takes_the_executor_and_the_scheduler(tmp_path, cluster, monkeypatch, capsys):
    import json

    from timeline_cli.main import main

    feed = tmp_path / "feed"
    feed.mkdir()
    article(feed, "a.txt", STORIES[0].format(i=1))
    age(feed / "a.txt")
    monkeypatch.setenv("TIMELINE_FEED_DIR", str(feed))
    monkeypatch.setenv("TIMELINE_SETTLE_SECONDS", "0")
    monkeypatch.setenv("TIMELINE_DATABASE", str(tmp_path / "t.db"))
    assert main(["refresh", "--scheduler", cluster]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["executor"] == "dask" and report["extracted"] == 1


def test_executor_settings_are_checked():
    from timeline.settings import ConfigError

    with pytest.raises(ConfigError, match="executor"):
        ServiceSettings().replace(executor="threads")


def _loaded_pipelines() -> int:
    from timeline import nlp

    return nlp._load.cache_info().currsize


def test_dask_workers_load_the_model_as_they_join():
    """The executor registers a worker plugin: every worker has the model before its first task, and a worker
    that joins the cluster later loads it as it starts."""
    distributed = pytest.importorskip("distributed")
    from service.executors import DaskExecutor

    local = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                                     dashboard_address=None)
    executor = DaskExecutor(ServiceSettings().replace(executor="dask", scheduler=local.scheduler_address))
    try:
        client = executor._get()
        assert list(client.run(_loaded_pipelines).values()) == [1]
        local.scale(2)
        client.wait_for_workers(2, timeout=60)
        assert list(client.run(_loaded_pipelines).values()) == [1, 1]
    finally:
        executor.close()
        local.close()


def _documents(*lengths: int):
    import datetime as dt

    from timeline.model import Document

    return [Document(id=f"d{i}", text="x" * n, dct=dt.date(2024, 5, 2), dct_source="cli") for i, n in enumerate(lengths)]


@pytest.mark.parametrize("lengths, chars, most, expected", [
    # short articles: a task fills up to the document cap
    ((100,) * 7, 1000, 3, [(0, 3), (3, 3), (6, 1)]),
    # long articles: a task closes once it holds the characters (the one that crosses the line stays in it)
    ((600, 600, 600, 600), 1000, 64, [(0, 2), (2, 2)]),
    # one article longer than a task is a task of its own
    ((50, 5000, 50), 1000, 64, [(0, 2), (2, 1)]),
    ((), 1000, 64, []),
    # nonsense settings still give tasks of one document
    ((10, 10), 0, 0, [(0, 1), (1, 1)]),
])
def test_tasks_are_sized_by_their_text(lengths, chars, most, expected):
    from service.executors import batches

    documents = _documents(*lengths)
    got = batches(documents, chars, most)
    assert [(start, len(run)) for start, run in got] == expected
    assert [d for _, run in got for d in run] == documents  # every document once, in order


def test_the_next_part_of_a_large_change_is_extracted_while_this_one_is_written(tmp_path, monkeypatch):
    """A change of more files than FILES_PER_VERSION is written as several versions. With workers, the
    documents of the next part are handed over before the current part is written, so the workers extract
    while the serving process writes and merges; every part is still written once, in order."""
    from contextlib import contextmanager

    from service import refresh as refreshing

    monkeypatch.setattr(refreshing, "FILES_PER_VERSION", 5)
    feed = tmp_path / "feed"
    feed.mkdir()
    _feed(feed)
    app = create_app({"database": str(tmp_path / "timeline.db"), "feed_dir": str(feed), "settle_seconds": 0,
                      "executor": "processes", "workers": 1}, schedule=False)
    state = app.extensions["timeline"]
    steps = []
    handing_over, writing = state.executor.map, state.store.write

    def map_(documents):
        steps.append(f"extract {len(documents)}")
        return handing_over(documents)

    @contextmanager
    def write():
        with writing() as w:
            yield w
        steps.append("written")

    monkeypatch.setattr(state.executor, "map", map_)
    monkeypatch.setattr(state.store, "write", write)
    try:
        report = refresh(app)
    finally:
        state.shutdown()
    assert report.extracted == 14 and not report.skipped
    assert steps == ["extract 5", "extract 5", "written", "extract 4", "written", "written"]


def _gold(directory, name: str, dct: str, text: str) -> None:
    """A TimeML gold file of a sentence written here: the TIMEX3s its text marks."""
    (directory / name).write_text(
        '<?xml version="1.0"?><TimeML><DOCID>x</DOCID>'
        f'<DCT><TIMEX3 tid="t0" type="DATE" value="{dct}" functionInDocument="CREATION_TIME">{dct}</TIMEX3></DCT>'
        f"<TEXT>{text}</TEXT></TimeML>", encoding="utf-8")


def test_the_command_line_gives_the_same_bytes_on_every_executor(tmp_path, cluster, capsys):
    """`timeline build`, `extract` and `eval tempeval3` run their extraction on the service's executors: inline,
    a process pool (--jobs 2) and a Dask cluster (--scheduler) write the same bytes, in the inputs' order although
    the workers finish the documents (a task each) out of order."""
    from timeline_cli.main import main

    feed = tmp_path / "feed"
    feed.mkdir()
    for path in SEEDS.iterdir():
        shutil.copy(path, feed / path.name)
    for i in range(3):
        article(feed, f"story-{i:02d}.txt", STORIES[i].format(i=i), title=f"Story {i}")
    config = tmp_path / "config.toml"  # a task per document: the workers finish them out of order
    config.write_text("[service]\nbatch_size = 1\n", encoding="utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    _gold(gold, "a.tml", "2022-09-15", 'The envoys met on <TIMEX3 tid="t1" type="DATE" value="2022-09-15">Thursday'
          '</TIMEX3> and will meet again <TIMEX3 tid="t2" type="DATE" value="2022-10">next month</TIMEX3>.')
    _gold(gold, "b.tml", "2021-03-05", 'The council voted on <TIMEX3 tid="t1" type="DATE" value="2021-03-03">3 March '
          '2021</TIMEX3>; work starts in <TIMEX3 tid="t2" type="DURATION" value="P2W">two weeks</TIMEX3>.')
    # each command on each executor but the process pool, which starts its workers for every command (the
    # slow part of this test): it runs the one whose order shows, the cluster runs them all
    commands = {
        "build": (["build", str(feed)], ("inline", "dask")),
        "extract": (["extract", str(feed)], ("inline", "processes", "dask")),  # JSON on stdout, in the inputs' order
        "timeml": (["extract", "--format", "timeml", "--out", "{out}", str(feed)], ("inline", "dask")),
        "eval": (["eval", "tempeval3", "--errors", str(gold)], ("inline", "dask")),
    }
    where = {"inline": ["--executor", "inline"], "processes": ["--jobs", "2"], "dask": ["--scheduler", cluster]}
    outputs: dict[str, dict[str, object]] = {}
    for name, (command, executors) in commands.items():
        for executor in executors:
            out = tmp_path / f"{executor}-{name}"
            argv = [part.replace("{out}", str(out)) for part in command]
            cut = 2 if name == "eval" else 1
            assert main(["--config", str(config)] + argv[:cut] + where[executor] + argv[cut:]) == 0
            captured = capsys.readouterr()
            written = sorted((p.name, p.read_bytes()) for p in out.iterdir()) if out.exists() else []
            outputs.setdefault(name, {})[executor] = (captured.out, written)
    for name, by_executor in outputs.items():
        first = by_executor["inline"]
        assert first[0] or first[1], name
        for executor, got in by_executor.items():
            assert got == first, (name, executor)
    assert '"events": [' in outputs["build"]["inline"][0]
    assert "value F1" in outputs["eval"]["inline"][0]


def _lengths(items: list[str], settings) -> list[int]:  # a task: one result per item
    return [len(item) for item in items]


def test_the_command_line_keeps_the_inputs_order_a_window_at_a_time_with_a_bar(monkeypatch, capsys):
    import threading

    from service.executors import make_executor
    from timeline_cli import running

    monkeypatch.setattr(running, "WINDOW", 3)
    bars = []

    class Bar(running.tqdm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **{**kwargs, "disable": False})
            bars.append(self)

    monkeypatch.setattr(running, "tqdm", Bar)
    items = ["a" * n for n in (5, 1, 4, 2, 8, 3, 7)]
    executor = make_executor(ServiceSettings(), threading.RLock())
    got = list(running.run_in_order(executor, iter(items), _lengths, "measuring"))
    assert got == [(item, len(item)) for item in items]
    assert (bars[0].n, bars[0].total) == (7, 7) and "measuring" in capsys.readouterr().err


def test_a_document_whose_worker_dies_is_named_and_skipped(tmp_path, capsys):
    """A worker process that cannot hold the model (its memory capped far below it) dies: the command names the
    document, says why and exits 1, and the output is still written."""
    from timeline_cli.main import main

    article(tmp_path, "story.txt", STORIES[0].format(i=1), title="Story")
    config = tmp_path / "config.toml"
    config.write_text("[service]\nextract_memory_mb = 200\n", encoding="utf-8")
    assert main(["--config", str(config), "build", "--executor", "processes", "--jobs", "1",
                 str(tmp_path / "story.txt")]) == 1
    captured = capsys.readouterr()
    assert '"events": []' in captured.out
    assert "story.txt: its extraction worker was lost (out of memory?)" in captured.err
    assert "1 input(s) skipped" in captured.err
