"""Downloader middlewares: the last-moment known-URL check, and retries that back off.

KnownUrlMiddleware re-checks an article URL against the database right before it is requested.
The spider already drops known links in bulk when it reads a listing; this catches a URL that
another crawl process stored in between (two sources listing one story), so a page is never
fetched twice, across runs and processes. A revisit (a stored page fetched again because its
listing dates an edit) is re-checked the same way: still due, or another process did it already.

BackoffRetryMiddleware is Scrapy's RetryMiddleware with a pause before each retry: RETRY_BACKOFF_BASE
seconds, doubled for every further attempt, at most RETRY_BACKOFF_MAX. An outlet that is failing
gets time to recover instead of three requests in a row.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest

from crawler.failures import ALREADY_KNOWN

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response


class KnownUrlMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KnownUrlMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if request.meta.get("newsmon_kind") != "article" or request.meta.get("retry_times"):
            return
        spider = self.crawler.spider
        book = getattr(spider, "book", None)
        if book is None:
            return
        url = request.meta.get("newsmon_url", request.url)
        if request.meta.get("newsmon_revisit"):
            changed = request.meta.get("listed_changed")
            if not book.due_for_revisit({url: changed}, spider.revisit_window):  # type: ignore[union-attr]
                raise IgnoreRequest(ALREADY_KNOWN)
        elif book.known([url]):
            raise IgnoreRequest(ALREADY_KNOWN)


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)

    def backoff(self, retry: Request) -> float:
        attempt = max(int(retry.meta.get("retry_times", 1)), 1)
        return min(self.backoff_base * 2 ** (attempt - 1), self.backoff_max)

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        result = super().process_response(request, response)
        return await self._later(result)

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception, spider: Any = None
    ) -> Request | Response | None:
        result = super().process_exception(request, exception)
        return await self._later(result)

    async def _later(self, result: Any) -> Any:
        from scrapy.http import Request

        if isinstance(result, Request) and self.backoff_base > 0:
            await asyncio.sleep(self.backoff(result))
        return result
