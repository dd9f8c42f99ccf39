"""Figures: the general rules added in round 15, each checked on sentences of its own (exact
measure and value, found and not found).

The convention settled first: a split of a stated total by place is part of that total, not a
figure of its own, when the article states the total before it or earlier in the same
sentence. Per-place counts with no stated total stay figures."""

from __future__ import annotations

import pytest

from tests.helpers import found_figures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the total stays
        ("The toll climbed to 74: 41 in Varsk and 33 in Lodin.", ("killed", 74)),
        ("At least 58 people died in the quake. Nineteen were killed in Pereth.", ("killed", 58)),
        # no total stated: the counts by place are the figures
        ("The tremor left 820 dead in Varsk, 310 in Lodin and 12 in Pereth.", ("killed", 310)),
        (
            "Rescuers said 46 people died in Corvel, while 21 people have died in Amsk.",
            ("killed", 21),
        ),
        (
            "Officials said 64 people were hospitalised in the capital, as well as 28 in Tolva.",
            ("hospitalized", 28),
        ),
        # a part after "including" and an addition stay
        (
            "Five people are reported missing, including three in Tolva and two in Huzen.",
            ("missing", 2),
        ),
        (
            "The toll rose to 900. A further 72 people were also killed in Marenia, officials said.",
            ("killed", 72),
        ),
        (
            "The toll stood at 120 on Monday. A smaller tremor claimed five more lives in Osk.",
            ("killed", 5),
        ),
        # the whole area, not a split
        (
            "The toll passed 1,000. Aid workers said around 770 people had been killed in Dask and "
            "neighbouring Fell province.",
            ("killed", 770),
        ),
        # a share owned by a group, not a place
        (
            "At least 40,000 fighters have died; conscripts account for at least 11,200 of them.",
            ("killed", 40000),
        ),
    ],
)
def test_found(text: str, expected: tuple[str, float]) -> None:
    assert expected in found_figures(text)


@pytest.mark.parametrize(
    ("text", "unexpected"),
    [
        # a split after a colon in the sentence of the total
        ("The toll climbed to 74: 41 in Varsk and 33 in Lodin.", ("killed", 41)),
        ("The toll climbed to 74: 41 in Varsk and 33 in Lodin.", ("killed", 33)),
        # a split in a later sentence, with a verb of the measure
        ("At least 58 people died in the quake. Nineteen were killed in Pereth.", ("killed", 19)),
        (
            "The death toll reached 310 on Tuesday. Around 140 people died in the Hollin district "
            "alone.",
            ("killed", 140),
        ),
        (
            "The ministry put the toll at 2,100 dead. The quake caused 1,380 deaths in Marrow, 460 "
            "in Tessel and 52 in Aldine.",
            ("killed", 460),
        ),
        (
            "The ministry put the toll at 2,100 dead. The quake caused 1,380 deaths in Marrow, 460 "
            "in Tessel and 52 in Aldine.",
            ("killed", 1380),
        ),
        # a place named as the share's owner
        (
            "At least 2,900 people were killed. Dunmore suffered the heaviest losses, with 810 "
            "deaths.",
            ("killed", 810),
        ),
        (
            "The toll now stands at 212, with Lessing accounting for most of the dead, 130 lives.",
            ("killed", 130),
        ),
        (
            "At least 480 people were killed. The worst-hit area was the Varn valley, where 260 "
            "have died.",
            ("killed", 260),
        ),
        # the same for the injured and the missing
        (
            "Some 1,200 people were injured. Of those, hospitals said 300 were injured in Korsa.",
            ("wounded", 300),
        ),
        ("Ninety people remain missing. Police said 35 are missing in Brell.", ("missing", 35)),
    ],
)
def test_not_found(text: str, unexpected: tuple[str, float]) -> None:
    assert unexpected not in found_figures(text)


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # "claimed" as "asserted": a clause of its own follows the count
        (
            "A lenders' group claimed 18 million borrowers and 41,200 firms were involved.",
            None,
            ("killed", 18000000),
        ),
        ("The union claims 9,000 members are owed back pay.", None, ("killed", 9000)),
        ("Rebels claimed 2,300 residents had fled the valley.", None, ("killed", 2300)),
        # a toll stays a toll
        ("The rebels claimed 120 enemy soldiers were killed.", ("killed", 120), None),
        ("The storm claimed 48 lives in the delta.", ("killed", 48), None),
        ("The floods have claimed at least 70 people, officials said.", ("killed", 70), None),
        # British spelling of the deploy verbs
        ("The army despatched 300 troops and two helicopters to Varsk.", ("deployed", 300), None),
        ("The ministry is despatching 1,100 soldiers to the coast.", ("deployed", 1100), None),
    ],
)
def test_vocabulary(
    text: str, expected: tuple[str, float] | None, unexpected: tuple[str, float] | None
) -> None:
    found = found_figures(text)
    if expected is not None:
        assert expected in found
    if unexpected is not None:
        assert unexpected not in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # intensive care is a hospital stay
        ("Eleven people are in intensive care units, the clinic said.", ("hospitalized", 11)),
        ("Four of the injured remain in the intensive care unit in Varsk.", ("hospitalized", 4)),
        # treatment received is an injury
        (
            "Since the blaze began on Tuesday, 512 people have received medical treatment.",
            ("wounded", 512),
        ),
        ("Paramedics said 38 people required medical treatment at the scene.", ("wounded", 38)),
        # shelters checked into are a displacement
        (
            "More than 1,500 people have checked into Red Cross shelters nearby.",
            ("displaced", 1500),
        ),
        ("About 300 residents checked into shelters overnight.", ("displaced", 300)),
        # uprooted is displaced, also as a second coordinated verb
        ("The fighting has uprooted 40,000 villagers in Tolva.", ("displaced", 40000)),
        (
            "A war that has killed tens of thousands and uprooted over 9 million people.",
            ("displaced", 9000000),
        ),
        ("The floods are uprooting some 2,000 families a week.", ("displaced", 2000)),
    ],
)
def test_states_of_people(text: str, expected: tuple[str, float]) -> None:
    assert expected in found_figures(text)


def test_uprooted_is_no_toll() -> None:
    found = found_figures(
        "A war that has killed tens of thousands and uprooted over 9 million people."
    )
    assert ("killed", 9000000) not in found


def test_intensive_care_part_of_hospitalized() -> None:
    found = found_figures(
        "Nine climbers were taken to hospital in Brell with frostbite, and two remain in "
        "intensive care."
    )
    assert ("hospitalized", 9) in found
    assert ("hospitalized", 2) not in found
