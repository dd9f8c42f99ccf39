"""Reads and small writes shared by the CLI, the daemon and the review page. Each takes a session."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, Executable, Select, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, selectinload

from storage.models import Article, Flag, FlagFigure, Source, Watch

Named = TypeVar("Named", Source, Watch)


def dialect_insert(session: Session, model: Any) -> Any:
    """`INSERT` with `on_conflict_do_nothing` for the session's database (SQLite or PostgreSQL)."""
    return insert_for(session.get_bind().dialect.name, model)


def insert_for(dialect: str, model: Any) -> Any:
    """`INSERT` with the ON CONFLICT clauses of `dialect` ('postgresql', else SQLite's), for
    statements built once per dialect and kept."""
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)


def get_or_create_source(session: Session, name: str) -> Source:
    """The Source row of `name`, created if missing; safe when several processes race to create it."""
    return _get_or_create_named(session, Source, name)


def get_or_create_watch(session: Session, name: str) -> Watch:
    """The Watch row of `name`, created if missing (as get_or_create_source)."""
    return _get_or_create_named(session, Watch, name)


def _get_or_create_named(session: Session, model: type[Named], name: str) -> Named:
    row = session.scalar(select(model).where(model.name == name))
    if row is None:
        session.execute(dialect_insert(session, model).values(name=name).on_conflict_do_nothing())
        row = session.scalar(select(model).where(model.name == name))
    assert row is not None
    return row


def rows_changed(session: Session, statement: Executable) -> int:
    """Run a bulk UPDATE or DELETE (no ORM session sync) and return how many rows it changed."""
    result = session.execute(statement, execution_options={"synchronize_session": False})
    return cast("CursorResult[Any]", result).rowcount or 0  # Result is typed; this one has rowcount


def iso(moment: datetime | None) -> str | None:
    """A stored (naive UTC) time as ISO 8601 with its zone, or None."""
    return None if moment is None else moment.isoformat(timespec="seconds") + "Z"


def flag_json(flag: Flag) -> dict[str, Any]:
    """A flag in the JSON shape of the contract (DESIGN.md): used by the CLI and the review page."""
    article = flag.article
    return {
        "id": flag.id,
        "status": flag.status,
        "watch": flag.watch.name,
        "created": iso(flag.created_at),
        "decided_by": flag.decided_by,
        "decided_at": iso(flag.decided_at),
        "note": flag.note,
        "article": {
            "id": article.id,
            "url": article.url,
            "title": article.title,
            "source": article.source.name,
            "published": iso(article.published_at),
        },
        "new_figures": [flag_figure_json(item) for item in flag.new_figures],
    }


def flag_figure_json(item: FlagFigure) -> dict[str, Any]:
    return {**item.figure, "previous": list(item.previous or [])}


def flags_query(
    status: str | None = None, watch: str | None = None, source: str | None = None
) -> Select[Flag]:
    """Flags, open first then newest first, filtered; with what flag_json needs loaded."""
    statement = (
        select(Flag)
        .join(Flag.watch)
        .join(Flag.article)
        .options(
            selectinload(Flag.new_figures),
            selectinload(Flag.watch),
            selectinload(Flag.article).selectinload(Article.source),
        )
    )
    if status:
        statement = statement.where(Flag.status == status)
    if watch:
        statement = statement.where(Watch.name == watch)
    if source:
        statement = statement.join(Article.source).where(Source.name == source)
    open_first = func.coalesce(func.nullif(Flag.status, "open"), "")  # "" sorts before the rest
    return statement.order_by(open_first, Flag.created_at.desc(), Flag.id.desc())
