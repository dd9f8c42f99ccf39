"""The schema migrates on SQLite and PostgreSQL, and the database enforces the uniqueness that matters."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from storage.db import connect, current_revision, session_scope, upgrade
from storage.models import Article, Source


def test_upgrade_creates_every_table(database_url: str) -> None:
    upgrade(database_url)
    engine = connect(database_url)
    tables = set(inspect(engine).get_table_names())
    assert {"sources", "crawl_runs", "urls", "articles", "ledger", "flags", "alerts"} <= tables
    assert current_revision(engine) == "0001"
    upgrade(database_url)  # idempotent
    engine.dispose()


def test_content_hash_is_unique(database_url: str) -> None:
    upgrade(database_url)
    engine = connect(database_url)
    with session_scope(engine) as session:
        source = Source(name="fixture")
        session.add(source)
        session.flush()
        session.add(
            Article(url="http://127.0.0.1/a", source_id=source.id, text="x", content_hash="h" * 64)
        )
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        session.add(Article(url="http://127.0.0.1/b", source_id=1, text="x", content_hash="h" * 64))
    with session_scope(engine) as session:
        assert session.scalars(select(Article.url)).all() == ["http://127.0.0.1/a"]
    engine.dispose()
