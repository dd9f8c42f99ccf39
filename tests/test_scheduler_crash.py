"""End to end: `kill -9` of the daemon in the middle of a crawl, then a restart, loses nothing and
duplicates nothing; the interrupted run is marked killed and its orphaned crawl process ended."""

from __future__ import annotations

import signal
from pathlib import Path

import psutil

from tests.helpers import OutletServer, write_config
from tests.test_scheduler_support import DaemonProcess, Database, article_html, wait_for

ARTICLES = 10


def test_kill_9_mid_crawl_then_restart_loses_and_duplicates_nothing(outlet: OutletServer, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'newsmon.db'}"
    expected = {
        outlet.publish(f"story-{n}.html", article_html(f"story-{n}", f"Story number {n}", day=1 + n))
        for n in range(ARTICLES)
    }
    config = write_config(
        tmp_path,
        [{"name": "fixture", "feeds": [f"{outlet.url}/feed.xml"], "every": "2s"}],
        database_url=url,
        # One page at a time with a pause: the crawl is still going when the daemon is killed.
        crawl={"concurrency_per_domain": 1, "download_delay": "1s", "time_limit": "60s", "grace": "5s",
               "min_every": "1s", "max_every": "3s"},
        alerts={"every": "1h"},
    )
    db = Database(url)
    first = DaemonProcess(config, tmp_path / "first.log")
    second: DaemonProcess | None = None
    try:
        wait_for(lambda: len(db.articles()) >= 2, 40, "the first articles")
        run = db.runs("fixture")[0]
        assert run.status == "running" and run.pid, "the crawl ended before the daemon could be killed"
        first.signal(signal.SIGKILL)
        first.wait(timeout=10)
        orphan = run.pid
        stored_at_kill = len(db.articles())
        assert stored_at_kill < ARTICLES

        second = DaemonProcess(config, tmp_path / "second.log")
        wait_for(lambda: "marked 1 interrupted crawl run(s) as killed" in second.text(), 30, "the recovery")
        assert not _alive(orphan)
        wait_for(lambda: len(db.articles()) >= ARTICLES, 60, "every article after the restart")
        wait_for(lambda: db.ended_runs("fixture"), 30, "a run of the restarted daemon to end")
        articles = db.articles()
        urls = [article[0] for article in articles]
        assert sorted(urls) == sorted(expected)  # nothing missing, nothing extra
        assert len({article[2] for article in articles}) == ARTICLES  # one content hash each
        assert all(length > 300 for *_, length in articles)  # no half-stored article
        runs = db.runs("fixture")
        assert runs[0].status == "killed" and "daemon stopped during this crawl" in (runs[0].error_tail or "")

        second.signal(signal.SIGTERM)
        assert second.wait(timeout=30) == 0
        assert len(db.articles()) == ARTICLES
    finally:
        first.kill()
        if second is not None:
            second.kill()
        db.close()


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
