"""One definition of each piece of knowledge: the month names, the precision of each granularity and the default
rule packs each live in one place, and everything else reads them (each was copied by hand before)."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT

from timeline.settings import ExtractorSettings, load_extractor_settings
from timeline.timex import lexicon

MONTHS = re.compile(r"""["']jan(?:uary)?["']\s*[,:=]\s*(?:1\s*,\s*)?["']feb""", re.I)  # a table of month names


def _sources(*suffixes: str) -> list[Path]:
    return [p for package in ("timeline", "service", "timeline_cli") for p in (ROOT / package).rglob("*")
            if p.suffix in suffixes and "__pycache__" not in p.parts]


def test_the_month_names_are_the_lexicons_and_the_widget_has_one_table():
    names = lexicon.load().month_names
    assert names[0] == "January" and names[8] == "September" and len(names) == 12
    spelled = [p.relative_to(ROOT).as_posix() for p in _sources(".py", ".js") if MONTHS.search(p.read_text("utf-8"))]
    assert spelled == ["service/static/widget/dates.js"]  # the browser's copy: it cannot read the lexicon
    script = (ROOT / "service/static/widget/dates.js").read_text("utf-8")
    table = re.search(r"export const MONTHS = \[(.*?)\];", script, re.S).group(1)
    assert tuple(re.findall(r'"(\w+)"', table)) == names


def test_labels_and_the_recognizer_read_the_same_names():
    from timeline.calendar import Point
    from timeline.events.dates import point_label

    assert point_label(Point(year=2022, month=9)) == "September 2022"
    assert lexicon.load().weekday_names[3] == "Thursday"


def test_one_precision_table():
    import timeline.assemble as assemble
    import timeline.events.dates as dates
    import timeline.events.extract as extract

    assert assemble.PRECISION is dates.PRECISION is extract.PRECISION
    assert set(dates._GRANULARITY.values()) <= set(dates.PRECISION)  # every granularity of the axis has one
    assert not re.search(r"\{\s*\"millennium\": 0", (ROOT / "timeline/assemble.py").read_text("utf-8"))


def test_the_default_packs_are_the_languages_alone():
    from timeline.language import language

    assert ExtractorSettings().packs == language().default_packs
    shipped = load_extractor_settings(ROOT / "config.toml", env={})
    assert shipped.packs == language().default_packs
    assert not re.search(r"^packs\s*=", (ROOT / "config.toml").read_text("utf-8"), re.M)


def test_an_event_read_back_from_its_json_keeps_the_point_of_its_date(nlp):
    """The codec reads back every value the extractor writes: a clock time with its zone ("16:08 UTC" is
    2022-09-15T16:08Z) came back without its calendar point, so a timeline built from stored or shipped events
    placed it otherwise than one built in the same process."""
    import datetime as dt
    import json

    from timeline.model import Document, Event
    from timeline.pipeline import process

    text = "The plane landed at 16:08 UTC on Thursday. The crew met the press at 0900 GMT the next day."
    events = process(Document("d", text, dt.date(2022, 9, 15), "test"), nlp).events
    zoned = [e for e in events if e.date.value.endswith("Z")]
    assert zoned
    for event in events:
        back = Event.from_json(json.loads(json.dumps(event.to_json())))
        assert back == event and back.date.point == event.date.point, event.date.value
