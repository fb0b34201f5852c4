"""Knowledge with a seam: languages, timex rule packs and export formats registered by name (entry points), a
language bundle that names its files and modules, and what stays off the production path (the learned
chooser; compiling rules before they are asked for)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from timeline import plugins
from timeline.imports import closure
from timeline.language import DEFAULT_LANGUAGE, LanguageError, language, read_bundle
from timeline.settings import ConfigError, ExtractorSettings
from timeline.timex.extractor import extract_timexes
from timeline.timex.rules import UnknownPack, check_packs, rules_for

from conftest import ROOT


def test_each_group_registers_what_the_package_ships():
    assert plugins.names(plugins.LANGUAGES) == ("en",)
    assert plugins.names(plugins.TIMEX_PACKS) == ("earnings",)
    assert plugins.names(plugins.EXPORT_FORMATS) == ("csv", "json", "timelinejs")


def test_an_unknown_name_is_an_error_that_says_what_is_known():
    with pytest.raises(plugins.UnknownName, match="horoscopes.*earnings"):
        plugins.check(plugins.TIMEX_PACKS, "horoscopes")
    with pytest.raises(UnknownPack):
        check_packs(["horoscopes"])
    with pytest.raises(ConfigError, match="language"):
        ExtractorSettings(language="tlh")
    with pytest.raises(ConfigError, match="packs"):
        ExtractorSettings(packs=("horoscopes",))


def test_the_english_bundle_names_files_and_modules_that_exist():
    bundle = language()
    assert bundle.name == DEFAULT_LANGUAGE and bundle.default_packs == ExtractorSettings().packs
    for role in ("lexicon", "context", "tense", "text", "assemble"):
        assert bundle.file(role).is_file(), role
    for role in ("fragments", "modifiers", "tense"):
        assert callable(bundle.function(role)), role
    with pytest.raises(LanguageError):
        bundle.file("horoscope")
    assert {r.rule.module for r in rules_for(())} == set(bundle.rule_modules)


def test_a_malformed_bundle_is_an_error_naming_the_file(tmp_path):
    path = tmp_path / "xx.toml"
    path.write_text('name = "xx"\n')
    with pytest.raises(LanguageError, match="xx.toml"):
        read_bundle(path)


def test_the_production_path_never_imports_the_learned_chooser():
    for start in ("timeline.pipeline", "timeline.sources", "timeline.timex.component", "service.extraction"):
        reached = closure(start)
        assert not [m for m in reached if m.startswith("timeline.evaluate")], start


def test_importing_the_extractor_and_its_settings_compiles_no_rule():
    """Settings check pack names against the registry without importing a rule module; importing the pipeline
    imports the rule machinery but compiles nothing until a language's rules are asked for."""
    probe = textwrap.dedent("""
        import sys
        import timeline.settings as s
        s.ExtractorSettings(packs=("earnings",))
        assert not [m for m in sys.modules if m.startswith("timeline.timex")], sorted(sys.modules)
        import timeline.pipeline
        from timeline.timex import rules
        assert rules._compiled.cache_info().currsize == 0
        assert "timeline.timex.rules.absolute" not in sys.modules
        assert "timeline.evaluate.choice_model" not in sys.modules
        print("ok")
    """)
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "ok", out.stderr


GERMAN_RULES = '''
from timeline.calendar import Point
from timeline.timex.rules.base import rule
from timeline.timex.specs import DateSpec

CORPUS = None


@rule("gestern")
def gestern(m):
    return DateSpec(Point(), "deictic", unit="day", shift=-1)
'''


@pytest.fixture
def second_language(tmp_path, monkeypatch):
    """A second language added as another package would add it: a bundle, a rule module and one entry point
    (an installed distribution's metadata on the path); no module of this package is edited."""
    package = tmp_path / "deutsch"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "regeln.py").write_text(GERMAN_RULES)
    (package / "tense.py").write_text("def direction(tokens, start, end):\n    return None\n")
    (package / "modifiers.py").write_text("def extend(text, cand):\n    return cand\n")
    (package / "de.toml").write_text(textwrap.dedent("""
        name = "de"
        dateparser = ["de"]
        rules = ["deutsch.regeln"]
        [files]
        lexicon = "timeline.timex:lexicon.toml"
        context = "timeline.timex:context.toml"
        tense = "timeline.timex:tense.toml"
        text = "timeline:text.toml"
        [code]
        fragments = "timeline.timex.grammar:fragments"
        modifiers = "deutsch.modifiers:extend"
        tense = "deutsch.tense:direction"
    """))
    (package / "bundle.py").write_text(
        "from pathlib import Path\nfrom timeline.language import read_bundle\n"
        "BUNDLE = read_bundle(Path(__file__).with_name('de.toml'))\n")
    info = tmp_path / "deutsch-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: deutsch\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[timeline_languages]\nde = deutsch.bundle:BUNDLE\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    plugins._registered.cache_clear()
    plugins.load.cache_clear()
    yield "de"
    plugins._registered.cache_clear()
    plugins.load.cache_clear()


def test_a_second_language_is_an_addition(nlp, second_language):
    assert second_language in plugins.names(plugins.LANGUAGES)
    assert ExtractorSettings(language="de", packs=()).language == "de"
    found = extract_timexes("Der Kanzler traf gestern den Präsidenten.", "2022-09-15", nlp=nlp, packs=(), language="de")
    assert [(t.text, t.value) for t in found] == [("gestern", "2022-09-14")]
    # the English grammar is not the German one's, and a pack of English is refused for German
    assert extract_timexes("They met yesterday.", "2022-09-15", nlp=nlp, packs=(), language="de") == []
    with pytest.raises(UnknownPack, match="'en'"):
        extract_timexes("Der Kanzler traf gestern.", "2022-09-15", nlp=nlp, packs=("earnings",), language="de")
