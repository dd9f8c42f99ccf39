"""Numbers: digits, scales, words, ranges, hedges, vague amounts, and the canonical key."""

from __future__ import annotations

import math

import pytest

from figures import Figure, extract_figures, novelty_key, value_key
from figures.numbers import parse_words, scan_numbers


def only(text: str) -> Figure:
    figs = extract_figures(text)
    assert len(figs) == 1, [(f.measure, f.value, f.text) for f in figs]
    return figs[0]


# --- values: each written form, in a sentence that makes it a figure -----------------------

VALUES: list[tuple[str, str, float]] = [
    ("Officials said 2,700 people were injured.", "2,700", 2700),
    ("Officials said 2700 people were injured.", "2700", 2700),
    ("The leak exposed the data of 1.2 million customers.", "1.2 million", 1_200_000),
    ("The attack affected 190M users.", "190M", 190_000_000),
    ("The intrusion affected 2.5m accounts, the bank said.", None, 0),  # "2.5m": metres? no
    ("The insurer paid a $22 million ransom.", "$22 million", 22_000_000),
    ("The insurer paid a $22m ransom.", "$22m", 22_000_000),
    ("The gang demanded a ransom of US$1.5bn.", "US$1.5bn", 1_500_000_000),
    ("Hackers stole 2k passwords, the report said.", "2k", 2_000),
    ("Two soldiers were captured.", "Two", 2),
    ("Three thousand troops were deployed.", "Three thousand", 3_000),
    ("Twenty-seven hundred people were hurt.", "Twenty-seven hundred", 2_700),
    ("Two hundred and fifty homes were destroyed.", "Two hundred and fifty", 250),
    ("A dozen miners are missing.", "A dozen", 12),
    ("Half a million people were displaced.", "Half a million", 500_000),
    ("Some 1.5 million people were evacuated.", "Some 1.5 million", 1_500_000),
    ("Police arrested forty-five people.", "forty-five", 45),
    ("The fine came to 30 million euros in damages.", "30 million euros", 30_000_000),
]


@pytest.mark.parametrize(("text", "surface", "value"), VALUES, ids=[v[0][:40] for v in VALUES])
def test_values(text: str, surface: str | None, value: float) -> None:
    figs = extract_figures(text)
    if surface is None:
        assert figs == []
        return
    assert len(figs) == 1
    f = figs[0]
    assert f.text == surface
    assert f.value == value
    assert text[f.start : f.end] == surface


def test_currency_of_money_figures() -> None:
    assert only("Regulators fined the bank £40 million.").measure == "money:gbp"
    assert only("The gang demanded a ransom of €5 million.").measure == "money:eur"
    assert only("The firm paid a ransom of 22 million dollars.").measure == "money:usd"


# --- ranges --------------------------------------------------------------------------------

RANGES: list[tuple[str, float, float, str]] = [
    ("Between 300 and 400 fighters were killed.", 300, 400, "300-400"),
    ("Officials said 300-400 houses were destroyed.", 300, 400, "300-400"),
    ("Officials said 300 to 400 houses were destroyed.", 300, 400, "300-400"),
    ("Officials said 300–400 houses were destroyed.", 300, 400, "300-400"),
    ("Two or three soldiers were captured.", 2, 3, "2-3"),
    ("The breach affected 1-2 million users.", 1_000_000, 2_000_000, "1000000-2000000"),
]


@pytest.mark.parametrize(("text", "low", "high", "key"), RANGES, ids=[r[0][:40] for r in RANGES])
def test_ranges(text: str, low: float, high: float, key: str) -> None:
    f = only(text)
    assert (f.low, f.high, f.value) == (low, high, low)
    assert novelty_key(f) is not None and novelty_key(f)[1] == key  # type: ignore[index]


def test_rose_from_to_is_not_a_range() -> None:
    f = only("The death toll rose from 300 to 410 overnight.")
    assert (f.value, f.low, f.high) == (410, 410, 410)


def test_scores_and_year_spans_are_not_ranges() -> None:
    assert extract_figures("The visitors won 3-1 and 5 fans were arrested.")[0].value == 5
    assert [f.value for f in extract_figures("From 2010-2015, 584 people died.")] == [584]


# --- hedges ---------------------------------------------------------------------------------

HEDGES = [
    "around", "about", "approximately", "some", "nearly", "almost", "more than", "over",
    "at least", "up to", "roughly", "only", "fewer than", "as many as", "upwards of",
    "in excess of", "close to", "an estimated",
]  # fmt: skip


@pytest.mark.parametrize("hedge", HEDGES)
def test_hedges(hedge: str) -> None:
    f = only(f"Officials said {hedge} 2,000 residents were evacuated.")
    assert f.hedge == hedge
    assert f.value == 2000
    assert novelty_key(f) == ("evacuated", "2000")


def test_hedges_after_the_number() -> None:
    assert only("Officials said 2,000 or more residents were evacuated.").low == 2000
    assert only("Officials said 300-plus homes were destroyed.").hedge == "plus"


def test_hedge_bounds() -> None:
    assert (only("More than 300 were killed.").low, only("More than 300 were killed.").high) == (
        300,
        None,
    )
    f = only("Nearly 300 were killed.")
    assert (f.low, f.high) == (None, 300)
    f = only("Around 300 were killed.")
    assert (f.low, f.high) == (None, None)
    f = only("Exactly 300 were killed.")
    assert (f.low, f.high) == (300, 300)


# --- vague amounts ----------------------------------------------------------------------

VAGUE = [
    "thousands of", "hundreds of", "dozens of", "tens of thousands of", "hundreds of thousands of",
    "millions of", "several hundred", "a few thousand", "scores of",
]  # fmt: skip


@pytest.mark.parametrize("phrase", VAGUE)
def test_vague_is_never_given_a_value(phrase: str) -> None:
    f = only(f"Officials said {phrase} people were evacuated.")
    assert f.vague is True
    assert (f.value, f.low, f.high) == (None, None, None)
    assert novelty_key(f) is None
    assert f.measure == "evacuated"


def test_vague_without_an_event_is_not_a_figure() -> None:
    assert extract_figures("Hundreds of fans sang outside.") == []
    assert extract_figures("It sent billions of dollars' worth of arms.") == []


# --- number words --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("two", 2), ("twelve", 12), ("twenty-seven", 27), ("twenty seven", 27),
        ("twenty-seven hundred", 2700), ("three thousand", 3000),
        ("two hundred and fifty", 250), ("one million two hundred thousand", 1_200_000),
        ("dozen", 12), ("one two", None), ("seven twenty", None), ("fifteen five", None),
    ],
)  # fmt: skip
def test_parse_words(words: str, value: float | None) -> None:
    assert parse_words(words) == value


def test_scan_keeps_offsets() -> None:
    text = "Roughly 2,000 were sent, up to 3 million died and between 5 and 7 left."
    nums = scan_numbers(text.lower(), text)
    assert [text[n.start : n.end] for n in nums] == [
        "Roughly 2,000", "up to 3 million", "between 5 and 7",
    ]  # fmt: skip


# --- canonical value keys -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "key"),
    [
        (2000.0, "2000"), (2000, "2000"), (1.2e6, "1200000"), (0.5, "0.5"), (7.8, "7.8"),
        (1e-7, "0.0000001"), (22_000_000.0, "22000000"), (1.25, "1.25"), (-0.0, "0"),
        (1e21, "1000000000000000000000"),
    ],
)  # fmt: skip
def test_value_key(value: float, key: str) -> None:
    assert value_key(value) == key


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_value_key_rejects_non_finite(bad: float) -> None:
    with pytest.raises(ValueError):
        value_key(bad)


def test_hedges_do_not_change_the_key() -> None:
    a = only("More than 10,000 soldiers were sent to the front.")
    b = only("Exactly 10,000 soldiers were sent to the front.")
    c = only("About ten thousand soldiers were sent to the front.")
    assert novelty_key(a) == novelty_key(b) == novelty_key(c) == ("deployed", "10000")
