"""Odd input never crashes extraction, event building or the exports (a seeded fuzz)."""

from __future__ import annotations

import datetime as dt
import random

from timeline.assemble import build_timeline
from timeline.export import csv_export, json_export, timelinejs
from timeline.model import Document
from timeline.pipeline import process

WORDS = [
    "the", "on", "Friday", "May", "march", "2022", "last", "year", "ago", "$60", "early", "mid-", "Sept.", "15,",
    "of", "in", "a", "day", "later", "—", "«", "»", "\u200b", "😀", "ＡＢＣ", "1/2", "a.m.", "noon", "the end of",
    "recently", "next", "week", "and", ",", ".", "\n\n", '"', "'s", "-", "since", "until", "9999", "12/31/9999",
    "century", "decades", "millennium", "30000 years ago", "the 1000s", "Q4", "H2", "He", "met", "Putin", "said",
]


def test_random_text_never_crashes(nlp):
    rng = random.Random(20220915)
    for _ in range(150):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 120)))
        dct = dt.date(rng.choice([1, 1000, 2022, 9998]), rng.randint(1, 12), rng.randint(1, 28))
        result = process(Document("x", text, dct, "test"), nlp)
        timeline = build_timeline([(result.document, result.events)])
        for dump in (timelinejs.FORMAT.dumps, csv_export.FORMAT.dumps, json_export.FORMAT.dumps):
            assert isinstance(dump(timeline), str)
        for timex in result.timexes:
            assert text[timex.start : timex.end] == timex.text


def test_out_of_calendar_shifts_are_unknown_not_errors(nlp):
    result = process(Document("x", "It happened 30000 years ago, in year 9999 or so.", dt.date(2022, 9, 15), "test"), nlp)
    assert all(t.value for t in result.timexes)
