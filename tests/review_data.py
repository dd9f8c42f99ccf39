"""A small, realistic review dataset built through the models: one watch following North Korean
troops in Russia, a few outlets, articles with figures, flags with earlier values, a story with
copies, a failing source, and one hostile article whose title, text and links try to run script.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from storage.db import session_scope
from storage.models import (
    Article,
    CrawlProblem,
    CrawlRun,
    FigureRow,
    Flag,
    FlagFigure,
    LedgerEntry,
    Source,
    Url,
    Watch,
)

NOW = datetime(2025, 11, 20, 12, 0, 0)
WATCH = "north-korean-troops"
HOSTILE_TITLE = '<script>alert("title")</script> 4,000 wounded <img src=x onerror=alert(1)>'
HOSTILE_TEXT = (
    "Officials said 4,000 soldiers were wounded. <script>alert('text')</script>\n"
    "Read more: <a href=\"javascript:alert('link')\">here</a> <img src=x onerror=alert(2)>"
)
HOSTILE_URL = "javascript:alert('article-url')"


@dataclass
class Dataset:
    flags: dict[str, int] = field(default_factory=dict)  # confirmed, open_600, open_1000, dismissed, hostile
    articles: dict[str, int] = field(default_factory=dict)  # a1, a2, a3, a3copy, a5, a6, hostile
    watch_id: int = 0


def figure(text: str, surface: str, value: float, measure: str, *, hedge: str | None = None,
           subject: str | None = None, source: str | None = None, in_title: bool = False,
           sentence: str | None = None) -> dict[str, Any]:
    """A Figure JSON dict with offsets of `surface` in `text`."""
    start = text.index(surface)
    if sentence is None:
        stop = text.rfind(". ", 0, start)
        left = max(stop + 2 if stop >= 0 else 0, text.rfind("\n", 0, start) + 1)
        right = text.find(". ", start)
        sentence = text[left:right + 1 if right >= 0 else len(text)]
    return {
        "value": value, "low": value, "high": value, "hedge": hedge, "vague": False,
        "measure": measure, "subject": subject, "noun": (subject or measure).split()[-1],
        "source": source, "text": surface, "sentence": sentence, "start": start,
        "end": start + len(surface), "in_title": in_title,
    }


def _figure_row(article: Article, data: dict[str, Any]) -> FigureRow:
    return FigureRow(
        article=article, measure=data["measure"], value=data["value"], value_key=_key(data["value"]),
        low=data["low"], high=data["high"], hedge=data["hedge"], vague=data["vague"],
        subject=data["subject"], noun=data["noun"], claimed_by=data["source"], surface=data["text"],
        sentence=data["sentence"], start=data["start"], end=data["end"], in_title=data["in_title"],
    )


def _key(value: float) -> str:
    return f"{value:g}"


def build(engine: Engine) -> Dataset:
    """Fill an empty, upgraded database; returns the ids tests refer to by name."""
    data = Dataset()
    with session_scope(engine) as session:
        watch = Watch(name=WATCH, created_at=NOW - timedelta(days=30))
        sources = {
            name: Source(name=name, health=health, last_run_at=NOW - timedelta(minutes=minutes),
                         last_success_at=NOW - timedelta(minutes=minutes) if health == "ok" else NOW - timedelta(days=2),
                         next_run_at=NOW + timedelta(minutes=15), consecutive_failures=failures,
                         last_error=error, baseline_done=True)
            for name, health, minutes, failures, error in (
                ("yonhap", "ok", 5, 0, None),
                ("kyivindependent", "ok", 9, 0, None),
                ("moscowtimes", "failing", 12, 3, "HTTP 503 from https://www.themoscowtimes.com/rss/news"),
                ("hostile", "ok", 20, 0, None),
            )
        }
        session.add_all([watch, *sources.values()])
        session.flush()
        failed_run = CrawlRun(source_id=sources["moscowtimes"].id, status="failed", trigger="schedule",
                              started_at=NOW - timedelta(minutes=12), finished_at=NOW - timedelta(minutes=11),
                              errors=1, pages_fetched=1)
        failed_run.problems.append(CrawlProblem(
            url="https://www.themoscowtimes.com/rss/news", kind="error", reason="HTTP 503 Service Unavailable",
            created_at=NOW - timedelta(minutes=11)))
        session.add(failed_run)
        session.add(CrawlRun(source_id=sources["yonhap"].id, status="ok", new_articles=3, pages_fetched=4,
                             started_at=NOW - timedelta(minutes=5), finished_at=NOW - timedelta(minutes=4)))

        articles: dict[str, Article] = {}

        def article(key: str, source: str, days_ago: float, title: str, text: str, url: str | None = None,
                    cluster: str | None = None) -> Article:
            row = Article(
                url=url or f"https://{source}.example/news/{key}", source=sources[source], title=title,
                text=text, published_at=NOW - timedelta(days=days_ago),
                fetched_at=NOW - timedelta(days=days_ago) + timedelta(minutes=20),
                content_hash=f"{key:0<64}"[:64], language="en",
            )
            session.add(row)
            session.flush()
            row.cluster_id = articles[cluster].id if cluster else row.id
            articles[key] = row
            return row

        ledger: dict[tuple[str, float], Article] = {}

        def note_figures(row: Article, figures: list[dict[str, Any]]) -> None:
            for item in figures:
                session.add(_figure_row(row, item))
                if (item["measure"], item["value"]) not in ledger:
                    ledger[item["measure"], item["value"]] = row
                    session.add(LedgerEntry(watch_id=watch.id, measure=item["measure"], value_key=_key(item["value"]),
                                            value=item["value"], article_id=row.id,
                                            created_at=row.fetched_at))

        def flag(key: str, row: Article, figures: list[dict[str, Any]], status: str = "open",
                 decided_by: str | None = None, note: str | None = None) -> Flag:
            item = Flag(article=row, watch=watch, status=status, created_at=row.fetched_at,
                        decided_by=decided_by, note=note,
                        decided_at=row.fetched_at + timedelta(hours=1) if decided_by else None)
            for fig in figures:
                previous = [
                    {"value": value, "url": earlier.url, "published": earlier.published_at.isoformat() + "Z"}
                    for (measure, value), earlier in sorted(ledger.items(), key=lambda pair: pair[1].id)
                    if measure == fig["measure"] and earlier.id != row.id
                ]
                item.new_figures.append(FlagFigure(figure=fig, measure=fig["measure"], value=fig["value"],
                                                   previous=previous))
            session.add(item)
            session.flush()
            data.flags[key] = item.id
            return item

        text1 = ("North Korea has sent around 3,000 troops to Russia, South Korea's spy agency said on "
                 "Wednesday. The deployment began in October.")
        a1 = article("a1", "yonhap", 12, "North Korea sends troops to Russia, Seoul says", text1)
        note_figures(a1, [figure(text1, "around 3,000 troops", 3000, "deployed", hedge="around",
                                 subject="troops", source="South Korea's spy agency")])

        text2 = ("About 10,000 North Korean soldiers have been deployed to Russia's Kursk region, "
                 "Ukraine's intelligence said. Around 300 North Korean soldiers have been killed and "
                 "2,700 wounded in the fighting, according to the report.\nThe figures could not be "
                 "independently verified.")
        a2 = article("a2", "kyivindependent", 8, "Ukraine: 300 North Korean soldiers killed in Kursk", text2)
        f2 = [figure(text2, "About 10,000 North Korean soldiers", 10000, "deployed", hedge="about",
                     subject="North Korean soldiers", source="Ukraine's intelligence"),
              figure(text2, "Around 300 North Korean soldiers", 300, "killed", hedge="around",
                     subject="North Korean soldiers")]
        flag("confirmed", a2, f2, status="confirmed", decided_by="alice", note="Matches the GUR briefing.")
        note_figures(a2, [*f2, figure(text2, "2,700 wounded", 2700, "wounded", subject="soldiers")])

        text3 = ("South Korea's spy agency now estimates that 600 North Korean soldiers have been killed "
                 "in Kursk. Lawmakers were briefed on Thursday.")
        a3 = article("a3", "yonhap", 4, "Seoul: 600 North Korean soldiers killed fighting for Russia", text3)
        f3 = [figure(text3, "600 North Korean soldiers", 600, "killed", subject="North Korean soldiers",
                     source="South Korea's spy agency")]
        flag("open_600", a3, f3)
        note_figures(a3, f3)
        copy_text = text3 + " (Reuters)"
        article("a3copy", "kyivindependent", 3.9, "600 North Korean troops killed, Seoul says", copy_text,
                cluster="a3")
        session.add(Url(url="https://yonhap.example/amp/a3", source_id=sources["yonhap"].id,
                        article_id=a3.id, status="duplicate"))

        text5 = ("More than 1,000 North Korean soldiers have been killed or wounded, a senior official "
                 "said, as 12,000 troops remain deployed in the region.")
        a5 = article("a5", "moscowtimes", 1, "More than 1,000 North Korean casualties reported", text5)
        f5 = [figure(text5, "More than 1,000 North Korean soldiers", 1000, "killed", hedge="more than",
                     subject="North Korean soldiers"),
              figure(text5, "12,000 troops", 12000, "deployed", subject="troops")]
        flag("open_1000", a5, f5)
        note_figures(a5, f5)

        text6 = "Five North Korean soldiers were killed, 5 killed in a drone strike, a blogger claimed."
        a6 = article("a6", "kyivindependent", 6, "Blogger: 5 North Koreans killed by drone", text6)
        f6 = [figure(text6, "5 killed", 5, "killed")]
        flag("dismissed", a6, f6, status="dismissed", decided_by="bob", note="Unsourced blog post.")
        note_figures(a6, f6)

        hostile = article("hostile", "hostile", 2, HOSTILE_TITLE, HOSTILE_TEXT, url=HOSTILE_URL)
        fh = figure(HOSTILE_TEXT, "4,000 soldiers", 4000, "wounded", subject="soldiers <b>bold</b>",
                    sentence="Officials said 4,000 soldiers were wounded. <img src=x onerror=alert(3)>")
        fh_title = figure(HOSTILE_TITLE, "4,000 wounded", 4000, "wounded", in_title=True)
        item = flag("hostile", hostile, [fh])
        item.new_figures[0].previous = [{"value": 2700, "url": "javascript:alert('previous')",
                                         "published": "2025-11-12T12:00:00Z"}]
        note_figures(hostile, [fh, fh_title])
        data.articles.update({key: row.id for key, row in articles.items()})
        data.watch_id = watch.id
    return data


class ReviewClient:
    """The review app in-process over httpx's ASGI transport, with its lifespan run, used
    synchronously (one event loop per client); cookies persist like a browser's."""

    def __init__(self, app: Any, base_url: str = "http://127.0.0.1") -> None:
        import asyncio

        import httpx

        self.app = app
        self.loop = asyncio.new_event_loop()
        self._lifespan = app.router.lifespan_context(app)
        self.loop.run_until_complete(self._lifespan.__aenter__())
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url)

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.loop.run_until_complete(self.http.get(url, **kwargs))

    def post(self, url: str, **kwargs: Any) -> Any:
        return self.loop.run_until_complete(self.http.post(url, **kwargs))

    def csrf(self, url: str = "/flags") -> str:
        """The CSRF token of a page's forms (this client's session)."""
        from bs4 import BeautifulSoup

        page = self.get(url)
        field = BeautifulSoup(page.text, "html.parser").select_one("input[name=csrf_token]")
        assert field is not None, f"no CSRF field on {url}"
        return str(field["value"])

    def close(self) -> None:
        self.loop.run_until_complete(self.http.aclose())
        self.loop.run_until_complete(self._lifespan.__aexit__(None, None, None))
        self.loop.close()
