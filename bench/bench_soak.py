"""Soak benchmark of the daemon: many scheduled crawl cycles over a small loopback outlet.

Starts the fixture outlet (tests/outlet.py) with a few articles, then `newsmon run` as a real
subprocess with sources polled every second, and watches the database until CYCLES crawl runs have
finished (a cycle is one scheduled crawl of one source, in its own process). It samples the daemon's
own resident memory (not its crawl processes') and its own CPU time, and prints:

- RSS at cycle WARMUP and at the last cycle, and the growth between them (goal: at most 5 MB);
- the daemon's CPU per cycle, as the median over windows of 25 cycles (the scheduler's overhead:
  the crawls' CPU is in their own processes and not counted);
- the median crawl duration and the cycles per minute reached.

New articles are published now and then, so runs alternate between "new" and "nothing new".

    .venv/bin/python bench/bench_soak.py [--cycles 500] [--warmup 50] [--sources 2] [--light]

`--light` measures the same daemon code in this process (scheduler, jobs, runner, database, no web
server) with a stand-in crawl (a bare Python process that fetches the outlet's feed and records its
counts) in place of Scrapy: 500 cycles take minutes instead of the better part of an hour on a
busy machine. The bench's own sampling thread is in the measured process then (it only reads
sqlite3 counts every 50 ms).

Exit status 1 when the memory goal is missed. Loopback only; it stops by itself (at --max-minutes,
with a report of the cycles reached).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.helpers import newsmon_env, start_outlet, write_config  # noqa: E402

MEMORY_GOAL_BYTES = 5 * 1024 * 1024
WINDOW = 25
PUBLISH_EVERY = 20  # cycles between two new articles on the outlet

ARTICLE = """<!doctype html><html><head><title>{title}</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="2026-11-{day:02d}T08:00:00Z"></head>
<body><article><h1>{title}</h1>{paragraphs}</article></body></html>"""


def article(index: int) -> str:
    sentence = (
        f"Report number {index} describes how the regional council met on a cold morning to discuss "
        "the budget for roads, schools and the new library, and how residents asked many questions "
        "about the timing of the works and the cost to households over the coming years. "
    )
    paragraphs = "".join(f"<p>{sentence * 2} Paragraph {p} of story {index}.</p>" for p in range(4))
    return ARTICLE.format(title=f"Council story {index}", day=1 + index % 28, paragraphs=paragraphs)


def finished_runs(db: Path) -> int:
    import sqlite3

    try:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return connection.execute("SELECT count(*) FROM crawl_runs WHERE status != 'running'").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        return 0


def run_statuses(db: Path) -> dict[str, int]:
    import sqlite3

    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return dict(connection.execute("SELECT status, count(*) FROM crawl_runs GROUP BY status").fetchall())
    finally:
        connection.close()


def durations(db: Path) -> list[float]:
    import sqlite3

    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        rows = connection.execute(
            "SELECT (julianday(finished_at) - julianday(started_at)) * 86400 FROM crawl_runs "
            "WHERE finished_at IS NOT NULL"
        ).fetchall()
    finally:
        connection.close()
    return [row[0] for row in rows if row[0] is not None]


STAND_IN_CRAWL = """
import re, sqlite3, sys, urllib.request
db, run_id, feed = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with urllib.request.urlopen(feed, timeout=10) as response:
    body = response.read().decode()
links = re.findall(r"<guid>([^<]+)</guid>", body)
connection = sqlite3.connect(db, timeout=30)
known = {row[0] for row in connection.execute("SELECT url FROM urls")}
new = [link for link in links if link not in known]
connection.executemany("INSERT OR IGNORE INTO urls (url, kind, status, attempts, first_seen_at) "
                       "VALUES (?, 'article', 'stored', 0, datetime('now'))", [(link,) for link in new])
connection.execute("UPDATE crawl_runs SET pages_fetched = 1, article_requests = ?, new_articles = ?, "
                   "duplicates = ? WHERE id = ?", (len(new), len(new), 0, run_id))
connection.commit()
"""


def start_light_daemon(config: Path, db: Path, feed: str) -> tuple[Any, psutil.Process]:
    """The daemon in this process, with stand-in crawls; served on no port."""
    import threading

    from newsmon.config import load_settings
    from newsmon.logs import setup_logging
    from scheduler.daemon import Daemon
    from scheduler.runners import LocalRunner

    settings = load_settings(config)
    setup_logging(settings.logging)
    logging.getLogger("scheduler").setLevel(logging.WARNING)

    def factory(settings: Any, clock: Any) -> LocalRunner:
        def command(source: str, run_id: int) -> list[str]:
            return [sys.executable, "-c", STAND_IN_CRAWL, str(db), str(run_id), feed]

        return LocalRunner(command, dict(os.environ), settings.crawl.time_limit, clock)

    daemon = Daemon(settings, runner_factory=factory)
    daemon.start()
    threading.Thread(target=daemon.wait_stopped, daemon=True).start()
    return daemon, psutil.Process()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cycles", type=int, default=500)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--sources", type=int, default=2)
    parser.add_argument("--light", action="store_true", help="in-process daemon, stand-in crawls")
    parser.add_argument("--max-minutes", type=float, default=60.0, help="stop (and report) after this long")
    args = parser.parse_args()
    # A SIGTERM to the bench ends it through its finally blocks: no daemon or outlet is left behind.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))

    work = Path(tempfile.mkdtemp(prefix="newsmon-soak-"))
    outlet = start_outlet(work / "outlet")
    published = 0
    for _ in range(5):
        outlet.publish(f"story-{published}.html", article(published))
        published += 1
    db = work / "newsmon.db"
    config = write_config(
        work,
        [{"name": f"soak{i}", "feeds": [f"{outlet.url}/feed.xml"], "every": "1s"} for i in range(args.sources)],
        database_url=f"sqlite:///{db}",
        crawl={"min_every": "1s", "max_every": "1s", "max_parallel": 2, "time_limit": "60s", "grace": "5s"},
        alerts={"every": "1h"},
        review={"bind": "127.0.0.1:0"},
    )
    stderr_path = work / "daemon.log"
    daemon: subprocess.Popen[bytes] | None = None
    light: Any = None
    if args.light:
        light, process = start_light_daemon(config, db, f"{outlet.url}/feed.xml")
    else:
        with open(stderr_path, "w") as stderr:
            daemon = subprocess.Popen(
                [sys.executable, "-m", "newsmon", "--config", str(config), "run"],
                cwd=REPO, env=newsmon_env(), stdout=subprocess.DEVNULL, stderr=stderr,
            )
        process = psutil.Process(daemon.pid)
    samples: dict[int, tuple[int, float]] = {}  # cycle -> (rss, own cpu seconds)
    deadline = time.monotonic() + args.max_minutes * 60
    started = time.monotonic()
    code: int | None = None
    try:
        cycles, next_publish_at = 0, PUBLISH_EVERY
        while cycles < args.cycles:
            if daemon is not None and daemon.poll() is not None:
                print(stderr_path.read_text()[-3000:], file=sys.stderr)
                raise SystemExit(f"the daemon exited with {daemon.returncode}")
            if time.monotonic() > deadline:
                print(f"stopping at the {args.max_minutes}-minute cap, cycle {cycles}", file=sys.stderr)
                break
            now_cycles = finished_runs(db)
            if now_cycles != cycles:
                cycles = now_cycles
                times = process.cpu_times()
                samples.setdefault(cycles, (process.memory_info().rss, times.user + times.system))
                if cycles >= next_publish_at:  # some runs find something new, most do not
                    outlet.publish(f"story-{published}.html", article(published))
                    published += 1
                    next_publish_at += PUBLISH_EVERY
            time.sleep(0.05)
        elapsed = time.monotonic() - started
    finally:
        if daemon is not None:
            daemon.send_signal(signal.SIGTERM)
            try:
                code = daemon.wait(timeout=60)
            except subprocess.TimeoutExpired:
                daemon.kill()
                code = -9
        if light is not None:
            light.stop()
            code = 0
        outlet.stop()

    cycles_seen = sorted(samples)
    if not cycles_seen:
        raise SystemExit("no cycle finished")
    warm = min((c for c in cycles_seen if c >= args.warmup), default=cycles_seen[0])
    last = cycles_seen[-1]
    rss_warm, rss_last = samples[warm][0], samples[last][0]
    growth = rss_last - rss_warm
    per_cycle = []
    window_start = warm
    for cycle in cycles_seen:
        if cycle - window_start >= WINDOW:
            per_cycle.append((samples[cycle][1] - samples[window_start][1]) / (cycle - window_start))
            window_start = cycle
    crawl_times = durations(db)
    report = {
        "mode": "light (in-process daemon, stand-in crawls)" if args.light else "newsmon run + Scrapy crawls",
        "cycles": last,
        "rss_at_warmup_mb": round(rss_warm / 2**20, 2),
        "rss_at_end_mb": round(rss_last / 2**20, 2),
        "rss_growth_mb": round(growth / 2**20, 2),
        "rss_goal_mb": MEMORY_GOAL_BYTES / 2**20,
        "daemon_cpu_ms_per_cycle_median": round(statistics.median(per_cycle) * 1000, 2) if per_cycle else None,
        "crawl_seconds_median": round(statistics.median(crawl_times), 2) if crawl_times else None,
        "cycles_per_minute": round(last / elapsed * 60, 1),
        "daemon_cpu_share_of_wall": round((samples[last][1] - samples[warm][1]) / max(elapsed, 1e-9), 4),
        "run_statuses": run_statuses(db),
        "articles_published": published,
        "daemon_exit_code": code,
        "load_average_1m": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(report, indent=2))
    ok = growth <= MEMORY_GOAL_BYTES and code == 0
    print(
        f"RSS cycle {warm} -> {last}: {rss_warm / 2**20:.1f} MB -> {rss_last / 2**20:.1f} MB "
        f"(growth {growth / 2**20:+.2f} MB, goal <= 5 MB: {'PASS' if growth <= MEMORY_GOAL_BYTES else 'FAIL'}); "
        f"daemon CPU per cycle (median of {WINDOW}-cycle windows): {report['daemon_cpu_ms_per_cycle_median']} ms"
    )
    if os.environ.get("NEWSMON_BENCH_KEEP") is None:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
