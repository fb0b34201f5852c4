"""The `timeline` command line: extract (json, timeml, stdin), eval, and its errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from timeline.sources import timeml
from timeline_cli.main import main

from conftest import SEEDS

SEED_VALUES = {
    # expression as written in the seeds → the value the issue states
    "Thursday": "2022-09-15",
    "Wednesday": "2022-09-14",
    "Friday": "2022-09-16",
    "early February": "2022-02",
    "last month": "2022-08",
    "October": "2022-10",
    "two years ago": "2020",
    "2001": "2001",
    "August": "2022-08",
    "five months": "P5M",
    "February this year": "2022-02",
    "early 2020": "2020",
    "2013": "2013",
    "Wednesday evening": "2022-09-14TEV",
    "more than two years": "P2Y",
    "recent years": "PAST_REF",
}


def run_json(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_extract_seeds_json(capsys):
    code, payload = run_json(capsys, "extract", str(SEEDS))
    assert code == 0
    docs = payload["documents"]
    assert [d["id"] for d in docs] == ["000_7d9800583c3c9883", "003_f115f9060a59de12"]
    for doc in docs:
        assert doc["dct"] == "2022-09-15" and doc["dct_source"] == "sidecar:published"
        for t in doc["timexes"]:
            assert set(t) >= {"id", "text", "start", "end", "type", "value", "mod", "anchor"}
    found = {(t["text"], t["value"]) for d in docs for t in d["timexes"]}
    for text, value in SEED_VALUES.items():
        assert (text, value) in found, f"{text!r} should be {value}"
    by_text = {t["text"]: t for d in docs for t in d["timexes"]}
    assert by_text["early February"]["mod"] == "START"
    assert by_text["early 2020"]["mod"] == "START"
    assert by_text["more than two years"]["mod"] == "MORE_THAN"
    # every Friday in the seeds is the scheduled one, every Thursday the publication day
    assert {t["value"] for d in docs for t in d["timexes"] if t["text"] == "Friday"} == {"2022-09-16"}
    assert {t["value"] for d in docs for t in d["timexes"] if t["text"] == "Thursday"} == {"2022-09-15"}


def test_extract_stdin_needs_a_dct(capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("The talks ended yesterday."))
    assert main(["extract", "-"]) == 1
    err = capsys.readouterr().err
    assert "no publication date" in err and "pass --dct YYYY-MM-DD" in err and "meta.toml" not in err
    monkeypatch.setattr(sys, "stdin", io.StringIO("The talks ended yesterday."))
    code, payload = run_json(capsys, "extract", "--dct", "2022-09-15", "-")
    assert code == 0
    (doc,) = payload["documents"]
    assert doc["dct_source"] == "cli"
    assert [(t["text"], t["value"]) for t in doc["timexes"]] == [("yesterday", "2022-09-14")]


def test_extract_timeml_out_dir(tmp_path, capsys):
    gold = tmp_path / "in" / "doc1.tml.TE3input"
    gold.parent.mkdir()
    gold.write_text(
        '<?xml version="1.0" ?><TimeML><DOCID>doc1</DOCID>'
        '<DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-07">1998-08-07</TIMEX3></DCT>'
        '<TEXT>Bombs exploded <TIMEX3 tid="t9" type="DATE" value="XXXX">Friday</TIMEX3> and again on Saturday.</TEXT></TimeML>'
    )
    out = tmp_path / "out"
    assert main(["extract", "--format", "timeml", "--out", str(out), str(gold)]) == 0
    written = out / "doc1.tml"
    parsed = timeml.parse(written.read_text())
    assert parsed.dct_value == "1998-08-07"
    assert parsed.text == "Bombs exploded Friday and again on Saturday."
    assert [(g.text, g.value) for g in parsed.gold] == [("Friday", "1998-08-07"), ("Saturday", "1998-08-01")]


def test_bad_inputs_are_reported_and_skipped(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text("---\npublished: 2022-09-15\n---\nThey met on Thursday.")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe")
    code, payload = run_json(capsys, "extract", str(good), str(bad), str(tmp_path / "missing.txt"))
    assert code == 1
    assert [d["id"] for d in payload["documents"]] == ["good"]


def test_bad_dct_argument(capsys):
    with pytest.raises(SystemExit) as info:
        main(["extract", "--dct", "15/09/2022", "-"])
    assert info.value.code == 2
    assert "not a date" in capsys.readouterr().err


def test_missing_model_names_the_pip_command(capsys):
    assert main(["extract", "--dct", "2022-09-15", "--model", "en_no_such_model", str(SEEDS)]) == 2
    assert "pip install" in capsys.readouterr().err


def test_console_entry_point(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "timeline_cli.main", "extract", "--dct", "2022-09-15", "-"],
        input="The summit ends on Friday.", capture_output=True, text=True, check=True,
    )
    (doc,) = json.loads(result.stdout)["documents"]
    assert doc["timexes"][0]["value"] == "2022-09-16"


def test_eval_tempeval3_on_shared_documents(shared_data, tmp_path, capsys):
    """The evaluation command on three TimeBank documents from ../shared/data (skipped when absent)."""
    corpus = tmp_path / "TimeBank"
    corpus.mkdir()
    for name in ("wsj_0068.tml", "APW19980213.1320.tml", "wsj_0144.tml"):
        source = shared_data / "tempeval3" / "TimeBank" / name
        if not source.exists():
            source = shared_data / "tempeval3" / "AQUAINT" / name
        (corpus / name).write_bytes(source.read_bytes())
    assert main(["eval", "tempeval3", str(corpus), "--errors"]) == 0
    out = capsys.readouterr().out
    header, rule, row = out.splitlines()[:3]
    assert "strict P/R/F1" in header and row.startswith("TimeBank")
    relaxed_f1 = float(row.split()[5].split("/")[2])
    value_f1 = float(row.split()[6])
    assert relaxed_f1 > 0.8 and value_f1 > 0.6


def test_a_link_out_of_an_input_directory_is_refused_unless_asked(tmp_path, capsys):
    import os

    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    corpus.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text("---\npublished: 2022-09-15\n---\nThe secret talks were held on Monday.")
    os.symlink(outside / "secret.txt", corpus / "secret.txt")
    os.mkfifo(corpus / "pipe.txt")
    code = main(["extract", str(corpus)])
    captured = capsys.readouterr()
    assert code == 1 and json.loads(captured.out) == {"documents": []}
    assert "secret.txt: symbolic link to outside the input directory" in captured.err and "--follow-links" in captured.err
    assert "pipe.txt: not a regular file but a named pipe (FIFO)" in captured.err
    code = main(["extract", "--follow-links", str(corpus)])
    documents = json.loads(capsys.readouterr().out)["documents"]
    assert [d["timexes"][0]["value"] for d in documents] == ["2022-09-12"]


def test_output_to_a_closed_pipe_ends_quietly(tmp_path):
    """`timeline build ... | head`: the reader goes away before the output is written; no traceback."""
    proc = subprocess.Popen([sys.executable, "-m", "timeline_cli.main", "build", str(SEEDS)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # as `head` does once it has its lines
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 141, err.decode()[-2000:]
    assert b"Traceback" not in err and b"BrokenPipe" not in err
