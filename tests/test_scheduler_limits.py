"""End to end: a source whose server never answers is cut off at the time limit without delaying
the others, is marked failing, and a SIGTERM during its hanging crawl still exits 0 after the grace."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import psutil

from tests.helpers import OutletServer, run_newsmon, write_config
from tests.test_scheduler_support import DaemonProcess, Database, article_html, wait_for

TIME_LIMIT = 20.0  # [crawl] time_limit is global: the healthy source's crawls must fit in it
GRACE = 2.0
TERM_WAIT = 5.0  # scheduler.runners.TERM_WAIT


def test_a_hanging_source_is_cut_off_without_delaying_the_others(outlet: OutletServer, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'newsmon.db'}"
    outlet.publish("story.html", article_html("story", "A story", day=2))
    config = write_config(
        tmp_path,
        [{"name": "hanging", "feeds": [f"{outlet.url}/_/hang"], "every": "2s"},
         {"name": "healthy", "sitemaps": [f"{outlet.url}/news-sitemap.xml"], "every": "2s"}],
        database_url=url,
        crawl={"time_limit": f"{TIME_LIMIT:g}s", "grace": f"{GRACE:g}s", "download_timeout": "120s",
               "min_every": "1s", "max_every": "4s", "max_parallel": 2},
        alerts={"every": "1h"},
    )
    daemon = DaemonProcess(config, tmp_path / "daemon.log")
    db = Database(url)
    try:
        wait_for(lambda: len(db.articles()) == 1, 40, "the healthy source's article")
        hanging_runs = db.runs("hanging")
        assert hanging_runs and hanging_runs[0].status == "running", "the healthy source waited for the hang"

        wait_for(lambda: db.runs("hanging")[0].status != "running", TIME_LIMIT + 15, "the time limit")
        first = db.runs("hanging")[0]
        assert first.status == "timeout" and first.finished_at is not None
        took = (first.finished_at - first.started_at).total_seconds()
        assert TIME_LIMIT <= took < TIME_LIMIT + TERM_WAIT + 3, took
        assert first.pid is not None and not _alive(first.pid)
        source = db.source("hanging")
        assert source is not None and source.health == "failing" and source.consecutive_failures == 1
        assert "time limit" in (source.last_error or "")
        healthy = db.ended_runs("healthy")
        assert healthy and all(run.exit_code == 0 for run in healthy)
        assert healthy[0].finished_at is not None and healthy[0].finished_at < first.finished_at

        code, health = daemon.healthz()
        assert code == 200 and health["status"] == "degraded" and health["unhealthy_sources"] == ["hanging"]
        status = run_newsmon("status", config=config, timeout=30)
        assert "failing (1 failed)" in status.stdout and "time limit" in status.stdout

        # The failing source keeps being tried (backed off): SIGTERM while it hangs again.
        wait_for(lambda: len(db.runs("hanging")) >= 2 and db.runs("hanging")[-1].pid, 20, "the retry")
        started = time.monotonic()
        daemon.signal(signal.SIGTERM)
        assert daemon.wait(timeout=GRACE + TERM_WAIT + 10) == 0
        assert time.monotonic() - started < GRACE + TERM_WAIT + 4
        last = db.runs("hanging")[-1]
        assert last.status == "killed" and last.pid is not None and not _alive(last.pid)
        assert all(run.status != "running" for run in db.runs())
    finally:
        daemon.kill()
        db.close()


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
