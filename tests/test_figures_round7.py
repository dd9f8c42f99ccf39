"""Figures: the general rules added after blind round 7 (an exiled outlet's war counts and a
General Staff report, an Asian-daily quake, a US TV/AP wildfire, an Indian TV-site breach),
each checked on a sentence of its own (exact measure and value, found or not found)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers import found_figures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # South Asian scales and rupees
        ("Personal details of nearly 1.2 crore users were leaked online.",
         ("affected", 12_000_000)),
        ("Data of around 87 lakh users was accessed by an unauthorised party.",
         ("affected", 8_700_000)),
        ("The gang had demanded a ransom of Rs 25 crore from the lender.",
         ("money:inr", 250_000_000)),
        ("Police have frozen Rs. 1.8 crore held in linked bank accounts.",
         ("money:inr", 18_000_000)),
        ("The regulator imposed a penalty of INR 40 lakh on the bank.", ("money:inr", 4_000_000)),
        ("A retired teacher lost ₹3.5 lakh in the fraud.", ("money:inr", 350_000)),
        # a plural event noun is the head, not a modifier of the noun after it
        ("The figure includes 1,080 casualties enemy forces suffered over the past day.",
         ("casualties", 1080)),
        # modifiers between a number and its event noun
        ("The Pelsk region has lost the most men, with 4,870 confirmed deaths.",
         ("killed", 4870)),
        ("The shelling caused 40 civilian deaths in a week.", ("killed", 40)),
        # killed and wounded together are casualties
        ("Intelligence put the total number of enemy dead and wounded at an estimated 905,000.",
         ("casualties", 905_000)),
        ("The brigade lost 1,200 killed and wounded in a month.", ("casualties", 1200)),
        ("Two firefighters suffered heat-related injuries and were treated at a hospital.",
         ("wounded", 2)),
        # a tally with a participle before its noun
        ("The number of damaged houses has climbed to 3,480, the agency added.",
         ("structures damaged", 3480)),
        ("The number of affected users had been revised to 91 lakh after an audit.",
         ("affected", 9_100_000)),
        # a part of the figure before with a measure of its own
        ("Officials said 1,450 buildings had been damaged, 210 of them beyond repair.",
         ("structures destroyed", 210)),
        ("PG&E said it had shut off power to about 7,300 customers as a precaution.",
         ("without power", 7300)),
        # a people plural the lexicon cannot list (a demonym)
        ("Officials said 5,210 Norvanians have now been returned home from captivity.",
         ("returned", 5210)),
        # a part after "including" takes the event of its set
        ("Teams have counted 112 structures destroyed, including 71 homes, and 39 damaged.",
         ("structures destroyed", 71)),
        ("Teams counted 188 destroyed structures, including 141 homes, and 36 damaged ones.",
         ("structures destroyed", 141)),
        ("More than 2,600 residents fled to higher ground fearing a tsunami.",
         ("displaced", 2600)),
        ("The agency said 8,700 people were staying in 36 temporary shelters.",
         ("displaced", 8700)),
        ("Evacuation orders were lifted on Thursday, though 2,700 people remain under orders.",
         ("evacuated", 2700)),
        # a list of "N noun" items takes the verb before the list
        ("The staff said the enemy has also lost 11,204 tanks, 23,318 armored fighting "
         "vehicles, 33,410 artillery systems, 347 helicopters and 28 ships and boats.",
         ("ship", 28)),
        ("The staff said the enemy has also lost 11,204 tanks, 23,318 armored fighting "
         "vehicles, 33,410 artillery systems, 347 helicopters and 28 ships and boats.",
         ("armored fighting vehicle", 23318)),
        ("The army said the enemy lost 1,230 troops in the past day, as well as 14 tanks and "
         "31 artillery systems.", ("artillery system", 31)),
        ("The strikes killed 30 soldiers, 12 police officers and 4 civilians.", ("killed", 4)),
        # weapons left out of a part: "; 241 were downed"
        ("The air force said 273 drones were launched overnight; 241 were downed.",
         ("drone", 241)),
    ],
)  # fmt: skip
def test_round7_rules(text: str, expected: tuple[str, float]) -> None:
    assert expected in found_figures(text)


@pytest.mark.parametrize(
    ("text", "unexpected"),
    [
        # "Mrs" is not rupees, a lakh of something uncounted is nothing
        ("Mrs 40 said she had waited for hours.", ("money:inr", 40)),
        # an attributive participle is not the event of the people before it
        ("Over 1,300 users have filed complaints alleging fraud linked to the leaked data.",
         ("affected", 1300)),
        # a conversion in brackets is the same area
        ("The fire has burned about 19,700 acres (80 square kilometers) so far.",
         ("square kilometres burned", 80)),
        # a list without a verb counts nothing
        ("The ministry said 30 soldiers, 12 police officers and 4 civilians.", ("killed", 4)),
        # a goal is not a count
        ("The president has ordered the armed forces to grow to 1.5 million active personnel.",
         ("personnel", 1_500_000)),
        # orders that are not evacuation orders
        ("About 400 soldiers remain under orders to hold the bridge.", ("evacuated", 400)),
        # a part that differs by degree only would read as a new total of the same measure
        ("The toll rose to 58, with 412 people injured, 97 of them seriously.", ("wounded", 97)),
        ("The agency said 1,940 houses were damaged, 310 of them heavily.",
         ("structures damaged", 310)),
    ],
)  # fmt: skip
def test_round7_rules_keep_their_limits(text: str, unexpected: tuple[str, float]) -> None:
    assert unexpected not in found_figures(text)


def test_publication_date_tells_past_figures_from_the_story() -> None:
    text = (
        "The ministry last disclosed its losses in September 2023, when it said 5,937 "
        "servicemen had been killed."
    )
    # without a date the text's own latest year is the present: 2023 is not past
    assert ("killed", 5937) in found_figures(text)
    assert ("killed", 5937) not in found_figures(text, published=dt.date(2025, 9, 12))
    # a year close to publication may still be the story's own ("since December 2024")
    recent = "The fire, which started in December 2024, has destroyed 140 homes."
    assert ("structures destroyed", 140) in found_figures(recent, published=dt.date(2025, 1, 10))


@pytest.mark.parametrize(
    "text",
    [
        # another, earlier event after "the deadliest since a ..."
        "It was the deadliest quake in Kepara since a magnitude 6.2 tremor killed 105 people.",
        # a fire complex of an earlier year
        "The fire is burning where the 2020 Basin Complex destroyed 180 homes.",
        # a running total of many events
        "California has seen 5,100 wildfires so far this year, which have destroyed 180 homes.",
    ],
)
def test_other_events_figures_are_not_the_story(text: str) -> None:
    found = found_figures(text)
    assert ("killed", 105) not in found
    assert ("magnitude", 6.2) not in found
    assert ("structures destroyed", 180) not in found


def test_running_totals_of_an_outbreak_are_its_own() -> None:
    assert ("case", 1200) in found_figures("The cholera outbreak has caused 1,200 cases so far this year.")


def test_a_headline_rounds_the_body_figure() -> None:
    body = "Journalists have now confirmed the deaths of 74,180 soldiers."
    assert found_figures(body, "Confirmed Death Toll Passes 74,000") == {("killed", 74180)}
    # a headline figure the body does not round stays
    assert ("killed", 90000) in found_figures(body, "Death toll passes 90,000")
