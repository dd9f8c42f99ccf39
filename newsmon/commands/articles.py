"""`newsmon articles`: the stored articles, newest first."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import Any

from newsmon.config import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "articles", help="list stored articles, newest first",
        description="List stored articles, newest first (by published date, else by when fetched).",
    )
    parser.add_argument("--source", action="append", metavar="S", help="only this source (repeatable)")
    parser.add_argument("--since", metavar="DATE", help="only articles published (or fetched) on or after "
                        "DATE: 2025-01-13, 2025-01-13T08:00, or a duration back from now such as 2d")
    parser.add_argument("--limit", type=int, default=50, metavar="N", help="at most N (default 50; 0 for all)")
    parser.add_argument("--json", action="store_true", help="print JSON with the full text")
    parser.set_defaults(handler=handle)


def parse_since(value: str, now: datetime | None = None) -> datetime:
    """A date, a date-time (naive = UTC) or a duration ('2d', '6h') back from now -> naive UTC."""
    from newsmon.config import parse_duration

    now = now or datetime.now(UTC).replace(tzinfo=None)
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            return now.replace(microsecond=0) - _seconds(parse_duration(value))
        except ValueError:
            raise ValueError(f"expected a date such as 2025-01-13 or a duration such as 2d, got {value!r}") from None
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _seconds(value: float) -> Any:
    from datetime import timedelta

    return timedelta(seconds=value)


def handle(args: argparse.Namespace, settings: Settings) -> int:
    from newsmon.cli import EXIT_USAGE, fail

    if args.limit < 0:
        return fail("--limit must be 0 or more", EXIT_USAGE)
    try:
        since = parse_since(args.since) if args.since else None
    except ValueError as exc:
        return fail(f"--since: {exc}", EXIT_USAGE)
    from newsmon.commands import database_session

    with database_session(settings) as session:
        entries = list_articles(session, args.source or (), since, args.limit)
    if args.json:
        json.dump(entries, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not entries:
        print("no articles", file=sys.stderr)
        return 0
    for entry in entries:
        when = (entry["published"] or "")[:16].replace("T", " ") or "-"
        print(f"{when:16}  {entry['source']:16}  {entry['title'] or '(no title)'}")
        print(f"{'':16}  {'':16}  {entry['url']}")
    return 0


def list_articles(session: Any, sources: tuple[str, ...] | list[str], since: datetime | None,
                  limit: int) -> list[dict[str, Any]]:
    """Articles as the `articles --json` contract has them, newest first."""
    from sqlalchemy import func, select

    from storage.models import Article, ArticleVersion, Source
    from storage.queries import iso

    when = func.coalesce(Article.published_at, Article.fetched_at)
    versions = (
        select(func.count(ArticleVersion.id)).where(ArticleVersion.article_id == Article.id).scalar_subquery()
    )
    statement = (
        select(Article, Source.name, versions).join(Source, Source.id == Article.source_id)
        .order_by(when.desc(), Article.id.desc())
    )
    if sources:
        statement = statement.where(Source.name.in_(list(sources)))
    if since is not None:
        statement = statement.where(when >= since)
    if limit:
        statement = statement.limit(limit)
    return [
        {
            "url": article.url, "source": source, "title": article.title, "author": article.author,
            "published": iso(article.published_at), "language": article.language,
            "content_hash": article.content_hash, "text": article.text,
            "cluster": article.cluster_id, "versions": 1 + (count or 0),
            "fetched": iso(article.fetched_at),
        }
        for article, source, count in session.execute(statement)
    ]
