"""Figures: the general rules added after the blind round 10 (korvath, pahrangquake,
bramblecreek, orlomobile), each checked on a sentence of its own (exact measure and value,
found or not found)."""

from __future__ import annotations

import pytest

from figures import extract_figures


def _found(text: str, title: str | None = None) -> set[tuple[str | None, float]]:
    return {(f.measure, f.value) for f in extract_figures(text, title)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Singapore dollars
        ("The watchdog fined the clinic chain S$720,000 over the leak.", ("money:sgd", 720000)),
        # "seized (other things and) cryptocurrency worth about $N"
        ("Officers seized two phones and cryptocurrency worth about US$380,000 from the pair.",
         ("money:usd", 380000)),
        # a bracketed conversion after a currency the lexicon does not know, behind a hedge
        ("Officials put economic losses at 9.1 billion marvels (about US$64 million) on Monday.",
         ("money:usd", 64000000)),
        # a running total after the figure it continues
        ("The army said the enemy had lost 870 soldiers over the past day, bringing its total "
         "losses since the war began to 412,600.", ("killed", 412600)),
        ("Personnel on the blaze peaked at 2,300 on Friday and has since dropped to about 1,640.",
         ("personnel", 2300)),
        ("Personnel on the blaze peaked at 2,300 on Friday and has since dropped to about 1,640.",
         ("personnel", 1640)),
    ],
)  # fmt: skip
def test_found(text: str, expected: tuple[str, float]) -> None:
    assert expected in _found(text)


@pytest.mark.parametrize(
    ("text", "unexpected"),
    [
        # the amount in the unknown currency is not a count of casualties
        ("Officials put the losses at 9.1 billion marvels (about US$64 million) on Monday.",
         ("casualties", 9100000000)),
        # a continuation with a counted noun of its own keeps that noun
        ("The fire destroyed 40 homes and damaged 12, bringing the total burned to 300 acres.",
         ("structures damaged", 300)),
        # a house's worth is no payment
        ("The couple's house is worth about $420,000, the listing said.", ("money:usd", 420000)),
    ],
)  # fmt: skip
def test_not_found(text: str, unexpected: tuple[str, float]) -> None:
    assert unexpected not in _found(text)
