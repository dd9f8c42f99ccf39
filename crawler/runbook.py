"""The crawl run's record, as the spider and the middlewares write it: one engine, short transactions.

Each method is one transaction through storage/crawlstate.py, committed at once, so a crawl killed
at any moment leaves a run whose counts and problems are true up to that moment.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session

from crawler.revisit import due_for_revisit
from storage import crawlstate
from storage.crawlstate import Validators
from storage.db import SQLITE_BUSY_TIMEOUT_MS, connect, session_scope
from storage.models import CrawlRun, utcnow
from storage.queries import get_or_create_source

log = logging.getLogger(__name__)


class RunBook:
    def __init__(self, engine: Engine, source: str, run_id: int, source_id: int) -> None:
        self.engine = engine
        self.source = source
        self.run_id = run_id
        self.source_id = source_id
        # Reads (is this URL known? the validators of a feed) need no write lock. storage.db makes
        # every SQLite transaction BEGIN IMMEDIATE, which would serialise them with every writer.
        url = engine.url.render_as_string(hide_password=False)
        self.reader = (
            create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
            if engine.dialect.name == "sqlite"
            else engine
        )

    @classmethod
    def open(cls, database_url: str, source: str, run_id: int | None = None, trigger: str = "manual") -> RunBook:
        """Connect, and create the run's row unless the caller (the daemon, `newsmon crawl`) did."""
        engine = connect(database_url)
        with session_scope(engine) as session:
            source_row = get_or_create_source(session, source)
            if run_id is None:
                run_id = crawlstate.start_run(session, source, trigger=trigger, pid=os.getpid()).id
            else:
                run = session.get(CrawlRun, run_id)
                if run is None:
                    engine.dispose()
                    raise LookupError(f"no crawl run {run_id} in the database")
                run.pid = os.getpid()
            source_id = source_row.id
        return cls(engine, source, run_id, source_id)

    def known(self, urls: Iterable[str]) -> set[str]:
        with Session(self.reader) as session:
            return crawlstate.known_urls(session, urls)

    def due_for_revisit(self, changed: Mapping[str, datetime], window: timedelta) -> set[str]:
        """Those stored URLs (with the date their listing gives) that a revisit should fetch again."""
        if window <= timedelta(0) or not changed:
            return set()
        now = utcnow()
        with Session(self.reader) as session:
            pages = crawlstate.stored_pages(session, changed, now - window)
        return {url for url, page in pages.items() if due_for_revisit(changed[url], page, now, window)}

    def urls_to_retry(self, limit: int) -> list[str]:
        with Session(self.reader) as session:
            return crawlstate.urls_to_retry(session, self.source_id, limit)

    def validators(self, url: str) -> Validators | None:
        with Session(self.reader) as session:
            return crawlstate.validators(session, url)

    def listing_fetched(
        self, url: str, kind: str, http_status: int, validators: Validators | None, problem: str | None
    ) -> None:
        with session_scope(self.engine) as session:
            crawlstate.save_listing(session, url, self.source_id, kind, http_status, validators)
            crawlstate.add_counts(session, self.run_id, pages_fetched=1, not_modified=int(http_status == 304))
            if problem:
                crawlstate.record_problem(session, self.run_id, url, "error", problem)

    def keep_validators(self, listings: dict[str, tuple[str, int, Validators]]) -> None:
        """Save the validators of listings read in full (url -> kind, HTTP status, validators)."""
        with session_scope(self.engine) as session:
            for url, (kind, http_status, validators) in listings.items():
                crawlstate.save_listing(session, url, self.source_id, kind, http_status, validators)

    def listing_failed(self, url: str, reason: str, fetched: bool) -> None:
        with session_scope(self.engine) as session:
            crawlstate.add_counts(session, self.run_id, pages_fetched=int(fetched))
            crawlstate.record_problem(session, self.run_id, url, "error", reason)

    def article_failed(self, url: str, kind: str, reason: str, fetched: bool, requested: bool,
                       http_status: int | None = None) -> None:
        """An article request that produced no page to extract (HTTP error, timeout, robots...)."""
        with session_scope(self.engine) as session:
            crawlstate.add_counts(
                session, self.run_id, pages_fetched=int(fetched), article_requests=int(requested)
            )
            crawlstate.record_problem(session, self.run_id, url, kind, reason)
            if kind == "error":
                crawlstate.mark_url(session, url, self.source_id, "error", reason=reason, http_status=http_status)

    def revisit_failed(self, url: str, kind: str, reason: str, fetched: bool, requested: bool,
                       listed_changed: datetime | None) -> None:
        """A revisit that brought no page back: recorded, while the stored page keeps its status
        (and the listing's date is remembered, so that date is not tried again)."""
        with session_scope(self.engine) as session:
            crawlstate.add_counts(
                session, self.run_id, pages_fetched=int(fetched), article_requests=int(requested),
                revisited=int(requested),
            )
            crawlstate.record_problem(session, self.run_id, url, kind, f"revisit: {reason}")
            crawlstate.mark_checked(session, url, listed_changed, fetched=False)

    def finish(self, status: str, error: str | None = None) -> None:
        try:
            with session_scope(self.engine) as session:
                run = crawlstate.finish_run(session, self.run_id, status, error=error)
                log.info("crawl run %s of %s finished: %s %s", run.id, self.source, status,
                         crawlstate.run_counts(run))
        finally:
            self.engine.dispose()
            self.reader.dispose()
