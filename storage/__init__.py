"""Storage: the SQLAlchemy models, the engine and sessions, queries, and Alembic migrations."""

from storage.db import connect, session_scope, upgrade
from storage.models import Base

__all__ = ["Base", "connect", "session_scope", "upgrade"]
