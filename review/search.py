"""Full-text search over article titles and texts: SQLite FTS5, or PostgreSQL's own full text.

`ensure_search_index(engine)` is idempotent and runs at the review app's start (and may be called
from a migration later): on SQLite it creates an external-content FTS5 table `articles_fts` kept in
sync by triggers, and fills it once; on PostgreSQL a GIN expression index over the same tsvector the
query uses.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from review.text import SNIPPET_CLOSE, SNIPPET_OPEN, fts5_query

log = logging.getLogger(__name__)

PG_DOCUMENT = "to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(text, ''))"

_SQLITE_SETUP = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
        title, text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
]


def ensure_search_index(engine: Engine) -> None:
    """Create the search index if it is missing (cheap when it exists)."""
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            exists = connection.execute(
                text("SELECT 1 FROM sqlite_master WHERE name = 'articles_fts'")
            ).first()
            for statement in _SQLITE_SETUP:
                connection.execute(text(statement))
            if not exists:
                log.info("building the article search index")
                connection.execute(text("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')"))
        elif engine.dialect.name == "postgresql":
            connection.execute(
                text(f"CREATE INDEX IF NOT EXISTS ix_articles_fulltext ON articles USING gin ({PG_DOCUMENT})")
            )


@dataclass(frozen=True, slots=True)
class Hit:
    article_id: int
    title: str | None
    url: str
    source: str
    published: datetime | None
    snippet: str  # with SNIPPET_OPEN / SNIPPET_CLOSE around the matched words


def search_articles(session: Session, query: str, limit: int = 20, offset: int = 0) -> tuple[list[Hit], int]:
    """Articles matching `query`, best first, and how many match in all."""
    if session.get_bind().dialect.name == "postgresql":
        return _search_postgres(session, query, limit, offset)
    return _search_sqlite(session, query, limit, offset)


def _search_sqlite(session: Session, query: str, limit: int, offset: int) -> tuple[list[Hit], int]:
    match = fts5_query(query)
    if not match:
        return [], 0
    total = session.execute(
        text("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :q"), {"q": match}
    ).scalar_one()
    rows = session.execute(
        text(
            """SELECT a.id, a.title, a.url, s.name, a.published_at,
                      snippet(articles_fts, 1, :open, :close, ' … ', 24)
               FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
               JOIN sources s ON s.id = a.source_id
               WHERE articles_fts MATCH :q ORDER BY rank LIMIT :limit OFFSET :offset"""
        ),
        {"q": match, "open": SNIPPET_OPEN, "close": SNIPPET_CLOSE, "limit": limit, "offset": offset},
    ).all()
    return [_hit(row) for row in rows], total


def _search_postgres(session: Session, query: str, limit: int, offset: int) -> tuple[list[Hit], int]:
    if not query.strip():
        return [], 0
    where = f"{PG_DOCUMENT} @@ websearch_to_tsquery('simple', :q)"
    total = session.execute(text(f"SELECT count(*) FROM articles WHERE {where}"), {"q": query}).scalar_one()
    options = f"StartSel={SNIPPET_OPEN}, StopSel={SNIPPET_CLOSE}, MaxWords=40, MinWords=15"
    rows = session.execute(
        text(
            f"""SELECT a.id, a.title, a.url, s.name, a.published_at,
                       ts_headline('simple', a.text, websearch_to_tsquery('simple', :q), :options)
                FROM (SELECT id, ts_rank({PG_DOCUMENT}, websearch_to_tsquery('simple', :q)) AS rank
                      FROM articles WHERE {where}
                      ORDER BY rank DESC, id DESC LIMIT :limit OFFSET :offset) hits
                JOIN articles a ON a.id = hits.id JOIN sources s ON s.id = a.source_id
                ORDER BY hits.rank DESC, a.id DESC"""
        ),
        {"q": query, "options": options, "limit": limit, "offset": offset},
    ).all()
    return [_hit(row) for row in rows], total


def _hit(row: tuple) -> Hit:
    article_id, title, url, source, published, snippet = row
    if isinstance(published, str):  # raw SQL on SQLite hands back the stored text
        published = datetime.fromisoformat(published)
    return Hit(article_id, title, url, source, published, snippet or "")
