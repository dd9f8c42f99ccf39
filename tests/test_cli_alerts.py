"""`newsmon alerts send|test|list` as real subprocesses against a real SMTP server on loopback."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import update

from newsmon.config import load_settings
from storage.db import connect, session_scope, upgrade
from storage.models import Alert, utcnow
from tests.helpers import REPO, OutletServer, SmtpSink, newsmon_env, run_newsmon, write_config
from tests.test_alerts_delivery import alert_rows, make_settings, seed_flags


def _setup(tmp_path: Path, port: int, count: int, **sections: object) -> tuple[Path, object]:
    url = f"sqlite:///{tmp_path / 'newsmon.db'}"
    settings = make_settings(tmp_path, url, port, **sections)
    upgrade(url)
    engine = connect(url)
    seed_flags(engine, settings, count=count)
    return settings.path, engine  # type: ignore[return-value]


def test_send_with_the_server_down_fails_cleanly_then_delivers_each_email_once(tmp_path: Path) -> None:
    sink = SmtpSink()
    config, engine = _setup(tmp_path, sink.port, count=3)

    down = run_newsmon("alerts", "send", config=config)

    assert down.returncode == 1
    assert down.stdout == "sent 0 alerts (0 emails, 0 notifications)\n"
    errors = down.stderr.strip().splitlines()
    assert errors[0] == (
        f"newsmon: cannot connect to the SMTP server 127.0.0.1:{sink.port}: connection refused "
        "(is it running? check [smtp] host and port)"
    )
    assert errors[1].startswith("newsmon: 3 alerts will be retried, 0 failed for good")
    assert "Traceback" not in down.stderr
    sink.start()
    try:
        up = run_newsmon("alerts", "send", config=config)
        again = run_newsmon("alerts", "send", config=config)
    finally:
        sink.stop()
    assert (up.returncode, up.stdout) == (0, "sent 3 alerts (3 emails, 0 notifications)\n")
    assert (again.returncode, again.stdout) == (0, "sent 0 alerts (0 emails, 0 notifications)\n")
    assert sorted(message["Message-ID"] for message in sink.messages) == sorted(
        row.message_id for row in alert_rows(engine)  # type: ignore[arg-type]
    )
    listed = run_newsmon("alerts", "list", "--json", config=config, check=True)
    rows = json.loads(listed.stdout)
    assert [(row["status"], row["attempts"], row["channel"], row["recipient"]) for row in rows] == [
        ("sent", 2, "email", "analyst@example.org")
    ] * 3
    assert rows[0]["article"]["url"].startswith("https://kyivindependent.com/news/")
    assert rows[0]["message_id"] in {message["Message-ID"] for message in sink.messages}
    text = run_newsmon("alerts", "list", config=config, check=True).stdout
    assert text.splitlines()[0] == "0 pending, 0 sending, 3 sent, 0 failed"


def test_alerts_test_explains_an_auth_failure_in_one_line(tmp_path: Path) -> None:
    sink = SmtpSink(users={"newsmon": "right-one"}).start()
    try:
        config = write_config(
            tmp_path, [], [], smtp={"host": "127.0.0.1", "port": sink.port, "username": "newsmon", "timeout": "5s"},
            alerts={"recipients": ["desk@example.org"]},
        )
        bad = run_newsmon("alerts", "test", config=config, env=newsmon_env(NEWSMON_SMTP_PASSWORD="hunter2-wrong"))
        unset = run_newsmon("alerts", "test", config=config)
        good = run_newsmon(
            "alerts", "test", "--to", "Zoë <zoe@example.org>", config=config,
            env=newsmon_env(NEWSMON_SMTP_PASSWORD="right-one"),
        )
        (tmp_path / "nobody").mkdir()
        nobody = run_newsmon("alerts", "test", config=write_config(tmp_path / "nobody", [], []))
    finally:
        sink.stop()
    assert bad.returncode == 1 and len(bad.stderr.strip().splitlines()) == 1
    assert bad.stderr.startswith(f"newsmon: the SMTP server 127.0.0.1:{sink.port} rejected the login of user 'newsmon' (535")
    assert "hunter2" not in bad.stderr + bad.stdout
    assert unset.returncode == 1
    assert unset.stderr == "newsmon: [smtp] username is set but $NEWSMON_SMTP_PASSWORD is empty: " \
        "export the SMTP password there\n"
    assert good.returncode == 0, good.stderr
    assert good.stdout == f"sent a test email to zoe@example.org through 127.0.0.1:{sink.port}\n"
    [message] = sink.messages
    assert message["Subject"] == "[newsmon] Test alert: this is what an alert looks like"
    assert "said about *2,000* North Korean soldiers" in message.get_body(("plain",)).get_content()
    assert nobody.returncode == 2 and "no recipient" in nobody.stderr


def test_a_sender_killed_mid_send_loses_nothing_and_sends_each_alert_at_least_once(tmp_path: Path) -> None:
    sink = SmtpSink(delay=2.0).start()
    config, engine = _setup(tmp_path, sink.port, count=3)
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "newsmon", "--config", str(config), "alerts", "send"],
            cwd=REPO, env=newsmon_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not any(r.status == "sending" for r in alert_rows(engine)):  # type: ignore[arg-type]
            time.sleep(0.05)
        time.sleep(0.3)  # let it reach DATA of the first message
        os.kill(process.pid, signal.SIGKILL)
        process.communicate(timeout=10)
        assert {row.status for row in alert_rows(engine)} == {"sending"}  # type: ignore[arg-type]
        sink.delay = 0.0

        busy = run_newsmon("alerts", "send", config=config)
        assert (busy.returncode, busy.stdout) == (
            0, "sent 0 alerts (0 emails, 0 notifications)\n3 being sent by another process\n"
        )
        with session_scope(engine) as session:  # time passes: the dead sender's claim runs out
            session.execute(update(Alert).values(next_attempt_at=utcnow()))
        after = run_newsmon("alerts", "send", config=config)
        time.sleep(2.5)  # the server finishes the message it was receiving when the sender died
    finally:
        sink.stop()
    assert (after.returncode, after.stdout) == (0, "sent 3 alerts (3 emails, 0 notifications)\n")
    rows = alert_rows(engine)  # type: ignore[arg-type]
    received = [message["Message-ID"] for message in sink.messages]
    assert set(received) == {row.message_id for row in rows} and len(set(received)) == 3
    assert len(received) <= 4  # at most the one in flight arrives twice, with the same Message-ID
    assert all(row.status == "sent" for row in rows)


ARTICLE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title}</title>
<meta property="og:title" content="{title}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{published}">
<meta name="author" content="Olena Shevchenko">
</head><body>
<header><a href="/">The Fixture Times</a></header>
<main><article>
<h1>{title}</h1>
<p>{lead}</p>
<p>Rescue teams worked through the night in Dnipro to clear the rubble of the apartment block, the
regional governor said on Telegram, adding that the search would continue until everyone was found.</p>
<p>Residents described a loud explosion shortly before dawn. Windows were shattered in nearby buildings
and several cars were set on fire, according to photographs published by the emergency service.</p>
</article></main>
<footer>Sign up for our newsletter</footer>
</body></html>
"""


def test_a_crawl_that_raises_flags_leads_to_emails_with_figures_earlier_values_and_links(
    tmp_path: Path, outlet: OutletServer, smtp_server: SmtpSink
) -> None:
    """End to end: `newsmon crawl` twice on the fixture outlet, then `newsmon alerts send`."""
    first = outlet.publish("dnipro-strike.html", ARTICLE.format(
        title="Russian missile strike on Dnipro apartment block kills at least 120",
        published="2025-01-14T06:00:00+00:00",
        lead="At least 120 people were killed when a Russian missile hit an apartment block in Dnipro, "
             "Ukraine's emergency service said on Tuesday."))
    config = write_config(
        tmp_path, [{"name": "fixture", "feeds": [f"{outlet.url}/feed.xml"]}],
        [{"name": "dnipro-strike", "all": [["Dnipro"]], "email": ["analyst@example.org"]}],
        alerts={"baseline": False}, review={"base_url": "https://review.example.org"},
        smtp={"host": "127.0.0.1", "port": smtp_server.port, "timeout": "5s", "sender": "alerts@newsmon.test"},
    )
    run_newsmon("crawl", config=config, check=True, timeout=180)
    second = outlet.publish("dnipro-toll-rises.html", ARTICLE.format(
        title="Dnipro death toll rises to 250 as rescuers search rubble",
        published="2025-01-15T08:00:00+00:00",
        lead="The death toll from the Russian missile strike on an apartment block in Dnipro rose to 250, "
             "Ukraine's emergency service said on Wednesday."))
    run_newsmon("crawl", config=config, check=True, timeout=180)

    sent = run_newsmon("alerts", "send", config=config)

    assert sent.returncode == 0, sent.stderr
    subjects = sorted(message["Subject"] for message in smtp_server.messages)
    assert any("killed 250 (was 120)" in subject for subject in subjects), subjects
    [update_mail] = [m for m in smtp_server.messages if "killed 250 (was 120)" in m["Subject"]]
    assert update_mail["Subject"].startswith("[newsmon] Dnipro strike: killed 250 (was 120) — ")
    text = update_mail.get_body(("plain",)).get_content()
    assert "*250*" in text
    assert f"120 on 2025-01-14  <{first}>" in text
    assert f"<{second}>" in text
    assert "<https://review.example.org/flags/" in text
    assert "Published: 2025-01-15 08:00 UTC" in text
    settings = load_settings(config)
    assert settings.alerts.baseline is False
