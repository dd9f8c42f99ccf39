"""Item pipelines: extract each fetched page, then store it — in one transaction per page.

ExtractPipeline runs the pure extraction (crawler/extraction.py) in a pool of worker processes
(NEWSMON_EXTRACT_WORKERS; default: one fewer than the CPUs, at least one), so that parsing, the
costliest step, runs beside the downloads and the database writes instead of between them; with
0 workers it runs in the reactor's thread pool. StorePipeline writes the outcome:
an article goes through storage.ingest.store_article (article, URL aliases, cluster, figures,
ledger, flags, alert outbox), and the run's counts move in the same transaction, so a crash
between pages never leaves an article without its count or a count without its article. A page
that is not an article is recorded as a skip with its reason, its URL marked so it is never
fetched again; a broken page (empty, binary) as an error, retried on a later run.

A revisit (a stored page fetched again, see crawler/revisit.py) whose text hashes as before
changes nothing but the URL's fetch time; a changed text goes through store_article, which keeps
the old text as a version and judges the new figures. A revisit that finds no article any more
is recorded, and the stored article stays as it was.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

from crawler import signals
from crawler.addon import newsmon_settings
from crawler.items import PageItem, PreparedArticle
from crawler.prepare import extract_page, warm_up
from crawler.urls import resolve_canonical
from storage import crawlstate
from storage.db import connect, session_scope
from storage.ingest import StoryIndex

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from sqlalchemy import Engine

    from crawler.extraction import Skipped
    from newsmon.config import Settings, WatchSettings

log = logging.getLogger(__name__)



class ExtractPipeline:
    """Extraction never runs on the reactor's thread: a page that takes long to parse must not
    stall the downloads in flight (their timeouts keep ticking while the reactor is blocked)."""

    def __init__(self, workers: int, watches: tuple[WatchSettings, ...]) -> None:
        self.workers = workers
        self.watches = watches
        self.pool: ProcessPoolExecutor | None = None
        self.started = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        default = min(max((os.cpu_count() or 1) - 1, 1), 2)
        watches = newsmon_settings(crawler.settings).watches
        pipeline = cls(crawler.settings.getint("NEWSMON_EXTRACT_WORKERS", default), watches)
        crawler.signals.connect(pipeline.articles_scheduled, signal=signals.articles_scheduled)
        return pipeline

    def articles_scheduled(self) -> None:
        if self.workers > 0 and not self.started:
            self._start_pool()

    def _start_pool(self) -> None:
        """Started when a listing schedules the first article request, not at spider open: a
        crawl whose feeds answer 304 should not pay for worker processes importing
        trafilatura. Pages that arrive while the workers start wait in the pool's queue:
        extracting them here instead would load trafilatura into the crawl process, whose one
        core runs the downloads and the writes."""
        # 'spawn': never fork a process that runs a reactor and threads.
        self.pool = ProcessPoolExecutor(
            self.workers, mp_context=multiprocessing.get_context("spawn"), initializer=warm_up
        )
        self.started = True

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    async def process_item(self, item: PageItem) -> PageItem:
        arguments = (
            item.body,
            item.response_url,
            item.declared_encoding,
            item.content_type,
            item.listed_published,
            self.watches,
        )
        if self.workers > 0 and not self.started:
            self._start_pool()
        if self.pool is not None:
            try:
                item.result = await asyncio.get_running_loop().run_in_executor(
                    self.pool, extract_page, *arguments
                )
                return item
            except BrokenProcessPool:  # a worker died (out of memory?): carry on in this process
                log.error(
                    "the extraction workers died; extracting in the crawl process from now on"
                )
                self.pool = None
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet.threads import deferToThread

        item.result = await maybe_deferred_to_future(deferToThread(extract_page, *arguments))
        return item


class StorePipeline:
    """Database writes run on one thread of their own, in order: a slow commit (a busy SQLite file,
    a distant PostgreSQL) must not stall the reactor and time out the downloads in flight."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.settings: Settings | None = None
        self.engine: Engine | None = None
        self.writer: ThreadPoolExecutor | None = None
        self.stories = StoryIndex()  # recent fingerprints, read once per crawl (see storage.ingest)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.settings = newsmon_settings(self.crawler.settings)
        self.engine = connect(self.settings.database_url)
        self.writer = ThreadPoolExecutor(1, thread_name_prefix="newsmon-store")

    def close_spider(self) -> None:
        if self.writer is not None:
            self.writer.shutdown(wait=True)
            self.writer = None
        if self.engine is not None:
            self.engine.dispose()
            self.engine = None

    async def process_item(self, item: PageItem) -> PageItem:
        assert self.writer is not None, "open_spider was not called"
        book = self.crawler.spider.book  # type: ignore[union-attr]
        return await asyncio.get_running_loop().run_in_executor(
            self.writer, self.store_item, item, book
        )

    def store_item(self, item: PageItem, book: Any) -> PageItem:
        """Store one extracted page (or record why not), in one transaction. Runs on the writer thread."""
        assert self.engine is not None and self.settings is not None, "open_spider was not called"
        from crawler.extraction import Skipped

        result = item.result
        if result is None:  # ExtractPipeline runs first (crawler/settings.py): this is a wiring bug
            raise RuntimeError("StorePipeline got a page that ExtractPipeline did not extract")
        if isinstance(result, Skipped):
            if item.revisit:
                self._record_revisit_skip(book.run_id, item, result)
            else:
                self._record_skip(book.run_id, book.source_id, item, result)
            return item
        try:
            status = self._store(book.run_id, item, result)
        except Exception as exc:  # a storage failure loses this page only, never the crawl
            log.exception("storing %s failed", item.fetched_url)
            self._record_skip(
                book.run_id,
                book.source_id,
                item,
                Skipped(f"could not store: {type(exc).__name__}: {exc}"[:300], "error"),
            )
            return item
        log.debug("%s %s", status, item.fetched_url)
        return item

    def _store(self, run_id: int, item: PageItem, prepared: PreparedArticle) -> str:
        from storage.ingest import NewArticle, store_article

        assert self.engine is not None and self.settings is not None
        article = prepared.article
        new = NewArticle(
            url=resolve_canonical(item.response_url, article.canonical_url),
            fetched_url=item.fetched_url,
            source=item.source,
            title=article.title,
            author=article.author,
            published=prepared.published,
            language=article.language,
            text=article.text,
            content_hash=prepared.content_hash,
            simhash=prepared.simhash,
            figures=prepared.figures,
            watches=prepared.watches,
        )
        with session_scope(self.engine) as session:
            revisit = int(item.revisit)
            if item.revisit and crawlstate.stored_hash(session, item.fetched_url) == new.content_hash:
                crawlstate.mark_checked(session, item.fetched_url, item.listed_changed)
                crawlstate.add_counts(
                    session, run_id, pages_fetched=1, article_requests=1, revisited=1
                )
                return "unchanged"
            result = store_article(session, self.settings, new, self.stories)
            # store_article stamped the fetch; remember the listing's date it answered.
            crawlstate.mark_checked(session, item.fetched_url, item.listed_changed, fetched=False)
            crawlstate.add_counts(
                session,
                run_id,
                pages_fetched=1,
                article_requests=1,
                new_articles=int(result.status == "stored"),
                updated=int(result.status == "updated"),
                duplicates=int(result.status == "duplicate"),
                revisited=revisit,
            )
        return result.status

    def _record_revisit_skip(self, run_id: int, item: PageItem, skipped: Skipped) -> None:
        """A stored page that no longer reads as an article (a paywall now, emptied): recorded,
        but its article and its URL's status stay; the listing's date is not tried again."""
        assert self.engine is not None
        with session_scope(self.engine) as session:
            crawlstate.add_counts(
                session, run_id, pages_fetched=1, article_requests=1, revisited=1
            )
            crawlstate.record_problem(
                session, run_id, item.fetched_url, skipped.kind, f"revisit: {skipped.reason}"
            )
            crawlstate.mark_checked(session, item.fetched_url, item.listed_changed)

    def _record_skip(self, run_id: int, source_id: int, item: PageItem, skipped: Skipped) -> None:
        assert self.engine is not None
        with session_scope(self.engine) as session:
            crawlstate.add_counts(session, run_id, pages_fetched=1, article_requests=1)
            crawlstate.record_problem(
                session, run_id, item.fetched_url, skipped.kind, skipped.reason
            )
            status = "skipped" if skipped.kind == "skipped" else "error"
            crawlstate.mark_url(
                session,
                item.fetched_url,
                source_id,
                status,
                reason=skipped.reason,
                http_status=item.http_status,
            )
