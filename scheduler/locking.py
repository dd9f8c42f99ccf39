"""One daemon per database: a lock the operating system releases when the holder dies.

- SQLite: `flock` on a file next to the database file (`newsmon.db.daemon.lock`). flock locks belong
  to the open file, so a `kill -9` releases them at once and no stale lock is ever left behind.
- PostgreSQL: `pg_try_advisory_lock` on a dedicated connection, released when that session ends.

The `DaemonLease` row is for display only (`newsmon status`: which host and pid, since when, last
heartbeat); the lock alone decides who runs.
"""

from __future__ import annotations

import fcntl
import os
import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from storage.db import connect, session_scope
from storage.models import DaemonLease, utcnow

LEASE_NAME = "daemon"
# Advisory locks are scoped to one PostgreSQL database, so one constant key serves every database.
ADVISORY_KEY = 0x6E6577736D6F6E  # "newsmon"


class DaemonLock:
    """Acquire once with `acquire()`; hold until `release()` or the process ends."""

    def acquire(self) -> bool:
        raise NotImplementedError

    def release(self) -> None:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError


class FileLock(DaemonLock):
    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: Any = None

    def acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+")  # noqa: SIM115 - held open for the daemon's life
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()} {socket.gethostname()}\n")
        handle.flush()
        self._handle = handle
        return True

    def release(self) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None

    def describe(self) -> str:
        return f"lock file {self.path}"


class AdvisoryLock(DaemonLock):
    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Engine | None = None
        self._connection: Any = None

    def acquire(self) -> bool:
        self._engine = connect(self.url, poolclass=_null_pool())
        connection = self._engine.connect()
        got = bool(connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY}).scalar())
        connection.commit()
        if not got:
            connection.close()
            self._engine.dispose()
            self._engine = None
            return False
        self._connection = connection
        return True

    def release(self) -> None:
        if self._connection is not None:
            try:
                self._connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY})
                self._connection.commit()
            finally:
                self._connection.close()
                self._connection = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def describe(self) -> str:
        return "PostgreSQL advisory lock"


def _null_pool() -> Any:
    from sqlalchemy.pool import NullPool

    return NullPool


def sqlite_path(url: str) -> Path | None:
    if not url.startswith("sqlite") or ":///" not in url:
        return None
    path = url.split(":///", 1)[1].split("?", 1)[0]
    return None if path in ("", ":memory:") else Path(path)


def lock_for(url: str, data_dir: Path) -> DaemonLock:
    """The right lock for the database at `url`."""
    if url.startswith("postgresql"):
        return AdvisoryLock(url)
    path = sqlite_path(url)
    if path is None:  # an in-memory database: only this process can see it anyway
        return FileLock(data_dir / "newsmon.daemon.lock")
    return FileLock(path.with_name(path.name + ".daemon.lock"))


def daemon_running(url: str, data_dir: Path) -> bool:
    """Whether some process holds the daemon lock of this database right now."""
    lock = lock_for(url, data_dir)
    if lock.acquire():
        lock.release()
        return False
    return True


@dataclass(frozen=True, slots=True)
class Lease:
    holder: str
    pid: int
    started_at: datetime
    heartbeat_at: datetime


def write_lease(engine: Engine, started_at: datetime) -> None:
    with session_scope(engine) as session:
        lease = session.get(DaemonLease, LEASE_NAME)
        if lease is None:
            lease = DaemonLease(name=LEASE_NAME, holder="", pid=0)
            session.add(lease)
        lease.holder, lease.pid = socket.gethostname(), os.getpid()
        lease.started_at, lease.heartbeat_at = started_at, utcnow()


def heartbeat(engine: Engine) -> None:
    with session_scope(engine) as session:
        lease = session.get(DaemonLease, LEASE_NAME)
        if lease is not None and lease.pid == os.getpid():
            lease.heartbeat_at = utcnow()


def read_lease(engine: Engine) -> Lease | None:
    with session_scope(engine) as session:
        lease = session.get(DaemonLease, LEASE_NAME)
        if lease is None:
            return None
        return Lease(lease.holder, lease.pid, lease.started_at, lease.heartbeat_at)


def clear_lease(engine: Engine) -> None:
    with session_scope(engine) as session:
        lease = session.get(DaemonLease, LEASE_NAME)
        if lease is not None and lease.pid == os.getpid():
            session.delete(lease)
