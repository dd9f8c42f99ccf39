"""[crawl] revisit: a stored article whose listing dates an edit is fetched again, once.

The decisions are pure functions (crawler/revisit.py) tested directly; the database side
(storage.crawlstate.stored_pages, mark_checked) runs on SQLite and PostgreSQL; the whole path runs
as `newsmon crawl` subprocesses against the fixture outlet on loopback: publish, crawl, edit a page
in place with a later article:modified_time, crawl again.
"""

from __future__ import annotations

import json
import math
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from crawler.hashing import content_hash, simhash
from crawler.listings import Link, parse_feed, parse_sitemap
from crawler.revisit import dates_tell_edits, due_for_revisit
from newsmon.config import load_settings
from storage import crawlstate
from storage.crawlstate import StoredPage
from storage.db import connect, session_scope, upgrade
from storage.ingest import NewArticle, store_article
from storage.models import ArticleVersion, Url
from tests.helpers import OutletServer, run_newsmon, write_config

NOW = datetime(2026, 3, 10, 12, 0, 0)
WINDOW = timedelta(hours=48)


def stored(fetched: datetime | None = None, acted_on: datetime | None = None,
           first_stored: datetime | None = None) -> StoredPage:
    fetched = fetched or NOW - timedelta(hours=2)
    return StoredPage("https://example.com/a", fetched, acted_on, first_stored or fetched, "hash")


# ----------------------------------------------------------------------------- pure decisions


def test_a_change_dated_after_our_fetch_is_due() -> None:
    assert due_for_revisit(NOW - timedelta(hours=1), stored(), NOW, WINDOW)


def test_no_date_or_a_date_before_our_fetch_is_not_due() -> None:
    page = stored()
    assert not due_for_revisit(None, page, NOW, WINDOW)
    assert not due_for_revisit(page.fetched_at, page, NOW, WINDOW)  # the edit we already have
    assert not due_for_revisit(NOW - timedelta(hours=3), page, NOW, WINDOW)


def test_an_article_first_stored_longer_ago_than_the_window_is_not_due() -> None:
    old = stored(fetched=NOW - timedelta(hours=1), first_stored=NOW - timedelta(hours=49))
    assert not due_for_revisit(NOW, old, NOW, WINDOW)
    recent = stored(fetched=NOW - timedelta(hours=1), first_stored=NOW - timedelta(hours=47))
    assert due_for_revisit(NOW, recent, NOW, WINDOW)


def test_a_zero_window_turns_revisits_off() -> None:
    assert not due_for_revisit(NOW - timedelta(hours=1), stored(), NOW, timedelta(0))


def test_one_listed_date_triggers_one_revisit() -> None:
    """A date in the future stays 'after our fetch' forever: the date acted on stops a loop."""
    future = NOW + timedelta(days=1)
    assert due_for_revisit(future, stored(), NOW, WINDOW)
    after = stored(fetched=NOW, acted_on=future, first_stored=NOW - timedelta(hours=2))
    assert not due_for_revisit(future, after, NOW + timedelta(minutes=30), WINDOW)
    assert due_for_revisit(future + timedelta(seconds=1), after, NOW + timedelta(minutes=30), WINDOW)


def test_a_listing_that_stamps_its_build_time_on_every_entry_dates_no_edit() -> None:
    build = datetime(2026, 3, 10, 11, 59)
    same = [Link(f"https://example.com/{n}", None, build) for n in range(3)]
    assert not dates_tell_edits(same)
    varied = [*same[:2], Link("https://example.com/x", None, build - timedelta(hours=3))]
    assert dates_tell_edits(varied)
    assert dates_tell_edits(same[:2])  # two entries edited in one minute is plausible
    assert dates_tell_edits([Link("https://example.com/undated")])


def test_listings_give_the_change_date() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><title>A</title><link href="https://example.com/news/a"/><id>a</id>
<published>2026-03-01T08:00:00Z</published><updated>2026-03-02T09:30:00+01:00</updated></entry>
<entry><title>B</title><link href="https://example.com/news/b"/><id>b</id>
<published>2026-03-01T07:00:00Z</published></entry></feed>"""
    edited, plain = parse_feed(atom, "https://example.com/atom.xml").links
    assert edited.published == datetime(2026, 3, 1, 8, 0)
    assert edited.updated == edited.last_changed == datetime(2026, 3, 2, 8, 30)
    assert plain.updated is None and plain.last_changed == datetime(2026, 3, 1, 7, 0)

    sitemap = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://example.com/news/a</loc><lastmod>2026-03-02T08:30:00Z</lastmod><news:news>
<news:publication_date>2026-03-01T08:00:00Z</news:publication_date></news:news></url>
<url><loc>https://example.com/news/b</loc><news:news>
<news:publication_date>2026-03-03T06:00:00Z</news:publication_date></news:news></url></urlset>"""
    edited, republished = parse_sitemap(sitemap).links
    assert (edited.published, edited.last_changed) == (datetime(2026, 3, 1, 8), datetime(2026, 3, 2, 8, 30))
    assert republished.last_changed == datetime(2026, 3, 3, 6)  # news:publication_date alone


# ----------------------------------------------------------------------------- the database side


def test_stored_pages_and_mark_checked(tmp_path: Path, database_url: str) -> None:
    config = write_config(tmp_path, [{"name": "wire", "feeds": ["http://127.0.0.1:9/feed.xml"]}],
                          database_url=database_url)
    settings = load_settings(config)
    upgrade(database_url)
    engine = connect(database_url)
    text = "Rescue teams searched the collapsed buildings of the old town through the night. " * 8
    page = "https://example.com/news/quake"
    alias = "https://example.com/amp/quake"
    try:
        with session_scope(engine) as session:
            store_article(session, settings, NewArticle(
                url=page, fetched_url=alias, source="wire", title="Quake", author=None,
                published=None, language="en", text=text, content_hash=content_hash(text),
                simhash=simhash(text),
            ))
            crawlstate.mark_url(session, "https://example.com/news/paywalled", None, "skipped",
                                reason="paywall stub")
        with session_scope(engine) as session:
            before = datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=1)
            found = crawlstate.stored_pages(
                session, [page, alias, "https://example.com/news/paywalled", "https://example.com/new"],
                since=before,
            )
            assert set(found) == {page, alias}  # the alias is revisitable too; a skipped page is not
            assert found[page].content_hash == content_hash(text)
            assert found[page].listed_changed_at is None and found[page].fetched_at is not None
            assert found[page].first_stored_at is not None and found[page].first_stored_at >= before
            # An article first stored before the window is no candidate.
            assert crawlstate.stored_pages(session, [page], since=datetime.now(UTC).replace(tzinfo=None)
                                           + timedelta(minutes=1)) == {}
            assert crawlstate.stored_hash(session, alias) == content_hash(text)
            assert crawlstate.stored_hash(session, "https://example.com/new") is None

            listed = datetime(2026, 3, 2, 8, 30)
            fetched_before = found[page].fetched_at
            crawlstate.mark_checked(session, page, listed, fetched=False)
        with session_scope(engine) as session:
            row = session.scalar(select(Url).where(Url.url == page))
            assert row is not None
            assert row.listed_changed_at == listed and row.fetched_at == fetched_before
            assert row.status == "stored"  # a check never changes what the URL is
            time.sleep(0.01)
            crawlstate.mark_checked(session, page, None)
        with session_scope(engine) as session:
            row = session.scalar(select(Url).where(Url.url == page))
            assert row is not None and row.listed_changed_at == listed
            assert row.fetched_at is not None and fetched_before is not None and row.fetched_at > fetched_before
    finally:
        engine.dispose()


# ----------------------------------------------------------------------------- end to end

PUBLISHED = "2026-03-01T08:00:00Z"
WATCH = {"name": "kursk", "all": [["North Korea", "North Korean"], ["Kursk", "Russia"]]}


def article_page(title: str, paragraphs: list[str], modified: str | None = None) -> str:
    modified_meta = f'<meta property="article:modified_time" content="{modified}">' if modified else ""
    body = "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} - The Fixture Times</title>
<meta property="og:title" content="{title}"><meta property="og:type" content="article">
<meta property="article:published_time" content="{PUBLISHED}">{modified_meta}
<meta name="author" content="Anna Volkova"></head>
<body><header><a href="/">The Fixture Times</a></header>
<main><article><h1>{title}</h1><div class="byline">By Anna Volkova</div>
<div class="article__content">{body}</div></article></main>
<footer>All rights reserved.</footer></body></html>"""


def kursk_page(toll: int, modified: str | None = None) -> str:
    return article_page(
        "North Korean Troops Suffer Heavy Losses in Kursk",
        [
            f"At least {toll} North Korean soldiers have been killed in Russia's Kursk region, South "
            "Korea's intelligence service told lawmakers in Seoul on Monday, citing intercepted "
            "communications and satellite imagery.",
            "The soldiers were sent to the front in the autumn and have been fighting alongside "
            "Russian units near the border, according to the briefing, which described them as "
            "poorly prepared for drone warfare.",
            "Neither the Kremlin nor Pyongyang has acknowledged the deployment, and Russian officials "
            "have dismissed questions about it as provocations from Western governments.",
        ],
        modified,
    )


def floods_page(modified: str | None = None) -> str:
    return article_page(
        "Floods Force Thousands From Their Homes in Kelantan",
        [
            "Rising rivers forced 12,000 people from their homes in the Malaysian state of Kelantan "
            "over the weekend, the national disaster agency said, as monsoon rains continued to "
            "lash the east coast of the peninsula.",
            "Relief centres were opened in schools and community halls, and the army sent boats to "
            "villages cut off by the water, officials said on Sunday evening.",
            "Forecasters expect more heavy rain through the middle of the week, and residents of "
            "low-lying districts were told to prepare to leave at short notice.",
        ],
        modified,
    )


def grain_page() -> str:
    return article_page(
        "Ukraine Ships Record Grain Volumes Through Odesa",
        [
            "Ukraine exported 4.2 million tons of grain through its Odesa ports in December, the "
            "highest monthly figure since the full-scale invasion began, the agriculture ministry said.",
            "Shipments rose despite repeated drone attacks on port infrastructure, as insurers "
            "lowered premiums for vessels using the corridor along the western Black Sea coast.",
            "Traders said corn made up more than half of the cargo, with wheat and sunflower oil "
            "accounting for most of the rest, bound largely for Europe and North Africa.",
        ],
    )


def utc_stamp(offset: float = 0.0) -> str:
    """An ISO time a whole second or more after now (plus `offset` seconds), as outlets write it."""
    moment = datetime.fromtimestamp(math.ceil(time.time() + offset) + 1, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def crawl(config: Path) -> dict[str, Any]:
    result = run_newsmon("crawl", "--json", config=config, timeout=180)
    assert result.returncode == 0, result.stderr
    [summary] = json.loads(result.stdout)
    return summary


def articles(config: Path) -> dict[str, dict[str, Any]]:
    listed = json.loads(run_newsmon("articles", "--json", config=config, check=True).stdout)
    return {entry["url"].rsplit("/", 1)[-1]: entry for entry in listed}


def test_an_edit_in_place_is_fetched_once_versioned_and_flagged(outlet: OutletServer, tmp_path: Path) -> None:
    outlet.publish("kursk.html", kursk_page(120))
    outlet.publish("floods.html", floods_page())
    outlet.publish("grain.html", grain_page())
    # Two listings that both date every change: an edit must still cost one request.
    source = {"name": "fixture", "feeds": [f"{outlet.url}/atom.xml"],
              "sitemaps": [f"{outlet.url}/news-sitemap.xml"]}
    config = write_config(tmp_path, [source], [WATCH], alerts={"baseline": False})
    first = crawl(config)
    assert (first["new_articles"], first["revisited"], first["updated"]) == (3, 0, 0)

    # The toll is raised in place; the floods page is re-stamped with its text unchanged.
    outlet.publish("kursk.html", kursk_page(250, modified=utc_stamp()))
    outlet.publish("floods.html", floods_page(modified=utc_stamp()))
    outlet.reset()
    second = crawl(config)
    stats = outlet.stats()
    assert stats.get("/articles/kursk.html") == 1 and stats.get("/articles/floods.html") == 1, stats
    assert "/articles/grain.html" not in stats and outlet.article_requests() == 2
    assert (second["revisited"], second["updated"], second["new_articles"], second["duplicates"]) == (2, 1, 0, 0)
    assert second["article_requests"] == 2 and second["errors"] == 0 and second["skipped"] == 0

    stored = articles(config)
    assert stored["kursk.html"]["versions"] == 2
    assert "At least 250 North Korean soldiers" in stored["kursk.html"]["text"]
    assert stored["floods.html"]["versions"] == 1 and stored["grain.html"]["versions"] == 1
    engine = connect(load_settings(config).database_url)
    try:
        with session_scope(engine) as session:
            [version] = session.scalars(select(ArticleVersion)).all()
            assert "At least 120 North Korean soldiers" in version.text
    finally:
        engine.dispose()

    flags = json.loads(run_newsmon("flags", "--json", config=config, check=True).stdout)
    [flag] = [flag for flag in flags if flag["article"]["url"].endswith("/kursk.html")]
    killed = {figure["value"]: figure for figure in flag["new_figures"] if figure["measure"] == "killed"}
    assert set(killed) == {120, 250}  # the first version's toll, then the edit's
    assert killed[250]["subject"] == "North Korean soldiers" and flag["status"] == "open"

    # A new story changes both listings, read in full again: only the new page is fetched, not
    # the pages just revisited (their dates are the ones already acted on).
    outlet.copy_fixture("kelantan-floods.html")
    outlet.reset()
    third = crawl(config)
    assert third["not_modified"] == 0 and third["new_articles"] == 1 and third["revisited"] == 0
    assert outlet.article_requests() == 1, outlet.stats()

    # An edit to an article first stored longer ago than [crawl] revisit is not news.
    config = write_config(tmp_path, [source], [WATCH], alerts={"baseline": False}, crawl={"revisit": "1s"})
    outlet.publish("kursk.html", kursk_page(400, modified=utc_stamp(60)))
    outlet.reset()
    fourth = crawl(config)
    assert outlet.article_requests() == 0, outlet.stats()
    assert fourth["revisited"] == 0 and fourth["not_modified"] == 0  # the listings did change
    assert articles(config)["kursk.html"]["versions"] == 2
