"""Engines, sessions and migrations.

SQLite is tuned so that several crawl processes and the daemon can write to one file safely: WAL
journal, a busy timeout, foreign keys on. Sessions are opened at the edges (a job, a pipeline, a web
handler) with `session_scope`; the functions in `storage.queries` take the session as a parameter.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 30_000


def connect(url: str, **engine_options: Any) -> Engine:
    """An engine for `url`; SQLite files get their directory, WAL and a busy timeout."""
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[1] if ":///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **engine_options
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own transaction handling defers BEGIN; take it over so that a write
        # transaction starts with BEGIN IMMEDIATE and never fails half-way on a lock upgrade.
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
        return engine
    return create_engine(url, pool_pre_ping=True, **engine_options)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (see connect)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: commits on success, rolls back on any exception."""
    # A plain Session, not sessions(engine): a sessionmaker defines a Session subclass each
    # time it is made, which costs more than a short transaction itself.
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("storage") / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at `url` to `revision` (creating it if need be)."""
    from alembic import command

    if url.startswith("sqlite"):
        connect(url).dispose()  # creates the directory
    command.upgrade(alembic_config(url), revision)


# The newest migration's revision (storage/migrations/versions). Commands compare the database
# with it on every start without loading Alembic (a quarter of a second); a test checks that it
# is Alembic's head.
SCHEMA_REVISION = "0001"


def ensure_schema(url: str) -> Engine:
    """An engine on the database at `url`, migrated first only if it is not at the newest revision.

    Commands call this on every start: checking the revision is cheap, running Alembic is not.
    """
    engine = connect(url)
    if current_revision(engine) != SCHEMA_REVISION:
        upgrade(url)
    return engine


def current_revision(engine: Engine) -> str | None:
    """The database's migration revision; None for a database newsmon has not set up."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
