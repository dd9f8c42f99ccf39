"""`newsmon crawl`, `extract` and `articles` as real subprocesses against the fixture outlet on loopback."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from storage.db import connect, session_scope
from storage.models import Article, CrawlProblem, CrawlRun, Source, Url
from tests.helpers import FIXTURES, OutletServer, run_newsmon, start_outlet, write_config

STORIES = ["kursk-casualties.html", "grain-exports.html", "wire-grain-exports.html", "kelantan-floods.html",
           "amp-wildfire.html", "sanctions-cp1251.html"]
NOT_ARTICLES = ["world-index.html", "video-launch.html", "paywall-election.html"]
BAD_ARTICLES = {
    "/_/big": "page larger than 10 MB",
    "/_/binary": "binary content",
    "/_/empty": "empty body",
    "/_/error500": "HTTP 500",
    "/_/gone": "HTTP 404",
    "/_/redirect-loop": "redirect loop",
    "/_/hang": "timeout after 2s",
}
CHROME = ("Sign up now", "Related article", "Read more", "READ MORE", "Also read", "newsletter",
          "87 Ukrainian Drones", "4,000 Prisoners", "correspondent for The Fixture Times", "All rights reserved")


def publish_fixtures(outlet: OutletServer) -> None:
    for name in STORIES + NOT_ARTICLES:
        outlet.copy_fixture(name)
    # The Windows-1251 page is served with a wrong charset=utf-8 header.
    shutil.copy(FIXTURES / "articles" / "sanctions-cp1251.html.charset", outlet.root / "articles")
    items = "".join(f"<item><title>{path}</title><link>{outlet.url}{path}</link></item>" for path in BAD_ARTICLES)
    (outlet.root / "bad-feed.xml").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bad</title>{items}</channel></rss>'
    )


def crawl_json(config: Path, *sources: str) -> tuple[int, list[dict[str, Any]], str]:
    result = run_newsmon("crawl", *sources, "--json", config=config, timeout=180)
    return result.returncode, json.loads(result.stdout or "[]"), result.stderr


def test_crawl_stores_each_story_once_and_records_every_bad_input(outlet: OutletServer, tmp_path: Path) -> None:
    publish_fixtures(outlet)
    config = write_config(
        tmp_path,
        [{"name": "fixture",
          "feeds": [f"{outlet.url}/feed.xml", f"{outlet.url}/atom.xml", f"{outlet.url}/_/not-xml-feed",
                    f"{outlet.url}/_/cut-feed", f"{outlet.url}/bad-feed.xml"],
          "sitemaps": [f"{outlet.url}/news-sitemap.xml"],
          "pages": [f"{outlet.url}/section/"]}],
        crawl={"download_timeout": "2s"},
    )
    code, summary, stderr = crawl_json(config)
    assert code == 0, stderr
    [run] = summary
    assert run["source"] == "fixture" and run["status"] == "ok"
    assert run["new_articles"] == 5  # six stories, one of them a syndicated copy of another
    assert run["duplicates"] == 1
    assert run["skipped"] == len(NOT_ARTICLES)
    assert run["errors"] == len(BAD_ARTICLES) + 2  # plus the two broken feeds

    # Every page was requested once, however many listings named it (RSS with ?utm_source, Atom with
    # #top, the sitemap, the section page); the rel=canonical target itself was never requested.
    stats = outlet.stats()
    for name in STORIES + NOT_ARTICLES:
        assert stats.get(f"/articles/{name}") == 1, (name, stats)
    assert not any(path.startswith("/news/") for path in stats)

    settings_url = f"sqlite:///{tmp_path / 'data' / 'newsmon.db'}"
    engine = connect(settings_url)
    with session_scope(engine) as session:
        articles = {a.url.removeprefix(outlet.url): a for a in session.scalars(select(Article))}
        assert set(articles) == {
            "/articles/kursk-casualties.html", "/articles/kelantan-floods.html", "/articles/sanctions-cp1251.html",
            "/news/2025/01/15/wildfire-los-angeles-5000-acres.html",  # stored under its rel=canonical
            "/articles/grain-exports.html" if "/articles/grain-exports.html" in articles
            else "/articles/wire-grain-exports.html",
        }
        kursk = articles["/articles/kursk-casualties.html"]
        assert kursk.title.startswith("About 1,100 North Korean Soldiers Killed")
        assert kursk.author == "Anna Volkova"
        assert kursk.language == "en"
        assert kursk.published_at is not None and kursk.published_at.isoformat() == "2025-01-14T06:30:00"
        assert "some 11,000 troops" in kursk.text
        for article in articles.values():
            for chrome in CHROME:
                assert chrome not in article.text, (article.url, chrome)
        russian = articles["/articles/sanctions-cp1251.html"]
        assert russian.language == "ru" and "теневого флота" in russian.text

        urls = {u.url.removeprefix(outlet.url): u for u in session.scalars(select(Url))}
        # The syndicated copy: one article, the other URL recorded as an alias of it.
        grain, wire = urls["/articles/grain-exports.html"], urls["/articles/wire-grain-exports.html"]
        assert grain.article_id == wire.article_id is not None
        assert {grain.status, wire.status} == {"stored", "duplicate"}
        amp = urls["/articles/amp-wildfire.html"]
        assert amp.article_id == articles["/news/2025/01/15/wildfire-los-angeles-5000-acres.html"].id
        for name in NOT_ARTICLES:
            assert urls[f"/articles/{name}"].status == "skipped"

        problems = {p.url.removeprefix(outlet.url): p for p in session.scalars(select(CrawlProblem))}
        for path, reason in BAD_ARTICLES.items():
            assert problems[path].kind == "error" and problems[path].reason == reason, (path, problems[path].reason)
        assert problems["/_/not-xml-feed"].reason == "feed is not XML (an HTML page)"
        assert problems["/_/cut-feed"].reason.startswith("feed is cut off or malformed")
        assert problems["/articles/world-index.html"].reason == "not an article: index page"
        assert problems["/articles/video-launch.html"].reason == "not an article: video page with no text"
        assert problems["/articles/paywall-election.html"].reason.startswith("paywall stub")
        assert problems["/articles/paywall-election.html"].kind == "skipped"

        source = session.scalar(select(Source).where(Source.name == "fixture"))
        assert source is not None and source.baseline_done and source.last_success_at is not None
        db_run = session.get(CrawlRun, run["run_id"])
        assert db_run is not None and db_run.finished_at is not None and db_run.exit_code == 0
        assert "HTTP 500" in (db_run.error_tail or "")

    # Second crawl of the unchanged outlet: no article page is fetched again, feeds answer 304.
    outlet.reset()
    code, summary, stderr = crawl_json(config)
    assert code == 0, stderr
    assert outlet.article_requests() == 0
    [again] = summary
    assert again["new_articles"] == 0 and again["article_requests"] == len(BAD_ARTICLES)  # errors retried
    assert again["not_modified"] == 5  # feed.xml, atom.xml, bad-feed.xml, the sitemap, the section page
    with session_scope(engine) as session:
        assert len(session.scalars(select(Article)).all()) == 5
    engine.dispose()


def test_each_kind_of_listing_is_discovered(tmp_path: Path) -> None:
    """One source per kind of listing, each on its own outlet: RSS, Atom, news sitemap, section page."""
    kinds = {"rss": ("feeds", "/feed.xml"), "atom": ("feeds", "/atom.xml"),
             "sitemap": ("sitemaps", "/news-sitemap.xml"), "section": ("pages", "/section/")}
    stories = {"rss": "kursk-casualties.html", "atom": "kelantan-floods.html", "sitemap": "grain-exports.html",
               "section": "sanctions-cp1251.html"}
    outlets = {name: start_outlet(tmp_path / name, [stories[name]]) for name in kinds}
    try:
        config = write_config(
            tmp_path, [{"name": name, key: [outlets[name].url + path]} for name, (key, path) in kinds.items()],
            crawl={"max_parallel": 2},
        )
        code, summary, stderr = crawl_json(config)
        assert code == 0, stderr
        assert {entry["source"]: entry["new_articles"] for entry in summary} == dict.fromkeys(kinds, 1)
        listed = json.loads(run_newsmon("articles", "--json", config=config, check=True).stdout)
        assert {entry["source"]: entry["url"] for entry in listed} == {
            name: f"{outlets[name].url}/articles/{stories[name]}" for name in kinds
        }
    finally:
        for server in outlets.values():
            server.stop()


@pytest.mark.postgres
def test_crawl_on_postgresql(outlet: OutletServer, tmp_path: Path, postgres_url: str) -> None:
    for name in ("kursk-casualties.html", "grain-exports.html", "wire-grain-exports.html", "video-launch.html"):
        outlet.copy_fixture(name)
    config = write_config(tmp_path, [{"name": "pg", "feeds": [f"{outlet.url}/feed.xml"]}], database_url=postgres_url)
    code, summary, stderr = crawl_json(config)
    assert code == 0, stderr
    assert (summary[0]["new_articles"], summary[0]["duplicates"], summary[0]["skipped"]) == (2, 1, 1)
    outlet.reset()
    code, summary, stderr = crawl_json(config)
    assert code == 0, stderr
    assert outlet.article_requests() == 0 and summary[0]["not_modified"] == 1
    listed = json.loads(run_newsmon("articles", "--json", config=config, check=True).stdout)
    assert [entry["title"] for entry in listed] == [
        "About 1,100 North Korean Soldiers Killed or Wounded in Kursk, Seoul Lawmaker Says",
        "Ukraine ships record 4.2 million tons of grain in December"
        if listed[1]["url"].endswith("wire-grain-exports.html")
        else "Ukraine's December grain exports through Odesa ports hit wartime record of 4.2 million tons",
    ]


def test_a_source_that_fails_entirely_exits_1(outlet: OutletServer, tmp_path: Path) -> None:
    outlet.copy_fixture("kursk-casualties.html")
    config = write_config(tmp_path, [
        {"name": "good", "feeds": [f"{outlet.url}/feed.xml"]},
        {"name": "broken", "feeds": [f"{outlet.url}/_/error500", f"{outlet.url}/_/not-xml-feed"]},
    ])
    result = run_newsmon("crawl", config=config, timeout=180)
    assert result.returncode == 1
    assert "crawl failed for broken" in result.stderr
    assert "good" in result.stdout and "broken" in result.stdout  # the summary table
    # Plain progress lines, as stderr is not a terminal here.
    assert "good: ok: pages 2, new 1" in result.stderr


def test_unknown_source_is_a_usage_error(tmp_path: Path) -> None:
    config = write_config(tmp_path, [{"name": "one", "feeds": ["http://127.0.0.1:9/feed.xml"]}])
    result = run_newsmon("crawl", "two", config=config)
    assert result.returncode == 2 and "no source named 'two'" in result.stderr


def test_extract_a_file_stdin_and_url(outlet: OutletServer, tmp_path: Path) -> None:
    page = FIXTURES / "articles" / "kursk-casualties.html"
    config = write_config(tmp_path, [{"name": "one", "feeds": ["http://127.0.0.1:9/feed.xml"]}])
    from_file = json.loads(run_newsmon("extract", str(page), "--json", config=config, check=True).stdout)
    assert set(from_file) >= {"url", "title", "author", "published", "language", "text", "content_hash", "figures"}
    assert from_file["author"] == "Anna Volkova" and from_file["published"] == "2025-01-14T06:30:00Z"
    assert "Sign up now" not in from_file["text"]
    from_stdin = json.loads(run_newsmon("extract", "-", "--json", config=config, check=True,
                                        input=page.read_text(encoding="utf-8")).stdout)
    assert from_stdin["content_hash"] == from_file["content_hash"]
    url = outlet.copy_fixture("amp-wildfire.html")
    from_url = json.loads(run_newsmon("extract", url + "?utm_source=x", "--json", config=config, check=True).stdout)
    assert from_url["url"] == f"{outlet.url}/news/2025/01/15/wildfire-los-angeles-5000-acres.html"
    assert outlet.stats().get("/articles/amp-wildfire.html") == 1
    skipped = run_newsmon("extract", str(FIXTURES / "articles" / "video-launch.html"), config=config)
    assert skipped.returncode == 1 and "video page with no text" in skipped.stderr


def test_articles_filters(outlet: OutletServer, tmp_path: Path) -> None:
    for name in ("kursk-casualties.html", "kelantan-floods.html", "grain-exports.html"):
        outlet.copy_fixture(name)
    config = write_config(tmp_path, [{"name": "fx", "feeds": [f"{outlet.url}/feed.xml"]},
                                     {"name": "other", "feeds": [f"{outlet.url}/atom.xml"]}])
    assert run_newsmon("crawl", "fx", config=config, timeout=180).returncode == 0
    listed = json.loads(run_newsmon("articles", "--json", config=config, check=True).stdout)
    assert [entry["published"] for entry in listed] == [
        "2025-01-14T06:30:00Z", "2025-01-13T06:20:00Z", "2025-01-09T14:05:00Z",
    ]
    first = listed[0]
    assert set(first) >= {"url", "source", "title", "author", "published", "language", "content_hash", "text",
                          "cluster", "versions"}
    assert first["source"] == "fx" and first["versions"] == 1 and isinstance(first["cluster"], int)
    since = json.loads(run_newsmon("articles", "--json", "--since", "2025-01-13", config=config, check=True).stdout)
    assert len(since) == 2
    limited = json.loads(run_newsmon("articles", "--json", "--limit", "1", config=config, check=True).stdout)
    assert [entry["url"] for entry in limited] == [first["url"]]
    assert json.loads(run_newsmon("articles", "--json", "--source", "other", config=config, check=True).stdout) == []
    text = run_newsmon("articles", config=config, check=True).stdout
    assert "About 1,100 North Korean Soldiers" in text
    bad = run_newsmon("articles", "--since", "yesterday-ish", config=config)
    assert bad.returncode == 2


def test_links_beyond_max_articles_per_run_are_fetched_by_the_next_run(outlet: OutletServer, tmp_path: Path) -> None:
    for name in ("kursk-casualties.html", "kelantan-floods.html", "grain-exports.html", "amp-wildfire.html"):
        outlet.copy_fixture(name)
    config = write_config(tmp_path, [{"name": "fx", "feeds": [f"{outlet.url}/feed.xml"]}],
                          crawl={"max_articles_per_run": 3})
    code, [first], stderr = crawl_json(config)
    assert code == 0, stderr
    assert first["new_articles"] == 3 and first["article_requests"] == 3
    stats = outlet.stats()
    # Newest first: the oldest story (Jan. 9) waits for the next run.
    assert "/articles/grain-exports.html" not in stats and stats["/articles/amp-wildfire.html"] == 1
    code, [second], stderr = crawl_json(config)
    assert code == 0, stderr
    assert second["new_articles"] == 1 and second["not_modified"] == 0  # the feed was read in full again
    code, [third], stderr = crawl_json(config)
    assert code == 0, stderr
    assert third["article_requests"] == 0 and third["not_modified"] == 1


def test_a_page_robots_txt_disallows_is_never_requested(outlet: OutletServer, tmp_path: Path) -> None:
    outlet.copy_fixture("kursk-casualties.html")
    secret = outlet.copy_fixture("grain-exports.html", "secret-briefing.html")
    # The group naming newsmon's user agent applies, not the catch-all one.
    (outlet.root / "robots.txt").write_text(
        "User-agent: *\nDisallow: /private/\n\nUser-agent: newsmon\nDisallow: /articles/secret-briefing.html\n"
    )
    config = write_config(tmp_path, [{"name": "fx", "feeds": [f"{outlet.url}/feed.xml"]}])
    result = run_newsmon("crawl", "--json", "--problems", config=config, timeout=180)
    assert result.returncode == 0, result.stderr
    [run] = json.loads(result.stdout)
    stats = outlet.stats()
    assert "/articles/secret-briefing.html" not in stats and stats.get("/articles/kursk-casualties.html") == 1
    assert stats.get("/robots.txt") == 1  # read once for the whole crawl
    assert (run["new_articles"], run["skipped"], run["errors"], run["article_requests"]) == (1, 1, 0, 1)
    assert run["problems"] == [{"kind": "skipped", "url": secret, "reason": "disallowed by robots.txt"}]
    engine = connect(f"sqlite:///{tmp_path / 'data' / 'newsmon.db'}")
    with session_scope(engine) as session:
        assert session.scalar(select(Article).where(Article.url == secret)) is None
        problem = session.scalar(select(CrawlProblem).where(CrawlProblem.url == secret))
        assert problem is not None and problem.run_id == run["run_id"] and problem.kind == "skipped"
    engine.dispose()


def test_plain_progress_when_stderr_is_not_a_terminal(outlet: OutletServer, tmp_path: Path) -> None:
    for name in ("kursk-casualties.html", "kelantan-floods.html", "video-launch.html"):
        outlet.copy_fixture(name)
    # Two sources crawled at once, each denied the other's pages, so that their counts are exact.
    config = write_config(
        tmp_path,
        [{"name": "rss", "feeds": [f"{outlet.url}/feed.xml"], "deny": ["kelantan", "video"]},
         {"name": "news-sitemap", "sitemaps": [f"{outlet.url}/news-sitemap.xml"], "deny": ["kursk"]}],
        crawl={"max_parallel": 2},
    )
    result = run_newsmon("crawl", config=config, timeout=180)
    assert result.returncode == 0, result.stderr
    assert "\x1b[" not in result.stderr and "\r" not in result.stderr  # no live display, no colours
    lines = result.stderr.splitlines()
    finals = {
        "rss": "rss: ok: pages 2, new 1, duplicates 0, skipped 0, errors 0, revisited 0, updated 0",
        "news-sitemap": "news-sitemap: ok: pages 3, new 1, duplicates 0, skipped 1, errors 0, revisited 0, "
                        "updated 0",
    }
    for source, final in finals.items():
        # A line as it starts (and every few seconds while it runs), then one with its final counts.
        mine = [line for line in lines if line.startswith(f"{source}: ")]
        assert len(mine) >= 2 and mine[-1] == final, lines
        assert all(re.fullmatch(rf"{source}: running: pages \d+, new \d+, duplicates \d+, skipped \d+, "
                                r"errors \d+, revisited \d+, updated \d+", line) for line in mine[:-1]), lines
    # The summary table on stdout: a row per source, whole (not squeezed into 80 columns).
    rows = {cells[0]: cells[1:] for line in result.stdout.splitlines() if "│" in line
            for cells in [[cell.strip() for cell in line.strip("│ ").split("│")]]}
    assert rows["news-sitemap"] == ["ok", "3", "1", "0", "1", "0", "0", "0", "0"], rows
    assert rows["rss"] == ["ok", "2", "1", "0", "0", "0", "0", "0", "0"], rows
