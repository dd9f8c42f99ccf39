"""Watches: every group of `all` must match one term; no term of `none` may match."""

from __future__ import annotations

import pytest

from figures import matches_watch

TITLE = "Pyongyang's troops suffer heavy losses near Kursk"
TEXT = (
    "North Korean soldiers fighting for Russia have been killed in large numbers, "
    "officials in Seoul said on Monday. The U.S. State Department declined to comment."
)

KOREA = ["North Korea", "North Korean", "Pyongyang"]
WAR = ["Russia", "Kursk", "Ukraine"]


@pytest.mark.parametrize(
    ("all_groups", "none_terms", "expected"),
    [
        ([KOREA, WAR], [], True),
        ([KOREA], ["Kursk"], False),  # a none term in the title
        ([KOREA, ["Taiwan"]], [], False),  # one group unmatched
        ([["north korean"]], [], True),  # case-insensitive
        ([["NORTH   KOREAN   SOLDIERS"]], [], True),  # any whitespace inside a phrase
        ([["Korea"]], [], False),  # whole words: "Korean" is not "Korea"
        ([["Russ"]], [], False),  # no partial words
        ([["Pyongyang"]], [], True),  # "Pyongyang's" has the whole word
        ([["U.S."]], [], True),  # terms ending in punctuation
        ([["U.S"]], [], True),  # "." is not a word character, so "U.S" ends a word here
        ([], [], True),  # no groups: matches
        ([[]], [], True),  # an empty group is ignored
        ([KOREA], ["", "  "], True),  # blank none terms are ignored
        ([KOREA], ["Kim Jong Un"], True),
        ([["soldiers fighting"]], [], True),
        ([["soldiers fought"]], [], False),
    ],
)
def test_matches_watch(all_groups: list[list[str]], none_terms: list[str], expected: bool) -> None:
    assert matches_watch(TITLE, TEXT, all_groups, none_terms) is expected


def test_title_and_text_both_count() -> None:
    assert matches_watch("Kursk battle", "Troops from the North", [["Kursk"], ["troops"]], [])
    assert not matches_watch("", "", [["Kursk"]], [])


def test_curly_quotes_match_straight_ones() -> None:
    assert matches_watch("", "Russia’s war", [["Russia's war"]], [])
    assert matches_watch("", "Russia's war", [["Russia’s war"]], [])


def test_regex_characters_are_literal() -> None:
    assert matches_watch("", "C++ (and C#) users", [["C++"], ["(and"]], [])
    assert not matches_watch("", "Cxx users", [["C.."]], [])
