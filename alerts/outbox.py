"""The alert outbox: rows written with their flag, claimed atomically, marked sent exactly once.

Life of a row (table `alerts`)::

    pending --claim--> sending --250 OK--> sent (message_id, sent_at)
                          |
                          +--error--> pending again, next_attempt_at = now + retry_after * 2**(attempts-1)
                          +--error, attempts == max_attempts, or a permanent 5xx refusal--> failed

Writing. `enqueue_for_flag` adds the rows in the transaction that creates the flag, so a flag
never exists without its alerts and an alert never exists without its flag: a crash before the
commit loses both, a crash after it loses neither.

Claiming. A sender takes rows with one UPDATE ... WHERE status is claimable ... RETURNING id, so
two processes (the daemon and `newsmon alerts send`) never take the same row: SQLite serialises
writers (BEGIN IMMEDIATE), and on PostgreSQL the sub-select uses FOR UPDATE SKIP LOCKED while the
outer WHERE is re-checked against the locked row. A claim sets status 'sending' and puts a lease
deadline in `next_attempt_at`; that exact deadline is also the claim's token, so marking a row sent
or failed only succeeds for the process that holds the claim.

Identity. Each email's Message-ID is derived from its row (or from its digest batch) and stored
with it, so any resend of the same alert carries the same Message-ID.

Crashes: the honest guarantee is at-least-once, with duplicates identifiable. A row left
'sending' by a crashed process becomes claimable again when its lease runs out (the lease covers
the worst case of every SMTP step timing out, see `lease_seconds`, so a live but slow sender is
never overtaken). If the crash came before the server's 250 reply, nothing was delivered and the
retry delivers it once. If it came in the window between the server's 250 and our commit (a few
milliseconds per message), the retry sends a second copy with the same Message-ID, which mail
clients and most mail stores collapse into one. We chose this over at-most-once (marking 'sent'
before talking to the server) because a lost alert is silent, while a rare duplicate is visible,
harmless and recognisable; the commit follows each 250 at once to keep the window small.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.orm import Session

from newsmon.config import Settings, WatchSettings
from storage.models import Alert, Flag, utcnow
from storage.queries import rows_changed

CLAIM_CHUNK = 10  # immediate alerts claimed per transaction (the lease covers the whole chunk)
MAX_BACKOFF = 86_400.0  # seconds: no retry waits longer than a day
EPOCH = datetime(1970, 1, 1)


def watch_settings(settings: Settings, name: str) -> WatchSettings | None:
    for watch in settings.watches:
        if watch.name == name:
            return watch
    return None


def targets(settings: Settings, watch_name: str) -> tuple[str, list[tuple[str, str]]]:
    """(mode, [(channel, recipient)]) for a watch: its own emails else the default recipients,
    plus one row per Apprise URL; duplicates dropped, order kept."""
    watch = watch_settings(settings, watch_name)
    mode = (watch.mode if watch and watch.mode else None) or settings.alerts.mode
    emails = (watch.email if watch and watch.email else ()) or settings.alerts.recipients
    rows: list[tuple[str, str]] = []
    for channel, recipients in (("email", emails), ("apprise", watch.apprise if watch else ())):
        for recipient in recipients:
            if (channel, recipient) not in rows:
                rows.append((channel, recipient))
    return mode, rows


def enqueue_for_flag(session: Session, settings: Settings, flag: Flag) -> int:
    """Add the flag's outbox rows in the caller's transaction; returns how many were added.

    A flag that gains figures again (its article was edited) while an alert for it is still
    pending adds no second row: the pending one renders the flag as it is when it goes out.
    """
    mode, rows = targets(settings, flag.watch.name)
    if not rows:
        return 0
    waiting = set(
        session.execute(
            select(Alert.channel, Alert.recipient).where(Alert.flag_id == flag.id, Alert.status == "pending")
        ).all()
    )
    now = utcnow()
    added = 0
    for channel, recipient in rows:
        if (channel, recipient) in waiting:
            continue
        session.add(
            Alert(
                flag_id=flag.id, watch_id=flag.watch_id, channel=channel, recipient=recipient,
                mode=mode, status="pending", attempts=0, next_attempt_at=now, created_at=now,
            )
        )
        added += 1
    return added


def backoff_delay(attempts: int, retry_after: float) -> float:
    """Seconds to wait after the `attempts`-th failure: retry_after, then doubling, capped."""
    exponent = max(0, attempts - 1)
    if exponent > 40:
        return MAX_BACKOFF
    return min(MAX_BACKOFF, retry_after * 2**exponent)


def lease_seconds(timeout: float, messages: int) -> float:
    """How long a claim may take before others may assume its holder died.

    Connecting, TLS and AUTH take up to ~6 server round trips; each message up to 4 (MAIL, RCPT,
    DATA, end of data); each may take the whole timeout. Doubled for safety.
    """
    return 2 * timeout * (6 + 4 * max(1, messages))


def digest_boundary(now: datetime, every: float) -> datetime:
    """The start of the current digest period: periods are aligned to the epoch (1d: 00:00 UTC)."""
    seconds = (now - EPOCH).total_seconds()
    return EPOCH + timedelta(seconds=math.floor(seconds / every) * every)


def _claimable(now: datetime, force: bool) -> ColumnElement[bool]:
    """Rows a sender may take: due pending rows (any pending row when forced), and rows whose
    'sending' lease ran out (their holder died). A live lease is never taken, even when forced."""
    pending = Alert.status == "pending"
    if not force:
        pending = and_(pending, Alert.next_attempt_at <= now)
    return or_(pending, and_(Alert.status == "sending", Alert.next_attempt_at <= now))


def claim_immediate(
    session: Session,
    now: datetime,
    lease_until: datetime,
    limit: int = CLAIM_CHUNK,
    force: bool = False,
    channels: Collection[str] = ("email", "apprise"),
    exclude: Collection[int] = (),
) -> list[int]:
    """Claim up to `limit` immediate alerts; returns the ids this caller now holds."""
    if not channels:
        return []
    conditions = [Alert.mode == "immediate", Alert.channel.in_(list(channels)), _claimable(now, force)]
    if exclude:
        conditions.append(Alert.id.not_in(list(exclude)))
    candidates = (
        select(Alert.id).where(*conditions).order_by(Alert.id).limit(limit).with_for_update(skip_locked=True)
    )
    statement = (
        update(Alert)
        .where(Alert.id.in_(candidates), *conditions)
        .values(status="sending", attempts=Alert.attempts + 1, next_attempt_at=lease_until)
        .returning(Alert.id)
        .execution_options(synchronize_session=False)
    )
    return sorted(session.scalars(statement).all())


def assign_digest_batches(session: Session, boundary: datetime | None) -> int:
    """Give each (watch, channel, recipient) a batch for its unbatched pending digest alerts
    created before `boundary` (None: all of them). One UPDATE per group, so racing processes
    cannot split a group (a row keeps the first batch it got)."""
    conditions = [Alert.mode == "digest", Alert.status == "pending", Alert.batch.is_(None)]
    if boundary is not None:
        conditions.append(Alert.created_at < boundary)
    groups = session.execute(
        select(Alert.watch_id, Alert.channel, Alert.recipient).where(*conditions).distinct()
    ).all()
    assigned = 0
    for watch_id, channel, recipient in groups:
        assigned += rows_changed(
            session,
            update(Alert)
            .where(*conditions, Alert.watch_id == watch_id, Alert.channel == channel, Alert.recipient == recipient)
            .values(batch=uuid.uuid4().hex),
        )
    return assigned


def claim_digest_batch(
    session: Session,
    now: datetime,
    lease_until: datetime,
    force: bool = False,
    channels: Collection[str] = ("email", "apprise"),
    exclude: Collection[str] = (),
) -> tuple[str, list[int]] | None:
    """Claim one due digest batch whole; returns (batch, ids) or None when none is due."""
    if not channels:
        return None
    conditions = [
        Alert.mode == "digest", Alert.batch.is_not(None), Alert.channel.in_(list(channels)), _claimable(now, force),
    ]
    if exclude:
        conditions.append(Alert.batch.not_in(list(exclude)))
    batch = session.scalar(
        select(Alert.batch).where(*conditions).group_by(Alert.batch).order_by(func.min(Alert.id)).limit(1)
    )
    if batch is None:
        return None
    ids = session.scalars(
        update(Alert)
        .where(Alert.batch == batch, *conditions)
        .values(status="sending", attempts=Alert.attempts + 1, next_attempt_at=lease_until)
        .returning(Alert.id)
        .execution_options(synchronize_session=False)
    ).all()
    return (batch, sorted(ids)) if ids else None


def mark_sent(
    session: Session, ids: Sequence[int], lease_until: datetime, message_id: str | None, now: datetime
) -> int:
    """Record delivery of rows this caller holds; returns how many it still held."""
    return rows_changed(
        session,
        update(Alert)
        .where(Alert.id.in_(list(ids)), Alert.status == "sending", Alert.next_attempt_at == lease_until)
        .values(status="sent", message_id=message_id, sent_at=now, last_error=None, next_attempt_at=now),
    )


@dataclass(frozen=True, slots=True)
class Released:
    retrying: int
    failed: int


def release_failed(
    session: Session,
    ids: Sequence[int],
    lease_until: datetime,
    error: str,
    now: datetime,
    retry_after: float,
    max_attempts: int,
    permanent: bool = False,
) -> Released:
    """Record a failed attempt of rows this caller holds: back to pending with backoff, or failed."""
    rows = session.execute(
        select(Alert.id, Alert.attempts).where(
            Alert.id.in_(list(ids)), Alert.status == "sending", Alert.next_attempt_at == lease_until
        )
    ).all()
    retrying = failed = 0
    for alert_id, attempts in rows:
        give_up = permanent or attempts >= max_attempts
        values: dict[str, object] = {"last_error": error[:2000]}
        if give_up:
            values.update(status="failed", next_attempt_at=now)
            failed += 1
        else:
            values.update(status="pending", next_attempt_at=now + timedelta(seconds=backoff_delay(attempts, retry_after)))
            retrying += 1
        session.execute(
            update(Alert).where(Alert.id == alert_id).values(**values).execution_options(synchronize_session=False)
        )
    return Released(retrying=retrying, failed=failed)


def requeue_failed(session: Session, now: datetime) -> int:
    """Give failed alerts a fresh start (after the cause was fixed): pending, attempts reset."""
    return rows_changed(
        session,
        update(Alert).where(Alert.status == "failed").values(status="pending", attempts=0, next_attempt_at=now),
    )


def counts(session: Session) -> dict[str, int]:
    """Rows per status, every status present (0 when none)."""
    found = dict(session.execute(select(Alert.status, func.count()).group_by(Alert.status)).all())
    return {status: int(found.get(status, 0)) for status in ("pending", "sending", "sent", "failed")}
