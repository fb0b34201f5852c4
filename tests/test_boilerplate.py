"""Page furniture and appeals to the reader are not news; the news around them stays news."""

import pytest

from timeline.events.boilerplate import boilerplate_spans, is_boilerplate

# One sentence a line, no blank lines: the layout of pre-tokenised corpora and of some feeds.
LINES = "\n".join([
    "Harbour Bank will contribute $ 3 million to rebuild the bridge .",
    "The bridge collapsed in March .",
    "`` We want the crossing open again , and we are ready to support the work with a contribution . ''",
    "The city council approved the plan on Monday .",
])

APPEAL_PAGE = "\n\n".join([
    "The river flooded the old town on Sunday.",
    "Officials said the water had begun to recede by Tuesday.",
    "Rescuers evacuated about 400 residents.",
    "Before you go, we have a small favor to ask.",
    "Please support us with a monthly donation.",
    "Thank you.",
])


def _flagged(text: str) -> list[str]:
    spans = boilerplate_spans(text)
    return [text[a:b] for a, b in spans]


def test_an_article_of_lines_is_not_an_appeal_for_one_contribute_and_one_we():
    assert _flagged(LINES) == []


def test_a_quotation_over_several_lines_is_not_an_appeal():
    text = "The airline said it regretted the delay .\n`` We are sorry .\nWe will support our passengers with a donation to the fund . ''"
    assert _flagged(text) == []


@pytest.mark.parametrize("line, flagged", [
    ("Please support us with a monthly donation.", True),
    ("Subscribe to our newsletter for your daily briefing.", True),
    ("Read more", True),
    ("The company will contribute half of the cost.", False),
    ("The insurer will contribute US$ 5 million to the US fund.", False),
    ("We expect the plant to open in May, the mayor said.", False),
])
def test_lines_judged_one_by_one(line, flagged):
    text = "\n".join(["The mill closed in 1990.", line, "It reopened in 2001."])
    assert (line in _flagged(text)) is flagged
    assert "The mill closed in 1990." not in _flagged(text)


def test_an_appeal_late_on_a_page_takes_what_follows_in_its_voice():
    flagged = _flagged(APPEAL_PAGE)
    assert flagged == [
        "Before you go, we have a small favor to ask.",
        "Please support us with a monthly donation.",
        "Thank you.",
    ]
    spans = boilerplate_spans(APPEAL_PAGE)
    start = APPEAL_PAGE.index("Rescuers")
    assert not is_boilerplate(spans, start, start + len("Rescuers evacuated about 400 residents."))


def test_a_stray_quotation_mark_does_not_hide_an_appeal():
    text = "He said \"it was over.\n\n" + "Officials met on Friday.\n\n" * 80 + "Please support us with a donation."
    assert _flagged(text) == ["Please support us with a donation."]
