"""storage.ingest: one article stored once, its figures judged against each watch's ledger.

These run on a real SQLite file and a real PostgreSQL database (the `database_url` fixture), and
the race test runs real processes against the same database.
"""

from __future__ import annotations

import multiprocessing
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from crawler.hashing import content_hash, simhash
from newsmon.config import Settings, load_settings
from storage.db import connect, session_scope, upgrade
from storage.ingest import NewArticle, StoryIndex, refigure, store_article
from storage.models import Article, Flag, LedgerEntry, Source, Url
from storage.queries import flag_json, flags_query
from tests.helpers import write_config

QUAKE = [["earthquake", "quake"]]


def settings_for(tmp_path: Path, database_url: str, baseline: bool = False) -> Settings:
    path = write_config(
        tmp_path,
        sources=[{"name": "wire", "feeds": ["http://127.0.0.1:9/feed.xml"]}],
        watches=[{"name": "quake", "all": QUAKE}],
        database_url=database_url,
        alerts={"baseline": baseline},
    )
    return load_settings(path)


def article(
    url: str, text: str, title: str = "Earthquake update", published: str = "2025-03-01"
) -> NewArticle:
    return NewArticle(
        url=url,
        fetched_url=url,
        source="wire",
        title=title,
        author=None,
        published=datetime.fromisoformat(published),
        language="en",
        text=text,
        content_hash=content_hash(text),
        simhash=simhash(text),
    )


FIRST = (
    "A strong earthquake struck the coastal province before dawn on Saturday. "
    "At least 120 people were killed and more than 800 were injured, the civil defence agency said. "
    "Rescue teams were still searching collapsed buildings in the old town late into the night, "
    "and the regional governor asked residents to stay away from damaged houses."
)
SECOND = (
    "Rescuers pulled more survivors from the rubble on Sunday as the death toll from the earthquake "
    "rose to 250, the civil defence agency said. More than 800 people were injured, officials said, "
    "and 4,000 residents have been evacuated from the worst-hit districts."
)


def store(settings: Settings, new: NewArticle) -> tuple[str, int]:
    engine = connect(settings.database_url)
    with session_scope(engine) as session:
        result = store_article(session, settings, new)
    engine.dispose()
    return result.status, result.flags


def test_new_figures_flag_and_repeats_stay_quiet(tmp_path: Path, database_url: str) -> None:
    settings = settings_for(tmp_path, database_url)
    upgrade(database_url)
    assert store(settings, article("http://127.0.0.1/a", FIRST, published="2025-03-01")) == (
        "stored",
        1,
    )
    assert store(settings, article("http://127.0.0.1/b", SECOND, published="2025-03-02")) == (
        "stored",
        1,
    )
    engine = connect(database_url)
    with session_scope(engine) as session:
        flags = [flag_json(flag) for flag in session.scalars(flags_query())]
    engine.dispose()
    by_url = {flag["article"]["url"]: flag for flag in flags}
    first = {(f["measure"], f["value"]) for f in by_url["http://127.0.0.1/a"]["new_figures"]}
    assert first == {("killed", 120), ("wounded", 800)}
    second = by_url["http://127.0.0.1/b"]["new_figures"]
    assert {(f["measure"], f["value"]) for f in second} == {("killed", 250), ("evacuated", 4000)}
    killed = next(f for f in second if f["measure"] == "killed")
    assert killed["previous"] == [
        {"value": 120, "url": "http://127.0.0.1/a", "published": "2025-03-01T00:00:00Z"}
    ]
    assert "250" in killed["sentence"]


def test_same_text_under_another_url_is_an_alias(tmp_path: Path, database_url: str) -> None:
    settings = settings_for(tmp_path, database_url)
    upgrade(database_url)
    assert store(settings, article("http://127.0.0.1/a", FIRST))[0] == "stored"
    copy = article("http://127.0.0.1/copy", FIRST.replace("  ", " ") + " ")
    assert store(settings, copy) == ("duplicate", 0)
    engine = connect(database_url)
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 1
        alias = session.scalar(select(Url).where(Url.url == "http://127.0.0.1/copy"))
        assert alias is not None and alias.status == "duplicate"
        assert alias.article_id == session.scalar(select(Article.id))
    engine.dispose()


def test_near_duplicate_joins_the_story_cluster(tmp_path: Path, database_url: str) -> None:
    settings = settings_for(tmp_path, database_url)
    upgrade(database_url)
    store(settings, article("http://127.0.0.1/a", FIRST))
    edited = FIRST.replace("before dawn on Saturday", "early on Saturday")
    store(settings, article("http://127.0.0.1/edited", edited))
    store(settings, article("http://127.0.0.1/other", SECOND))
    engine = connect(database_url)
    with session_scope(engine) as session:
        clusters = dict(session.execute(select(Article.url, Article.cluster_id)).all())
        ids = dict(session.execute(select(Article.url, Article.id)).all())
    engine.dispose()
    assert clusters["http://127.0.0.1/edited"] == ids["http://127.0.0.1/a"]
    assert clusters["http://127.0.0.1/other"] == ids["http://127.0.0.1/other"]


def test_baseline_fills_the_ledger_without_flags(tmp_path: Path, sqlite_url: str) -> None:
    settings = settings_for(tmp_path, sqlite_url, baseline=True)
    upgrade(sqlite_url)
    assert store(settings, article("http://127.0.0.1/a", FIRST)) == ("stored", 0)
    engine = connect(sqlite_url)
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(LedgerEntry)) == 2
        session.scalar(select(Source).where(Source.name == "wire")).baseline_done = True
    assert store(settings, article("http://127.0.0.1/b", SECOND)) == ("stored", 1)
    with session_scope(engine) as session:
        flags = [flag_json(flag) for flag in session.scalars(flags_query())]
    engine.dispose()
    assert [flag["article"]["url"] for flag in flags] == ["http://127.0.0.1/b"]


def test_refigure_is_idempotent_and_keeps_decisions(tmp_path: Path, database_url: str) -> None:
    settings = settings_for(tmp_path, database_url)
    upgrade(database_url)
    store(settings, article("http://127.0.0.1/a", FIRST))
    store(settings, article("http://127.0.0.1/b", SECOND))
    engine = connect(database_url)
    with session_scope(engine) as session:
        flag = session.scalars(flags_query()).first()
        flag.status, flag.decided_by, flag.note = "confirmed", "analyst", "checked"
        decided_id = flag.id
        before = sorted(
            (f["article"]["url"], f["status"], str(f["new_figures"]))
            for f in map(flag_json, session.scalars(flags_query()))
        )
    for _ in range(2):
        with session_scope(engine) as session:
            refigure(session, settings)
        with session_scope(engine) as session:
            after = sorted(
                (f["article"]["url"], f["status"], str(f["new_figures"]))
                for f in map(flag_json, session.scalars(flags_query()))
            )
            decided = session.get(Flag, decided_id)
            assert (decided.status, decided.decided_by, decided.note) == (
                "confirmed",
                "analyst",
                "checked",
            )
        assert after == before
    engine.dispose()


def _store_in_process(
    config_path: str, url: str, text: str, barrier: multiprocessing.synchronize.Barrier
) -> None:
    settings = load_settings(config_path)
    barrier.wait()
    store(settings, article(url, text))


def test_parallel_writers_flag_one_figure_once(tmp_path: Path, database_url: str) -> None:
    """Four processes store four different reports of the same toll at the same moment."""
    settings = settings_for(tmp_path, database_url)
    upgrade(database_url)
    store(
        settings,
        article(
            "http://127.0.0.1/seed",
            "An earthquake hit the region overnight; no damage was reported.",
        ),
    )
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(4)
    texts = [
        f"Report {n}: the earthquake death toll rose to 250, the agency said in its {n} update of the day."
        for n in ("first", "second", "third", "fourth")
    ]
    workers = [
        context.Process(
            target=_store_in_process,
            args=(str(settings.path), f"http://127.0.0.1/r{n}", text, barrier),
        )
        for n, text in enumerate(texts)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    engine = connect(database_url)
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 5
        flags = [flag_json(flag) for flag in session.scalars(flags_query())]
        keys = [(f["measure"], f["value"]) for flag in flags for f in flag["new_figures"]]
    engine.dispose()
    assert keys == [("killed", 250)]


def test_a_crawl_long_story_index_keeps_copies_in_one_cluster(
    tmp_path: Path, sqlite_url: str
) -> None:
    """A crawl's StoryIndex must learn each stored article's cluster, not cache it as unknown."""
    settings = settings_for(tmp_path, sqlite_url)
    upgrade(sqlite_url)
    stories = StoryIndex()
    stories.REREAD = 0  # as if many articles had been stored since: nothing is read twice
    engine = connect(sqlite_url)
    copies = [FIRST, FIRST.replace("before dawn on Saturday", "early on Saturday")]
    copies.append(copies[1].replace("late into the night", "through the night"))
    for n, text in enumerate(copies):
        with session_scope(engine) as session:
            store_article(session, settings, article(f"http://127.0.0.1/copy{n}", text), stories)
    with session_scope(engine) as session:
        clusters = set(session.scalars(select(Article.cluster_id)))
        first_id = session.scalar(select(Article.id).where(Article.url == "http://127.0.0.1/copy0"))
    engine.dispose()
    assert clusters == {first_id}
