"""Retention: what the daemon forgets once it is older than `[storage] retention`.

Old crawl runs and their problems are deleted, old earlier versions of articles too, and the text of
old articles is emptied. Articles themselves, their URLs, figures, ledger rows and flags stay, so
nothing is fetched again, nothing is flagged twice, and every flag keeps its sentence as evidence.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Result, delete, select, update
from sqlalchemy.orm import Session

from storage.models import Article, ArticleVersion, CrawlProblem, CrawlRun


def _rowcount(result: Result[Any]) -> int:
    # Session.execute is typed as Result; a DELETE or UPDATE runs to a CursorResult, with rowcount
    return cast("CursorResult[Any]", result).rowcount or 0


def prune(session: Session, cutoff: datetime) -> dict[str, int]:
    """Forget what is older than `cutoff` (naive UTC). Returns counts by kind."""
    ended_before = (CrawlRun.started_at < cutoff, CrawlRun.status != "running")
    old_runs = select(CrawlRun.id).where(*ended_before)
    problems = session.execute(delete(CrawlProblem).where(CrawlProblem.run_id.in_(old_runs)))
    runs = session.execute(delete(CrawlRun).where(*ended_before))
    versions = session.execute(delete(ArticleVersion).where(ArticleVersion.fetched_at < cutoff))
    texts = session.execute(
        update(Article).where(Article.fetched_at < cutoff, Article.text != "").values(text="")
    )
    return {
        "crawl runs": _rowcount(runs),
        "crawl problems": _rowcount(problems),
        "article versions": _rowcount(versions),
        "article texts": _rowcount(texts),
    }
