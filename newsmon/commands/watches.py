"""`newsmon watches`: the watches of the config, with their articles and flags."""

from __future__ import annotations

import argparse
import json
import sys

from newsmon.config import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("watches", help="watches with their articles and flags")
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, settings: Settings) -> int:
    from sqlalchemy import Executable, func, select

    from newsmon.commands import database_session
    from storage.models import ArticleWatch, Flag, LedgerEntry, Watch

    rows = []
    with database_session(settings) as session:
        for watch in settings.watches:
            watch_id = session.scalar(select(Watch.id).where(Watch.name == watch.name))

            def count(statement: Executable, watch_id: int | None = watch_id) -> int:
                return 0 if watch_id is None else int(session.scalar(statement) or 0)

            flags_by_status = (
                dict(
                    session.execute(
                        select(Flag.status, func.count())
                        .where(Flag.watch_id == watch_id)
                        .group_by(Flag.status)
                    ).all()
                )
                if watch_id
                else {}
            )
            rows.append(
                {
                    "name": watch.name,
                    "all": [list(group) for group in watch.all],
                    "none": list(watch.none),
                    "articles": count(
                        select(func.count()).where(ArticleWatch.watch_id == watch_id)
                    ),
                    "figures_seen": count(
                        select(func.count()).where(LedgerEntry.watch_id == watch_id)
                    ),
                    "flags": sum(flags_by_status.values()),
                    "open": flags_by_status.get("open", 0),
                    "confirmed": flags_by_status.get("confirmed", 0),
                    "dismissed": flags_by_status.get("dismissed", 0),
                }
            )
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(f"{'watch':<28} {'articles':>8} {'figures':>8} {'flags':>6} {'open':>6}")
    for row in rows:
        print(
            f"{row['name']:<28} {row['articles']:>8} {row['figures_seen']:>8} {row['flags']:>6} {row['open']:>6}"
        )
    if not rows:
        print("no watches in the config")
    return 0
