"""`newsmon run` end to end: the daemon as a real subprocess, the real crawler, a loopback outlet.

Schedules are a few seconds long. Articles appear on schedule and new ones are picked up on later
runs; /healthz and /metrics answer; a second daemon on the same database is refused; SIGHUP with a
new source starts crawling it; SIGTERM exits 0 within the grace.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

from tests.helpers import OutletServer, run_newsmon, start_outlet, write_config
from tests.test_scheduler_support import DaemonProcess, Database, article_html, wait_for


def test_daemon_crawls_on_schedule_reloads_on_sighup_and_stops_on_sigterm(
    outlet: OutletServer, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'newsmon.db'}"
    for index in range(3):
        outlet.publish(f"first-{index}.html", article_html(f"first-{index}", f"First story {index}", day=1 + index))
    crawl = {"min_every": "1s", "max_every": "3s", "grace": "10s", "time_limit": "30s"}
    source = {"name": "fixture", "sitemaps": [f"{outlet.url}/news-sitemap.xml"], "every": "2s"}
    config = write_config(tmp_path, [source], database_url=url, crawl=crawl, alerts={"every": "1h"})
    daemon = DaemonProcess(config, tmp_path / "daemon.log")
    db = Database(url)
    second_outlet = start_outlet(tmp_path / "outlet2")
    try:
        wait_for(lambda: len(db.articles()) == 3, 30, "the first three articles")
        # A new story is picked up by a later scheduled run, without anything else happening.
        outlet.publish("later.html", article_html("later", "A later story", day=9))
        wait_for(lambda: len(db.articles()) == 4, 20, "the later article")
        runs = wait_for(lambda: db.ended_runs("fixture")[1:] and db.ended_runs("fixture"), 20, "two ended runs")
        assert all(run.status == "ok" and run.trigger == "schedule" for run in runs)
        assert all(run.exit_code == 0 and run.pid for run in runs)
        assert runs[0].new_articles == 3

        code, health = daemon.healthz()
        assert code == 200 and health["status"] == "ok" and health["database"]["reachable"]
        assert health["scheduler"]["running"] is True
        assert {"crawl:fixture", "alerts"} <= {job["id"] for job in health["scheduler"]["jobs"]}
        assert [s["name"] for s in health["sources"]] == ["fixture"] and health["sources"][0]["health"] == "ok"
        code, metrics = daemon.get("/metrics")
        assert code == 200
        assert 'newsmon_articles_stored{source="fixture"} 4.0' in metrics
        ok_line = next(line for line in metrics.splitlines()
                       if line.startswith('newsmon_crawls_total{source="fixture",status="ok"}'))
        assert float(ok_line.split()[-1]) >= 2
        assert "newsmon_crawl_duration_seconds_bucket" in metrics and "newsmon_crawls_running" in metrics

        # A second daemon on the same database is refused at once.
        started = time.monotonic()
        refused = run_newsmon("run", "--bind", "127.0.0.1:0", config=config, timeout=30)
        assert refused.returncode == 1 and time.monotonic() - started < 15
        assert "another newsmon daemon already runs" in refused.stderr
        assert f"pid {daemon.pid}" in refused.stderr

        # SIGHUP with a new source: it is crawled without a restart.
        second_outlet.publish("elsewhere.html", article_html("elsewhere", "A story elsewhere", day=3))
        other = {"name": "other", "sitemaps": [f"{second_outlet.url}/news-sitemap.xml"], "every": "2s"}
        write_config(tmp_path, [source, other], database_url=url, crawl=crawl, alerts={"every": "1h"})
        daemon.signal(signal.SIGHUP)
        wait_for(lambda: any(name == "other" for _, name, _, _ in db.articles()), 20, "the new source's article")
        assert "config reloaded" in daemon.text()
        # A broken config on SIGHUP is reported and the running one kept.
        config.write_text("[crawl]\nevery = 'often'\n")
        daemon.signal(signal.SIGHUP)
        wait_for(lambda: "config reload failed" in daemon.text(), 10, "the reload error in the log")
        assert daemon.healthz()[0] == 200

        started = time.monotonic()
        daemon.signal(signal.SIGTERM)
        assert daemon.wait(timeout=15) == 0
        assert time.monotonic() - started < 12  # within the 10 s grace (and a little)
        assert all(run.status != "running" for run in db.runs())
        articles = db.articles()
        assert len(articles) == 5 and len({a[0] for a in articles}) == 5 and len({a[2] for a in articles}) == 5
        status = run_newsmon("status", config=tmp_path / "newsmon.toml", timeout=30)
        assert status.returncode == 2  # the broken file is still broken: config errors exit 2
    finally:
        daemon.kill()
        second_outlet.stop()
        db.close()


def test_a_database_that_cannot_be_reached_is_one_clear_line(tmp_path: Path) -> None:
    config = write_config(
        tmp_path, [{"name": "fixture", "feeds": ["http://127.0.0.1:9/feed.xml"], "every": "1h"}],
        database_url="postgresql+psycopg://newsmon:secret@127.0.0.1:9/newsmon",
    )
    result = run_newsmon("run", "--bind", "127.0.0.1:0", config=config, timeout=60)
    assert result.returncode == 1
    assert result.stderr.startswith("newsmon: cannot start the daemon:")
    assert "Traceback" not in result.stderr and "secret" not in result.stderr


def test_a_busy_web_port_stops_the_daemon_with_exit_1(tmp_path: Path) -> None:
    import socket

    config = write_config(
        tmp_path, [{"name": "fixture", "feeds": ["http://127.0.0.1:9/feed.xml"], "every": "1h"}],
        crawl={"grace": "0s"},
    )
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = run_newsmon("run", "--bind", f"127.0.0.1:{port}", config=config, timeout=60)
    assert result.returncode == 1
    assert f"cannot serve the web app on 127.0.0.1:{port}" in result.stderr
    # The lock went with the process: the next start is not refused.
    status = run_newsmon("status", "--json", config=config, timeout=30)
    assert '"running": false' in status.stdout
