"""One daemon per database: the lock refuses a second holder and dies with its process."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scheduler.locking import (
    AdvisoryLock,
    FileLock,
    clear_lease,
    daemon_running,
    lock_for,
    read_lease,
    write_lease,
)
from storage.db import connect, upgrade
from storage.models import utcnow
from tests.helpers import REPO

HOLD = (
    "import sys, time\n"
    "from scheduler.locking import lock_for\n"
    "from pathlib import Path\n"
    "lock = lock_for(sys.argv[1], Path(sys.argv[2]))\n"
    "print('got' if lock.acquire() else 'refused', flush=True)\n"
    "time.sleep(60)\n"
)


def hold_in_subprocess(url: str, data_dir: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, "-c", HOLD, url, str(data_dir)], cwd=REPO,
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "got"
    return process


def test_sqlite_lock_file_sits_next_to_the_database(tmp_path: Path) -> None:
    lock = lock_for(f"sqlite:///{tmp_path}/db/newsmon.db", tmp_path / "data")
    assert isinstance(lock, FileLock) and lock.path == tmp_path / "db" / "newsmon.db.daemon.lock"
    assert isinstance(lock_for("postgresql+psycopg://u@h/db", tmp_path), AdvisoryLock)


def test_a_second_holder_is_refused_until_the_first_releases(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/newsmon.db"
    first, second = lock_for(url, tmp_path), lock_for(url, tmp_path)
    assert first.acquire()
    assert not second.acquire()
    assert daemon_running(url, tmp_path)
    first.release()
    assert not daemon_running(url, tmp_path)
    assert second.acquire()
    second.release()


def test_kill_9_leaves_no_stale_lock(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/newsmon.db"
    holder = hold_in_subprocess(url, tmp_path)
    try:
        assert daemon_running(url, tmp_path)
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=5)
        assert not daemon_running(url, tmp_path)
    finally:
        holder.kill()


@pytest.mark.postgres
def test_postgres_advisory_lock_is_per_database_and_dies_with_its_session(
    postgres_url: str, tmp_path: Path
) -> None:
    holder = hold_in_subprocess(postgres_url, tmp_path)
    try:
        assert daemon_running(postgres_url, tmp_path)
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=5)
        deadline = time.monotonic() + 10  # the server notices the dead session shortly
        while daemon_running(postgres_url, tmp_path):
            assert time.monotonic() < deadline, "the advisory lock outlived its session"
            time.sleep(0.1)
    finally:
        holder.kill()
    lock = lock_for(postgres_url, tmp_path)
    assert lock.acquire()
    lock.release()


def test_the_lease_row_names_the_holder(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/newsmon.db"
    upgrade(url)
    engine = connect(url)
    try:
        assert read_lease(engine) is None
        started = utcnow()
        write_lease(engine, started)
        lease = read_lease(engine)
        import os

        assert lease is not None and lease.pid == os.getpid() and lease.started_at == started
        clear_lease(engine)
        assert read_lease(engine) is None
    finally:
        engine.dispose()
