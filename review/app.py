"""The review web page as a Starlette app: `create_app(settings, engine=None)`.

Used by `newsmon review` (alone, under uvicorn) and by the daemon (mounted behind its /healthz and
/metrics). On start it makes sure the search index exists. When bound beyond loopback, or when a
password is set, every page but /login and /static needs a signed-in session or a bearer token.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from sqlalchemy import Engine, create_engine, event
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from newsmon.config import ConfigError, Settings
from review import views
from review.search import ensure_search_index
from review.security import (
    AuthPolicy,
    CsrfSigner,
    SecurityMiddleware,
    allowed_hosts,
    check_password,
    is_loopback,
    local_user,
)
from review.text import figure_label, format_value, human_time, safe_href, short_date
from storage.db import SQLITE_BUSY_TIMEOUT_MS, connect, sessions
from storage.queries import iso

PACKAGE = Path(str(resources.files("review")))
OPEN_PATHS = ("/login", "/static/", "/healthz")
SESSION_MAX_AGE = 14 * 24 * 3600


def auth_policy(settings: Settings) -> AuthPolicy:
    """Login is required beyond loopback (a password must then be set) or whenever one is set."""
    review = settings.review
    password = os.environ.get(review.password_env) if review.password_env else None
    if not is_loopback(review.host) and not password:
        raise ConfigError(
            settings.path or "<defaults>", "review.password_env",
            f"review.bind {review.bind!r} is beyond loopback: set ${review.password_env} to a "
            "password (or a hash from `newsmon review --hash-password`)",
        )
    return AuthPolicy(password=password or None, secure_cookies=review.base_url.startswith("https://"))


class AuthMiddleware:
    """Lets a request through when signed in (session) or bearing the token; else to /login."""

    def __init__(self, app: ASGIApp, policy: AuthPolicy) -> None:
        self.app = app
        self.policy = policy
        # SHA-256 of tokens that passed: PBKDF2 costs ~0.3 s, too much for every API request.
        # The password is fixed for the app's life, so a token once right stays right.
        self._verified_tokens: set[bytes] = set()

    async def _token_ok(self, token: str) -> bool:
        assert self.policy.password is not None
        digest = hashlib.sha256(token.encode()).digest()
        if digest in self._verified_tokens:
            return True
        if not await run_in_threadpool(check_password, token, self.policy.password):
            return False
        if len(self._verified_tokens) >= 64:
            self._verified_tokens.clear()
        self._verified_tokens.add(digest)
        return True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        user = scope.get("session", {}).get("user")
        if user:
            scope["newsmon.user"], scope["newsmon.via"] = user, "session"
        elif self.policy.password is not None:
            authorization = Headers(scope=scope).get("authorization", "")
            if authorization.lower().startswith("bearer ") and await self._token_ok(
                authorization[7:].strip()
            ):
                scope["newsmon.user"], scope["newsmon.via"] = "token", "token"
        if self.policy.login_required and "newsmon.user" not in scope:
            path = scope["path"]
            if not any(path == open_path or path.startswith(open_path) for open_path in OPEN_PATHS):
                if path.endswith((".json", ".csv", ".atom")) or scope["method"] != "GET":
                    response: Response = JSONResponse({"error": "login required"}, status_code=401,
                                                      headers={"www-authenticate": "Bearer"})
                else:
                    query = scope.get("query_string", b"").decode("latin-1")
                    target = path + (f"?{query}" if query else "")
                    response = RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def reader_engine(engine: Engine) -> Engine:
    """The engine for page reads. On SQLite, a second engine on the same file that opens deferred,
    read-only transactions: a page then reads a WAL snapshot and never queues behind a crawler
    holding the write lock (the shared engine starts every transaction with BEGIN IMMEDIATE)."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return engine
    reader = create_engine(engine.url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    def pragmas(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # transactions are begun below, deferred
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA query_only=ON")
        cursor.close()

    event.listen(reader, "connect", pragmas)
    event.listen(reader, "begin", lambda connection: connection.exec_driver_sql("BEGIN"))
    return reader


def template_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(PACKAGE / "templates"),
        autoescape=True,  # every template, whatever its name: scraped text is hostile
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(safe_href=safe_href, human_time=human_time, iso=iso,
                       figure_label=figure_label, format_value=format_value, short_date=short_date)
    return env


def create_app(settings: Settings, engine: Engine | None = None) -> Starlette:
    """The review app; `engine` None: one is made from the settings and disposed at shutdown."""
    policy = auth_policy(settings)
    own_engine = engine is None
    engine = engine or connect(settings.database_url)
    reader = reader_engine(engine)
    secret = os.environ.get(settings.review.secret_env) if settings.review.secret_env else None
    secret = secret or secrets.token_urlsafe(32)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await run_in_threadpool(ensure_search_index, engine)
        try:
            yield
        finally:
            if reader is not engine:
                reader.dispose()
            if own_engine:
                engine.dispose()

    routes = [
        Route("/", views.queue),
        Route("/flags", views.queue),
        Route("/flags.json", views.queue),
        Route("/flags/{ref}", views.flag_page),
        Route("/flags/{ref}/{action}", views.decide, methods=["POST"]),
        Route("/articles/{ref}", views.article_page),
        Route("/watches", views.watches_index),
        Route("/watches.json", views.watches_index),
        Route("/watches/{ref}", views.watch_page),
        Route("/sources", views.sources_page),
        Route("/sources.json", views.sources_page),
        Route("/search", views.search_page),
        Route("/search.json", views.search_page),
        Route("/login", views.login_form, methods=["GET"]),
        Route("/login", views.login, methods=["POST"]),
        Route("/logout", views.logout, methods=["POST"]),
        Route("/healthz", views.healthz),
        Mount("/static", StaticFiles(directory=PACKAGE / "static"), name="static"),
    ]
    middleware = [
        Middleware(SecurityMiddleware, hosts=allowed_hosts(settings.review.host, settings.review.base_url)),
        Middleware(SessionMiddleware, secret_key=secret, session_cookie="newsmon_review",
                   max_age=SESSION_MAX_AGE, same_site="strict", https_only=policy.secure_cookies),
        Middleware(AuthMiddleware, policy=policy),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers={HTTPException: views.error_page})
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = sessions(reader)
    app.state.auth = policy
    app.state.csrf = CsrfSigner(secret)
    app.state.templates = template_environment()
    app.state.local_user = local_user()
    app.state.watch_cache = {}
    return app
