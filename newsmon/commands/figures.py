"""`newsmon figures FILE|-`: the figures in a plain text, nothing stored."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from newsmon.config import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "figures", help="the figures in a plain text (a file or - for stdin)"
    )
    parser.add_argument("file", metavar="FILE|-")
    parser.add_argument("--title", help="the article's title, searched for figures too")
    parser.add_argument(
        "--published",
        type=_date,
        metavar="YYYY-MM-DD",
        help="the article's date: figures of events dated before its year are background",
    )
    parser.add_argument("--json", action="store_true", help='print JSON: {"figures": [...]}')
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, settings: Settings) -> int:
    from figures import extract_figures
    from newsmon.cli import fail

    try:
        if args.file == "-":
            text = sys.stdin.read()
        else:
            with open(args.file, encoding="utf-8") as handle:
                text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        return fail(f"cannot read {args.file}: {exc}")
    found = extract_figures(text, args.title, published=args.published)
    if args.json:
        json.dump(
            {"figures": [figure.to_json() for figure in found]},
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        print()
        return 0
    for figure in found:
        hedge = f"{figure.hedge} " if figure.hedge else ""
        value = "vague" if figure.vague else f"{hedge}{_number(figure.value)}"
        who = f"  (says {figure.source})" if figure.source else ""
        print(f"{figure.measure:<14} {value:<22} {figure.subject or ''}{who}")
        print(f"    {figure.sentence.strip()}")
    if not found:
        print("no figures")
    return 0


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _number(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"
