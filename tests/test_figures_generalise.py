"""Figures: rules added after the third blind round (cyclone, outbreak, shipwreck, collapse,
wire-style plant blast), each checked on sentences that are not the eval set's.

Every sentence here is written for the tests; none is copied from an article.
"""

from __future__ import annotations

import pytest

from figures import extract_figures, novelty_key

K = tuple[str, str]


def keys(text: str, title: str | None = None) -> set[K]:
    return {k for f in extract_figures(text, title) if (k := novelty_key(f)) is not None}


CASES: list[tuple[str, set[K]]] = [
    # disease outbreaks: cases, infections, vaccinations, hospital stays
    ("A measles outbreak has sickened 212 children in the district, officials said.",
     {("case", "212")}),
    ("Health officials have confirmed 87 cases of dengue in the port city.", {("case", "87")}),
    ("Mpox cases in the province have climbed to 1,430, the ministry said.",
     {("case", "1430")}),
    ("The vaccination drive has so far reached 54,000 people, and 31,000 have been vaccinated.",
     {("vaccinated", "31000")}),
    ("More than 9,000 people have received a first dose of the vaccine.",
     {("vaccinated", "9000")}),
    ("Twenty-three patients remained in hospital on Sunday after the outbreak.",
     {("hospitalized", "23")}),
    ("Fifteen passengers were taken to hospital after the bus overturned.",
     {("hospitalized", "15")}),
    ("Seventeen people were treated in hospital for injuries after the stampede.",
     {("wounded", "17")}),
    # collapses and wrecks: trapped, on board, bodies, rescues
    ("Rescuers said about 40 miners were believed to be trapped underground.",
     {("trapped", "40")}),
    ("The ferry was carrying 312 passengers when it ran aground.", {("on board", "312")}),
    ("Officials revised the number of people on board to 96 on Monday.",
     {("on board", "96")}),
    ("Divers have recovered 31 bodies from the sunken ferry.", {("killed", "31")}),
    ("Divers recovered 6 more bodies on Tuesday, bringing the toll to 37.",
     {("killed", "37")}),
    ("Teams have brought out 19 survivors from the collapsed mall.", {("rescued", "19")}),
    # homes and power
    ("Power was knocked out to about 92,000 homes in the storm.",
     {("without power", "92000")}),
    ("By Thursday power had been restored to all but 7,500 customers.",
     {("without power", "7500")}),
    ("Some 12,000 people are still in shelters, and 3,000 have lost their homes.",
     {("displaced", "12000"), ("displaced", "3000")}),
    # parts of a figure already counted are not figures
    ("Four of the dead were tourists, the police said.", set()),
    ("The blast killed 14 people; two of the injured later died in hospital.",
     {("killed", "14")}),
    # equipment sent along with people is not counted
    ("The navy deployed 30 boats and 1,200 sailors to the flooded towns.",
     {("deployed", "1200")}),
    # earlier events: a fronted year, "since <name> in <year>"
    ("In 2019, a cyclone in the same bay killed 64 people.", set()),
    ("It is the strongest storm since Cyclone Irka in 2019, which killed 64 people.", set()),
    ("It was the deadliest wreck since October 2013, when 368 people drowned.", set()),
    # a currency conversion in brackets stands for an amount in a currency we do not know
    ("Regulators fined the operator 90 million crowns ($4.1 million) over the blast.",
     {("money:usd", "4100000")}),
    ("Regulators fined the operator 90 million euros ($97 million) over the blast.",
     {("money:eur", "90000000")}),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:48] for c in CASES])
def test_rule(text: str, expected: set[K]) -> None:
    assert keys(text) == expected


NOT_CASES = [
    # "cases" outside a disease story: court cases, cases of water, diarrhoea in camps
    "The court has heard 140 cases of fraud since the reform, the minister said.",
    "Volunteers handed out 300 cases of bottled water to residents.",
    "Health officials reported 230 cases of acute diarrhoea in camps around the city.",
    # "all but" without a restoration stays a rank, not a count
    "All but 4 of the 27 member states backed the plan.",
]


@pytest.mark.parametrize("text", NOT_CASES, ids=[t[:48] for t in NOT_CASES])
def test_not_a_case_count(text: str) -> None:
    assert keys(text) == set()


def test_cases_count_anywhere_in_a_disease_story() -> None:
    # the sentence with the count names no disease; the article does
    text = (
        "A cholera outbreak has hit the eastern region.\n\n"
        "The ministry said 1,046 cases had been recorded in eight districts since April."
    )
    assert keys(text) == {("case", "1046")}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("The firm paid a $4.1 million ransom.", ("money:usd", "4100000")),
        ("Hackers stole the data of 2.3 million customers.", ("affected", "2300000")),
        ("Hackers exposed 1.1-2.3 million accounts.", ("affected", "1100000-2300000")),
    ],
)
def test_scaled_decimals_make_exact_keys(text: str, key: K) -> None:
    # 4.1 * 1e6 in binary floats is 4099999.9999999995: the key must be the written value
    assert keys(text) == {key}


def test_positive_tests_and_diagnoses_are_cases_in_an_outbreak() -> None:
    text = (
        "The mpox outbreak is spreading. A total of 4,700 people tested positive, a positivity "
        "rate of 12%, and 35 more were diagnosed on Friday."
    )
    assert keys(text) == {("case", "4700"), ("case", "35")}


def test_a_past_period_total_is_not_the_story() -> None:
    text = (
        "A plague outbreak has killed 4 people in the province this week, officials said in 2020. "
        "From 2010 to 2015 there were 3,248 cases reported worldwide, including 584 deaths."
    )
    assert keys(text) == {("killed", "4")}


ROUND4: list[tuple[str, set[K]]] = [
    ("Among the dead were six children, the governor said.", set()),
    ("Most of the 3,000 evacuated residents have returned home.", set()),
    ("More than 1.2 million Veldans are internally displaced, the UN said.",
     {("displaced", "1200000")}),
    ("The region's 2019-2020 \"Black Summer\" fires burned 24 million hectares.", set()),
    ("The bushfire has more than doubled in size to 27,500 hectares.",
     {("hectares burned", "27500")}),
    ("The number of homes destroyed has risen to 41, officials said.",
     {("structures destroyed", "41")}),
    ("The number of people whose data was stolen in the attack has grown to 2.1 million.",
     {("affected", "2100000")}),
    ("The stolen files included Social Security numbers for 310,000 people.",
     {("affected", "310000")}),
    ("Two other firefighters were taken to hospital with burns.", {("wounded", "2")}),
]


@pytest.mark.parametrize(("text", "expected"), ROUND4, ids=[c[0][:48] for c in ROUND4])
def test_round4_rule(text: str, expected: set[K]) -> None:
    assert keys(text) == expected


ROUND5: list[tuple[str, set[K]]] = [
    ("Crews worked all night.\nA volunteer firefighter was killed when a wall fell.",
     {("killed", "1")}),
    ("Police said a protester has been killed, and a journalist was wounded.",
     {("killed", "1")}),
    ("She said a decision was made and a plan was killed by the board.", set()),
    ("Oskaria's deadliest quake in recent decades, in 1999, killed about 2,400 people.", set()),
    ("Ardenia, which lost about 1,700 soldiers in its failed 2024 spring offensive, has called "
     "up 25,000 reservists since August.", set()),
    ("Since the 2022 invasion, 40,000 soldiers have been killed.", {("killed", "40000")}),
    ("The two armies each lost more than 10,000 soldiers in the first year of the war.", set()),
    ("Morvek said 200 Ardenian soldiers had surrendered.", {("captured", "200")}),
    ("Police seized servers and $1.8 million in cryptocurrency.", {("money:usd", "1800000")}),
    ("Quillon said 1,240,000 people had their names, Social Security numbers and bank "
     "account details exposed.", {("affected", "1240000")}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), ROUND5, ids=[c[0][:48] for c in ROUND5])
def test_round5_rule(text: str, expected: set[K]) -> None:
    assert keys(text) == expected
