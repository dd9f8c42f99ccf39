"""Copying a whole newsmon database to another one, e.g. from SQLite to PostgreSQL when it grows."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, func, insert, select, text

from storage.db import connect, upgrade
from storage.models import Base

BATCH = 2000


def copy_database(
    source_url: str, target_url: str, progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Copy every table from `source_url` into the empty database at `target_url`.

    The target is migrated first and must hold no rows. Rows keep their ids, so links between
    tables survive; PostgreSQL sequences are moved past the copied ids afterwards.
    """
    upgrade(source_url)
    upgrade(target_url)
    source, target = connect(source_url), connect(target_url)
    try:
        _check_empty(target)
        counts: dict[str, int] = {}
        for table in Base.metadata.sorted_tables:
            copied = 0
            with source.connect() as reader, target.begin() as writer:
                result = reader.execution_options(yield_per=BATCH).execute(select(table))
                for rows in result.mappings().partitions(BATCH):
                    writer.execute(insert(table), [dict(row) for row in rows])
                    copied += len(rows)
            counts[table.name] = copied
            if progress:
                progress(table.name, copied)
        if target.dialect.name == "postgresql":
            _advance_sequences(target)
        return counts
    finally:
        source.dispose()
        target.dispose()


def _check_empty(engine: Engine) -> None:
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if connection.scalar(select(func.count()).select_from(table)):
                raise ValueError(f"the target database is not empty (table {table.name} has rows)")


def _advance_sequences(engine: Engine) -> None:
    with engine.begin() as connection:
        for table in Base.metadata.sorted_tables:
            key = table.c.get("id")
            if key is None or not key.autoincrement:
                continue
            connection.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence(:table, 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                ),
                {"table": table.name},
            )
