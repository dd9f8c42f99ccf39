"""Storing one new article, and everything that follows from it, in the caller's transaction.

`store_article` is what the crawler's pipeline calls for each extracted page. In one transaction it
records the page's URLs, stores the article once per content hash (another URL with the same text
becomes an alias), joins it to a story cluster (near-duplicates by simhash), matches it against the
watches, stores its figures, and decides novelty per watch through the ledger's unique key — so
parallel crawls never flag one figure twice — then writes flags and their alert outbox rows.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from figures.articles import figures_of, matching_watches
from storage.models import (
    Article,
    ArticleVersion,
    ArticleWatch,
    FigureRow,
    Flag,
    FlagFigure,
    LedgerEntry,
    Source,
    Url,
    Watch,
    utcnow,
)
from storage.queries import get_or_create_source, get_or_create_watch, insert_for, iso

if TYPE_CHECKING:
    from figures import Figure
    from newsmon.config import Settings

log = logging.getLogger(__name__)

# Candidates for "the same story" are recent articles whose simhash is within this many bits (of
# 64; unrelated texts differ in about 32), confirmed by the share of word runs they have in common.
NEAR_DUPLICATE_BITS = 18
NEAR_DUPLICATE_CONTAINMENT = 0.5
NEAR_DUPLICATE_WINDOW = timedelta(days=7)
PREVIOUS_VALUES = 12  # earlier values a flag records per measure: enough to read a trend
NEAR_DUPLICATE_CANDIDATES = 20000  # an index holding more drops what left the window

# The statements every stored page runs, built once: building and cache-keying a statement cost
# more than SQLite took to run it.
_SOURCE = select(Source.id, Source.baseline_done).where(Source.name == bindparam("name"))
_SAME_TEXT_OR_URL = select(Article.id, Article.content_hash).where(
    (Article.content_hash == bindparam("content_hash")) | (Article.url == bindparam("url"))
)
_INSERT_ARTICLE = insert(Article).returning(Article.id)
_INSERT_FIGURES = insert(FigureRow)
_STAMP_FIGURED = (
    update(Article)
    .where(Article.id == bindparam("article_id"))
    .values(figured_at=bindparam("figured_at"))
)
_STAMP_FIGURED_AND_CLUSTER = _STAMP_FIGURED.values(cluster_id=bindparam("cluster_id"))
_WATCH = select(Watch.id).where(Watch.name == bindparam("name"))
_LINK_WATCH = insert(ArticleWatch)
_RECENT = select(Article.id, Article.simhash, Article.cluster_id, Article.fetched_at).where(
    Article.id > bindparam("after_id"),
    Article.simhash.is_not(None),
    Article.fetched_at >= bindparam("since"),
)
_TEXT = select(Article.text).where(Article.id == bindparam("article_id"))


@dataclass(frozen=True, slots=True)
class NewArticle:
    url: str  # canonical URL
    fetched_url: str  # the URL as requested (an alias when it differs from url)
    source: str  # source name from the config
    title: str | None
    author: str | None
    published: datetime | None  # naive UTC
    language: str | None
    text: str
    content_hash: str
    simhash: int | None  # signed 64-bit
    figures: Sequence[Figure] | None = None  # already extracted from title and text, if so
    watches: Sequence[str] | None = None  # names of the watches it matches, if known


@dataclass(slots=True)
class StoreResult:
    status: str  # stored | duplicate | updated
    article_id: int
    flags: int = 0
    new_figures: list[tuple[str, str, str]] = field(default_factory=list)  # (watch, measure, value)


def store_article(
    session: Session, settings: Settings, article: NewArticle, stories: StoryIndex | None = None
) -> StoreResult:
    """Store `article` and judge its figures; `stories` is the caller's StoryIndex, if it keeps one.

    The common path (a new text) is a handful of Core statements on the session's connection:
    the ORM's unit of work cost several times more than SQLite itself, and a crawl's writer
    thread runs this for every page.
    """
    connection = session.connection()
    source_id, baseline_done = _source_of(session, article.source)
    found = connection.execute(
        _SAME_TEXT_OR_URL, {"content_hash": article.content_hash, "url": article.url}
    ).all()
    for article_id, stored_hash in found:
        if stored_hash == article.content_hash:
            _record_urls(session, source_id, article, article_id, "duplicate")
            return StoreResult("duplicate", article_id)
    if found:
        same_url = session.get_one(Article, found[0][0])
        return _update_article(session, settings, baseline_done, same_url, article)

    # The story is looked up before the row exists, so the index never caches it cluster-less.
    cluster_id, own_shingles = _cluster_of(session, article, stories or StoryIndex())
    baseline = settings.alerts.baseline and not baseline_done
    try:
        with session.begin_nested():  # another process may store the same text at the same moment
            article_id = connection.execute(
                _INSERT_ARTICLE,
                {
                    "url": article.url,
                    "source_id": source_id,
                    "title": article.title,
                    "author": article.author,
                    "published_at": article.published,
                    "fetched_at": utcnow(),
                    "language": article.language,
                    "text": article.text,
                    "content_hash": article.content_hash,
                    "simhash": article.simhash,
                    "cluster_id": cluster_id,
                    "baseline": baseline,
                },
            ).scalar_one()
    except IntegrityError:
        winner_id = connection.execute(
            _SAME_TEXT_OR_URL, {"content_hash": article.content_hash, "url": article.url}
        ).scalar()
        if winner_id is None:
            raise
        _record_urls(session, source_id, article, winner_id, "duplicate")
        return StoreResult("duplicate", winner_id)
    _record_urls(session, source_id, article, article_id, "stored")
    result = StoreResult("stored", article_id)
    stored = _Judged(
        article_id,
        article.title,
        article.text,
        article.published,
        baseline,
        cluster_id or article_id,
    )
    _figure_article(
        session,
        settings,
        stored,
        result,
        alert=True,
        fresh=True,
        figures=article.figures,
        watches=article.watches,
    )
    if stories is not None and own_shingles is not None and article.simhash is not None:
        stories.keep_shingles(article_id, article.simhash, own_shingles)
    return result


@dataclass(frozen=True, slots=True)
class _Judged:
    """What judging figures needs of a stored article (a fresh row, an edit, or a refigure)."""

    id: int
    title: str | None
    text: str
    published: datetime | None
    baseline: bool
    new_cluster_id: int | None = None  # set on a row stored just now: its story cluster


def _source_of(session: Session, name: str) -> tuple[int, bool]:
    """(id, baseline_done) of the source `name`, created if missing."""
    row = session.connection().execute(_SOURCE, {"name": name}).first()
    if row is None:
        source = get_or_create_source(session, name)
        return source.id, source.baseline_done
    return row[0], bool(row[1])


def _update_article(
    session: Session, settings: Settings, baseline_done: bool, row: Article, article: NewArticle
) -> StoreResult:
    """The page at a known URL changed (revisit): keep the old text as a version, judge the new."""
    session.add(
        ArticleVersion(
            article_id=row.id, content_hash=row.content_hash, title=row.title, text=row.text
        )
    )
    row.title, row.text, row.content_hash = article.title, article.text, article.content_hash
    # An edit made after the source's baseline crawl is news even if the first version was not.
    row.baseline = row.baseline and settings.alerts.baseline and not baseline_done
    row.author = article.author or row.author
    row.simhash = article.simhash
    session.flush()
    _record_urls(session, row.source_id, article, row.id, "stored")
    result = StoreResult("updated", row.id)
    judged = _Judged(row.id, row.title, row.text, row.published_at, row.baseline)
    _figure_article(
        session,
        settings,
        judged,
        result,
        alert=True,
        figures=article.figures,
        watches=article.watches,
    )
    return result


def _record_urls(
    session: Session, source_id: int, article: NewArticle, article_id: int, status: str
) -> None:
    now = utcnow()
    session.connection().execute(
        _url_upsert(session.get_bind().dialect.name),
        [
            {
                "url": url,
                "source_id": source_id,
                "kind": "article",
                "article_id": article_id,
                "status": status,
                "fetched_at": now,
                "last_status": 200,
                "first_seen_at": now,
            }
            for url in dict.fromkeys((article.url, article.fetched_url))
        ],
    )


@cache
def _url_upsert(dialect: str) -> Any:
    """INSERT of an article URL that takes over the row if the URL is known (one per dialect)."""
    upsert = insert_for(dialect, Url)
    return upsert.on_conflict_do_update(
        index_elements=["url"],
        set_={
            key: upsert.excluded[key]
            for key in ("article_id", "status", "fetched_at", "last_status")
        },
    )


class StoryIndex:
    """The simhash fingerprints of recent articles, in memory, for near-duplicate lookups.

    A long-lived writer (a crawl's store pipeline) keeps one, so the recent window is read from
    the database once rather than for every article: each lookup reads only the rows stored since
    the previous one, by id, which includes rows other processes stored meanwhile. On PostgreSQL
    the last few ids are read again, since a lower id can commit after a higher one was seen;
    SQLite's writers take turns, so its ids commit in order.

    It also keeps the word-run sets (shingles) of the texts it compared lately, keyed by id and
    fingerprint (an id SQLite reuses after a rollback holds another text): a busy story has
    the same few candidates for every new copy.
    """

    REREAD = 64
    SHINGLE_CACHE = 1024

    def __init__(self, window: timedelta = NEAR_DUPLICATE_WINDOW) -> None:
        self.window = window
        self.entries: dict[
            int, tuple[int, int | None, datetime]
        ] = {}  # id -> (hash, cluster, fetched)
        self.last_id = 0
        self.shingles: dict[tuple[int, int], frozenset[int]] = {}

    def refresh(self, session: Session, now: datetime) -> None:
        since = now - self.window
        reread = 0 if session.get_bind().dialect.name == "sqlite" else self.REREAD
        rows = (
            session.connection()
            .execute(_RECENT, {"after_id": self.last_id - reread, "since": since})
            .all()
        )
        for article_id, fingerprint, cluster_id, fetched_at in rows:
            # the query keeps only rows with a simhash
            self.entries[article_id] = (
                cast(int, fingerprint) & 0xFFFFFFFFFFFFFFFF,
                cluster_id,
                fetched_at,
            )
            self.last_id = max(self.last_id, article_id)
        if len(self.entries) > 2 * NEAR_DUPLICATE_CANDIDATES:
            self.entries = {key: entry for key, entry in self.entries.items() if entry[2] >= since}

    def nearest(self, session: Session, fingerprint: int) -> list[tuple[int, int, int]]:
        """(bits apart, article id, cluster id) of recent articles within NEAR_DUPLICATE_BITS."""
        self.refresh(session, utcnow())
        mine = fingerprint & 0xFFFFFFFFFFFFFFFF
        return sorted(
            (distance, other_id, cluster_id or other_id)
            for other_id, (other, cluster_id, _) in self.entries.items()
            if (distance := (other ^ mine).bit_count()) <= NEAR_DUPLICATE_BITS
        )

    def shingles_of(self, session: Session, article_id: int) -> frozenset[int]:
        """The word runs of a recent article's text, from the cache or read once."""
        from crawler.hashing import shingles

        fingerprint = self.entries[article_id][0] if article_id in self.entries else 0
        cached = self.shingles.get((article_id, fingerprint))
        if cached is None:
            text = session.connection().execute(_TEXT, {"article_id": article_id}).scalar()
            cached = shingles(text or "")
            self.keep_shingles(article_id, fingerprint, cached)
        return cached

    def keep_shingles(self, article_id: int, fingerprint: int, words: frozenset[int]) -> None:
        if len(self.shingles) >= self.SHINGLE_CACHE:
            del self.shingles[next(iter(self.shingles))]  # the oldest
        self.shingles[(article_id, fingerprint & 0xFFFFFFFFFFFFFFFF)] = words


def _cluster_of(
    session: Session, article: NewArticle, stories: StoryIndex
) -> tuple[int | None, frozenset[int] | None]:
    """The story cluster of the most similar recent article, if `article` is a copy of it; and
    the article's own word runs, if they had to be computed."""
    from crawler.hashing import containment, shingles

    if article.simhash is None:
        return None, None
    own = None
    for _, article_id, cluster_id in stories.nearest(session, article.simhash)[:3]:
        own = own or shingles(article.text)
        if containment(own, stories.shingles_of(session, article_id)) >= NEAR_DUPLICATE_CONTAINMENT:
            return cluster_id, own
    return None, own


def _figure_article(
    session: Session,
    settings: Settings,
    article: _Judged,
    result: StoreResult,
    alert: bool,
    fresh: bool = False,
    figures: Sequence[Figure] | None = None,
    watches: Sequence[str] | None = None,
) -> None:
    """Figures, watches, ledger and flags of one stored article (`fresh`: stored just now, so
    it has no figures or watch links yet). `figures` and `watches` (names): already found (by
    the crawl's extraction workers), else found here."""
    from alerts.outbox import enqueue_for_flag
    from figures import novelty_key

    connection = session.connection()
    if figures is None:
        figures = figures_of(article.title, article.text, article.published)
    existing_links: set[int] = set()
    if not fresh:
        connection.execute(delete(FigureRow).where(FigureRow.article_id == article.id))
        existing_links = set(
            connection.execute(
                select(ArticleWatch.watch_id).where(ArticleWatch.article_id == article.id)
            ).scalars()
        )
    keys = [novelty_key(figure) for figure in figures]
    if figures:
        connection.execute(
            _INSERT_FIGURES,
            [_figure_values(article.id, f, k) for f, k in zip(figures, keys, strict=True)],
        )
    keyed = [(figure, key) for figure, key in zip(figures, keys, strict=True) if key is not None]
    if watches is None:
        watches = matching_watches(settings.watches, article.title, article.text)
    for watch_name in watches:
        watch_id = _watch_id(session, watch_name)
        if watch_id not in existing_links:
            connection.execute(_LINK_WATCH, {"article_id": article.id, "watch_id": watch_id})
        created = _new_ledger_keys(session, watch_id, article.id, keyed)
        new = [(figure, key) for figure, key in keyed if key in created]
        if not new or article.baseline:
            continue
        flag = _flag_for(session, article.id, watch_id)
        for figure, (measure, value_key) in new:
            flag.new_figures.append(
                FlagFigure(
                    figure=figure.to_json(),
                    measure=measure,
                    value=figure.value,
                    previous=_previous_values(session, watch_id, measure, value_key),
                )
            )
            result.new_figures.append((watch_name, measure, value_key))
        session.flush()
        result.flags += 1
        if alert:
            enqueue_for_flag(session, settings, flag)
    stamp = {"article_id": article.id, "figured_at": utcnow()}
    if article.new_cluster_id is None:
        connection.execute(_STAMP_FIGURED, stamp)
    else:
        connection.execute(
            _STAMP_FIGURED_AND_CLUSTER, {**stamp, "cluster_id": article.new_cluster_id}
        )


def _new_ledger_keys(
    session: Session, watch_id: int, article_id: int, keyed: list[tuple[Figure, tuple[str, str]]]
) -> set[tuple[str, str]]:
    """Insert the article's figure keys into the watch's ledger; the keys that were not there.

    ON CONFLICT DO NOTHING ... RETURNING gives back only the rows this insert created, so the
    database's unique key, not a read before the write, decides what is new: two crawls storing
    the same figure at the same moment get one row back between them. The rows go as one
    executemany of a prebuilt statement, which SQLAlchemy sends as multi-row INSERTs
    ("insertmanyvalues"); building a VALUES clause per article cost more than running it.
    """
    if not keyed:
        return set()
    now = utcnow()
    rows = [
        {
            "watch_id": watch_id,
            "measure": measure,
            "value_key": value_key,
            "value": figure.value,
            "article_id": article_id,
            "created_at": now,
        }
        for figure, (measure, value_key) in keyed
    ]
    inserted = session.connection().execute(_ledger_insert(session.get_bind().dialect.name), rows)
    return {(measure, value_key) for measure, value_key in inserted}


@cache
def _ledger_insert(dialect: str) -> Any:
    """INSERT INTO ledger ... ON CONFLICT DO NOTHING RETURNING measure, value_key (per dialect)."""
    ledger = cast(Table, LedgerEntry.__table__)
    return (
        insert_for(dialect, ledger)
        .on_conflict_do_nothing(index_elements=["watch_id", "measure", "value_key"])
        .returning(ledger.c.measure, ledger.c.value_key)
    )


def _watch_id(session: Session, name: str) -> int:
    found = session.connection().execute(_WATCH, {"name": name}).scalar()
    return found if found is not None else get_or_create_watch(session, name).id


def _flag_for(session: Session, article_id: int, watch_id: int) -> Flag:
    """The article's flag in the watch: a decided one keeps its decision (refigure)."""
    flag = session.scalar(
        select(Flag).where(Flag.article_id == article_id, Flag.watch_id == watch_id)
    )
    if flag is None:
        flag = Flag(article_id=article_id, watch_id=watch_id)
        session.add(flag)
        session.flush()
    return flag


def _previous_values(
    session: Session, watch_id: int, measure: str, value_key: str
) -> list[dict[str, Any]]:
    """The latest earlier values of `measure` in the watch, oldest first, each with its article.

    The article's own earlier values count too: an edited page whose toll went from 120 to 250
    reads "killed: 250, earlier 120".
    """
    rows = session.execute(
        select(LedgerEntry.value, Article.url, Article.published_at, Article.fetched_at)
        .join(Article, Article.id == LedgerEntry.article_id)
        .where(
            LedgerEntry.watch_id == watch_id,
            LedgerEntry.measure == measure,
            LedgerEntry.value_key != value_key,
        )
        .order_by(LedgerEntry.article_id.desc())
        .limit(PREVIOUS_VALUES)
    ).all()[::-1]
    return [
        {"value": _plain_number(value), "url": url, "published": iso(published or fetched)}
        for value, url, published, fetched in rows
    ]


def _plain_number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _figure_values(article_id: int, figure: Figure, key: tuple[str, str] | None) -> dict[str, Any]:
    return dict(
        article_id=article_id,
        measure=figure.measure,
        value=figure.value,
        value_key=key[1] if key else None,
        low=figure.low,
        high=figure.high,
        hedge=figure.hedge,
        vague=figure.vague,
        subject=figure.subject,
        noun=figure.noun,
        claimed_by=figure.source,
        surface=figure.text,
        sentence=figure.sentence,
        start=figure.start,
        end=figure.end,
        in_title=figure.in_title,
    )


def refigure(session: Session, settings: Settings) -> dict[str, int]:
    """Recompute figures, ledgers and flags of every stored article, in the order stored.

    Idempotent: run twice, the second run changes nothing. Review decisions stay with their
    (article, watch) flag. No alerts are sent for flags that only a refigure raised.
    """
    session.execute(delete(LedgerEntry))
    session.execute(delete(FlagFigure))
    session.execute(delete(ArticleWatch))
    counts = {"articles": 0, "flags": 0, "figures": 0}
    for article in _all_articles(session):
        result = StoreResult("refigure", article.id)
        _figure_article(session, settings, article, result, alert=False)
        counts["articles"] += 1
        counts["flags"] += result.flags
        counts["figures"] += len(result.new_figures)
    session.flush()
    # Open flags that no longer report anything new go; decided ones stay as the record of a decision.
    for flag in session.scalars(select(Flag).where(Flag.status == "open")):
        if not flag.new_figures:
            session.delete(flag)
    return counts


def _all_articles(session: Session, chunk: int = 500) -> Iterator[_Judged]:
    """Every stored article in the order stored, read a chunk at a time (texts can be large)."""
    last_id = 0
    while True:
        rows = (
            session.connection()
            .execute(
                select(
                    Article.id, Article.title, Article.text, Article.published_at, Article.baseline
                )
                .where(Article.id > last_id)
                .order_by(Article.id)
                .limit(chunk)
            )
            .all()
        )
        if not rows:
            return
        for article_id, title, text, published, baseline in rows:
            yield _Judged(article_id, title, text, published, bool(baseline))
        last_id = rows[-1][0]
