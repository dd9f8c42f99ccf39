"""Item pipelines: extract each fetched page, then store it — in one transaction per page.

ExtractPipeline runs the pure extraction (crawler/extraction.py). StorePipeline writes the outcome:
an article goes through storage.ingest.store_article (article, URL aliases, cluster, figures,
ledger, flags, alert outbox), and the run's counts move in the same transaction, so a crash
between pages never leaves an article without its count or a count without its article. A page
that is not an article is recorded as a skip with its reason, its URL marked so it is never
fetched again; a broken page (empty, binary) as an error, retried on a later run.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from crawler.extraction import ExtractedArticle, Skipped, extract_article
from crawler.hashing import content_hash, simhash
from crawler.items import PageItem
from crawler.urls import resolve_canonical
from newsmon.config import load_settings
from storage import crawlstate
from storage.db import connect, session_scope

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from sqlalchemy import Engine

    from newsmon.config import Settings

log = logging.getLogger(__name__)

_TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")


class ExtractPipeline:
    """Extraction runs in the reactor's thread pool: a page that takes long to parse must not
    stall the downloads in flight (their timeouts keep ticking while the reactor is blocked)."""

    async def process_item(self, item: PageItem) -> PageItem:
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet.threads import deferToThread

        item.result = await maybe_deferred_to_future(deferToThread(extract_page, item))
        return item


def extract_page(item: PageItem) -> ExtractedArticle | Skipped:
    if item.content_type and not item.content_type.startswith(_TEXT_TYPES) and item.body.strip():
        return Skipped(f"not an HTML page ({item.content_type})")
    return extract_article(item.body, item.response_url, item.declared_encoding)


class StorePipeline:
    def __init__(self, crawler: Crawler, config_path: str | None) -> None:
        self.crawler = crawler
        self.config_path = config_path
        self.settings: Settings | None = None
        self.engine: Engine | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler, crawler.settings.get("NEWSMON_CONFIG") or None)

    def open_spider(self) -> None:
        self.settings = load_settings(self.config_path)
        self.engine = connect(self.settings.database_url)

    def close_spider(self) -> None:
        if self.engine is not None:
            self.engine.dispose()
            self.engine = None

    def process_item(self, item: PageItem) -> PageItem:
        assert self.engine is not None and self.settings is not None, "open_spider was not called"
        book = self.crawler.spider.book  # type: ignore[union-attr]
        result = item.result
        if result is None:
            result = extract_page(item)
        if isinstance(result, Skipped):
            self._record_skip(book.run_id, book.source_id, item, result)
            return item
        try:
            status = self._store(book.run_id, item, result)
        except Exception as exc:  # a storage failure loses this page only, never the crawl
            log.exception("storing %s failed", item.fetched_url)
            self._record_skip(book.run_id, book.source_id, item,
                              Skipped(f"could not store: {type(exc).__name__}: {exc}"[:300], "error"))
            return item
        log.debug("%s %s", status, item.fetched_url)
        return item

    def _store(self, run_id: int, item: PageItem, article: ExtractedArticle) -> str:
        from storage.ingest import NewArticle, store_article

        assert self.engine is not None and self.settings is not None
        new = NewArticle(
            url=resolve_canonical(item.response_url, article.canonical_url),
            fetched_url=item.fetched_url,
            source=item.source,
            title=article.title,
            author=article.author,
            published=article.published or item.listed_published,
            language=article.language,
            text=article.text,
            content_hash=content_hash(article.text),
            simhash=simhash(article.text),
        )
        with session_scope(self.engine) as session:
            result = store_article(session, self.settings, new)
            stored = result.status in ("stored", "updated")
            crawlstate.add_counts(
                session, run_id, pages_fetched=1, article_requests=1,
                new_articles=int(stored), duplicates=int(not stored),
            )
        return result.status

    def _record_skip(self, run_id: int, source_id: int, item: PageItem, skipped: Skipped) -> None:
        assert self.engine is not None
        with session_scope(self.engine) as session:
            crawlstate.add_counts(session, run_id, pages_fetched=1, article_requests=1)
            crawlstate.record_problem(session, run_id, item.fetched_url, skipped.kind, skipped.reason)
            status = "skipped" if skipped.kind == "skipped" else "error"
            crawlstate.mark_url(session, item.fetched_url, source_id, status, reason=skipped.reason,
                                http_status=item.http_status)
