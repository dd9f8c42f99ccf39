"""Figures: the general rules added after the blind round 10 (korvath, pahrangquake,
bramblecreek, orlomobile), each checked on a sentence of its own (exact measure and value,
found or not found)."""

from __future__ import annotations

import pytest

from tests.helpers import found_figures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Singapore dollars
        ("The watchdog fined the clinic chain S$720,000 over the leak.", ("money:sgd", 720000)),
        # "seized (other things and) cryptocurrency worth about $N"
        ("Officers seized two phones and cryptocurrency worth about US$380,000 from the pair.",
         ("money:usd", 380000)),
        # a bracketed conversion after a currency the lexicon does not know, behind a hedge
        ("Officials put economic losses at 9.1 billion marvels (about US$64 million) on Monday.",
         ("money:usd", 64000000)),
        # a running total after the figure it continues
        ("The army said the enemy had lost 870 soldiers over the past day, bringing its total "
         "losses since the war began to 412,600.", ("killed", 412600)),
        ("Personnel on the blaze peaked at 2,300 on Friday and has since dropped to about 1,640.",
         ("personnel", 2300)),
        ("Personnel on the blaze peaked at 2,300 on Friday and has since dropped to about 1,640.",
         ("personnel", 1640)),
        # "up from N a year ago" dates the old value only
        ("The ministry has deployed about 84,000 troops to the border, up from 52,000 a year "
         "ago.", ("deployed", 84000)),
        # a dashed aside "— N of them homes —" is a part of the set before it
        ("Inspectors have counted 212 destroyed structures — 140 of them homes — so far.",
         ("structures destroyed", 140)),
        # taken to a named hospital with injuries
        ("Three officers were taken to Brigid Memorial Hospital with minor injuries.",
         ("wounded", 3)),
        # data a trove contains, in a breach story
        ("The hackers say the stolen trove contains 12 million records.", ("record", 12000000)),
        # evacuation orders remaining for N people (not the ones lifted)
        ("The county lifted evacuation orders for Elm Flat, but orders remain in place for "
         "about 3,100 people in Ridgeview.", ("evacuated", 3100)),
        # the total number of <demonym> <event> ... to N
        ("The exchange brings the total number of Marovians freed from captivity since the "
         "start of the war to 2,960, the ombudsman said.", ("released", 2960)),
        # ordered to leave their homes; moved to evacuation centres
        ("Police ordered some 2,200 residents of the river towns to leave their homes.",
         ("evacuated", 2200)),
        ("About 14,000 people have been moved to evacuation centres.", ("evacuated", 14000)),
        ("About 9,000 people are staying in evacuation centres.", ("displaced", 9000)),
        # "rose to N, including M homes, and K more were damaged": the part is destroyed
        ("The number of buildings destroyed rose to 58, including 31 homes, and 12 more were "
         "damaged.", ("structures destroyed", 31)),
        # README leftovers: "rescued 12 of 15 miners" (a verb before "N of M" with N <= 20)
        ("Crews have rescued 12 of 15 miners trapped in the shaft.", ("rescued", 12)),
        ("Air defences intercepted 9 of 12 missiles overnight.", ("missile", 9)),
        # a lone death after a wire dateline's dash
        ("HALVEN (Norland), May 2, 2026 (AFP) - A volunteer firefighter was killed when a tree "
         "fell on his truck.", ("killed", 1)),
        # a group's share of the toll
        ("Conscripts account for at least 9,400 of the dead, the outlet said.", ("killed", 9400)),
        # "N soldiers have been killed or wounded": casualties, not killed
        ("Western officials believe as many as 2,700 Varenian soldiers have been killed or "
         "wounded.", ("casualties", 2700)),
        ("Some 5,000 were killed or wounded in the spring offensive.", ("casualties", 5000)),
        ("At least 40 people were killed and wounded 12 others.", ("killed", 40)),
        # access to the accounts of N users; forced N people from their homes
        ("The firm said intruders gained access to the accounts of roughly 3.4 million users.",
         ("affected", 3400000)),
        ("The floods forced some 26,000 people from their homes.", ("displaced", 26000)),
        # "rose by 50 to 3,145": the total, not the step (and not a range "50 to 3,145")
        ("The death toll rose by 50 overnight to about 3,145, officials said.",
         ("killed", 3145)),
        ("The fire grew by 4,000 acres to 18,000 acres.", ("acres burned", 18000)),
        # evacuation orders affecting N people
        ("Evacuation orders affecting 30,000 people remained in effect.", ("evacuated", 30000)),
        # "reduced to ash", "burned to the ground"; "saved N people"
        ("About 200 homes had been reduced to ash.", ("structures destroyed", 200)),
        ("Some 60 houses were burned to the ground.", ("structures destroyed", 60)),
        ("Rescuers saved about 34 people from the flooded village.", ("rescued", 34)),
        # a toll that "crosses", "nears", "mounted to" a number (headline verbs)
        ("Death toll in Selvaria quake crosses 3,000", ("killed", 3000)),
        ("Pahrang quake toll nears 2,000 as rescuers dig", ("killed", 2000)),
        # a long aside between the count and its verb
        ("At least 19 people, among them a pregnant woman and two teenagers who had been "
         "sheltering in the basement of the building, were killed.", ("killed", 19)),
        ("Around 45 people, according to preliminary data from the regional administration, "
         "were wounded.", ("wounded", 45)),
        ("Over 1,700 people, the majority of them from the worst-hit town of Teruman, remain in "
         "temporary shelters.", ("displaced", 1700)),
        # told to leave; homes lost; lost power; sleeping outdoors
        ("Around 8,000 people have been told to leave.", ("evacuated", 8000)),
        ("More than 40 homes have been lost, according to the county.",
         ("structures destroyed", 40)),
        ("About 5,000 homes have lost power.", ("without power", 5000)),
        ("Some 12,000 customers lost electricity overnight.", ("without power", 12000)),
        ("Officials said 3,500 people were still sleeping outdoors, fearing aftershocks.",
         ("displaced", 3500)),
        # a toll restated after a relative clause with its earlier value
        ("The number of dead, which officials had put at 35 on Monday, has now risen to 52.",
         ("killed", 52)),
        ("The death toll, initially reported as 12, has since climbed to 31.", ("killed", 31)),
        # the continuation names its own event
        ("Police arrested 12 people, and the number of injured has risen to 40.",
         ("wounded", 40)),
        # relief camps and "to safety" (South Asian and wire wording)
        ("Around 3 lakh people have been shifted to relief camps.", ("evacuated", 300000)),
        ("About 500 people are staying in relief camps.", ("displaced", 500)),
        ("Some 45 people were airlifted to safety.", ("evacuated", 45)),
        ("Over 2,000 people were shifted to safer places.", ("evacuated", 2000)),
        # stolen money by other verbs
        ("The attackers siphoned off $41 million in crypto.", ("money:usd", 41000000)),
        ("Hackers drained $620 million from the bridge.", ("money:usd", 620000000)),
        # a lone death in the active voice
        ("The attack killed an elderly woman and injured her husband.", ("killed", 1)),
        ("A drone strike killed a civilian in Nikopol, the governor said.", ("killed", 1)),
    ],
)  # fmt: skip
def testfound_figures(text: str, expected: tuple[str, float]) -> None:
    assert expected in found_figures(text)


@pytest.mark.parametrize(
    ("text", "unexpected"),
    [
        # the amount in the unknown currency is not a count of casualties
        ("Officials put the losses at 9.1 billion marvels (about US$64 million) on Monday.",
         ("casualties", 9100000000)),
        # a continuation with a counted noun of its own keeps that noun
        ("The fire destroyed 40 homes and damaged 12, bringing the total burned to 300 acres.",
         ("structures damaged", 300)),
        ("The number of buildings destroyed rose to 58, including 31 homes, and 12 more were "
         "damaged.", ("structures damaged", 31)),
        # a round bound passed, with the exact count after it
        ("The death toll has climbed past 200, with officials confirming 214 deaths.",
         ("killed", 200)),
        # "a year ago" with no comparison: the sentence is past
        ("A year ago, the ministry had deployed about 52,000 troops to the border.",
         ("deployed", 52000)),
        # contained records outside a breach story; taken somewhere without injuries
        ("The county archive contains 12 million records.", ("record", 12000000)),
        ("Twelve rescuers were taken to the site with sniffer dogs.", ("wounded", 12)),
        # a page counter stays a counter; "four of the dead were" stays a part of the toll
        ("Page 3 of 9 of the report lists 40 people killed.", ("killed", 3)),
        ("Four of the dead were fishermen from Ostrel.", ("killed", 4)),
        ("Western officials believe as many as 2,700 Varenian soldiers have been killed or "
         "wounded.", ("killed", 2700)),
        ("The bank froze the accounts of 40 people.", ("affected", 40)),
        ("Police took the accounts of 40 witnesses.", ("affected", 40)),
        ("The death toll rose by 50 overnight to about 3,145, officials said.",
         ("killed", 50)),
        ("The fire grew by 4,000 acres to 18,000 acres.", ("acres burned", 4000)),
        ("Evacuation orders affecting 30,000 people remained in effect.", ("affected", 30000)),
        # "no one was hurt" is nobody
        ("Officials said no one was hurt in the blast.", ("wounded", 1)),
        ("Not one person was injured, the mayor said.", ("wounded", 1)),
        # an area given again in other units; saved jobs
        ("The fire has grown to 9,600 acres, or about 15 square miles.",
         ("square miles burned", 15)),
        ("The program saved 300 jobs.", ("rescued", 300)),
        ("About 300 people, the majority of them from Teruman, attended the funeral.",
         ("displaced", 300)),
        ("About 5,000 homes have lost power.", ("structures destroyed", 5000)),
        ("Police arrested 12 people, and the number of injured has risen to 40.",
         ("arrested", 40)),
        ("Some 45 people were airlifted to hospital.", ("evacuated", 45)),
        ("The storm killed a lot of cattle.", ("killed", 1)),
        ("He was killed a week later.", ("killed", 1)),
        # a house's worth is no payment
        ("The couple's house is worth about $420,000, the listing said.", ("money:usd", 420000)),
    ],
)  # fmt: skip
def test_notfound_figures(text: str, unexpected: tuple[str, float]) -> None:
    assert unexpected not in found_figures(text)


def test_a_passed_bound_alone_stays() -> None:
    assert ("killed", 200) in found_figures("The death toll has climbed past 200.")
