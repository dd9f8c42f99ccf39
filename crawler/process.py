"""Running one crawl of one source as its own process, the way Scrapyd and the daemon do.

    command = crawl_command(settings, "moscowtimes", run_id=42)
    subprocess.run(command, env=crawl_env(), ...)

The process exits 0 when the crawl ran to its end (the run row says how it went: 'ok', or
'failed' when every listing failed) and non-zero when it crashed or could not start (unknown
source, unreadable config, database unreachable); then the caller closes the run row itself with
`close_crashed_run`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from storage import crawlstate
from storage.db import session_scope
from storage.models import CrawlRun

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from newsmon.config import Settings

SETTINGS_MODULE = "crawler.settings"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def crawl_command(
    settings: Settings, source_name: str, run_id: int | None = None, trigger: str | None = None
) -> list[str]:
    """The argv of `python -m scrapy crawl source ...` for one source (run with `crawl_env()`)."""
    command = [sys.executable, "-m", "scrapy", "crawl", "source", "-a", f"source={source_name}"]
    if run_id is not None:
        command += ["-a", f"run_id={run_id}"]
    if trigger:
        command += ["-a", f"trigger={trigger}"]
    if settings.path is not None:
        command += ["-s", f"NEWSMON_CONFIG={Path(settings.path).resolve()}"]
    command += ["-s", f"LOG_LEVEL={settings.logging.level}"]
    return command


def crawl_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a crawl process: Scrapy pointed at crawler.settings, newsmon importable."""
    env = dict(os.environ if base is None else base)
    env["SCRAPY_SETTINGS_MODULE"] = SETTINGS_MODULE
    paths = [str(PROJECT_ROOT), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def start_run(engine: Engine, source_name: str, trigger: str = "manual") -> int:
    """Create the run's row before spawning the process, so progress can be followed at once."""
    with session_scope(engine) as session:
        return crawlstate.start_run(session, source_name, trigger=trigger).id


def close_crashed_run(engine: Engine, run_id: int, exit_code: int | None, status: str, error: str) -> None:
    """After the process ended: record its exit code; finish the run if the process could not."""
    with session_scope(engine) as session:
        run = session.get(CrawlRun, run_id)
        if run is None:
            return
        run.exit_code = exit_code
        if run.status == "running":
            crawlstate.finish_run(session, run_id, status, error=error, exit_code=exit_code)
