"""`newsmon review`: serve only the review web page (the daemon serves it too, with its jobs).

Binds to `[review] bind` (127.0.0.1:8080 by default); beyond loopback it refuses to start without a
password in the environment variable `[review] password_env`. `--hash-password` reads a password
on standard input and prints a hash to put in that variable instead of the password itself.
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys

from newsmon.config import ConfigError, Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "review", help="serve the review web page only",
        description="Serve the page for reviewing flags (queue, flags, watch charts, sources, search).",
    )
    parser.add_argument("--bind", metavar="HOST:PORT", help="override [review] bind")
    parser.add_argument("--hash-password", action="store_true",
                        help="read a password (stdin or prompt), print its hash for $NEWSMON_REVIEW_PASSWORD")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, settings: Settings) -> int:
    from review.security import hash_password

    if args.hash_password:
        password = getpass.getpass("Password: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
        if not password:
            from newsmon.cli import fail

            return fail("an empty password cannot be hashed", 2)
        print(hash_password(password))
        return 0
    return serve(settings, args.bind)


def serve(settings: Settings, bind: str | None = None) -> int:
    import dataclasses

    import uvicorn

    from review.app import create_app
    from storage.db import ensure_schema

    if bind:
        if not re.fullmatch(r"(\[[0-9a-fA-F:]+\]|[^:\s]+):\d{1,5}", bind):
            raise ConfigError("--bind", "review.bind", f"expected HOST:PORT, got {bind!r}")
        settings = dataclasses.replace(settings, review=dataclasses.replace(settings.review, bind=bind))
    if settings.review.port > 65535:  # the HOST:PORT pattern lets 70000 through (0: any free port)
        key = "--bind" if bind else settings.path or "<defaults>"
        raise ConfigError(key, "review.bind", f"port must be 0-65535, got {settings.review.port}")
    app = create_app(settings)  # raises ConfigError beyond loopback without a password
    ensure_schema(settings.database_url).dispose()  # Alembic runs only when the schema is behind
    host = settings.review.host
    print(f"newsmon review: serving on http://{settings.review.bind}/", file=sys.stderr, flush=True)
    uvicorn.run(app, host=host, port=settings.review.port, log_level="warning",
                proxy_headers=False, server_header=False)
    return 0
