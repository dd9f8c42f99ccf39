"""newsmon's own Scrapy signals (send with crawler.signals.send_catch_log)."""

# A listing scheduled article requests: the extraction workers can start importing trafilatura
# while the first pages download, instead of after the first one arrived.
articles_scheduled = object()
