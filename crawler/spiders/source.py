"""The one spider: crawls one source of the config — its feeds, news sitemaps and section pages.

    python -m scrapy crawl source -a source=NAME [-a run_id=N] -s NEWSMON_CONFIG=PATH

Listings are fetched with conditional requests (ETag / Last-Modified from the previous run); a 304
costs one small request and nothing more. Every article link is canonicalised, and links already
stored (or skipped, or given up on) are dropped before any request is made, in one query per
listing — unless the listing dates a change to a stored page after we fetched it, and its article
is younger than [crawl] revisit: that page is fetched again to catch an edit (crawler/revisit.py).
New links are requested newest first, then the revisits, up to [crawl] max_articles_per_run. The
page itself goes to the pipelines (crawler/pipelines.py): extraction, then storing.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy.http import Request, Response

from crawler import signals
from crawler.addon import newsmon_settings
from crawler.failures import describe_failure
from crawler.items import PageItem
from crawler.listings import Link, Listing, allowed_by, parse_feed, parse_sitemap, section_links
from crawler.revisit import dates_tell_edits
from crawler.runbook import RunBook
from crawler.urls import canonical_url
from storage.crawlstate import Validators

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from twisted.python.failure import Failure

    from newsmon.config import Settings, SourceSettings

log = logging.getLogger(__name__)

LISTING_PRIORITY = 100  # listings first: they decide what else to fetch
MAX_CHILD_SITEMAPS = 50
CLOSE_STATUS = {"finished": "ok", "closespider_timeout": "timeout", "shutdown": "killed"}
SCHEDULED = datetime.max  # in `seen`: the URL is requested (or dropped) this run, whatever its date


class SourceSpider(scrapy.Spider):
    name = "source"

    settings_: Settings
    source_settings: SourceSettings
    book: RunBook
    max_articles: int  # set in from_crawler
    revisit_window: timedelta  # set in from_crawler

    def __init__(
        self,
        source: str = "",
        run_id: str | int | None = None,
        trigger: str = "manual",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if not source:
            raise ValueError("which source? use -a source=NAME")
        self.source_name = source
        self.given_run_id = int(run_id) if run_id not in (None, "") else None
        self.trigger = trigger
        # Canonical article URLs met this run -> the latest listed date already weighed for a revisit
        # (SCHEDULED once requested or dropped): a later listing may still date a change.
        self.seen: dict[str, datetime | None] = {}
        self.articles_scheduled = 0
        self.listings_ok = 0
        self.listings_failed = 0
        self.left_for_next_run = 0
        self.last_listing_capped = False
        self.pending_validators: dict[str, tuple[str, int, Validators]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SourceSpider:
        spider: SourceSpider = super().from_crawler(crawler, *args, **kwargs)
        spider.settings_ = newsmon_settings(crawler.settings)
        try:
            spider.source_settings = spider.settings_.source(spider.source_name)
        except KeyError:
            known = ", ".join(source.name for source in spider.settings_.sources) or "none"
            raise ValueError(
                f"no source named {spider.source_name!r} in the config (known: {known})"
            ) from None
        # The spider exists before the add-on's settings are applied: read the config directly
        # (a `-s NEWSMON_MAX_ARTICLES=N` on the command line still wins).
        spider.max_articles = (
            crawler.settings.getint("NEWSMON_MAX_ARTICLES")
            or spider.settings_.crawl.max_articles_per_run
        )
        spider.revisit_window = timedelta(seconds=spider.settings_.crawl.revisit)
        spider.book = RunBook.open(
            spider.settings_.database_url, spider.source_name, spider.given_run_id, spider.trigger
        )
        return spider

    @property
    def run_id(self) -> int:
        return self.book.run_id

    # ------------------------------------------------------------------------- listings

    async def start(self) -> AsyncIterator[Request]:
        source = self.source_settings
        for kind, urls in (
            ("feed", source.feeds),
            ("sitemap", source.sitemaps),
            ("page", source.pages),
        ):
            for url in urls:
                yield self.listing_request(url, kind)
        # Pages that failed on an earlier run get another chance (their listing may be a 304 now).
        retry = Listing(links=[Link(url) for url in self.book.urls_to_retry(self.max_articles)])
        for request in self.article_requests(retry, "retry"):
            yield request

    def listing_request(self, url: str, kind: str, depth: int = 0) -> Request:
        headers = {}
        validators = self.book.validators(url)
        if validators is not None:
            if validators.etag:
                headers["If-None-Match"] = validators.etag
            if validators.last_modified:
                headers["If-Modified-Since"] = validators.last_modified
        return Request(
            url,
            callback=self.parse_listing,
            errback=self.listing_failed,
            headers=headers,
            priority=LISTING_PRIORITY,
            dont_filter=True,
            meta={
                "newsmon_kind": kind,
                "newsmon_url": url,
                "handle_httpstatus_list": [304],
                "sitemap_depth": depth,
            },
        )

    def parse_listing(self, response: Response) -> Iterator[Request]:
        kind = response.meta["newsmon_kind"]
        url = response.meta["newsmon_url"]
        if response.status == 304:
            self.listings_ok += 1
            self.book.listing_fetched(url, kind, 304, None, None)
            return
        if kind == "feed":
            listing = parse_feed(response.body, response.url, _header(response, b"Content-Type"))
        elif kind == "sitemap":
            listing = parse_sitemap(response.body)
        else:
            source = self.source_settings
            listing = section_links(response.body, response.url, source.allow)
        requests = list(self.article_requests(listing, url))
        # A listing that was broken, or whose new links did not all fit in this run, must be read
        # in full next time: keeping its validators would turn it into a 304 that hides them.
        keep = not listing.problem and not self.last_listing_capped
        # Validators are kept only once the run has ended well: a crawl cut short (killed, timed
        # out, crashed) must read this listing in full next time, or the links it did not reach
        # would hide behind a 304. Until then the listing's old validators are forgotten.
        self.book.listing_fetched(url, kind, response.status, None, listing.problem)
        if keep:
            validators = Validators(_header(response, b"ETag"), _header(response, b"Last-Modified"))
            self.pending_validators[url] = (kind, response.status, validators)
        if listing.problem:
            self.listings_failed += 1
            log.warning("%s %s: %s", kind, url, listing.problem)
        else:
            self.listings_ok += 1
        depth = response.meta.get("sitemap_depth", 0)
        if depth < 1:
            for child in listing.children[:MAX_CHILD_SITEMAPS]:
                yield self.listing_request(child, "sitemap", depth + 1)
        yield from requests

    def listing_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        kind = request.meta["newsmon_kind"]
        described = describe_failure(failure, self.crawler.settings)
        self.listings_failed += 1
        log.warning("%s %s: %s", kind, request.url, described.reason)
        self.book.listing_failed(
            request.meta["newsmon_url"], f"{kind}: {described.reason}", described.fetched
        )

    # ------------------------------------------------------------------------- articles

    def article_requests(self, listing: Listing, found_via: str) -> Iterator[Request]:
        self.last_listing_capped = False
        edits_dated = dates_tell_edits(listing.links)
        links: list[Link] = []
        for link in listing.links:
            url = canonical_url(link.url, base=found_via)
            if not url:
                continue
            changed = link.last_changed if edits_dated else None
            if url in self.seen and not _later(changed, self.seen[url]):
                continue
            if not allowed_by(url, self.source_settings.deny):
                self.seen[url] = SCHEDULED
                continue
            self.seen[url] = changed
            # From here on a link's `updated` is the date weighed for a revisit (None: no usable date).
            links.append(Link(url, link.published, changed))
        if not links:
            return
        known = self.book.known(link.url for link in links)
        fresh = [link for link in links if link.url not in known]
        fresh.sort(key=lambda link: link.published or datetime.min, reverse=True)
        due = self.book.due_for_revisit(
            {link.url: link.updated for link in links if link.url in known and link.updated},
            self.revisit_window,
        )
        revisits = sorted(
            (link for link in links if link.url in due),
            key=lambda link: link.updated or datetime.min,
            reverse=True,
        )
        wanted = [(link, False) for link in fresh] + [(link, True) for link in revisits]
        room = max(self.max_articles - self.articles_scheduled, 0)
        if len(wanted) > room:
            self.left_for_next_run += len(wanted) - room
            self.last_listing_capped = True
            wanted = wanted[:room]
        if wanted:
            self.crawler.signals.send_catch_log(signals.articles_scheduled)
        for link, revisit in wanted:
            self.seen[link.url] = SCHEDULED
            self.articles_scheduled += 1
            yield Request(
                link.url,
                callback=self.parse_article,
                errback=self.article_failed,
                dont_filter=True,
                meta={
                    "newsmon_kind": "article",
                    "newsmon_url": link.url,
                    "found_via": found_via,
                    "listed_published": link.published,
                    "listed_changed": link.updated,
                    "newsmon_revisit": revisit,
                },
            )

    def parse_article(self, response: Response) -> Iterator[PageItem]:
        content_type = _header(response, b"Content-Type") or ""
        match = re.search(r"charset=([\w.:-]+)", content_type, re.I)
        yield PageItem(
            source=self.source_name,
            fetched_url=response.meta["newsmon_url"],
            response_url=response.url,
            body=response.body,
            http_status=response.status,
            declared_encoding=match.group(1) if match else None,
            content_type=content_type.split(";")[0].strip().lower() or None,
            found_via=response.meta.get("found_via", ""),
            listed_published=response.meta.get("listed_published"),
            listed_changed=response.meta.get("listed_changed"),
            revisit=bool(response.meta.get("newsmon_revisit")),
        )

    def article_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        described = describe_failure(failure, self.crawler.settings)
        if described.kind == "ignore":
            return
        log.info("article %s: %s", request.url, described.reason)
        if request.meta.get("newsmon_revisit"):
            self.book.revisit_failed(
                request.meta["newsmon_url"],
                described.kind,
                described.reason,
                described.fetched,
                described.requested,
                request.meta.get("listed_changed"),
            )
            return
        self.book.article_failed(
            request.meta["newsmon_url"],
            described.kind,
            described.reason,
            described.fetched,
            described.requested,
            described.http_status,
        )

    # ------------------------------------------------------------------------- end

    def closed(self, reason: str) -> None:
        status = CLOSE_STATUS.get(reason, "failed")
        error = None
        if status == "ok" and self.listings_ok == 0 and self.listings_failed:
            status, error = "failed", "every listing of the source failed"
        if self.left_for_next_run:
            log.info(
                "%s: %d new links left for the next run (max_articles_per_run)",
                self.source_name,
                self.left_for_next_run,
            )
        if status == "ok":
            self.book.keep_validators(self.pending_validators)
        self.book.finish(
            status, error if error else (None if status == "ok" else f"closed: {reason}")
        )


def _later(changed: datetime | None, weighed: datetime | None) -> bool:
    """Whether a listing's date for a URL met before is later than the one already weighed."""
    return changed is not None and (weighed is None or changed > weighed)


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
