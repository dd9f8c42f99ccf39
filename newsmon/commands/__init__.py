"""One module per `newsmon` subcommand; each has `register(subparsers)`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from newsmon.config import Settings


@contextmanager
def database_session(settings: Settings) -> Iterator[Session]:
    """One transaction on the configured database, migrated first (commands run on any version)."""
    from storage.db import ensure_schema, session_scope

    engine = ensure_schema(settings.database_url)
    try:
        with session_scope(engine) as session:
            yield session
    finally:
        engine.dispose()
