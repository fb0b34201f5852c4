"""Which way in time a sentence points at a timex: "past", "future", "present" or None.

"met on Thursday" → past, "will meet on Friday", "would also meet Erdogan on Friday" and
"is set to hold talks Friday" → future, "is meeting Putin on Thursday" → present.
The verb group that governs the timex is the nearest one in its clause (the dependency head
when the sentence is parsed, else the nearest verb group by distance, preferring the left).
"""

from __future__ import annotations

from timeline.nlp import Tok
from timeline.timex.lexicon import load, words as word_lists

_W = word_lists("tense")  # the verbs and cues, with what each list is for

OPEN = "open"  # a verb group that governs a timex without giving it a direction (an infinitive)
_FUTURE_MODALS = _W["future_modals"]
_POSSIBLE_MODALS = _W["possible_modals"]
_FUTURE_FRAMES = _W["future_frames"]
_VERBAL = {"MD", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ"}
_GLUE = {"RB", "TO", "RP"}  # adverbs ("also", "not"), "to", particles inside a verb group
_CLAUSE_BREAKS = {";", ":", "--", "—", "–", "(", ")", '"', "“", "”"}
_REPORTING = _W["reporting"]


def _groups(tokens: list[Tok]) -> list[tuple[int, int]]:
    """Verb groups as [first, last] token index ranges."""
    groups = []
    i = 0
    n = len(tokens)
    while i < n:
        if tokens[i].tag in _VERBAL:
            j = i
            while j + 1 < n and (tokens[j + 1].tag in _VERBAL or (tokens[j + 1].tag in _GLUE and j + 2 < n and tokens[j + 2].tag in _VERBAL | _GLUE)):
                j += 1
            groups.append((i, j))
            i = j + 1
        else:
            i += 1
    return groups


# Verbs that put what follows them ahead: "booked a briefing for Thursday", "extended the deadline
# to Dec. 12", "put off until Tuesday", "was pencilled in for early May".
_SCHEDULING = _W["scheduling"]
# A present-tense event in a timetable lies ahead: "the program starts in September".
_SCHEDULED_EVENTS = _W["scheduled_events"]
_FORECASTING = _W["forecasting"]


def group_tense(tokens: list[Tok], timex_after: bool = False) -> str | None:
    """The temporal direction of one verb group (``timex_after``: the timex follows the group): "past",
    "present", "future", :data:`OPEN` (governs without a direction) or None (no tense)."""
    words = [t.lower for t in tokens]
    tags = [t.tag for t in tokens]
    if not tags:
        return None
    if timex_after and words[-1] in _FORECASTING and tags[-1] in ("VBZ", "VBP"):
        return "future"  # "the company expects growth in the second quarter"
    # "has scheduled a briefing Thursday", "was put off until Tuesday"; not a bare participle
    # ("a rainfall record set on Aug. 6")
    if timex_after and words[-1] in _SCHEDULING and words[-1] not in _W["scheduling_reports"] and (
        tags[-1] == "VBD" or (tags[-1] == "VBN" and len(words) > 1)
    ):
        return "future"
    for k, (w, tag) in enumerate(zip(words, tags)):
        if tag == "MD" and w in _FUTURE_MODALS:
            if w == "'d" and k + 1 < len(tags) and tags[k + 1] == "VBN":
                return "past"
            if k + 1 < len(tags) and words[k + 1] == "have":
                return "past"  # "would have met"
            return "future"
        if tag == "MD" and w in _POSSIBLE_MODALS:
            if k + 1 < len(tags) and words[k + 1] == "have":
                return "past"
            return "future"
    # "is set to hold", "was expected to attend", "are going to", "plans to"
    for k, w in enumerate(words):
        if w == "to" and k > 0 and words[k - 1] in _FUTURE_FRAMES and k + 1 < len(words) and tags[k + 1] == "VB":
            return "future"
        if w == "to" and k > 0 and words[k - 1] in _W["be_forms"] and k + 1 < len(words) and tags[k + 1] == "VB":
            return "future"  # "were to attend"
    first = tags[0]
    if len(words) > 2 and words[-2] == "to" and tags[-1] == "VB" and first in ("VBD", "VBN"):
        # "was asked to testify on Feb. 10": the infinitive's time is after the asking, but how far is
        # not said; the date is placed by nearness alone
        return OPEN
    if first == "VBD":
        if words[0] in _W["past_be_forms"] and len(tags) > 1 and tags[-1] == "VBG" and words[-1] == "going":
            return "future"
        return "past"
    if first in ("VBZ", "VBP"):
        if len(tags) > 1 and words[0] in _W["perfect_auxiliaries"] and "VBN" in tags[1:]:
            return "past"
        if len(words) == 1 and words[0] in _SCHEDULED_EVENTS:
            return "future"  # "the program starts in September", "the museum reopens in the spring"
        return "present"
    if first == "VBN":
        return "past"
    return None


def _clause_penalty(tokens: list[Tok], lo: int, hi: int) -> int:
    """How many clause breaks lie between two token positions."""
    penalty = 0
    for k in range(lo, hi):
        t = tokens[k]
        if t.text in _CLAUSE_BREAKS:
            penalty += 3
        elif t.text == ",":
            penalty += 1
        elif t.lower in _W["clause_words"]:
            penalty += 2
        elif t.lower in _W["coordinators"] and k + 1 < len(tokens) and tokens[k + 1].tag in _VERBAL | {"PRP"}:
            penalty += 1  # "raised rates in July and is expected to ...": another verb phrase, not "Poland and Hungary"
    return penalty


def direction(tokens: list[Tok] | None, start: int, end: int) -> str | None:
    """The direction of the verb group governing the timex at [start, end) in its sentence."""
    if not tokens:
        return None
    inside = [i for i, t in enumerate(tokens) if t.start < end and t.end > start]
    if not inside:
        return None
    first, last = inside[0], inside[-1]
    if last + 1 < len(tokens) and tokens[last + 1].tag == "POS":
        return "past"  # "Friday's sell-off", "Thursday's final tally": reported, so behind us
    cue = _cue(tokens, first)
    if cue:
        return cue
    groups = [g for g in _groups(tokens) if g[1] < first or g[0] > last]
    groups = [g for g in groups if _governs(tokens, g, first)]
    if not groups:
        return None
    parsed = _governing_group(tokens, inside, groups)
    if parsed is not None:
        chosen = parsed
    else:
        chosen = _adjacent_group(tokens, groups, first) or _nearest_group(tokens, groups, first, last)
    chosen = _coordinated_with(tokens, groups, chosen)
    tense = group_tense(tokens[chosen[0] : chosen[1] + 1], timex_after=chosen[1] < first)
    if tense == "past" and chosen[1] < first and _scheduled_for(tokens, chosen):
        return "future"
    if tense == "future" and chosen[0] == chosen[1] and tokens[chosen[0]].lower in _SCHEDULED_EVENTS \
            and last + 1 < len(tokens) and tokens[last + 1].tag in ("NN", "NNS"):
        return "present"  # "under a June agreement, the army leaves": the date names the agreement, not the leaving
    return None if tense == OPEN else tense


_SET_FOR = _W["set_for"]


def _scheduled_for(tokens: list[Tok], group: tuple[int, int]) -> bool:
    """ "a trade fair set for Lyon in April", "talks scheduled for Tuesday": a bare participle of
    scheduling followed by "for" names a date ahead; "a rainfall record set on Aug. 6" is behind."""
    after = group[1] + 1
    return group[0] == group[1] and tokens[group[0]].tag == "VBN" and tokens[group[0]].lower in _SET_FOR \
        and after < len(tokens) and tokens[after].lower == "for"


def _governs(tokens: list[Tok], group: tuple[int, int], first: int) -> bool:
    """Whether a verb group can govern a timex: it has a tense, or it is an infinitive after "to" before
    the timex ("ordered the mayor to appear ... on March 2"), whose time is open. An infinitive after the
    timex is a purpose ("booked a hall Thursday to unveil ...")."""
    if group_tense(tokens[group[0] : group[1] + 1], timex_after=group[1] < first) is not None:
        return True
    return group[1] < first and group[0] == group[1] and tokens[group[0]].tag == "VB" and group[0] > 0 \
        and tokens[group[0] - 1].lower == "to"


def _coordinated_with(tokens: list[Tok], groups: list[tuple[int, int]], group: tuple[int, int]) -> tuple[int, int]:
    """A lone verb right after "and"/"or" shares the auxiliaries of the verb group before it: in "is
    expected to make landfall early Friday and weaken by Saturday", "weaken" is as future as "make"
    (the tagger may well call it VBN). A finite past or present form ("and left Tuesday", "and
    says") keeps its own tense."""
    i = group[0]
    if group[0] != group[1] or tokens[i].tag not in ("VB", "VBN", "VBP") or i == 0 or tokens[i - 1].lower not in _W["coordinators"]:
        return group
    before = [g for g in groups if g[1] < i - 1]
    if not before:
        return group
    previous = before[-1]
    if any(t.text in _CLAUSE_BREAKS or t.text == "," for t in tokens[previous[1] + 1 : i]):
        return group
    return previous


def _adjacent_group(tokens: list[Tok], groups: list[tuple[int, int]], first: int) -> tuple[int, int] | None:
    """A verb group right before the timex, "on" aside, governs it: "said on Wednesday it would close
    two plants" is Wednesday past, however near "would close" is."""
    k = first - 1
    if k >= 0 and tokens[k].lower == "on":
        k -= 1
    return next((g for g in groups if g[1] == k), None) if k >= 0 else None


def _nearest_group(tokens: list[Tok], groups: list[tuple[int, int]], first: int, last: int) -> tuple[int, int]:
    """The verb group with the least cost: token distance, plus clause breaks between, plus a little for
    reporting verbs and for groups after the timex. Groups are tried nearest first, and the search stops
    once the distance alone exceeds the best cost, so a long sentence costs what its near verbs cost."""

    def distance(g):
        return first - g[1] if g[1] < first else g[0] - last + 0.25

    def cost(g):
        if g[1] < first:
            return distance(g) + 3 * _clause_penalty(tokens, g[1] + 1, first) + (0.5 if _is_reporting(tokens, g) else 0)
        penalty = _clause_penalty(tokens, last + 1, g[0])
        if _is_reporting(tokens, g):
            # "... in early April, a spokesman said (on Wednesday).": a reporting clause that closes the
            # sentence frames it without governing what it reports ("On Wednesday, the minister said the ..." does)
            return distance(g) + 3 * penalty + (6 if penalty and _closes_sentence(tokens, g) else 2)
        return distance(g) + 3 * penalty

    best, best_cost = (len(groups), groups[0]), float("inf")  # replaced by the first group tried
    for index, g in sorted(enumerate(groups), key=lambda item: distance(item[1])):
        if distance(g) > best_cost:
            break
        c = cost(g)
        if (c, index) < (best_cost, best[0]):  # ties go to the earlier group, as min() over the list would
            best, best_cost = (index, g), c
    return best[1]


_FUTURE_CUES = _W["future_cues"]
_PAST_CUES = _W["past_cues"]


def _cue(tokens: list[Tok], first: int) -> str | None:
    """Words right before the timex that fix its direction: "payable June 9", "effective Jan. 15",
    "as early as Tuesday" look ahead; "since March" looks back."""
    before = [t.lower for t in tokens[max(0, first - 3) : first]]
    if not before:
        return None
    near = [w for w in before if w not in _W["light_words"]]
    if near and near[-1] in _FUTURE_CUES:
        return "future"
    if before[-3:] == ["as", "soon", "as"] or before[-2:] == ["as", "early"] or before[-3:] == ["as", "early", "as"]:
        return "future"
    if before[-1] in _PAST_CUES:
        return "past"
    if before[-1] in _W["deadline_words"] and _verb_before(tokens, first - 1, _GRANTING | _DEFERRING):
        return "future"
    if before[-1] == "to" and _verb_before(tokens, first - 1, _DEFERRING):
        return "future"
    return None


_GRANTING = _W["granting"]
_DEFERRING = _W["deferring"]


def _verb_before(tokens: list[Tok], at: int, verbs: set[str]) -> bool:
    """ "gave the company until Friday to respond", "was pushed back to Friday", "extended the deadline to
    Oct. 31": a deadline or a new date, ahead of the telling. The verb is within a few words of the
    preposition, in the same clause."""
    for t in reversed(tokens[max(0, at - 6) : at]):
        if t.text in _CLAUSE_BREAKS or t.text == ",":
            return False
        if t.lower in verbs:
            return True
    return False


_DAY_WORDS = _W["day_words"]  # and the weekdays


def _closes_sentence(tokens: list[Tok], group: tuple[int, int]) -> bool:
    """Whether nothing but punctuation or a date ("said Wednesday", "said on Wednesday.") follows the verb
    group: no reported clause ("said in a statement that ...")."""
    k = group[1] + 1
    if k < len(tokens) and tokens[k].lower == "on":
        k += 1
    return k >= len(tokens) or tokens[k].text in (".", ",", ";", "?", "!", "''", '"', "”") or tokens[k].lower in _DAY_WORDS or tokens[k].lower in load().weekdays


def _is_reporting(tokens: list[Tok], group: tuple[int, int]) -> bool:
    return tokens[group[1]].lower in _REPORTING


def _governing_group(tokens: list[Tok], inside: list[int], groups: list[tuple[int, int]]) -> tuple[int, int] | None:
    """With a dependency parse: the verb group containing the first verbal ancestor of the timex."""
    if any(tokens[i].head < 0 for i in inside):
        return None
    # the timex's own head: the token inside whose head lies outside
    node = next((i for i in inside if tokens[i].head not in inside or tokens[i].head == i), inside[0])
    seen = set()
    while node not in seen:
        seen.add(node)
        head = tokens[node].head
        if head == node or head < 0:
            return None
        node = head
        if tokens[node].tag in _VERBAL:
            for g in groups:
                if g[0] <= node <= g[1]:
                    return g
            return None
    return None
