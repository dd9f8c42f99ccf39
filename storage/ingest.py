"""Storing one new article, and everything that follows from it, in the caller's transaction.

`store_article` is what the crawler's pipeline calls for each extracted page. In one transaction it
records the page's URLs, stores the article once per content hash (another URL with the same text
becomes an alias), joins it to a story cluster (near-duplicates by simhash), matches it against the
watches, stores its figures, and decides novelty per watch through the ledger's unique key — so
parallel crawls never flag one figure twice — then writes flags and their alert outbox rows.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

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
    utcnow,
)
from storage.queries import dialect_insert, get_or_create_source, get_or_create_watch, iso

if TYPE_CHECKING:
    from figures import Figure
    from newsmon.config import Settings, WatchSettings

log = logging.getLogger(__name__)

# Candidates for "the same story" are recent articles whose simhash is within this many bits (of
# 64; unrelated texts differ in about 32), confirmed by the share of word runs they have in common.
NEAR_DUPLICATE_BITS = 18
NEAR_DUPLICATE_CONTAINMENT = 0.5
NEAR_DUPLICATE_WINDOW = timedelta(days=7)
PREVIOUS_VALUES = 12  # earlier values a flag records per measure: enough to read a trend
NEAR_DUPLICATE_CANDIDATES = 20000  # an index holding more drops what left the window


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


@dataclass(slots=True)
class StoreResult:
    status: str  # stored | duplicate | updated
    article_id: int
    flags: int = 0
    new_figures: list[tuple[str, str, str]] = field(default_factory=list)  # (watch, measure, value)


def store_article(
    session: Session, settings: Settings, article: NewArticle, stories: StoryIndex | None = None
) -> StoreResult:
    """Store `article` and judge its figures; `stories` is the caller's StoryIndex, if it keeps one."""
    source = get_or_create_source(session, article.source)
    existing_id = session.scalar(
        select(Article.id).where(Article.content_hash == article.content_hash)
    )
    if existing_id is not None:
        _record_urls(session, source, article, existing_id, "duplicate")
        return StoreResult("duplicate", existing_id)

    same_url = session.scalar(select(Article).where(Article.url == article.url))
    if same_url is not None:
        return _update_article(session, settings, source, same_url, article)

    row = Article(
        url=article.url,
        source_id=source.id,
        title=article.title,
        author=article.author,
        published_at=article.published,
        language=article.language,
        text=article.text,
        content_hash=article.content_hash,
        simhash=article.simhash,
        baseline=settings.alerts.baseline and not source.baseline_done,
    )
    # The story is looked up before the row exists, so the index never caches it cluster-less.
    cluster_id = _cluster_of(session, article, stories or StoryIndex())
    try:
        with session.begin_nested():  # another process may store the same text at the same moment
            session.add(row)
            session.flush()
    except IntegrityError:
        winner_id = session.scalar(
            select(Article.id).where(
                (Article.content_hash == article.content_hash) | (Article.url == article.url)
            )
        )
        if winner_id is None:
            raise
        _record_urls(session, source, article, winner_id, "duplicate")
        return StoreResult("duplicate", winner_id)
    row.cluster_id = cluster_id or row.id
    _record_urls(session, source, article, row.id, "stored")
    result = StoreResult("stored", row.id)
    _figure_article(session, settings, row, result, alert=True, fresh=True)
    return result


def _update_article(
    session: Session, settings: Settings, source: Source, row: Article, article: NewArticle
) -> StoreResult:
    """The page at a known URL changed (revisit): keep the old text as a version, judge the new."""
    session.add(
        ArticleVersion(
            article_id=row.id, content_hash=row.content_hash, title=row.title, text=row.text
        )
    )
    row.title, row.text, row.content_hash = article.title, article.text, article.content_hash
    # An edit made after the source's baseline crawl is news even if the first version was not.
    row.baseline = row.baseline and settings.alerts.baseline and not source.baseline_done
    row.author = article.author or row.author
    row.simhash = article.simhash
    session.flush()
    _record_urls(session, source, article, row.id, "stored")
    result = StoreResult("updated", row.id)
    _figure_article(session, settings, row, result, alert=True)
    return result


def _record_urls(
    session: Session, source: Source, article: NewArticle, article_id: int, status: str
) -> None:
    now = utcnow()
    for url in dict.fromkeys((article.url, article.fetched_url)):
        values: dict[str, Any] = {
            "url": url,
            "source_id": source.id,
            "kind": "article",
            "article_id": article_id,
            "status": status,
            "fetched_at": now,
            "last_status": 200,
            "first_seen_at": now,
        }
        insert = dialect_insert(session, Url).values(**values)
        session.execute(
            insert.on_conflict_do_update(
                index_elements=["url"],
                set_={
                    key: values[key]
                    for key in ("article_id", "status", "fetched_at", "last_status")
                },
            )
        )


class StoryIndex:
    """The simhash fingerprints of recent articles, in memory, for near-duplicate lookups.

    A long-lived writer (a crawl's store pipeline) keeps one, so the recent window is read from
    the database once rather than for every article: each lookup reads only the rows stored since
    the previous one, by id, which includes rows other processes stored meanwhile. The last few
    ids are read again, since on PostgreSQL a lower id can commit after a higher one was seen.
    """

    REREAD = 64

    def __init__(self, window: timedelta = NEAR_DUPLICATE_WINDOW) -> None:
        self.window = window
        self.entries: dict[
            int, tuple[int, int | None, datetime]
        ] = {}  # id -> (hash, cluster, fetched)
        self.last_id = 0

    def refresh(self, session: Session, now: datetime) -> None:
        since = now - self.window
        rows = session.execute(
            select(Article.id, Article.simhash, Article.cluster_id, Article.fetched_at).where(
                Article.id > self.last_id - self.REREAD,
                Article.simhash.is_not(None),
                Article.fetched_at >= since,
            )
        ).all()
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
        near = []
        for other_id, (other, cluster_id, _) in self.entries.items():
            distance = (other ^ mine).bit_count()
            if distance <= NEAR_DUPLICATE_BITS:
                near.append((distance, other_id, cluster_id or other_id))
        return sorted(near)


def _cluster_of(session: Session, article: NewArticle, stories: StoryIndex) -> int | None:
    """The story cluster of the most similar recent article, if `article` is a copy of it."""
    from crawler.hashing import containment, shingles

    if article.simhash is None:
        return None
    own = None
    for _, article_id, cluster_id in stories.nearest(session, article.simhash)[:3]:
        own = own or shingles(article.text)
        other = session.scalar(select(Article.text).where(Article.id == article_id)) or ""
        if containment(own, shingles(other)) >= NEAR_DUPLICATE_CONTAINMENT:
            return cluster_id
    return None


def matching_watches(settings: Settings, title: str | None, text: str) -> list[WatchSettings]:
    from figures import matches_watch

    return [
        watch
        for watch in settings.watches
        if matches_watch(title or "", text, [list(g) for g in watch.all], list(watch.none))
    ]


def _figure_article(
    session: Session,
    settings: Settings,
    row: Article,
    result: StoreResult,
    alert: bool,
    fresh: bool = False,
) -> None:
    """Figures, watches, ledger and flags of one stored article (`fresh`: stored just now)."""
    from alerts.outbox import enqueue_for_flag
    from figures import extract_figures, novelty_key

    figures = extract_figures(row.text, row.title)
    existing_links: set[int] = set()
    if not fresh:
        session.execute(delete(FigureRow).where(FigureRow.article_id == row.id))
        existing_links = set(
            session.scalars(select(ArticleWatch.watch_id).where(ArticleWatch.article_id == row.id))
        )
    keys = [novelty_key(figure) for figure in figures]
    if figures:
        session.execute(
            insert(FigureRow),
            [_figure_values(row.id, f, k) for f, k in zip(figures, keys, strict=True)],
        )
    watches = matching_watches(settings, row.title, row.text)
    keyed = [(figure, key) for figure, key in zip(figures, keys, strict=True) if key is not None]
    for watch_settings in watches:
        watch = get_or_create_watch(session, watch_settings.name)
        if watch.id not in existing_links:
            session.add(ArticleWatch(article_id=row.id, watch_id=watch.id))
        new = []
        for figure, (measure, value_key) in keyed:
            inserted = session.execute(
                dialect_insert(session, LedgerEntry.__table__)
                .values(
                    watch_id=watch.id,
                    measure=measure,
                    value_key=value_key,
                    value=figure.value,
                    article_id=row.id,
                    created_at=utcnow(),
                )
                .on_conflict_do_nothing(index_elements=["watch_id", "measure", "value_key"])
                .returning(LedgerEntry.__table__.c.id)
            )
            # A row comes back only when this insert created it: the database decided it is new.
            if inserted.first() is not None:
                new.append((figure, measure, value_key))
        if not new or row.baseline:
            continue
        flag = _flag_for(session, row.id, watch.id)
        for figure, measure, value_key in new:
            flag.new_figures.append(
                FlagFigure(
                    figure=figure.to_json(),
                    measure=measure,
                    value=figure.value,
                    previous=_previous_values(session, watch.id, measure, value_key),
                )
            )
            result.new_figures.append((watch.name, measure, value_key))
        session.flush()
        result.flags += 1
        if alert:
            enqueue_for_flag(session, settings, flag)
    row.figured_at = utcnow()


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
    for row in session.scalars(select(Article).order_by(Article.id)).yield_per(500):
        result = StoreResult("refigure", row.id)
        _figure_article(session, settings, row, result, alert=False)
        counts["articles"] += 1
        counts["flags"] += result.flags
        counts["figures"] += len(result.new_figures)
    session.flush()
    # Open flags that no longer report anything new go; decided ones stay as the record of a decision.
    for flag in session.scalars(select(Flag).where(Flag.status == "open")):
        if not flag.new_figures:
            session.delete(flag)
    return counts
