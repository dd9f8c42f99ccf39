"""What `newsmon status`, `/healthz` and `/metrics` report about the sources, read from the database.

`describe_schedule` is pure; `source_statuses` takes a session (opened by the caller) and the settings,
and returns one plain dict per configured source, ready for JSON.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsmon.config import Settings, SourceSettings
from storage.models import Article, CrawlRun, Source, utcnow
from storage.queries import iso


def format_duration(seconds: float) -> str:
    """3600 -> '1h', 5400 -> '1h30m', 2.5 -> '2.5s'."""
    if seconds < 60:
        return f"{seconds:g}s"
    parts = []
    remaining = round(seconds)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if remaining >= size:
            count, remaining = divmod(remaining, size)
            parts.append(f"{count}{unit}")
    return "".join(parts)


def describe_schedule(settings: Settings, source: SourceSettings) -> str:
    if not source.enabled:
        return "disabled"
    if source.cron:
        return f"cron {source.cron}"
    return f"every {format_duration(settings.source_every(source))}"


def source_statuses(session: Session, settings: Settings, now: datetime | None = None) -> list[dict[str, Any]]:
    """Per configured source: schedule, next/last run, last success, new in 24 h, health, last error."""
    now = now or utcnow()
    rows = {source.name: source for source in session.scalars(select(Source))}
    since = now - timedelta(hours=24)
    new_24h = dict(
        session.execute(
            select(Source.name, func.count(Article.id))
            .join(Article, Article.source_id == Source.id)
            .where(Article.fetched_at >= since)
            .group_by(Source.name)
        ).all()
    )
    running = {
        name for (name,) in session.execute(
            select(Source.name).join(CrawlRun, CrawlRun.source_id == Source.id).where(CrawlRun.status == "running")
        )
    }
    result = []
    for source in settings.sources:
        row = rows.get(source.name)
        result.append(
            {
                "name": source.name,
                "enabled": source.enabled,
                "schedule": describe_schedule(settings, source),
                "interval": row.interval if row is not None else None,
                "next_run": iso(row.next_run_at) if row is not None and source.enabled else None,
                "last_run": iso(row.last_run_at) if row is not None else None,
                "last_success": iso(row.last_success_at) if row is not None else None,
                "new_articles_24h": int(new_24h.get(source.name, 0)),
                "health": row.health if row is not None else "new",
                "consecutive_failures": row.consecutive_failures if row is not None else 0,
                "last_error": row.last_error if row is not None else None,
                "running": source.name in running,
            }
        )
    return result
