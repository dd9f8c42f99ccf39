"""The daemon's web front: `/healthz` and `/metrics`, with the review app mounted for everything else.

uvicorn runs in the main thread, but the daemon owns the signals: `QuietServer` installs no handlers,
and the daemon ends it (`should_exit`) once it has stopped.
"""

from __future__ import annotations

import contextlib
import logging
import socket
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

import uvicorn
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route

if TYPE_CHECKING:
    from scheduler.daemon import Daemon

log = logging.getLogger(__name__)


def health_report(daemon: Daemon) -> tuple[int, dict[str, Any]]:
    """The /healthz body and status: 200 while the scheduler runs and the database answers."""
    from sqlalchemy import text

    from scheduler import policy
    from scheduler.status import source_statuses
    from storage.db import session_scope

    database: dict[str, Any] = {"reachable": False}
    sources: list[dict[str, Any]] = []
    if daemon.engine is not None:
        try:
            with session_scope(daemon.engine) as session:
                session.execute(text("SELECT 1"))
                sources = [
                    {key: row[key] for key in ("name", "health", "consecutive_failures", "last_success",
                                               "next_run", "last_error", "running")}
                    for row in source_statuses(session, daemon.settings)
                    if row["enabled"]
                ]
            database["reachable"] = True
        except Exception as exc:
            # The endpoint answers anyone who can reach it: the driver's message (host names,
            # user names, SQL) goes to the log only.
            log.warning("healthz: the database did not answer: %s", exc)
            database["error"] = f"{type(exc).__name__} (details in the daemon's log)"
    running = daemon.running
    healthy = running and database["reachable"]
    unhealthy = (policy.HEALTH_FAILING, policy.HEALTH_NO_ARTICLES)
    unhealthy_sources = [s["name"] for s in sources if s["health"] in unhealthy]
    if not healthy:
        status = "stopping" if daemon.clock.stopping else "unhealthy"
    else:
        status = "degraded" if unhealthy_sources else "ok"
    body = {
        "status": status,
        "scheduler": {"running": running, "jobs": daemon.jobs_overview()},
        "database": database,
        "sources": sources,
        "unhealthy_sources": unhealthy_sources,
    }
    return (200 if healthy else 503), body


def create_web_app(daemon: Daemon) -> Starlette:
    def healthz(request: Request) -> JSONResponse:
        code, body = health_report(daemon)
        return JSONResponse(body, status_code=code)

    def metrics(request: Request) -> Response:
        return Response(generate_latest(daemon.metrics.registry), media_type=CONTENT_TYPE_LATEST)

    routes: list[BaseRoute] = [Route("/healthz", healthz), Route("/metrics", metrics)]
    review = _review_app(daemon)
    if review is not None:
        routes.append(Mount("/", app=review))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # A mounted app's own lifespan does not run by itself: run the review app's inside ours.
        context = getattr(getattr(review, "router", None), "lifespan_context", None)
        if context is not None:
            async with context(review):
                yield
        else:
            yield

    return Starlette(routes=routes, lifespan=lifespan)


def _review_app(daemon: Daemon) -> Any:
    try:
        from review.app import create_app
    except ImportError as exc:
        log.info("the review web page is not available (%s); serving /healthz and /metrics only", exc)
        return None
    try:
        return create_app(daemon.settings)
    except Exception:
        log.exception("the review web page failed to start; serving /healthz and /metrics only")
        return None


class QuietServer(uvicorn.Server):
    """uvicorn without its own signal handlers: the daemon decides when the server ends."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def bind_socket(bind: str) -> socket.socket:
    """Bind HOST:PORT before serving, so a busy port is a clear error at start (port 0: any free one)."""
    host, port_text = bind.rsplit(":", 1)
    host = host.strip("[]")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, int(port_text)))
    except OSError:
        sock.close()
        raise
    sock.listen(128)
    sock.set_inheritable(False)
    return sock


def serve_web(daemon: Daemon, bind: str) -> None:
    sock = bind_socket(bind)
    host, port = sock.getsockname()[:2]
    shown_host = f"[{host}]" if ":" in host else host
    log.info("web: listening on http://%s:%d (/healthz, /metrics)", shown_host, port)
    config = uvicorn.Config(
        create_web_app(daemon), log_config=None, access_log=False, lifespan="on", timeout_graceful_shutdown=5,
    )
    server = QuietServer(config)

    def end_server() -> None:
        server.should_exit = True

    daemon.on_stopped = end_server
    if daemon.wait_stopped(0):
        return
    server.run(sockets=[sock])
