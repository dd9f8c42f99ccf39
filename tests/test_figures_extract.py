"""Figures: what each number counts, traps that are not figures, and a timeline of novelty.

Every sentence here is written for the tests; none is copied from an article.
"""

from __future__ import annotations

import json

import pytest

from figures import Figure, extract_figures, novelty_key


def keys(text: str, title: str | None = None) -> set[tuple[str, str]]:
    """The novelty keys of a text (vague figures have none)."""
    return {k for f in extract_figures(text, title) if (k := novelty_key(f)) is not None}


def only(text: str) -> Figure:
    figs = extract_figures(text)
    assert len(figs) == 1, [(f.measure, f.value, f.text) for f in figs]
    return figs[0]


K = tuple[str, str]


# --- what a number counts: one case per kind of link ------------------------------------

LINKS: list[tuple[str, set[K]]] = [
    # event noun right after the number; nested totals
    ("Officials counted 120 deaths and 950 injuries after the storm.",
     {("killed", "120"), ("wounded", "950")}),
    ("The army has suffered 5,200 casualties, including 800 deaths, a report found.",
     {("casualties", "5200"), ("killed", "800")}),
    # no counted noun: participle, auxiliaries, ellipsis with "another"
    ("Some 400 soldiers died and 1,900 wounded in the offensive.",
     {("killed", "400"), ("wounded", "1900")}),
    ("In the same clash 1,900 were injured.", {("wounded", "1900")}),
    ("Officials said 75 had died and that another 1,900 had been injured.",
     {("killed", "75"), ("wounded", "1900")}),
    # number after its event (back-links)
    ("The militia's casualties are estimated at around 5,200 by analysts.",
     {("casualties", "5200")}),
    ("Losses among the brigade's fighters have surpassed 3,500, the ministry said.",
     {("casualties", "3500")}),
    ("The number of the group's fighters killed in action was around 800.",
     {("killed", "800")}),
    ("The death toll from the landslide rose to 2,350 on Friday.", {("killed", "2350")}),
    ("The toll climbed to more than 410, rescuers said.", {("killed", "410")}),
    # a verb before the number; number words; plans
    ("The regime sent more than 12,000 soldiers to the front.", {("deployed", "12000")}),
    ("Moscow supported the push by deploying 14,000 troops in three phases.",
     {("deployed", "14000")}),
    ("The junta plans to send an additional 4,000 troops next month.",
     {("deployed", "4000")}),
    ("Border guards captured three enemy soldiers near the river.", {("captured", "3")}),
    # competing triggers in one clause
    ("Roughly 1,500 soldiers deployed to the border have been killed since spring.",
     {("killed", "1500")}),
    ("About 1,500 injured soldiers had been sent back home by train.",
     {("returned", "1500")}),
    # idioms
    ("More than 90 miners have lost their lives in the flooded pit.", {("killed", "90")}),
    ("The storm left 12 dead and 40 injured along the coast.",
     {("killed", "12"), ("wounded", "40")}),
    ("Some 1,500 conscripts have been taken back to their home towns.",
     {("returned", "1500")}),
    ("Around 250 sailors were sent home after the mutiny.", {("returned", "250")}),
    ("The attacks killed 34 people and wounded 80.", {("killed", "34"), ("wounded", "80")}),
    ("The blast killed at least 30, officials said.", {("killed", "30")}),
    ("The famine has claimed 3,000 lives this year.", {("killed", "3000")}),
    # other counted people
    ("The state said 9,000 laborers had been sent abroad to build dormitories.",
     {("laborer", "9000")}),
    ("About 700 combat engineers have already arrived at the front.",
     {("combat engineer", "700")}),
    ("More than 2,000 firefighters are battling the flames.", {("firefighter", "2000")}),
    # military counts with no event
    ("Roughly 8,000 foreign troops remain in the country.", {("deployed", "8000")}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), LINKS, ids=[t[:40] for t, _ in LINKS])
def test_links(text: str, expected: set[K]) -> None:
    assert keys(text) == expected


# --- news in general -----------------------------------------------------------------------

GENRES: list[tuple[str, set[K]]] = [
    # earthquakes
    ("At least 1,500 people were killed and more than 3,000 injured when the quake struck.",
     {("killed", "1500"), ("wounded", "3000")}),
    ("More than 10,000 buildings were destroyed across the province.",
     {("structures destroyed", "10000")}),
    ("Some 20,000 people have been displaced, the agency said.", {("displaced", "20000")}),
    ("The flood displaced 20,000 residents in two days.", {("displaced", "20000")}),
    ("A magnitude 7.4 earthquake shook the region at dawn.", {("magnitude", "7.4")}),
    ("The 6.9-magnitude tremor was felt in the capital.", {("magnitude", "6.9")}),
    ("Seismologists have recorded more than 120 aftershocks.", {("aftershock", "120")}),
    ("Rescuers have pulled 85 people alive from the rubble.", {("rescued", "85")}),
    ("At least 230 people are still missing.", {("missing", "230")}),
    ("Another 65 remain unaccounted for.", {("missing", "65")}),
    # wildfires
    ("The fire has burned 12,000 acres and was 40% contained on Sunday.",
     {("acres burned", "12000"), ("percent contained", "40")}),
    ("Containment rose to 55 percent overnight, fire officials said.", {("percent contained", "55")}),
    ("The 38,000-acre Ridge Fire forced new orders.", {("acres burned", "38000")}),
    ("The blaze has destroyed 1,200 structures in the valley.", {("structures destroyed", "1200")}),
    ("About 30,000 residents were evacuated as the flames spread.",
     {("evacuated", "30000")}),
    ("Authorities ordered 15,000 people to evacuate.", {("evacuated", "15000")}),
    ("Nearly 4,000 homes were damaged by the wind.", {("structures damaged", "4000")}),
    # data breaches
    ("The personal data of 2.3 million customers was exposed in the breach.",
     {("affected", "2300000")}),
    ("The intrusion affected 190M users worldwide.", {("affected", "190000000")}),
    ("The hospital chain paid a $22 million ransom to the gang.",
     {("money:usd", "22000000")}),
    ("Regulators fined the retailer €1.2 billion over the leak.",
     {("money:eur", "1200000000")}),
    ("The thieves stole 40 million records from the database.", {("record", "40000000")}),
    ("Hackers demanded 2k in bitcoin.", set()),
    # arrests
    ("Police arrested 45 people after the march.", {("arrested", "45")}),
    ("Twelve suspects were detained overnight.", {("arrested", "12")}),
    ("Officers made a total of 120 arrests.", {("arrested", "120")}),
    # war
    ("Kyiv said its forces captured two soldiers in the forest.", {("captured", "2")}),
    ("The army launched 120 drones and eight missiles overnight.",
     {("drone", "120"), ("missile", "8")}),
    ("Air defences shot down 90 of the drones.", {("drone", "90")}),
    ("Ukraine lost 300 soldiers in the battle, the general said.", {("killed", "300")}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), GENRES, ids=[t[:40] for t, _ in GENRES])
def test_genres(text: str, expected: set[K]) -> None:
    assert keys(text) == expected


# --- not figures -------------------------------------------------------------------------

NOT_FIGURES: list[tuple[str, set[K]]] = [
    # dates, years, weekdays
    ("On March 3, 2025, police arrested 40 protesters.", {("arrested", "40")}),
    ("The strike on Oct. 2 killed 12 villagers.", {("killed", "12")}),
    ("(Feb 9) Health officials said five patients died.", {("killed", "5")}),
    ("Since the 2014 annexation, 900 soldiers have been killed.", {("killed", "900")}),
    ("In 2019 the flood killed 80 people.", {("killed", "80")}),
    ("By 2030 the region will need 2,000 more nurses.", set()),
    ("The town was evacuated on Saturday 14 June.", set()),
    # times and page metadata
    ("At 10:30 a.m. two guards were wounded.", {("wounded", "2")}),
    ("2 min read", set()),
    ("Updated: 14:05 GMT\n0:00\nPHOTO: Reuters", set()),
    # ages
    ("A 25-year-old man was killed in the crash.", set()),
    ("The victim, 25, was killed near the bridge.", set()),
    ("Police arrested a man aged 34 on Tuesday.", set()),
    ("Three children, aged 4 to 9, were injured.", {("wounded", "3")}),
    # durations
    ("The siege lasted six months and killed 600 defenders.", {("killed", "600")}),
    ("Both sides agreed to a 30-day cease-fire.", set()),
    ("The three-day truce began at midnight.", set()),
    ("Two days later, 40 people were evacuated.", {("evacuated", "40")}),
    ("He was sentenced to 10 years for killing two people.", {("killed", "2")}),
    # ordinals
    ("The 80th anniversary parade was cancelled.", set()),
    ("The third wave of the deployment brought 6,000 troops.", {("troop", "6000")}),
    ("It was the 2nd time that 5 people were injured there.", {("wounded", "5")}),
    # phone numbers, addresses, URLs, handles
    ("Relatives can call 1-800-555-0199 or 020 7946 0958 for help.", set()),
    ("The shelter at 1200 Main Street is open all night.", set()),
    ("Details: https://news.example.com/2025/05/03/300-killed-in-raid and @user2000", set()),
    ("Read the thread at example.org/300-soldiers-killed today.", set()),
    # list headlines, products, versions, ranks
    ("5 things to know about the earthquake", set()),
    ("Destiny 2 players lost their saved progress.", set()),
    ("The Boeing 737 jets were grounded after the crash.", set()),
    ("The team ranked No. 3 after winning 4 games.", set()),
    ("COVID-19 cases and F-16 jets were discussed.", set()),
    # vague amounts with no number
    ("The regime shipped billions of dollars' worth of shells.", set()),
    ("Hundreds gathered outside the embassy.", set()),
    ("Thousands marched through the city.", set()),
    # small words
    ("The two countries signed a pact.", set()),
    ("The troops were deployed in two phases.", set()),
    ("One of the soldiers was killed.", set()),
    ("Half of the 200 homes were flattened.", {("structures destroyed", "200")}),
    # money that is not the story's figure
    ("Shares fell 5% to $22.50, valuing the firm at $3 billion.", set()),
    ("The service costs $9.99 a month.", set()),
    ("He could face up to 10 years in prison and a $250,000 fine.", set()),
    ("The company reported revenue of $4.1 billion.", set()),
    # percentages other than containment
    ("Turnout rose to 62% and inflation to 4.1 percent.", set()),
    # people counted with no event
    ("The company has 500 employees in the city.", set()),
    ("The town is home to 30,000 people.", set()),
    ("The stadium holds 60,000 fans.", set()),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), NOT_FIGURES, ids=[t[:40] for t, _ in NOT_FIGURES])
def test_not_figures(text: str, expected: set[K]) -> None:
    assert keys(text) == expected


# --- the hard cases of FIGURES.md ----------------------------------------------------------


def test_headline_repeat_is_one_figure() -> None:
    title = "700 Rebel Fighters Killed In Border Battle, Army Says"
    body = (
        "700 Rebel Fighters Killed In Border Battle, Army Says\n"
        "About 700 rebel fighters have been killed in the battle, the army said on Sunday."
    )
    figs = extract_figures(body, title)
    assert [novelty_key(f) for f in figs] == [("killed", "700")]
    assert figs[0].in_title is False
    assert figs[0].start == body.index("700")


def test_title_only_figure_keeps_title_span() -> None:
    title = "Quake death toll tops 2,100"
    figs = extract_figures("Rescue work went on through the night.", title)
    assert [novelty_key(f) for f in figs] == [("killed", "2100")]
    f = figs[0]
    assert f.in_title and title[f.start : f.end] == f.text == "tops 2,100"
    assert f.hedge == "tops"


@pytest.mark.parametrize(
    ("hedge", "low", "high"),
    [
        ("around", None, None), ("about", None, None), ("approximately", None, None),
        ("some", None, None), ("roughly", None, None), ("nearly", None, 500.0),
        ("almost", None, 500.0), ("up to", None, 500.0), ("more than", 500.0, None),
        ("over", 500.0, None), ("at least", 500.0, None), ("only", 500.0, 500.0),
    ],
)  # fmt: skip
def test_hedges_are_recorded_and_ignored_by_the_key(
    hedge: str, low: float | None, high: float | None
) -> None:
    f = only(f"The army said {hedge} 500 soldiers were killed in the assault.")
    assert (f.hedge, f.low, f.high, f.value) == (hedge, low, high, 500.0)
    assert novelty_key(f) == ("killed", "500")
    assert f.text == f"{hedge} 500"


@pytest.mark.parametrize("verb", ["surpassed", "exceeded"])
def test_hedge_verbs(verb: str) -> None:
    f = only(f"Casualties among the rebels have {verb} 3,500.")
    assert (f.measure, f.value, f.hedge, f.low) == ("casualties", 3500.0, verb, 3500.0)


def test_same_value_other_measure_is_another_key() -> None:
    a = keys("Some 1,500 wounded fighters were sent home in March.")
    b = keys("About 1,500 fighters have been killed since the summer.")
    assert a == {("returned", "1500")}
    assert b == {("killed", "1500")}
    assert a != b


def test_claim_by_the_other_side_is_attributed() -> None:
    text = (
        "The junta has claimed to have suffered only 420 casualties, while the rebels' "
        "intelligence service reported that the number killed in action was around 900."
    )
    figs = extract_figures(text)
    got = {novelty_key(f): f.source for f in figs}
    assert got == {
        ("casualties", "420"): "The junta",
        ("killed", "900"): "the rebels' intelligence service",
    }


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("According to the Pentagon, 12,000 troops were deployed in the region.", "the Pentagon"),
        ("President Olena Marchuk said her forces captured two soldiers.", "Olena Marchuk"),
        ("About 900 fighters have been killed, Ruritania's NIS said on Monday.",
         "Ruritania's NIS"),
        ('"We counted 300 deaths," said Colonel Ivan Petrov.', "Ivan Petrov"),
        ("Police arrested 45 people overnight.", None),
    ],
)  # fmt: skip
def test_source(text: str, source: str | None) -> None:
    assert only(text).source == source


def test_subject_and_noun() -> None:
    f = only("Around 300 Ruritanian soldiers have been killed in the fighting.")
    assert (f.subject, f.noun, f.measure) == ("Ruritanian soldiers", "soldier", "killed")


def test_vague_figures_have_no_key() -> None:
    figs = extract_figures("About 700 fighters have been killed and thousands more wounded.")
    assert [(f.measure, f.vague, f.value, novelty_key(f)) for f in figs] == [
        ("killed", False, 700.0, ("killed", "700")),
        ("wounded", True, None, None),
    ]


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("Thousands of residents were evacuated overnight.", "evacuated"),
        ("Hundreds were arrested after the riot.", "arrested"),
        ("Dozens of homes were destroyed by the flood.", "structures destroyed"),
        ("Tens of thousands have fled the fighting.", "displaced"),
    ],
)
def test_vague_amounts(text: str, measure: str) -> None:
    f = only(text)
    assert (f.measure, f.vague, f.value, novelty_key(f)) == (measure, True, None, None)


def test_nearly_a_dozen_is_vague_and_not_a_figure() -> None:
    assert extract_figures("Drones have sunk nearly a dozen patrol vessels.") == []
    assert keys("A dozen miners remain missing.") == {("missing", "12")}


def test_single_unreal_event() -> None:
    text = (
        "One soldier who was about to be captured shouted a slogan and tried to detonate "
        "a grenade, the officer said, adding that he was shot and killed."
    )
    assert keys(text) == set()
    assert keys("One firefighter was killed when the roof fell.") == {("killed", "1")}


def test_boilerplate_lines_are_dropped() -> None:
    text = (
        "Officials said 45 people were arrested.\n"
        "Related article: 500 killed in an earlier raid\n"
        "**Also read: Floods leave 2,000 homeless**\n"
        "Sign up now: get 3 newsletters\n"
        "Read more: 90 soldiers captured last spring\n"
        "— Jane Doe (@jdoe) March 3, 2025\n"
    )
    assert keys(text) == {("arrested", "45")}


def test_spans_point_into_the_text() -> None:
    text = "Officials said “around 2,700” people were injured — and 2,700 wounded is the total."
    figs = extract_figures(text)
    assert figs
    for f in figs:
        assert text[f.start : f.end] == f.text


def test_to_json_shape() -> None:
    f = only("The blast killed at least 30 workers at the plant.")
    j = f.to_json()
    assert list(j) == [
        "value", "low", "high", "hedge", "vague", "measure", "subject", "noun", "source",
        "text", "sentence", "start", "end",
    ]  # fmt: skip
    assert j["value"] == 30 and isinstance(j["value"], int)
    assert j["low"] == 30 and j["high"] is None
    assert json.loads(json.dumps(j)) == j


# --- a timeline in our own words: novelty per article ---------------------------------------

JANUARY = (
    "Around 300 North Korean Soldiers Killed In Russia's War, Seoul Lawmaker Says",
    """Around 300 North Korean soldiers have been killed and 2,700 wounded fighting for
Russia, a lawmaker in Seoul said on Monday, citing the country's spy agency.

Seoul has said before that Pyongyang sent more than 10,000 soldiers to help Moscow.

Kyiv captured two North Korean soldiers over the weekend, Ukraine's president said.

Estimates suggest casualties among the North Korean units have surpassed 3,000, the
lawmaker told reporters, including "about 300 deaths and 2,700 injuries".

One North Korean soldier who was about to be captured tried to set off a grenade.

Related article: Kyiv offers to swap 2 prisoners

Russia started its 2022 invasion with the help of two countries' arms, he said.""",
)
APRIL = (
    "600 North Korean troops killed fighting for Russia: lawmaker",
    """North Korean troop casualties are put at around 4,700, including approximately 600
deaths, a lawmaker said on April 30.

Some 2,000 wounded soldiers have been sent back to the North by plane or train.

Pyongyang backed the recapture of Kursk by deploying 18,000 troops in two phases.

The spy agency also said that 15,000 North Korean laborers had been sent to Russia.

In January, the agency estimated that 300 soldiers had died and another 2,700 had been
injured. The Pentagon has said 10,000 North Korean troops were first deployed in 2024.

After six months of fighting their skills have improved, he said. The Kremlin declared a
three-day cease-fire for the 80th anniversary of victory.""",
)
SEPTEMBER = (
    "About 2,000 North Korean soldiers killed fighting for Russia, Seoul says",
    """2 min read

Roughly 2,000 North Korean soldiers sent to Russia have been killed, Seoul's spy agency
told lawmakers on Sept. 2.

Pyongyang plans to send an additional 6,000 troops as its third wave of deployment.

Around 1,000 combat engineers have already arrived in Russia.

North Korea has claimed only 350 casualties, while Seoul reported in April that the number
of its soldiers killed in action was around 600.

Ukraine's drones have sunk nearly a dozen vessels since September 2022.""",
)

EXPECTED = [
    {("killed", "300"), ("wounded", "2700"), ("deployed", "10000"), ("captured", "2"),
     ("casualties", "3000")},
    {("casualties", "4700"), ("killed", "600"), ("returned", "2000"), ("deployed", "18000"),
     ("laborer", "15000"), ("killed", "300"), ("wounded", "2700"), ("deployed", "10000")},
    {("killed", "2000"), ("deployed", "6000"), ("combat engineer", "1000"),
     ("casualties", "350"), ("killed", "600")},
]  # fmt: skip
NEW = [
    EXPECTED[0],
    {("casualties", "4700"), ("killed", "600"), ("returned", "2000"), ("deployed", "18000"),
     ("laborer", "15000")},
    {("killed", "2000"), ("deployed", "6000"), ("combat engineer", "1000"),
     ("casualties", "350")},
]  # fmt: skip


def test_timeline_keys_and_novelty() -> None:
    ledger: set[tuple[str, str]] = set()
    for (title, body), expected, new in zip(
        (JANUARY, APRIL, SEPTEMBER), EXPECTED, NEW, strict=True
    ):
        figs = extract_figures(body, title)
        got = [novelty_key(f) for f in figs if novelty_key(f) is not None]
        assert len(got) == len(set(got)), "one figure per key within an article"
        assert set(got) == expected
        assert set(got) - ledger == new
        ledger |= set(got)


def test_timeline_attribution() -> None:
    figs = {novelty_key(f): f for f in extract_figures(SEPTEMBER[1], SEPTEMBER[0])}
    assert figs[("casualties", "350")].source == "North Korea"
    assert figs[("killed", "600")].source == "Seoul"
    assert figs[("killed", "2000")].source == "Seoul's spy agency"
