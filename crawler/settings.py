"""Scrapy settings of newsmon's crawler: defaults and the order of components, nothing per run.

Everything a user configures (User-Agent, robots.txt, throttling, timeouts, sizes, retries) comes
from newsmon's one config file: the crawl gets its path as `-s NEWSMON_CONFIG=PATH` and the
NewsmonConfig add-on (crawler/addon.py) turns it into Scrapy settings that replace the defaults
below, while a `-s` on the command line still wins for a one-off experiment.
"""

from __future__ import annotations

BOT_NAME = "newsmon"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

NEWSMON_CONFIG = ""  # path of newsmon.toml; empty: the packaged defaults

ADDONS = {"crawler.addon.NewsmonConfig": 0}

ITEM_PIPELINES = {
    "crawler.pipelines.ExtractPipeline": 300,
    "crawler.pipelines.StorePipeline": 800,
}
DOWNLOADER_MIDDLEWARES = {
    # Before robots.txt (100) so that a known URL costs neither a robots lookup nor a request.
    "crawler.middlewares.KnownUrlMiddleware": 50,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
}

# Polite defaults; the add-on replaces them with the config's values.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 0
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_BACKOFF_BASE = 1.0  # seconds before the first retry; doubled for each further one
RETRY_BACKOFF_MAX = 60.0
REDIRECT_MAX_TIMES = 5

# The extensions a crawl uses, replacing Scrapy's base list rather than switching the others off:
# Scrapy imports every key of EXTENSIONS, even those set to None, and RemoteControl alone pulls
# in aiohttp's web server. A crawl whose feeds answer 304 is mostly process start-up.
EXTENSIONS_BASE = {
    "scrapy.extensions.corestats.CoreStats": 0,
    "scrapy.extensions.logcount.LogCount": 0,
    "scrapy.extensions.closespider.CloseSpider": 0,  # CLOSESPIDER_TIMEOUT: the run's time limit
    "scrapy.extensions.logstats.LogStats": 0,
    "scrapy.extensions.throttle.AutoThrottle": 0,
}

COOKIES_ENABLED = False  # news pages are public; cookies only invite consent walls and tracking
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # no listening port in a crawl process
MEMUSAGE_ENABLED = False
LOG_LEVEL = "INFO"
CONCURRENT_ITEMS = 16
DEPTH_LIMIT = 3  # listing -> child sitemap -> article; never wander further
FEED_EXPORT_ENCODING = "utf-8"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
