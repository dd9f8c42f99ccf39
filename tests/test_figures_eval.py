"""Figures: precision and recall of NEW figures on our own evaluation set of news timelines.

tests/fixtures/figures_eval/ holds thirty-five timelines (an earthquake, a wildfire, a data breach, a
war with protests; a flood written afterwards and first scored blind; and a third blind round: a
cyclone, a cholera outbreak, a migrant shipwreck, a building collapse and a wire-style chemical
plant blast; a fourth blind round after those fixes: wire-style missile strikes, a bushfire in
hectares, a hospital breach; a fifth: a wire-style quake, a war with competing claims, a
ransomware breach; a sixth: a local-news wildfire, war live-blog roundups, a regulator-style
breach; a seventh: a war through an exiled outlet and a General Staff report, an Asian-daily
quake, a US TV/AP wildfire, an Indian TV-site breach in crore and lakh; an eighth: state-media
war bulletins, a live-blog and explainer quake, Reuters wire copy of a wildfire, an 8-K and
attorney-general breach; a ninth: humanitarian flash updates of a war, translated air-force and
military-administration posts, local-TV live updates of a wildfire, a HIPAA notice, a US
Attorney's release and a regulator's settlement of a breach; a tenth: a war through Kyiv- and
Moscow-style outlets and AP, a quake through a Singapore daily, an Indian TV site and a US
outlet, a local-paper wildfire, a Singapore telco breach) of three or four articles each, written for newsmon, with the figures an analyst expects to be flagged per
article.  The ledger logic is the one storage uses: per timeline, a
figure is new when its (measure, value) key has not been seen before.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from figures import extract_figures, novelty_key
from figures.evaluate import load_eval_set, parse_timeline, score, score_timeline

EVAL = Path(__file__).parent / "fixtures" / "figures_eval"


def test_eval_set_has_timelines_of_three_or_four_articles() -> None:
    timelines = load_eval_set(EVAL)
    assert len(timelines) >= 10
    for articles in timelines:
        assert 3 <= len(articles) <= 4
        assert all(a.gold_new for a in articles)
    assert sum(len(a.gold_new) for t in timelines for a in t) >= 170


def test_new_figures_precision_and_recall() -> None:
    total = score(load_eval_set(EVAL))
    report = "\n".join(
        f"{a.id}: missed {sorted(a.misses)} false {sorted(a.false_positives)}"
        for a in total.articles
        if a.misses or a.false_positives
    )
    assert total.precision >= 0.90, report
    assert total.recall >= 0.85, report


@pytest.mark.parametrize(
    "name",
    ["earthquake", "wildfire", "breach", "war", "flood",
     "cyclone", "outbreak", "shipwreck", "collapse", "plant",
     "strikes", "bushfire", "hospitalhack",
     "tesmarquake", "ardenia", "quillon",
     "ridgeback", "teveria", "telvanta",
     "dravenia", "lindu", "sablecanyon", "kravipay",
     "ruvania", "oltayquake", "tessler", "veltrix",
     "orvania", "velmar", "juniper", "brennick",
     "korvath", "pahrangquake", "bramblecreek", "orlomobile"],
)  # fmt: skip
def test_each_timeline_is_mostly_right(name: str) -> None:
    # no story may be carried by the others: each one alone stays above 0.75 / 0.75
    articles = parse_timeline(json.loads((EVAL / f"{name}.json").read_text(encoding="utf-8")))
    scores = score_timeline(articles)
    hits = sum(len(s.hits) for s in scores)
    assert hits / sum(len(s.found_new) for s in scores) >= 0.75
    assert hits / sum(len(s.gold_new) for s in scores) >= 0.75


def test_restated_figures_are_not_new() -> None:
    articles = parse_timeline(
        {
            "articles": [
                {"id": "a", "title": "", "paragraphs": [
                    "At least 1,500 people were killed and more than 4,000 injured."
                ], "new": [["killed", 1500], ["wounded", 4000]]},
                {"id": "b", "title": "", "paragraphs": [
                    "The death toll rose to 2,100. More than 4,000 were injured on Tuesday."
                ], "new": [["killed", 2100]]},
            ]
        }
    )  # fmt: skip
    scores = score_timeline(articles)
    assert [sorted(s.found_new) for s in scores] == [
        [("killed", "1500"), ("wounded", "4000")],
        [("killed", "2100")],
    ]
    assert all(not s.misses and not s.false_positives for s in scores)


def test_claim_by_the_other_side_is_new_and_attributed() -> None:
    text = (
        "Valdor's defence ministry said its forces had killed 1,200 Kessian soldiers and "
        "destroyed 45 tanks, claims that could not be independently verified."
    )
    figs = {novelty_key(f): f.source for f in extract_figures(text)}
    assert figs == {
        ("killed", "1200"): "Valdor's defence ministry",
        ("tank", "45"): "Valdor's defence ministry",
    }
