"""Logging for the command line and the daemon: to stderr, plain or JSON, configured once."""

from __future__ import annotations

import logging
import sys

from newsmon.config import LoggingSettings

PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(settings: LoggingSettings, verbose: bool = False) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if settings.format == "json":
        from pythonjsonlogger.json import JsonFormatter

        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s",
                rename_fields={"levelname": "level"},
            )
        )
    else:
        handler.setFormatter(logging.Formatter(PLAIN_FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel("DEBUG" if verbose else settings.level)
    # Third-party chatter stays at WARNING unless asked for.
    for noisy in ("scrapy", "twisted", "apscheduler", "urllib3", "httpx", "alembic"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbose else logging.WARNING)
    # trafilatura and htmldate warn about every page they find no text in; newsmon reports those
    # pages itself (skipped, with the reason), so only their errors are passed on.
    for chatty in ("trafilatura", "htmldate"):
        logging.getLogger(chatty).setLevel(logging.DEBUG if verbose else logging.ERROR)
