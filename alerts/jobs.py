"""The alert job: drain the outbox (see alerts.outbox for the states and the delivery guarantee).

`run_alert_job(settings, engine)` is what the daemon schedules every `[alerts] every`: it sends the due
immediate alerts, then the digests whose period has ended (one email per watch and recipient,
flags grouped by story). `drain(...)` is the same with knobs: `newsmon alerts send` forces it
(backoff waits and digest periods are skipped, live claims of other processes still respected).

Each claimed chunk is composed from the database, then sent; each message's outcome is committed
on its own right after the server answers. When the SMTP server cannot be used at all (refused
connection, failed login), the rest of this round's emails are left alone (Apprise still goes
out) and the report says why, in one line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, selectinload

from alerts import outbox
from alerts.apprise_channel import redact, send_apprise
from alerts.compose import (
    AddressError,
    FlagView,
    Rendered,
    build_email,
    flag_view,
    message_id,
    parse_address,
    render_alert,
    render_digest,
    story_reference,
    watch_title,
)
from alerts.smtp import DeliveryError, SmtpConnection
from newsmon.config import Settings
from storage.db import connect, session_scope
from storage.models import Alert, Article, Flag, Watch, utcnow

log = logging.getLogger(__name__)


@dataclass
class DrainReport:
    """What one drain did. `errors` holds distinct one-line reasons, in the order met."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    emails: int = 0
    notifications: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.retrying == 0 and self.failed == 0

    def error(self, message: str) -> None:
        if message not in self.errors:
            self.errors.append(message)


@dataclass
class Outgoing:
    """One message to deliver, for the outbox rows `ids` (one row, or a digest batch)."""

    ids: list[int]
    channel: str
    recipient: str
    rendered: Rendered | None = None
    email: EmailMessage | None = None
    envelope_to: str = ""
    message_id: str | None = None
    problem: str | None = None  # composing failed: a permanent error for these rows


def run_alert_job(settings: Settings, engine: Engine | None = None) -> None:
    """The daemon's alert job: one drain of what is due. Never raises for delivery problems.

    The daemon passes its own engine (a new one each round would reopen the database's pool).
    """
    if engine is not None:
        report = drain(settings, engine)
    else:
        own = connect(settings.database_url)
        try:
            report = drain(settings, own)
        finally:
            own.dispose()
    if report.sent or not report.ok:
        log.info(
            "alerts: %d sent, %d to retry, %d failed%s", report.sent, report.retrying, report.failed,
            f" ({'; '.join(report.errors)})" if report.errors else "",
        )


def drain(
    settings: Settings,
    engine: Engine,
    *,
    now: Callable[[], datetime] = utcnow,
    force: bool = False,
    flush_digests: bool = False,
    connection_factory: Callable[[Settings], SmtpConnection] | None = None,
) -> DrainReport:
    """Send what is due (everything pending when `force`; every digest when `flush_digests`)."""
    report = DrainReport()
    factory = connection_factory or (lambda s: SmtpConnection(s.smtp))
    with factory(settings) as connection:
        channels = {"email", "apprise"}
        try:
            sender = parse_address(settings.smtp.sender)
        except AddressError as exc:
            report.error(f"[smtp] sender: {exc}")
            channels.discard("email")
            sender = Address(username="newsmon", domain="localhost")
        _drain_immediate(settings, engine, connection, sender, channels, report, now, force)
        _drain_digests(settings, engine, connection, sender, channels, report, now, force, flush_digests)
    return report


def _lease(settings: Settings, start: datetime, messages: int) -> datetime:
    return start + timedelta(seconds=outbox.lease_seconds(settings.smtp.timeout, messages))


def _drain_immediate(
    settings: Settings, engine: Engine, connection: SmtpConnection, sender: Address, channels: set[str],
    report: DrainReport, now: Callable[[], datetime], force: bool,
) -> None:
    attempted: set[int] = set()
    while channels:
        start = now()
        lease_until = _lease(settings, start, outbox.CLAIM_CHUNK)
        with session_scope(engine) as session:
            ids = outbox.claim_immediate(
                session, start, lease_until, force=force, channels=channels, exclude=attempted
            )
        if not ids:
            return
        attempted.update(ids)
        with session_scope(engine) as session:
            work = _compose_immediate(session, settings, sender, ids, start)
        for item in work:
            _deliver(settings, engine, connection, sender, item, lease_until, channels, report, now)


def _drain_digests(
    settings: Settings, engine: Engine, connection: SmtpConnection, sender: Address, channels: set[str],
    report: DrainReport, now: Callable[[], datetime], force: bool, flush: bool,
) -> None:
    start = now()
    boundary = None if flush else outbox.digest_boundary(start, settings.alerts.digest_every)
    with session_scope(engine) as session:
        outbox.assign_digest_batches(session, boundary)
    attempted: set[str] = set()
    while channels:
        start = now()
        lease_until = _lease(settings, start, 1)
        with session_scope(engine) as session:
            claimed = outbox.claim_digest_batch(
                session, start, lease_until, force=force, channels=channels, exclude=attempted
            )
        if claimed is None:
            return
        batch, ids = claimed
        attempted.add(batch)
        with session_scope(engine) as session:
            item = _compose_digest(session, settings, sender, batch, ids, start)
        _deliver(settings, engine, connection, sender, item, lease_until, channels, report, now)


def _watch_terms(settings: Settings, name: str) -> list[str]:
    watch = outbox.watch_settings(settings, name)
    return [term for group in watch.all for term in group] if watch else []


def _load_flags(session: Session, flag_ids: Iterable[int]) -> dict[int, Flag]:
    statement = (
        select(Flag)
        .where(Flag.id.in_(sorted(set(flag_ids))))
        .options(
            selectinload(Flag.article).selectinload(Article.source),
            selectinload(Flag.watch),
            selectinload(Flag.new_figures),
        )
    )
    return {flag.id: flag for flag in session.scalars(statement)}


def _compose_immediate(
    session: Session, settings: Settings, sender: Address, ids: list[int], now: datetime
) -> list[Outgoing]:
    alerts = session.scalars(select(Alert).where(Alert.id.in_(ids)).order_by(Alert.id)).all()
    flags = _load_flags(session, (alert.flag_id for alert in alerts if alert.flag_id is not None))
    public_url = settings.review.public_url
    work = []
    for alert in alerts:
        item = Outgoing(ids=[alert.id], channel=alert.channel, recipient=alert.recipient)
        flag = flags.get(alert.flag_id) if alert.flag_id is not None else None
        if flag is None:
            item.problem = "its flag no longer exists"
            work.append(item)
            continue
        view = flag_view(flag, public_url, _watch_terms(settings, flag.watch.name))
        item.rendered = render_alert(view, public_url)
        if alert.channel == "email":
            msgid = message_id("alert", str(alert.id), alert.created_at, sender.domain)
            _address(item, sender, msgid, now, view.watch_name, story_reference(view.story_id, sender.domain))
        work.append(item)
    return work


def _compose_digest(
    session: Session, settings: Settings, sender: Address, batch: str, ids: list[int], now: datetime
) -> Outgoing:
    alerts = session.scalars(select(Alert).where(Alert.id.in_(ids)).order_by(Alert.id)).all()
    first = alerts[0]
    item = Outgoing(ids=list(ids), channel=first.channel, recipient=first.recipient)
    watch = session.get(Watch, first.watch_id)
    flags = _load_flags(session, (alert.flag_id for alert in alerts if alert.flag_id is not None))
    if watch is None or not flags:
        item.problem = "its flags no longer exist"
        return item
    public_url = settings.review.public_url
    terms = _watch_terms(settings, watch.name)
    views: list[FlagView] = [flag_view(flags[key], public_url, terms) for key in sorted(flags)]
    item.rendered = render_digest(watch.name, watch_title(watch.name, terms), views, public_url, now)
    if item.channel == "email":
        created = min(alert.created_at for alert in alerts)
        _address(item, sender, message_id("digest", batch, created, sender.domain), now, watch.name, None)
    return item


def _address(
    item: Outgoing, sender: Address, msgid: str, now: datetime, watch_name: str, references: str | None
) -> None:
    assert item.rendered is not None
    try:
        recipient = parse_address(item.recipient)
    except AddressError as exc:
        item.problem = str(exc)
        return
    item.email = build_email(item.rendered, sender, recipient, msgid, now, watch_name, references)
    item.envelope_to = recipient.addr_spec
    item.message_id = msgid


def _shown(item: Outgoing) -> str:
    return item.recipient if item.channel == "email" else redact(item.recipient)


def _deliver(
    settings: Settings, engine: Engine, connection: SmtpConnection, sender: Address, item: Outgoing,
    lease_until: datetime, channels: set[str], report: DrainReport, now: Callable[[], datetime],
) -> None:
    error: DeliveryError | None = None
    if item.problem:
        error = DeliveryError(f"alert for {_shown(item)} cannot be composed: {item.problem}", permanent=True)
    elif item.channel not in channels:
        error = DeliveryError(report.errors[-1] if report.errors else "channel unavailable", connection=True)
    else:
        try:
            if item.channel == "email":
                assert item.email is not None
                connection.send(item.email, sender.addr_spec, item.envelope_to)
            else:
                assert item.rendered is not None
                send_apprise(item.recipient, item.rendered.subject, item.rendered.text, settings.smtp.timeout)
        except DeliveryError as exc:
            error = exc
    finished = now()
    if error is None:
        with session_scope(engine) as session:
            held = outbox.mark_sent(session, item.ids, lease_until, item.message_id, finished)
        if held < len(item.ids):
            log.warning("alerts %s were sent after their claim ran out (slow server?)", item.ids)
        report.sent += len(item.ids)
        if item.channel == "email":
            report.emails += 1
        else:
            report.notifications += 1
        log.info("sent %s alert(s) %s to %s", item.channel, item.ids, _shown(item))
        return
    message = str(error)
    if error.connection:
        channels.discard(item.channel)  # the server is unusable: leave the rest for the next round
    with session_scope(engine) as session:
        released = outbox.release_failed(
            session, item.ids, lease_until, message, finished, settings.alerts.retry_after,
            settings.alerts.max_attempts, permanent=error.permanent,
        )
    report.retrying += released.retrying
    report.failed += released.failed
    repeated = message in report.errors  # one server outage is one warning, not one per alert
    report.error(message)
    log.log(logging.DEBUG if repeated else logging.WARNING, "alert(s) %s to %s not sent: %s",
            item.ids, _shown(item), message)
