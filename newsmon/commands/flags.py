"""`newsmon flags`: not built yet."""

from __future__ import annotations

import argparse

from newsmon.config import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("flags", help="(not built yet)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, settings: Settings) -> int:
    from newsmon.cli import fail

    return fail("'flags' is not built yet")
