"""Reads for the review page: the queue, a flag with its evidence, a watch's series, sources.

Each function takes a Session and returns plain data for a template or a JSON twin. The queries
are shaped for a year of data: paged, index-backed, never loading article texts they do not show.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, literal, select, tuple_
from sqlalchemy.orm import Session, contains_eager, load_only, selectinload

from review.text import Span, figure_label
from storage.models import (
    Article,
    CrawlProblem,
    CrawlRun,
    FigureRow,
    Flag,
    FlagFigure,
    LedgerEntry,
    Source,
    Url,
    Watch,
)

STATUSES = ("open", "confirmed", "dismissed")
PER_PAGE = 50


@dataclass(frozen=True, slots=True)
class QueueFilter:
    status: str = "open"  # open|confirmed|dismissed|all
    watch: str = ""
    source: str = ""
    page: int = 1

    def query_string(self, **changes: Any) -> str:
        """The URL query for these filters with `changes`, defaults left out."""
        values = {"status": self.status, "watch": self.watch, "source": self.source, "page": self.page}
        values.update(changes)
        defaults = {"status": "open", "watch": "", "source": "", "page": 1}
        parts = [f"{key}={value}" for key, value in values.items() if value != defaults[key]]
        return "?" + "&".join(parts) if parts else ""


@dataclass(slots=True)
class QueuePage:
    filter: QueueFilter
    flags: list[Flag]
    counts: dict[str, int]  # per status, and "all", under the watch/source filters
    total: int
    pages: int
    watches: list[str]
    sources: list[str]


def _filtered(statement: Select, queue: QueueFilter) -> Select:
    if queue.watch:
        watch_id = select(Watch.id).where(Watch.name == queue.watch).scalar_subquery()
        statement = statement.where(Flag.watch_id == watch_id)
    if queue.source:
        source_id = select(Source.id).where(Source.name == queue.source).scalar_subquery()
        statement = statement.join(Article, Article.id == Flag.article_id).where(
            Article.source_id == source_id
        )
    return statement


def queue_page(session: Session, queue: QueueFilter, per_page: int = PER_PAGE) -> QueuePage:
    """One page of the queue: open flags first, newest first, with counts per status."""
    count_rows = session.execute(
        _filtered(select(Flag.status, func.count()).select_from(Flag), queue).group_by(Flag.status)
    ).all()
    counts = {status: 0 for status in STATUSES}
    counts.update({status: count for status, count in count_rows})
    counts["all"] = sum(counts[status] for status in STATUSES)
    total = counts["all"] if queue.status == "all" else counts.get(queue.status, 0)
    pages = max(1, -(-total // per_page))
    page = min(max(1, queue.page), pages)

    ids = select(Flag.id)
    if queue.status != "all":
        ids = ids.where(Flag.status == queue.status)
    ids = _filtered(ids, queue)
    order: list[ColumnElement[Any]] = [Flag.created_at.desc(), Flag.id.desc()]
    if queue.status == "all":
        order.insert(0, case((Flag.status == "open", 0), else_=1))
    ids = ids.order_by(*order).limit(per_page).offset((page - 1) * per_page)
    flag_ids = list(session.scalars(ids))

    flags = _load_flags(session, flag_ids)
    return QueuePage(
        filter=QueueFilter(queue.status, queue.watch, queue.source, page),
        flags=flags,
        counts=counts,
        total=total,
        pages=pages,
        watches=list(session.scalars(select(Watch.name).order_by(Watch.name))),
        sources=list(session.scalars(select(Source.name).order_by(Source.name))),
    )


def _load_flags(session: Session, flag_ids: list[int]) -> list[Flag]:
    """Flags by id, in that order, with what a list shows (never the article text)."""
    if not flag_ids:
        return []
    statement = (
        select(Flag)
        .join(Flag.article)
        .join(Article.source)
        .join(Flag.watch)
        .options(
            contains_eager(Flag.article)
            .load_only(Article.id, Article.url, Article.title, Article.published_at,
                       Article.fetched_at, Article.source_id)
            .contains_eager(Article.source),
            contains_eager(Flag.watch),
            selectinload(Flag.new_figures),
        )
        .where(Flag.id.in_(flag_ids))
    )
    by_id = {flag.id: flag for flag in session.scalars(statement).unique()}
    return [by_id[flag_id] for flag_id in flag_ids if flag_id in by_id]


@dataclass(slots=True)
class Copy:
    url: str
    title: str | None
    source: str
    published: datetime | None
    article_id: int | None  # None for an alias URL of this same article


@dataclass(slots=True)
class FlagDetail:
    flag: Flag
    spans: list[Span]
    title_spans: list[Span]
    copies: list[Copy]
    other_flags: list[Flag]
    previous_articles: dict[str, int]  # earlier values' URLs -> article ids stored here
    next_open: int | None
    prev_open: int | None


def _figure_spans(
    session: Session, article_id: int, new_keys: frozenset[tuple[Any, Any, bool]] = frozenset(),
) -> tuple[list[Span], list[Span]]:
    """An article's stored figures as (text spans, title spans); those in `new_keys`
    ((start, end, in_title) of a flag's new figures) are marked "new"."""
    spans: list[Span] = []
    title_spans: list[Span] = []
    for figure in session.scalars(select(FigureRow).where(FigureRow.article_id == article_id)):
        label = figure_label({"value": figure.value, "low": figure.low, "high": figure.high,
                              "hedge": figure.hedge, "measure": figure.measure,
                              "subject": figure.subject})
        key = (figure.start, figure.end, bool(figure.in_title))
        mark = "new" if key in new_keys else "figure"
        (title_spans if figure.in_title else spans).append(Span(figure.start, figure.end, mark, label))
    return spans, title_spans


def flag_detail(session: Session, flag_id: int) -> FlagDetail | None:
    """A flag with everything its page shows: text spans, copies, neighbours in the queue."""
    flag = session.scalars(
        select(Flag)
        .where(Flag.id == flag_id)
        .options(
            selectinload(Flag.article).selectinload(Article.source),
            selectinload(Flag.watch),
            selectinload(Flag.new_figures),
        )
    ).first()
    if flag is None:
        return None
    article = flag.article
    new_keys = frozenset(
        (row.figure.get("start"), row.figure.get("end"), bool(row.figure.get("in_title")))
        for row in flag.new_figures
    )
    spans, title_spans = _figure_spans(session, article.id, new_keys)
    # New figures are marked even when the figure rows were not stored (older data).
    for row in flag.new_figures:
        start, end = row.figure.get("start"), row.figure.get("end")
        if isinstance(start, int) and isinstance(end, int):
            target = title_spans if row.figure.get("in_title") else spans
            target.append(Span(start, end, "new", figure_label(row.figure)))

    copies: list[Copy] = []
    if article.cluster_id is not None:
        for other in session.scalars(
            select(Article)
            .where(Article.cluster_id == article.cluster_id, Article.id != article.id)
            .options(load_only(Article.id, Article.url, Article.title, Article.published_at,
                               Article.source_id), selectinload(Article.source))
            .order_by(Article.published_at, Article.id)
            .limit(50)
        ):
            copies.append(Copy(other.url, other.title, other.source.name, other.published_at, other.id))
    for alias in session.scalars(
        select(Url.url).where(Url.article_id == article.id, Url.url != article.url).limit(50)
    ):
        copies.append(Copy(alias, article.title, article.source.name, None, None))

    other_flags = list(session.scalars(
        select(Flag).where(Flag.article_id == article.id, Flag.id != flag.id)
        .options(selectinload(Flag.watch))
    ))
    previous_urls = {
        entry.get("url") for row in flag.new_figures for entry in (row.previous or [])
        if isinstance(entry, dict) and isinstance(entry.get("url"), str)
    }
    previous_articles: dict[str, int] = {}
    if previous_urls:
        previous_articles = dict(session.execute(
            select(Article.url, Article.id).where(Article.url.in_(previous_urls))
        ).all())

    # Row-value comparisons walk the (status, created_at) index straight to the neighbour.
    here = tuple_(Flag.created_at, Flag.id)
    position = tuple_(literal(flag.created_at), literal(flag.id))
    newer = (select(Flag.id).where(Flag.status == "open", here < position)
             .order_by(Flag.created_at.desc(), Flag.id.desc()).limit(1))
    older = (select(Flag.id).where(Flag.status == "open", here > position)
             .order_by(Flag.created_at, Flag.id).limit(1))
    return FlagDetail(
        flag=flag,
        spans=spans,
        title_spans=title_spans,
        copies=copies,
        other_flags=other_flags,
        previous_articles=previous_articles,
        next_open=session.scalar(newer),
        prev_open=session.scalar(older),
    )


@dataclass(slots=True)
class ArticleDetail:
    article: Article
    spans: list[Span]
    title_spans: list[Span]
    flags: list[Flag]


def article_detail(session: Session, article_id: int) -> ArticleDetail | None:
    article = session.scalars(
        select(Article).where(Article.id == article_id).options(selectinload(Article.source))
    ).first()
    if article is None:
        return None
    spans, title_spans = _figure_spans(session, article_id)
    flags = list(session.scalars(
        select(Flag).where(Flag.article_id == article_id).options(selectinload(Flag.watch))
    ))
    return ArticleDetail(article, spans, title_spans, flags)


@dataclass(frozen=True, slots=True)
class Point:
    """One value of a measure in a watch: a flagged figure, or a baseline ledger entry."""

    measure: str
    value: float
    when: datetime
    status: str  # open|confirmed|dismissed|baseline
    flag_id: int | None
    article_id: int
    url: str
    title: str | None
    source: str
    hedge: str | None = None
    low: float | None = None
    high: float | None = None
    subject: str | None = None
    sentence: str | None = None


@dataclass(slots=True)
class WatchSeries:
    watch: Watch
    measures: list[tuple[str, int]]  # (measure, distinct values seen), most values first
    points: dict[str, list[Point]] = field(default_factory=dict)  # per measure, oldest first
    latest: list[Point] = field(default_factory=list)


def _when(article: type[Article] = Article) -> Any:
    return func.coalesce(article.published_at, article.fetched_at)


def _flag_points(watch_id: int) -> Select:
    return (
        select(FlagFigure.measure, FlagFigure.value, _when().label("when"), Flag.status, Flag.id,
               Article.id, Article.url, Article.title, Source.name)
        .select_from(FlagFigure)
        .join(Flag, Flag.id == FlagFigure.flag_id)
        .join(Article, Article.id == Flag.article_id)
        .join(Source, Source.id == Article.source_id)
        .where(Flag.watch_id == watch_id)
    )


def _baseline_points(watch_id: int) -> Select:
    # A ledger value that no flag reported: seen during a baseline crawl, or before flagging.
    flagged = (
        select(FlagFigure.id)
        .join(Flag, Flag.id == FlagFigure.flag_id)
        .where(Flag.article_id == LedgerEntry.article_id, Flag.watch_id == LedgerEntry.watch_id,
               FlagFigure.measure == LedgerEntry.measure, FlagFigure.value == LedgerEntry.value)
    )
    return (
        select(LedgerEntry.measure, LedgerEntry.value, _when().label("when"), Article.id,
               Article.url, Article.title, Source.name)
        .select_from(LedgerEntry)
        .join(Article, Article.id == LedgerEntry.article_id)
        .join(Source, Source.id == Article.source_id)
        .where(LedgerEntry.watch_id == watch_id, ~flagged.exists())
    )


def _points(session: Session, flag_query: Select, baseline_query: Select) -> list[Point]:
    points = []
    for measure, value, when, status, flag_id, article_id, url, title, source in session.execute(flag_query):
        points.append(Point(measure, value, when, status, flag_id, article_id, url, title, source))
    for measure, value, when, article_id, url, title, source in session.execute(baseline_query):
        points.append(Point(measure, value, when, "baseline", None, article_id, url, title, source))
    return sorted(points, key=lambda point: (point.when, point.article_id))


def watch_overview(session: Session, name: str, latest: int = 25) -> WatchSeries | None:
    """A watch, its measures (with how many distinct values each has seen) and latest figures."""
    watch = session.scalars(select(Watch).where(Watch.name == name)).first()
    if watch is None:
        return None
    counts: dict[str, int] = dict(session.execute(
        select(LedgerEntry.measure, func.count()).where(LedgerEntry.watch_id == watch.id)
        .group_by(LedgerEntry.measure)
    ).all())
    if not counts:  # flags without a ledger (kept through a ledger rebuild): count their figures
        counts = dict(session.execute(
            select(FlagFigure.measure, func.count()).join(Flag, Flag.id == FlagFigure.flag_id)
            .where(Flag.watch_id == watch.id).group_by(FlagFigure.measure)
        ).all())
    series = WatchSeries(watch, sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    latest_rows: Iterable[Sequence[Any]] = session.execute(
        select(FlagFigure.figure, _when(), Flag.status, Flag.id, Article.id, Article.url,
               Article.title, Source.name)
        .select_from(Flag)
        .join(FlagFigure, FlagFigure.flag_id == Flag.id)
        .join(Article, Article.id == Flag.article_id)
        .join(Source, Source.id == Article.source_id)
        .where(Flag.watch_id == watch.id)
        .order_by(Flag.created_at.desc(), FlagFigure.id.desc())
        .limit(latest)
    ) if latest else []
    for figure, when, status, flag_id, article_id, url, title, source in latest_rows:
        series.latest.append(Point(
            figure.get("measure", ""), figure.get("value") or 0.0, when, status, flag_id, article_id,
            url, title, source, figure.get("hedge"), figure.get("low"), figure.get("high"),
            figure.get("subject"), figure.get("sentence"),
        ))
    return series


def watch_version(session: Session, watch_id: int) -> tuple[Any, ...]:
    """What changes whenever a watch's charts would: its flags, their decisions, its ledger."""
    flags = session.execute(
        select(func.count(Flag.id), func.max(Flag.id), func.max(Flag.decided_at))
        .where(Flag.watch_id == watch_id)
    ).one()
    ledger = session.execute(
        select(func.count(LedgerEntry.id), func.max(LedgerEntry.id)).where(LedgerEntry.watch_id == watch_id)
    ).one()
    return (*flags, *ledger)


def measure_points(session: Session, watch_id: int, measure: str, limit: int) -> list[Point]:
    """The newest `limit` points of one measure (flagged and baseline), oldest first."""
    flag_query = (_flag_points(watch_id).where(FlagFigure.measure == measure)
                  .order_by(Flag.created_at.desc()).limit(limit))
    baseline_query = (_baseline_points(watch_id).where(LedgerEntry.measure == measure)
                      .order_by(LedgerEntry.created_at.desc()).limit(limit))
    return _points(session, flag_query, baseline_query)[-limit:]


def export_rows(session: Session, name: str) -> list[dict[str, Any]] | None:
    """The whole series of a watch, one row per point, oldest first (CSV and JSON export)."""
    watch = session.scalars(select(Watch).where(Watch.name == name)).first()
    if watch is None:
        return None
    points = _points(session, _flag_points(watch.id), _baseline_points(watch.id))
    return [
        {"measure": point.measure, "value": point.value, "when": point.when, "status": point.status,
         "flag": point.flag_id, "source": point.source, "url": point.url, "title": point.title}
        for point in sorted(points, key=lambda point: (point.when, point.measure))
    ]


@dataclass(slots=True)
class SourceHealth:
    name: str
    configured: bool
    source: Source | None
    articles: int
    last_run: CrawlRun | None
    problems: list[CrawlProblem]


def sources_health(session: Session, configured: list[str], problems_per_source: int = 5) -> list[SourceHealth]:
    """Every source in the database or the config: health, last run, recent errors."""
    sources = {source.name: source for source in session.scalars(select(Source))}
    counts = dict(session.execute(
        select(Article.source_id, func.count()).group_by(Article.source_id)
    ).all())
    last_run_ids = select(func.max(CrawlRun.id)).group_by(CrawlRun.source_id)
    last_runs = {run.source_id: run for run in session.scalars(
        select(CrawlRun).where(CrawlRun.id.in_(last_run_ids))
    )}
    result = []
    for name in sorted(set(sources) | set(configured)):
        source = sources.get(name)
        problems: list[CrawlProblem] = []
        if source is not None:
            problems = list(session.scalars(
                select(CrawlProblem).join(CrawlRun)
                .where(CrawlRun.source_id == source.id, CrawlProblem.kind == "error")
                .order_by(CrawlProblem.id.desc()).limit(problems_per_source)
            ))
        result.append(SourceHealth(
            name=name,
            configured=name in configured,
            source=source,
            articles=counts.get(source.id, 0) if source else 0,
            last_run=last_runs.get(source.id) if source else None,
            problems=problems,
        ))
    return result


def watch_summaries(session: Session, configured: list[str]) -> list[dict[str, Any]]:
    """Each watch with its flag counts per status."""
    rows = session.execute(
        select(Watch.name, Flag.status, func.count(Flag.id))
        .select_from(Watch).join(Flag, Flag.watch_id == Watch.id, isouter=True)
        .group_by(Watch.name, Flag.status)
    ).all()
    summaries: dict[str, dict[str, Any]] = {
        name: {"name": name, "configured": True, **dict.fromkeys(STATUSES, 0)} for name in configured
    }
    for name, status, count in rows:
        summary = summaries.setdefault(
            name, {"name": name, "configured": False, **dict.fromkeys(STATUSES, 0)}
        )
        if status:
            summary[status] = count
    return [summaries[name] for name in sorted(summaries)]
