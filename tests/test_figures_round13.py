"""Figures: the general rules added after the blind round 13 (wildfire2, breach2 and the
round-12 leftovers), each checked on several sentences of our own (exact measure and value,
found or not found)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.helpers import found_figures

FOUND = [
    # an order to go is an evacuation whatever the verb after "to"
    ("More than 45,000 residents of Harlow Bay have been ordered to flee the town.",
     [("evacuated", 45000)]),
    ("Some 3,000 villagers were told to flee their homes on Monday.", [("evacuated", 3000)]),
    ("About 800 campers were urged to leave the valley before dusk.", [("evacuated", 800)]),
    ("Nearly 2,500 households were asked to evacuate overnight.", [("evacuated", 2500)]),
    # people moved, carried or ferried out of danger
    ("Close to 12,000 people were moved out of the island of Tavros.", [("evacuated", 12000)]),
    ("Some 7,000 guests had been moved away from their hotels by Sunday.", [("evacuated", 7000)]),
    ("Officers had transported some 9,000 people by road, with 2,000 evacuated by ferry.",
     [("evacuated", 9000), ("evacuated", 2000)]),
    ("Crews bussed 1,200 residents out of the valley overnight.", [("evacuated", 1200)]),
    ("About 5,000 tourists were ferried to the mainland.", [("evacuated", 5000)]),
    # leaving as a noun, and a place emptied of its people
    ("The Kessing wildfire forced the flight of more than 60,000 people.",
     [("displaced", 60000)]),
    ("The shelling set off an exodus of 200,000 people from the valley.",
     [("displaced", 200000)]),
    ("We had to evacuate an area of 18,000 people, the mayor said.", [("evacuated", 18000)]),
    ("Police began the evacuation of a district of 9,000 residents.", [("evacuated", 9000)]),
    # people put up in shelters
    ("About 3,500 people are now accommodated at schools and gyms.", [("displaced", 3500)]),
    ("Some 1,400 evacuated families were housed in army tents.", [("displaced", 1400)]),
    # a bracketed aside between a count and its verb; a part inside it takes that verb
    ("Officials said 52 people (including 5 children) had died and 91 people (including 12 "
     "children) had been injured.",
     [("killed", 52), ("killed", 5), ("wounded", 91), ("wounded", 12)]),
    ("At least 30 people (most of them women) were killed in the raid.", [("killed", 30)]),
    ("Some 64 residents (among them 9 children) were rescued from the block.",
     [("rescued", 64), ("rescued", 9)]),
    # the adjective "dead" before a counted noun is the dead
    ("The health ministry reported 140 dead soldiers and 380 wounded.",
     [("killed", 140), ("wounded", 380)]),
    ("The ombudsman reported three dead children.", [("killed", 3)]),
    ("Rescuers found 17 dead migrants in the truck.", [("killed", 17)]),
    # the injured now in hospital or receiving inpatient care
    ("There are 19 injured in hospitals and 6 of them are seriously injured.",
     [("hospitalized", 19)]),
    ("As many as 52 wounded people are receiving inpatient treatment.", [("hospitalized", 52)]),
    ("The 14 wounded remain in hospital, the governor said.", [("hospitalized", 14)]),
    # carried to hospital stays hospitalized
    ("Ambulances transported 40 people to hospital.", [("hospitalized", 40)]),
    ("Twelve injured people were transported to hospitals in the city.",
     [("hospitalized", 12)]),
]

NOT_FOUND = [
    ("There are 19 injured in hospitals and 6 of them are seriously injured.",
     [("wounded", 19)]),
    ("The health ministry reported 140 dead soldiers and 380 wounded.", [("wounded", 140)]),
    ("Some 40 injured in hospital with burns were treated.", [("hospitalized", 40)]),
    ("Eleven people were injured in the attack on the market.", [("hospitalized", 11)]),
    ("The stadium can accommodate 40,000 people.", [("displaced", 40000)]),
    ("The town of 30,000 people lies to the north of the lake.", [("evacuated", 30000)]),
    ("The company moved 300 jobs out of the state.", [("evacuated", 300)]),
    ("The army transported 500 troops to the front.", [("evacuated", 500)]),
    ("The hall housed 2,000 spectators for the final.", [("displaced", 2000)]),
]


@pytest.mark.parametrize(("text", "expected"), FOUND, ids=[t[:40] for t, _ in FOUND])
def test_found(text: str, expected: list[tuple[str, float]]) -> None:
    got = found_figures(text, published=date(2024, 6, 1))
    for key in expected:
        assert key in got, (key, got)


@pytest.mark.parametrize(("text", "unexpected"), NOT_FOUND, ids=[t[:40] for t, _ in NOT_FOUND])
def test_not_found(text: str, unexpected: list[tuple[str, float]]) -> None:
    got = found_figures(text, published=date(2024, 6, 1))
    for key in unexpected:
        assert key not in got, (key, got)


# a count named as said before (pluperfect, "initially", "an earlier toll ... had stood at",
# "from an original N") gives way to the article's other figure of the same measure; an area
# step ("an increase of N acres from", "grew only N acres") is no size
SUPERSEDED = [
    ("The toll has jumped to 31. The agency had earlier said 22 people had been killed.",
     ("killed", 31), ("killed", 22)),
    ("Rescuers have found 64 bodies. The governor had initially put the toll at 40 dead.",
     ("killed", 64), ("killed", 40)),
    ("Officials initially said five people died. The death toll has now been revised upwards "
     "to 14.", ("killed", 14), ("killed", 5)),
    ("The quake, revised down from an original 7.1 magnitude, had a magnitude of 6.8.",
     ("magnitude", 6.8), ("magnitude", 7.1)),
    ("The 5.1-magnitude quake struck at noon. Earlier it had put the magnitude at 5.5.",
     ("magnitude", 5.1), ("magnitude", 5.5)),
    ("The toll rose to 48. An earlier toll from rescuers had stood at 41.",
     ("killed", 48), ("killed", 41)),
    ("The Alder Fire had burned 88,410 acres on Tuesday night, an increase of 3,120 acres from "
     "the morning estimate.", ("acres burned", 88410), ("acres burned", 3120)),
    ("Over Friday the Alder Fire grew only 300 acres; it has burned 12,000 acres.",
     ("acres burned", 12000), ("acres burned", 300)),
    ("The burned area was up about 9,000 acres from the previous night's update, and the Alder "
     "Fire now covers 40,000 acres.", ("acres burned", 40000), ("acres burned", 9000)),
]


@pytest.mark.parametrize(("text", "kept", "dropped"), SUPERSEDED, ids=[t[:40] for t, _, _ in SUPERSEDED])
def test_superseded(text: str, kept: tuple[str, float], dropped: tuple[str, float]) -> None:
    got = found_figures(text, published=date(2024, 6, 1))
    assert kept in got, (kept, got)
    assert dropped not in got, (dropped, got)


KEPT = [
    # a restated toll with its earlier value in an aside keeps the new one
    ("The death toll, initially reported as 12, has since climbed to 31.", [("killed", 31)]),
    # the counts "had" in a previous update are listed as they stand
    ("The previous count issued on Monday had 900 structures destroyed.",
     [("structures destroyed", 900)]),
    ("The Alder Fire grew to 40,000 acres.", [("acres burned", 40000)]),
    ("The fire is up to 20,000 acres.", [("acres burned", 20000)]),
    ("The ministry had earlier said 40 soldiers were killed.", [("killed", 40)]),
]


@pytest.mark.parametrize(("text", "expected"), KEPT, ids=[t[:40] for t, _ in KEPT])
def test_kept(text: str, expected: list[tuple[str, float]]) -> None:
    got = found_figures(text, published=date(2024, 6, 1))
    for key in expected:
        assert key in got, (key, got)


# figures of another named fire than the story's, in a sentence that ranks or dates it (or
# goes on from one that did); an area summed over a state's fires
OTHER_FIRES = [
    ("The Pell Fire has burned 90,000 acres. The Larch Fire, which started last October "
     "outside Denby, ultimately destroyed 912 structures in two counties.",
     [("acres burned", 90000)], [("structures destroyed", 912)]),
    ("The Pell Fire destroyed 400 homes. That would put the Pell Fire behind the Osgood Fire, "
     "which hit Marlin County in October 2017 and destroyed 1,210 structures.",
     [("structures destroyed", 400)], [("structures destroyed", 1210)]),
    ("The Pell Fire destroyed 400 homes. The Larch Fire for a time was the state's largest on "
     "record, burning 240,500 acres.",
     [("structures destroyed", 400)], [("acres burned", 240500)]),
    ("The Pell Fire destroyed 400 homes. The update moved the Pell Fire past last year's Elm "
     "Fire. The Elm Fire burned 41,200 acres and destroyed 1,210 structures.",
     [("structures destroyed", 400)], [("acres burned", 41200), ("structures destroyed", 1210)]),
    ("The Pell Fire destroyed 400 homes. That record used to belong to the Oak Ridge Fire in "
     "2004. That blaze razed 812 structures and burned 31,400 acres near Pine Flat.",
     [("structures destroyed", 400)], [("structures destroyed", 812), ("acres burned", 31400)]),
    ("The Pell Fire destroyed 400 homes. More than 150,000 acres were burning statewide, with "
     "blazes from the coast to the mountains.",
     [("structures destroyed", 400)], [("acres burned", 150000)]),
    # kept: a second fire of the story with no ranking or date; the story's own record; a
    # fire chief is no fire; a country's total of the story's fires
    ("The Pell Fire destroyed 400 homes. The nearby Hill Fire has burned 4,500 acres and "
     "destroyed 12 homes.",
     [("acres burned", 4500), ("structures destroyed", 12)], []),
    ("The Pell Fire has burned 90,000 acres and is now the largest fire in state history.",
     [("acres burned", 90000)], []),
    ("Crews fought the Pell Fire overnight. Marlin County Fire Chief Ana Ruiz said the blaze "
     "had burned 13,600 acres since Monday.", [("acres burned", 13600)], []),
    ("The minister said there had been 80 wildfires, with 95,000 acres burned across the "
     "country.", [("acres burned", 95000)], []),
]


@pytest.mark.parametrize(
    ("text", "kept", "dropped"), OTHER_FIRES, ids=[t[:40] for t, _, _ in OTHER_FIRES]
)
def test_other_fires(
    text: str, kept: list[tuple[str, float]], dropped: list[tuple[str, float]]
) -> None:
    got = found_figures(text, "Pell Fire grows as crews battle winds", published=date(2018, 11, 12))
    for key in kept:
        assert key in got, (key, got)
    for key in dropped:
        assert key not in got, (key, got)


# a year the title or the lead ties to the story's own breach is the story's time, not the
# past (breach measures only); exposure wording: "hacked", "access to N", "data from N"
OWN_BREACH = [
    # (title, text, published, found, not found)
    ("Norvel confirms 400 million accounts hacked in 2012",
     "A huge breach at Norvel in 2012 was far worse than first reported, affecting all of its "
     "2 billion user accounts, its new owner said on Monday.",
     date(2016, 10, 4), [("affected", 2000000000)], []),
    (None,
     "Norvel said on Tuesday that 400 million mail accounts were breached in 2012. The "
     "regulator later fined Norvel $20 million for concealing a data breach that happened in "
     "2012.", date(2016, 10, 4), [("affected", 400000000), ("money:usd", 20000000)], []),
    (None,
     "Quorra Hotels disclosed its 2014 data breach on Friday. Hackers stole data from more "
     "than 90 million guest accounts in 2014, the chain said.",
     date(2018, 11, 30), [("affected", 90000000)], []),
    # another, older breach in a later sentence stays the past
    (None,
     "Lakeview Bank said 30,000 customers were affected by a hack found on Monday. In 2013, "
     "hackers stole 40 million customer records from Tarlow Stores.",
     date(2016, 10, 4), [("affected", 30000)], [("record", 40000000)]),
    (None,
     "Lakeview Bank said 30,000 customers were affected by a hack found on Monday. It is the "
     "largest since a breach at Tarlow in 2012 exposed 40 million accounts.",
     date(2016, 10, 4), [("affected", 30000)], [("affected", 40000000)]),
]


@pytest.mark.parametrize(
    ("title", "text", "published", "found", "absent"),
    OWN_BREACH,
    ids=[t[:40] for _, t, _, _, _ in OWN_BREACH],
)
def test_own_breach_year(
    title: str | None,
    text: str,
    published: date,
    found: list[tuple[str, float]],
    absent: list[tuple[str, float]],
) -> None:
    got = found_figures(text, title, published=published)
    for key in found:
        assert key in got, (key, got)
    for key in absent:
        assert key not in got, (key, got)


EXPOSURE = [
    ("Norvel confirms 400 million mail accounts hacked.", [("affected", 400000000)]),
    ("An intruder managed to steal access to 300 million Norvel accounts.",
     [("affected", 300000000)]),
    ("Attackers gained access to 12 million customer records.", [("record", 12000000)]),
    ("The firm thinks intruders stole data from more than 900 million user accounts.",
     [("affected", 900000000)]),
    ("Hackers stole information from over 2 billion accounts.", [("affected", 2000000000)]),
]


@pytest.mark.parametrize(("text", "expected"), EXPOSURE, ids=[t[:40] for t, _ in EXPOSURE])
def test_exposure_wording(text: str, expected: list[tuple[str, float]]) -> None:
    got = found_figures(text, published=date(2020, 1, 1))
    for key in expected:
        assert key in got, (key, got)


@pytest.mark.parametrize(
    ("text", "unexpected"),
    [
        ("Three villagers were hacked to death.", ("affected", 3)),
        ("The data came from 40 countries.", ("affected", 40)),
        ("The survey drew information from 2,000 people.", ("affected", 2000)),
    ],
)
def test_exposure_not(text: str, unexpected: tuple[str, float]) -> None:
    assert unexpected not in found_figures(text, published=date(2020, 1, 1))


# states of people as families: lost contact (missing), cut off / stranded / marooned
# (trapped), critical injuries and a critical or serious condition (wounded)
STATES = [
    ("Officials lost contact with 40 people travelling in buses in the park.", ("missing", 40)),
    ("The coastguard has lost touch with 12 fishermen since Sunday.", ("missing", 12)),
    ("Rescuers said about 300 people cut off in a mountain hotel were safe.", ("trapped", 300)),
    ("A group of 40 hotel staff marooned on a road to the park are now mostly safe.",
     ("trapped", 40)),
    ("Some 2,000 tourists were stranded on the island after the bridge fell.",
     ("trapped", 2000)),
    ("At least 28 have sustained critical injuries.", ("wounded", 28)),
    ("Nine miners suffered severe injuries in the collapse.", ("wounded", 9)),
    ("The toll rose to 31. The toll may rise as close to 120 people are said to be in a "
     "critical condition.", ("wounded", 120)),
    ("The regional office said 12 people are in serious condition.", ("wounded", 12)),
]


@pytest.mark.parametrize(("text", "key"), STATES, ids=[t[:40] for t, _ in STATES])
def test_people_states(text: str, key: tuple[str, float]) -> None:
    assert key in found_figures(text, published=date(2024, 6, 1))


STATES_NOT = [
    ("Ground control lost contact with 3 satellites.", ("missing", 3)),
    ("The storm left 4,000 homes cut off from the grid.", ("trapped", 4000)),
    ("Of the 335 injured, 41 remain in hospital, four in critical condition.", ("wounded", 4)),
    ("Of the 48 people injured, 19 remained in hospital, including seven in a serious "
     "condition.", ("wounded", 7)),
    ("The toll rose to 31. The toll may rise as close to 120 people are said to be in a "
     "critical condition.", ("killed", 120)),
]


@pytest.mark.parametrize(("text", "key"), STATES_NOT, ids=[t[:40] for t, _ in STATES_NOT])
def test_people_states_not(text: str, key: tuple[str, float]) -> None:
    assert key not in found_figures(text, published=date(2024, 6, 1))


# the toll of another event told in a clause about it (retaliation, "a week after another
# tremor", "an earlier strike ..., which killed")
OTHER_EVENT = [
    ("The army struck nine sites in retaliation for the March 2 bombing that killed 31 people.",
     [], [("killed", 31)]),
    ("The strikes came in response to the March 2 bombing in which 18 pilgrims and a driver "
     "were killed.", [], [("killed", 18)]),
    ("Rebels shelled the town to avenge an ambush that killed 14 fighters.", [],
     [("killed", 14)]),
    ("The quake hit just a week after another tremor struck the island and killed 13.", [],
     [("killed", 13)]),
    ("An earlier strike on the same block, which killed four people, was in May. The new "
     "strike killed 12 people.", [("killed", 12)], [("killed", 4)]),
    # kept: the story's own strike told with "another", a part in a separate post
    ("Russia launched another attack on Kyiv that killed 12 people.", [("killed", 12)], []),
    ("He said in a separate post that 72 apartments had been destroyed in the strike and 164 "
     "had been damaged.", [("structures destroyed", 72), ("structures damaged", 164)], []),
]


@pytest.mark.parametrize(
    ("text", "kept", "dropped"), OTHER_EVENT, ids=[t[:40] for t, _, _ in OTHER_EVENT]
)
def test_other_event_clause(
    text: str, kept: list[tuple[str, float]], dropped: list[tuple[str, float]]
) -> None:
    got = found_figures(text, published=date(2024, 6, 1))
    for key in kept:
        assert key in got, (key, got)
    for key in dropped:
        assert key not in got, (key, got)


# the terms of a deal as reported ("would pay" under a deal); parts of exposed data
DEAL = [
    ("Under the deal, Bexley Mart would pay $240 million to resolve the regulators' probes.",
     ("money:usd", 240000000)),
    ("The settlement, which still needs a judge's approval, would require the firm to place at "
     "least $90.5 million in a fund for victims.", ("money:usd", 90500000)),
    ("Under the terms of the agreement, Halbrook would put $75 million into a restitution "
     "fund.", ("money:usd", 75000000)),
    ("The breach exposed about 280 million guest records, of which some 25 million belonged to "
     "residents of EU states.", ("record", 25000000)),
    ("Hackers stole 90 million customer records, of which 12 million came from Canada.",
     ("record", 12000000)),
]


@pytest.mark.parametrize(("text", "key"), DEAL, ids=[t[:40] for t, _ in DEAL])
def test_deal_and_parts(text: str, key: tuple[str, float]) -> None:
    assert key in found_figures(text, published=date(2024, 6, 1))


DEAL_NOT = [
    ("The retailer could face fines of up to $240 million.", ("money:usd", 240000000)),
    ("Under the deal, the firm would pay $50 million if the court approves.",
     ("money:usd", 50000000)),
    ("Under the settlement, the bank would pay up to $30 million to customers.",
     ("money:usd", 30000000)),
    ("The council would pay $40 million for the new bridge.", ("money:usd", 40000000)),
]


@pytest.mark.parametrize(("text", "key"), DEAL_NOT, ids=[t[:40] for t, _ in DEAL_NOT])
def test_deal_not(text: str, key: tuple[str, float]) -> None:
    assert key not in found_figures(text, published=date(2024, 6, 1))


# a harm noun after singular modifiers is the event ("four first responder injuries"); a
# one-decimal number counts no people ("Killed by 6.8 Quake")
HARM = [
    ("There have been no civilian injuries or deaths, but there have been four first "
     "responder injuries.", [("wounded", 4)], [("casualties", 4), ("killed", 4)]),
    ("Crews reported three firefighter injuries on Tuesday.", [("wounded", 3)], []),
    ("The blast caused 12 civilian injuries.", [("wounded", 12)], []),
    ("Police recorded five pedestrian deaths on the bridge.", [("killed", 5)], []),
    ("At least 64 Killed by 6.8 Quake in Varnos", [("killed", 64)], [("killed", 6.8)]),
    ("At least 82 Killed by 7.0 Quake in Tessa", [("killed", 82)], [("killed", 7)]),
    ("Some 2.5 million people were displaced.", [("displaced", 2500000)], []),
]


@pytest.mark.parametrize(("text", "kept", "dropped"), HARM, ids=[t[:40] for t, _, _ in HARM])
def test_harm_heads(
    text: str, kept: list[tuple[str, float]], dropped: list[tuple[str, float]]
) -> None:
    got = found_figures(text, published=date(2024, 6, 1))
    for key in kept:
        assert key in got, (key, got)
    for key in dropped:
        assert key not in got, (key, got)
