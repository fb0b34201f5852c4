"""Sets: recurring times ("every week", "twice a month", "on Mondays", "daily", "every fortnight")."""

from __future__ import annotations

import re
from fractions import Fraction

from timeline.calendar import RANK
from timeline.timex.checks import CONTEXT, View, check, is_rate
from timeline.timex.lexicon import load, parse_number
from timeline.timex.rules.base import corpus, key, month, part_of_day, rule, season, unit, weekday
from timeline.timex.specs import SetSpec, duration_value



def _quant(word: str) -> str:
    return word.upper()  # "every" EVERY, "each" EACH


# a quantity just before: "12% annually", "8,000 cars annually" (not "Smith, 45, jogs daily")
_MEASURED = re.compile(r"(?:\d(?:[\d.,]*\d)?\s*(?:%|percent\b)|\d(?:[\d,]*\d)?\s+[a-z]+)\s*$", re.I)


def _per_period_amount(v: View) -> bool:
    words = re.findall(r"[a-z]+", v.text[v.cand.end : v.cand.end + 40].lower())[:2]
    if words and words[0] in CONTEXT["per_period_qualifiers"]:
        words = words[1:]
    return bool(words) and words[0] in CONTEXT["per_period_amounts"] and \
        bool(re.match(r"\s+", v.text[v.cand.end : v.cand.end + 1]))


@check()
def set_adverb_check(v: View) -> bool:
    """ "paid monthly", "his daily walk", "the weekly address" are SETs. Not: an amount counted per period
    ("its quarterly payout", "average daily output"), a rate ("grow 20% annually"), or a name ("the Daily
    Mail", "the business weekly Xinhua")."""
    nxt = v.next_word().lower()
    if nxt in CONTEXT["periodical_words"]:
        return False
    following = nxt.rstrip(".,;:")
    if v.surface.islower() and v.next_word()[:1].isupper() and following not in load().weekdays \
            and following not in load().months:
        return False  # "the party daily People's Voice", "the business weekly Nikkei": a newspaper
    if _MEASURED.search(v.text[max(0, v.cand.start - 30) : v.cand.start]):
        return False
    return not _per_period_amount(v)


@rule(r"(?P<word>{SET_ADVERB})", check=set_adverb_check)
def set_adverb(m):
    return SetSpec(load().sets[key(m["word"])])


@rule(r"(?P<quant>every|each) (?P<which>other |second |third )?(?P<unit>{UNIT1}|{POD})", priority=2)
def every_unit(m):
    """ "every week" P1W, "every other day" P2D, "every fortnight" P2W, "every morning" P1D."""
    lex = load()
    word = key(m["unit"])
    n = {"other": 2, "second": 2, "third": 3}[key(m["which"])] if m["which"] else 1
    value = lex.sets.get(f"every {word}")
    if value is None and word in lex.parts_of_day:
        value = "P1D"  # every morning, every evening: once a day
    if value is not None:
        if n > 1:
            value = value.replace("1", str(n), 1)
    else:
        u = unit(word)
        value = duration_value((u.amount(n),))
    return SetSpec(value, quant=_quant(m["quant"]))


@rule(r"(?P<quant>every|each) (?P<num>{NUM}) (?P<unit>{UNITS})", priority=2)
def every_n_units(m):
    amount = parse_number(m["num"])
    if not amount or amount < 0:
        return None  # "every 0 days" recurs never
    return SetSpec(duration_value((unit(m["unit"]).amount(amount),)), quant=_quant(m["quant"]))


@rule(r"(?P<quant>every|each) (?P<wd>{WEEKDAY})(?: (?P<pod>{POD}))?", priority=2)
def every_weekday(m):
    value = f"XXXX-WXX-{weekday(m['wd'])}"
    if m["pod"]:
        value += f"T{part_of_day(m['pod'])}"
    return SetSpec(value, quant=_quant(m["quant"]))


@rule(r"(?P<quant>every|each) (?P<month>{MONTH_FULL})", priority=2)
def every_month_name(m):
    return SetSpec(f"XXXX-{month(m['month']):02d}", quant=_quant(m["quant"]))


@rule(r"(?P<quant>every|each) (?P<season>{SEASON})", priority=2)
def every_season(m):
    return SetSpec(f"XXXX-{season(m['season'])}", quant=_quant(m["quant"]))


@rule(r"(?P<wd>{WEEKDAYS})(?: and (?P<wd2>{WEEKDAYS}))?", priority=1)
def plural_weekday(m):
    """ "on Mondays": every Monday ("on" is a signal, outside the expression)."""
    return SetSpec(f"XXXX-WXX-{weekday(m['wd'][:-1])}")


@rule(r"(?:(?<=\bon )|(?<=\bat ))(?P<we>weekends)", priority=1)
def on_weekends(m):
    """ "closed on weekends": every weekend (like "on Mondays"; "on" is a signal, outside the expression)."""
    return SetSpec("XXXX-WXX-WE")


@rule(r"(?P<wd>{WEEKDAY}) (?P<pod>morning|afternoon|evening|night)s", priority=3)
def weekday_nights(m):
    """ "Friday nights": every Friday night."""
    return SetSpec(f"XXXX-WXX-{weekday(m['wd'])}T{part_of_day(m['pod'])}")


@rule(r"(?P<times>{TIMES}|(?P<n>{NUM}) times) (?:a|an|per|each|every) (?P<unit>{UNIT1})", priority=3)
def times_per_unit(m):
    """ "twice a week": P1W, freq 2X; "2.5 times a week" is 5 times every two weeks."""
    n = load().times.get(key(m["times"]))
    if n is None:
        n = parse_number(m["n"])
    u = unit(m["unit"])
    ratio = Fraction(n).limit_denominator(100) if n and n > 0 else Fraction(0)
    if ratio.numerator == 0:
        return SetSpec(duration_value((u.amount(1),)))
    return SetSpec(duration_value((u.amount(ratio.denominator),)), freq=f"{ratio.numerator}X")


@rule(r"(?P<times>{TIMES}) (?P<adverb>{SET_ADVERB})", priority=3)
def times_adverb(m):
    """ "twice daily": twice every day."""
    return SetSpec(load().sets[key(m["adverb"])], freq=f"{load().times[key(m['times'])]}X")


@check()
def per_unit_check(v: View) -> bool:
    """ "per week" always; "a week" only after an amount ("$5 a week", "four times a week"); never a speed
    ("90 miles per hour", "60 words per minute": a measure, not a recurring time)."""
    if v.prev_word().lower().rstrip(".,") in CONTEXT["measures_of_speed"]:
        return False
    return v.surface.lower().startswith("per") or is_rate(v)


@rule(r"(?:a|per) (?P<unit>{UNIT1}|night)", priority=0, check=per_unit_check)
def per_unit(m):
    """ "$20 a day", "three meals per day": once every unit. A rate per minute or second is a measure of speed
    ("60 words per minute", "15 frames per second"), not a recurring time."""
    u = unit("day") if key(m["unit"]) == "night" else unit(m["unit"])
    if RANK[u.granularity] > RANK["hour"]:
        return None
    return SetSpec(duration_value((u.amount(1),)))


CORPUS = corpus(
    examples=[
        ("The council meets [monthly].", "P1M"),
        ("The council meets [every week].", "P1W"),
        ("The bins are emptied [every other day].", "P2D"),
        ("The buses run [every 15 minutes].", "PT15M"),
        ("The market opens [every Friday].", "XXXX-WXX-5"),
        ("The festival is held [every June].", "XXXX-06"),
        ("The geese return [each spring].", "XXXX-SP"),
        ("The shop closes on [Mondays].", "XXXX-WXX-1"),
        ("The office is closed on [weekends].", "XXXX-WXX-WE"),
        ("He plays golf on [Sunday mornings].", "XXXX-WXX-7TMO"),
        ("The ferry sails [twice a week].", "P1W"),
        ("The tablets are taken [twice daily].", "P1D"),
        ("They earn $20 [a day].", "P1D"),
        ("The plant runs [five days a week].", "P1W"),
        ("The league plays on [Friday nights].", "XXXX-WXX-5TNI"),
        ("The board meets [semiannually].", "P6M"),
    ],
    counter=[
        "He read it in the [Daily] Mail.",
        "The car drove 90 miles [per hour].",
        "He read the [Daily] Mail on the train.",
        "Its [quarterly] payout rose.",
        "Output grew 20% [annually].",
    ],
)
