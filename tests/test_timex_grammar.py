"""The rules as a grammar over data: units taken from the lexicon with their factor, checks beside their
rules, word lists in TOML, and domain packs that can be switched off."""

from __future__ import annotations

import pytest

from timeline.model import Document
from timeline.pipeline import extractor_fingerprint, process
from timeline.settings import ConfigError, ExtractorSettings, load_extractor_settings
from timeline.timex.extractor import extract_timexes
from timeline.timex.lexicon import load, words
from timeline import plugins
from timeline.timex.rules import UnknownPack, pack_module, rules_for

RULES = rules_for()

THURSDAY = "2022-09-15"


def _values(nlp, text, **options):
    return [(t.text, t.type, t.value) for t in extract_timexes(text, THURSDAY, nlp=nlp, **options)]


@pytest.mark.parametrize("text,expected", [
    # a unit that is a number of another (two weeks) is taken with its factor wherever a unit is
    ("The tenants have a fortnight to leave.", ("a fortnight", "DURATION", "P2W")),
    ("Talks lasted two fortnights.", ("two fortnights", "DURATION", "P4W")),
    ("The bins are emptied every fortnight.", ("every fortnight", "SET", "P2W")),
    ("The council meets fortnightly.", ("fortnightly", "SET", "P2W")),
    # a fortnight names no calendar period: "the next fortnight" is a stretch of two weeks, not one week
    ("Rain is forecast for the next fortnight.", ("the next fortnight", "DURATION", "P2W")),
    ("Prices fell over the past fortnight.", ("the past fortnight", "DURATION", "P2W")),
    ("The empire declined over the last half-century.", ("the last half-century", "DURATION", "P50Y")),
    # the calendar units keep their periods
    ("Prices rose last week.", ("last week", "DATE", "2022-W36")),
    ("The law changed in the last century.", ("the last century", "DATE", "19")),
    ("It is the worst drought this century.", ("this century", "DATE", "20")),
    # "every"/"per"/"a" + unit takes any unit of the lexicon
    ("The sensor reports every minute.", ("every minute", "SET", "PT1M")),
    ("The tide turns twice a day.", ("twice a day", "SET", "P1D")),
    ("A compound duration: the trial lasted a year and two months.", ("a year and two months", "DURATION", "P1Y2M")),
])
def test_units_come_from_the_lexicon_with_their_factor(nlp, text, expected):
    assert expected in _values(nlp, text)


def test_a_year_in_a_comparison_is_any_year(nlp):
    """ "the same quarter in 2031" is one expression whatever the century (no year range is wired in)."""
    for year in ("1988", "2021", "2031"):
        text = f"Profit rose 8% in the third quarter from the same quarter in {year}."
        got = _values(nlp, text)
        assert (f"the same quarter in {year}", "DATE", f"{year}-Q3") in got, got


def test_a_capitalized_clock_word_mid_sentence_is_a_name(nlp):
    assert _values(nlp, "The old film Midnight Express is on tonight.") == [("tonight", "TIME", "2022-09-15TNI")]
    assert ("noon", "TIME", "2022-09-15T12:00") in _values(nlp, "The rally starts at noon.")


def test_the_earnings_pack_reads_report_periods_and_can_be_switched_off(nlp):
    text = "Net income rose to $5 million in the quarter from $4 million in the year-ago quarter."
    on = _values(nlp, text)
    assert ("the quarter", "DATE", "2022-Q2") in on  # the last quarter completed: the one a report is about
    assert ("the year-ago quarter", "DATE", "2021-Q2") in on
    off = _values(nlp, text, packs=())
    assert ("the quarter", "DATE", "2022-Q3") in off  # the core grammar: the period of the DCT
    assert not any(t[0] == "the year-ago quarter" for t in off)


def test_packs_are_named_modules_with_documentation():
    assert plugins.names(plugins.TIMEX_PACKS) == ("earnings",)
    for name in plugins.names(plugins.TIMEX_PACKS):
        module = pack_module(name)
        assert module.__doc__ and "switched" in module.__doc__.lower()
        assert {r.name for r in rules_for((name,))} - {r.name for r in rules_for(())}
    assert {r.pack for r in RULES} == {None, "earnings"}
    with pytest.raises(UnknownPack):
        rules_for(("horoscopes",))


def test_packs_are_a_setting_that_reaches_the_pipeline_and_the_fingerprint(nlp, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[extractor]\npacks = []\n')
    assert load_extractor_settings(config, env={}).packs == ()
    assert load_extractor_settings(None, env={"TIMELINE_PACKS": "earnings"}).packs == ("earnings",)
    with pytest.raises(ConfigError):
        ExtractorSettings(packs=("horoscopes",))
    assert extractor_fingerprint("m", ("earnings",)) != extractor_fingerprint("m", ())
    import datetime as dt

    doc = Document("d", "Sales rose in the quarter.", dt.date(2022, 9, 15), "test")
    with_pack = process(doc, nlp).timexes
    without = process(doc, nlp, ExtractorSettings(packs=())).timexes
    assert [t.value for t in with_pack] == ["2022-Q2"] and [t.value for t in without] == ["2022-Q3"]


def test_the_component_takes_packs_in_its_config(nlp):
    import spacy

    import timeline.timex.component  # noqa: F401  (registers the factory)

    pipe = spacy.blank("en")
    pipe.add_pipe("timex_tagger", config={"dct": THURSDAY, "packs": []})
    doc = pipe("Sales rose in the quarter.")
    assert [t.value for t in doc._.timexes] == ["2022-Q3"]


def test_each_check_is_a_function_beside_its_rule():
    """A rule holds its check itself (no registry of names): defined in the rule's module, or for the earnings
    pack's "the quarter", the core "the week" check it shares."""
    import timeline.timex.checks as checks

    assert not hasattr(checks, "CHECKS")
    checked = [r for r in RULES if r.check is not None]
    assert len(checked) > 20
    for r in checked:
        assert callable(r.check), r.name
        assert r.check.test.__module__ == r.build.__module__ or r.name == "reporting_quarter", r.name


def test_word_lists_are_data():
    """The lists the checks and the tense reader use are TOML, each with words in lower case."""
    for name in ("context", "tense"):
        table = words(name)
        assert table and all(isinstance(v, frozenset) and v for v in table.values()), name
    assert load().units["fortnight"].factor == 2 and not load().units["fortnight"].calendar
