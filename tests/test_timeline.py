"""A story's figures over nine months, crawled one article at a time from a loopback outlet.

Our own articles (newsmon/demo/timeline/, which `newsmon demo` shows too) re-tell a story of North Korean troops in Russia: the
January report, a same-day wire copy on another site, the April and September updates, and an
unrelated wildfire story. Each page carries chrome with numbers of its own (newsletter boxes,
related-article teasers, author bios, footers). Exactly the articles with new figures must be
flagged, with exactly those figures.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsmon.demo import DEMO_TIMELINE
from tests.helpers import OutletServer, run_newsmon, write_config

TIMELINE = DEMO_TIMELINE
WATCHES = [
    {
        "name": "north-korean-troops",
        "all": [["North Korea", "North Korean", "Pyongyang"], ["Russia", "Kursk", "Ukraine"]],
    },
    {"name": "wildfires", "all": [["wildfire", "bushfire", "forest fire"]]},
]

# The figures each article must raise, per watch, as (measure, value); absent = no flag.
EXPECTED: list[tuple[str, dict[str, set[tuple[str, int]]]]] = [
    (
        "2025-01-13-seoul-300-killed.html",
        {
            "north-korean-troops": {
                ("killed", 300),
                ("wounded", 2700),
                ("casualties", 3000),
                ("deployed", 10000),
                ("captured", 2),
            }
        },
    ),
    ("2025-01-13-wire-copy.html", {}),  # the same story, syndicated: nothing new
    (
        "2025-04-30-seoul-600-killed.html",
        {
            "north-korean-troops": {
                ("killed", 600),
                ("casualties", 4700),
                ("returned", 2000),
                ("deployed", 18000),
                ("laborer", 15000),
            }
        },
    ),
    (
        "2025-08-10-wildfire.html",
        {
            "wildfires": {
                ("evacuated", 3000),
                ("acres burned", 12000),
                ("percent contained", 15),
                ("structures destroyed", 40),
                ("firefighter", 900),
            }
        },
    ),
    (
        "2025-09-02-seoul-2000-killed.html",
        {
            "north-korean-troops": {
                ("killed", 2000),  # new, although 2,000 returned was seen in April
                ("deployed", 6000),
                ("combat engineer", 1000),
                ("casualties", 350),
            }
        },
    ),
]


def review_decision(config: Path, flag_id: int) -> None:
    """Confirm a flag as a reviewer would (the review page's own code path)."""
    from newsmon.config import load_settings
    from review.decisions import decide
    from storage.db import connect, session_scope

    engine = connect(load_settings(config).database_url)
    with session_scope(engine) as session:
        decide(session, flag_id, "confirm", "analyst", "matches the briefing")
    engine.dispose()


def flags_by_article(config: Path) -> dict[str, dict[str, set[tuple[str, int]]]]:
    result = run_newsmon("flags", "--json", config=config, check=True)
    found: dict[str, dict[str, set[tuple[str, int]]]] = {}
    for flag in json.loads(result.stdout):
        name = flag["article"]["url"].rsplit("/", 1)[1]
        figures = {(figure["measure"], figure["value"]) for figure in flag["new_figures"]}
        found.setdefault(name, {})[flag["watch"]] = figures
    return found


@pytest.mark.timeout(300)
def test_timeline_flags_exactly_the_new_figures(tmp_path: Path, outlet: OutletServer) -> None:
    config = write_config(
        tmp_path,
        sources=[{"name": "ledger", "feeds": [f"{outlet.url}/feed.xml"]}],
        watches=WATCHES,
        alerts={"baseline": False},
    )
    for name, expected in EXPECTED:
        outlet.publish(name, (TIMELINE / name).read_bytes())
        crawl = run_newsmon("crawl", "--json", config=config)
        assert crawl.returncode == 0, crawl.stderr
        assert flags_by_article(config).get(name, {}) == expected, name

    flags = json.loads(run_newsmon("flags", "--json", config=config, check=True).stdout)
    september = next(
        f for f in flags if f["article"]["url"].endswith("2025-09-02-seoul-2000-killed.html")
    )
    killed = next(f for f in september["new_figures"] if f["measure"] == "killed")
    assert [(p["value"], p["published"][:10]) for p in killed["previous"]] == [
        (300, "2025-01-13"),
        (600, "2025-04-30"),
    ]
    casualties = next(f for f in september["new_figures"] if f["measure"] == "casualties")
    assert casualties["source"] == "North Korea"

    watches = {
        w["name"]: w for w in json.loads(run_newsmon("watches", "--json", config=config).stdout)
    }
    assert (
        watches["north-korean-troops"]["articles"],
        watches["north-korean-troops"]["flags"],
    ) == (4, 3)
    assert (watches["wildfires"]["articles"], watches["wildfires"]["flags"]) == (1, 1)

    # A refigure recomputes everything to the same flags, and keeps a reviewer's decision.
    decided = flags[0]["id"]
    review_decision(config, decided)
    before = json.loads(run_newsmon("flags", "--json", config=config, check=True).stdout)
    assert run_newsmon("refigure", config=config).returncode == 0
    after = json.loads(run_newsmon("flags", "--json", config=config, check=True).stdout)
    assert after == before
    assert next(f for f in after if f["id"] == decided)["status"] == "confirmed"

    articles = json.loads(run_newsmon("articles", "--json", config=config, check=True).stdout)
    assert len(articles) == 5
    by_name = {a["url"].rsplit("/", 1)[1]: a for a in articles}
    wire, original = (
        by_name["2025-01-13-wire-copy.html"],
        by_name["2025-01-13-seoul-300-killed.html"],
    )
    assert wire["cluster"] == original["cluster"]  # the syndicated copy joined the story
    for article in articles:  # page chrome is not article text
        for chrome in (
            "Sign up now",
            "Related article",
            "More stories",
            "40,000",
            "Harbour Street",
        ):
            assert chrome not in article["text"], (article["url"], chrome)


@pytest.mark.timeout(300)
def test_baseline_first_crawl_flags_nothing_then_news_flags(
    tmp_path: Path, outlet: OutletServer
) -> None:
    config = write_config(
        tmp_path,
        sources=[{"name": "ledger", "feeds": [f"{outlet.url}/feed.xml"]}],
        watches=WATCHES[:1],
    )
    for name in ("2025-01-13-seoul-300-killed.html", "2025-04-30-seoul-600-killed.html"):
        outlet.publish(name, (TIMELINE / name).read_bytes())
    run_newsmon("crawl", config=config, check=True)
    assert flags_by_article(config) == {}
    name = "2025-09-02-seoul-2000-killed.html"
    outlet.publish(name, (TIMELINE / name).read_bytes())
    run_newsmon("crawl", config=config, check=True)
    assert flags_by_article(config) == {name: EXPECTED[-1][1]}


def test_figures_command_reads_a_text(tmp_path: Path) -> None:
    text = tmp_path / "report.txt"
    text.write_text(
        "At least 120 people were killed and more than 800 injured, the agency said on Monday. "
        "The 25-year-old driver was among 3 people arrested.",
        encoding="utf-8",
    )
    result = run_newsmon("figures", "--json", str(text), check=True)
    found = {(f["measure"], f["value"], f["hedge"]) for f in json.loads(result.stdout)["figures"]}
    assert found == {
        ("killed", 120, "at least"),
        ("wounded", 800, "more than"),
        ("arrested", 3, None),
    }
    plain = run_newsmon("figures", "-", input=text.read_text(encoding="utf-8"), check=True)
    assert "killed" in plain.stdout and "at least 120" in plain.stdout
    missing = run_newsmon("figures", str(tmp_path / "nope.txt"))
    assert missing.returncode == 1 and "cannot read" in missing.stderr
