"""Figures: the general rules added after blind round 7 (an exiled outlet's war counts and a
General Staff report, an Asian-daily quake, a US TV/AP wildfire, an Indian TV-site breach),
each checked on a sentence of its own (exact measure and value, found or not found)."""

from __future__ import annotations

import pytest

from figures import extract_figures


def _found(text: str, title: str | None = None, **kw: object) -> set[tuple[str | None, float]]:
    return {(f.measure, f.value) for f in extract_figures(text, title, **kw)}  # type: ignore[arg-type]


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
        # a part of the figure before it, by degree
        ("The toll rose to 58, with 412 people injured, 97 of them seriously.", ("wounded", 97)),
        ("The agency said 1,940 houses were damaged, 310 of them heavily.",
         ("structures damaged", 310)),
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
    ],
)  # fmt: skip
def test_round7_rules(text: str, expected: tuple[str, float]) -> None:
    assert expected in _found(text)


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
        # orders that are not evacuation orders
        ("About 400 soldiers remain under orders to hold the bridge.", ("evacuated", 400)),
        # the degree of a part is not a new count of the whole
        ("The toll rose to 58, with 412 people injured, 97 of them seriously.", ("wounded", 58)),
    ],
)  # fmt: skip
def test_round7_rules_keep_their_limits(text: str, unexpected: tuple[str, float]) -> None:
    assert unexpected not in _found(text)
