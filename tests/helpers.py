"""Helpers shared by the tests: config files, the CLI as a subprocess, the fixture outlet."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.request
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from figures import extract_figures
from newsmon.config import config_text

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def write_config(
    directory: Path,
    sources: list[dict[str, Any]],
    watches: list[dict[str, Any]] | None = None,
    database_url: str | None = None,
    **sections: dict[str, Any],
) -> Path:
    """A newsmon.toml in `directory` with polite-but-fast crawl settings for loopback tests.

    `sections` add or override keys per section, e.g. crawl={"every": "2s"}, smtp={"port": 2525}.
    """
    crawl = {
        "download_delay": "0s",
        "autothrottle": False,
        "download_timeout": "5s",
        "retries": 0,
        "concurrency_per_domain": 8,
        "jitter": "0s",
    }
    crawl.update(sections.pop("crawl", {}))
    storage = {"data_dir": str(directory / "data")}
    if database_url:
        storage["url"] = database_url
    storage.update(sections.pop("storage", {}))
    text = config_text({"storage": storage, "crawl": crawl, **sections}, sources, watches or [])
    path = directory / "newsmon.toml"
    path.write_text(text, encoding="utf-8")
    return path


def newsmon_env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("NEWSMON_")}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def run_newsmon(
    *args: str,
    config: Path | None = None,
    timeout: float = 120,
    check: bool = False,
    env: dict[str, str] | None = None,
    input: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """`newsmon ARGS` as a real subprocess; returns the completed process (text mode)."""
    command = [sys.executable, "-m", "newsmon"]
    if config is not None:
        command += ["--config", str(config)]
    result = subprocess.run(
        command + list(args),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        env=env or newsmon_env(),
        input=input,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"newsmon {' '.join(args)} exited {result.returncode}:\n{result.stderr}"
        )
    return result


@dataclass
class OutletServer:
    """A running fixture outlet (newsmon/demo/outlet.py) over a directory the test may change."""

    root: Path
    url: str
    process: subprocess.Popen[str]

    def publish(self, name: str, html: str | bytes) -> str:
        """Put an article page on the outlet; it appears in its feeds at once. Returns its URL."""
        target = self.root / "articles" / name
        target.write_bytes(html.encode("utf-8") if isinstance(html, str) else html)
        return f"{self.url}/articles/{name}"

    def copy_fixture(self, name: str, as_name: str | None = None) -> str:
        return self.publish(as_name or name, (FIXTURES / "articles" / name).read_bytes())

    def stats(self) -> dict[str, int]:
        with urllib.request.urlopen(f"{self.url}/_/stats", timeout=5) as response:
            return json.load(response)

    def article_requests(self) -> int:
        return sum(count for path, count in self.stats().items() if path.startswith("/articles/"))

    def reset(self) -> None:
        urllib.request.urlopen(f"{self.url}/_/reset", timeout=5).close()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_outlet(root: Path, articles: list[str] | None = None) -> OutletServer:
    """Start the fixture outlet (newsmon/demo/outlet.py) over `root`, optionally seeded with fixture articles by file name."""
    (root / "articles").mkdir(parents=True, exist_ok=True)
    for name in articles or []:
        shutil.copy(FIXTURES / "articles" / name, root / "articles" / name)
    process = subprocess.Popen(
        [sys.executable, "-m", "newsmon.demo.outlet", str(root)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("PORT "):
        process.kill()
        raise RuntimeError(f"the fixture outlet did not start: {line!r}")
    return OutletServer(root=root, url=f"http://127.0.0.1:{int(line.split()[1])}", process=process)


class SmtpSink:
    """A real SMTP server (aiosmtpd) on 127.0.0.1, in a thread, keeping every message it accepts.

    `users` ({login: password}) turns on AUTH; `tls_context` offers STARTTLS; `implicit_tls` makes
    it speak TLS from the start (like port 465); `delay` holds each DATA reply that many seconds.
    """

    def __init__(self, users: dict[str, str] | None = None, tls_context: Any = None,
                 implicit_tls: Any = None, delay: float = 0.0) -> None:
        import socket

        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult

        self.messages: list[Any] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.logins: list[str] = []
        self.delay = delay
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]

        def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
            login = data.login.decode() if hasattr(data, "login") else ""
            password = data.password.decode() if hasattr(data, "password") else ""
            self.logins.append(login)
            accepted = users is not None and users.get(login) == password
            return AuthResult(success=accepted, handled=False)

        options: dict[str, Any] = {"hostname": "127.0.0.1", "port": self.port, "ready_timeout": 10}
        if users is not None:
            options.update(authenticator=authenticate, auth_require_tls=False)
        if tls_context is not None:
            options["tls_context"] = tls_context
        if implicit_tls is not None:
            options["ssl_context"] = implicit_tls
        self.controller = Controller(self, **options)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        import asyncio
        import email
        import email.policy

        if self.delay:
            await asyncio.sleep(self.delay)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(email.message_from_bytes(envelope.original_content, policy=email.policy.default))
        return "250 OK"

    def start(self) -> SmtpSink:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()


def found_figures(
    text: str, title: str | None = None, published: date | None = None
) -> set[tuple[str | None, float | None]]:
    """(measure, value) of every figure extract_figures finds: what the figure-rule tests assert."""
    return {(f.measure, f.value) for f in extract_figures(text, title, published=published)}
