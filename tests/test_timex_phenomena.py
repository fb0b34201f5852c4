"""The temporal extractor, phenomenon by phenomenon: text, DCT, expected expression and TIMEX3 value."""

from __future__ import annotations

import pytest

from timeline.text import split_sentences
from timeline.timex.extractor import extract_timexes

THURSDAY = "2022-09-15"  # the seeds' publication date

# (sentence, dct, expected expression text, type, value, mod)
CASES = [
    # weekdays resolved by tense
    ("Putin and Xi met on Thursday in Samarkand.", THURSDAY, "Thursday", "DATE", "2022-09-15", None),
    ("The Chinese leader said Wednesday that ties were strong.", THURSDAY, "Wednesday", "DATE", "2022-09-14", None),
    ("Chinese state media said Xi would also meet Erdogan on Friday.", THURSDAY, "Friday", "DATE", "2022-09-16", None),
    ("Putin was also set to hold talks Friday with Erdogan.", THURSDAY, "Friday", "DATE", "2022-09-16", None),
    ("The two leaders will meet on Friday.", THURSDAY, "Friday", "DATE", "2022-09-16", None),
    ("He met the president on Monday.", THURSDAY, "Monday", "DATE", "2022-09-12", None),
    ("The minister arrives Monday for talks.", "2022-09-16", "Monday", "DATE", "2022-09-19", None),
    ("Officials met last Friday.", THURSDAY, "last Friday", "DATE", "2022-09-09", None),
    ("They will meet next Tuesday.", THURSDAY, "next Tuesday", "DATE", "2022-09-20", None),
    # today, yesterday, tomorrow, tonight, parts of day, clock times
    ("The summit opens today.", THURSDAY, "today", "DATE", "2022-09-15", None),
    ("Rebels attacked the town yesterday.", THURSDAY, "yesterday", "DATE", "2022-09-14", None),
    ("Voting ends tomorrow.", THURSDAY, "tomorrow", "DATE", "2022-09-16", None),
    ("He will speak tonight.", THURSDAY, "tonight", "TIME", "2022-09-15TNI", None),
    ("The markets fell sharply this morning.", THURSDAY, "this morning", "TIME", "2022-09-15TMO", None),
    ("He went to Uzbekistan on Wednesday evening.", THURSDAY, "Wednesday evening", "TIME", "2022-09-14TEV", None),
    ("The talks began at 3 p.m.", THURSDAY, "3 p.m.", "TIME", "2022-09-15T15:00", None),
    ("The vote closes at 10:30 a.m. Friday.", THURSDAY, "10:30 a.m. Friday", "TIME", "2022-09-16T10:30", None),
    ("Troops crossed the border at noon Saturday.", "2022-09-19", "noon Saturday", "TIME", "2022-09-17T12:00", None),
    # last / next / this / coming / past + unit
    ("Prices rose last month.", THURSDAY, "last month", "DATE", "2022-08", None),
    ("Elections are due next year.", THURSDAY, "next year", "DATE", "2023", None),
    ("The deal was signed this week.", THURSDAY, "this week", "DATE", "2022-W37", None),
    ("Sales fell last week.", THURSDAY, "last week", "DATE", "2022-W36", None),
    ("Inflation has eased this year.", THURSDAY, "this year", "DATE", "2022", None),
    ("Talks resume in the coming week.", THURSDAY, "the coming week", "DATE", "2022-W38", None),
    ("Profit fell last year.", THURSDAY, "last year", "DATE", "2021", None),
    # N units ago / later / earlier
    ("The crackdown came two years ago.", THURSDAY, "two years ago", "DATE", "2020", None),
    ("The bridge collapsed three days ago.", THURSDAY, "three days ago", "DATE", "2022-09-12", None),
    # ("later" is a TimeML signal: the expression is the duration; the date it reaches is its point)
    ("He resigned on March 3, 2021. A day later he left the country.", THURSDAY, "A day", "DURATION", "P1D", None),
    ("The treaty was signed in May 2019. Two years later it collapsed.", THURSDAY, "Two years", "DURATION", "P2Y", None),
    ("The tour is likely to last over a week.", THURSDAY, "over a week", "DURATION", "P1W", "MORE_THAN"),
    ("Sales rose 5% from a year earlier.", THURSDAY, "a year earlier", "DATE", "2021", None),
    # early / mid / late / start / end → mod
    ("Putin saw Xi in early February for the Olympics.", THURSDAY, "early February", "DATE", "2022-02", "START"),
    ("Xi has rarely travelled since early 2020.", THURSDAY, "early 2020", "DATE", "2020", "START"),
    ("The plant will open in mid-2024.", THURSDAY, "mid-2024", "DATE", "2024", "MID"),
    ("Exports slumped in late 2019.", THURSDAY, "late 2019", "DATE", "2019", "END"),
    ("The law takes effect at the end of 2023.", THURSDAY, "the end of 2023", "DATE", "2023", "END"),
    ("Work began at the start of the year.", THURSDAY, "the start of the year", "DATE", "2022", "START"),
    ("Hostilities ended in the late 1970s.", THURSDAY, "the late 1970s", "DATE", "197", "END"),
    # approximations and bounds
    ("The trip lasted about two weeks.", THURSDAY, "two weeks", "DURATION", "P2W", "APPROX"),
    ("It was his first trip abroad in more than two years.", THURSDAY, "more than two years", "DURATION", "P2Y", "MORE_THAN"),
    ("The siege lasted nearly five months.", THURSDAY, "nearly five months", "DURATION", "P5M", "LESS_THAN"),
    ("He will serve at least three years.", THURSDAY, "at least three years", "DURATION", "P3Y", "EQUAL_OR_MORE"),
    # months with and without a year, by tense
    ("Pelosi visited Taipei in August.", THURSDAY, "August", "DATE", "2022-08", None),
    ("Xi wants credibility ahead of a party congress in October.", THURSDAY, "October", "DATE", "2022-10", None),
    ("The company will report results in March.", THURSDAY, "March", "DATE", "2023-03", None),
    ("The factory closed in March.", THURSDAY, "March", "DATE", "2022-03", None),
    ("Putin traveled to Beijing in February this year.", THURSDAY, "February this year", "DATE", "2022-02", None),
    ("The accord was reached in June last year.", THURSDAY, "June last year", "DATE", "2021-06", None),
    ("The fire broke out on Sept. 3.", THURSDAY, "Sept. 3", "DATE", "2022-09-03", None),
    ("The court will rule on Oct. 4.", THURSDAY, "Oct. 4", "DATE", "2022-10-04", None),
    # full dates in common forms
    ("The meeting took place on Sept. 15, 2022.", THURSDAY, "Sept. 15, 2022", "DATE", "2022-09-15", None),
    ("The meeting took place on 15 September 2022.", THURSDAY, "15 September 2022", "DATE", "2022-09-15", None),
    ("The meeting took place on 2022-09-15.", THURSDAY, "2022-09-15", "DATE", "2022-09-15", None),
    ("The meeting took place on 09/15/2022.", THURSDAY, "09/15/2022", "DATE", "2022-09-15", None),
    ("The meeting took place on Thursday, September 15, 2022.", THURSDAY, "Thursday, September 15, 2022", "DATE", "2022-09-15", None),
    # full dates read by the grammar itself: a leap day, ISO dates, an ISO date with a time of day
    ("The firm was founded on February 29, 2024, a leap day.", THURSDAY, "February 29, 2024", "DATE", "2024-02-29", None),
    ("The audit covers 2019-06-30 to 2020-06-30.", THURSDAY, "2020-06-30", "DATE", "2020-06-30", None),
    ("The filing is stamped 2021-11-04T09:45 in the registry.", THURSDAY, "2021-11-04T09:45", "TIME", "2021-11-04T09:45", None),
    ("The firm was founded in March 1998.", THURSDAY, "March 1998", "DATE", "1998-03", None),
    # years, decades, centuries
    ("The SCO was set up in 2001 to rival Western institutions.", THURSDAY, "2001", "DATE", "2001", None),
    ("Inflation was high in the 1990s.", THURSDAY, "the 1990s", "DATE", "199", None),
    ("Such cities flourished in the 14th century.", THURSDAY, "the 14th century", "DATE", "13", None),
    ("Music from the '80s is back.", THURSDAY, "the '80s", "DATE", "198", None),
    ("Atlanta nineteen ninety-six was a turning point.", THURSDAY, "nineteen ninety-six", "DATE", "1996", None),
    # seasons, quarters, halves, weeks
    ("The offensive stalled over the summer.", THURSDAY, "the summer", "DATE", "2022-SU", None),
    ("Harvests were poor last autumn.", THURSDAY, "last autumn", "DATE", "2021-FA", None),
    ("The economy grew in the summer of 2019.", THURSDAY, "the summer of 2019", "DATE", "2019-SU", None),
    ("Sales rose in the third quarter.", THURSDAY, "the third quarter", "DATE", "2022-Q3", None),
    ("The company posted a third-quarter loss.", THURSDAY, "third-quarter", "DATE", "2022-Q3", None),
    ("Output fell in the second quarter of 2021.", THURSDAY, "the second quarter of 2021", "DATE", "2021-Q2", None),
    ("Growth slowed in the first half of 2022.", THURSDAY, "the first half of 2022", "DATE", "2022-H1", None),
    ("Sales rose in the fourth quarter of last year.", THURSDAY, "the fourth quarter of last year", "DATE", "2021-Q4", None),
    ("Production rose in Q2 2021.", THURSDAY, "Q2 2021", "DATE", "2021-Q2", None),
    # durations
    ("Troops have lost more territory in one week than they gained in five months.", THURSDAY, "five months", "DURATION", "P5M", None),
    ("The project took a decade.", THURSDAY, "a decade", "DURATION", "P10Y", None),
    ("Unemployment is at its lowest for two decades.", THURSDAY, "two decades", "DURATION", "P20Y", None),
    ("The bank signed a three-year agreement.", THURSDAY, "three-year", "DURATION", "P3Y", None),
    ("Negotiators talked for hours.", THURSDAY, "hours", "DURATION", "PTXH", None),
    ("The flight lasted 2 1/2 hours.", THURSDAY, "2 1/2 hours", "DURATION", "PT2H30M", None),
    ("He waited for several years.", THURSDAY, "several years", "DURATION", "PXY", None),
    ("Prices rose over the past two months.", THURSDAY, "the past two months", "DURATION", "P2M", None),
    # sets
    ("Please support us monthly.", THURSDAY, "monthly", "SET", "P1M", None),
    ("You make an impact every month.", THURSDAY, "every month", "SET", "P1M", None),
    ("The festival is held each year.", THURSDAY, "each year", "SET", "P1Y", None),
    ("The market is open every Tuesday.", THURSDAY, "every Tuesday", "SET", "XXXX-WXX-2", None),
    ("The board meets twice a year.", THURSDAY, "twice a year", "SET", "P1Y", None),
    ("He gives a weekly radio address.", THURSDAY, "weekly", "SET", "P1W", None),
    ("Officers review the cases on a daily basis.", THURSDAY, "daily", "SET", "P1D", None),
    ("Smith, 45, jogs daily.", THURSDAY, "daily", "SET", "P1D", None),
    # references
    ("The country is now isolated.", THURSDAY, "now", "DATE", "PRESENT_REF", None),
    ("He currently leads the party.", THURSDAY, "currently", "DATE", "PRESENT_REF", None),
    ("Attempts have recently acquired an ugly form.", THURSDAY, "recently", "DATE", "PAST_REF", None),
    ("The two have drawn closer in recent years.", THURSDAY, "recent years", "DATE", "PAST_REF", None),
    ("Talks may resume in the future.", THURSDAY, "the future", "DATE", "FUTURE_REF", None),
    ("A decision is expected soon.", THURSDAY, "soon", "DATE", "FUTURE_REF", None),
    # anaphora to the last mentioned date
    ("The storm hit on March 3, 2021. The next day the power failed.", THURSDAY, "The next day", "DATE", "2021-03-04", None),
    ("Troops arrived in June 2019. That month the talks collapsed.", THURSDAY, "That month", "DATE", "2019-06", None),
    ("The party was founded in 1921. The same year it held a congress.", THURSDAY, "The same year", "DATE", "1921", None),
    ("The ceasefire began on May 10, 2021. The previous week had been the deadliest.", THURSDAY, "The previous week", "DATE", "2021-W18", None),
    ("He arrived on March 3, 2021, and left the following Monday.", THURSDAY, "the following Monday", "DATE", "2021-03-08", None),
    ("The vote was held on March 3, 2021. The day before, protesters gathered.", THURSDAY, "The day before", "DATE", "2021-03-02", None),
    ("Troops arrived on March 3, 2021; the night before, shelling began.", THURSDAY, "the night before", "TIME", "2021-03-02TNI", None),
    ("Shares slid on Friday, March 6, 2015, down 3% from the previous Friday.", THURSDAY, "the previous Friday", "DATE", "2015-02-27", None),
    ("She moved to Lima on Jan. 4, 2020, and the following year she opened a bakery.", THURSDAY, "the following year", "DATE", "2021", None),
    # "overnight": the night before the day the story is on, that week; else the night before the DCT
    ("Tokyo stocks ended lower Friday. They were hurt by overnight selling in London.", "2015-03-09", "overnight", "TIME", "2015-03-05TNI", None),
    ("The embassies were bombed on Aug. 7. The sites struck overnight were linked to the attacks.", "1998-08-20", "overnight", "TIME", "1998-08-19TNI", None),
    # calendar fields in the year last mentioned
    ("The trial began in May 2021. The verdict came on July 9 of that year.", THURSDAY, "July 9 of that year", "DATE", "2021-07-09", None),
    ("He was elected in 1998. In March of the following year he resigned.", THURSDAY, "March of the following year", "DATE", "1999-03", None),
    ("The war began in 1939. By the autumn of that year Poland had fallen.", THURSDAY, "the autumn of that year", "DATE", "1939-FA", None),
    ("She joined in 2010 and on 3 May of the same year was promoted.", THURSDAY, "3 May of the same year", "DATE", "2010-05-03", None),
    # time zones after a clock time, including the two-letter ones
    ("The offer expires at 5 p.m. ET Friday.", THURSDAY, "5 p.m. ET Friday", "TIME", "2022-09-16T17:00", None),
    ("Polls close at 8 p.m. EDT.", THURSDAY, "8 p.m. EDT", "TIME", "2022-09-15T20:00", None),
    # a verb coordinated with a future one shares its auxiliaries (the tagger calls "weaken" VBN)
    ("The storm is expected to make landfall early Friday and weaken by Saturday afternoon.", THURSDAY, "Saturday afternoon", "TIME", "2022-09-17TAF", None),
    ("He was arrested Monday and charged Tuesday.", THURSDAY, "Tuesday", "DATE", "2022-09-13", None),
    # the verb right before the weekday governs it, however near the next verb group
    ("The company said on Wednesday it would cut 10,000 jobs.", THURSDAY, "Wednesday", "DATE", "2022-09-14", None),
    # the week of a holiday or of a date
    ("Pilgrims filled the town as Easter week got under way.", "2000-04-17", "Easter week", "DATE", "2000-W16", None),
    ("Shops were busy during Christmas week.", THURSDAY, "Christmas week", "DATE", "2021-W51", None),
    ("The judge set a hearing for the week of June 12.", "2023-05-30", "the week of June 12", "DATE", "2023-W24", None),
    # a second day after "and": the month carries over, and a year written once is both days'
    ("The talks will be held on June 8 and 9.", "1999-02-10", "9", "DATE", "1999-06-09", None),
    ("Talks were held on May 3 and 4, 2021.", THURSDAY, "May 3", "DATE", "2021-05-03", None),
    ("Talks were held on May 3 and 4, 2021.", THURSDAY, "4, 2021", "DATE", "2021-05-04", None),
    ("Today's meeting was cancelled.", THURSDAY, "Today", "DATE", "2022-09-15", None),
    ("Acme Corp. reported its second-quarter results. Sales grew 2.1% in the quarter to $1.4 billion.", "2019-07-26", "the quarter", "DATE", "2019-Q2", None),
    # a capitalized month before a common noun
    ("The March accession will let them join.", "1999-02-10", "March", "DATE", "1999-03", None),
    # British "at the weekend"
    ("At the weekend, thousands marched.", THURSDAY, "the weekend", "DATE", "2022-W36-WE", None),
    ("Talks will resume at the weekend.", THURSDAY, "the weekend", "DATE", "2022-W37-WE", None),
    # anniversaries: the same day, week or month some years back, as one expression
    ("Twenty years ago today, the towers fell.", THURSDAY, "Twenty years ago today", "DATE", "2002-09-15", None),
    ("A year ago this week, the army retreated.", THURSDAY, "A year ago this week", "DATE", "2021-W37", None),
    ("Five years ago this month, the law passed.", THURSDAY, "Five years ago this month", "DATE", "2017-09", None),
    # a deadline granted "until" a day lies ahead, whatever the tense of the granting
    ("The judge gave the company until Friday to respond.", THURSDAY, "Friday", "DATE", "2022-09-16", None),
    ("The landlord has given the tenants until 5 p.m. Friday to leave.", "2000-04-03", "5 p.m. Friday", "TIME", "2000-04-07T17:00", None),
    ("The strike lasted until Tuesday.", THURSDAY, "Tuesday", "DATE", "2022-09-13", None),
    # "earlier"/"later" before a day is a signal, outside the expression; before "this week" it is kept
    ("Earlier Friday, the union voted to strike.", THURSDAY, "Friday", "DATE", "2022-09-09", None),
    ("A news conference is scheduled for later today.", THURSDAY, "today", "DATE", "2022-09-15", None),
    ("The company said earlier this week that it would cut jobs.", THURSDAY, "earlier this week", "DATE", "2022-W37", None),
    # a verb phrase after "and"/"but" is another clause: it does not govern a date before it
    ("The Fed raised rates in July and is expected to do so again next week.", THURSDAY, "July", "DATE", "2022-07", None),
    ("They were shut out of the negotiations in January but now they are back.", "1998-03-22", "January", "DATE", "1998-01", None),
    ("The council decided to admit three new members in early April, a spokesman said.", "1999-02-10", "early April", "DATE", "1999-04", "START"),
    ("In a meeting with Tokayev on Wednesday, Xi said China would like to cooperate.", THURSDAY, "Wednesday", "DATE", "2022-09-14", None),
    # a season in the year last mentioned; a frequency written as an adverb
    ("She moved to Paris in 1962. That summer she met him.", THURSDAY, "That summer", "DATE", "1962-SU", None),
    ("In 2008 the bank failed. That same autumn, markets crashed.", THURSDAY, "That same autumn", "DATE", "2008-FA", None),
    ("The drug must be taken twice daily.", THURSDAY, "twice daily", "SET", "P1D", None),
    ("Over the next couple of years the port will grow.", THURSDAY, "the next couple of years", "DURATION", "P2Y", None),
    ("The hearing, originally set for Tuesday, was pushed back to Friday.", "2023-03-13", "Friday", "DATE", "2023-03-17", None),
    ("Trade will dominate a summit set for Lisbon in July.", "2023-03-13", "July", "DATE", "2023-07", None),
    ("A rainfall record set on Aug. 6 still stands.", "2023-03-13", "Aug. 6", "DATE", "2022-08-06", None),
    ("The deal is expected to close in the second half of the year.", "2023-03-16", "the second half of the year", "DATE", "2023-H2", None),
    ("In 2019 the firm grew. In the first half of the year, sales doubled.", "2023-03-16", "the first half of the year", "DATE", "2019-H1", None),
    ("The company was founded in the late 1800s.", "2023-03-16", "the late 1800s", "DATE", "18", "END"),
    ("Prices peaked in the 2000s.", "2023-03-16", "the 2000s", "DATE", "200", None),
    ("The mayor spent the weekend touring flooded neighborhoods.", "2023-03-13", "the weekend", "DATE", "2023-W10-WE", None),
    # the end of a range is the first such date on or after its start
    ("Voting runs from Monday to Wednesday.", "2023-03-13", "Wednesday", "DATE", "2023-03-15", None),
    ("The ski season runs from November to February.", "2023-03-13", "February", "DATE", "2023-02", None),
    ("Talks will be held between Dec. 28 and Jan. 3.", "2022-12-01", "Jan. 3", "DATE", "2023-01-03", None),
    # ...of the same kind: "a revision Tuesday to November's numbers" is no range
    ("After a slight revision Tuesday to November's numbers, hiring looks steady.", "1998-02-06", "November", "DATE",
     "1997-11", None),
    ("The trial is expected to last several weeks.", "2023-03-16", "several weeks", "DURATION", "PXW", None),
    # a clock time with its day
    ("The vote is at 5 p.m. tomorrow.", "2023-03-16", "5 p.m. tomorrow", "TIME", "2023-03-17T17:00", None),
    ("The shop was robbed at 10 a.m. yesterday.", "2023-03-16", "10 a.m. yesterday", "TIME", "2023-03-15T10:00", None),
    ("The deadline is midnight tonight.", "2023-03-16", "midnight tonight", "TIME", "2023-03-16T24:00", None),
    ("Service resumed at 5:30 p.m. Eastern time.", "2023-03-16", "5:30 p.m. Eastern time", "TIME", "2023-03-16T17:30", None),
    ("Ticket sales are up 20 percent from this time last year.", "2023-03-16", "this time last year", "DATE", "2022-03-16", None),
    # "last February" said in March is a year back: the February just past would be "last month"
    ("Two helicopters crashed last February.", "1998-03-01", "last February", "DATE", "1997-02", None),
    ("The plan was approved last January.", "1998-03-01", "last January", "DATE", "1998-01", None),
    # a present-tense event in a timetable lies ahead
    ("The program starts in September.", "2023-03-16", "September", "DATE", "2023-09", None),
    ("The new law takes effect in July.", "2023-03-16", "July", "DATE", "2023-07", None),
    ("The clocks go back on Nov. 5.", "2023-03-19", "Nov. 5", "DATE", "2023-11-05", None),
    # days said in words, as broadcast transcripts write them
    ("The festival opens this coming Tuesday, June ninth.", "2009-06-04", "this coming Tuesday, June ninth", "DATE", "2009-06-09", None),
    ("The vote is on the twenty-first of May.", "1998-03-05", "the twenty-first of May", "DATE", "1998-05-21", None),
    ("He was born on May twenty first, 1947.", "1998-03-05", "May twenty first, 1947", "DATE", "1947-05-21", None),
    ("They met last Sunday, March 1, in Paris.", "1998-03-05", "last Sunday, March 1", "DATE", "1998-03-01", None),
    # tokenized text keeps its commas apart
    ("The bakery opened its second shop on March 3 , 2004 .", "2009-02-10", "March 3 , 2004", "DATE", "2004-03-03", None),
    ("Officials extended the deadline to Oct. 31.", THURSDAY, "Oct. 31", "DATE", "2022-10-31", None),
    # an infinitive after a past verb leaves the date to nearness: neither the past nor the future
    ("The panel summoned the mayor to testify before it on March 2.", "2000-01-07", "March 2", "DATE", "2000-03-02", None),
    ("He was asked to leave in August.", THURSDAY, "August", "DATE", "2022-08", None),
    ("The coach has scheduled a team meeting Thursday to name the captain.", "1999-05-05", "Thursday", "DATE", "1999-05-06", None),
    # a forecast looks ahead: "expects growth in the second quarter"
    ("The company expects growth in the second quarter.", "2023-03-13", "the second quarter", "DATE", "2023-Q2", None),
    # the weekend to come, and the one just past
    ("Over the weekend, protests spread.", "2023-03-13", "the weekend", "DATE", "2023-W10-WE", None),
    ("Protests are planned for the coming weekend.", THURSDAY, "the coming weekend", "DATE", "2022-W37-WE", None),
    ("Thousands marched this past weekend.", THURSDAY, "this past weekend", "DATE", "2022-W36-WE", None),
    # "on" is a signal, outside the expression (TimeML guidelines)
    ("Markets are closed on weekends.", THURSDAY, "weekends", "SET", "XXXX-WXX-WE", None),
    # a stretch from now of unknown length
    ("Fighting is expected to continue in the coming days.", THURSDAY, "the coming days", "DURATION", "PXD", None),
    ("Prices may fall in the months ahead.", THURSDAY, "the months ahead", "DURATION", "PXM", None),
    ("The effects will be felt for decades to come.", THURSDAY, "decades to come", "DURATION", "PXY", None),
]


@pytest.mark.parametrize("sentence,dct,expected,ttype,value,mod", CASES, ids=[c[2] + "|" + c[0][:30] for c in CASES])
def test_phenomenon(nlp, sentence, dct, expected, ttype, value, mod):
    timexes = extract_timexes(sentence, dct, nlp=nlp)
    found = {t.text: t for t in timexes}
    assert expected in found, f"{expected!r} not found in {[(t.text, t.value) for t in timexes]}"
    timex = found[expected]
    assert (timex.type, timex.value, timex.mod) == (ttype, value, mod)
    assert sentence[timex.start : timex.end] == expected


@pytest.mark.parametrize("sentence,expected,point", [
    ("He resigned on March 3, 2021. A day later he left the country.", "A day", "2021-03-04"),
    ("The treaty was signed in May 2019. Two years later it collapsed.", "Two years", "2021"),
    ("Firefighters arrived at 9 p.m. Just over an hour later, the blaze was out.", "over an hour", "2022-09-15T22:00"),
])
def test_a_duration_before_later_reaches_a_date(nlp, sentence, expected, point):
    found = {t.text: t for t in extract_timexes(sentence, THURSDAY, nlp=nlp)}
    assert found[expected].type == "DURATION" and found[expected].point == point


@pytest.mark.parametrize("sentence,dct,expected,value", [
    # a year-less date beside a dated one in its sentence goes with it...
    ("The storm hit on March 3, 2019, and power returned on March 5.", THURSDAY, "March 5", "2019-03-05"),
    # ...unless the tense puts it on the other side of the publication date
    ("Estonia, which was invited in June 1997, will formally join the alliance on March 12.", "1999-02-27", "March 12",
     "1999-03-12"),
    # a weekday with a year-less date picks the year in which they agree
    ("On Monday, March 1, officials met.", THURSDAY, "Monday, March 1", "2021-03-01"),
    # a year-less date placed from the DCT is a guess: the next one is placed on its own
    ("The telescope, launched on Christmas Day, began science operations in July.", THURSDAY, "July", "2022-07"),
    # ...and "last February" keeps its own direction from the publication date
    ("He was arrested on March 3, 2019, and released last February.", THURSDAY, "last February", "2022-02"),
])
def test_a_year_less_date_beside_another_date(nlp, sentence, dct, expected, value):
    found = {t.text: t.value for t in extract_timexes(sentence, dct, nlp=nlp)}
    assert found[expected] == value


def test_a_comparison_without_a_period_in_its_sentence_uses_the_reports_own_period(nlp):
    text = ("Northwind Mills reported a 14% rise in third-quarter net income, from $41.2 million a year ago. After "
            "a weak second quarter, it credited the gain to its paper division. The quarter-to-quarter comparison "
            "also benefited from write-downs booked in the year-earlier period.")
    found = {t.text: t.value for t in extract_timexes(text, "2019-11-04", nlp=nlp)}
    assert found["a year ago"] == "2018-Q3" and found["the year-earlier period"] == "2018-Q3"
    assert "The quarter" not in found  # the first half of "quarter-to-quarter" is not a date


def test_last_year_in_a_comparison_is_the_reported_period_a_year_back(nlp):
    text = ("Harbor Mutual's third-quarter profit climbed 9%. Its marine unit reported a profit of $31 million, "
            "compared with a loss of $5 million last year.")
    found = {t.text: t.value for t in extract_timexes(text, "2019-11-04", nlp=nlp)}
    assert found["last year"] == "2018-Q3"
    text = "The firm expects to earn $7 million this year, compared with $4 million last year. Last year was tough."
    assert [t.value for t in extract_timexes(text, "2019-11-04", nlp=nlp)] == ["2019", "2018", "2018"]


def test_the_full_year_is_the_year_reported_on(nlp):
    text = "Revenue rose 5% in the fourth quarter. For the full year, revenue rose 3%."
    found = {t.text: t.value for t in extract_timexes(text, "2023-01-20", nlp=nlp)}
    assert found["the full year"] == "2022"
    text = "By 2025 it aims to hold a 40% share. The chief executive forecast higher profit for the full year."
    assert {t.text: t.value for t in extract_timexes(text, "2019-11-04", nlp=nlp)}["the full year"] == "2019"
    (duration,) = extract_timexes("The mine stood idle for a full year.", "2019-11-04", nlp=nlp)
    assert (duration.type, duration.value) == ("DURATION", "P1Y")


def test_a_period_of_a_named_year_is_the_period_under_discussion(nlp):
    text = ("The brewer said its third-quarter profit will fall short of the 22 cents a share it earned last "
            "year. It earned $812,000 in the 2018 quarter.")
    assert {t.text: t.value for t in extract_timexes(text, "2019-10-28", nlp=nlp)}["the 2018 quarter"] == "2018-Q3"
    text = "In the first eight months, net was $120 million, compared with a loss of $75 million in the 2018 period."
    assert {t.text: t.value for t in extract_timexes(text, "2019-11-04", nlp=nlp)}["the 2018 period"] == "2018"


def test_the_quarter_a_year_ago_is_one_expression(nlp):
    text = "Redfern Gas posted a loss for the third quarter. For the quarter a year ago, Redfern earned $9 million."
    found = [(t.text, t.value) for t in extract_timexes(text, "2019-11-04", nlp=nlp)]
    assert found == [("the third quarter", "2019-Q3"), ("the quarter a year ago", "2018-Q3")]


def test_a_roundup_compares_each_company_with_its_own_paragraphs_period(nlp):
    text = ("Bluebird Airways earned $58 million in the fiscal first quarter.\n\n"
            "In other news, a rival carrier said third-quarter profit rose 31% from a year earlier. The latest "
            "results include a one-time charge. Year-earlier results included a gain on a sale.")
    found = {t.text: t.value for t in extract_timexes(text, "2019-10-24", nlp=nlp)}
    assert found["the fiscal first quarter"] == "2019-Q1" and found["Year-earlier"] == "2018-Q3"


def test_the_story_moves_on_to_the_date_a_duration_reaches(nlp):
    text = "The storm hit on March 3, 2021. Three days later the power failed. The next day it returned."
    found = {t.text: t for t in extract_timexes(text, THURSDAY, nlp=nlp)}
    assert found["Three days"].point == "2021-03-06" and found["The next day"].value == "2021-03-07"


# words that look temporal but are not, in these sentences
FALSE_POSITIVES = [
    ("You may have heard about the plan.", "may"),
    ("Protesters march through the capital.", "march"),
    ("Thousands will march on the capital.", "march"),
    ("He finished second in the race.", "second"),
    ("Delegates may second the motion.", "may second"),
    ("It was his second visit to China.", "second"),
    ("Now, let us look at the details.", "Now"),
    ("Shares rose to $60 on Monday.", "60"),
    ("Oil traded at $1,990 a ton.", "1,990"),
    ("The index closed at 2082.1 points.", "2082"),
    ("Unemployment fell to 1998 people, or 5%.", "1998"),
    ("About 2000 workers joined the strike.", "2000"),
    ("The Sun reported the story first.", "Sun"),
    ("Prices rose 60% in a year of turmoil.", "60"),
    ("She wrote to Theresa May about it.", "May"),
    ("The annual March for Jobs drew crowds.", "March"),
    ("They will join the March today.", "March"),
    ("A poster showed Gary Cooper in High Noon.", "Noon"),
    ("Police arrested him in the early hours of Thursday morning.", "early hours"),
    # "today's" as "of our times", "tomorrow" as the future
    ("The film speaks to today's youth like no other.", "today"),
    ("In today's world, paternity can be proved.", "today"),
    ("The app is used by many of today's consumers.", "today"),
    ("She writes for the readers of tomorrow.", "tomorrow"),
    ("The May government fell.", "May"),
    ("Donations fell as soon as the war began.", "soon"),
    ("The spending bill is a three-quarters majority.", "three-quarters"),
    ("He left the day before the vote.", "day"),  # a duration and its signal: "the vote" is the anchor
    ("The quarter-to-quarter comparison was enhanced.", "quarter"),
    # amounts counted per period and rates are not sets of times
    ("The firm halved its quarterly dividend.", "quarterly"),
    ("The exchange's average daily volume is 90 million shares.", "daily"),
    ("He scored 2020 points.", "2020"),
    ("It ran in the party daily People's Voice.", "daily"),
    ("The virus has killed 1914 people.", "1914"),
    ("Thousands gather for the Spring Festival.", "Spring"),
    ("Revenue should increase by 20% annually.", "annually"),
    ("The factory would build about 8,000 cars annually.", "annually"),
]


@pytest.mark.parametrize("sentence,word", FALSE_POSITIVES, ids=[f[1] + "|" + f[0][:30] for f in FALSE_POSITIVES])
def test_not_temporal(nlp, sentence, word):
    timexes = extract_timexes(sentence, THURSDAY, nlp=nlp)
    start = sentence.index(word)
    overlapping = [t for t in timexes if t.start < start + len(word) and t.end > start]
    assert not overlapping, f"{word!r} tagged as {[(t.text, t.value) for t in overlapping]}"


def test_may_the_month_is_kept(nlp):
    timexes = extract_timexes("The vote was held in May and the results came in June.", THURSDAY, nlp=nlp)
    assert [(t.text, t.value) for t in timexes] == [("May", "2022-05"), ("June", "2022-06")]


def test_anchor_says_why(nlp):
    (past,) = extract_timexes("Chinese state media said Wednesday that ties were strong.", THURSDAY, nlp=nlp)
    assert past.anchor.kind == "dct" and past.anchor.reference == THURSDAY and past.anchor.direction == "past"
    (absolute,) = extract_timexes("It was founded in 2001.", THURSDAY, nlp=nlp)
    assert absolute.anchor.kind == "absolute"
    timexes = extract_timexes("The storm hit on March 3, 2021. The next day the power failed.", THURSDAY, nlp=nlp)
    assert timexes[1].anchor.kind == "previous" and timexes[1].anchor.reference == "2021-03-03"


def test_ids_and_offsets_are_stable(nlp):
    text = "Putin met Xi on Thursday. They will meet again in October."
    first = extract_timexes(text, THURSDAY, nlp=nlp)
    again = extract_timexes(text, THURSDAY, nlp=nlp)
    assert first == again
    assert [t.id for t in first] == ["t1", "t2"]
    assert all(text[t.start : t.end] == t.text for t in first)


def test_empty_text(nlp):
    assert extract_timexes("", THURSDAY, nlp=nlp) == []


@pytest.mark.parametrize("text,sentences", [
    ("Mr. Smith left. He came back.", ["Mr. Smith left.", "He came back."]),
    ("On Nov. 9 it closed.", ["On Nov. 9 it closed."]),
    ("At 5 p.m. ET Friday the offer expires.", ["At 5 p.m. ET Friday the offer expires."]),
    ("The offer expires at 5 p.m. Friday. Shares rose.", ["The offer expires at 5 p.m. Friday.", "Shares rose."]),
    ("The meeting ended at 5 p.m. The next day it resumed.", ["The meeting ended at 5 p.m.", "The next day it resumed."]),
    ("He lives in the U.S. He likes it. The U.S. Embassy opened.", ["He lives in the U.S.", "He likes it.", "The U.S. Embassy opened."]),
])
def test_sentences_end_where_an_abbreviation_does_not_carry_on(text, sentences):
    assert [text[a:b] for a, b in split_sentences(text)] == sentences


def test_a_clock_time_carries_its_sentence_over_the_abbreviation(nlp):
    (timex,) = extract_timexes("At 5 p.m. ET Friday the offer expires.", THURSDAY, nlp=nlp)
    assert (timex.text, timex.value) == ("5 p.m. ET Friday", "2022-09-16T17:00")
