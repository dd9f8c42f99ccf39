"""The outbox drained to a real SMTP server (aiosmtpd on loopback): content, retries, exactly-once,
auth and TLS, digests, and two senders at once. Rows are made with the models directly."""

from __future__ import annotations

import datetime as dt
import email.policy
import ipaddress
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select, update

from alerts import outbox
from alerts.compose import parse_address
from alerts.jobs import _compose_immediate, drain
from alerts.smtp import SmtpConnection
from newsmon.config import Settings, load_settings
from storage.db import connect, session_scope, upgrade
from storage.models import Alert, Article, Flag, FlagFigure, Source, Watch, utcnow
from tests.helpers import SmtpSink, write_config

WATCH = "north-korean-troops"
TERMS = [["North Korea", "North Korean"], ["Russia", "Kursk"]]
KILLED_SENTENCE = "Ukraine's military intelligence said {n} North Korean soldiers have been killed in Kursk."


def make_settings(
    directory: Path, url: str, port: int, watches: list[dict[str, Any]] | None = None, **sections: Any
) -> Settings:
    smtp = {"host": "127.0.0.1", "port": port, "timeout": "5s", "sender": "newsmon <alerts@newsmon.test>"}
    smtp.update(sections.pop("smtp", {}))
    alerts = {"retry_after": "1m", "max_attempts": 3}
    alerts.update(sections.pop("alerts", {}))
    path = write_config(
        directory,
        [{"name": "kyivindependent", "feeds": ["http://127.0.0.1:9/feed.xml"]}],
        watches if watches is not None else [{"name": WATCH, "all": TERMS, "email": ["analyst@example.org"]}],
        database_url=url, smtp=smtp, alerts=alerts, review={"base_url": "https://review.example.org"},
        **sections,
    )
    return load_settings(path)


def seed_flags(
    engine: Engine, settings: Settings, count: int = 1, watch: str = WATCH, title: str | None = None,
    cluster_of: int = 1, values: list[int] | None = None,
) -> list[int]:
    """`count` flagged articles, each reporting a new 'killed' figure, enqueued like ingest does."""
    flag_ids = []
    with session_scope(engine) as session:
        source = session.scalar(select(Source).where(Source.name == "kyivindependent"))
        if source is None:
            source = Source(name="kyivindependent")
            session.add(source)
        watch_row = session.scalar(select(Watch).where(Watch.name == watch))
        if watch_row is None:
            watch_row = Watch(name=watch)
            session.add(watch_row)
        session.flush()
        base = session.scalar(select(Article.id).order_by(Article.id.desc()).limit(1)) or 0
        for index in range(count):
            number = base + index + 1
            value = values[index] if values else 600 + number
            article = Article(
                url=f"https://kyivindependent.com/news/{number}", source_id=source.id,
                title=title or f"North Korean losses in Kursk, report {number}", text="...",
                content_hash=f"{number:064x}", published_at=dt.datetime(2025, 1, 13, 10, 0) + dt.timedelta(hours=number),
            )
            session.add(article)
            session.flush()
            article.cluster_id = (number - 1) // cluster_of * cluster_of + 1
            flag = Flag(article_id=article.id, watch_id=watch_row.id)
            session.add(flag)
            session.flush()
            shown = f"{value:,}"
            sentence = KILLED_SENTENCE.format(n=shown)
            flag.new_figures.append(
                FlagFigure(
                    figure={
                        "value": value, "low": None, "high": None, "hedge": None, "vague": False,
                        "measure": "killed", "subject": "North Korean soldiers", "noun": "soldiers",
                        "source": "Ukraine's military intelligence", "text": shown, "sentence": sentence,
                        "start": sentence.index(shown), "end": sentence.index(shown) + len(shown),
                    },
                    measure="killed", value=value,
                    previous=[
                        {"value": 300, "url": "https://kyivindependent.com/news/old-300", "published": "2024-12-20T08:00:00Z"},
                        {"value": 600, "url": "https://kyivindependent.com/news/old-600", "published": "2025-01-13T10:00:00Z"},
                    ],
                )
            )
            session.flush()
            outbox.enqueue_for_flag(session, settings, flag)
            flag_ids.append(flag.id)
    return flag_ids


def alert_rows(engine: Engine) -> list[Alert]:
    with session_scope(engine) as session:
        return list(session.scalars(select(Alert).order_by(Alert.id)))


@pytest.fixture
def db(tmp_path: Path, database_url: str) -> Iterator[tuple[str, Engine]]:
    upgrade(database_url)
    engine = connect(database_url)
    yield database_url, engine
    engine.dispose()


def test_an_alert_says_which_figure_moved_from_what_by_whom_with_links(
    tmp_path: Path, db: tuple[str, Engine], smtp_server: SmtpSink
) -> None:
    url, engine = db
    settings = make_settings(tmp_path, url, smtp_server.port)
    [flag_id] = seed_flags(engine, settings, values=[2000])

    report = drain(settings, engine)

    assert (report.sent, report.emails, report.ok) == (1, 1, True)
    [message] = smtp_server.messages
    assert message["Subject"] == "[newsmon] North Korean troops: killed 2,000 (was 600) — The Kyiv Independent"
    assert message["To"] == "analyst@example.org"
    assert smtp_server.envelopes == [("alerts@newsmon.test", ["analyst@example.org"])]
    assert message["Auto-Submitted"] == "auto-generated"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "killed 2,000 North Korean soldiers" not in text  # the number is marked in its sentence
    assert "said *2,000* North Korean soldiers have been killed" in text
    assert "Who says so: Ukraine's military intelligence" in text
    assert "600 on 2025-01-13  <https://kyivindependent.com/news/old-600>" in text
    assert "300 on 2024-12-20  <https://kyivindependent.com/news/old-300>" in text
    assert text.index("600 on") < text.index("300 on")  # the latest earlier value first
    assert "Outlet:    The Kyiv Independent" in text
    assert "Published: 2025-01-13 11:00 UTC" in text
    assert "<https://kyivindependent.com/news/1>" in text
    assert f"<https://review.example.org/flags/{flag_id}>" in text
    assert '<mark style="background:#ffe066;font-weight:bold">2,000</mark>' in html
    assert '<a href="https://kyivindependent.com/news/old-600">600</a> on 2025-01-13' in html
    assert f'href="https://review.example.org/flags/{flag_id}"' in html
    [row] = alert_rows(engine)
    assert (row.status, row.attempts, row.message_id) == ("sent", 1, message["Message-ID"])
    assert row.message_id.endswith("@newsmon.test>")
    assert drain(settings, engine).sent == 0  # nothing goes out twice


def test_title_with_crlf_bcc_injects_nothing_and_unicode_is_encoded(
    tmp_path: Path, db: tuple[str, Engine], smtp_server: SmtpSink
) -> None:
    url, engine = db
    watches = [{"name": WATCH, "all": TERMS, "email": ["Zoë Ångström <zoe@exämple.org>"]}]
    settings = make_settings(tmp_path, url, smtp_server.port, watches=watches)
    evil = "Toll rises\r\nBcc: victim@evil.example\r\n\r\n<script>alert(1)</script>\u202eevil"
    seed_flags(engine, settings, title=evil)
    assert drain(settings, engine).sent == 1
    [message] = smtp_server.messages
    assert smtp_server.envelopes == [("alerts@newsmon.test", ["zoe@xn--exmple-cua.org"])]
    assert message["Bcc"] is None and "victim" not in str(message["To"])
    assert message["To"].addresses[0].display_name == "Zoë Ångström"
    raw = message.as_bytes(policy=email.policy.SMTP)
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert b"Bcc" not in head and "Zoë".encode() not in head  # RFC 2047 on the wire
    html = message.get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    text = message.get_body(("plain",)).get_content()
    assert "Toll rises Bcc: victim@evil.example <script>alert(1)</script> evil" in text


def test_server_down_then_up_delivers_each_email_exactly_once(
    tmp_path: Path, db: tuple[str, Engine]
) -> None:
    url, engine = db
    sink = SmtpSink()
    settings = make_settings(tmp_path, url, sink.port)
    seed_flags(engine, settings, count=3)

    down = drain(settings, engine)

    assert (down.sent, down.retrying, down.failed) == (0, 3, 0)
    assert down.errors == [
        f"cannot connect to the SMTP server 127.0.0.1:{sink.port}: connection refused "
        "(is it running? check [smtp] host and port)"
    ]
    rows = alert_rows(engine)
    assert {(row.status, row.attempts) for row in rows} == {("pending", 1)}
    assert all(row.next_attempt_at > utcnow() + dt.timedelta(seconds=50) for row in rows)  # backoff
    assert drain(settings, engine).sent == 0  # not due yet: the daemon waits
    sink.start()
    try:
        later = drain(settings, engine, now=lambda: utcnow() + dt.timedelta(minutes=2))
        again = drain(settings, engine, force=True)
    finally:
        sink.stop()
    assert (later.sent, later.ok, again.sent) == (3, True, 0)
    ids = [message["Message-ID"] for message in sink.messages]
    assert len(ids) == len(set(ids)) == 3
    assert sorted(ids) == sorted(row.message_id for row in alert_rows(engine))


def test_retries_back_off_exponentially_then_fail(tmp_path: Path, db: tuple[str, Engine]) -> None:
    url, engine = db
    sink = SmtpSink()  # never started
    settings = make_settings(tmp_path, url, sink.port, alerts={"retry_after": "1m", "max_attempts": 3})
    seed_flags(engine, settings)
    clock = utcnow()
    delays = []
    for _ in range(3):
        drain(settings, engine, now=lambda at=clock: at)
        [row] = alert_rows(engine)
        if row.status == "pending":
            delays.append(round((row.next_attempt_at - clock).total_seconds()))
            clock = row.next_attempt_at
    assert delays == [60, 120]
    assert (row.status, row.attempts) == ("failed", 3)
    assert "connection refused" in (row.last_error or "")


def test_wrong_password_is_reported_clearly_and_never_shown(
    tmp_path: Path, db: tuple[str, Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, engine = db
    sink = SmtpSink(users={"newsmon": "right-horse-battery"}).start()
    try:
        settings = make_settings(tmp_path, url, sink.port, smtp={"username": "newsmon"})
        seed_flags(engine, settings)
        monkeypatch.setenv("NEWSMON_SMTP_PASSWORD", "wrong-staple-secret")
        bad = drain(settings, engine)
        monkeypatch.setenv("NEWSMON_SMTP_PASSWORD", "right-horse-battery")
        good = drain(settings, engine, force=True)
    finally:
        sink.stop()
    assert bad.sent == 0 and len(bad.errors) == 1
    assert bad.errors[0].startswith(f"the SMTP server 127.0.0.1:{sink.port} rejected the login of user 'newsmon' (535")
    assert bad.errors[0].endswith("check [smtp] username and the password in $NEWSMON_SMTP_PASSWORD")
    assert "wrong-staple-secret" not in bad.errors[0]
    assert "wrong-staple-secret" not in (alert_rows(engine)[0].last_error or "")
    assert good.sent == 1 and len(sink.messages) == 1
    assert set(sink.logins) == {"newsmon"}  # smtplib tries PLAIN, then LOGIN


def _certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 / localhost."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return cert_path, key_path


@pytest.mark.parametrize("mode", ["starttls", "ssl"])
def test_starttls_and_implicit_tls_with_auth(
    tmp_path: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    cert, key = _certificate(tmp_path)
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the client trusts our own CA, nothing else changes
    monkeypatch.setenv("NEWSMON_SMTP_PASSWORD", "s3cret")
    options = {"tls_context": server_context} if mode == "starttls" else {"implicit_tls": server_context}
    sink = SmtpSink(users={"newsmon": "s3cret"}, **options).start()
    upgrade(sqlite_url)
    engine = connect(sqlite_url)
    try:
        settings = make_settings(tmp_path, sqlite_url, sink.port, smtp={"username": "newsmon", mode: True})
        seed_flags(engine, settings)
        report = drain(settings, engine)
    finally:
        sink.stop()
        engine.dispose()
    assert report.errors == [] and report.sent == 1
    assert len(sink.messages) == 1 and sink.logins == ["newsmon"]


def test_starttls_against_a_plain_server_is_explained(tmp_path: Path, sqlite_url: str, smtp_server: SmtpSink) -> None:
    upgrade(sqlite_url)
    engine = connect(sqlite_url)
    settings = make_settings(tmp_path, sqlite_url, smtp_server.port, smtp={"starttls": True})
    seed_flags(engine, settings)
    report = drain(settings, engine)
    engine.dispose()
    assert report.errors == [
        f"the SMTP server 127.0.0.1:{smtp_server.port} does not offer STARTTLS: "
        "set starttls = false (or ssl = true if it speaks TLS from the start)"
    ]


class RefusingSink(SmtpSink):
    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address.endswith("@refused.example"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_a_refused_recipient_fails_for_good_and_others_still_go(tmp_path: Path, sqlite_url: str) -> None:
    upgrade(sqlite_url)
    engine = connect(sqlite_url)
    sink = RefusingSink().start()
    try:
        watches = [{"name": WATCH, "all": TERMS, "email": ["gone@refused.example", "analyst@example.org"]}]
        settings = make_settings(tmp_path, sqlite_url, sink.port, watches=watches)
        seed_flags(engine, settings)
        report = drain(settings, engine)
    finally:
        sink.stop()
    rows = {row.recipient: row for row in alert_rows(engine)}
    engine.dispose()
    assert (report.sent, report.failed, report.retrying) == (1, 1, 0)
    assert rows["gone@refused.example"].status == "failed"
    assert "550 5.1.1 no such mailbox" in (rows["gone@refused.example"].last_error or "")
    assert rows["analyst@example.org"].status == "sent"
    assert sink.envelopes == [("alerts@newsmon.test", ["analyst@example.org"])]


def test_digest_turns_1000_flags_into_one_email_per_watch_and_recipient(
    tmp_path: Path, sqlite_url: str, smtp_server: SmtpSink
) -> None:
    upgrade(sqlite_url)
    engine = connect(sqlite_url)
    watches = [
        {"name": WATCH, "all": TERMS, "email": ["a@example.org", "b@example.org"], "mode": "digest"},
        {"name": "kursk-drones", "all": [["Kursk"]], "email": ["a@example.org"], "mode": "digest"},
    ]
    settings = make_settings(tmp_path, sqlite_url, smtp_server.port, watches=watches, alerts={"digest_every": "1d"})
    troops = seed_flags(engine, settings, count=600, cluster_of=3)
    drones = seed_flags(engine, settings, count=400, watch="kursk-drones", cluster_of=4)

    assert drain(settings, engine).sent == 0  # the day is not over
    tomorrow = outbox.digest_boundary(utcnow(), 86_400) + dt.timedelta(days=1, minutes=1)
    report = drain(settings, engine, now=lambda: tomorrow)

    assert (report.emails, report.sent, report.ok) == (3, 1600, True)
    by_recipient: dict[tuple[str, str], Any] = {
        (message["To"], message["X-Newsmon-Watch"]): message for message in smtp_server.messages
    }
    assert set(by_recipient) == {("a@example.org", WATCH), ("b@example.org", WATCH), ("a@example.org", "kursk-drones")}
    troops_mail = by_recipient[("a@example.org", WATCH)]
    assert troops_mail["Subject"] == (
        f"[newsmon] North Korean troops: 600 new figures in 200 stories — digest {tomorrow:%Y-%m-%d}"
    )
    text = troops_mail.get_body(("plain",)).get_content()
    for flag_id in troops:  # every flag is in its digest, in full or in short
        assert f"<https://review.example.org/flags/{flag_id}>" in text
    assert text.count("==== Story:") == 67  # 200 flags in full, grouped by story (3 per story)
    assert "said *1,000* North Korean soldiers" in text
    drones_text = by_recipient[("a@example.org", "kursk-drones")].get_body(("plain",)).get_content()
    assert all(f"/flags/{flag_id}>" in drones_text for flag_id in drones)
    assert {row.status for row in alert_rows(engine)} == {"sent"}
    assert drain(settings, engine, now=lambda: tomorrow, force=True, flush_digests=True).sent == 0
    engine.dispose()


def test_a_live_claim_is_respected_and_an_expired_one_is_resent_with_the_same_message_id(
    tmp_path: Path, db: tuple[str, Engine], smtp_server: SmtpSink
) -> None:
    """The crash window: the server said 250, the process died before its commit."""
    url, engine = db
    settings = make_settings(tmp_path, url, smtp_server.port)
    seed_flags(engine, settings, count=2)
    start = utcnow()
    lease_until = start + dt.timedelta(seconds=outbox.lease_seconds(settings.smtp.timeout, 2))
    with session_scope(engine) as session:
        ids = outbox.claim_immediate(session, start, lease_until)
    assert len(ids) == 2
    with session_scope(engine) as session:
        sender = parse_address(settings.smtp.sender)
        work = _compose_immediate(session, settings, sender, ids, start)
    with SmtpConnection(settings.smtp) as connection:
        assert work[0].email is not None
        connection.send(work[0].email, sender.addr_spec, work[0].envelope_to)  # 250 OK ... then a crash

    busy = drain(settings, engine, force=True)  # the claim is still live: hands off
    assert busy.sent == 0 and {row.status for row in alert_rows(engine)} == {"sending"}

    recovered = drain(settings, engine, now=lambda: lease_until + dt.timedelta(seconds=1))

    assert recovered.sent == 2
    received = [message["Message-ID"] for message in smtp_server.messages]
    rows = alert_rows(engine)
    assert len(received) == 3 and received[0] == received[1] == rows[0].message_id  # a duplicate, recognisable
    assert received[2] == rows[1].message_id
    assert [(row.status, row.attempts) for row in rows] == [("sent", 2), ("sent", 2)]


def test_two_senders_at_once_send_each_alert_once(tmp_path: Path, db: tuple[str, Engine]) -> None:
    url, engine = db
    sink = SmtpSink(delay=0.01).start()
    try:
        settings = make_settings(tmp_path, url, sink.port)
        seed_flags(engine, settings, count=40)
        reports = []
        barrier = threading.Barrier(2)

        def sender() -> None:
            own = connect(url)
            barrier.wait()
            reports.append(drain(settings, own))
            own.dispose()

        threads = [threading.Thread(target=sender) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        sink.stop()
    assert sum(report.sent for report in reports) == 40 and all(report.ok for report in reports)
    ids = [message["Message-ID"] for message in sink.messages]
    assert len(ids) == len(set(ids)) == 40
    assert {row.status for row in alert_rows(engine)} == {"sent"}


def test_enqueue_picks_recipients_mode_and_channels(tmp_path: Path, db: tuple[str, Engine]) -> None:
    url, engine = db
    watches = [
        {"name": WATCH, "all": TERMS, "email": ["x@example.org", "x@example.org"], "mode": "digest",
         "apprise": ["json://127.0.0.1:9/hook"]},
        {"name": "kursk-drones", "all": [["Kursk"]]},
    ]
    settings = make_settings(tmp_path, url, 9, watches=watches, alerts={"recipients": ["desk@example.org"]})
    [flag_id] = seed_flags(engine, settings)
    seed_flags(engine, settings, watch="kursk-drones")
    with session_scope(engine) as session:  # the article edited, the flag raised again while pending
        flag = session.get(Flag, flag_id)
        assert flag is not None
        assert outbox.enqueue_for_flag(session, settings, flag) == 0
        session.execute(update(Alert).where(Alert.flag_id == flag_id).values(status="sent"))
        assert outbox.enqueue_for_flag(session, settings, flag) == 2
    rows = [(row.flag_id == flag_id, row.channel, row.recipient, row.mode) for row in alert_rows(engine)]
    assert rows == [
        (True, "email", "x@example.org", "digest"),
        (True, "apprise", "json://127.0.0.1:9/hook", "digest"),
        (False, "email", "desk@example.org", "immediate"),
        (True, "email", "x@example.org", "digest"),
        (True, "apprise", "json://127.0.0.1:9/hook", "digest"),
    ]


def test_ingest_writes_the_outbox_with_the_flag_and_the_email_says_what_moved(
    tmp_path: Path, sqlite_url: str, smtp_server: SmtpSink
) -> None:
    """storage.ingest -> enqueue_for_flag in the flag's transaction -> drain -> an email."""
    from storage.ingest import NewArticle, store_article

    upgrade(sqlite_url)
    engine = connect(sqlite_url)
    watches = [{"name": "dnipro-strike", "all": [["Dnipro"]], "email": ["analyst@example.org"]}]
    settings = make_settings(tmp_path, sqlite_url, smtp_server.port, watches=watches, alerts={"baseline": False})
    texts = [
        ("https://fixture.example/a", "At least 120 people were killed when a missile hit a block in Dnipro, "
         "Ukraine's emergency service said.", dt.datetime(2025, 1, 14, 6)),
        ("https://fixture.example/b", "The death toll from the missile strike in Dnipro rose to 250, "
         "Ukraine's emergency service said on Wednesday.", dt.datetime(2025, 1, 15, 8)),
    ]
    for index, (url, text, published) in enumerate(texts):
        with session_scope(engine) as session:
            store_article(session, settings, NewArticle(
                url=url, fetched_url=url, source="kyivindependent", title=f"Dnipro strike, update {index}",
                author=None, published=published, language="en", text=text,
                content_hash=f"{index + 1:064x}", simhash=None,
            ))
    rows = alert_rows(engine)
    assert [(row.status, row.recipient) for row in rows] == [("pending", "analyst@example.org")] * 2

    assert drain(settings, engine).sent == 2
    engine.dispose()
    subjects = [message["Subject"] for message in smtp_server.messages]
    assert subjects == [
        "[newsmon] Dnipro strike: killed at least 120 (new) — The Kyiv Independent",
        "[newsmon] Dnipro strike: killed 250 (was 120) — The Kyiv Independent",
    ]
    text = smtp_server.messages[1].get_body(("plain",)).get_content()
    assert "rose to *250*" in text and "120 on 2025-01-14  <https://fixture.example/a>" in text
