"""`newsmon crawl [SOURCE...]`: crawl now, in the foreground, with progress, then a summary per source.

Each source is crawled by its own process, exactly as the daemon runs it (crawler/process.py), at
most [crawl] max_parallel at once. This command creates each run's row first and follows its
counts in the database while it goes, so the progress shown is what is already committed. Exit 0
when every source's crawl succeeded, 1 when any failed entirely.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import IO, Any

from newsmon.config import Settings

POLL_SECONDS = 0.25
PLAIN_PROGRESS_EVERY = 5.0  # seconds between progress lines when stderr is not a terminal
PIPED_WIDTH = 200  # columns of the summary table when stdout is not a terminal
COLUMNS = ("pages_fetched", "new_articles", "duplicates", "skipped", "errors", "revisited", "updated")
HEADINGS = {"pages_fetched": "pages", "new_articles": "new", "duplicates": "duplicates",
            "skipped": "skipped", "errors": "errors", "revisited": "revisited", "updated": "updated"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "crawl", help="crawl sources now, in the foreground, and print a summary",
        description="Crawl the named sources (default: every enabled source) now, each in its own "
                    "process, showing progress; then print pages fetched, new articles, duplicates, "
                    "skipped pages, errors, and stored articles revisited for edits (and how many "
                    "had changed) per source.",
    )
    parser.add_argument("sources", nargs="*", metavar="SOURCE", help="source names from the config")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--problems", action="store_true",
                        help="list every error and skipped page with its reason after the summary")
    parser.set_defaults(handler=handle)


@dataclass
class Crawl:
    source: str
    run_id: int
    log: IO[bytes]
    process: subprocess.Popen[bytes] | None = None
    started: float = 0.0
    exit_code: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    status: str = "waiting"


def handle(args: argparse.Namespace, settings: Settings) -> int:
    from newsmon.cli import EXIT_USAGE, fail

    names = list(dict.fromkeys(args.sources)) or [s.name for s in settings.sources if s.enabled]
    known = {source.name for source in settings.sources}
    unknown = [name for name in names if name not in known]
    if unknown:
        return fail(f"no source named {', '.join(map(repr, unknown))} in the config "
                    f"(known: {', '.join(sorted(known)) or 'none'})", EXIT_USAGE)
    if not names:
        return fail("no sources to crawl: add [[sources]] to the config", EXIT_USAGE)

    from storage.db import ensure_schema

    engine = ensure_schema(settings.database_url)
    try:
        crawls = _run_all(settings, engine, names, json_output=args.json)
        summary = _summary(engine, crawls)
        problems = _problems(engine, crawls) if args.problems else {}
    finally:
        engine.dispose()
    if args.json:
        for entry in summary:
            if args.problems:
                entry["problems"] = problems.get(entry["run_id"], [])
        json.dump(summary, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        _print_table(summary)
        for entry in summary:
            for problem in problems.get(entry["run_id"], []):
                print(f"{entry['source']}: {problem['kind']}: {problem['url']}: {problem['reason']}")
    failed = [entry["source"] for entry in summary if entry["status"] != "ok"]
    if failed:
        return fail(f"crawl failed for {', '.join(failed)} (see `newsmon status` and the run's errors)")
    return 0


def _run_all(settings: Settings, engine: Any, names: list[str], json_output: bool) -> list[Crawl]:
    from crawler.process import close_crashed_run, crawl_command, crawl_env, start_run

    crawls = [Crawl(name, start_run(engine, name), tempfile.TemporaryFile()) for name in names]  # noqa: SIM115 (closed below)
    pending = list(crawls)
    running: list[Crawl] = []
    display = _Display(crawls, quiet=json_output)
    limit = settings.crawl.time_limit + settings.crawl.grace
    env = crawl_env()
    try:
        while pending or running:
            while pending and len(running) < max(settings.crawl.max_parallel, 1):
                crawl = pending.pop(0)
                crawl.process = subprocess.Popen(
                    crawl_command(settings, crawl.source, crawl.run_id), env=env,
                    stdout=crawl.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                )
                crawl.started, crawl.status = time.monotonic(), "running"
                running.append(crawl)
            _wait_for_one(running, POLL_SECONDS)
            for crawl in list(running):
                assert crawl.process is not None
                if crawl.process.poll() is None and time.monotonic() - crawl.started > limit:
                    _stop(crawl.process)
                    close_crashed_run(engine, crawl.run_id, crawl.process.returncode, "timeout",
                                      f"stopped after the time limit of {limit:g}s")
                if crawl.process.poll() is not None:
                    crawl.exit_code = crawl.process.returncode
                    running.remove(crawl)
                    if crawl.exit_code != 0:
                        close_crashed_run(engine, crawl.run_id, crawl.exit_code, "failed",
                                          _last_line(crawl.log) or f"exit code {crawl.exit_code}")
                    else:
                        close_crashed_run(engine, crawl.run_id, 0, "failed", "ended without closing its run")
            _refresh(engine, crawls)
            display.update()
    except KeyboardInterrupt:
        for crawl in running:
            assert crawl.process is not None
            _stop(crawl.process)
            close_crashed_run(engine, crawl.run_id, crawl.process.returncode, "killed", "interrupted")
        raise
    finally:
        display.close()
    for crawl in crawls:
        if crawl.exit_code not in (0, None):
            crawl.log.seek(0)
            tail = crawl.log.read().decode("utf-8", "replace").strip().splitlines()[-15:]
            print(f"newsmon: the crawl of {crawl.source} exited with {crawl.exit_code}:", file=sys.stderr)
            for line in tail:
                print(f"  {line}", file=sys.stderr)
        crawl.log.close()
    return crawls


def _wait_for_one(running: list[Crawl], seconds: float) -> None:
    """Sleep until the oldest running crawl ends, at most `seconds`: a quick crawl (its feeds
    answer 304) is summed up the moment it ends, not at the next tick."""
    if not running:
        return
    process = running[0].process
    assert process is not None
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(seconds)


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()  # Scrapy closes the spider on SIGTERM, which finishes the run's row
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _last_line(log: IO[bytes]) -> str | None:
    log.seek(0)
    lines = [line for line in log.read().decode("utf-8", "replace").splitlines() if line.strip()]
    errors = [line for line in lines if "Error" in line or "error" in line]
    shown = errors or lines
    return shown[-1] if shown else None


def _refresh(engine: Any, crawls: list[Crawl]) -> None:
    from storage.db import session_scope
    from storage.models import CrawlRun

    with session_scope(engine) as session:
        for crawl in crawls:
            run = session.get(CrawlRun, crawl.run_id)
            if run is not None:
                crawl.counts = {name: getattr(run, name) or 0 for name in (*COLUMNS, "not_modified")}
                if run.status != "running" or crawl.status != "waiting":
                    crawl.status = run.status


def _summary(engine: Any, crawls: list[Crawl]) -> list[dict[str, Any]]:
    from storage.db import session_scope
    from storage.models import CrawlRun
    from storage.queries import iso

    entries = []
    with session_scope(engine) as session:
        for crawl in crawls:
            run = session.get(CrawlRun, crawl.run_id)
            assert run is not None
            entries.append({
                "source": crawl.source, "run_id": run.id, "status": run.status,
                "pages_fetched": run.pages_fetched, "article_requests": run.article_requests,
                "not_modified": run.not_modified, "new_articles": run.new_articles,
                "duplicates": run.duplicates, "skipped": run.skipped, "errors": run.errors,
                "revisited": run.revisited, "updated": run.updated,
                "started_at": iso(run.started_at), "finished_at": iso(run.finished_at),
                "exit_code": run.exit_code, "error_tail": run.error_tail,
            })
    return entries


def _problems(engine: Any, crawls: list[Crawl]) -> dict[int, list[dict[str, str]]]:
    from sqlalchemy import select

    from storage.db import session_scope
    from storage.models import CrawlProblem

    found: dict[int, list[dict[str, str]]] = {}
    with session_scope(engine) as session:
        rows = session.scalars(
            select(CrawlProblem).where(CrawlProblem.run_id.in_([c.run_id for c in crawls])).order_by(CrawlProblem.id)
        )
        for row in rows:
            found.setdefault(row.run_id, []).append({"kind": row.kind, "url": row.url, "reason": row.reason})
    return found


def _print_table(summary: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Crawl summary", title_justify="left")
    table.add_column("source")
    table.add_column("status")
    for name in COLUMNS:
        table.add_column(HEADINGS[name], justify="right")
    table.add_column("not modified", justify="right")
    for entry in summary:
        style = "" if entry["status"] == "ok" else "red"
        table.add_row(entry["source"], entry["status"], *(str(entry[name]) for name in COLUMNS),
                      str(entry["not_modified"]), style=style)
    # Piped into a file or a log, rows never wrap to a made-up 80 columns.
    Console(soft_wrap=True, width=None if sys.stdout.isatty() else PIPED_WIDTH).print(table)


class _Display:
    """Live progress on a terminal (rich), else a plain line per source now and then on stderr."""

    def __init__(self, crawls: list[Crawl], quiet: bool = False) -> None:
        self.crawls = crawls
        self.quiet = quiet
        self.live: Any = None
        self.last_plain = 0.0
        self.reported: set[str] = set()
        if not quiet and sys.stderr.isatty():
            from rich.console import Console
            from rich.live import Live

            self.live = Live(self._table(), console=Console(stderr=True), refresh_per_second=4, transient=True)
            self.live.start()

    def _table(self) -> Any:
        from rich.table import Table

        table = Table(box=None, show_header=True, header_style="bold")
        table.add_column("source")
        table.add_column("state")
        for name in COLUMNS:
            table.add_column(HEADINGS[name], justify="right")
        for crawl in self.crawls:
            table.add_row(crawl.source, crawl.status, *(str(crawl.counts.get(name, 0)) for name in COLUMNS))
        return table

    def update(self) -> None:
        if self.quiet:
            return
        if self.live is not None:
            self.live.update(self._table())
            return
        now = time.monotonic()
        periodic = now - self.last_plain >= PLAIN_PROGRESS_EVERY
        for crawl in self.crawls:
            done = crawl.status not in ("waiting", "running")
            if (done and crawl.source not in self.reported) or (periodic and crawl.status == "running"):
                counts = ", ".join(f"{HEADINGS[name]} {crawl.counts.get(name, 0)}" for name in COLUMNS)
                print(f"{crawl.source}: {crawl.status}: {counts}", file=sys.stderr, flush=True)
                if done:
                    self.reported.add(crawl.source)
        if periodic:
            self.last_plain = now

    def close(self) -> None:
        if self.live is not None:
            self.live.stop()
