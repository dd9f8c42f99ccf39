"""`newsmon db copy`: a SQLite database moves to PostgreSQL whole, and keeps working there."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from storage.db import connect, session_scope, upgrade
from storage.models import Article, Source, Url
from tests.helpers import run_newsmon, write_config


def test_copy_sqlite_to_postgres(tmp_path: Path, sqlite_url: str, postgres_url: str) -> None:
    upgrade(sqlite_url)
    engine = connect(sqlite_url)
    with session_scope(engine) as session:
        source = Source(name="wire")
        session.add(source)
        session.flush()
        for n in range(3):
            row = Article(
                url=f"http://127.0.0.1/{n}",
                source_id=source.id,
                text=f"text {n}",
                content_hash=f"{n:064d}",
                title="Tørshavn — “quoted”",
            )
            session.add(row)
            session.flush()
            session.add(Url(url=row.url, source_id=source.id, article_id=row.id, status="stored"))
    engine.dispose()
    config = write_config(
        tmp_path,
        sources=[{"name": "wire", "feeds": ["http://127.0.0.1:9/f"]}],
        database_url=sqlite_url,
    )
    result = run_newsmon("db", "copy", postgres_url, config=config)
    assert result.returncode == 0, result.stderr
    assert "copied 7 rows" in result.stdout

    target = connect(postgres_url)
    with session_scope(target) as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 3
        assert session.scalar(select(Article.title).where(Article.id == 2)) == "Tørshavn — “quoted”"
        # the sequences moved past the copied ids: a new row gets a fresh id
        session.add(
            Article(url="http://127.0.0.1/new", source_id=1, text="t", content_hash="f" * 64)
        )
        session.flush()
        assert session.scalar(select(func.max(Article.id))) == 4
    target.dispose()

    again = run_newsmon("db", "copy", postgres_url, config=config)
    assert again.returncode == 1 and "not empty" in again.stderr
