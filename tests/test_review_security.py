"""Login beyond loopback, cookies, bearer tokens, password hashes, and `newsmon review` refusing to
serve an open page on a public address; plus the pure helpers that keep hostile text inert."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from newsmon.config import ConfigError
from review.app import create_app
from review.security import CsrfSigner, check_password, hash_password, is_loopback
from review.text import Span, fts5_query, highlight, local_path, paragraphs, safe_href
from storage.db import connect, upgrade
from tests.helpers import run_newsmon, write_config
from tests.review_data import WATCH, Dataset, ReviewClient, build
from tests.test_review_pages import review_settings

PASSWORD = "correct horse battery staple"


@pytest.fixture
def public_site(tmp_path: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[ReviewClient, Dataset]]:
    """The app as configured for 0.0.0.0, the password given as a hash in the environment."""
    monkeypatch.setenv("NEWSMON_REVIEW_PASSWORD", hash_password(PASSWORD, iterations=1000))
    upgrade(sqlite_url)
    engine = connect(sqlite_url)
    data = build(engine)
    settings = review_settings(tmp_path, sqlite_url, bind="0.0.0.0:8080", base_url="https://review.example.org")
    client = ReviewClient(create_app(settings, engine), base_url="https://review.example.org")
    yield client, data
    client.close()
    engine.dispose()


def test_beyond_loopback_without_password_is_refused(tmp_path: Path, sqlite_url: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSMON_REVIEW_PASSWORD", raising=False)
    settings = review_settings(tmp_path, sqlite_url, bind="0.0.0.0:8080")
    with pytest.raises(ConfigError, match="NEWSMON_REVIEW_PASSWORD"):
        create_app(settings)


def test_login_required_with_secure_cookies(public_site: tuple[ReviewClient, Dataset]) -> None:
    client, data = public_site
    flag_id = data.flags["open_600"]
    for path in ("/", f"/flags/{flag_id}", f"/watches/{WATCH}", "/sources", "/search?q=kursk"):
        response = client.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?next=")
    for path in ("/flags.json", f"/watches/{WATCH}.csv", f"/watches/{WATCH}.atom"):
        assert client.get(path).status_code == 401, path
    assert client.get("/static/review.css").status_code == 200
    assert client.post(f"/flags/{flag_id}/confirm", data={}).status_code == 401

    form = BeautifulSoup(client.get("/login?next=/flags/2").text, "html.parser")
    token = form.select_one("input[name=csrf_token]")["value"]
    assert form.select_one("input[name=next]")["value"] == "/flags/2"
    wrong = client.post("/login", data={"csrf_token": token, "name": "carol", "password": "guess", "next": "/"})
    assert wrong.status_code == 401 and "Wrong name or password" in wrong.text
    no_token = client.post("/login", data={"name": "carol", "password": PASSWORD})
    assert no_token.status_code == 403

    response = client.post("/login", data={"csrf_token": token, "name": "carol", "password": PASSWORD,
                                           "next": "https://evil.example/"})
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" in cookie

    assert client.get("/flags").status_code == 200
    token = client.csrf()
    assert client.post(f"/flags/{flag_id}/confirm", data={"csrf_token": token}).status_code == 303
    decided = client.get(f"/flags/{flag_id}.json").json()
    assert decided["status"] == "confirmed" and decided["decided_by"] == "carol"

    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    assert client.get("/flags").status_code == 303


def test_bearer_token_for_scripts(public_site: tuple[ReviewClient, Dataset]) -> None:
    client, data = public_site
    headers = {"authorization": f"Bearer {PASSWORD}"}
    assert client.get("/flags.json", headers=headers).json()["counts"]["open"] == 3
    assert client.get("/flags.json", headers={"authorization": "Bearer nope"}).status_code == 401
    # No cookie can carry a bearer token, so no CSRF token is needed with one.
    response = client.post(f"/flags/{data.flags['open_600']}/dismiss", headers={**headers, "accept": "application/json"},
                           data={"note": "scripted"})
    assert response.status_code == 200
    assert response.json()["status"] == "dismissed" and response.json()["decided_by"] == "token"


def test_password_hashes_and_tokens() -> None:
    stored = hash_password("s3cret", iterations=1000)
    assert stored.startswith("pbkdf2_sha256$1000$") and "s3cret" not in stored
    assert check_password("s3cret", stored) and not check_password("s3cret!", stored)
    assert check_password("plain", "plain") and not check_password("plain", "other")
    assert not check_password("x", "pbkdf2_sha256$broken")
    signer = CsrfSigner("key")
    token = signer.token("session-a")
    assert signer.valid(token, "session-a")
    assert not signer.valid(token, "session-b")
    assert not CsrfSigner("other key").valid(token, "session-a")
    assert not signer.valid(None, "session-a") and not signer.valid(token, None)
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("[::1]") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.1") and not is_loopback("example.org")


def test_review_command_refuses_public_bind_without_password(tmp_path: Path, sqlite_url: str) -> None:
    config = write_config(tmp_path, sources=[{"name": "yonhap", "feeds": ["http://127.0.0.1:9/feed.xml"]}],
                          database_url=sqlite_url, review={"bind": "0.0.0.0:8080"})
    result = run_newsmon("review", config=config, timeout=60)
    assert result.returncode == 2
    assert "NEWSMON_REVIEW_PASSWORD" in result.stderr and len(result.stderr.strip().splitlines()) == 1

    for bad_bind in ("localhost", "127.0.0.1:70000"):
        bad = run_newsmon("review", "--bind", bad_bind, config=config, timeout=60)
        assert bad.returncode == 2 and "--bind" in bad.stderr and "review.bind" in bad.stderr
        assert len(bad.stderr.strip().splitlines()) == 1

    hashed = run_newsmon("review", "--hash-password", config=config, input="hunter2\n", timeout=60)
    assert hashed.returncode == 0
    assert check_password("hunter2", hashed.stdout.strip())


def test_highlight_keeps_every_character_once() -> None:
    text = "Around 300 killed and 2,700 wounded."
    segments = highlight(text, [
        Span(0, 10, "figure", "300"), Span(7, 17, "new", "overlap"), Span(22, 35, "new", "2,700"),
        Span(30, 99, "figure", "out of range"), Span(22, 27, "figure", "same start"),
    ])
    assert "".join(segment.text for segment in segments) == text
    assert [(segment.text, segment.mark) for segment in segments if segment.mark] == [
        ("Around 300", "figure"), ("2,700 wounded", "new")]
    assert [[piece.text for piece in paragraph] for paragraph in paragraphs(highlight("a\n\nb", []))] == [["a"], ["b"]]


def test_links_and_redirects_stay_safe() -> None:
    assert safe_href("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert safe_href("HTTP://example.org/") == "HTTP://example.org/"
    for hostile in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "java\tscript:x",
                    "//evil.example", "/relative", "vbscript:x", None, 42):
        assert safe_href(hostile) is None, hostile
    assert local_path("/flags?status=all") == "/flags?status=all"
    for hostile in ("//evil.example", "https://evil.example", "/\\evil.example", "javascript:x", None):
        assert local_path(hostile) == "/", hostile


def test_fts5_query_quotes_user_words() -> None:
    assert fts5_query('Kursk "killed') == '"Kursk" "killed"'
    assert fts5_query("deploy* OR NOT x") == '"deploy"* "OR" "NOT" "x"'
    assert fts5_query("  --  ") == ""


def test_review_command_says_where_it_serves_once_bound(tmp_path: Path, sqlite_url: str) -> None:
    """`newsmon review` binds before it says "serving on" (with port 0's real port), and a port
    that is taken is a one-line error, not a traceback after a false "serving on"."""
    import socket
    import subprocess
    import sys
    import urllib.request

    from tests.helpers import REPO, newsmon_env

    config = write_config(tmp_path, sources=[{"name": "yonhap", "feeds": ["http://127.0.0.1:9/feed.xml"]}],
                          database_url=sqlite_url)
    command = [sys.executable, "-m", "newsmon", "--config", str(config), "review", "--bind", "127.0.0.1:0"]
    server = subprocess.Popen(command, cwd=REPO, env=newsmon_env(), stderr=subprocess.PIPE, text=True)
    try:
        assert server.stderr is not None
        line = server.stderr.readline()
        assert line.startswith("newsmon review: serving on http://127.0.0.1:"), line
        url = line.split("serving on ", 1)[1].strip()
        port = int(url.rstrip("/").rsplit(":", 1)[1])
        assert port > 0
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200

        with socket.create_server(("127.0.0.1", 0)) as taken:
            busy = taken.getsockname()[1]
            result = run_newsmon("review", "--bind", f"127.0.0.1:{busy}", config=config, timeout=60)
        assert result.returncode == 1
        assert f"cannot listen on 127.0.0.1:{busy}" in result.stderr and "serving on" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    finally:
        server.terminate()
        server.wait(timeout=30)
