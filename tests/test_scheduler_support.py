"""Support for the end-to-end daemon tests (no tests here): `newsmon run` as a subprocess, article
pages, database reads."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from storage.db import connect, session_scope
from storage.models import Article, CrawlRun, Source
from tests.helpers import REPO, newsmon_env

WORDS = (
    "The regional council met on Tuesday to discuss the budget for roads, schools and the new public "
    "library, and residents asked many questions about the timing of the works, the closures on the "
    "main street and the cost to households over the coming years, while officials promised answers "
)


def article_html(slug: str, title: str, day: int = 1) -> str:
    """A minimal but real article page: og:title, a published time, an <h1>, paragraphs of 80+ words."""
    paragraphs = "".join(
        f"<p>{WORDS}{WORDS} This is paragraph {n} of the story about {title.lower()} ({slug}).</p>"
        for n in range(4)
    )
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:title" content="{title}">'
        f'<meta property="article:published_time" content="2026-11-{day:02d}T08:00:00Z">'
        f'<meta name="description" content="{title}."></head>'
        f"<body><header><nav><a href='/'>Home</a></nav></header><article><h1>{title}</h1>{paragraphs}"
        "</article><footer>(c) Fixture Outlet</footer></body></html>"
    )


class DaemonProcess:
    """`newsmon --config CONFIG run --bind 127.0.0.1:0` with its stderr in a file."""

    def __init__(self, config: Path, log_path: Path, *extra: str) -> None:
        self.log_path = log_path
        self.log = open(log_path, "w")  # noqa: SIM115 - closed in wait()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "newsmon", "--config", str(config), "run", "--bind", "127.0.0.1:0", *extra],
            cwd=REPO, env=newsmon_env(), stdout=subprocess.DEVNULL, stderr=self.log,
        )
        self._port: int | None = None

    @property
    def pid(self) -> int:
        return self.process.pid

    def text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def port(self, timeout: float = 20) -> int:
        if self._port is None:
            match = wait_for(lambda: re.search(r"listening on http://127\.0\.0\.1:(\d+)", self.text()),
                             timeout, f"the daemon's web port; log:\n{self.text()[-3000:]}")
            self._port = int(match.group(1))
        return self._port

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port()}{path}", timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def healthz(self) -> tuple[int, dict[str, Any]]:
        code, body = self.get("/healthz")
        return code, json.loads(body)

    def signal(self, sig: int) -> None:
        self.process.send_signal(sig)

    def wait(self, timeout: float) -> int:
        try:
            return self.process.wait(timeout=timeout)
        finally:
            self.log.close()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
        self.log.close()


def wait_for(condition: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.1)


class Database:
    """Reads of the daemon's database, each in a short transaction of its own."""

    def __init__(self, url: str) -> None:
        self.engine = connect(url)

    def articles(self) -> list[tuple[str, str, str, int]]:
        """(url, source, content hash, text length) of every stored article."""
        try:
            with session_scope(self.engine) as session:
                return [
                    (article.url, article.source.name, article.content_hash, len(article.text))
                    for article in session.scalars(select(Article).order_by(Article.id))
                ]
        except Exception:  # the tables may not exist yet while the daemon starts
            return []

    def runs(self, source: str | None = None) -> list[CrawlRun]:
        try:
            with session_scope(self.engine) as session:
                query = select(CrawlRun).join(Source).order_by(CrawlRun.id)
                if source is not None:
                    query = query.where(Source.name == source)
                return list(session.scalars(query))
        except Exception:
            return []

    def ended_runs(self, source: str) -> list[CrawlRun]:
        """Runs the daemon has closed (the spider may mark a run done before its process exits)."""
        return [run for run in self.runs(source) if run.exit_code is not None]

    def source(self, name: str) -> Source | None:
        with session_scope(self.engine) as session:
            return session.scalars(select(Source).where(Source.name == name)).first()

    def close(self) -> None:
        self.engine.dispose()


def test_healthz_names_an_unreachable_database_without_its_details(sqlite_url: str) -> None:
    """/healthz answers whoever reaches it: the driver's message (host, user) stays in the log."""
    from types import SimpleNamespace

    from newsmon.config import load_settings
    from scheduler.web import health_report
    from storage.db import connect

    dead = connect("postgresql+psycopg://watcher:s3cret@127.0.0.1:1/newsmon", connect_args={"connect_timeout": 2})
    daemon = SimpleNamespace(
        engine=dead, settings=load_settings(None), running=True,
        clock=SimpleNamespace(stopping=False), jobs_overview=lambda: [],
    )
    code, body = health_report(daemon)  # type: ignore[arg-type]
    dead.dispose()
    assert code == 503 and body["status"] == "unhealthy"
    assert body["database"]["reachable"] is False
    assert body["database"]["error"].startswith("OperationalError")
    assert "127.0.0.1" not in body["database"]["error"] and "watcher" not in body["database"]["error"]
