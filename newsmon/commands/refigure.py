"""`newsmon refigure`: recompute figures and flags of stored articles after the extractor changed."""

from __future__ import annotations

import argparse
import json
import sys

from newsmon.config import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "refigure", help="recompute figures, ledgers and flags of stored articles (keeps decisions)"
    )
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, settings: Settings) -> int:
    from newsmon.commands import database_session
    from storage.ingest import refigure

    with database_session(settings) as session:
        counts = refigure(session, settings)
    if args.json:
        json.dump(counts, sys.stdout)
        print()
    else:
        print(
            f"refigured {counts['articles']} articles: {counts['flags']} flags, "
            f"{counts['figures']} new figures"
        )
    return 0
