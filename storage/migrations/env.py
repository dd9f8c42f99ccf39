"""Alembic environment: runs migrations online against the URL storage.db.upgrade() sets."""

from __future__ import annotations

from alembic import context

from storage.db import connect
from storage.models import Base

config = context.config
engine = connect(config.get_main_option("sqlalchemy.url") or "")
with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
