"""Entities: who an article names and refers back to (names, model numbers, descriptions by kind and class,
pronouns, relative pronouns, the speaker's "we"), each mention's reason, and the registry that links articles'
entities into one. Every sentence here is written for the test."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from timeline.entities.names import series
from timeline.entities.registry import build_registry, name_key
from timeline.model import Document, DocumentEntity
from timeline.pipeline import process

DCT = dt.date(2023, 3, 9)


def result(nlp, text: str, doc_id: str = "d1"):
    return process(Document(id=doc_id, text=text, dct=DCT, dct_source="test", title="T"), nlp)


def takers(nlp, text: str, trigger: str) -> set[str]:
    """The names of who takes part in the event of ``trigger`` (its first occurrence)."""
    events = result(nlp, text).events
    found = [e for e in events if e.trigger == trigger]
    assert found, [(e.trigger, e.headline) for e in events]
    return {p.name for p in found[0].participants}


# --- who takes part, read through the entity layer --------------------------------------------------------
@pytest.mark.parametrize("text, trigger, expected", [
    # a model number standing alone as a noun is a product's name
    ("Nordair flew the Zephyr X200 to Oslo. The X200 landed in heavy rain.", "landed", {"Zephyr X200"}),
    ("Orders for the 737 fell. The 747 landed at noon.", "landed", {"747"}),
    # a name said in passing, in parentheses, weighs less than the one the sentence is about
    ("Harlow unveiled plans for the X200 on Monday, a jet that can carry 800 people (550 for an Orion 700). The new "
     "aircraft will take the title from the Orion 700.", "take", {"X200", "Orion 700"}),
    # a number before a singular product noun, or after "of the", names a model, not a quantity
    ("Harlow has unveiled a new version of its 990 airliner.", "unveiled", {"Harlow", "990"}),
    ("The first flight of the 990 was in 1994.", "flight", {"990"}),
    ("Nordair bought 300 of the jets in May.", "bought", {"Nordair"}),
    # ... so does a number before a plural noun after another quantity or an adjective a quantity never follows;
    # after "remaining", "additional" or an ordinal it is a quantity
    ("Nordair will buy 20 of Harlow's larger 990 jets.", "buy", {"Nordair", "990"}),
    ("Brightwater Airways bought ten 990 jets.", "bought", {"Brightwater Airways", "990"}),
    ("Brightwater Airways sold the remaining 300 jets.", "sold", {"Brightwater Airways"}),
    ("Brightwater Airways leased the first 300 jets.", "leased", {"Brightwater Airways"}),
    # "the new" before a line's name is the newest model of it the article named; without "new", the line
    ("Harlow unveiled the Zephyr X300 on Monday. The new Zephyr has a bigger screen.", "has", {"Zephyr X300"}),
    ("Harlow unveiled the Zephyr X300 on Monday. Sales of the Zephyr rose in May.", "Sales", {"Zephyr"}),
    # a description of a product class refers back to the name the article gave that class
    ("Harlow rolled out the first 990 Skyliner on Monday. The plane promises better fuel efficiency.", "promises",
     {"990 Skyliner"}),
    ("The new Zephyr X200 airliner was shown in Oslo on Monday. The plane landed safely.", "landed", {"Zephyr X200"}),
    # two classes: the airline is the carrier, the aircraft the plane
    ("Nordair ordered ten Zephyr X200 jets in May. The airline said the aircraft would arrive in June.", "said",
     {"Nordair"}),
    ("Nordair ordered ten Zephyr X200 jets in May. The airline said the aircraft would arrive in June.", "arrive",
     {"Zephyr X200"}),
    # a maker's description prefers the maker of a model the article named, never what it called another class
    ("The Nordic Air Agency picked Orion Aerospace to build 20 Orion 990 tankers. The agency said the planemaker "
     "promised 4,000 new jobs.", "promised", {"Orion Aerospace"}),
    # an organisation's name word says its class: "Orion Aerospace" is no airline, but is a manufacturer
    ("Nordair ordered ten jets from Orion Aerospace in Oslo. The airline said the order was its largest.", "said",
     {"Nordair"}),
    ("Nordair ordered ten jets from Orion Aerospace in Oslo. The manufacturer said it would deliver them in May.",
     "deliver", {"Orion Aerospace"}),
    # a rank ("No. 1") is no name, and a name the article only ever writes before a noun ("its U.S. sales", "the
    # U.S. automaker") is where a company is, not a company: the description refers back past it
    ("Harlow Motor Corp. said Tuesday its U.S. sales fell 16 percent in May. The No. 1 U.S. automaker said it "
     "would cut production at four plants.", "cut", {"Harlow Motor Corp"}),
    # a place before a description does not make it a name: "the Norwegian company" is still the company
    ("Nordair posted a loss on Monday. The Norwegian company said it would cut routes.", "cut", {"Nordair"}),
    # "they" refers back to an organisation
    ("Brightwater Bank said they would close forty branches.", "close", {"Brightwater Bank"}),
    # "we" inside a quotation is the speaker's organisation, as the title before the speaker tied them
    ('Brightwater Bank chief executive Lena Moss said: "We will close forty branches."', "close",
     {"Brightwater Bank"}),
    # a relative clause's verb is the described name's
    ("Brightwater Bank, which opened in 1990, closed forty branches.", "opened", {"Brightwater Bank"}),
    # a relative clause without a pronoun: the noun it describes is its object
    ("Nordair showed the Zephyr X200 it bought in May.", "bought", {"Nordair", "Zephyr X200"}),
    # ... or the object of the infinitive its verb governs
    ("Nordair showed the Zephyr X200 they intend to fly to Oslo.", "fly", {"Nordair", "Zephyr X200", "Oslo"}),
    # a maker's letter before a model number may be left out: "the Boreal 380" is the Boreal B380
    ("Boreal unveiled the Boreal B380 airliner on Monday. It is expected that the Boreal 380 will wear the livery "
     "of Nordair.", "wear", {"Boreal B380"}),
    # "the first airline to fly it": the infinitive's subject is what the noun is said of
    ("Nordair is the first airline to fly the Zephyr X200.", "fly", {"Nordair", "Zephyr X200"}),
    # partitives: what follows "of" takes part
    ("Nordair bought six of the Zephyr X200 jets.", "bought", {"Nordair", "Zephyr X200"}),
    ("Orion Aerospace unveiled a new version of its Zephyr X200 on Tuesday.", "unveiled", {"Orion Aerospace", "Zephyr X200"}),
    # a control noun's infinitive is its agent's: the possessor, the names before it, or the subject of the verb
    # that makes or announces it; not of a verb that judges another's offer
    ("Harlow Motor's bid to buy Nordair failed.", "buy", {"Harlow Motor", "Nordair"}),
    ("The Harlow Motor and Nordair plan to build a plant in Ohio was delayed.", "build",
     {"Harlow Motor", "Nordair"}),
    ("Nordair made a decision to close the plant.", "close", {"Nordair"}),
    ("Brightwater Bank announced plans to cut 500 jobs.", "cut", {"Brightwater Bank"}),
    ("Brightwater Bank rejected an offer to sell the building.", "sell", set()),
    # the time, the chance or the power one has or takes to act is the holder's: they act
    ("The Harbor Navy has 60 days to respond to the protest.", "respond", {"Harbor Navy"}),
    ("Brightwater Bank had a chance to win the contract.", "win", {"Brightwater Bank"}),
    ("Harlow Motor Corp. took two years to build the plant.", "build", {"Harlow Motor Corp"}),
    ("Nordair gave Orion Aerospace 30 days to respond.", "respond", {"Orion Aerospace"}),
    # the first of conjoined nouns shares its possessor with the others
    ("Harlow Motor's restructuring and expansion were delayed.", "expansion", {"Harlow Motor"}),
    # a part of an organisation acts for it: its possessor takes part
    ("Harlow Motor's board approved the sale on Monday.", "approved", {"Harlow Motor"}),
    ("Harlow Motor posted a loss. Its European unit cut 500 jobs.", "cut", {"Harlow Motor"}),
    # an event noun after "of" a noun that only places it in time is the possessor's: its time is theirs
    ("It was Lena Moss's third period of medical leave.", "leave", {"Lena Moss"}),
    # a verb after a preposition ("by walking", "after lifting off") is its governing verb's subject's
    ("Lena Moss opened the meeting by thanking the staff.", "thanking", {"Lena Moss"}),
    # an object pronoun is not its own clause's subject; a reflexive one is
    ("Lena Moss resigned on Monday. Tom Reyes thanked her.", "thanked", {"Tom Reyes", "Lena Moss"}),
    ("Lena Moss resigned on Monday. Tom Reyes praised himself.", "praised", {"Tom Reyes"}),
    # ... nor the subject its verb shares with the verb before it, or with the verb its infinitive depends on
    ("Lena Moss resigned on Monday. Tom Reyes sent his regards and thanked her.", "thanked", {"Tom Reyes", "Lena Moss"}),
    ("Mark Dunn resigned on Monday. Tom Reyes wanted to thank him.", "thank", {"Tom Reyes", "Mark Dunn"}),
    # a quotation that runs on into a second sentence is still its first speaker's, not that of a report after it
    ('Harlow Motor chief executive Lena Moss said: "We lost a plant. We will find out why." Brightwater Bank '
     'spokesman Tom Reyes said the loss was large.', "find", {"Harlow Motor"}),
    # a speaker named in apposition to a title ("Acme's spokesman, Tom Poe,"), or after a title with "of"
    ('Brightwater Bank\'s spokesman, Tom Reyes, said: "We will close forty branches."', "close",
     {"Brightwater Bank"}),
    ('The Harbor Navy\'s chief of staff Admiral Lena Moss said: "We will buy ten ships."', "buy",
     {"Harbor Navy"}),
    # "I" in a text the article reproduces after a colon, without quotation marks, is its writer, for as long
    # as the sentences after the colon go on in the first person
    ("Harlow Motor released Lena Moss's email, which reads: Team, at my request the board has granted me a "
     "leave. I will stay as chief executive. I have asked Tom Reyes to run the plant.", "asked",
     {"Lena Moss", "Tom Reyes"}),
    ("Lena Moss wrote: I am leaving the bank. Tom Reyes joined Nordair. I agree with him.", "agree", {"Tom Reyes"}),
    # a title after a name ("the Acme Chief Executive Officer", "Acme's C.E.O.") names no one; with the holder
    # named beside it, the holder takes part, not what they lead
    ("Tom Reyes, the Harlow Motor Chief Executive Officer, said on Monday he would resign as Harlow's C.E.O.",
     "said", {"Tom Reyes"}),
    ("Harlow Motor CEO, Lena Moss, said the plant would close.", "said", {"Lena Moss"}),
    # "the Prime Minister" is a title, not a name: it refers back to the person introduced with it
    ("Harbor Prime Minister Lena Moss opened the plant on Monday. The Prime Minister praised Orion Aerospace.",
     "praised", {"Lena Moss", "Orion Aerospace"}),
    # "I" in a quotation is the speaker
    ('"I will stay until May," Lena Moss said on Monday.', "stay", {"Lena Moss"}),
    # a spokeswoman no organisation is named for speaks for the one the article was about: her "we" is it
    ('Brightwater Bank posted a loss on Monday. Spokeswoman Lena Moss said the results were poor. '
     '"We will close forty branches," Moss said.', "close", {"Brightwater Bank"}),
    # a title in apposition ties a person to the organisation after it
    ('Nordair posted a loss. Tom Reyes, the chief executive of Brightwater Bank, said: "We will close forty '
     'branches."', "close", {"Brightwater Bank"}),
    # "the company" in what that person says is their organisation, not the one named just before
    ("Nordair posted a loss on Monday. Tom Reyes, the chief executive of Brightwater Bank, said the company "
     "would close forty branches.", "close", {"Brightwater Bank"}),
    # an infinitive under a verb with an object is the object's doing ("asked Orion to build"), except after a
    # promise
    ("Nordair asked Orion Aerospace to build ten jets.", "build", {"Orion Aerospace"}),
    ("Nordair added routes, prompting Brightwater Airways to file suit.", "file", {"Brightwater Airways"}),
    ("Nordair promised Orion Aerospace to pay in May.", "pay", {"Nordair"}),
    # the parties of a deal: who struck it and with whom, or who a participle after it names
    ("Nordair struck a deal with Orion Aerospace on Monday.", "deal", {"Nordair", "Orion Aerospace"}),
    ("The talks resumed after a deal struck between Nordair and Orion Aerospace.", "deal",
     {"Nordair", "Orion Aerospace"}),
    # the recipient of a verb of giving takes part in the event noun given ("granted Moss a leave")
    ("The Harlow Motor board granted Lena Moss a leave of absence.", "leave", {"Harlow Motor", "Lena Moss"}),
    # "the deal" with no argument of its own refers back to the deal told before, and takes its parties
    ("Nordair struck a deal with Orion Aerospace on Monday. Regulators approved the deal on Friday.", "approved",
     set()),
    # "he" looks further back for a person before taking a name that may be one
    ("Tom Reyes founded Brightwater Bank in 1990. The bank grew quickly. It opened ten branches in 1995. "
     "Its Harbor Point office closed in May. He said the bank would hire again.", "said", {"Tom Reyes"}),
    # the object of a verb of choosing does what its infinitive says, also with a date between them; a purpose
    # infinitive is its subject's
    ("When the Navy selected Harlow Dynamics on March 3 to build the ships, Kestrel protested.", "build",
     {"Harlow Dynamics"}),
    ("Nordair sold the hangar on Monday to raise cash.", "raise", {"Nordair"}),
    # a model's variant written with a hyphen is one name, which the tokenizer splits
    ("Harlow has unveiled a new version of its 990 airliner. The 990-200LR can fly from London to Sydney.", "fly",
     {"990-200LR", "London", "Sydney"}),
    # a maker's name before a noun is no participant ("Orion jets" are not Orion), a product's is
    ("Harlow unveiled the Harlow X200 airliner in May. Nordair bought ten Harlow jets on Tuesday.", "bought",
     {"Nordair"}),
    ("Harlow unveiled the Harlow X200 airliner in May. Nordair bought ten Harlow X200 jets on Tuesday.", "bought",
     {"Nordair", "Harlow X200"}),
    # a noun calling a name by its class is that name, not a description of the last one of its kind
    ("The Harbor 40 index rose. The Orion 300 index, a broader measure, fell.", "fell", {"Orion 300"}),
    # a name before "based" is a place: the description is the company's, not the town's
    ("Harlow Motor Co. reported a profit on Thursday. The Brookfield, Wisconsin-based automaker earned $2.3 billion.",
     "earned", {"Harlow Motor Co"}),
    # the carmaker an executive speaks of is the one the title tied them to
    ("Harlow Motor Co., the second-largest carmaker, reported a profit. Nordwerk's chief executive, Jan Olsen, "
     "said the German carmaker would cut 2,000 jobs.", "cut", {"Nordwerk"}),
    # a name modifying an index word through another noun is an index, which "the index" refers back to
    ("The Zephyr X200 flew on Monday. The benchmark Kestrel 225 stock average fell 1.5 % in Tokyo. The index had "
     "risen on Friday.", "risen", {"Kestrel 225"}),
    # a firm's name in the possessive is part of an index's name ("Harlow & Gray's 300"), not its owner; its
    # initials joined by "&" are the same index
    ("The broader Harlow & Gray's 300 index fell 2 % on Monday.", "fell", {"Harlow & Gray's 300"}),
    ("The broader Harlow & Gray's 300 index fell 2 % on Monday. The H&G 300 had risen 1 % on Friday.", "risen",
     {"Harlow & Gray's 300"}),
    # a company's stock moves with the company, however the article ties them
    ("Harlow Motor posted a loss on Monday. Its shares fell 10 % to $1.15.", "fell", {"Harlow Motor"}),
    ("Nordwerk Group's stock rose 2 % on Monday.", "rose", {"Nordwerk Group"}),
    # capitals joined to a number name an index or a model, whatever the tagger calls them
    ("Oslo's HBX-40 lost 3.4 % on Monday.", "lost", {"HBX-40"}),
    # "industrials" after a name makes it an index, which "the index" then refers back to
    ("Oslo's Harbor 40 index rose 2 %. On Wall Street, the Orion Jones industrials dropped 300 points. The index "
     "had gained 1 % on Friday.", "gained", {"Orion Jones"}),
    # a town and "based" written apart before a name are that name's compound adjective, not the verb's object
    # or subject: "Brookfield based Harlow Motor" is "Brookfield-based Harlow Motor"
    ("When the Navy selected Brookfield based Harlow Dynamics on May 3 to build the ships, Kestrel protested.",
     "selected", {"Navy", "Harlow Dynamics"}),
    ("Brookfield based Harlow Motor Co. said it would cut 2,000 jobs.", "said", {"Harlow Motor Co"}),
    # two names the article gives apart, joined by a hyphen before what they do together, are both parties;
    # a hyphenated name of its own stays one
    ("Harlow Motor and Brightwater Bank signed a loan in May. The Harlow-Brightwater talks resumed on Monday.",
     "talks", {"Harlow Motor", "Brightwater Bank"}),
    ("Harlow Motor fitted its vans with Kestrel-Vance engines in May. Kestrel-Vance engines failed on Monday.",
     "failed", {"Kestrel-Vance"}),
])
def test_who_takes_part(nlp, text, trigger, expected):
    assert takers(nlp, text, trigger) == expected


def test_an_event_noun_that_refers_back_takes_the_events_participants(nlp):
    text = "Nordair struck a deal with Orion Aerospace on Monday. Regulators approved the deal on Friday."
    deals = [e for e in result(nlp, text).events if e.trigger == "deal"]
    assert len(deals) == 2 and all({p.name for p in e.participants} == {"Nordair", "Orion Aerospace"} for e in deals)
    # a deal with a party of its own keeps it
    text = "Nordair struck a deal with Orion Aerospace on Monday. The deal with Brightwater Bank fell through."
    second = [e for e in result(nlp, text).events if e.trigger == "deal"][1]
    assert {p.name for p in second.participants} == {"Brightwater Bank"}


def test_an_ordinal_before_a_name_is_not_part_of_it(nlp):
    """ "First Zephyr X200 delivered": which one of the product line, not its name."""
    assert "Zephyr X200" in takers(nlp, "First Zephyr X200 delivered to Nordair Airlines", "delivered")


def test_what_as_makes_something_refers_to_nothing(nlp):
    text = "Harlow Motor cut prices. Nordwerk overtook Harlow Motor as the largest carmaker in May."
    mentions = [m.text for e in result(nlp, text).entities for m in e.mentions]
    assert not any("carmaker" in m for m in mentions)


@pytest.mark.parametrize("second, it", [
    # "it" standing for the clause after its verb refers to nothing
    ("It is expected that the branches will close.", None),
    ("It is likely that the branches will close.", None),
    ("It is difficult to say why.", None),
    ("It was decided to close the branches.", None),
    # "it" before the infinitive of a raising predicate is the infinitive's own subject, and refers back
    ("It was due to land in Oslo on Monday.", "Zephyr X200"),
    ("It is likely to land in Oslo on Monday.", "Zephyr X200"),
    ("It is expected to land in Oslo on Monday.", "Zephyr X200"),
    ("It seems to fly well.", "Zephyr X200"),
])
def test_a_pleonastic_it_refers_to_nothing_a_raised_one_back(nlp, second, it):
    text = f"The Zephyr X200 left Toulouse on Friday. {second}"
    found = [e.name for e in result(nlp, text).entities for m in e.mentions if m.text == "It"]
    assert found == ([it] if it else [])


@pytest.mark.parametrize("text, them", [
    # "them" as a verb's object is the nearest plural noun before it that is not its own clause's subject
    ("Nordair flies the Zephyr X200. Brightwater Airways has bought six of these aircraft and will fit them "
     "with beds.", "Zephyr X200"),
    # ... also where the article does not track that noun: then "them" refers to none of its entities
    ("Harlow Motor makes apps for its cars and sells them online.", None),
    # with no plural noun before it, "them" refers back as before
    ("Brightwater Bank posted a loss. Regulators fined them on Monday.", "Brightwater Bank"),
])
def test_them_as_an_object_is_the_plural_noun_before_it(nlp, text, them):
    found = [e.name for e in result(nlp, text).entities for m in e.mentions if m.text == "them"]
    assert found == ([them] if them else [])


@pytest.mark.parametrize("text, mention, form, entity", [
    ("Brightwater Bank, which opened in 1990, closed forty branches.", "which", "relative", "Brightwater Bank"),
    # the title right before a person's name is that person too
    ("Harlow CEO Lena Moss resigned on Monday.", "CEO", "description", "Lena Moss"),
    ("Harlow chief executive Tom Reyes resigned on Monday.", "chief executive", "description", "Tom Reyes"),
    # a company's name without its organisation word ("Computer" of "Harlow Computer") is the company
    ("Harlow Computer posted a loss on Monday. Harlow said it would cut 900 jobs.", "Harlow", "name",
     "Harlow Computer"),
    ("Lena Moss, the Brightwater chief executive, resigned.", "the Brightwater chief executive", "description",
     "Lena Moss"),
    ("Nordair posted a loss. The airline said it would cut routes.", "The airline", "description", "Nordair"),
    ("Lena Moss resigned on Monday. She had led the bank since 2010.", "She", "pronoun", "Lena Moss"),
    # the subject of a concessive clause put before the main clause refers forward to its subject; the subject
    # of a fronted clause of time refers back as any pronoun does
    ("Harlow unveiled the Zephyr X300 on Monday. Even though it uses an older chip, the Orion 990 lasts longer.",
     "it", "pronoun", "Orion 990"),
    ("The Zephyr X300 flew to Oslo on Monday. After it was delayed twice, Orion Aerospace cut its prices.",
     "it", "pronoun", "Zephyr X300"),
    # a possessive in a phrase before its clause's subject refers forward to it
    ("Mark Dunn opened the meeting. In his speech on Tuesday, Tom Reyes said the bank would hire again.", "his",
     "pronoun", "Tom Reyes"),
    # a pronoun refers first to what its own clause names, then to the subject of the sentence
    ("Kestrel Research Group published figures on Monday. The firm said more than 4 billion songs had been sold on "
     "the Harbor store since its launch in 2003.", "its", "pronoun", "Harbor"),
    # a possessive put before its clause's subject refers forward to it, a thing's as a person's
    ("Nordair cut fares in May. Five years after its launch, Harlow's Skyline ticket service passed Nordair.", "its",
     "pronoun", "Skyline"),
    # "she added" after a quotation is the person quoted before, not the person named inside the quotation
    ('Harlow Motor said on Monday that its founder Tom Reyes had died. "I will miss him," chief executive Lena '
     'Moss said. "Tom Reyes built this company," she added.', "she", "pronoun", "Lena Moss"),
    # a statement, a letter or an email speaks for who wrote it
    ('Harlow Motor posted a loss on Monday. Harlow\'s statement said: "We will cut 900 jobs."', "We", "pronoun",
     "Harlow Motor"),
    ('The board released the text of an email from Tom Reyes, which reads: "I will stay on as chief executive."',
     "I", "pronoun", "Tom Reyes"),
    # inside a quotation "him" is not who says "I"
    ('Tom Reyes founded Harlow Motor in 1990. Lena Moss, its chief executive, said: "I owe him a lot."', "him",
     "pronoun", "Tom Reyes"),
    # a name ending in a word that names a firm ("Brothers", "Partners", "Industries") is an organisation's, which
    # a description refers back to, not a person's
    ("Harlow Brothers filed for bankruptcy on Monday. The investment bank, founded in 1850, listed debts of $6 "
     "billion.", "The investment bank", "description", "Harlow Brothers"),
    # a superlative description with a possessor is definite; a copula's complement is its subject
    ("Harlow Motor said on Tuesday it would close four plants. The world's largest carmaker lost $2 billion last "
     "year.", "The world's largest carmaker", "description", "Harlow Motor"),
    ("Nordwerk cut prices on Monday. Harlow Motor is the largest carmaker in Norway.", "the largest carmaker",
     "description", "Harlow Motor"),
    # a name given only before a description of an organisation is where it is, not a company of its own
    ("Harlow Motor, which received loans in May, has until June to restructure. The Brookfield carmaker said it "
     "would cut 7,000 jobs.", "The Brookfield carmaker", "description", "Harlow Motor"),
    # a description that says where a company is from is not one the article said is from elsewhere
    ("Harlow Motor, the Norwegian carmaker, cut its forecast on Monday. Nordwerk Group, the German automaker, "
     "posted a profit. The Norwegian automaker said it would cut output.", "The Norwegian automaker",
     "description", "Harlow Motor"),
    # "it was announced" looks for a thing made or offered before its maker
    ("So far, Harlow has received five orders for the 990-200LR since it was announced in February 2000.", "it",
     "pronoun", "990-200LR"),
    # a description in the object of a clause is not that clause's subject
    ("Harlow Motor filed for bankruptcy on Thursday. Nordwerk Group will take a 20 % stake in the company.",
     "the company", "description", "Harlow Motor"),
    # a relative clause on a noun calling a name by its class is about that name
    ("The Zephyr X100 flew in May. Acme unveiled the new Zephyr X200 airliner, which will fly on Monday.", "which",
     "relative", "Zephyr X200"),
])
def test_each_mention_says_what_it_refers_to_and_why(nlp, text, mention, form, entity):
    for found in result(nlp, text).entities:
        for m in found.mentions:
            if m.text == mention:
                assert (m.form, found.name) == (form, entity) and m.why
                assert text[m.start : m.end] == mention
                return
    pytest.fail(f"no mention {mention!r}")


def test_a_first_name_two_people_share_is_the_one_named_last_before_it(nlp):
    text = ('Harlow Motor founder Tom Reyes died on Monday. "Tom built this company," said Tom Moss, its chief '
            'executive. Tom Moss joined in 2001. "We will miss Tom," said Lena Park.')
    firsts = sorted((m.start, e.name, m.why) for e in result(nlp, text).entities for m in e.mentions if m.text == "Tom")
    assert [(name, why) for _, name, why in firsts] == [("Tom Reyes", "a person's first name word"),
                                                         ("Tom Moss", "a person's first name word")]


@pytest.mark.parametrize("text, name, kind", [
    # a title word opening an organisation's name is no title: the name ends in an organisation word
    ("General Freight Corp. said on Tuesday that it would close two depots.", "General Freight Corp", "org"),
    ("The Justice Ministry fined Nordair on Monday.", "Justice Ministry", "org"),
    ("General Freight Motors cut prices.", "General Freight Motors", "org"),
    # before a person's name it still is one
    ("General Tom Reyes said on Tuesday that the base would close.", "Tom Reyes", "person"),
])
def test_a_title_word_in_an_organisations_name(nlp, text, name, kind):
    entities = {e.name: e for e in result(nlp, text).entities}
    assert name in entities and entities[name].kind == kind


def test_initials_stand_for_a_name_with_or_without_its_legal_form(nlp):
    text = "General Freight Corp. said on Tuesday that it would close two depots. GF, which lost money, cut prices."
    (freight,) = [e for e in result(nlp, text).entities if e.name == "General Freight Corp"]
    assert "GF" in freight.names and dict(freight.why)["GF"] == "its initials"
    events = {e.trigger: [p.name for p in e.participants] for e in result(nlp, text).events}
    assert events["close"] == events["cut"] == ["General Freight Corp"]


def test_an_entity_knows_its_classes_and_acronyms(nlp):
    text = ("Northern Rail Company (NRC) ordered trains on Monday. Nordair, the airline, ordered the Zephyr X200 "
            "airliner. NRC said the trains would run in May.")
    entities = {e.name: e for e in result(nlp, text).entities}
    assert entities["Northern Rail Company"].acronyms == ("NRC",)
    assert "NRC" in entities["Northern Rail Company"].names
    assert dict(entities["Northern Rail Company"].why)["NRC"] == "the short name given in parentheses after it"
    assert entities["Zephyr X200"].kind == "product" and entities["Zephyr X200"].classes == ("aircraft",)
    assert entities["Nordair"].classes == ("airline",)


@pytest.mark.parametrize("text, name", [
    # a company's name alone before "Company Product", then the product's last word: a product, not a person
    ("Nordair posted record sales on Monday. The Nordair Skylark will fly in May, and the Skylark will carry 300 "
     "passengers.", "Nordair Skylark"),
    # a capitalised word that opens a sentence before a company's name is no given name
    ("Brightwater announced 900 job cuts on Monday. Final Brightwater staff numbers will fall to 4,000. "
     "Brightwater said the cuts would take two years.", "Brightwater"),
])
def test_a_name_whose_words_stood_alone_before_it_is_no_persons(nlp, text, name):
    """News names a person in full first and by the surname after; a name whose last or first word the
    article used alone before it is something else's."""
    found = [e for e in result(nlp, text).entities if name in e.names or e.name.endswith(name)]
    assert found and all(e.kind != "person" for e in found), [(e.name, e.kind) for e in found]


@pytest.mark.parametrize("title, body, trigger, expected", [
    # a headline tells the news before it names who: its description is what the article names next
    ("Carmaker to cut 5,000 jobs", "Harlow Motor said on Monday it would cut 5,000 jobs in Ohio.", "cut",
     {"Harlow Motor"}),
    ("World's largest airliner makes first flight",
     "The Orion 990, the largest passenger plane ever built, flew for four hours on Monday.", "flight", {"Orion 990"}),
    # not a plural, an indefinite or a description of another kind than what follows
    ("Carmakers to cut 5,000 jobs", "Harlow Motor said on Monday it would cut 5,000 jobs in Ohio.", "cut", set()),
    ("New airliner makes first flight", "Harlow Motor said on Monday it would cut 5,000 jobs in Ohio.", "flight", set()),
])
def test_a_headlines_description_is_what_the_article_names_next(nlp, title, body, trigger, expected):
    text = f"{title}\n\n{body}"
    events = process(Document(id="d1", text=text, dct=DCT, dct_source="test", title=title), nlp).events
    first = next(e for e in events if e.trigger == trigger)
    assert first.sources[0].trigger_start < len(title)  # the headline's own event
    assert {p.name for p in first.participants} == expected


def test_a_rank_taken_is_said_of_its_subject_not_a_mention(nlp):
    done = result(nlp, "Brightwater Bank reported a loss. Nordair passed Harlow Airlines for the No. 2 airline in 2022.")
    assert not [m for e in done.entities for m in e.mentions if m.form == "description"]
    assert "No" not in {e.name for e in done.entities}


def test_participants_carry_their_documents_entity_key(nlp):
    done = result(nlp, "Nordair ordered ten jets. The airline said it would pay in May.")
    keys = {e.key: e.name for e in done.entities}
    for event in done.events:
        for participant in event.participants:
            assert keys[participant.entity] == participant.name


# --- the registry -----------------------------------------------------------------------------------------
def entity(key: str, name: str, kind: str | None = None, names=(), why=(), acronyms=()) -> DocumentEntity:
    return DocumentEntity(key, name, kind, (name, *names), tuple(why), (), tuple(acronyms))


@pytest.mark.parametrize("query, expected", [
    ("The Acme Corp.", "acme"), ("U.S. Steel Co", "us steel"), ("Acme's", "acme"), ("  BigCo  ", "bigco"),
])
def test_name_keys(query, expected):
    assert name_key(query) == expected


def test_an_acronym_one_article_gives_joins_the_article_that_uses_only_it():
    registry = build_registry([
        ("a", [entity("e1", "Big Company Corporation", "org", ["BigCo"], [("BigCo", "the acronym given in parentheses after it")],
                      ["BigCo"])]),
        ("b", [entity("e1", "BigCo", "org")]),
    ])
    (joined,) = registry.lookup("BigCo")
    assert registry.lookup("Big Company Corporation") == [joined] == registry.lookup("big company corporation")
    assert sorted(joined.members) == [("a", "e1"), ("b", "e1")]
    assert joined.name == "Big Company Corporation" and joined.id == "big-company-corporation"
    assert any("acronym" in why for why in joined.joins)


@pytest.mark.parametrize("long, short, reason", [
    ("Zephyr X200", "X200", "last words"),
    ("Vladimir Petrov", "Petrov", "last words"),
    ("Orion 990 Skyliner", "990", "model number"),
    ("Orion 990 Skyliner", "Skyliner", "last words"),
    ("Northern Rail Company", "NRC", "initials"),
    ("United Provinces Navy", "UP Navy", "initials"),
    ("Zephyr X200", "Zephyr X200s", "plural"),
    ("Harbor Online Music Store", "Harbor Store", "inner word"),
    ("General Freight Corp.", "GF", "initials"),  # initials need not spell the legal form
    ("Harlow & Gray's 300", "H&G 300", "initials"),  # a name joined by "&" by its initials
    # an index's name without its index words
    ("Harbor Jones Industrial Average", "Harbor Jones", "index words"),
    ("Oslo 45 Stock Average", "Oslo 45", "index words"),
])
def test_a_short_form_in_one_article_joins_the_long_name_of_another(long, short, reason):
    kind = "person" if short == "Petrov" else "index" if reason == "index words" else None
    registry = build_registry([("a", [entity("e1", long, kind)]), ("b", [entity("e7", short, kind)])])
    assert len(registry) == 1
    (only,) = registry.entities.values()
    assert only.name == long and reason in only.joins[0]
    assert registry.lookup(short) == registry.lookup(long) == [only]


def test_a_short_form_two_entities_could_claim_joins_neither_unless_one_is_far_more_named():
    two = build_registry([("a", [entity("e1", "Jane Doe", "person")]), ("b", [entity("e1", "John Doe", "person")]),
                          ("c", [entity("e1", "Doe", "person")])])
    assert len(two) == 3
    many = build_registry([(f"a{i}", [entity("e1", "Jane Doe", "person")]) for i in range(3)]
                          + [("b", [entity("e1", "John Doe", "person")]), ("c", [entity("e1", "Doe", "person")])])
    assert len(many) == 2 and ("c", "e1") in many.lookup("Jane Doe")[0].members


def test_kinds_never_disagree_in_a_join():
    registry = build_registry([("a", [entity("e1", "Jordan", "place")]), ("b", [entity("e1", "Jordan", "person")])])
    assert len(registry) == 2


def test_a_name_with_a_number_joins_as_a_model_in_one_article_and_an_index_in_another():
    registry = build_registry([("a", [entity("e1", "Harbor 300", "product")]), ("b", [entity("e1", "Harbor 300", "index")])])
    assert len(registry) == 1


@pytest.mark.parametrize("text, name, kind", [
    ("The Harbor 300 lost 90 points on Monday.", "Harbor 300", "index"),
    ("Oslo's HBX 40 closed down 3.9 per cent.", "HBX 40", "index"),
    ("The Zephyr X200 flew 300 miles on Monday.", "Zephyr X200", "product"),
])
def test_a_name_with_a_number_that_moves_by_points_is_an_index(nlp, text, name, kind):
    entities = {e.name: e for e in result(nlp, text).entities}
    assert entities[name].kind == kind


@pytest.mark.parametrize("text, names", [
    # an organisation's name ends at its organisation word: the model number after it is the model it operates
    ("Two Harbor Airlines 990 jets were grounded on Monday.", {"Harbor Airlines": "org", "990": "product"}),
    ("A Nordic Airways 990-200LR landed in Oslo.", {"Nordic Airways": "org", "990-200LR": "product"}),
    # a model number before the one name it modifies begins that name; a quantity before a name does not
    ("Harlow rolled out the first 990 Skyliner on Monday.", {"990 Skyliner": "product"}),
    ("Nordair bought 300 Harlow jets.", {"300 Harlow": None}),
    # an index's name goes on after its number when an index word follows in capitals
    ("The Harbor 300 Stock Average ended down 1.2 percent.", {"Harbor 300 Stock Average": "index"}),
    # a model number inside a name without one stays the name's ("the Zephyr X200")
    ("The Zephyr X200 landed in Oslo.", {"Zephyr X200": "product"}),
    # ... also where the tokenizer split it ("A400M" as "A400" "M")
    ("The maiden flight of the Orion A400M was delayed.", {"Orion A400M": "product"}),
])
def test_where_a_model_numbers_name_begins_and_ends(nlp, text, names):
    found = {e.name: e.kind for e in result(nlp, text).entities}
    assert {name: found.get(name) for name in names} == names


@pytest.mark.parametrize("text, name, kind", [
    # a name before the plural of a product noun is their maker, not a product: "Harbor mobile devices"
    ("Harbor unveiled the Zephyr X5 along with the new OS for Harbor mobile devices.", "Harbor", None),
    # ... but a name with a model number before it is the product ("the Zephyr X5 phones"), as is a name before
    # the singular ("the Harbor Z airliner")
    ("Nordair flew its Zephyr X200 jets to Oslo.", "Zephyr X200", "product"),
    ("Nordair flew the Harbor Skyliner airliner to Oslo.", "Harbor Skyliner", "product"),
    # a noun whose plural is its singular is plural where it is counted or takes a plural verb
    ("Nordair bought 12 new long-haul Harbor aircraft in May.", "Harbor", None),
    ("Nordair said the Harbor aircraft were cheaper.", "Harbor", None),
    # the maker of a model the article names is no product
    ("Harlow said its Harlow X400M military transport plane flew on Monday.", "Harlow", None),
])
def test_what_the_noun_after_a_name_makes_it(nlp, text, name, kind):
    assert {e.name: e.kind for e in result(nlp, text).entities}[name] == kind


@pytest.mark.parametrize("text, names", [
    ("Tom Reyes, the Brightwater Chief Executive Officer, said he would resign as Brightwater's C.E.O. in May.",
     {"Tom Reyes", "Brightwater"}),
    ("Harlow Motor CEO, Lena Moss, said the plant would close.", {"Harlow Motor", "Lena Moss"}),
    ("Harbor Prime Minister Lena Moss opened the plant.", {"Harbor", "Lena Moss"}),
    ("Orion Aerospace's chief of staff, Deputy Director Tom Reyes, resigned.", {"Orion Aerospace", "Tom Reyes"}),
])
def test_a_title_names_no_one(nlp, text, names):
    # a run of capitalised words ending in a title ("Chief Executive Officer", "C.E.O.") names no person, and a
    # word that makes a title of a title ("Prime", "Deputy") is no name
    assert {e.name for e in result(nlp, text).entities} == names


def test_a_short_form_beside_a_longer_name_joins_nothing_but_is_found():
    registry = build_registry([
        ("a", [entity("e1", "Harbor Records", "org", ["Harbor"], [("Harbor", "the name without its organisation word")])]),
        ("b", [entity("e1", "Harbor", "org")]),
    ])
    assert len(registry) == 2
    assert {e.name for e in registry.lookup("Harbor")} == {"Harbor", "Harbor Records"}
    assert [e.name for e in registry.lookup("Harbor Records")] == ["Harbor Records"]


def test_a_query_with_a_slip_of_the_keyboard_or_only_a_short_form_of_it_written():
    registry = build_registry([("a", [entity("e1", "Northern Rail Company", "org")]),
                               ("b", [entity("e1", "Skyliner", "product")]), ("c", [entity("e1", "990", "product")])])
    assert [e.name for e in registry.lookup("Northern Rail Compnay")] == ["Northern Rail Company"]
    assert {e.name for e in registry.lookup("Orion 990 Skyliner")} == {"Skyliner", "990"}


def test_a_model_number_joins_the_model_not_a_variant_its_own_article_kept_apart():
    # article b tells of the Orion 990 family ("its 990 jet") and of its 990-200LR variant as two things
    registry = build_registry([("a", [entity("e1", "Orion 990", "product")]),
                               ("b", [entity("e1", "990", "product"), entity("e2", "990-200LR", "product")])])
    (variant,) = registry.lookup("990-200LR")
    assert variant.members == [("b", "e2")]
    assert sorted(registry.lookup("Orion 990")[0].members) == [("a", "e1"), ("b", "e1")]


def test_a_query_for_a_model_finds_its_variants_too_not_the_other_way_round():
    # a reader asking for the Orion 990 means the family: the 990-200LR and the 990-300 are 990s
    registry = build_registry([("a", [entity("e1", "Orion 990", "product")]),
                               ("b", [entity("e1", "990-200LR", "product")]),
                               ("c", [entity("e1", "Orion 990-300", "product"), entity("e2", "F-16", "product")]),
                               ("d", [entity("e1", "Orion 9900", "product")])])
    assert [e.name for e in registry.lookup("Orion 990")] == ["Orion 990", "990-200LR", "Orion 990-300"]
    assert [e.name for e in registry.lookup("990-200LR")] == ["990-200LR"]
    assert [e.name for e in registry.lookup("Orion 990-300")] == ["Orion 990-300"]
    assert [e.name for e in registry.lookup("F-16")] == ["F-16"]


@pytest.mark.parametrize("name, family", [
    ("777-200LR", "777"), ("Boeing 777-300ER", "777"), ("Airbus A380-800", "A380"), ("Boeing 777", None),
    ("F-16", None), ("737s", None), ("2006-07", None), ("Acme", None),
])
def test_the_model_a_variants_name_belongs_to(name, family):
    assert series(name) == family


@pytest.mark.parametrize("query", ["Harbor Composite", "Harbor Composite Index", "Harbor"])
def test_a_query_for_an_index_finds_it_by_its_name_without_index_words(query):
    registry = build_registry([("a", [entity("e1", "Harbor", "index")]), ("b", [entity("e1", "Acme Industrial", "org")])])
    assert [e.name for e in registry.lookup(query)] == ["Harbor"]
    assert registry.lookup("Acme Industrial Average") == []  # not an index's name by its words alone


def test_the_registry_depends_on_the_articles_not_their_order():
    articles = [("a", [entity("e1", "Big Company Corporation", "org", ["BigCo"], [("BigCo", "x")], ["BigCo"]),
                       entity("e2", "Vladimir Petrov", "person")]),
                ("b", [entity("e1", "BigCo", "org"), entity("e2", "Petrov", "person")]),
                ("c", [entity("e1", "Zephyr X200", "product"), entity("e2", "Big Company Corporation")]),
                ("d", [entity("e1", "X200", "product")])]
    expected = build_registry(articles).to_json()
    for seed in range(5):
        shuffled = [(doc, random.Random(seed).sample(ents, len(ents))) for doc, ents in articles]
        random.Random(seed).shuffle(shuffled)
        assert build_registry(shuffled).to_json() == expected


def test_articles_read_by_the_pipeline_link_into_one_entity(nlp):
    first = result(nlp, "Big Company Corporation (BigCo) opened a plant in Ohio on Monday.", "a")
    second = result(nlp, "BigCo closed a plant in Texas on Friday.", "b")
    registry = build_registry([("a", first.entities), ("b", second.entities)])
    (bigco,) = registry.lookup("BigCo")
    assert registry.lookup("Big Company Corporation") == [bigco]
    closed = next(e for e in second.events if e.trigger == "closed")
    assert {registry.entity_id("b", p.entity) for p in closed.participants} == {bigco.id}


# --- the registry in the product: the command line's entity filter and the JSON export ---------------------
def test_the_entity_filter_asks_the_registry_on_the_seeds(tmp_path, capsys):
    import json

    from timeline_cli.main import main

    from conftest import SEEDS

    def events(query: str) -> tuple[list[str], dict]:
        assert main(["build", "--entity", query, str(SEEDS)]) == 0
        data = json.loads(capsys.readouterr().out)
        return [e["id"] for e in data["events"] + data["vague"] + data["undated"]], data

    short, data = events("Putin")
    assert short and events("Vladimir Putin")[0] == short == events("putin")[0]
    (putin,) = [e for e in data["entities"] if e["name"] == "Vladimir Putin"]
    assert putin["kind"] == "person" and putin["events"] == len(short) and putin["first"] <= putin["last"]
    ids = {p["entity"] for e in data["events"] for p in e["participants"] if p["name"] in ("Putin", "Vladimir Putin")}
    assert ids == {putin["id"]}


def test_a_famous_entity_keeps_one_line_per_reason_it_was_joined():
    registry = build_registry([(f"a{i:03d}", [entity("e1", "Anna Abe", "person")]) for i in range(60)])
    (anna,) = registry.entities.values()
    assert anna.joins == ["Anna Abe: the same name (×59)"] and len(anna.aliases[0].documents) == 60


@pytest.mark.parametrize("long, short", [
    ("Zephyr X200", "X200"), ("Vladimir Petrov", "Petrov"), ("Orion 990 Skyliner", "990"),
    ("Northern Rail Company", "NRC"), ("United Provinces Navy", "UP Navy"), ("Zephyr X200", "Zephyr X200s"),
    ("Harbor Online Music Store", "Harbor Store"), ("Acme Motors", "Acme Motors"),
])
def test_entities_the_registry_joins_meet_through_their_interaction_keys(long, short):
    from timeline.entities.registry import interaction_keys

    a, b = entity("e1", long), entity("e1", short)
    assert len(build_registry([("a", [a]), ("b", [b])])) == 1
    (asks_a, answers_a), (asks_b, answers_b) = interaction_keys(a), interaction_keys(b)
    assert asks_a & answers_b or asks_b & answers_a


def test_an_entity_id_as_a_query_means_that_entity_alone():
    registry = build_registry([
        ("a", [entity("e1", "Harbor Records", "org", ["Harbor"], [("Harbor", "the name without its organisation word")])]),
        ("b", [entity("e1", "Harbor", "org")]),
    ])
    assert [e.name for e in registry.lookup("harbor-records")] == ["Harbor Records"]
    assert {e.name for e in registry.lookup("harbor")} == {"Harbor", "Harbor Records"}  # a name first


def test_of_two_subjects_a_misparse_gives_a_verb_the_one_nearest_before_it_is_its_own(nlp):
    """The parser sometimes hangs a relative clause's verb on the noun before it as a second subject ("the
    strategies of Nordair and Orion, whose Skylark first flew": "strategies" and "Skylark" both subjects of
    "flew"); the one nearest before the verb is its subject. The parse is written out here, as the parser gave
    it for a sentence of the kind."""
    from spacy.tokens import Doc

    from timeline.events.roles import subject_of

    words = ["the", "strategies", "of", "Orion", "whose", "Skylark", "first", "flew"]
    heads = [1, 7, 1, 2, 5, 7, 7, 7]
    deps = ["det", "nsubj", "prep", "pobj", "poss", "nsubj", "advmod", "ROOT"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps)
    assert subject_of(doc[7]).text == "Skylark"
