"""`newsmon run`: the daemon. A BackgroundScheduler runs the jobs; uvicorn serves the web app in the
main thread; the daemon owns the signals.

Start: take the database's daemon lock (refuse to start if another daemon holds it), migrate, mark
runs a dead daemon left behind as killed, create the Source rows, then schedule one job per enabled
source (`crawl:<name>`; interval with jitter, or cron; coalesced; one instance at a time) plus the
alert, retention and heartbeat jobs. Crawls run on an executor of `[crawl] max_parallel` threads, each
thread waiting on one crawl process.

Signals: SIGHUP re-reads the config and adds, removes or reschedules jobs; a bad config is logged and
the running one kept. SIGTERM/SIGINT stop scheduling, give running crawls `[crawl] grace` to finish,
end the rest, and exit 0; a second SIGTERM/SIGINT ends running crawls at once.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_MAX_INSTANCES,
    EVENT_JOB_SUBMITTED,
    JobExecutionEvent,
    JobSubmissionEvent,
    SchedulerEvent,
)
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers import SchedulerNotRunningError
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine, select

from newsmon.config import ConfigError, Settings, SourceSettings, load_settings
from scheduler import jobs
from scheduler.locking import DaemonLock, clear_lease, lock_for, read_lease, write_lease
from scheduler.metrics import DaemonMetrics
from scheduler.runners import LocalRunner, Runner, ScrapydRunner, StopClock
from storage.models import Source, utcnow

log = logging.getLogger(__name__)

CRAWL_EXECUTOR = "crawls"
HEARTBEAT_EVERY = 15.0
RETENTION_EVERY = 6 * 3600.0


class AlreadyRunning(RuntimeError):
    """Another daemon holds this database's lock."""


def crawl_job_id(name: str) -> str:
    return f"crawl:{name}"


def _utc(value: datetime | None) -> datetime | None:
    """A stored naive-UTC time as an aware one (APScheduler works in aware times)."""
    return value.replace(tzinfo=UTC) if value is not None else None


def _naive(value: datetime | None) -> datetime | None:
    return value.astimezone(UTC).replace(tzinfo=None) if value is not None else None


def schedule_changed(old: SourceSettings, new: SourceSettings, old_every: float, new_every: float) -> bool:
    return old.cron != new.cron or old.enabled != new.enabled or (not new.cron and old_every != new_every)


def build_runner(settings: Settings, clock: StopClock) -> Runner:
    """The runner `[crawl] runner` names, building crawl commands from the settings in force."""
    if settings.crawl.runner == "scrapyd":
        path = str(settings.path.resolve()) if settings.path is not None else None
        return ScrapydRunner(settings.crawl.nodes, path, settings.crawl.time_limit, clock)
    from crawler.process import crawl_command, crawl_env

    def command(source: str, run_id: int) -> list[str]:
        return crawl_command(settings, source, run_id)

    return LocalRunner(command, crawl_env(), settings.crawl.time_limit, clock)


class Daemon:
    """The scheduler, its jobs and its lock. `start()`, then `serve()` (main thread) or `stop()`."""

    def __init__(
        self,
        settings: Settings,
        runner_factory: Callable[[Settings, StopClock], Runner] = build_runner,
    ) -> None:
        self.settings = settings
        self.runner_factory = runner_factory
        self.clock = StopClock()
        self.metrics = DaemonMetrics(lambda: self.engine)
        self.engine: Engine | None = None
        self.lock: DaemonLock | None = None
        self.scheduler: BackgroundScheduler | None = None
        self.runner: Runner
        self.started_at = utcnow()
        self._reload_lock = threading.Lock()
        self._stop_lock = threading.Lock()  # guards _stop_thread (taken in signal handlers: keep short)
        self._stopping = threading.Lock()  # held for the whole stop
        self._stopped = threading.Event()
        self._stop_thread: threading.Thread | None = None
        self.on_stopped: Callable[[], None] | None = None  # set by serve(): ends the web server

    # -- start and stop -------------------------------------------------------------------------

    def start(self) -> None:
        from storage.db import ensure_schema

        settings = self.settings
        settings.storage.data_dir.mkdir(parents=True, exist_ok=True)
        self.lock = lock_for(settings.database_url, settings.storage.data_dir)
        if not self.lock.acquire():
            raise AlreadyRunning(self._holder_message())
        try:
            self.engine = ensure_schema(settings.database_url)  # migrates only when behind
            write_lease(self.engine, self.started_at)
            jobs.recover_interrupted_runs(self.engine)
            jobs.ensure_sources(self.engine, [source.name for source in settings.sources])
            self.runner = self.runner_factory(settings, self.clock)
            self.scheduler = self._build_scheduler()
            for source in settings.sources:
                if source.enabled:
                    self._add_source_job(source, resume=True)
            self._add_housekeeping_jobs()
            self.scheduler.start()
        except BaseException:
            self._release()
            raise
        log.info(
            "daemon started (pid %s): %d source(s), at most %d crawl(s) at once, database %s",
            _pid(), sum(s.enabled for s in settings.sources), settings.crawl.max_parallel,
            _safe_url(settings.database_url),
        )

    def _holder_message(self) -> str:
        where = _safe_url(self.settings.database_url)
        message = f"another newsmon daemon already runs on {where}"
        try:
            from storage.db import connect

            engine = connect(self.settings.database_url)
            try:
                lease = read_lease(engine)
            finally:
                engine.dispose()
            if lease is not None:
                message += f" (pid {lease.pid} on {lease.holder}, since {lease.started_at:%Y-%m-%d %H:%M:%S} UTC)"
        except Exception:  # the message is a courtesy: never fail on it
            pass
        return message

    def _build_scheduler(self) -> BackgroundScheduler:
        scheduler = BackgroundScheduler(
            executors={
                CRAWL_EXECUTOR: ThreadPoolExecutor(self.settings.crawl.max_parallel),
                "default": ThreadPoolExecutor(4),
            },
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone=UTC,
        )
        if not logging.getLogger("apscheduler").isEnabledFor(logging.DEBUG):
            # APScheduler warns each time a run is skipped because the previous one still runs:
            # with one instance per source that is by design, so keep its log to real errors.
            logging.getLogger("apscheduler.scheduler").setLevel(logging.ERROR)
        scheduler.add_listener(self._on_event, EVENT_JOB_SUBMITTED | EVENT_JOB_ERROR | EVENT_JOB_MAX_INSTANCES)
        return scheduler

    def _on_event(self, event: SchedulerEvent) -> None:
        if isinstance(event, JobSubmissionEvent) and event.code == EVENT_JOB_SUBMITTED:
            if event.scheduled_run_times:
                lag = (datetime.now(UTC) - event.scheduled_run_times[-1]).total_seconds()
                self.metrics.job_lag.labels(event.job_id).set(max(lag, 0.0))
        elif isinstance(event, JobExecutionEvent) and event.code == EVENT_JOB_ERROR:
            self.metrics.job_errors.labels(event.job_id).inc()
            log.error("job %s failed: %s", event.job_id, event.exception, exc_info=event.exception)
        elif event.code == EVENT_JOB_MAX_INSTANCES:
            # A crawl outlasting its interval is normal (the next run waits for it): not a warning.
            log.debug("job %s is still running; this run is skipped", getattr(event, "job_id", "?"))

    def _add_housekeeping_jobs(self) -> None:
        assert self.scheduler is not None
        self.scheduler.add_job(
            jobs.alerts_job, IntervalTrigger(seconds=self.settings.alerts.every, timezone=UTC),
            args=[self], id="alerts", name="alerts", replace_existing=True,
        )
        self.scheduler.add_job(
            jobs.heartbeat_job, IntervalTrigger(seconds=HEARTBEAT_EVERY, timezone=UTC),
            args=[self], id="heartbeat", name="heartbeat", replace_existing=True,
        )
        self.scheduler.add_job(
            jobs.retention_job, IntervalTrigger(seconds=RETENTION_EVERY, timezone=UTC),
            args=[self], id="retention", name="retention", replace_existing=True,
            next_run_time=datetime.now(UTC) + timedelta(seconds=60),
        )

    def request_stop(self) -> None:
        """Begin a graceful stop in the background (safe to call from a signal handler)."""
        with self._stop_lock:
            if self._stop_thread is not None:
                log.warning("second stop request: ending running crawls now")
                self.clock.stop(0.0)
                return
            self._stop_thread = threading.Thread(target=self.stop, name="newsmon-stop", daemon=True)
            self._stop_thread.start()

    def stop(self) -> None:
        """Stop scheduling, let running crawls finish within the grace, end the rest, release all."""
        with self._stopping:  # one stop at a time; a second caller returns once the first is done
            if not self._stopped.is_set():
                self._stop()

    def _stop(self) -> None:
        grace = self.settings.crawl.grace
        log.info("stopping: no new crawls; running crawls have %gs to finish", grace)
        if not self.clock.stopping:
            self.clock.stop(grace)
        if self.scheduler is not None:
            with contextlib.suppress(SchedulerNotRunningError):
                self.scheduler.shutdown(wait=True)
        self._release()
        self._stopped.set()
        log.info("stopped")
        if self.on_stopped is not None:
            self.on_stopped()

    def wait_stopped(self, timeout: float | None = None) -> bool:
        return self._stopped.wait(timeout)

    def _release(self) -> None:
        if self.engine is not None:
            try:
                clear_lease(self.engine)
            except Exception as exc:
                log.warning("cannot clear the daemon lease: %s", exc)
            self.engine.dispose()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    # -- scheduling -----------------------------------------------------------------------------

    def _trigger(self, source: SourceSettings, interval: float) -> BaseTrigger:
        jitter = int(self.settings.crawl.jitter) or None
        if source.cron:
            trigger = CronTrigger.from_crontab(source.cron, timezone=UTC)
            trigger.jitter = jitter
            return trigger
        return IntervalTrigger(seconds=interval, jitter=jitter, timezone=UTC)

    def _add_source_job(self, source: SourceSettings, resume: bool) -> None:
        """Schedule a source. With `resume`, keep the interval and next run stored by an earlier daemon."""
        assert self.scheduler is not None and self.engine is not None
        from storage.db import session_scope

        base = self.settings.source_every(source)
        now = datetime.now(UTC)
        first_run: datetime | None = now  # a source never crawled (or overdue) runs at once
        interval = base
        with session_scope(self.engine) as session:
            row = session.scalars(select(Source).where(Source.name == source.name)).first()
            if row is not None:
                if resume and row.interval:
                    interval = row.interval
                else:
                    row.interval = base
                stored_next = _utc(row.next_run_at)
                last_run = _utc(row.last_run_at)
                if resume and stored_next is not None and stored_next > now:
                    first_run = stored_next  # a restart keeps the schedule it had
                elif not resume and last_run is not None:
                    # A changed schedule applies from the last run, not from the reload.
                    first_run = None if source.cron else max(now, last_run + timedelta(seconds=base))
                if first_run is not None:
                    row.next_run_at = _naive(first_run)
        trigger = self._trigger(source, interval)
        if first_run is None:
            first_run = trigger.get_next_fire_time(None, now)
            self._store_next_run(source.name, first_run)
        self.scheduler.add_job(
            jobs.crawl_job, trigger, args=[self, source.name],
            id=crawl_job_id(source.name), name=crawl_job_id(source.name), executor=CRAWL_EXECUTOR,
            replace_existing=True, next_run_time=first_run,
        )

    def after_run(self, source: SourceSettings, interval: float) -> None:
        """Apply a finished run's adaptive interval to the source's job and store its next run time."""
        if self.scheduler is None or self.clock.stopping:
            return
        job_id = crawl_job_id(source.name)
        try:
            if not source.cron:
                job = self.scheduler.reschedule_job(job_id, trigger=self._trigger(source, interval))
            else:
                job = self.scheduler.get_job(job_id)
        except (JobLookupError, SchedulerNotRunningError):
            return  # removed by a reload, or shutting down
        if job is None:
            return
        self._store_next_run(source.name, job.next_run_time)

    def _store_next_run(self, name: str, next_run: datetime | None) -> None:
        from storage.db import session_scope

        assert self.engine is not None
        with session_scope(self.engine) as session:
            row = session.scalars(select(Source).where(Source.name == name)).first()
            if row is not None:
                row.next_run_at = _naive(next_run)

    def jobs_overview(self) -> list[dict[str, Any]]:
        if self.scheduler is None:
            return []
        return [
            {"id": job.id, "next_run": job.next_run_time.isoformat() if job.next_run_time else None}
            for job in self.scheduler.get_jobs()
        ]

    @property
    def running(self) -> bool:
        from apscheduler.schedulers.base import STATE_RUNNING

        return self.scheduler is not None and self.scheduler.state == STATE_RUNNING and not self.clock.stopping

    # -- reload ---------------------------------------------------------------------------------

    def request_reload(self) -> None:
        threading.Thread(target=self.reload, name="newsmon-reload", daemon=True).start()

    def reload(self) -> bool:
        """Re-read the config file; apply source changes to the schedule. False if it was refused."""
        with self._reload_lock:
            if self.clock.stopping or self.scheduler is None:
                return False
            old = self.settings
            try:
                new = load_settings(old.path)
            except ConfigError as exc:
                log.error("config reload failed; keeping the running config: %s", exc)
                self.metrics.reloads.labels("error").inc()
                return False
            if new.database_url != old.database_url:
                log.error("config reload: storage.url changed; restart the daemon to switch databases. "
                          "Keeping the running config.")
                self.metrics.reloads.labels("error").inc()
                return False
            self.settings = new
            # Crawls already running keep the runner they started with.
            self.runner = self.runner_factory(new, self.clock)
            from newsmon.logs import setup_logging

            setup_logging(new.logging)
            added, removed, rescheduled = self._apply_sources(old, new)
            if new.alerts.every != old.alerts.every:
                self.scheduler.reschedule_job("alerts", trigger=IntervalTrigger(seconds=new.alerts.every, timezone=UTC))
            if new.crawl.max_parallel != old.crawl.max_parallel:
                log.warning("config reload: crawl.max_parallel takes effect at the next restart")
            self.metrics.reloads.labels("ok").inc()
            log.info(
                "config reloaded: %d source(s); added %s, removed %s, rescheduled %s",
                sum(s.enabled for s in new.sources), added or "none", removed or "none", rescheduled or "none",
            )
            return True

    def _apply_sources(self, old: Settings, new: Settings) -> tuple[list[str], list[str], list[str]]:
        assert self.scheduler is not None and self.engine is not None
        old_sources = {s.name: s for s in old.sources if s.enabled}
        new_sources = {s.name: s for s in new.sources if s.enabled}
        jobs.ensure_sources(self.engine, list(new_sources))
        removed = sorted(set(old_sources) - set(new_sources))
        for name in removed:
            with contextlib.suppress(JobLookupError):
                self.scheduler.remove_job(crawl_job_id(name))
            self._store_next_run(name, None)
        added, rescheduled = [], []
        for name, source in new_sources.items():
            previous = old_sources.get(name)
            if previous is None:
                self._add_source_job(source, resume=True)
                added.append(name)
            elif schedule_changed(previous, source, old.source_every(previous), new.source_every(source)):
                self._add_source_job(source, resume=False)
                rescheduled.append(name)
        return added, removed, rescheduled

    # -- serving --------------------------------------------------------------------------------

    def serve(self, bind: str | None = None, web: bool = True) -> int:
        """Run until stopped: the web app in this (main) thread, signals routed to the daemon."""
        from scheduler.web import serve_web

        signal.signal(signal.SIGHUP, lambda *_: self.request_reload())
        signal.signal(signal.SIGTERM, lambda *_: self.request_stop())
        signal.signal(signal.SIGINT, lambda *_: self.request_stop())
        if not web:
            while not self._stopped.wait(0.5):
                pass
            return 0
        try:
            serve_web(self, bind or self.settings.review.bind)
        except OSError as exc:
            log.error("cannot serve the web app on %s: %s", bind or self.settings.review.bind, exc)
            self.stop()
            return 1
        # The web server ends once the daemon has stopped (or on its own error): make sure of both.
        if not self._stopped.is_set():
            self.stop()
        return 0


def _pid() -> int:
    import os

    return os.getpid()


def _safe_url(url: str) -> str:
    """The database URL without its password, for messages and logs."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url.split("@")[-1]
