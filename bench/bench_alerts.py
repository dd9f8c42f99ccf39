"""Benchmark: 1,000 queued alerts drained to a loopback SMTP server (aiosmtpd), on SQLite.

Prints medians over a few rounds of:
  drain     the whole job (claims, composing, SMTP, a commit per email): emails/s
  smtp      the same 1,000 already-composed messages over one smtplib connection: the floor
  compose   rendering 1,000 alerts (Jinja2 text + HTML, headers), no I/O
and the outbox's own cost per email: drain - smtp - compose, with ratios. Also one digest of
1,000 flags: its time and size.

    .venv/bin/python bench/bench_alerts.py [--alerts 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select

from alerts.compose import build_email, flag_view, message_id, parse_address, render_alert
from alerts.jobs import _load_flags, drain
from alerts.outbox import digest_boundary
from alerts.smtp import SmtpConnection
from storage.db import connect, session_scope, upgrade
from storage.models import Alert, utcnow
from tests.helpers import REPO
from tests.test_alerts_delivery import TERMS, WATCH, make_settings, seed_flags

SINK_PROCESS = """
import sys
from tests.helpers import SmtpSink
sink = SmtpSink().start()
print(sink.port, flush=True)
sys.stdin.read()  # until the benchmark closes our stdin
print(len(sink.messages), sum(len(m.as_bytes()) for m in sink.messages), flush=True)
sink.stop()
"""


class SinkProcess:
    """The SMTP server in its own process, so that it does not share the benchmark's GIL."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", SINK_PROCESS], cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        assert self.process.stdout is not None
        self.port = int(self.process.stdout.readline())

    def stop(self) -> tuple[int, int]:
        """(messages received, their bytes)."""
        output, _ = self.process.communicate(timeout=120)
        messages, size = output.split()
        return int(messages), int(size)


def one_round(count: int, digest: bool = False) -> dict[str, float]:
    sink = SinkProcess()
    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        url = f"sqlite:///{directory / 'bench.db'}"
        watches = [{"name": WATCH, "all": TERMS, "email": ["analyst@example.org"],
                    "mode": "digest" if digest else "immediate"}]
        settings = make_settings(directory, url, sink.port, watches=watches)
        upgrade(url)
        engine = connect(url)
        seed_flags(engine, settings, count=count, cluster_of=3)
        result: dict[str, float] = {}

        # compose only (what the job renders per email)
        with session_scope(engine) as session:
            alerts = session.scalars(select(Alert).order_by(Alert.id)).all()
            flags = _load_flags(session, [alert.flag_id for alert in alerts if alert.flag_id])
            sender = parse_address(settings.smtp.sender)
            started = time.perf_counter()
            messages = []
            for alert in alerts:
                view = flag_view(flags[alert.flag_id], settings.review.public_url, [t for g in TERMS for t in g])
                rendered = render_alert(view, settings.review.public_url)
                msgid = message_id("alert", str(alert.id), alert.created_at, sender.domain)
                messages.append(build_email(rendered, sender, parse_address(alert.recipient), msgid, utcnow(), WATCH))
            result["compose"] = time.perf_counter() - started

        if not digest:
            # the SMTP floor: the same messages over one connection, no database
            started = time.perf_counter()
            with SmtpConnection(settings.smtp) as connection:
                for message in messages:
                    connection.send(message, sender.addr_spec, "analyst@example.org")
            result["smtp"] = time.perf_counter() - started

        later = (lambda: digest_boundary(utcnow(), 86_400).replace(year=2100)) if digest else utcnow
        started = time.perf_counter()
        report = drain(settings, engine, now=later)
        result["drain"] = time.perf_counter() - started
        assert report.ok and report.sent == count, report
        engine.dispose()
    received, size = sink.stop()
    result["emails"] = received - (0 if digest else count)  # the floor's messages came first
    result["bytes"] = size
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alerts", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rounds = [one_round(args.alerts) for _ in range(args.rounds)]
    drain_s = statistics.median(r["drain"] for r in rounds)
    smtp_s = statistics.median(r["smtp"] for r in rounds)
    compose_s = statistics.median(r["compose"] for r in rounds)
    outbox_s = max(0.0, drain_s - smtp_s - compose_s)
    n = args.alerts
    print(f"immediate: {n} alerts, median of {args.rounds} rounds, SQLite, loopback aiosmtpd")
    print(f"  drain    {drain_s:7.3f} s  {n / drain_s:8.1f} emails/s  {drain_s / n * 1000:6.2f} ms/email")
    print(f"  smtp     {smtp_s:7.3f} s  {n / smtp_s:8.1f} emails/s  {smtp_s / n * 1000:6.2f} ms/email  (floor)")
    print(f"  compose  {compose_s:7.3f} s  {n / compose_s:8.1f} emails/s  {compose_s / n * 1000:6.2f} ms/email")
    print(f"  outbox   {outbox_s:7.3f} s  {outbox_s / n * 1000:6.2f} ms/email  (claims, loads, a commit per email)")
    print(f"  ratios   drain/smtp {drain_s / smtp_s:.2f}x   outbox share of drain {outbox_s / drain_s:.0%}")
    digests = [one_round(n, digest=True) for _ in range(args.rounds)]
    digest_s = statistics.median(r["drain"] for r in digests)
    print(f"digest: {n} flags -> {int(digests[0]['emails'])} email of {digests[0]['bytes'] / 1024:.0f} KiB "
          f"in {digest_s:.3f} s (median)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
