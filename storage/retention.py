"""Retention: what the daemon forgets once it is older than `[storage] retention`.

Old crawl runs and their problems are deleted, old earlier versions of articles too, and the text of
old articles is emptied. Articles themselves, their URLs, figures, ledger rows and flags stay, so
nothing is fetched again, nothing is flagged twice, and every flag keeps its sentence as evidence.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from storage.models import Article, ArticleVersion, CrawlProblem, CrawlRun
from storage.queries import rows_changed


def prune(session: Session, cutoff: datetime) -> dict[str, int]:
    """Forget what is older than `cutoff` (naive UTC). Returns counts by kind."""
    ended_before = (CrawlRun.started_at < cutoff, CrawlRun.status != "running")
    old_runs = select(CrawlRun.id).where(*ended_before)
    problems = rows_changed(session, delete(CrawlProblem).where(CrawlProblem.run_id.in_(old_runs)))
    runs = rows_changed(session, delete(CrawlRun).where(*ended_before))
    versions = rows_changed(session, delete(ArticleVersion).where(ArticleVersion.fetched_at < cutoff))
    texts = rows_changed(
        session, update(Article).where(Article.fetched_at < cutoff, Article.text != "").values(text="")
    )
    return {
        "crawl runs": runs,
        "crawl problems": problems,
        "article versions": versions,
        "article texts": texts,
    }
