"""The one place where newsmon's config becomes Scrapy settings (a Scrapy add-on).

Scrapy calls `update_settings` before the crawl starts, with the command line's `-s` values
already in. The add-on reads NEWSMON_CONFIG, loads it with `newsmon.config.load_settings` and sets
the Scrapy knobs at 'spider' priority: above crawler/settings.py (project priority, which
outranks Scrapy's 'addon' priority), below the command line's `-s`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsmon.config import CrawlSettings, load_settings

if TYPE_CHECKING:
    from scrapy.settings import Settings as ScrapySettings


def scrapy_settings(crawl: CrawlSettings) -> dict[str, Any]:
    """Scrapy settings for newsmon's [crawl] section (pure: tests call it directly)."""
    return {
        "USER_AGENT": crawl.user_agent,
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        "ROBOTSTXT_USER_AGENT": crawl.user_agent,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrency_per_domain,
        "CONCURRENT_REQUESTS": max(16, crawl.concurrency_per_domain),
        "DOWNLOAD_DELAY": crawl.download_delay,
        "AUTOTHROTTLE_ENABLED": crawl.autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(crawl.download_delay, 0.5),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(crawl.concurrency_per_domain),
        "DOWNLOAD_TIMEOUT": crawl.download_timeout,
        "DOWNLOAD_MAXSIZE": crawl.max_page_size,
        "RETRY_TIMES": crawl.retries,
        "RETRY_ENABLED": crawl.retries > 0,
        "NEWSMON_MAX_ARTICLES": crawl.max_articles_per_run,
        # Finish cleanly (counts and status written) before a runner's hard time limit strikes.
        "CLOSESPIDER_TIMEOUT": max(crawl.time_limit - crawl.grace, crawl.time_limit * 0.9),
    }


class NewsmonConfig:
    """Scrapy add-on: newsmon's config file -> Scrapy settings."""

    def update_settings(self, settings: ScrapySettings) -> None:
        path = settings.get("NEWSMON_CONFIG") or None
        newsmon_settings = load_settings(path)
        settings.setdict(scrapy_settings(newsmon_settings.crawl), priority="spider")
