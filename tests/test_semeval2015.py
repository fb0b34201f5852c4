"""SemEval-2015 Task 4: the task's format read and written exactly, and the temporal awareness measure as the
task's tool computes it (graphs built from the sorted lines, reduced in order, compared with exact strings)."""

from __future__ import annotations

import re

import pytest

from timeline.evaluate import semeval2015 as se
from timeline.evaluate import temporal_awareness as ta
from timeline_cli.main import main

GOLD = """Some Entity
0\tXXXX-XX-XX\t100-16-use
1\t2010-06\t100-9-slated
2\t2010-06-07\t100-2-unveiled\t200-2-announced
3\t2010-06-08\t100-8-has
"""


def lines(text: str) -> list[ta.Line]:
    return ta.parse_lines(text)


def counts(system: str, gold: str) -> ta.Counts:
    return ta.score(lines(system), lines(gold))


def test_reading_keeps_the_strings_exactly(tmp_path):
    path = tmp_path / "g.txt"
    path.write_text(GOLD)
    timeline = se.read_timeline(path)
    assert timeline.entity == "Some Entity"
    assert [(o, d) for o, d, _ in timeline.lines] == [(0, "XXXX-XX-XX"), (1, "2010-06"), (2, "2010-06-07"), (3, "2010-06-08")]
    assert timeline.lines[2][2] == ["100-2-unveiled", "200-2-announced"]
    assert timeline.render() == GOLD
    assert se.normalize_date("2004") == "2004-XX-XX" and se.normalize_date("2011-06") == "2011-06-XX"


def test_perfect_timeline_scores_one():
    result = counts(GOLD, GOLD)
    assert result.precision == result.recall == result.f1 == 1.0


def test_a_small_case_computed_by_hand():
    # gold: A and B on day 1, C on day 2 -> reduced: A=t1, B=t1, C=t2, B<C (A=B is entailed): 4 relations
    gold = "x\n1\t2010-06-07\tA\tB\n2\t2010-06-08\tC\n"
    # system: A, C, D on three days -> A=t1, C=t2, D=t3, A<C, C<D: 5 relations, none entailed by the others
    system = "x\n1\t2010-06-07\tA\n2\t2010-06-08\tC\n3\t2010-06-09\tD\n"
    result = counts(system, gold)
    # precision: A=t1 and C=t2 are in the gold graph, A<C follows from A=B<C; D=t3 and C<D do not: 3/5
    # recall: A=t1 and C=t2 hold in the system graph; B=t1 and B<C do not (B is missing): 2/4
    assert (result.precision_matched, result.system_total) == (3, 5)
    assert (result.recall_matched, result.gold_total) == (2, 4)
    assert result.f1 == pytest.approx(2 * 0.6 * 0.5 / 1.1)


@pytest.mark.parametrize("system", [
    "x\n2\t2010-06-07\t100-2-18-unveiled\t200-2-6-announced\n",  # token numbers: other strings
    "x\n2\t2010-06-07\t100-2-Unveiled\t200-2-announced\n",  # the word's case counts
])
def test_strings_are_compared_exactly(system):
    gold = "x\n2\t2010-06-07\t100-2-unveiled\t200-2-announced\n"
    exact = counts(system, gold)
    assert exact.recall < 1.0


def test_a_month_written_two_ways_is_two_dates():
    gold = "x\n1\t2010-06\tA\n"
    assert counts("x\n1\t2010-06-XX\tA\n", gold).f1 == 0.0
    assert counts("x\n1\t2010-06\tA\n", gold).f1 == 1.0


def test_undated_lines_are_ignored_and_sorting_follows_the_orders():
    gold = "x\n0\tXXXX-XX-XX\tZ\n1\t2010-06-07\tA\n2\t2010-06-08\tB\n"
    # the same lines written out of order, with an extra undated event: the same graph
    system = "x\n2\t2010-06-08\tB\n0\tXXXX-XX-XX\tY\n1\t2010-06-07\tA\n"
    assert counts(system, gold).f1 == 1.0


def test_a_repeated_event_string_matches_the_gold_occurrences_in_turn():
    gold = "x\n1\t2010-06-07\tA\n"
    system = "x\n1\t2010-06-07\tA\n2\t2010-06-08\tA\n"
    result = counts(system, gold)
    assert result.recall == 1.0 and result.precision < 1.0


def test_a_contradicting_relation_stays_in_the_reduced_graph():
    # two orders on one date: the order says before, the shared date says simultaneous
    gold = "x\n3\t1985\tA\n4\t1985\tB\n"
    graph = ta.graph_of(ta.relations(lines(gold)))
    assert len(graph.reduced) == 3


def test_wrong_order_costs_precision_and_recall():
    reversed_ = "x\n1\t2010-06-08\t100-8-has\n2\t2010-06-07\t100-2-unveiled\t200-2-announced\n"
    result = counts(reversed_, GOLD)
    assert 0 < result.precision < 1 and result.recall < 1


def test_task_dates_and_mentions():
    from timeline.calendar import parse_value

    assert se.task_date(parse_value("2010-06-07")) == "2010-06-07"
    assert se.task_date(parse_value("2010-06")) == "2010-06-XX"
    assert se.task_date(parse_value("2010")) == "2010-XX-XX"
    assert se.task_date(parse_value("2010-W23")) == "2010-06-XX"
    assert se.task_date(None) == "XXXX-XX-XX"


def test_a_task_document_maps_offsets_to_sentence_and_word(tmp_path):
    path = tmp_path / "1_doc.tml"
    path.write_text('<?xml version="1.0"?><TimeML><DOCID>1</DOCID><DCT><TIMEX3 tid="t0" type="DATE" '
                    'value="2011-03-02">2011-03-02</TIMEX3></DCT><TEXT><s id="1">March 2 , 2011</s>'
                    '<s id="2">The carrier <EVENT eid="e1">showed</EVENT> off its new jets .</s></TEXT></TimeML>')
    task = se.read_document(path)
    assert task.text == "March 2 , 2011\nThe carrier showed off its new jets ."
    start = task.text.index("showed")
    assert task.mention(start) == "1-2-showed"
    assert task.mention(start, "showed off") == "1-2-showed_off"
    assert task.mention(len(task.text) + 5) is None


def test_name_variants():
    from timeline.entities import name_variants, refers_to

    assert name_variants("Jane Doe") == ["Jane Doe", "Doe"]
    assert name_variants("Model 4") == ["Model 4"]
    assert "eBay" in name_variants("eBay store")
    assert "Acme Records" in name_variants("Liverpool Acme Records")
    assert refers_to(["Doe"], "Jane Doe") and not refers_to(["Jane Smith"], "Jane Doe")


def test_each_gold_mention_is_attributed_to_the_step_that_loses_it():
    gold = se.TaskTimeline("Acme", [(0, "XXXX-XX-XX", ["1-2-said"]), (1, "2020-01-02", ["1-3-opened", "2-1-opened"]),
                                    (2, "2020-03-XX", ["1-5-closed"])])
    system = se.TaskTimeline("Acme", [(1, "2020-01-02", ["1-3-opened"]), (2, "2020-04-XX", ["1-5-closed"]),
                                      (3, "2020-05-01", ["1-7-moved"])])
    found = {"1-3-opened", "1-5-closed", "1-7-moved", "1-2-said"}
    attribution = se.attribute(system, gold, found)
    assert attribution.counts() == {"not found": 1, "not tied": 1, "gold date": 1, "other date": 1}
    assert attribution.mentions["not found"] == ["2-1-opened\t2020-01-02"]
    assert attribution.mentions["other date"] == ["1-5-closed\t2020-03-XX\t2020-04-XX"]
    assert attribution.extra == ["1-7-moved"]
    table = se.format_attribution({"Acme": attribution}, listing=True)
    assert "not tied\t1-2-said" in table and table.splitlines()[2].split()[:2] == ["Acme", "4"]


def test_trial_data_end_to_end(shared_data, tmp_path, capsys):
    trial = shared_data / "semeval2015-timeline-trial"
    out = tmp_path / "out"
    assert main(["eval", "semeval2015", str(trial / "documents"), str(trial / "gold-timelines"), "--out", str(out),
                 "--explain"]) == 0
    report = capsys.readouterr().out
    assert "where the gold event mentions are lost" in report
    micro = next(line for line in report.splitlines() if line.startswith("micro-average"))
    f1 = float(micro.split()[3])
    assert f1 >= 25.0, report
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(p.name for p in (trial / "gold-timelines").iterdir())
    for path in out.iterdir():
        for line in path.read_text().splitlines()[1:]:
            order, date, *events = line.split("\t")
            assert order.isdigit() and re.fullmatch(r"\d{4}-(\d\d|XX)-(\d\d|XX)|XXXX-XX-XX", date)
            assert events and all(re.fullmatch(r"[^-]+-\d+-\S+", e) for e in events)


def test_entity_files_without_gold_events(shared_data, tmp_path, capsys):
    """Scoring runs with only each timeline's entity (the evaluation set-up): timelines are still written."""
    trial = shared_data / "semeval2015-timeline-trial"
    entities = tmp_path / "entities"
    entities.mkdir()
    (entities / "someone.txt").write_text("Steve Jobs\n")
    out = tmp_path / "out"
    assert main(["eval", "semeval2015", str(trial / "documents"), str(entities), "--out", str(out)]) == 0
    assert len((out / "someone.txt").read_text().splitlines()) > 1


def test_a_file_of_target_entities_gives_a_timeline_file_for_each(shared_data, tmp_path, capsys):
    """The evaluation set-up with only the entities: a list of names, each timeline written under the task's name."""
    trial = shared_data / "semeval2015-timeline-trial"
    targets = tmp_path / "targets.txt"
    targets.write_text("Steve Jobs\niPod\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["eval", "semeval2015", str(trial / "documents"), str(targets), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["ipod.txt", "steve_jobs.txt"]
    assert (out / "steve_jobs.txt").read_text().splitlines()[0] == "Steve Jobs"
    assert se.timeline_file_name("Airbus A380") == "airbus_a380.txt"
