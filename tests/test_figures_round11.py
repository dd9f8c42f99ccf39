"""Figures: the general rules added after the blind real-prose evaluation (round 11: war,
quake, wildfire and breach pages), each checked on a sentence of its own (fictional places
and people; exact measure and value, found or not found)."""

from __future__ import annotations

import pytest

from tests.helpers import found_figures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the missing told by their whereabouts
        ("By Tuesday there were 140 people in Orlen whose whereabouts were unknown.",
         ("missing", 140)),
        # treated for a named harm
        ("Two volunteers at the Pellow camp were treated for minor burns.", ("wounded", 2)),
        ("Six residents of Marsh Lane were treated for smoke inhalation.", ("wounded", 6)),
        ("One firefighter has been treated for a minor injury, the brigade said.",
         ("wounded", 1)),
        # a blaze that "claimed" homes destroyed them
        ("The sheriff said the Tolley blaze has claimed 1,900 homes and 85 businesses.",
         ("structures destroyed", 1900)),
        ("The sheriff said the Tolley blaze has claimed 1,900 homes and 85 businesses.",
         ("structures destroyed", 85)),
        # firemen are firefighters
        ("About 450 firemen and volunteers searched the hillside above Varno.",
         ("firefighter", 450)),
        ("There are now 230 fire-fighters on the Kessel front.", ("firefighter", 230)),
        # homes that cannot be lived in are damaged
        ("Engineers said 640 houses in Drall were deemed uninhabitable.",
         ("structures damaged", 640)),
        # people who need shelter are displaced
        ("About 2,800 people in Wend needed emergency shelter on Sunday.", ("displaced", 2800)),
        # caravans and cabins are structures when destroyed or damaged
        ("Twenty-two caravans and chalets at the Brightwater park were also destroyed.",
         ("structures destroyed", 22)),
        # toppled houses are destroyed
        ("More than 9,000 houses in Sorrel county have been toppled and 21,000 damaged.",
         ("structures destroyed", 9000)),
        # sent to hospital is hospitalized, not deployed
        ("At least 430 people were sent to hospitals, 50 of them seriously injured.",
         ("hospitalized", 430)),
        # Indian digit grouping and a lakh written out
        ("More than 1,20,344 relief personnel are now at work in Davra.", ("personnel", 120344)),
        ("Over a lakh residents of Kothar remain under evacuation orders.",
         ("evacuated", 100000)),
        ("Two lakh people were evacuated from the Selur delta.", ("evacuated", 200000)),
        # damage and destruction named as nouns
        ("Inspectors reported heavy damage to more than 1,400 structures in Pell Canyon.",
         ("structures damaged", 1400)),
        ("The tremor caused the collapse of more than 640 dwellings and serious damage to 3,100 "
         "homes in Ustar.", ("structures destroyed", 640)),
        ("The tremor caused the collapse of more than 640 dwellings and serious damage to 3,100 "
         "homes in Ustar.", ("structures damaged", 3100)),
        ("The Harrow fire left a trail of destruction that included about 2,100 buildings in "
         "Dunmore and 900 to 1,200 buildings in Elton.", ("structures destroyed", 2100)),
        # a bare count by place in a list takes the measure of the item before it
        ("The tremor left 820 dead in Varsk, 310 in Lodin and 12 in Pereth.", ("killed", 310)),
        ("The tremor left 820 dead in Varsk, 310 in Lodin and 12 in Pereth.", ("killed", 12)),
        ("Officials said 40 people were hurt in the city, 12 in the suburbs and three in "
         "nearby villages.", ("wounded", 3)),
        ("Nine people were taken to hospital in Odesk, as well as five in Izmir Bay.",
         ("hospitalized", 5)),
        ("The strikes left 28 dead: 11 in Corve region and 17 in the capital.", ("killed", 17)),
        ("In all 62 people were injured in the Varn region, 48 - in the capital, 2 - in "
         "Lesk.", ("wounded", 48)),
        ("Five people are reported missing, including three in Tolva and two in Huzen.",
         ("missing", 2)),
        # the dead handed back are returned, not a toll
        ("Norland brought home the bodies of 1,140 soldiers killed in the war with Vessia.",
         ("returned", 1140)),
        ("Norland has returned 12,300 bodies of the fallen since the war began.",
         ("returned", 12300)),
        ("Kessa said it had taken back the remains of 940 servicemen from Vessia.",
         ("returned", 940)),
        ("Rescuers recovered the bodies of 40 people from the rubble in Dorn.", ("killed", 40)),
        # still under care
        ("Officials in Brenvik said over 30 people are being treated in medical facilities.",
         ("hospitalized", 30)),
        ("About 25 people remain under treatment in medical institutions in Tarn.",
         ("hospitalized", 25)),
        ("There are still 27 injured, including 3 children, who are being treated in hospital.",
         ("hospitalized", 27)),
        ("There are still 27 injured, including 3 children, who are being treated in hospital.",
         ("hospitalized", 3)),
        # a hedged round figure the article also gives exactly is the same figure: the
        # exact one stays
        ("Over 60,000 civilians displaced from Harun. The agency said 60,412 people had fled "
         "the town since Sunday.", ("displaced", 60412)),
        # damage and rebuilding valued in money
        ("Damage across Corlan county is estimated at roughly $4 billion.",
         ("money:usd", 4000000000)),
        ("Early damage estimates top $12 billion, officials in Parrow said.",
         ("money:usd", 12000000000)),
        ("Officials put the cost of rebuilding the Vell valley at $2.3 billion.",
         ("money:usd", 2300000000)),
        ("The cost of rebuilding could be up to $3bn (£2.1bn), the president of Ostria said.",
         ("money:usd", 3000000000)),
        # a dollar conversion after a currency other than the dollar, euro and pound
        ("The province has suffered direct losses of 2.45 billion yuan ($400 million).",
         ("money:usd", 400000000)),
        ("The regulator fined Tallis Bank €20 million ($22 million) on Friday.",
         ("money:eur", 20000000)),
        # ages are no counts; searchers are not the missing they look for
        ("Firemen and 300 volunteers combed the slopes above Ketta looking for dozens reported "
         "missing.", ("missing", None)),
        # cards and claims a breach exposes; the base form "steal"
        ("Around 52,000 debit cards were exposed in the Pollard skimming attack.",
         ("payment card", 52000)),
        ("Nearly 90,000 health claims were accessed by the intruders at Wendle Health.",
         ("health claim", 90000)),
        ("The flaw let the gang steal 2 million account records from Ostrum Bank.",
         ("record", 2000000)),
        # a people counted by nationality, deployed
        ("Officials say Pyongyang has deployed some 8,000 North Koreans near the border.",
         ("deployed", 8000)),
    ],
)
def test_found(text: str, expected: tuple[str, float]) -> None:
    assert expected in found_figures(text)


@pytest.mark.parametrize(
    ("text", "unexpected"),
    [
        # "claimed" with lives stays a toll, and homes are not killed
        ("The sheriff said the Tolley blaze has claimed 1,900 homes.", ("killed", 1900)),
        # sent to hospital is not a deployment of people
        ("At least 430 people were sent to hospitals, 50 of them seriously injured.",
         ("people", 430)),
        # caravans counted with no event are no figure
        ("The holiday park at Brightwater has 120 caravans and a shop.",
         ("structures destroyed", 120)),
        # grouping needs the last group of three; "a lakh" needs the scale word
        ("About 1,200 people were evacuated, 12,30 were hurt.", ("wounded", 1230)),
        ("Lakhs of people were evacuated from the coast.", ("evacuated", 100000)),
        # "due to" is no damage
        ("The council said the rise was due to 300 homes.", ("structures damaged", 300)),
        # a condition or a time after "in" is no place
        ("Of the 335 injured, 41 remain in hospital, four in critical condition.",
         ("hospitalized", 4)),
        ("The ministry sent 2,000 troops to the border in May, 300 in June.",
         ("deployed", 300)),
        # bodies only planned to be handed back, and bodies recovered, are not returned
        ("Vessia is prepared to hand over the bodies of an additional 2,000 fallen soldiers.",
         ("soldier", 2000)),
        ("Vessia is prepared to hand over the bodies of an additional 2,000 fallen soldiers.",
         ("returned", 2000)),
        ("The two sides agreed to exchange up to 5,000 bodies.", ("killed", 5000)),
        ("Rescuers recovered the bodies of 40 people from the rubble in Dorn.",
         ("returned", 40)),
        ("The strike killed 12 people and injured 40, who were taken to hospitals in Mirn.",
         ("hospitalized", 40)),
        ("Over 60,000 civilians displaced from Harun. The agency said 60,412 people had fled "
         "the town since Sunday.", ("displaced", 60000)),
        # a looser bound is a figure of its own: only the same figure rounded is dropped
        # (asserted found below)
        ("The cost of rebuilding could be up to $3bn (£2.1bn), the president of Ostria said.",
         ("money:gbp", 2100000000)),
        ("The province has suffered direct losses of 2.45 billion yuan ($400 million).",
         ("money:cny", 2450000000)),
        ("The regulator fined Tallis Bank €20 million ($22 million) on Friday.",
         ("money:usd", 22000000)),
        ("Mayor Tull said the city has budgeted $40 million for rebuilding roads.",
         ("money:usd", 40000000)),
        ("Damage is the word: the firm said revenue could reach $3bn.", ("money:usd", 3000000000)),
        ("The swap covers badly injured detainees and conscripts between the ages of 18 and 25.",
         ("wounded", 18)),
        ("The deal covers wounded prisoners, as well as soldiers under the age of 25.",
         ("wounded", 25)),
        ("About 300 firemen and volunteers combed the slopes above Ketta looking for dozens "
         "reported missing.", ("missing", 300)),
    ],
)
def test_not_found(text: str, unexpected: tuple[str, float]) -> None:
    assert unexpected not in found_figures(text)


def test_looser_bound_kept() -> None:
    found = found_figures(
        "Cholera cases in Vesk have topped 1,000. The ministry said 1,046 cases had been "
        "recorded since the outbreak began."
    )
    assert ("case", 1000) in found
    assert ("case", 1046) in found
