"""SemEval-2015 Task 4: timeline reading/writing and the temporal awareness scorer."""

from __future__ import annotations

from pathlib import Path

from timeline_cli.main import main
from timeline.evaluate import semeval2015 as se

GOLD = """iPhone 4
0\tXXXX-XX-XX\t16844-16-use
1\t2010-06-07\t16844-2-unveiled\t16900-2-announced
2\t2010-06-08\t16844-8-has
3\t2010-06\t16900-12-slated
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def score(system: str, gold: str, tmp_path: Path) -> dict:
    s = se.read_timeline(write(tmp_path, "s.txt", system))
    g = se.read_timeline(write(tmp_path, "g.txt", gold))
    result = se.Score()
    se.score_timeline(s, g, result)
    return result.table()


def test_reading_normalizes_dates_and_events(tmp_path):
    timeline = se.read_timeline(write(tmp_path, "g.txt", GOLD))
    assert timeline.entity == "iPhone 4"
    assert [(o, d) for o, d, _ in timeline.lines] == [(0, "XXXX-XX-XX"), (1, "2010-06-07"), (2, "2010-06-08"), (3, "2010-06-XX")]
    assert timeline.lines[1][2][0].key == ("16844", 2, "unveiled")
    # our own output format carries token numbers; both name the same event
    (mine,) = se.read_timeline(write(tmp_path, "s.txt", "x\n1\t2010-06-07\t16844-2-18-unveiled\n")).lines[0][2]
    assert mine.key == ("16844", 2, "unveiled") and mine.token == 18
    assert se.normalize_date("2004") == "2004-XX-XX"


def test_perfect_timeline_scores_one(tmp_path):
    table = score(GOLD, GOLD, tmp_path)
    assert table["precision"] == table["recall"] == table["f1"] == 1.0
    assert table["event_f1"] == 1.0 and table["date_accuracy"] == 1.0


def test_wrong_order_costs_precision_and_recall(tmp_path):
    reversed_ = "iPhone 4\n1\t2010-06-08\t16844-8-has\n2\t2010-06-07\t16844-2-unveiled\t16900-2-announced\n"
    table = score(reversed_, GOLD, tmp_path)
    assert 0 < table["precision"] < 1 and table["recall"] < 1
    assert table["event_recall"] == 3 / 5 and table["date_accuracy"] == 1.0


def test_entity_variants():
    assert se.entity_variants("Steve Jobs") == ["Steve Jobs", "Jobs"]
    assert se.entity_variants("iPhone 4") == ["iPhone 4"]
    assert "iTunes" in se.entity_variants("iTunes store")
    assert "Apple Corps" in se.entity_variants("Beatles Apple Corps")


def test_trial_data_end_to_end(shared_data, tmp_path, capsys):
    trial = shared_data / "semeval2015-timeline-trial"
    out = tmp_path / "out"
    assert main(["eval", "semeval2015", str(trial / "documents"), str(trial / "gold-timelines"), "--out", str(out)]) == 0
    report = capsys.readouterr().out
    micro = next(line for line in report.splitlines() if line.startswith("micro-average"))
    f1 = float(micro.split()[3])
    assert f1 >= 20.0, report
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(p.name for p in (trial / "gold-timelines").iterdir())
    line = (out / "steve_jobs.txt").read_text().splitlines()[1]
    order, date, *events = line.split("\t")
    assert order.isdigit() and events and all(len(e.split("-")) >= 4 for e in events)
