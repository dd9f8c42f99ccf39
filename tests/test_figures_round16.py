"""Figures: the general rules added in round 16, each checked on sentences of its own (exact
measure and value, found and not found)."""

from __future__ import annotations

import pytest

from tests.helpers import found_figures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # organisations a breach or an attack hits are "affected", like people and accounts
        ("By then, nearly 14,000 organisations had been affected.", ("affected", 14000)),
        ("Up to 1,200 businesses affected by ransomware attack, vendor says",
         ("affected", 1200)),
        ("More than 9,000 companies and agencies in Velmora were compromised in the intrusion.",
         ("affected", 9000)),
        ("The flaw exposed about 3,500 firms to the gang.", ("affected", 3500)),
        ("The outage impacted some 420 institutions across the region.", ("affected", 420)),
        # burned: people are hurt, homes destroyed; "had / received burns" is an injury
        ("Nine other firefighters were seriously burned battling the blaze near Orrin.",
         ("wounded", 9)),
        ("Three residents were badly burnt when the flames reached the hamlet.", ("wounded", 3)),
        ("Four other soldiers were burned and six others also had burns.", ("wounded", 4)),
        ("Four other soldiers were burned and six others also had burns.", ("wounded", 6)),
        ("Six volunteers had minor burns to their hands.", ("wounded", 6)),
        ("Twelve villagers received serious injuries in the blast.", ("wounded", 12)),
        ("Forty homes were burned in the Kessel valley.", ("structures destroyed", 40)),
        ("Some 300 houses have been burnt.", ("structures destroyed", 300)),
        # "suffered" with up to four words before the injury
        ("At least 30 people died in the quake, and more than 600 people suffered minor to "
         "serious injuries.", ("wounded", 600)),
        ("Some 45 hikers suffered light to moderate burns.", ("wounded", 45)),
        # "sought medical treatment / help / attention" is the wounded family
        ("About 112 people have sought medical treatment since the strike.", ("wounded", 112)),
        ("Some 40 residents sought medical help after inhaling smoke.", ("wounded", 40)),
        ("Nearly 75 passengers sought medical attention at the terminal.", ("wounded", 75)),
        # "met their end / deaths"
        ("Five soldiers were killed in combat, while three met their end in a truck crash.",
         ("killed", 3)),
        ("Nine miners met their deaths when the shaft flooded.", ("killed", 9)),
        # people carried "to safety" are evacuated, even by a vessel "carrying" them
        ("The frigate did most of the work, carrying 700 people to safety.", ("evacuated", 700)),
        ("Helicopters began airlifting a further 300 people to safety.", ("evacuated", 300)),
        ("Rescuers brought 45 villagers to safety on Sunday.", ("evacuated", 45)),
        ("Crews led 20 hikers to safety across the ridge.", ("evacuated", 20)),
        # a payment to the attackers is a ransom, the word or not
        ("Pipeline operator confirms it paid $2.1M to hackers", ("money:usd", 2100000)),
        ("The utility confirmed it paid $3.4 million to a gang of hackers.",
         ("money:usd", 3400000)),
        ("The firm said it had paid \u201cthe equivalent of $7 million\u201d to the criminal "
         "gang.", ("money:usd", 7000000)),
        ("The company paid hackers $2.1 million, about 40 bitcoin.", ("money:usd", 2100000)),
        ("The family paid $50,000 to the kidnappers.", ("money:usd", 50000)),
        # "N of its / their M (or so) <noun>": the part takes the verb
        ("Some 30 of its 25,000 or so customers were directly affected by the attack.",
         ("affected", 30)),
        ("Some 30 of its 25,000 customers were exposed in the leak.", ("affected", 30)),
        ("Four of their 12 crew members were killed.", ("killed", 4)),
        ("About 12 of the 300 or so residents were hurt.", ("wounded", 12)),
        # "..., as have / as were N <noun>": the verb of the clause before
        ("Seven commercial structures have been destroyed, as have 88 minor structures.",
         ("structures destroyed", 88)),
        ("In Marsh County, 95 homes have been destroyed, as have 140 commercial buildings.",
         ("structures destroyed", 140)),
        ("Forty homes were damaged in the quake, as were 12 schools.",
         ("structures damaged", 12)),
        ("Twenty soldiers were killed, as were 12 civilians.", ("killed", 12)),
        # homes left, shelters moved to, evacuation centres stayed in
        ("Some 21,000 people left their homes after the main shock.", ("displaced", 21000)),
        ("About 20,000 survivors were moved to temporary shelters.", ("evacuated", 20000)),
        ("Officials said 100,000 people were still inside evacuation centres.",
         ("displaced", 100000)),
        # "N out of M <noun>" as "N of M <noun>"
        ("Air defences destroyed 18 out of 25 cruise missiles.", ("cruise missile", 18)),
        ("Police arrested 14 out of 20 suspects on Friday.", ("arrested", 14)),
        # a date before an event noun leaves the real count alone
        ("Police announced the Nov. 6 arrests in Dalmir of two other members.",
         ("arrested", 2)),
        ("Since the March 12 attacks, officials have counted 30 deaths.", ("killed", 30)),
        ("On Saturday 14 people were evacuated.", ("evacuated", 14)),
    ],
)
def test_round16_found(text: str, expected: tuple[str, float]) -> None:
    assert expected in found_figures(text)


@pytest.mark.parametrize(
    ("text", "unexpected"),
    [
        # organisations with no breach event count nothing
        ("Some 200 companies took part in the Dravik trade fair.", ("affected", 200)),
        ("The coalition struck 40 targets overnight.", ("affected", 40)),
        ("About 300 firms employ the town's workers.", ("affected", 300)),
        # soldiers burned are hurt, not a count of soldiers
        ("Eleven other soldiers were burned fighting the fires.", ("soldier", 11)),
        ("About 500 customers had passwords reset.", ("wounded", 500)),
        ("At least 30 people died in the quake, and more than 600 people suffered minor to "
         "serious injuries.", ("killed", 600)),
        ("The frigate did most of the work, carrying 700 people to safety.", ("on board", 700)),
        # carrying with no "to safety" stays a count on board
        ("The ferry was carrying 300 passengers when it capsized.", ("evacuated", 300)),
        # the whole of "N of its M" is a base, not the count
        ("Some 30 of its 25,000 or so customers were directly affected by the attack.",
         ("affected", 25000)),
        ("Four of their 12 crew members were killed.", ("killed", 12)),
        # "as has been reported by N outlets" counts nothing
        ("Twenty soldiers were killed, as has been reported by 40 outlets.", ("killed", 40)),
        # "one out of five" stays a ratio; the whole of a part is never the verb's
        ("Thirty one out of 52 flats were completely destroyed.", ("structures destroyed", 52)),
        ("One out of five residents was affected.", ("affected", 1)),
        # payments to anyone else are no figure
        ("The firm paid $7 million to its suppliers.", ("money:usd", 7000000)),
        ("Dorvik paid $2 million for new servers after the gang struck.", ("money:usd", 2000000)),
        # "the <month> N <event noun>" is a date
        ("Police announced the Nov. 6 arrests in Dalmir of two other members.",
         ("arrested", 6)),
        ("Officials recalled the October 9 raids on the port.", ("arrested", 9)),
        ("The Sept. 3 strikes killed 40 people.", ("killed", 3)),
        # in a disease story, patients who "sought treatment" are cases, not wounded
        ("Officials said two infected individuals sought treatment at a clinic.",
         ("wounded", 2)),
    ],
)
def test_round16_not_found(text: str, unexpected: tuple[str, float]) -> None:
    assert unexpected not in found_figures(text)


def test_round16_org_nouns_never_other_events() -> None:
    found = found_figures("Officials said 30 agencies were evacuated and 12 firms destroyed.")
    assert not any(v in (30, 12) for _, v in found)
