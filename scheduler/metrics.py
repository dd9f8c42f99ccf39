"""Prometheus metrics of the daemon, on a registry of its own (served at `/metrics`).

Counters and histograms are updated as crawls end; the database-backed figures (articles stored per
source, alerts by status, source health) are read at scrape time by a collector, so they are right
even just after a restart.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import Engine, func, select

from alerts import outbox
from scheduler import policy
from storage.models import Article, Source

log = logging.getLogger(__name__)

DURATION_BUCKETS = (1, 2, 5, 10, 30, 60, 120, 300, 600, 1200, 3600)
HEALTH_STATES = (policy.HEALTH_NEW, policy.HEALTH_OK, policy.HEALTH_FAILING, policy.HEALTH_NO_ARTICLES)


class DaemonMetrics:
    def __init__(self, engine_getter: Callable[[], Engine | None]) -> None:
        self.registry = CollectorRegistry()
        self.crawls = Counter(
            "newsmon_crawls", "Crawls finished, by source and status", ("source", "status"), registry=self.registry
        )
        self.crawl_duration = Histogram(
            "newsmon_crawl_duration_seconds", "Wall-clock duration of crawls", ("source",),
            buckets=DURATION_BUCKETS, registry=self.registry,
        )
        self.running = Gauge("newsmon_crawls_running", "Crawl processes running now", registry=self.registry)
        self.new_articles = Counter(
            "newsmon_crawl_new_articles", "New articles reported by crawls", ("source",), registry=self.registry
        )
        self.job_lag = Gauge(
            "newsmon_scheduler_job_lag_seconds", "How late the last run of each job started", ("job",),
            registry=self.registry,
        )
        self.job_errors = Counter(
            "newsmon_scheduler_job_errors", "Jobs that raised", ("job",), registry=self.registry
        )
        self.reloads = Counter(
            "newsmon_config_reloads", "Config reloads on SIGHUP, by result", ("result",), registry=self.registry
        )
        self.registry.register(DatabaseCollector(engine_getter))


class DatabaseCollector(Collector):
    """Figures read from the database at scrape time."""

    def __init__(self, engine_getter: Callable[[], Engine | None]) -> None:
        self.engine_getter = engine_getter

    def describe(self) -> list[Any]:
        return []  # values come from the database: never collect at registration time

    def collect(self) -> Iterator[GaugeMetricFamily]:
        engine = self.engine_getter()
        if engine is None:
            return
        from storage.db import session_scope

        stored = GaugeMetricFamily("newsmon_articles_stored", "Articles in the database", labels=["source"])
        health = GaugeMetricFamily("newsmon_source_health", "1 for the health state of each source",
                                   labels=["source", "health"])
        failures = GaugeMetricFamily("newsmon_source_consecutive_failures", "Failed crawls in a row",
                                     labels=["source"])
        alerts = GaugeMetricFamily("newsmon_alerts", "Alerts in the outbox, by status", labels=["status"])
        try:
            with session_scope(engine) as session:
                for name, count in session.execute(
                    select(Source.name, func.count(Article.id))
                    .join(Article, Article.source_id == Source.id, isouter=True)
                    .group_by(Source.name)
                ):
                    stored.add_metric([name], count)
                for name, state, failed in session.execute(
                    select(Source.name, Source.health, Source.consecutive_failures)
                ):
                    for candidate in HEALTH_STATES:
                        health.add_metric([name, candidate], 1.0 if candidate == state else 0.0)
                    failures.add_metric([name], failed)
                # Every status, zero included: an alert rule on status="failed" works before the first failure.
                for status, count in outbox.counts(session).items():
                    alerts.add_metric([status], count)
        except Exception as exc:  # a scrape must answer even when the database does not
            log.warning("metrics: cannot read the database: %s", exc)
            return
        yield from (stored, health, failures, alerts)
