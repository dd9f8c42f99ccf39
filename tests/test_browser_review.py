"""The review page in a real headless Chromium (Debian's), served by `newsmon review` as a subprocess.

Opens the queue, opens a flag, confirms it with the keyboard, sees it leave the queue and appear as
a confirmed point on the watch's chart; checks that a hostile article runs no script and that no
page breaks its own Content-Security-Policy. Saves screenshots to the test's temporary directory,
or to docs/ for the README with NEWSMON_UPDATE_SCREENSHOTS=1.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storage.db import connect, upgrade
from tests.helpers import REPO, newsmon_env, write_config
from tests.review_data import WATCH, Dataset, build

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
DOCS = REPO / "docs"


def screenshot_dir(tmp_path: Path) -> Path:
    """docs/ when the README's screenshots are being refreshed, else somewhere that is thrown away."""
    return DOCS if os.environ.get("NEWSMON_UPDATE_SCREENSHOTS") == "1" else tmp_path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen[Any], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"newsmon review exited: {process.stderr.read() if process.stderr else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer within {timeout}s")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Dataset]]:
    """`newsmon review` on a free loopback port over the review dataset."""
    database_url = f"sqlite:///{tmp_path / 'review.db'}"
    upgrade(database_url)
    engine = connect(database_url)
    data = build(engine)
    engine.dispose()
    port = free_port()
    config = write_config(
        tmp_path,
        sources=[{"name": name, "feeds": ["http://127.0.0.1:9/feed.xml"]}
                 for name in ("yonhap", "kyivindependent", "moscowtimes", "hostile")],
        watches=[{"name": WATCH, "all": [["North Korea", "North Korean"]]}],
        database_url=database_url,
        review={"bind": f"127.0.0.1:{port}"},
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "newsmon", "--config", str(config), "review"],
        env=newsmon_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/healthz", process)
        yield base, data
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install-system-deps.sh (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def test_review_by_keyboard_in_chromium(
    served: tuple[str, Dataset], browser: Any, tmp_path: Path
) -> None:
    base, data = served
    shots = screenshot_dir(tmp_path)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    console_errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto(f"{base}/")
    rows = page.locator("#queue tr.row")
    open_ids = [int(rows.nth(index).get_attribute("data-id")) for index in range(rows.count())]
    assert set(open_ids) == {data.flags["open_600"], data.flags["open_1000"], data.flags["hostile"]}
    assert page.locator("#queue tr.selected").count() == 1  # the first row, ready for j/k
    DOCS.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / "review-queue.png"), full_page=True)

    # j/k move the selection; Enter opens the selected flag.
    target = data.flags["open_600"]
    for _ in range(len(open_ids)):
        if page.locator("#queue tr.selected").get_attribute("data-id") == str(target):
            break
        page.keyboard.press("j")
    assert page.locator("#queue tr.selected").get_attribute("data-id") == str(target)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/flags/{target}")
    assert page.locator("mark.fig.new").first.inner_text() == "600 North Korean soldiers"
    assert "300" in page.locator(".previous").first.inner_text()
    assert page.locator(".copies li").count() == 2
    page.screenshot(path=str(shots / "review-flag.png"), full_page=True)

    # c confirms: the page comes back with the decision recorded.
    page.keyboard.press("c")
    page.wait_for_selector("aside.decision .badge.confirmed")
    assert "by" in page.locator("aside.decision").inner_text()

    page.goto(f"{base}/flags")
    remaining = {int(page.locator("#queue tr.row").nth(index).get_attribute("data-id"))
                 for index in range(page.locator("#queue tr.row").count())}
    assert target not in remaining and len(remaining) == 2

    # In the queue itself, d dismisses the selected row.
    with page.expect_navigation():
        page.keyboard.press("d")
    assert page.locator("#queue tr.row").count() == 1

    # The watch's chart shows the confirmed value as a confirmed (series 0) point linking to the flag.
    page.goto(f"{base}/watches/{WATCH}")
    links = page.evaluate(
        """() => Array.from(document.querySelectorAll('#chart-killed .plot.overlay .series'))
              .map(series => [series.getAttribute('class'),
                              Array.from(series.querySelectorAll('a'))
                                .map(a => a.getAttribute('xlink:href') || a.getAttribute('href'))])"""
    )
    confirmed = next(found for classes, found in links if "color-0" in classes)
    assert f"/flags/{target}" in confirmed
    page.screenshot(path=str(shots / "review-watch.png"), full_page=True)

    assert dialogs == []
    assert console_errors == []  # no CSP violations, no script errors
    page.close()


def test_hostile_article_is_inert_in_chromium(served: tuple[str, Dataset], browser: Any) -> None:
    base, data = served
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    console_errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    for path in (f"/flags/{data.flags['hostile']}", f"/articles/{data.articles['hostile']}", "/flags",
                 "/search?q=officials", f"/watches/{WATCH}"):
        page.goto(base + path)
        page.wait_for_load_state("load")
        scripts = page.evaluate("() => Array.from(document.scripts).map(s => s.getAttribute('src'))")
        assert scripts == ["/static/review.js"], path
        assert page.locator("main img").count() == 0, path
        hrefs = page.evaluate("() => Array.from(document.querySelectorAll('[href]')).map(e => e.getAttribute('href'))")
        assert not [href for href in hrefs if href and href.strip().lower().startswith("javascript:")], path
    page.goto(f"{base}/flags/{data.flags['hostile']}")
    assert "<script>" in page.locator("h1.headline").inner_text()  # shown as text, not run
    assert dialogs == []
    assert console_errors == []
    page.close()
