"""`newsmon flags`: flagged articles and their new figures."""

from __future__ import annotations

import argparse
import json
import sys

from newsmon.config import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("flags", help="flagged articles with their new figures")
    parser.add_argument("--status", choices=("open", "confirmed", "dismissed"))
    parser.add_argument("--watch", metavar="W")
    parser.add_argument("--source", metavar="S")
    parser.add_argument(
        "--limit", type=int, default=0, metavar="N", help="at most N flags (0: all)"
    )
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, settings: Settings) -> int:
    from newsmon.commands import database_session
    from storage.queries import flag_json, flags_query

    with database_session(settings) as session:
        statement = flags_query(args.status, args.watch, args.source)
        if args.limit:
            statement = statement.limit(args.limit)
        flags = [flag_json(flag) for flag in session.scalars(statement)]
    if args.json:
        json.dump(flags, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    for flag in flags:
        article = flag["article"]
        print(
            f"#{flag['id']} [{flag['status']}] {flag['watch']}: {article['title']} ({article['source']}, "
            f"{article['published'] or 'no date'})"
        )
        print(f"    {article['url']}")
        for figure in flag["new_figures"]:
            earlier = ", ".join(
                f"{_number(p['value'])} ({(p['published'] or '?')[:10]})"
                for p in figure["previous"]
            )
            hedge = f"{figure['hedge']} " if figure.get("hedge") else ""
            print(
                f"    {figure['measure']}: {hedge}{_number(figure['value'])}"
                + (f" — earlier {earlier}" if earlier else " — first value")
            )
    if not flags:
        print("no flags")
    return 0


def _number(value: float | int | None) -> str:
    if value is None:
        return "?"
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"
