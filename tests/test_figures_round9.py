"""Figures: the general rules added after the real-prose round 2 and the items left undone
by round 8, each checked on a sentence of its own (exact measure and value, found or not
found)."""

from __future__ import annotations

import pytest

from tests.helpers import found_figures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ", along with N people": the event of the clause before
        ("Officials said 1,200 firefighters had been sent to the valley, along with 450 "
         "soldiers.", ("deployed", 450)),
        ("The sailor was quarantined on arrival, along with 31 people he had met.",
         ("quarantined", 31)),
        # "search and rescue": two modifiers joined by "and" before the counted noun
        ("He said 1,700 search and rescue personnel had been sent to the coast.",
         ("deployed", 1700)),
        # a swap's other side
        ("Three aid workers were freed on Friday in a prisoner swap for five militants.",
         ("released", 5)),
        # pinned inside: trapped
        ("Police surrounded the college overnight, pinning 600 students inside.",
         ("trapped", 600)),
        ("About 70 miners were pinned underground after the shaft flooded.", ("trapped", 70)),
        # power shut off to N people, and power back for all but N of them
        ("The utility started shutting off power Thursday to some 210,000 people.",
         ("without power", 210000)),
        ("Electricity had been restored to all but 650 of the 9,100 homes that lost it.",
         ("without power", 650)),
        # a seismic agency's reading
        ("The earthquake struck before dawn. The national institute measured it at 6.3.",
         ("magnitude", 6.3)),
        ("The quake rattled the capital; the survey put its magnitude at 5.8.",
         ("magnitude", 5.8)),
        # buildings that came down
        ("Rescuers said 27 apartment blocks came down in the old town.",
         ("structures destroyed", 27)),
        # a part of the damaged set that has to be demolished is destroyed
        ("The ministry says 3,200 houses were damaged, 640 of them so badly that they must be "
         "demolished.", ("structures destroyed", 640)),
        ("Some 800 homes were damaged, 95 of them destroyed.", ("structures destroyed", 95)),
        # an estimate of a loss with a modal
        ("Insured losses from the storm could reach $820 million, an analytics firm said.",
         ("money:usd", 820_000_000)),
        # lawsuits are counted
        ("The company now faces at least 9 proposed class-action lawsuits.", ("lawsuit", 9)),
        ("Four class action lawsuits have been filed against the clinic.", ("lawsuit", 4)),
        # naira
        ("The lawmakers asked the court to award them N300m in damages.",
         ("money:ngn", 300_000_000)),
        ("The agency was fined 250 million naira by the regulator.",
         ("money:ngn", 250_000_000)),
        # confirmed diagnoses in an outbreak
        ("Officials confirmed a measles outbreak. With four confirmed diagnoses, schools closed.",
         ("case", 4)),
        # a dashed aside between the counted noun and its verb
        ("Three journalists — two Britons and a Canadian — who had been held since 2021 were "
         "released on Monday.", ("released", 3)),
        ("Two sailors - a cook and an engineer - were rescued from the raft.", ("rescued", 2)),
        # round 9 timelines: a crypto amount's dollar value, and crypto seized
        ("The hackers demanded 25 bitcoin, worth about $2.6 million at the time.",
         ("money:usd", 2_600_000)),
        ("Agents seized cryptocurrency worth roughly $840,000 from the suspect.",
         ("money:usd", 840_000)),
        # a settlement or a court order to pay; restitution
        ("The hospital agreed to pay $3.2 million to resolve the investigation.",
         ("money:usd", 3_200_000)),
        ("She was ordered to pay $410,000 in restitution.", ("money:usd", 410_000)),
        # parts named with "including" before the verb, or after a toll
        ("At least 31 villagers, including 12 children, have been killed.", ("killed", 12)),
        ("The death toll has climbed to 58, including 20 women.", ("killed", 20)),
        # "N of them homes": a part of another kind
        ("Inspectors counted 64 structures destroyed, 37 of them homes.",
         ("structures destroyed", 37)),
        # people who crossed a border; people pulled out alive
        ("About 2,500 people have crossed into neighbouring Doria.", ("displaced", 2500)),
        ("Rescuers pulled out 9 people alive from the rubble.", ("rescued", 9)),
        # "eliminated" fighters
        ("The brigade eliminated some 130 enemy soldiers and captured 8.", ("killed", 130)),
        ("Army: 130 enemy soldiers eliminated in a week", ("killed", 130)),
        # a part in hospital
        ("Forty people were hurt. 12 of the injured are in hospital.", ("hospitalized", 12)),
        # personnel assigned to a fire
        ("Personnel assigned to the fire increased to 2,050.", ("personnel", 2050)),
        # a list with an item without a number
        ("Three apartment buildings, 18 houses, a clinic and 9 cars were damaged.",
         ("structures damaged", 18)),
        # personal items of N people, with an exposure verb
        ("Intruders accessed the names and addresses of 2.2 million members.",
         ("affected", 2_200_000)),
        # "downed N of M drones": the part has the noun and the verb
        ("The air force said it downed 41 of 48 drones.", ("drone", 41)),
        # magnitudes written other ways
        ("The quake, which had a magnitude of 5.9, struck before dawn.", ("magnitude", 5.9)),
        ("The earthquake measured 6.2 on the Richter scale.", ("magnitude", 6.2)),
        ("A tremor registering 4.8 shook the valley.", ("magnitude", 4.8)),
        ("It was 6.7 on the Richter scale, the earthquake agency said.", ("magnitude", 6.7)),
        # a part of a group with an event of its own
        ("Officials said 63 of the freed prisoners were seriously wounded.", ("wounded", 63)),
        ("A new filing shows 220,000 of those affected also had bank details stolen.",
         ("affected", 220_000)),
        # a list item after a colon whose lead-in has the verb
        ("Air defences shot down 33 targets: 30 attack drones over the east and the south of "
         "the country, and 3 cruise missiles.", ("cruise missile", 3)),
        # people under (evacuation) orders, counted back
        ("Evacuation orders were widened, bringing the number of people under orders to "
         "about 7,200.", ("evacuated", 7200)),
    ],
)
def testfound_figures(text: str, expected: tuple[str, float]) -> None:
    assert expected in found_figures(text)


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        # the swap's other side is no count of militants
        ("Three aid workers were freed on Friday in a prisoner swap for five militants.",
         ("militant", 5)),
        # "along with" takes the clause's event, not the bare noun
        ("Officials said 1,200 firefighters had been sent to the valley, along with 450 "
         "soldiers.", ("soldier", 450)),
        # a part that differs only by degree stays out
        ("Officials said 240 people were injured, 51 of them seriously.", ("wounded", 51)),
        # a possible penalty is no loss
        ("He could face a $250,000 fine if convicted.", ("money:usd", 250_000)),
        ("The firm could reach $900 million in sales next year.", ("money:usd", 900_000_000)),
        # "measured it at" without a quake is nothing
        ("The company measured it at 7.0 on its own scale.", ("magnitude", 7.0)),
        # "N95" masks are no money
        ("Nurses handed out 20,000 N95 masks.", ("money:ngn", 95)),
        # an earlier century's toll carries to the next sentence, with no time of its own
        ("The disease is back. In the 14th century the Black Death swept Europe.\n\n"
         "More than 50 million people may have died.", ("killed", 50_000_000)),
        ("In the 14th century the Black Death swept Europe. Today 12 people have died of the "
         "disease.", ("killed", 50_000_000)),
        # a power restoration's total stays out
        ("Electricity had been restored to all but 650 of the 9,100 homes that lost it.",
         ("without power", 9100)),
        # round 9 timelines: other events' totals
        ("This year the state has seen 2,700 wildfires that burned 140,000 acres.",
         ("acres burned", 140_000)),
        ("Regulators logged 610 large breaches reported in 2025, affecting 150 million people.",
         ("affected", 150_000_000)),
        ("The gang hit 9 other hospitals since 2023, extorting more than $7.5 million.",
         ("money:usd", 7_500_000)),
        # a purchase is no payment; jobs are not killed
        ("The group agreed to pay $4 billion for the rival chain.",
         ("money:usd", 4_000_000_000)),
        ("The carmaker eliminated 3,000 jobs last year.", ("killed", 3000)),
        # deaths in hospital are not hospital stays; "pulled out" troops are no rescue
        ("Two of the injured died in hospital.", ("hospitalized", 2)),
        ("The army pulled out 400 troops from the town.", ("rescued", 400)),
        # a vaccination drive's reach is no list
        ("The drive has so far reached 40,000 people, and 26,000 have been vaccinated.",
         ("vaccinated", 40_000)),
        # parts that differ only by degree, and deaths among the hurt, stay out
        ("Officials said 18 of the injured were seriously injured.", ("wounded", 18)),
        ("Two of the injured died overnight.", ("killed", 2)),
        # a temperature is no magnitude, even in a quake story
        ("After the earthquake, temperatures measured 4.5 degrees at night.", ("magnitude", 4.5)),
        # a purchase price and a holiday crowd
        ("The bank agreed to pay $2 billion to acquire the startup.",
         ("money:usd", 2_000_000_000)),
        ("About 20,000 tourists crossed into the country over the holiday.",
         ("displaced", 20_000)),
        # names released of the dead are no breach
        ("The ministry released the names of 40 people killed in the crash.",
         ("affected", 40)),
        # a colon list without a verb of use is no figure
        ("The museum shows its collection: 40 tanks and 12 helicopters.", ("tank", 40)),
    ],
)
def test_notfound_figures(text: str, unwanted: tuple[str, float]) -> None:
    assert unwanted not in found_figures(text)


def test_century_does_not_hide_todays_deaths() -> None:
    text = ("In the 14th century the Black Death swept Europe. Today 12 people have died of the "
            "disease.")
    assert ("killed", 12) in found_figures(text)
