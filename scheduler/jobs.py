"""The daemon's jobs: module-level functions the scheduler calls, each opening its own sessions.

- `crawl_job(daemon, source)`: one scheduled crawl: record a CrawlRun, run the crawl in its own
  process through the daemon's runner, then record how it ended and update the source's health and
  adaptive interval (rules in `scheduler.policy`).
- `alerts_job(daemon)`: the alerts package's outbox drain.
- `retention_job(daemon)`, `heartbeat_job(daemon)`: housekeeping.
- `recover_interrupted_runs(engine)`: on start, ends what a dead daemon left running.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from scheduler import policy
from scheduler.runners import STATUS_FAILED, STATUS_KILLED, STATUS_OK, STATUS_TIMEOUT, CrawlOutcome
from scheduler.status import format_duration
from storage.db import session_scope
from storage.models import CrawlRun, Source, Url, utcnow
from storage.queries import get_or_create_source

if TYPE_CHECKING:
    from scheduler.daemon import Daemon

log = logging.getLogger(__name__)

INTERRUPTED_NOTE = "the daemon stopped during this crawl (killed or crashed); marked killed on restart"


def ensure_sources(engine: Engine, names: list[str]) -> None:
    """A Source row for every configured source name (a crawl process may race us to create one)."""
    with session_scope(engine) as session:
        for name in names:
            get_or_create_source(session, name)


def forget_listing_validators(session: Session, source_id: int) -> None:
    """Make the next crawl fetch the source's feeds, sitemaps and pages in full.

    A crawl cut short (time limit, shutdown, crash, kill -9) may have saved a feed's ETag before it
    had fetched every article the feed lists; a conditional request would then answer 304 and those
    articles would never be seen. Forgetting the validators costs one full fetch and loses nothing.
    """
    session.execute(
        update(Url).where(Url.source_id == source_id, Url.kind != "article").values(etag=None, last_modified=None)
    )


def crawl_job(daemon: Daemon, source_name: str) -> None:
    if daemon.clock.stopping:
        return  # queued before the shutdown began: do not start new crawls now
    engine = daemon.engine
    assert engine is not None
    run_id, last_success = _start_run(engine, source_name)

    def record_pid(pid: int | None) -> None:
        with session_scope(engine) as session:
            run = session.get(CrawlRun, run_id)
            if run is not None:
                run.pid = pid

    daemon.metrics.running.inc()
    try:
        outcome = daemon.runner.run(source_name, run_id, record_pid)
    except Exception as exc:  # the runner itself broke (cannot spawn, bad command): a failed run
        log.exception("crawl %s (run %d) could not run", source_name, run_id)
        outcome = CrawlOutcome(STATUS_FAILED, None, f"{type(exc).__name__}: {exc}", 0.0)
    finally:
        daemon.metrics.running.dec()
    finish_run(daemon, source_name, run_id, outcome, last_success)


def _start_run(engine: Engine, source_name: str) -> tuple[int, datetime | None]:
    """A new 'running' CrawlRun row; also returns the source's last success before this run."""
    with session_scope(engine) as session:
        source = get_or_create_source(session, source_name)
        now = utcnow()
        run = CrawlRun(source_id=source.id, trigger="schedule", status="running", started_at=now)
        session.add(run)
        source.last_run_at = now
        session.flush()
        return run.id, source.last_success_at


def final_status(outcome: CrawlOutcome, spider_status: str | None) -> str:
    """The run's status: the process's verdict, unless the spider itself reported a failure."""
    if outcome.status != STATUS_OK:
        return outcome.status
    return STATUS_FAILED if spider_status == STATUS_FAILED else STATUS_OK


def outcome_error(outcome: CrawlOutcome, status: str, time_limit: float, spider_tail: str | None) -> str | None:
    """One line for `status`: why the run did not succeed."""
    if status == STATUS_TIMEOUT:
        return f"the crawl exceeded its time limit of {time_limit:g}s and was ended"
    if status == STATUS_KILLED:
        return "the crawl was ended by the daemon's shutdown"
    if status != STATUS_FAILED:
        return None
    if outcome.exit_code == 0:  # the spider ran to its end and itself reported the failure
        line = policy.error_line(spider_tail) or policy.error_line(outcome.stderr_tail)
        return line or "the crawl reported a failure"
    line = policy.error_line(outcome.stderr_tail) or policy.error_line(spider_tail)
    code = f"exit code {outcome.exit_code}" if outcome.exit_code is not None else "failed"
    return f"{code}: {line}" if line else f"the crawl process ended with {code}"


def merged_tail(spider_tail: str | None, outcome: CrawlOutcome, status: str) -> str | None:
    """The run's error tail: the spider's own (its last problems), plus the process's stderr tail
    when the process did not end cleanly (a clean run's stderr is only Scrapy's chatter)."""
    parts = [spider_tail] if spider_tail else []
    if (status != STATUS_OK or outcome.exit_code not in (0, None)) and outcome.stderr_tail:
        parts.append("--- crawl process stderr (tail) ---\n" + outcome.stderr_tail)
    return "\n".join(parts) or None


def finish_run(
    daemon: Daemon, source_name: str, run_id: int, outcome: CrawlOutcome, last_success: datetime | None = None
) -> None:
    """Record the run's end, then the source's new health, interval and next run."""
    engine = daemon.engine
    assert engine is not None
    settings = daemon.settings
    try:
        source_settings = settings.source(source_name)
        base = settings.source_every(source_settings)
    except KeyError:  # removed from the config while it ran
        source_settings, base = None, settings.crawl.every
    bounds = policy.Bounds.for_source(base, settings.crawl.min_every, settings.crawl.max_every)
    with session_scope(engine) as session:
        run = session.get(CrawlRun, run_id)
        assert run is not None
        status = final_status(outcome, run.status if run.status != "running" else None)
        spider_tail = run.error_tail
        run.status, run.exit_code = status, outcome.exit_code
        run.error_tail = merged_tail(spider_tail, outcome, status)
        run.finished_at = utcnow()
        source = session.get(Source, run.source_id)
        assert source is not None
        if status in (STATUS_TIMEOUT, STATUS_KILLED) or outcome.exit_code not in (0, None):
            forget_listing_validators(session, source.id)
        counts = policy.RunCounts(
            status=status, pages_fetched=run.pages_fetched, article_requests=run.article_requests,
            new_articles=run.new_articles, duplicates=run.duplicates, skipped=run.skipped, errors=run.errors,
            error=outcome_error(outcome, status, settings.crawl.time_limit, spider_tail),
        )
        state = policy.SourceState(
            health=source.health, consecutive_failures=source.consecutive_failures,
            empty_runs=source.empty_runs, interval=source.interval,
        )
        verdict = policy.assess_run(state, counts, bounds)
        source.health, source.consecutive_failures = verdict.health, verdict.consecutive_failures
        source.empty_runs, source.interval = verdict.empty_runs, verdict.interval
        # The spider stamps its own view of success; the daemon's verdict (which also knows about
        # time limits and broken extraction) has the last word.
        source.last_success_at = run.finished_at if verdict.succeeded else last_success
        source.last_run_at = run.started_at
        if verdict.last_error is not None or verdict.succeeded:
            source.last_error = verdict.last_error
        new_articles = run.new_articles
    daemon.metrics.crawls.labels(source_name, status).inc()
    daemon.metrics.crawl_duration.labels(source_name).observe(outcome.duration)
    daemon.metrics.new_articles.labels(source_name).inc(new_articles)
    log.info(
        "crawl %s (run %d) ended %s in %.1fs: %d new; health %s, next in %s",
        source_name, run_id, status, outcome.duration, new_articles, verdict.health,
        format_duration(verdict.interval),
    )
    if source_settings is not None and source_settings.enabled:
        daemon.after_run(source_settings, verdict.interval)


def alerts_job(daemon: Daemon) -> None:
    from alerts.jobs import run_alert_job  # imported on first use: keeps the daemon's start light

    run_alert_job(daemon.settings, daemon.engine)


def retention_job(daemon: Daemon) -> None:
    retention = daemon.settings.storage.retention
    if not retention or daemon.engine is None:
        return
    from storage.retention import prune

    with session_scope(daemon.engine) as session:
        removed = prune(session, utcnow() - timedelta(seconds=retention))
    if any(removed.values()):
        log.info("retention: %s", ", ".join(f"{count} {what}" for what, count in removed.items()))


def heartbeat_job(daemon: Daemon) -> None:
    from scheduler.locking import heartbeat

    if daemon.engine is not None:
        heartbeat(daemon.engine)


def recover_interrupted_runs(engine: Engine, term_wait: float = 5.0) -> list[int]:
    """Mark scheduled runs left 'running' by a dead daemon as killed, ending their orphaned processes.

    Only call this while holding the daemon lock: then no scheduled run can really be in progress.
    Manual runs (`newsmon crawl`) belong to their own process and are left alone. An orphaned crawl
    is ended rather than adopted; whatever it stored is complete (each article is one transaction)
    and whatever it had not stored yet is fetched again by the next run.
    """
    with session_scope(engine) as session:
        stale = [
            (run.id, run.pid, run.source_id)
            for run in session.scalars(
                select(CrawlRun).where(CrawlRun.status == "running", CrawlRun.trigger == "schedule")
            )
        ]
    for run_id, pid, _source_id in stale:
        if pid and _is_our_crawl(pid, run_id):
            from scheduler.runners import end_process_group

            log.warning("ending crawl process %d of interrupted run %d", pid, run_id)
            end_process_group(pid, term_wait)
    if stale:
        with session_scope(engine) as session:
            for run_id, _pid, source_id in stale:
                forget_listing_validators(session, source_id)
                run = session.get(CrawlRun, run_id)
                if run is None:
                    continue
                if run.status == "running":
                    run.status, run.finished_at = "killed", utcnow()
                # An ended orphan may have closed its run itself ("closed: shutdown"): say why anyway.
                run.error_tail = ((run.error_tail or "") + "\n" + INTERRUPTED_NOTE).strip()
        log.warning("marked %d interrupted crawl run(s) as killed: %s", len(stale), [r for r, *_ in stale])
    return [run_id for run_id, *_ in stale]


def _is_our_crawl(pid: int, run_id: int) -> bool:
    """Whether `pid` is still the crawl process of `run_id` (pids get reused)."""
    import psutil

    try:
        command = " ".join(psutil.Process(pid).cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return False
    return re.search(rf"\brun_id={run_id}\b", command) is not None
