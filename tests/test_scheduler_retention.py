"""Retention (the daemon's retention job): old crawl history, old versions and old texts go; the
articles, their URLs and everything that keeps dedupe and novelty right stay."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from storage.db import connect, session_scope, upgrade
from storage.models import Article, ArticleVersion, CrawlProblem, CrawlRun, Source, Url, utcnow
from storage.retention import prune


def test_prune_forgets_old_history_and_text_but_keeps_articles(database_url: str) -> None:
    upgrade(database_url)
    engine = connect(database_url)
    now = utcnow()
    old, recent = now - timedelta(days=400), now - timedelta(days=2)
    with session_scope(engine) as session:
        source = Source(name="fixture")
        session.add(source)
        session.flush()
        old_run = CrawlRun(source_id=source.id, started_at=old, status="ok")
        new_run = CrawlRun(source_id=source.id, started_at=recent, status="ok")
        stuck = CrawlRun(source_id=source.id, started_at=old, status="running")
        session.add_all([old_run, new_run, stuck])
        session.flush()
        session.add_all([
            CrawlProblem(run_id=old_run.id, url="http://127.0.0.1/x", kind="error", reason="gone"),
            CrawlProblem(run_id=new_run.id, url="http://127.0.0.1/y", kind="error", reason="gone"),
        ])
        old_article = Article(url="http://127.0.0.1/old", source_id=source.id, text="old text",
                              content_hash="a" * 64, fetched_at=old)
        new_article = Article(url="http://127.0.0.1/new", source_id=source.id, text="new text",
                              content_hash="b" * 64, fetched_at=recent)
        session.add_all([old_article, new_article])
        session.flush()
        session.add(Url(url="http://127.0.0.1/old", source_id=source.id, article_id=old_article.id, status="stored"))
        session.add(ArticleVersion(article_id=old_article.id, content_hash="c" * 64, text="v1", fetched_at=old))
        session.add(ArticleVersion(article_id=new_article.id, content_hash="d" * 64, text="v1", fetched_at=recent))
    with session_scope(engine) as session:
        removed = prune(session, now - timedelta(days=365))
    assert removed == {"crawl runs": 1, "crawl problems": 1, "article versions": 1, "article texts": 1}
    with session_scope(engine) as session:
        assert sorted(session.scalars(select(CrawlRun.status))) == ["ok", "running"]
        assert session.scalar(select(func.count(CrawlProblem.id))) == 1
        texts = dict(session.execute(select(Article.url, Article.text)).all())
        assert texts == {"http://127.0.0.1/old": "", "http://127.0.0.1/new": "new text"}
        assert session.scalar(select(func.count(Url.id))) == 1  # never fetched again
        assert session.scalar(select(func.count(ArticleVersion.id))) == 1
    with session_scope(engine) as session:  # idempotent
        assert not any(prune(session, now - timedelta(days=365)).values())
    engine.dispose()
