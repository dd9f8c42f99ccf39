"""The database schema: SQLAlchemy 2 typed models, one per table.

Uniqueness that matters is declared here and enforced by the database, never checked in Python first:
one article per canonical URL and per content hash, one ledger row per (watch, measure, value), one
flag per (article, watch). Times are stored as naive UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    """Now, as naive UTC: SQLite keeps no time zone, so every stored time is UTC by convention."""
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Source(Base):
    """An outlet from the config, with its health as the daemon sees it."""

    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    baseline_done: Mapped[bool] = mapped_column(Boolean, default=False)  # first crawl finished
    health: Mapped[str] = mapped_column(String(32), default="new")  # new|ok|failing|no_articles
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    empty_runs: Mapped[int] = mapped_column(Integer, default=0)  # runs in a row with nothing new
    interval: Mapped[float | None] = mapped_column(Float)  # adaptive polling interval, seconds
    last_run_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime)
    next_run_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)

    articles: Mapped[list[Article]] = relationship(back_populates="source")


class CrawlRun(Base):
    """One crawl of one source: when, how it ended, what it counted, what went wrong."""

    __tablename__ = "crawl_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(
        String(16), default="running"
    )  # running|ok|failed|timeout|killed
    trigger: Mapped[str] = mapped_column(String(16), default="manual")  # manual|schedule
    pid: Mapped[int | None] = mapped_column(Integer)
    exit_code: Mapped[int | None] = mapped_column(Integer)
    pages_fetched: Mapped[int] = mapped_column(Integer, default=0)
    article_requests: Mapped[int] = mapped_column(Integer, default=0)
    not_modified: Mapped[int] = mapped_column(Integer, default=0)
    new_articles: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    revisited: Mapped[int] = mapped_column(Integer, default=0)  # stored pages re-fetched for edits
    updated: Mapped[int] = mapped_column(Integer, default=0)  # a known article changed: version kept
    error_tail: Mapped[str | None] = mapped_column(Text)

    problems: Mapped[list[CrawlProblem]] = relationship(
        back_populates="run", cascade="all, delete-orphan"
    )


class CrawlProblem(Base):
    """A page a run could not store, or chose not to: an error or a skip, with its reason."""

    __tablename__ = "crawl_problems"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    url: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))  # error|skipped
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    run: Mapped[CrawlRun] = relationship(back_populates="problems")


class Url(Base):
    """Every canonical URL newsmon has met: feeds (with their validators) and article pages.

    An article URL that points at an article whose canonical URL differs is an alias (a copy of the
    same text elsewhere). A URL with status 'stored', 'duplicate' or 'skipped' is never fetched again.
    """

    __tablename__ = "urls"
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="article")  # article|feed|sitemap|page
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="new")  # stored|duplicate|skipped|error
    reason: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(String(512))
    last_modified: Mapped[str | None] = mapped_column(String(128))
    last_status: Mapped[int | None] = mapped_column(Integer)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    first_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    fetched_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The listing's last-changed date of the page when last fetched: a revisit acts once per date.
    listed_changed_at: Mapped[datetime | None] = mapped_column(DateTime)

    article: Mapped[Article | None] = relationship(back_populates="urls")


class Article(Base):
    """One article: clean text and metadata, stored once per content hash. `id` is the order stored."""

    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    fetched_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    language: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    simhash: Mapped[int | None] = mapped_column(BigInteger)  # signed 64-bit view of the fingerprint
    cluster_id: Mapped[int | None] = mapped_column(
        Integer, index=True
    )  # first article of its story
    baseline: Mapped[bool] = mapped_column(
        Boolean, default=False
    )  # stored during a source's first crawl
    figured_at: Mapped[datetime | None] = mapped_column(DateTime)  # figures and flags done

    source: Mapped[Source] = relationship(back_populates="articles")
    urls: Mapped[list[Url]] = relationship(back_populates="article")
    versions: Mapped[list[ArticleVersion]] = relationship(
        back_populates="article", cascade="all, delete-orphan"
    )
    figures: Mapped[list[FigureRow]] = relationship(
        back_populates="article", cascade="all, delete-orphan"
    )


class ArticleVersion(Base):
    """An earlier text of an article whose page changed when it was revisited."""

    __tablename__ = "article_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    fetched_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    article: Mapped[Article] = relationship(back_populates="versions")


class Watch(Base):
    """A topic from the config that articles are matched against."""

    __tablename__ = "watches"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ArticleWatch(Base):
    __tablename__ = "article_watches"
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), primary_key=True)
    watch_id: Mapped[int] = mapped_column(ForeignKey("watches.id"), primary_key=True, index=True)


class FigureRow(Base):
    """A figure found in an article (see figures.Figure)."""

    __tablename__ = "figures"
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    measure: Mapped[str] = mapped_column(String(64))
    value: Mapped[float | None] = mapped_column(Float)
    value_key: Mapped[str | None] = mapped_column(String(64))
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    hedge: Mapped[str | None] = mapped_column(String(32))
    vague: Mapped[bool] = mapped_column(Boolean, default=False)
    subject: Mapped[str | None] = mapped_column(Text)
    noun: Mapped[str | None] = mapped_column(String(128))
    claimed_by: Mapped[str | None] = mapped_column(Text)  # "source" in the JSON contract
    surface: Mapped[str] = mapped_column(Text)  # "text" in the JSON contract
    sentence: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    in_title: Mapped[bool] = mapped_column(Boolean, default=False)

    article: Mapped[Article] = relationship(back_populates="figures")


class LedgerEntry(Base):
    """What a watch has seen: one row per (measure, value). Inserting decides novelty."""

    __tablename__ = "ledger"
    __table_args__ = (
        UniqueConstraint("watch_id", "measure", "value_key", name="uq_ledger_key"),
        Index("ix_ledger_watch_measure_created", "watch_id", "measure", "created_at"),  # review charts
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    watch_id: Mapped[int] = mapped_column(ForeignKey("watches.id"))
    measure: Mapped[str] = mapped_column(String(64))
    value_key: Mapped[str] = mapped_column(String(64))
    value: Mapped[float] = mapped_column(Float)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Flag(Base):
    """An article that reported figures a watch had not seen; reviewers confirm or dismiss it."""

    __tablename__ = "flags"
    __table_args__ = (
        UniqueConstraint("article_id", "watch_id", name="uq_flag_article_watch"),
        Index("ix_flags_status_created", "status", "created_at"),
        Index("ix_flags_watch_created", "watch_id", "created_at"),  # review: a watch's latest flags
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    watch_id: Mapped[int] = mapped_column(ForeignKey("watches.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open|confirmed|dismissed
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(128))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    note: Mapped[str | None] = mapped_column(Text)

    article: Mapped[Article] = relationship()
    watch: Mapped[Watch] = relationship()
    new_figures: Mapped[list[FlagFigure]] = relationship(
        back_populates="flag", cascade="all, delete-orphan", order_by="FlagFigure.id"
    )


class FlagFigure(Base):
    """One new figure of a flag, with the earlier values of its measure in the watch at flag time."""

    __tablename__ = "flag_figures"
    id: Mapped[int] = mapped_column(primary_key=True)
    flag_id: Mapped[int] = mapped_column(ForeignKey("flags.id"), index=True)
    figure: Mapped[dict[str, Any]] = mapped_column(JSON)  # Figure.to_json()
    measure: Mapped[str] = mapped_column(String(64))
    value: Mapped[float] = mapped_column(Float)
    previous: Mapped[list[Any]] = mapped_column(
        JSON, default=list
    )  # [{"value", "url", "published"}]

    flag: Mapped[Flag] = relationship(back_populates="new_figures")


class Alert(Base):
    """The outbox: one row per message to send, written in the flag's own transaction."""

    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_status_due", "status", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    flag_id: Mapped[int | None] = mapped_column(ForeignKey("flags.id"), index=True)
    watch_id: Mapped[int] = mapped_column(ForeignKey("watches.id"))
    channel: Mapped[str] = mapped_column(String(16), default="email")  # email|apprise
    recipient: Mapped[str] = mapped_column(Text)
    mode: Mapped[str] = mapped_column(String(16), default="immediate")  # immediate|digest
    status: Mapped[str] = mapped_column(
        String(16), default="pending"
    )  # pending|sending|sent|failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str | None] = mapped_column(String(255))
    batch: Mapped[str | None] = mapped_column(
        String(64), index=True
    )  # digest: alerts sent as one email
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)


class DaemonLease(Base):
    """Who runs the daemon on this database: one row, refreshed by a heartbeat."""

    __tablename__ = "daemon_lease"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    holder: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    heartbeat_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
