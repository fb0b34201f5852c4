"""Vague references to the present, past and future: "now", "recently", "in the coming weeks"."""

from __future__ import annotations

from timeline.timex.checks import CONTEXT, View, check
from timeline.timex.lexicon import load
from timeline.timex.rules.base import corpus, key, rule, unit
from timeline.timex.specs import DurationSpec, RefSpec


@rule(r"(?:the )?(?P<ref>(?:recent|past|coming) (?P<unit>{UNITS})(?: and (?:{UNITS}))?|(?P<unit2>{UNITS}) (?:ahead|to come))", priority=2)
def recent_units(m):
    """ "in recent years" is the past (PAST_REF); "in the coming weeks", "the months ahead" a stretch of
    unknown length from now (PXW, PXM: TimeBank's and AQUAINT's reading, as for "the next few weeks")."""
    text = key(m.group(0))
    if "coming" in text or "ahead" in text or "to come" in text:
        if " and " not in text:
            return DurationSpec(((None, unit(m["unit"] or m["unit2"]).code),))
        return RefSpec("FUTURE_REF")
    return RefSpec("PAST_REF")


@check()
def reference_check(v: View) -> bool:
    """ "now" as a discourse marker ("Now, ...") is no time; nor are "the past" and "the future" as nouns of
    something ("the future of the party"), "soon" in "as soon as", or "recently" before an adjective
    ("a recently built road")."""
    surface = v.surface.lower()
    nxt = v.next_word().lower()
    prev = v.prev_word().lower()
    if surface == "now":
        start_of_sentence = not prev or prev.endswith((".", "!", "?", '"', "”", ":")) or v.text[: v.cand.start].rstrip().endswith(("\n",))
        if start_of_sentence and v.next_char() == ",":
            return False
        if prev in CONTEXT["sentence_connectives"] and v.next_char() == ",":
            return False
    if surface in CONTEXT["time_nouns"] and nxt == "of":
        return False
    if surface in CONTEXT["soon_words"] and (prev == "as" or nxt in CONTEXT["soon_followers"]):
        return False  # "as soon as", "shortly after the vote": part of a larger expression
    if surface == "recently":
        after = v.after()
        if prev in CONTEXT["adverb_determiners"] and (not after or after[0].tag in ("VBN", "JJ", "VBD")):
            return False  # "a recently built road", "as previously planned"
    if surface == "the past" and prev != "in":
        return prev in CONTEXT["the_past_preceders"]
    return True


@rule(r"{REFERENCE}", check=reference_check)
def reference(m):
    return RefSpec(load().references[key(m.group(0))])


CORPUS = corpus(
    examples=[
        ("Kidnappings rose in [recent years].", "PAST_REF"),
        ("Talks will resume in [the coming weeks].", "PXW"),
        ("The minister is [now] in Rome.", "PRESENT_REF"),
        ("Prices have risen [recently].", "PAST_REF"),
        ("Please call back at [a later time].", "FUTURE_REF"),
    ],
    counter=[
        "[Now], the minister is in Rome.",
        "[The future] of the party is unclear.",
        "As [soon] as he landed, he called.",
        "They drove on a [recently] built road.",
    ],
)
