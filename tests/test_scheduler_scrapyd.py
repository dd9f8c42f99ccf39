"""ScrapydRunner against a real `scrapyd` on loopback, running a small Scrapy project of the test's own.

The project's spider is named `source` and plays the crawler's part of the contract: it fetches the
fixture outlet's feed and updates the CrawlRun row it is given (via the config named in the
NEWSMON_CONFIG setting). Scrapyd finds the project through the `[settings]` section of a scrapy.cfg in its directory.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from newsmon.config import load_settings
from scheduler.runners import ScrapydRunner, StopClock
from storage.db import connect, session_scope, upgrade
from storage.models import CrawlRun, Source
from tests.helpers import REPO, OutletServer, newsmon_env, write_config

SPIDER = '''
import scrapy
from newsmon.config import load_settings
from storage.db import connect, session_scope
from storage.models import CrawlRun


class SourceSpider(scrapy.Spider):
    name = "source"

    def __init__(self, source="", run_id="0", url="", **kwargs):
        super().__init__(**kwargs)
        self.source, self.run_id, self.url = source, int(run_id), url

    async def start(self):
        yield scrapy.Request(self.url, callback=self.parse, dont_filter=True)

    def parse(self, response):
        settings = load_settings(self.settings["NEWSMON_CONFIG"])
        engine = connect(settings.database_url)
        with session_scope(engine) as session:
            run = session.get(CrawlRun, self.run_id)
            run.pages_fetched, run.new_articles = 1, response.text.count("<item>")
        engine.dispose()
'''


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def scrapyd_node(tmp_path: Path) -> Iterator[str]:
    home = tmp_path / "scrapyd"
    package = home / "fixtureproject"
    (package / "spiders").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "settings.py").write_text(
        'SPIDER_MODULES = ["fixtureproject.spiders"]\nROBOTSTXT_OBEY = False\nLOG_LEVEL = "INFO"\n'
        "DOWNLOAD_TIMEOUT = 60\nTELNETCONSOLE_ENABLED = False\n"
    )
    (package / "spiders" / "__init__.py").write_text("")
    (package / "spiders" / "source.py").write_text(SPIDER)
    port = free_port()
    (home / "scrapyd.conf").write_text(textwrap.dedent(f"""\
        [scrapyd]
        bind_address = 127.0.0.1
        http_port = {port}
        poll_interval = 0.2
        max_proc = 2
        logs_dir = {home / 'logs'}
        eggs_dir = {home / 'eggs'}
        dbs_dir = {home / 'dbs'}
        """))
    # Scrapyd and Scrapy both find the project in the nearest scrapy.cfg, as in a Scrapy project's own
    # directory; SCRAPY_PROJECT (set by Scrapyd) picks the entry.
    (home / "scrapy.cfg").write_text("[settings]\nnewsmon = fixtureproject.settings\n")
    env = newsmon_env(PYTHONPATH=f"{home}:{REPO}")
    log_path = home / "scrapyd.log"
    with open(log_path, "w") as log:  # a file, not a pipe: nothing reads it while scrapyd runs
        process = subprocess.Popen([sys.executable, "-m", "scrapyd", "--nodaemon"], cwd=home, env=env,
                                   stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(f"{url}/daemonstatus.json", timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"scrapyd did not start: {log_path.read_text()[-2000:]}") from None
            time.sleep(0.2)
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def new_run(url: str, name: str) -> int:
    engine = connect(url)
    with session_scope(engine) as session:
        source = session.scalars(select(Source).where(Source.name == name)).first() or Source(name=name)
        session.add(source)
        session.flush()
        run = CrawlRun(source_id=source.id, trigger="schedule")
        session.add(run)
        session.flush()
        run_id = run.id
    engine.dispose()
    return run_id


class FeedUrlRunner(ScrapydRunner):
    """The test project's spider takes the URL to fetch as one more argument."""

    def __init__(self, *args: object, feed_url: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.feed_url = feed_url

    def _request(self, url: str, form: list[tuple[str, str]] | None = None) -> dict[str, object]:
        if form is not None and url.endswith("/schedule.json"):
            form = [*form, ("url", self.feed_url)]
        return super()._request(url, form)


def test_a_crawl_runs_on_a_scrapyd_node_and_a_hanging_one_is_cancelled(
    scrapyd_node: str, outlet: OutletServer, tmp_path: Path
) -> None:
    outlet.publish("one.html", "<html><head><title>One</title></head><body><p>One.</p></body></html>")
    outlet.publish("two.html", "<html><head><title>Two</title></head><body><p>Two.</p></body></html>")
    db_url = f"sqlite:///{tmp_path / 'newsmon.db'}"
    config = write_config(tmp_path, [{"name": "fixture", "feeds": [f"{outlet.url}/feed.xml"]}], database_url=db_url)
    upgrade(db_url)
    settings = load_settings(config)
    clock = StopClock()
    unreachable = f"http://127.0.0.1:{free_port()}"  # a dead node first: the runner moves on
    runner = FeedUrlRunner([unreachable, scrapyd_node], str(config), 20.0, clock, poll_every=0.2,
                           feed_url=f"{outlet.url}/feed.xml")
    runner._next = 0
    run_id = new_run(settings.database_url, "fixture")
    started: list[int | None] = []
    outcome = runner.run("fixture", run_id, started.append)
    assert outcome.status == "ok", outcome.stderr_tail
    assert started == [None]
    assert "Spider closed (finished)" in outcome.stderr_tail  # the node's log tail came back
    engine = connect(db_url)
    with session_scope(engine) as session:
        run = session.get(CrawlRun, run_id)
        assert run is not None and (run.pages_fetched, run.new_articles) == (1, 2)
    engine.dispose()

    hanging = FeedUrlRunner([scrapyd_node], str(config), 3.0, clock, poll_every=0.2,
                            feed_url=f"{outlet.url}/_/hang")
    begun = time.monotonic()
    outcome = hanging.run("fixture", new_run(db_url, "fixture"), started.append)
    assert outcome.status == "timeout"
    assert 3.0 <= time.monotonic() - begun < 10


def test_no_reachable_node_is_a_failed_run(tmp_path: Path) -> None:
    runner = ScrapydRunner([f"http://127.0.0.1:{free_port()}"], None, 5.0, StopClock())
    outcome = runner.run("fixture", 1, lambda pid: None)
    assert outcome.status == "failed" and "no Scrapyd node took the crawl" in outcome.stderr_tail
