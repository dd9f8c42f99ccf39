"""Figures: the general rules added after blind round 6 (local-news wildfire, war live blog,
regulator-style breach), each checked on a sentence of its own."""

from __future__ import annotations

import pytest

from tests.helpers import found_figures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Three firefighters suffered injuries when a tree fell.", ("wounded", 3)),
        ("Two residents sustained minor injuries in the blaze.", ("wounded", 2)),
        ("Inspectors counted 188 destroyed structures after the fire.",
         ("structures destroyed", 188)),
        ("The storm left 40 damaged homes along the coast.", ("structures damaged", 40)),
        ("Halmar launched 64 drones, of which 52 were downed.", ("drone", 52)),
        ("Evacuation orders were lifted for about 6,000 residents after the wildfire.",
         ("returned", 6000)),
        ("Personal data relating to 1.8 million customers was accessed.",
         ("affected", 1_800_000)),
        ("The settlement covers about 1.9 million class members.", ("affected", 1_900_000)),
    ],
)  # fmt: skip
def test_round6_rules(text: str, expected: tuple[str, float]) -> None:
    assert expected in found_figures(text)


def test_round6_rules_keep_their_limits() -> None:
    # the parts keep the measure of the whole, and the whole is still counted
    assert found_figures("Halmar launched 64 drones, of which 52 were downed.") == {
        ("drone", 64), ("drone", 52)
    }  # fmt: skip
    # "data of up to" still reads as a breach count; members with no event are not a figure
    assert ("affected", 2_000_000) in found_figures("The data of up to 2 million customers was stolen.")
    assert found_figures("The club has 1.9 million members.") == set()
    # the participle before the noun wins over a later event of another figure
    assert ("structures damaged", 188) not in found_figures(
        "Teams counted 188 destroyed structures, including 141 homes, and 36 damaged ones."
    )
