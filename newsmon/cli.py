"""The `newsmon` command line: a thin front over the packages.

Each subcommand lives in `newsmon/commands/<name>.py` with `register(subparsers)`, which adds its parser
and sets `handler(args, settings) -> int`. Exit codes: 0 success, 1 failure, 2 bad usage or config.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from newsmon import __version__
from newsmon.config import ConfigError, load_settings

COMMANDS = (
    "run",
    "crawl",
    "extract",
    "articles",
    "status",
    "figures",
    "flags",
    "watches",
    "refigure",
    "review",
    "alerts",
    "db",
    "demo",
)
EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsmon",
        description="Poll news outlets, keep clean article text, flag figures not seen before.",
    )
    parser.add_argument("--version", action="version", version=f"newsmon {__version__}")
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="the config file (default: $NEWSMON_CONFIG, else the bundled defaults)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"newsmon.commands.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings(args.config)
    except ConfigError as exc:
        print(f"newsmon: config error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    from newsmon.logs import setup_logging

    setup_logging(settings.logging, verbose=getattr(args, "verbose", False))
    try:
        return int(args.handler(args, settings) or 0)
    except ConfigError as exc:
        print(f"newsmon: config error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("newsmon: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


def fail(message: str, code: int = EXIT_FAILURE) -> int:
    """Print one clear line to stderr and return the exit code."""
    print(f"newsmon: {message}", file=sys.stderr)
    return code
