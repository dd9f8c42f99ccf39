"""`newsmon alerts send|test|list`: drain the outbox now, try the mail setup, see what went out.

    newsmon alerts send [--due] [--retry-failed]   exit 1 when something could not be sent
    newsmon alerts test [--to ADDRESS]... [--apprise URL]...
    newsmon alerts list [--status S] [--watch W] [--limit N] [--json]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import replace
from typing import Any

from newsmon.config import Settings

STATUSES = ("pending", "sending", "sent", "failed")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("alerts", help="send, test and list alert emails and notifications")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    send = actions.add_parser("send", help="send every pending alert now (exit 1 if any could not be sent)")
    send.add_argument(
        "--due", action="store_true",
        help="only what the daemon would send now: respect retry backoff and digest periods",
    )
    send.add_argument("--retry-failed", action="store_true", help="give failed alerts another try first")
    send.set_defaults(handler=handle_send)

    test = actions.add_parser("test", help="send a sample alert to check the SMTP (or Apprise) setup")
    test.add_argument(
        "--to", action="append", default=[], metavar="ADDRESS",
        help="recipient (repeatable; default: [alerts] recipients, else every watch's email)",
    )
    test.add_argument(
        "--apprise", action="append", default=[], metavar="URL",
        help="also notify this Apprise URL (repeatable); --apprise all: every URL in the watches",
    )
    test.set_defaults(handler=handle_test)

    listing = actions.add_parser("list", help="alerts in the outbox: pending, sent, failed")
    listing.add_argument("--status", choices=STATUSES)
    listing.add_argument("--watch", metavar="W")
    listing.add_argument("--limit", type=int, default=100, metavar="N", help="at most N, newest first (0: all)")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=handle_list)


def _engine(settings: Settings) -> Any:
    from storage.db import ensure_schema

    return ensure_schema(settings.database_url)


def handle_send(args: argparse.Namespace, settings: Settings) -> int:
    from alerts.jobs import drain
    from alerts.outbox import counts, requeue_failed
    from storage.db import session_scope
    from storage.models import utcnow

    # The summary below says what happened; per-alert log lines would only repeat it.
    logging.getLogger("alerts").setLevel(logging.ERROR)
    engine = _engine(settings)
    try:
        if args.retry_failed:
            with session_scope(engine) as session:
                requeued = requeue_failed(session, utcnow())
            print(f"{requeued} failed alert{'s' if requeued != 1 else ''} queued again")
        report = drain(settings, engine, force=not args.due, flush_digests=not args.due)
        with session_scope(engine) as session:
            left = counts(session)
    finally:
        engine.dispose()
    print(
        f"sent {report.sent} alert{'s' if report.sent != 1 else ''} "
        f"({report.emails} email{'s' if report.emails != 1 else ''}, "
        f"{report.notifications} notification{'s' if report.notifications != 1 else ''})"
    )
    if left["sending"]:
        print(f"{left['sending']} being sent by another process")
    if report.ok:
        return 0
    for error in report.errors:
        print(f"newsmon: {error}", file=sys.stderr)
    print(
        f"newsmon: {report.retrying} alert{'s' if report.retrying != 1 else ''} will be retried, "
        f"{report.failed} failed for good (see `newsmon alerts list --status failed`)",
        file=sys.stderr,
    )
    return 1


def _sample_view(settings: Settings) -> Any:
    from alerts.compose import EarlierValue, FigureView, FlagView

    sentence = "Ukraine's military intelligence said about 2,000 North Korean soldiers had been killed."
    at = sentence.index("2,000")
    public_url = settings.review.public_url
    return FlagView(
        flag_id=0, watch_name="newsmon-test", watch_title="Test alert", title="newsmon test alert (sample data)",
        url="https://example.org/sample-article", outlet="newsmon", published=None,
        review_url=f"{public_url}/flags", story_id=0,
        figures=(
            FigureView(
                measure="killed", value="about 2,000", subject="North Korean soldiers",
                says="Ukraine's military intelligence (sample)", before=sentence[:at], number="2,000",
                after=sentence[at + 5:], earlier=(EarlierValue("600", "2025-01-13", None),), earlier_total=1,
                was="600",
            ),
        ),
    )


def handle_test(args: argparse.Namespace, settings: Settings) -> int:
    from alerts.apprise_channel import redact, send_apprise
    from alerts.compose import AddressError, build_email, parse_address, render_alert
    from alerts.smtp import DeliveryError, SmtpConnection
    from newsmon.cli import EXIT_USAGE, fail
    from storage.models import utcnow

    apprise_urls = list(args.apprise)
    if "all" in apprise_urls:
        apprise_urls = [url for url in apprise_urls if url != "all"]
        apprise_urls += [url for watch in settings.watches for url in watch.apprise if url not in apprise_urls]
    recipients = list(args.to) or list(settings.alerts.recipients)
    if not recipients:
        recipients = sorted({address for watch in settings.watches for address in watch.email})
    if not recipients and not apprise_urls:
        return fail("no recipient: pass --to ADDRESS, or set [alerts] recipients or a watch's email", EXIT_USAGE)
    view = _sample_view(settings)
    rendered = render_alert(view, settings.review.public_url)
    rendered = replace(rendered, subject="[newsmon] Test alert: this is what an alert looks like")
    now = utcnow()
    try:
        sender = parse_address(settings.smtp.sender)
        addresses = [parse_address(recipient) for recipient in recipients]
    except AddressError as exc:
        return fail(str(exc), EXIT_USAGE)
    status = 0
    if addresses:
        try:
            with SmtpConnection(settings.smtp) as connection:
                for address in addresses:
                    msgid = f"<newsmon.test.{now.strftime('%Y%m%d%H%M%S%f')}.{len(address.username)}@{sender.domain}>"
                    message = build_email(rendered, sender, address, msgid, now, view.watch_name)
                    connection.send(message, sender.addr_spec, address.addr_spec)
                    print(f"sent a test email to {address.addr_spec} through {settings.smtp.host}:{settings.smtp.port}")
        except DeliveryError as exc:
            status = fail(str(exc))
    for url in apprise_urls:
        try:
            send_apprise(url, rendered.subject, rendered.text, settings.smtp.timeout)
            print(f"sent a test notification to {redact(url)}")
        except DeliveryError as exc:
            status = fail(str(exc))
    return status


def handle_list(args: argparse.Namespace, settings: Settings) -> int:
    from sqlalchemy import select

    from alerts.apprise_channel import redact
    from alerts.outbox import counts
    from storage.db import session_scope
    from storage.models import Alert, Article, Flag, Watch
    from storage.queries import iso

    engine = _engine(settings)
    try:
        with session_scope(engine) as session:
            statement = (
                select(Alert, Watch.name, Article.url, Article.title)
                .join(Watch, Watch.id == Alert.watch_id)
                .outerjoin(Flag, Flag.id == Alert.flag_id)
                .outerjoin(Article, Article.id == Flag.article_id)
                .order_by(Alert.id.desc())
            )
            if args.status:
                statement = statement.where(Alert.status == args.status)
            if args.watch:
                statement = statement.where(Watch.name == args.watch)
            if args.limit > 0:
                statement = statement.limit(args.limit)
            rows: list[dict[str, Any]] = [
                {
                    "id": alert.id,
                    "status": alert.status,
                    "channel": alert.channel,
                    "recipient": alert.recipient if alert.channel == "email" else redact(alert.recipient),
                    "mode": alert.mode,
                    "watch": watch,
                    "flag": alert.flag_id,
                    "article": {"url": url, "title": title},
                    "attempts": alert.attempts,
                    "next_attempt": iso(alert.next_attempt_at) if alert.status in ("pending", "sending") else None,
                    "last_error": alert.last_error,
                    "message_id": alert.message_id,
                    "batch": alert.batch,
                    "created": iso(alert.created_at),
                    "sent": iso(alert.sent_at),
                }
                for alert, watch, url, title in session.execute(statement).all()
            ]
            totals = counts(session)
    finally:
        engine.dispose()
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(", ".join(f"{count} {status}" for status, count in totals.items()))
    for row in rows:
        when = row["sent"] or row["next_attempt"] or ""
        print(
            f"#{row['id']:<6} {row['status']:<8} {row['channel']:<8} {row['mode']:<9} {row['watch']:<20} "
            f"{row['recipient']:<30} tries {row['attempts']:<3} {when}"
        )
        if row["article"]["title"]:
            print(f"         {' '.join(str(row['article']['title']).split())[:100]}")
        if row["last_error"] and row["status"] != "sent":
            print(f"         error: {row['last_error']}")
    return 0
