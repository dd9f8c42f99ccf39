"""`newsmon status` as a real subprocess over a real SQLite file: per-source schedule, runs, health."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from scheduler.locking import write_lease
from storage.db import connect, session_scope, upgrade
from storage.models import Article, CrawlRun, Source, utcnow
from tests.helpers import REPO, run_newsmon, write_config

SOURCES = [
    {"name": "steady", "feeds": ["http://127.0.0.1:9/feed.xml"], "every": "15m"},
    {"name": "broken", "feeds": ["http://127.0.0.1:9/feed.xml"], "cron": "*/5 * * * *"},
    {"name": "fresh", "feeds": ["http://127.0.0.1:9/feed.xml"]},
    {"name": "off", "feeds": ["http://127.0.0.1:9/feed.xml"], "enabled": False},
]


def seed(url: str) -> None:
    upgrade(url)
    engine = connect(url)
    now = utcnow()
    with session_scope(engine) as session:
        steady = Source(name="steady", health="ok", interval=450.0, last_run_at=now - timedelta(minutes=3),
                        last_success_at=now - timedelta(minutes=3), next_run_at=now + timedelta(minutes=4))
        broken = Source(name="broken", health="failing", consecutive_failures=3,
                        last_run_at=now - timedelta(minutes=1), last_success_at=now - timedelta(days=2),
                        last_error="exit code 1: ERROR: Connection refused")
        session.add_all([steady, broken])
        session.flush()
        for index, age in enumerate((timedelta(hours=1), timedelta(hours=5), timedelta(hours=30))):
            session.add(Article(url=f"http://127.0.0.1:9/a{index}", source_id=steady.id, text="text",
                                content_hash=f"{index:064d}", fetched_at=now - age))
        session.add(CrawlRun(source_id=steady.id, trigger="schedule", status="running"))
    engine.dispose()


def test_status_reports_each_source_and_no_daemon(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'newsmon.db'}"
    seed(url)
    config = write_config(tmp_path, SOURCES, database_url=url, crawl={"every": "30m"})
    result = run_newsmon("status", "--json", config=config, check=True)
    report = json.loads(result.stdout)
    assert report["daemon"] == {"running": False}
    by_name = {source["name"]: source for source in report["sources"]}
    assert list(by_name) == ["steady", "broken", "fresh", "off"]
    steady = by_name["steady"]
    assert steady["schedule"] == "every 15m" and steady["interval"] == 450.0
    assert steady["new_articles_24h"] == 2 and steady["health"] == "ok" and steady["running"] is True
    assert steady["next_run"].endswith("Z") and steady["last_success"] is not None
    broken = by_name["broken"]
    assert broken["schedule"] == "cron */5 * * * *"
    assert (broken["health"], broken["consecutive_failures"]) == ("failing", 3)
    assert broken["last_error"] == "exit code 1: ERROR: Connection refused"
    assert broken["new_articles_24h"] == 0
    assert by_name["fresh"] == {
        "name": "fresh", "enabled": True, "schedule": "every 30m", "interval": None, "next_run": None,
        "last_run": None, "last_success": None, "new_articles_24h": 0, "health": "new",
        "consecutive_failures": 0, "last_error": None, "running": False,
    }
    assert by_name["off"]["schedule"] == "disabled"

    text = run_newsmon("status", config=config, check=True).stdout
    assert text.splitlines()[0] == "daemon: not running"
    assert "SOURCE" in text and "HEALTH" in text
    assert "failing (3 failed)" in text and "ok, crawling" in text
    assert "broken: exit code 1: ERROR: Connection refused" in text


def test_status_shows_the_daemon_that_holds_the_lock(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'newsmon.db'}"
    seed(url)
    config = write_config(tmp_path, SOURCES, database_url=url)
    hold = (
        "import sys, time\nfrom pathlib import Path\n"
        "from scheduler.locking import lock_for, write_lease\nfrom storage.db import connect\n"
        "from storage.models import utcnow\n"
        "lock = lock_for(sys.argv[1], Path('.'))\nassert lock.acquire()\n"
        "write_lease(connect(sys.argv[1]), utcnow())\nprint('held', flush=True)\ntime.sleep(60)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", hold, url], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        report = json.loads(run_newsmon("status", "--json", config=config, check=True).stdout)
        assert report["daemon"]["running"] is True and report["daemon"]["pid"] == holder.pid
        text = run_newsmon("status", config=config, check=True).stdout
        assert text.startswith(f"daemon: running (pid {holder.pid} on ")
    finally:
        holder.kill()
        holder.wait()
    # Dead holder: the lock is gone at once, whatever the stale lease row says.
    engine = connect(url)
    write_lease(engine, utcnow())  # a leftover row from a dead daemon
    engine.dispose()
    report = json.loads(run_newsmon("status", "--json", config=config, check=True).stdout)
    assert report["daemon"] == {"running": False}
    assert os.path.exists(tmp_path / "newsmon.db.daemon.lock")
