"""The review page's endpoints: each reads or writes through `queries`/`decisions` in a worker
thread and answers with a template or, for the `.json` twins, with JSON.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import time
from collections import Counter
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from review import charts, decisions, feeds, queries
from review.search import search_articles
from review.security import check_password
from review.serialize import flag_json
from review.text import highlight, local_path, paragraphs, snippet_segments
from storage.db import session_scope
from storage.models import Article, Flag, Watch
from storage.queries import iso

T = TypeVar("T")
CHARTS_SHOWN = 4  # charts drawn on a watch page at once; the others are one click away
POINTS_PER_CHART = 80  # newest points per chart; the CSV/JSON exports carry the whole series
ATOM_ENTRIES = 50
SEARCH_PER_PAGE = 20
WATCH_CACHE_SECONDS = 60.0  # bounds staleness from edits no version counter sees
_REF = re.compile(r"^(?P<stem>[^./]+)(?:\.(?P<format>json|csv|atom))?$")


def _ref(request: Request, allowed: tuple[str, ...] = ("json",)) -> tuple[str, str]:
    """'/flags/12.json' -> ('12', 'json'); a format the route does not have is a 404."""
    match = _REF.match(request.path_params["ref"])
    if not match or (match["format"] and match["format"] not in allowed):
        raise HTTPException(404)
    return match["stem"], match["format"] or "html"


async def _db(request: Request, work: Callable[[Session], T], write: bool = False) -> T:
    """Run `work(session)` in a worker thread, in one transaction."""
    engine = request.app.state.engine

    def run() -> T:
        if write:
            with session_scope(engine) as session:
                return work(session)
        with request.app.state.sessions() as session:
            return work(session)

    return await run_in_threadpool(run)


def csrf_token(request: Request) -> str:
    session = request.session
    if "sid" not in session:
        session["sid"] = secrets.token_urlsafe(24)
    return request.app.state.csrf.token(session["sid"])


def current_user(request: Request) -> str:
    return request.scope.get("newsmon.user") or request.app.state.local_user


def render(request: Request, template: str, context: dict[str, Any], status_code: int = 200,
           alternates: tuple[tuple[str, str], ...] = ()) -> HTMLResponse:
    """A page from `template`; `alternates` are (url, media type) advertised with Link headers."""
    state = request.app.state
    html = state.templates.get_template(template).render(
        request=request,
        csrf_token=csrf_token(request),
        user=current_user(request),
        login_required=state.auth.login_required,
        signed_in="newsmon.user" in request.scope and request.scope.get("newsmon.via") == "session",
        alternates=alternates,
        **context,
    )
    headers = {"cache-control": "no-store"}
    if alternates:
        headers["link"] = ", ".join(f'<{url}>; rel="alternate"; type="{kind}"' for url, kind in alternates)
    return HTMLResponse(html, status_code=status_code, headers=headers)


def json_response(data: Any, alternate: str | None = None, status_code: int = 200) -> JSONResponse:
    headers = {"cache-control": "no-store"}
    if alternate:
        headers["link"] = f'<{alternate}>; rel="alternate"; type="text/html"'
    return JSONResponse(data, status_code=status_code, headers=headers)


def _with_query(path: str, request: Request) -> str:
    query = request.url.query
    return f"{path}?{query}" if query else path


# --- the queue ----------------------------------------------------------------------------------

def _queue_filter(request: Request) -> queries.QueueFilter:
    params = request.query_params
    status = params.get("status") or "open"
    if status not in (*queries.STATUSES, "all"):
        raise HTTPException(400, "status must be open, confirmed, dismissed or all")
    try:
        page = int(params.get("page") or 1)
    except ValueError:
        raise HTTPException(400, "page must be a number") from None
    return queries.QueueFilter(status, params.get("watch", ""), params.get("source", ""), page)


async def queue(request: Request) -> Response:
    wanted = _queue_filter(request)
    as_json = request.url.path.endswith(".json")

    def work(session: Session) -> Any:
        page = queries.queue_page(session, wanted)
        if as_json:
            return {
                "flags": [flag_json(flag) for flag in page.flags],
                "counts": page.counts,
                "page": page.filter.page,
                "pages": page.pages,
                "total": page.total,
                "filters": {"status": wanted.status, "watch": wanted.watch, "source": wanted.source},
            }
        return page

    result = await _db(request, work)
    if as_json:
        return json_response(result, alternate=_with_query("/flags", request))
    shown = result.filter
    return render(request, "queue.html", {
        "page": result, "here": _with_query(request.url.path, request),
        "watch_links": {name: "/flags" + shown.query_string(watch=name, page=1)
                        for name in {flag.watch.name for flag in result.flags}},
        "source_links": {name: "/flags" + shown.query_string(source=name, page=1)
                         for name in {flag.article.source.name for flag in result.flags}},
    },
                  alternates=((_with_query("/flags.json", request), "application/json"),))


# --- a flag -------------------------------------------------------------------------------------

def _numeric_ref(request: Request) -> tuple[int, str]:
    """'/flags/12.json' -> (12, 'json'); a ref that is not a row id is a 404."""
    stem, kind = _ref(request)
    if not stem.isdigit():
        raise HTTPException(404)
    return int(stem), kind


async def flag_page(request: Request) -> Response:
    flag_id, kind = _numeric_ref(request)

    def work(session: Session) -> Any:
        detail = queries.flag_detail(session, flag_id)
        if detail is None:
            return None
        if kind == "json":
            data = flag_json(detail.flag)
            data["copies"] = [
                {"url": copy.url, "title": copy.title, "source": copy.source,
                 "published": iso(copy.published), "alias": copy.article_id is None}
                for copy in detail.copies
            ]
            data["figures_in_text"] = [
                {"start": span.start, "end": span.end, "new": span.mark == "new", "label": span.title}
                for span in sorted(detail.spans, key=lambda span: span.start)
            ]
            data["text"] = detail.flag.article.text
            return data
        article = detail.flag.article
        return {
            "detail": detail,
            "text": paragraphs(highlight(article.text or "", detail.spans)),
            "title": highlight(article.title or article.url, detail.title_spans),
            "figures": [_figure_view(row) for row in detail.flag.new_figures],
        }

    result = await _db(request, work)
    if result is None:
        raise HTTPException(404, f"no flag {flag_id}")
    if kind == "json":
        return json_response(result, alternate=f"/flags/{flag_id}")
    return render(request, "flag.html", result,
                  alternates=((f"/flags/{flag_id}.json", "application/json"),))


def _figure_view(row: Any) -> dict[str, Any]:
    """A new figure for the template: its sentence cut around the figure's own words."""
    figure = row.figure
    sentence = figure.get("sentence") or ""
    surface = figure.get("text") or ""
    at = sentence.find(surface) if surface else -1
    spans = [queries.Span(at, at + len(surface), "new", "")] if at >= 0 else []
    return {
        "figure": figure,
        "sentence": highlight(sentence, spans),
        "previous": [entry for entry in (row.previous or []) if isinstance(entry, dict)],
    }


async def decide(request: Request) -> Response:
    flag_id, _ = _numeric_ref(request)
    action = request.path_params["action"]
    if action not in decisions.ACTIONS:
        raise HTTPException(404)
    form = await request.form()
    if not _csrf_ok(request, form.get("csrf_token")):
        raise HTTPException(403, "missing or invalid CSRF token: reload the page and try again")
    note = str(form.get("note") or "")
    who = current_user(request)

    def work(session: Session) -> Any:
        flag = decisions.decide(session, flag_id, action, who, note)
        session.flush()
        session.refresh(flag)
        return flag_json(flag)

    try:
        data = await _db(request, work, write=True)
    except decisions.UnknownFlag:
        raise HTTPException(404, f"no flag {flag_id}") from None
    if "application/json" in request.headers.get("accept", ""):
        return json_response(data)
    return RedirectResponse(local_path(form.get("next"), f"/flags/{flag_id}"), status_code=303)


def _csrf_ok(request: Request, form_token: Any) -> bool:
    if request.scope.get("newsmon.via") == "token":
        return True  # a bearer token is no ambient credential: a foreign page cannot send it
    token = form_token if isinstance(form_token, str) else request.headers.get("x-csrf-token")
    return request.app.state.csrf.valid(token, request.session.get("sid"))


# --- an article (search hits and baseline points link here) --------------------------------------

async def article_page(request: Request) -> Response:
    article_id, kind = _numeric_ref(request)

    def work(session: Session) -> Any:
        detail = queries.article_detail(session, article_id)
        if detail is None:
            return None
        article = detail.article
        if kind == "json":
            return {
                "id": article.id, "url": article.url, "title": article.title,
                "source": article.source.name, "published": iso(article.published_at),
                "fetched": iso(article.fetched_at), "cluster": article.cluster_id,
                "text": article.text,
                "flags": [{"id": flag.id, "watch": flag.watch.name, "status": flag.status}
                          for flag in detail.flags],
            }
        return {
            "detail": detail,
            "text": paragraphs(highlight(article.text or "", detail.spans)),
            "title": highlight(article.title or article.url, detail.title_spans),
        }

    result = await _db(request, work)
    if result is None:
        raise HTTPException(404, f"no article {article_id}")
    if kind == "json":
        return json_response(result, alternate=f"/articles/{article_id}")
    return render(request, "article.html", result,
                  alternates=((f"/articles/{article_id}.json", "application/json"),))


# --- watches ------------------------------------------------------------------------------------

async def watches_index(request: Request) -> Response:
    configured = [watch.name for watch in request.app.state.settings.watches]
    summaries = await _db(request, lambda session: queries.watch_summaries(session, configured))
    if request.url.path.endswith(".json"):
        return json_response({"watches": summaries}, alternate="/watches")
    return render(request, "watches.html", {"watches": summaries},
                  alternates=(("/watches.json", "application/json"),))


async def watch_page(request: Request) -> Response:
    name, kind = _ref(request, ("json", "csv", "atom"))
    if kind in ("json", "csv"):
        rows = await _db(request, lambda session: queries.export_rows(session, name))
        if rows is None:
            raise HTTPException(404, f"no watch {name!r}")
        if kind == "csv":
            return Response(feeds.series_csv(rows), media_type="text/csv; charset=utf-8", headers={
                "content-disposition": f'attachment; filename="{name}.csv"', "cache-control": "no-store",
            })
        measures = Counter(row["measure"] for row in rows)
        series_rows = [{**row, "when": iso(row["when"])} for row in rows]
        return json_response({"watch": name, "measures": measures, "series": series_rows},
                             alternate=f"/watches/{name}")
    if kind == "atom":
        return await _atom(request, name)

    chosen = request.query_params.get("measure", "")

    cache: dict[tuple[str, str], tuple[float, tuple[Any, ...], Any]] = request.app.state.watch_cache

    def work(session: Session) -> queries.WatchSeries | None:
        watch_id = session.scalar(select(Watch.id).where(Watch.name == name))
        if watch_id is None:
            return None
        # A year of flags is a lot to gather per view: reuse it while nothing in the watch changed.
        version = queries.watch_version(session, watch_id)
        cached = cache.get((name, chosen))
        if cached and cached[1] == version and time.monotonic() - cached[0] < WATCH_CACHE_SECONDS:
            return cached[2]
        overview = queries.watch_overview(session, name)
        if overview is None:
            return None
        measures = [measure for measure, _count in overview.measures]
        shown = [chosen] if chosen in measures else measures[:CHARTS_SHOWN]
        for measure in shown:
            overview.points[measure] = queries.measure_points(
                session, overview.watch.id, measure, POINTS_PER_CHART)
        if len(cache) > 256:
            cache.clear()
        cache[name, chosen] = (time.monotonic(), version, overview)
        return overview

    series = await _db(request, work)
    if series is None:
        raise HTTPException(404, f"no watch {name!r}")
    counts = dict(series.measures)
    drawn = await run_in_threadpool(
        lambda: [(measure, counts[measure], charts.render_measure_chart(measure, points))
                 for measure, points in series.points.items()]
    )
    return render(request, "watch.html", {
        "series": series, "charts": drawn, "chosen": chosen, "points_per_chart": POINTS_PER_CHART,
        "hidden": [item for item in series.measures if item[0] not in series.points],
    }, alternates=((f"/watches/{name}.json", "application/json"),
                   (f"/watches/{name}.csv", "text/csv"),
                   (f"/watches/{name}.atom", "application/atom+xml")))


async def _atom(request: Request, name: str) -> Response:
    def work(session: Session) -> list[Flag] | None:
        watch = session.scalars(select(Watch).where(Watch.name == name)).first()
        if watch is None:
            return None
        return list(session.scalars(
            select(Flag).where(Flag.watch_id == watch.id)
            .options(selectinload(Flag.article).selectinload(Article.source),
                     selectinload(Flag.new_figures), selectinload(Flag.watch))
            .order_by(Flag.created_at.desc(), Flag.id.desc()).limit(ATOM_ENTRIES)
        ))

    flags = await _db(request, work)
    if flags is None:
        raise HTTPException(404, f"no watch {name!r}")
    base_url = request.app.state.settings.review.base_url.rstrip("/") or str(request.base_url).rstrip("/")
    return Response(feeds.atom_feed(name, flags, base_url), media_type="application/atom+xml")


# --- sources and search --------------------------------------------------------------------------

async def sources_page(request: Request) -> Response:
    configured = [source.name for source in request.app.state.settings.sources]
    health = await _db(request, lambda session: queries.sources_health(session, configured))
    if request.url.path.endswith(".json"):
        return json_response({"sources": [_source_json(item) for item in health]}, alternate="/sources")
    return render(request, "sources.html", {"sources": health},
                  alternates=(("/sources.json", "application/json"),))


def _source_json(item: queries.SourceHealth) -> dict[str, Any]:
    source, run = item.source, item.last_run
    return {
        "name": item.name,
        "configured": item.configured,
        "health": source.health if source else "new",
        "consecutive_failures": source.consecutive_failures if source else 0,
        "last_run": iso(source.last_run_at) if source else None,
        "last_success": iso(source.last_success_at) if source else None,
        "next_run": iso(source.next_run_at) if source else None,
        "last_error": source.last_error if source else None,
        "articles": item.articles,
        "last_crawl": None if run is None else {
            "status": run.status, "started": iso(run.started_at), "finished": iso(run.finished_at),
            "new_articles": run.new_articles, "errors": run.errors, "pages_fetched": run.pages_fetched,
        },
        "recent_errors": [{"url": problem.url, "reason": problem.reason, "at": iso(problem.created_at)}
                          for problem in item.problems],
    }


async def search_page(request: Request) -> Response:
    query = request.query_params.get("q", "").strip()[:500]
    try:
        page = max(1, int(request.query_params.get("page") or 1))
    except ValueError:
        raise HTTPException(400, "page must be a number") from None
    hits, total = await _db(request, lambda session: search_articles(
        session, query, SEARCH_PER_PAGE, (page - 1) * SEARCH_PER_PAGE))
    if request.url.path.endswith(".json"):
        return json_response({
            "query": query, "total": total, "page": page,
            "results": [{"id": hit.article_id, "url": hit.url, "title": hit.title, "source": hit.source,
                         "published": iso(hit.published), "snippet": snippet_segments_text(hit.snippet)}
                        for hit in hits],
        }, alternate=_with_query("/search", request))
    results = [(hit, snippet_segments(hit.snippet)) for hit in hits]
    pages = max(1, -(-total // SEARCH_PER_PAGE))
    return render(request, "search.html", {"query": query, "results": results, "total": total,
                                           "page": page, "pages": pages},
                  alternates=((_with_query("/search.json", request), "application/json"),))


def snippet_segments_text(snippet: str) -> str:
    return "".join(segment.text for segment in snippet_segments(snippet))


# --- login --------------------------------------------------------------------------------------

async def login_form(request: Request) -> Response:
    return render(request, "login.html", {"next": local_path(request.query_params.get("next")),
                                          "error": None})


async def login(request: Request) -> Response:
    form = await request.form()
    target = local_path(form.get("next"))
    if not _csrf_ok(request, form.get("csrf_token")):
        raise HTTPException(403, "missing or invalid CSRF token: reload the page and try again")
    name = str(form.get("name") or "").strip()[:64]
    password = str(form.get("password") or "")
    expected = request.app.state.auth.password
    # PBKDF2 takes a good fraction of a second: off the event loop, like the bearer-token check.
    if not name or expected is None or not await run_in_threadpool(check_password, password, expected):
        await asyncio.sleep(0.5)  # slows guessing down
        return render(request, "login.html", {"next": target, "error": "Wrong name or password."},
                      status_code=401)
    request.session.clear()
    request.session["user"] = name
    request.session["sid"] = secrets.token_urlsafe(24)
    return RedirectResponse(target, status_code=303)


async def logout(request: Request) -> Response:
    form = await request.form()
    if not _csrf_ok(request, form.get("csrf_token")):
        raise HTTPException(403, "missing or invalid CSRF token")
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def error_page(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if request.url.path.endswith(".json") or "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code)
    return render(request, "error.html", {"status": exc.status_code, "message": exc.detail},
                  status_code=exc.status_code)

