"""The one place where newsmon's config becomes Scrapy settings (a Scrapy add-on).

Scrapy calls `update_settings` before the crawl starts, with the command line's `-s` values
already in. The add-on takes newsmon's config (`newsmon_settings`) and sets the Scrapy knobs at
'spider' priority: above crawler/settings.py (project priority, which outranks Scrapy's 'addon'
priority), below the command line's `-s`.

The config file named by NEWSMON_CONFIG is read once per crawl: `newsmon_settings` keeps the
parsed object in the Scrapy settings as NEWSMON_SETTINGS, where the spider (created before the
add-on runs), the add-on and the pipelines all find it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsmon.config import CrawlSettings, Settings, load_settings

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings as ScrapySettings


def newsmon_settings(settings: ScrapySettings) -> Settings:
    """newsmon's config for this crawl: loaded from NEWSMON_CONFIG by the first caller, and
    kept in the Scrapy settings for the others while they can still be written."""
    loaded = settings.get("NEWSMON_SETTINGS")
    if isinstance(loaded, Settings):
        return loaded
    loaded = load_settings(settings.get("NEWSMON_CONFIG") or None)
    if not settings.frozen:
        settings.set("NEWSMON_SETTINGS", loaded, priority="cmdline")
    return loaded


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
        settings.setdict(scrapy_settings(newsmon_settings(settings).crawl), priority="spider")
