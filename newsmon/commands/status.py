"""`newsmon status`: per source, its schedule, next and last run, last success, new articles in the
last 24 hours, health and last error; and whether a daemon runs on this database."""

from __future__ import annotations

import argparse
import json
from typing import Any

from newsmon.config import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "status", help="per source: schedule, last run, new articles, health, errors; and the daemon"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=handle)


def collect(settings: Settings) -> dict[str, Any]:
    from scheduler.locking import daemon_running, read_lease
    from scheduler.status import source_statuses
    from storage.db import connect, session_scope, upgrade

    upgrade(settings.database_url)  # a fresh install has no tables yet: status still answers
    engine = connect(settings.database_url)
    try:
        running = daemon_running(settings.database_url, settings.storage.data_dir)
        lease = read_lease(engine)
        with session_scope(engine) as session:
            sources = source_statuses(session, settings)
    finally:
        engine.dispose()
    daemon: dict[str, Any] = {"running": running}
    if running and lease is not None:
        daemon.update(
            pid=lease.pid, host=lease.holder,
            started_at=lease.started_at.isoformat(timespec="seconds") + "Z",
            heartbeat_at=lease.heartbeat_at.isoformat(timespec="seconds") + "Z",
        )
    return {"daemon": daemon, "sources": sources}


def _when(value: str | None) -> str:
    return value.replace("T", " ").removesuffix("Z") if value else "-"


def render(report: dict[str, Any]) -> str:
    daemon = report["daemon"]
    if daemon["running"]:
        head = "daemon: running"
        if "pid" in daemon:
            head += f" (pid {daemon['pid']} on {daemon['host']}, since {_when(daemon['started_at'])} UTC)"
    else:
        head = "daemon: not running"
    columns = ("SOURCE", "SCHEDULE", "NEXT RUN", "LAST RUN", "LAST SUCCESS", "NEW 24H", "HEALTH")
    rows = []
    for source in report["sources"]:
        health = source["health"]
        if source["consecutive_failures"]:
            health += f" ({source['consecutive_failures']} failed)"
        if source["running"]:
            health += ", crawling"
        rows.append((
            source["name"], source["schedule"], _when(source["next_run"]), _when(source["last_run"]),
            _when(source["last_success"]), str(source["new_articles_24h"]), health,
        ))
    widths = [max(len(column), *(len(row[i]) for row in rows)) if rows else len(column)
              for i, column in enumerate(columns)]
    lines = [head, "", "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    errors = [(s["name"], s["last_error"]) for s in report["sources"] if s["last_error"]]
    if errors:
        lines += ["", "last errors:"] + [f"  {name}: {error}" for name, error in errors]
    if not rows:
        lines.append("(no sources in the config)")
    return "\n".join(lines)


def handle(args: argparse.Namespace, settings: Settings) -> int:
    from newsmon.cli import fail

    try:
        report = collect(settings)
    except Exception as exc:  # the database cannot be reached: say so in one line
        return fail(f"cannot read the database: {exc}".splitlines()[0])
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(render(report))
    return 0
