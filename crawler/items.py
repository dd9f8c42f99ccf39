"""What the spider hands to the pipelines: one fetched article page, then what extraction made of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the crawl process itself never needs trafilatura loaded: workers extract
    from crawler.extraction import ExtractedArticle, Skipped
    from figures import Figure


@dataclass(slots=True)
class PageItem:
    """An article page as fetched. `fetched_url` is the canonical form of the URL requested (the
    one the known-URL check used); `response_url` is where the server finally answered."""

    source: str
    fetched_url: str
    response_url: str
    body: bytes
    http_status: int
    declared_encoding: str | None = None  # the Content-Type header's charset, which may lie
    content_type: str | None = None  # e.g. 'text/html'
    found_via: str = ""  # the feed, sitemap or section page that listed it
    listed_published: datetime | None = None  # the listing's date for it, naive UTC
    listed_changed: datetime | None = None  # the listing's last-changed date for it, naive UTC
    revisit: bool = False  # a stored page fetched again because its listing dates an edit
    result: PreparedArticle | Skipped | None = None  # set by ExtractPipeline


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """An extracted article with what storing it needs, computed beside the extraction in a
    worker process (pure functions of the text), so the store thread only writes."""

    article: ExtractedArticle
    published: datetime | None  # the page's date, else the listing's
    content_hash: str
    simhash: int | None
    figures: list[Figure]
    watches: list[str]  # names of the watches the article matches
