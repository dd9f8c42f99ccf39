"""Apprise through the same outbox: a real webhook receiver on loopback (apprise's json:// URL)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from alerts.apprise_channel import expand_env, redact
from alerts.jobs import drain
from alerts.smtp import DeliveryError
from storage.db import connect, upgrade
from tests.test_alerts_delivery import TERMS, WATCH, alert_rows, make_settings, seed_flags


class Receiver:
    """A tiny webhook endpoint: records JSON posts; answers `status` (200 unless told otherwise)."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, dict[str, Any]]] = []
        self.status = 200
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                receiver.posts.append((self.path, json.loads(self.rfile.read(length) or b"{}")))
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.stop()


def test_apprise_rows_are_delivered_retried_and_never_leak_the_token(
    tmp_path: Path, sqlite_url: str, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    upgrade(sqlite_url)
    engine = connect(sqlite_url)
    hook = f"json://127.0.0.1:{receiver.port}/hooks/${{HOOK_TOKEN}}"
    watches = [{"name": WATCH, "all": TERMS, "apprise": [hook]}]
    settings = make_settings(tmp_path, sqlite_url, 9, watches=watches)  # port 9: no SMTP needed
    monkeypatch.setenv("HOOK_TOKEN", "tok-31337")
    seed_flags(engine, settings, values=[2000])

    receiver.status = 500
    failed = drain(settings, engine)
    [row] = alert_rows(engine)
    assert (failed.retrying, row.status, row.attempts, row.channel) == (1, "pending", 1, "apprise")
    assert row.recipient == hook  # stored unexpanded
    assert failed.errors[0].startswith(f"Apprise could not notify json://127.0.0.1:{receiver.port}/…")
    assert "tok-31337" not in (row.last_error or "") and "tok-31337" not in failed.errors[0]

    receiver.status = 200
    receiver.posts.clear()
    sent = drain(settings, engine, force=True)
    engine.dispose()

    assert (sent.sent, sent.notifications, sent.ok) == (1, 1, True)
    [(path, body)] = receiver.posts
    assert path == "/hooks/tok-31337"
    assert body["title"] == "[newsmon] North Korean troops: killed 2,000 (was 600) — The Kyiv Independent"
    assert "said *2,000* North Korean soldiers" in body["message"]
    assert "https://review.example.org/flags/1" in body["message"]
    assert alert_rows(engine)[0].status == "sent"


def test_missing_token_variable_is_named_and_url_redacted() -> None:
    with pytest.raises(DeliveryError) as caught:
        expand_env("slack://${NEWSMON_TEST_UNSET_TOKEN}/abc")
    assert str(caught.value) == (
        "the Apprise URL slack://…/… needs the environment variable NEWSMON_TEST_UNSET_TOKEN, which is not set"
    )
    assert redact("tgram://123456:ABCDEF/9999") == "tgram://123456/…"
    assert redact("json://user:pw@127.0.0.1:8000/") == "json://127.0.0.1:8000/…"
    assert redact("json://127.0.0.1:8000/") == "json://127.0.0.1:8000"
