"""`newsmon review`: serve only the review web page (the daemon serves it too, with its jobs).

Binds to `[review] bind` (127.0.0.1:8080 by default); beyond loopback it refuses to start without a
password in the environment variable `[review] password_env`. `--hash-password` reads a password
on standard input and prints a hash to put in that variable instead of the password itself.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from newsmon.config import Settings, check_bind


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
    import socket

    import uvicorn

    from newsmon.cli import fail
    from review.app import create_app
    from storage.db import ensure_schema

    if bind:
        review = dataclasses.replace(settings.review, bind=check_bind(bind, "--bind"))
        settings = dataclasses.replace(settings, review=review)
    app = create_app(settings)  # raises ConfigError beyond loopback without a password
    ensure_schema(settings.database_url).dispose()  # Alembic runs only when the schema is behind
    host, port = settings.review.host, settings.review.port
    try:  # bound here, so "serving on" is only said once it is true (and names port 0's choice)
        listener = socket.create_server(
            (host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET
        )
    except OSError as exc:
        return fail(f"cannot listen on {settings.review.bind}: {exc.strerror or exc}")
    bound = listener.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    print(f"newsmon review: serving on http://{shown}:{bound}/", file=sys.stderr, flush=True)
    config = uvicorn.Config(
        app, log_level="warning", proxy_headers=False, server_header=False
    )
    uvicorn.Server(config).run(sockets=[listener])
    return 0
