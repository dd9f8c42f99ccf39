"""The daemon in-process, its crawls as real subprocesses of a stand-in crawl script on a real SQLite file.

The stand-in plays the spider's part of the contract: it updates the CrawlRun row it is given with
counts, then exits (or hangs, or fails), as each source's behaviour file says. The end-to-end tests
with the real crawler and the fixture outlet are in tests/test_cli_run.py.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from newsmon.config import Settings, load_settings
from scheduler.daemon import AlreadyRunning, Daemon
from scheduler.jobs import recover_interrupted_runs
from scheduler.runners import LocalRunner, StopClock
from storage.db import connect, session_scope, upgrade
from storage.models import CrawlRun, Source, Url
from tests.helpers import newsmon_env, write_config

FAKE_CRAWL = '''
import json, sys, time
source, run_id, url, behaviours = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
try:
    behaviour = json.load(open(f"{behaviours}/{source}.json"))
except FileNotFoundError:
    behaviour = {}
time.sleep(behaviour.get("sleep", 0))
values = (behaviour.get("pages", 2), behaviour.get("requests", behaviour.get("new", 0)),
          behaviour.get("new", 0), behaviour.get("skipped", 0), run_id)
sql = "UPDATE crawl_runs SET pages_fetched={0}, article_requests={0}, new_articles={0}, skipped={0} WHERE id={0}"
if url.startswith("sqlite"):  # plain drivers: a stand-in that starts fast even on a busy machine
    import sqlite3
    connection = sqlite3.connect(url.split(":///", 1)[1], timeout=30)
    connection.execute(sql.format("?"), values)
else:
    import psycopg
    connection = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))
    connection.execute(sql.format("%s"), values)
connection.commit()
connection.close()
if behaviour.get("exit"):
    print("ERROR: the stand-in crawl failed on purpose", file=sys.stderr)
sys.exit(behaviour.get("exit", 0))
'''


class Harness:
    def __init__(self, tmp_path: Path, url: str) -> None:
        self.tmp_path, self.url = tmp_path, url
        self.behaviours = tmp_path / "behaviours"
        self.behaviours.mkdir()
        self.script = tmp_path / "fake_crawl.py"
        self.script.write_text(FAKE_CRAWL)
        self.daemons: list[Daemon] = []

    def behave(self, source: str, **behaviour: Any) -> None:
        (self.behaviours / f"{source}.json").write_text(json.dumps(behaviour))

    def config(self, sources: list[str], every: str = "1s", cron: str | None = None, **crawl: Any) -> Settings:
        schedule = {"cron": cron} if cron else {"every": every}
        path = write_config(
            self.tmp_path,
            [{"name": name, "feeds": [f"http://127.0.0.1:9/{name}.xml"], **schedule} for name in sources],
            database_url=self.url,
            crawl={"min_every": "1s", "max_every": "3s", "time_limit": "30s", "grace": "1s", **crawl},
            alerts={"every": "1h"},
        )
        return load_settings(path)

    def runner_factory(self) -> Callable[[Settings, StopClock], LocalRunner]:
        def command(source: str, run_id: int) -> list[str]:
            return [sys.executable, str(self.script), source, str(run_id), self.url, str(self.behaviours)]

        env = newsmon_env()
        return lambda settings, clock: LocalRunner(command, env, settings.crawl.time_limit, clock, term_wait=1.0)

    def start(self, settings: Settings) -> Daemon:
        daemon = Daemon(settings, runner_factory=self.runner_factory())
        daemon.start()
        self.daemons.append(daemon)
        return daemon

    def runs(self, source: str) -> list[CrawlRun]:
        engine = connect(self.url)
        try:
            with session_scope(engine) as session:
                return list(session.scalars(
                    select(CrawlRun).join(Source).where(Source.name == source).order_by(CrawlRun.id)
                ))
        finally:
            engine.dispose()

    def source(self, name: str) -> Source:
        engine = connect(self.url)
        try:
            with session_scope(engine) as session:
                return session.scalars(select(Source).where(Source.name == name)).one()
        finally:
            engine.dispose()

    def wait_for(self, condition: Callable[[], bool], timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, "timed out waiting"
            time.sleep(0.1)


@pytest.fixture
def harness(tmp_path: Path) -> Iterator[Harness]:
    harness = Harness(tmp_path, f"sqlite:///{tmp_path / 'newsmon.db'}")
    yield harness
    for daemon in harness.daemons:
        daemon.stop()


@pytest.fixture
def any_harness(tmp_path: Path, database_url: str) -> Iterator[Harness]:
    """A harness on SQLite, then on PostgreSQL (the advisory lock, the same jobs)."""
    harness = Harness(tmp_path, database_url)
    yield harness
    for daemon in harness.daemons:
        daemon.stop()


def finished(runs: list[CrawlRun]) -> list[CrawlRun]:
    return [run for run in runs if run.status != "running"]


def test_sources_run_on_schedule_and_polling_adapts(any_harness: Harness) -> None:
    harness = any_harness
    harness.behave("busy", new=2)
    harness.behave("quiet", new=0)
    daemon = harness.start(harness.config(["busy", "quiet"]))
    harness.wait_for(lambda: len(finished(harness.runs("busy"))) >= 3 and len(finished(harness.runs("quiet"))) >= 2)
    busy, quiet = harness.source("busy"), harness.source("quiet")
    assert busy.interval == 1.0 and busy.health == "ok" and busy.empty_runs == 0
    assert quiet.interval is not None and quiet.interval > 1.0 and quiet.empty_runs >= 2
    assert quiet.health == "ok"  # quiet but answering: not an error
    assert busy.last_success_at is not None and busy.next_run_at is not None
    assert busy.next_run_at > busy.last_run_at
    run = finished(harness.runs("busy"))[0]
    assert (run.status, run.exit_code, run.trigger, run.new_articles) == ("ok", 0, "schedule", 2)
    assert run.pid and run.finished_at is not None
    assert {job["id"] for job in daemon.jobs_overview()} >= {"crawl:busy", "crawl:quiet", "alerts"}


def test_a_hanging_crawl_is_cut_at_its_limit_without_delaying_the_others(harness: Harness) -> None:
    harness.behave("stuck", sleep=60)
    harness.behave("fine", new=1)
    harness.start(harness.config(["stuck", "fine"], time_limit="4s", max_parallel=2))
    harness.wait_for(lambda: any(run.status == "timeout" for run in harness.runs("stuck")))
    fine_runs = finished(harness.runs("fine"))
    assert len(fine_runs) >= 2 and all(run.status == "ok" for run in fine_runs)
    stuck = harness.source("stuck")
    assert stuck.health == "failing" and stuck.consecutive_failures >= 1
    assert "time limit" in (stuck.last_error or "")
    assert stuck.interval is not None and stuck.interval >= 2.0  # backed off, still scheduled
    assert any(run.finished_at < stuck_run.finished_at for run in fine_runs for stuck_run in harness.runs("stuck")
               if stuck_run.status == "timeout")


def test_failures_are_recorded_and_layout_changes_flagged(harness: Harness) -> None:
    harness.behave("broken", exit=3)
    harness.behave("relayout", pages=5, requests=4, skipped=4, new=0)
    harness.start(harness.config(["broken", "relayout"]))
    harness.wait_for(lambda: bool(finished(harness.runs("broken"))) and bool(finished(harness.runs("relayout"))))
    run = finished(harness.runs("broken"))[0]
    assert (run.status, run.exit_code) == ("failed", 3)
    assert "failed on purpose" in (run.error_tail or "")
    broken = harness.source("broken")
    assert broken.health == "failing" and "exit code 3" in (broken.last_error or "")
    assert harness.source("relayout").health == "no_articles"


def test_a_second_daemon_on_the_same_database_is_refused(any_harness: Harness) -> None:
    harness = any_harness
    settings = harness.config(["one"], every="1h")
    harness.start(settings)
    with pytest.raises(AlreadyRunning, match="another newsmon daemon already runs"):
        Daemon(settings, runner_factory=harness.runner_factory()).start()


def test_reload_adds_removes_and_keeps_a_running_config_on_errors(harness: Harness) -> None:
    harness.behave("first", new=1)
    harness.behave("second", new=1)
    daemon = harness.start(harness.config(["first"], every="1h"))
    harness.wait_for(lambda: bool(finished(harness.runs("first"))))
    harness.config(["second"], every="1h")  # rewrites the same file
    assert daemon.reload()
    harness.wait_for(lambda: bool(finished(harness.runs("second"))))
    ids = {job["id"] for job in daemon.jobs_overview()}
    assert "crawl:second" in ids and "crawl:first" not in ids
    # A changed schedule counts from the last run, not from the reload: no surprise crawl.
    harness.config(["second"], every="2h")
    assert daemon.reload()
    source = harness.source("second")
    assert source.last_run_at is not None and source.next_run_at is not None and source.interval == 7200
    assert abs((source.next_run_at - source.last_run_at).total_seconds() - 7200) < 5
    assert len(harness.runs("second")) == 1
    # A broken file is reported and the running config kept.
    assert daemon.settings.path is not None
    daemon.settings.path.write_text("[crawl]\nevery = 'soon'\n")
    assert not daemon.reload()
    assert [s.name for s in daemon.settings.sources] == ["second"]
    assert "crawl:second" in {job["id"] for job in daemon.jobs_overview()}


def test_stop_ends_crawls_after_the_grace(harness: Harness) -> None:
    harness.behave("slow", sleep=60)
    daemon = harness.start(harness.config(["slow"], grace="1s"))
    harness.wait_for(lambda: any(run.pid for run in harness.runs("slow")))
    started = time.monotonic()
    daemon.stop()
    assert time.monotonic() - started < 5
    assert [run.status for run in harness.runs("slow")] == ["killed"]
    assert not daemon.running


def test_runs_left_by_a_dead_daemon_are_marked_killed_and_their_process_ended(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'newsmon.db'}"
    upgrade(url)
    engine = connect(url)
    orphan = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)", "-a", "run_id=1"], start_new_session=True
    )
    try:
        with session_scope(engine) as session:
            source = Source(name="fixture")
            session.add(source)
            session.flush()
            session.add(CrawlRun(source_id=source.id, trigger="schedule", status="running", pid=orphan.pid))
            session.add(CrawlRun(source_id=source.id, trigger="manual", status="running", pid=12345))
            # The dead crawl saved its feed's validators: a 304 next time would hide what it missed.
            session.add(Url(url="http://127.0.0.1:9/feed.xml", source_id=source.id, kind="feed",
                            status="listing", etag='"abc"', last_modified="Mon, 23 Nov 2026 08:00:00 GMT"))
        assert recover_interrupted_runs(engine, term_wait=1.0) == [1]
        assert orphan.wait(timeout=5) is not None
        with session_scope(engine) as session:
            statuses = [(r.trigger, r.status) for r in session.scalars(select(CrawlRun).order_by(CrawlRun.id))]
        assert statuses == [("schedule", "killed"), ("manual", "running")]
        with session_scope(engine) as session:
            feed = session.scalars(select(Url)).one()
            assert (feed.etag, feed.last_modified) == (None, None)
    finally:
        orphan.kill()
        engine.dispose()


def test_a_cron_source_runs_at_once_then_on_its_crontab(harness: Harness) -> None:
    harness.behave("nightly", new=1)
    daemon = harness.start(harness.config(["nightly"], cron="30 3 * * *"))
    harness.wait_for(lambda: bool(harness.runs("nightly")) and harness.runs("nightly")[0].exit_code is not None)
    harness.wait_for(lambda: harness.source("nightly").next_run_at is not None
                     and harness.source("nightly").next_run_at.hour == 3)
    next_run = harness.source("nightly").next_run_at
    assert (next_run.hour, next_run.minute, next_run.second) == (3, 30, 0)  # no jitter configured
    job = next(job for job in daemon.jobs_overview() if job["id"] == "crawl:nightly")
    assert job["next_run"].startswith(next_run.strftime("%Y-%m-%dT03:30:00"))
    assert len(harness.runs("nightly")) == 1


def test_max_parallel_bounds_the_crawls_running_at_once(harness: Harness) -> None:
    for name in ("one", "two", "three"):
        harness.behave(name, sleep=0.6, new=1)
    harness.start(harness.config(["one", "two", "three"], max_parallel=1))
    harness.wait_for(lambda: sum(len(finished(harness.runs(n))) for n in ("one", "two", "three")) >= 4)
    spans = sorted(
        (run.started_at, run.finished_at)
        for name in ("one", "two", "three") for run in finished(harness.runs(name))
    )
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert start >= end, "two crawls ran at once with max_parallel = 1"
    assert {name for name in ("one", "two", "three") if finished(harness.runs(name))} >= {"one", "two"}
