"""Why a request failed, in the words a crawl run records ("HTTP 500", "timeout after 5s", ...)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as twisted_errors
from twisted.internet.defer import TimeoutError as DeferTimeoutError
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings
    from twisted.python.failure import Failure

ALREADY_KNOWN = "already stored (another process)"
_MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Described:
    kind: str  # 'error' | 'skipped' | 'ignore' (nothing to record)
    reason: str
    fetched: bool = False  # a response came back (it counts as a page fetched)
    requested: bool = True  # a request went out
    http_status: int | None = None


def describe_failure(failure: Failure, settings: BaseSettings) -> Described:
    value = failure.value
    if isinstance(value, HttpError):
        status = value.response.status
        return Described("error", f"HTTP {status}", fetched=True, http_status=status)
    if isinstance(value, IgnoreRequest):
        message = str(value)
        if message == ALREADY_KNOWN:
            return Described("ignore", message, requested=False)
        if "robots.txt" in message:
            return Described("skipped", "disallowed by robots.txt", requested=False)
        if "redirections" in message:
            return Described("error", "redirect loop", fetched=True)
        return Described("error", f"ignored: {message}", requested=False)
    if isinstance(value, (DownloadTimeoutError, twisted_errors.TimeoutError, DeferTimeoutError, TimeoutError)):
        timeout = failure.request.meta.get("download_timeout") or settings.getfloat("DOWNLOAD_TIMEOUT")  # type: ignore[attr-defined]
        return Described("error", f"timeout after {timeout:g}s")
    if isinstance(value, DownloadCancelledError) or "max size" in str(value):
        limit = settings.getint("DOWNLOAD_MAXSIZE")
        size = f"{limit / _MB:g} MB" if limit >= _MB else f"{limit} bytes"
        return Described("error", f"page larger than {size}")
    if isinstance(value, (DownloadConnectionRefusedError, twisted_errors.ConnectError, twisted_errors.DNSLookupError)):
        return Described("error", f"connection failed: {type(value).__name__}")
    if isinstance(value, (DownloadFailedError, ResponseFailed, ResponseNeverReceived, twisted_errors.ConnectionLost)):
        return Described("error", f"connection lost: {type(value).__name__}")
    return Described("error", f"{type(value).__name__}: {value}"[:300])
