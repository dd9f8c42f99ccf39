"""`newsmon db upgrade|current|copy`: the database schema and moving data between databases."""

from __future__ import annotations

import argparse

from newsmon.config import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("db", help="database schema: upgrade, current revision, copy")
    actions = parser.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    upgrade = actions.add_parser("upgrade", help="apply the migrations (also done on every start)")
    upgrade.add_argument("revision", nargs="?", default="head")
    upgrade.set_defaults(handler=handle_upgrade)
    current = actions.add_parser("current", help="print the schema revision")
    current.set_defaults(handler=handle_current)
    copy = actions.add_parser(
        "copy", help="copy this database into another, empty one (e.g. SQLite to PostgreSQL)"
    )
    copy.add_argument(
        "target", metavar="TARGET_URL", help="e.g. postgresql+psycopg://user@host/newsmon"
    )
    copy.set_defaults(handler=handle_copy)


def handle_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from storage.db import upgrade

    upgrade(settings.database_url, args.revision)
    print(f"database at revision {args.revision}: {_safe(settings.database_url)}")
    return 0


def handle_current(args: argparse.Namespace, settings: Settings) -> int:
    from storage.db import connect, current_revision

    engine = connect(settings.database_url)
    print(current_revision(engine) or "(empty database)")
    engine.dispose()
    return 0


def handle_copy(args: argparse.Namespace, settings: Settings) -> int:
    from newsmon.cli import EXIT_USAGE, fail
    from storage.copy import copy_database

    if args.target == settings.database_url:
        return fail("the target is the configured database itself", EXIT_USAGE)
    try:
        counts = copy_database(
            settings.database_url, args.target, lambda table, n: print(f"{table:<18} {n:>9,} rows")
        )
    except ValueError as exc:
        return fail(str(exc))
    print(f"copied {sum(counts.values()):,} rows to {_safe(args.target)}")
    print("point [storage] url at it to use it")
    return 0


def _safe(url: str) -> str:
    """The URL without its password, for printing."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
