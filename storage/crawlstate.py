"""The crawl's bookkeeping in the database: runs and their counts, problems, and what each URL's state is.

Every function takes the caller's session (sessions are opened at the edges: the spider, the
pipeline, the CLI). Counts are incremented in SQL (`x = x + n`), never read-modify-written, so a
crawl killed at any moment leaves counts that match what it had committed, and two writers never
lose each other's increments.

A URL's row decides whether it is fetched again: 'skipped' never is; 'stored' and 'duplicate'
only when a listing says the page changed since (a revisit, see crawler/revisit.py); 'error' is
retried on later runs until it has failed MAX_ATTEMPTS times.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.orm import Session

from storage.models import Article, CrawlProblem, CrawlRun, Source, Url, utcnow
from storage.queries import dialect_insert, get_or_create_source

MAX_ATTEMPTS = 3  # an article URL that failed this often is given up on
FINAL_STATUSES = ("stored", "duplicate", "skipped")
COUNTS = (
    "pages_fetched", "article_requests", "not_modified", "new_articles", "duplicates", "skipped", "errors",
    "revisited", "updated",
)
REVISITABLE = ("stored", "duplicate")  # URL statuses whose page a revisit may fetch again
ERROR_TAIL_LINES = 20
_CHUNK = 500  # URLs per IN (...) query: well under every database's parameter limit


@dataclass(frozen=True, slots=True)
class Validators:
    """What a feed or listing page answered last time, for a conditional request."""

    etag: str | None
    last_modified: str | None


@dataclass(frozen=True, slots=True)
class StoredPage:
    """What a revisit needs to know of a stored article URL."""

    url: str
    fetched_at: datetime | None  # our last fetch of the URL
    listed_changed_at: datetime | None  # the listing's date for it when we last fetched it
    first_stored_at: datetime | None  # when its article was first stored
    content_hash: str | None  # the stored text's, to tell an edit from a page that only moved


def start_run(session: Session, source_name: str, trigger: str = "manual", pid: int | None = None) -> CrawlRun:
    """A new CrawlRun row in state 'running' (its id is known when this returns)."""
    source = get_or_create_source(session, source_name)
    run = CrawlRun(source_id=source.id, trigger=trigger, pid=pid, status="running")
    session.add(run)
    session.flush()
    return run


def add_counts(session: Session, run_id: int, **deltas: int) -> None:
    """Add to a run's counters in the database (`pages_fetched=1, new_articles=1`, ...)."""
    unknown = set(deltas) - set(COUNTS)
    if unknown:
        raise ValueError(f"unknown crawl counts: {sorted(unknown)}")
    names = tuple(sorted(name for name, delta in deltas.items() if delta))
    if names:
        session.connection().execute(
            _count_update(names), {"run_id": run_id, **{f"add_{name}": deltas[name] for name in names}}
        )


@cache
def _count_update(names: tuple[str, ...]) -> Any:
    """UPDATE crawl_runs SET name = name + :add_name, ... for these counters (built once each:
    the crawl's writer runs it for every page)."""
    return (
        update(CrawlRun)
        .where(CrawlRun.id == bindparam("run_id"))
        .values({name: getattr(CrawlRun, name) + bindparam(f"add_{name}") for name in names})
    )


def record_problem(
    session: Session, run_id: int, url: str, kind: str, reason: str, count: bool = True
) -> None:
    """A page or listing the run could not use: kind 'error' (broken, retried later) or 'skipped'."""
    if kind not in ("error", "skipped"):
        raise ValueError(f"kind must be 'error' or 'skipped', not {kind!r}")
    session.add(CrawlProblem(run_id=run_id, url=url[:4000], kind=kind, reason=reason))
    if count:
        add_counts(session, run_id, **{"errors" if kind == "error" else "skipped": 1})


def mark_url(
    session: Session,
    url: str,
    source_id: int | None,
    status: str,
    kind: str = "article",
    reason: str | None = None,
    http_status: int | None = None,
) -> None:
    """Record the outcome of fetching `url` (not stored as an article: skipped or error)."""
    now = utcnow()
    values: dict[str, Any] = {
        "url": url, "source_id": source_id, "kind": kind, "status": status, "reason": reason,
        "last_status": http_status, "fetched_at": now, "first_seen_at": now,
        "attempts": 1 if status == "error" else 0,
    }
    insert = dialect_insert(session, Url).values(**values)
    changes: dict[str, Any] = {
        "status": insert.excluded.status, "reason": insert.excluded.reason,
        "last_status": insert.excluded.last_status, "fetched_at": insert.excluded.fetched_at,
    }
    if status == "error":
        changes["attempts"] = Url.attempts + 1
    session.execute(insert.on_conflict_do_update(index_elements=["url"], set_=changes))


def known_urls(session: Session, urls: Iterable[str]) -> set[str]:
    """Those of `urls` not to fetch as new pages (stored, duplicate, skipped, or given up on)."""
    known: set[str] = set()
    for chunk in _chunks(urls):
        known.update(session.connection().execute(_KNOWN, {"urls": chunk}).scalars())
    return known


# Asked before every article request, on the reactor's thread: built once.
_KNOWN = select(Url.url).where(
    Url.url.in_(bindparam("urls", expanding=True)),
    or_(Url.status.in_(FINAL_STATUSES), (Url.status == "error") & (Url.attempts >= MAX_ATTEMPTS)),
)


def stored_pages(session: Session, urls: Iterable[str], since: datetime) -> dict[str, StoredPage]:
    """Those of `urls` that are stored article pages (or copies of one) whose article was first
    stored at or after `since`: the candidates for a revisit."""
    found: dict[str, StoredPage] = {}
    for chunk in _chunks(urls):
        rows = session.execute(
            select(Url.url, Url.fetched_at, Url.listed_changed_at, Article.fetched_at, Article.content_hash)
            .join(Article, Article.id == Url.article_id)
            .where(Url.url.in_(chunk), Url.status.in_(REVISITABLE), Article.fetched_at >= since)
        )
        for url, fetched_at, listed_changed_at, first_stored_at, content_hash in rows:
            found[url] = StoredPage(url, fetched_at, listed_changed_at, first_stored_at, content_hash)
    return found


def _chunks(urls: Iterable[str]) -> Iterator[list[str]]:
    """The distinct `urls`, in order, in lists of at most _CHUNK (one IN (...) query each)."""
    candidates = list(dict.fromkeys(urls))
    for start in range(0, len(candidates), _CHUNK):
        yield candidates[start:start + _CHUNK]


def stored_hash(session: Session, url: str) -> str | None:
    """The content hash of the article stored for `url` (None if there is none)."""
    return session.scalar(
        select(Article.content_hash).join(Url, Url.article_id == Article.id).where(Url.url == url)
    )


def mark_checked(session: Session, url: str, listed_changed: datetime | None, fetched: bool = True) -> None:
    """Remember the listing's date a fetch of `url` acted on (and, when a page came back, the fetch
    time) without touching what the URL is: a revisit never demotes a stored page."""
    values: dict[str, Any] = {}
    if listed_changed is not None:
        values["listed_changed_at"] = listed_changed
    if fetched:
        values["fetched_at"] = utcnow()
    if values:
        session.connection().execute(_url_update(tuple(sorted(values))), {"match_url": url, **values})


@cache
def _url_update(columns: tuple[str, ...]) -> Any:
    """UPDATE urls SET column = :column, ... WHERE url = :match_url (built once per column set)."""
    return update(Url).where(Url.url == bindparam("match_url")).values({c: bindparam(c) for c in columns})


def urls_to_retry(session: Session, source_id: int, limit: int = 100) -> list[str]:
    """Article URLs of a source that failed on an earlier run and have attempts left. Their listing
    may answer 304 now, so they would not be met again otherwise."""
    return list(
        session.scalars(
            select(Url.url)
            .where(Url.source_id == source_id, Url.kind == "article", Url.status == "error",
                   Url.attempts < MAX_ATTEMPTS)
            .order_by(Url.fetched_at.desc())
            .limit(limit)
        )
    )


def validators(session: Session, url: str) -> Validators | None:
    row = session.execute(select(Url.etag, Url.last_modified).where(Url.url == url)).first()
    if row is None or (row.etag is None and row.last_modified is None):
        return None
    return Validators(row.etag, row.last_modified)


def save_listing(
    session: Session,
    url: str,
    source_id: int | None,
    kind: str,
    http_status: int,
    validators: Validators | None,
) -> None:
    """A feed, sitemap or section page was fetched: keep its validators for the next run.

    `validators=None` forgets them (a listing that came back broken must be fetched in full again).
    """
    now = utcnow()
    etag = validators.etag if validators else None
    last_modified = validators.last_modified if validators else None
    values: dict[str, Any] = {
        "url": url, "source_id": source_id, "kind": kind, "status": "listing", "etag": etag,
        "last_modified": last_modified, "last_status": http_status, "fetched_at": now, "first_seen_at": now,
    }
    insert = dialect_insert(session, Url).values(**values)
    changes: dict[str, Any] = {"last_status": http_status, "fetched_at": now, "kind": kind, "status": "listing"}
    if http_status != 304:  # a 304 keeps the validators it matched
        changes.update(etag=etag, last_modified=last_modified)
    session.execute(insert.on_conflict_do_update(index_elements=["url"], set_=changes))


def finish_run(
    session: Session,
    run_id: int,
    status: str,
    error: str | None = None,
    exit_code: int | None = None,
) -> CrawlRun:
    """Close a run: its status, an error tail (the last problems), and the source's health stamps.

    A run that got through its listings ('ok') completes the source's baseline: from then on the
    source's new articles may raise alerts.
    """
    run = session.get(CrawlRun, run_id)
    if run is None:
        raise LookupError(f"no crawl run {run_id}")
    now = utcnow()
    problems = session.scalars(
        select(CrawlProblem)
        .where(CrawlProblem.run_id == run_id, CrawlProblem.kind == "error")
        .order_by(CrawlProblem.id.desc())
        .limit(ERROR_TAIL_LINES)
    ).all()
    tail = [f"{problem.url}: {problem.reason}" for problem in reversed(problems)]
    if error:
        tail.append(error)
    run.status = status
    run.finished_at = now
    run.error_tail = "\n".join(tail) or None
    if exit_code is not None:
        run.exit_code = exit_code
    source = session.get(Source, run.source_id)
    if source is not None:
        source.last_run_at = now
        if status == "ok":
            source.last_success_at = now
            source.last_error = None
            source.baseline_done = True
        else:
            source.last_error = error or (tail[-1] if tail else status)
    return run


def run_counts(run: CrawlRun) -> dict[str, int]:
    return {name: getattr(run, name) or 0 for name in COUNTS}
