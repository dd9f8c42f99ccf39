"""Figures: the general rules added after the blind round 12 (war2, quake2 and the round-11
leftovers), each checked on several sentences of our own (exact measure and value, found or
not found)."""

from __future__ import annotations

import pytest

from tests.helpers import found_figures

FOUND = [
    # parts of a set: "including", "among them", "includes", "the people killed include",
    # "This includes" after the sentence that gave the set
    ("The toll from Monday's shelling of Varnok includes 312 dead, among them 40 children and "
     "61 women.", [("killed", 312), ("killed", 40), ("killed", 61)]),
    ("Officials said 85 people were wounded, among them 12 children.",
     [("wounded", 85), ("wounded", 12)]),
    ("The bombing of Varnok killed 312 people. This includes 40 children and 61 women, the "
     "ministry said.", [("killed", 312), ("killed", 40), ("killed", 61)]),
    ("The raid on Ostrel killed 90 people, the governor said. That includes 14 children.",
     [("killed", 90), ("killed", 14)]),
    ("The people killed include 18 women, 21 children and 9 elderly men.",
     [("killed", 18), ("killed", 21), ("killed", 9)]),
    ("Those injured in the blast included 7 firefighters.", [("wounded", 7)]),
    ("Rebels shelled Varnok on Tuesday, killing 120 people, including 30 children and 12 "
     "women.", [("killed", 120), ("killed", 30), ("killed", 12)]),
    # the dead named as martyrs, as a noun or a verb
    ('"So far, 213 martyrs have reached the hospitals of Varnok," the spokesman said.',
     [("killed", 213)]),
    ("The minister put the number of martyrs at 174 and the number of wounded at 824.",
     [("killed", 174), ("wounded", 824)]),
    ("At least 40 people were martyred in the strike on Ostrel.", [("killed", 40)]),
    # places of worship are structures, in lists with homes and schools
    ("The quake destroyed 1,100 homes, 370 Buddhist monasteries, 40 schools, and 190 pagodas.",
     [("structures destroyed", 1100), ("structures destroyed", 370),
      ("structures destroyed", 40), ("structures destroyed", 190)]),
    ("The storm damaged 40 temples and 12 shrines in the hills.",
     [("structures damaged", 40), ("structures damaged", 12)]),
    ("Shelling has destroyed 14 churches and 9 synagogues in the region.",
     [("structures destroyed", 14), ("structures destroyed", 9)]),
]

NOT_FOUND = [
    # an inclusion with no event in the set is no figure
    ("The aid package includes 40 trucks and 12 tents.", [("killed", 40), ("wounded", 12)]),
    ("The town hosts a festival. This includes 40 bands.", [("killed", 40)]),
    ("The town has 40 temples and 12 chapels.",
     [("structures destroyed", 40), ("structures damaged", 12)]),
    ("The order commemorates 300 martyrs of the 1820 uprising.", [("killed", 300)]),
    ("The delegation includes 12 women, among them 3 ministers.", [("killed", 12), ("killed", 3)]),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_found(text: str, expected: list[tuple[str, float]]) -> None:
    got = found_figures(text)
    for e in expected:
        assert e in got, (e, got)


@pytest.mark.parametrize(("text", "unexpected"), NOT_FOUND)
def test_not_found(text: str, unexpected: list[tuple[str, float]]) -> None:
    got = found_figures(text)
    for u in unexpected:
        assert u not in got, (u, got)
