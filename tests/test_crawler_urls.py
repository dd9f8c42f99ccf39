"""Canonical URLs and the parsing of feeds, news sitemaps and section pages."""

from __future__ import annotations

from datetime import datetime

import pytest

from crawler.listings import allowed_by, parse_feed, parse_sitemap, section_links
from crawler.urls import canonical_url, looks_like_article, resolve_canonical, same_site


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.Example.com/news/a-b-c?utm_source=rss&utm_medium=feed", "https://www.example.com/news/a-b-c"),
        ("https://example.com/a?fbclid=IwAR0x&id=7#comments", "https://example.com/a?id=7"),
        ("https://example.com/a?gclid=1&mc_cid=2&b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("http://example.com:80/story.html#top", "http://example.com/story.html"),
        ("  https://example.com/story  ", "https://example.com/story"),
        ("mailto:desk@example.com", None),
        ("javascript:void(0)", None),
        ("", None),
    ],
)
def test_canonical_url(url: str, expected: str | None) -> None:
    assert canonical_url(url) == expected


def test_relative_links_resolve_against_their_page() -> None:
    assert canonical_url("../world/kursk-toll.html?utm_campaign=x", base="http://127.0.0.1:9000/news/a.html") == (
        "http://127.0.0.1:9000/world/kursk-toll.html"
    )


def test_rel_canonical_is_honoured_on_the_same_site_only() -> None:
    fetched = "https://www.example.com/amp/wildfire?utm_source=x"
    assert resolve_canonical(fetched, "/news/wildfire") == "https://www.example.com/news/wildfire"
    assert resolve_canonical(fetched, "https://news.example.com/wildfire") == "https://news.example.com/wildfire"
    assert resolve_canonical(fetched, "https://other-outlet.org/wildfire") == "https://www.example.com/amp/wildfire"
    assert resolve_canonical(fetched, None) == "https://www.example.com/amp/wildfire"
    assert same_site("https://www.example.com/a", "https://example.com/b")
    assert not same_site("https://example.com/a", "https://example.org/a")


def test_article_like_urls() -> None:
    assert looks_like_article("https://example.com/2025/01/13/north-korean-troops-killed")
    assert looks_like_article("https://example.com/news/article/20250113000451")
    assert not looks_like_article("https://example.com/")
    assert not looks_like_article("https://example.com/section/world/")
    assert not looks_like_article("https://example.com/tags/asia")


RSS = b"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>T</title>
<item><title>One</title><link>https://example.com/news/one-two-three?utm_source=rss</link>
<pubDate>Mon, 13 Jan 2025 08:00:00 +0300</pubDate></item>
<item><title>Two</title><guid isPermaLink="true">https://example.com/news/four-five-six</guid></item>
</channel></rss>"""
ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><title>A</title><link href="/news/atom-entry-one"/><id>tag:1</id><updated>2025-01-14T10:00:00Z</updated></entry>
</feed>"""


def test_rss_feed() -> None:
    listing = parse_feed(RSS, "https://example.com/rss")
    assert listing.problem is None
    assert [link.url for link in listing.links] == [
        "https://example.com/news/one-two-three?utm_source=rss", "https://example.com/news/four-five-six",
    ]
    assert listing.links[0].published == datetime(2025, 1, 13, 5, 0)


def test_atom_feed_with_relative_links() -> None:
    listing = parse_feed(ATOM, "https://example.com/atom.xml", "application/atom+xml")
    assert listing.problem is None
    assert [(link.url, link.published) for link in listing.links] == [
        ("https://example.com/news/atom-entry-one", datetime(2025, 1, 14, 10, 0)),
    ]


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"<!doctype html><html><body><p>We moved!</p></body></html>", "feed is not XML"),
        (RSS[:260], "feed is cut off or malformed"),
        (b"", "feed is empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "feed is not XML"),
    ],
)
def test_broken_feeds_are_reported(body: bytes, problem: str) -> None:
    listing = parse_feed(body, "https://example.com/rss")
    assert listing.problem is not None and listing.problem.startswith(problem), listing.problem


def test_cut_off_feed_still_gives_its_whole_entries() -> None:
    cut = RSS[: RSS.index(b"<item><title>Two")] + b"<item><title>Tw"
    listing = parse_feed(cut, "https://example.com/rss")
    assert listing.problem and "cut off" in listing.problem
    assert [link.url for link in listing.links][:1] == ["https://example.com/news/one-two-three?utm_source=rss"]


NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://example.com/news/a-b-c</loc><lastmod>2025-01-13T10:00:00+08:00</lastmod></url>
<url><loc>https://example.com/news/d-e-f</loc><news:news><news:publication_date>2025-01-12</news:publication_date></news:news></url>
</urlset>"""


def test_news_sitemap_with_dates() -> None:
    listing = parse_sitemap(NEWS_SITEMAP)
    assert listing.problem is None
    assert [(link.url, link.published) for link in listing.links] == [
        ("https://example.com/news/a-b-c", datetime(2025, 1, 13, 2, 0)),
        ("https://example.com/news/d-e-f", datetime(2025, 1, 12, 0, 0)),
    ]


def test_sitemap_index_and_broken_sitemaps() -> None:
    index = parse_sitemap(b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                          b"<sitemap><loc>https://example.com/s1.xml</loc></sitemap></sitemapindex>")
    assert index.children == ["https://example.com/s1.xml"] and not index.links
    assert parse_sitemap(b"<html><body>x</body></html>").problem == "sitemap is not XML (an HTML page)"
    cut = parse_sitemap(NEWS_SITEMAP[: NEWS_SITEMAP.index(b"d-e-f")])
    assert cut.problem and cut.problem.startswith("sitemap is cut off")
    assert [link.url for link in cut.links] == ["https://example.com/news/a-b-c"]


SECTION = b"""<html><body><nav><a href="/">Home</a><a href="/section/world/">World</a><a href="/about">About</a></nav>
<a href="/news/2025/01/13/troops-killed-in-kursk">Troops</a>
<a href="/news/2025/01/13/troops-killed-in-kursk#comments">Troops again</a>
<a href="/video/2025/01/13/missile-launch-footage">Video</a>
<a href="https://other.org/news/some-other-story">Elsewhere</a></body></html>"""


def test_section_page_links() -> None:
    found = section_links(SECTION, "https://example.com/section/world/")
    assert [link.url for link in found.links] == [
        "https://example.com/news/2025/01/13/troops-killed-in-kursk",
        "https://example.com/video/2025/01/13/missile-launch-footage",
    ]
    denied = [link.url for link in found.links if allowed_by(link.url, (r"/video/",))]
    assert denied == ["https://example.com/news/2025/01/13/troops-killed-in-kursk"]
    allowed = section_links(SECTION, "https://example.com/section/world/", allow=(r"/about$",))
    assert [link.url for link in allowed.links] == ["https://example.com/about"]
