"""`newsmon run`: the daemon (scheduler, crawls, alert job, /healthz, /metrics, review page)."""

from __future__ import annotations

import argparse

from newsmon.config import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "run",
        help="run the daemon until SIGTERM/SIGINT (SIGHUP reloads the config)",
        description=(
            "Crawl every enabled source on its schedule, send alerts, and serve /healthz, /metrics "
            "and the review page on [review] bind. One daemon per database. SIGHUP re-reads the "
            "config; SIGTERM or SIGINT lets running crawls finish within [crawl] grace, then exits."
        ),
    )
    parser.add_argument("--bind", metavar="HOST:PORT", help="serve the web app here instead of [review] bind")
    parser.add_argument("--no-web", action="store_true", help="serve no web app (no /healthz, /metrics)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, settings: Settings) -> int:
    from newsmon.cli import fail
    from scheduler.daemon import AlreadyRunning, Daemon

    daemon = Daemon(settings)
    try:
        daemon.start()
    except AlreadyRunning as exc:
        return fail(str(exc))
    except ImportError as exc:
        return fail(f"cannot start the daemon: {exc} (is newsmon installed with its dependencies?)")
    except Exception as exc:  # database unreachable, migrations failing, data directory not writable...
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return fail(f"cannot start the daemon: {first_line}")
    return daemon.serve(bind=args.bind, web=not args.no_web)
