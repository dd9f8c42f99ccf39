"""Pure scheduling policy: how one finished crawl changes a source's health and polling interval.

No I/O here. The daemon reads a source's state and a run's counts from the database, calls
`assess_run`, and writes back what it returns. Keeping the rules in plain functions lets the tests
walk a source through a hundred runs in microseconds.

The rules:
- A run *failed* when its process did not exit cleanly (non-zero, timeout, killed) or when it fetched
  nothing at all but recorded errors. Failures are counted; a failing source backs off exponentially
  (base interval x 2^failures, up to the ceiling) but keeps being tried.
- A run that fetched article pages but could not extract a single article from them means the outlet's
  layout probably changed: health "no_articles". Silence must never pass for "no news".
- Otherwise the run is healthy. Polling adapts to the outlet's pace (as Media Cloud does): a run that
  found new articles halves the interval, a run that found nothing lengthens it by half, always within
  [floor, ceiling].
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HEALTH_NEW = "new"
HEALTH_OK = "ok"
HEALTH_FAILING = "failing"
HEALTH_NO_ARTICLES = "no_articles"

SPEED_UP = 0.5  # interval factor after a run that found something new
SLOW_DOWN = 1.5  # interval factor after a run that found nothing new
MAX_BACKOFF_EXPONENT = 10


@dataclass(frozen=True, slots=True)
class RunCounts:
    """What a finished crawl reported, as the runner and the spider recorded it."""

    status: str  # ok|failed|timeout|killed, from the process
    pages_fetched: int = 0
    article_requests: int = 0
    new_articles: int = 0
    duplicates: int = 0
    skipped: int = 0
    errors: int = 0
    error: str | None = None  # the most telling error line, if any


@dataclass(frozen=True, slots=True)
class SourceState:
    """A source's health fields before the run."""

    health: str = HEALTH_NEW
    consecutive_failures: int = 0
    empty_runs: int = 0
    interval: float | None = None


@dataclass(frozen=True, slots=True)
class Assessment:
    """A source's health fields after the run, and whether the run counts as a success."""

    health: str
    consecutive_failures: int
    empty_runs: int
    interval: float
    succeeded: bool
    last_error: str | None


@dataclass(frozen=True, slots=True)
class Bounds:
    """The interval a source starts from and the limits adaptive polling keeps to."""

    base: float
    floor: float
    ceiling: float

    @classmethod
    def for_source(cls, base: float, min_every: float, max_every: float) -> Bounds:
        # A source configured faster than min_every (or slower than max_every) widens the bounds:
        # the user's explicit schedule wins over the global limits.
        return cls(base=base, floor=min(min_every, base), ceiling=max(max_every, base))


def run_failed(counts: RunCounts) -> bool:
    if counts.status != "ok":
        return True
    return counts.pages_fetched == 0 and counts.errors > 0


def extraction_broken(counts: RunCounts) -> bool:
    """Article pages were fetched, yet not one yielded an article (new or a known duplicate)."""
    attempted = counts.article_requests or (counts.new_articles + counts.duplicates + counts.skipped)
    return attempted > 0 and counts.new_articles + counts.duplicates == 0


def clamp(value: float, bounds: Bounds) -> float:
    return max(bounds.floor, min(bounds.ceiling, value))


def backoff_interval(failures: int, bounds: Bounds) -> float:
    exponent = min(max(failures, 0), MAX_BACKOFF_EXPONENT)
    return min(bounds.ceiling, max(bounds.base, bounds.base * 2**exponent))


def adapt_interval(current: float | None, new_articles: int, bounds: Bounds) -> float:
    start = current if current else bounds.base
    factor = SPEED_UP if new_articles > 0 else SLOW_DOWN
    return clamp(start * factor, bounds)


def assess_run(state: SourceState, counts: RunCounts, bounds: Bounds) -> Assessment:
    """The source's new health and interval after a run with `counts`."""
    if run_failed(counts):
        failures = state.consecutive_failures + 1
        return Assessment(
            health=HEALTH_FAILING,
            consecutive_failures=failures,
            empty_runs=state.empty_runs,
            interval=backoff_interval(failures, bounds),
            succeeded=False,
            last_error=counts.error or f"crawl ended with status {counts.status}",
        )
    if extraction_broken(counts):
        return Assessment(
            health=HEALTH_NO_ARTICLES,
            consecutive_failures=0,
            empty_runs=state.empty_runs + 1,
            # Keep polling at the base pace: the fix may come any time, and we want to see it.
            interval=bounds.base,
            succeeded=False,
            last_error=counts.error
            or "pages were fetched but no article could be extracted (has the layout changed?)",
        )
    # After a failure streak, polling restarts from the base interval rather than the backed-off one.
    previous = state.interval if state.consecutive_failures == 0 else bounds.base
    return Assessment(
        health=HEALTH_OK,
        consecutive_failures=0,
        empty_runs=0 if counts.new_articles else state.empty_runs + 1,
        interval=adapt_interval(previous, counts.new_articles, bounds),
        succeeded=True,
        last_error=None,
    )


_ERROR_MARKERS = re.compile(r"\b(ERROR|CRITICAL)\b|Error\b|Exception\b|Traceback")


def error_line(text: str | None, limit: int = 500) -> str | None:
    """The most telling line of a log tail: the last one that looks like an error, else the last one.

    This is what `status` shows as a source's last error, so it is shortened to `limit` characters.
    """
    if not text:
        return None
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return None
    errors = [line for line in lines if _ERROR_MARKERS.search(line)]
    line = errors[-1] if errors else lines[-1]
    return line if len(line) <= limit else line[: limit - 1] + "…"


def tail(text: str, max_lines: int = 40, max_chars: int = 4000) -> str:
    """The end of a process's stderr, bounded in lines and characters, for the crawl run row."""
    lines = text.splitlines()[-max_lines:]
    result = "\n".join(lines)
    return result[-max_chars:]
