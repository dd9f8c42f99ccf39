"""The novelty check's cost per article with a million ledger rows, against an empty ledger.

    .venv/bin/python bench/bench_novelty.py [--rows 1000000] [--articles 300] [--url DATABASE_URL]

The ledger holds one row per (watch, measure, value) a watch has seen; an article's figures are
judged by one INSERT ... ON CONFLICT DO NOTHING RETURNING per watch (storage/ingest.py), so the
database's unique index decides what is new. This fills the ledger with N rows over 10 watches
and 12 measures (bulk inserts; about half a minute for a million on SQLite), then times the check
for articles of 20 keyed figures each (half of them already in the ledger), one transaction per
article as the crawl stores them, and prints the median and p95 per article beside the same
check on an empty ledger. Default: a SQLite file in a temporary folder; `--url` runs it on
another database (e.g. a PostgreSQL one you can drop: its ledger is emptied first).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sqlalchemy import Engine, delete, insert  # noqa: E402

from figures import Figure, novelty_key  # noqa: E402
from storage.db import connect, session_scope, upgrade  # noqa: E402
from storage.ingest import _new_ledger_keys  # noqa: E402
from storage.models import Article, LedgerEntry, Source, Watch, utcnow  # noqa: E402

MEASURES = (
    "killed", "wounded", "casualties", "deployed", "captured", "missing", "evacuated", "displaced",
    "arrested", "affected", "acres burned", "money:usd",
)  # fmt: skip
WATCHES = 10
FIGURES_PER_ARTICLE = 20


def figure(measure: str, value: int) -> Figure:
    text = f"{value:,}"
    return Figure(
        value=float(value), low=float(value), high=float(value), hedge=None, vague=False,
        measure=measure, subject=None, noun=None, source=None, text=text,
        sentence=f"{text} {measure}.", start=0, end=len(text),
    )  # fmt: skip


def fill(
    engine: Engine, rows: int, rng: random.Random
) -> tuple[set[tuple[int, str, int]], list[int], int]:
    """The watches, an article and `rows` ledger rows: (the (watch, measure, value) keys, the
    watch ids, the article id). Whatever an earlier run left is removed first."""
    with session_scope(engine) as session:
        session.execute(delete(LedgerEntry))
        session.execute(delete(Article).where(Article.url == "http://127.0.0.1/bench"))
        session.execute(delete(Source).where(Source.name == "bench-novelty"))
        session.execute(delete(Watch).where(Watch.name.like("bench-watch-%")))
        source = Source(name="bench-novelty")
        watches = [Watch(name=f"bench-watch-{index}") for index in range(WATCHES)]
        session.add(source)
        session.add_all(watches)
        session.flush()
        article = Article(url="http://127.0.0.1/bench", source_id=source.id, text="", content_hash="0" * 64)
        session.add(article)
        session.flush()
        watch_ids, article_id = [watch.id for watch in watches], article.id
    seen: set[tuple[int, str, int]] = set()
    now = utcnow()
    batch: list[dict[str, object]] = []
    with engine.begin() as connection:
        while len(seen) < rows:
            key = (rng.choice(watch_ids), rng.choice(MEASURES), rng.randint(1, 5_000_000))
            if key in seen:
                continue
            seen.add(key)
            watch_id, measure, value = key
            batch.append({"watch_id": watch_id, "measure": measure, "value_key": str(value),
                          "value": float(value), "article_id": article_id, "created_at": now})
            if len(batch) == 20_000:
                connection.execute(insert(LedgerEntry), batch)
                batch.clear()
        if batch:
            connection.execute(insert(LedgerEntry), batch)
    return seen, watch_ids, article_id


def time_checks(
    engine: Engine,
    ledger: tuple[set[tuple[int, str, int]], list[int], int],
    articles: int,
    rng: random.Random,
) -> tuple[list[float], list[float]]:
    """Seconds per article for the novelty check alone (the INSERT ... RETURNING) and for its
    transaction (BEGIN IMMEDIATE and the commit included; a crawl shares those with the rest
    of the article's writes)."""
    seen, watch_ids, article_id = ledger
    known = sorted(seen)
    checks, transactions = [], []
    for _ in range(articles):
        watch_id = rng.choice(watch_ids)
        figures = [figure(measure, value) for w, measure, value in rng.sample(known, k=min(len(known), 50))
                   if w == watch_id][: FIGURES_PER_ARTICLE // 2]
        while len(figures) < FIGURES_PER_ARTICLE:
            figures.append(figure(rng.choice(MEASURES), rng.randint(5_000_001, 9_000_000)))
        keyed = [(f, key) for f in figures if (key := novelty_key(f)) is not None]
        start = time.perf_counter()
        with session_scope(engine) as session:
            session.connection()  # BEGIN
            check_start = time.perf_counter()
            _new_ledger_keys(session, watch_id, article_id, keyed)
            checks.append(time.perf_counter() - check_start)
        transactions.append(time.perf_counter() - start)
        for _, (measure, value_key) in keyed:
            seen.add((watch_id, measure, int(float(value_key))))
    return checks, transactions


def report(label: str, seconds: list[float]) -> float:
    median = statistics.median(seconds) * 1000
    p95 = sorted(seconds)[int(0.95 * (len(seconds) - 1))] * 1000
    print(f"{label:<46} median {median:7.3f} ms   p95 {p95:7.3f} ms per article")
    return median


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--url", help="database URL (default: a SQLite file in a temporary folder)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newsmon-bench-novelty-"))
    try:
        results = {}
        for rows in (0, args.rows):
            url = args.url or f"sqlite:///{work}/ledger-{rows}.db"
            upgrade(url)
            engine = connect(url)
            rng = random.Random(20250113)
            start = time.perf_counter()
            ledger = fill(engine, rows, rng)
            if rows:
                print(f"filled {rows:,} ledger rows in {time.perf_counter() - start:.1f} s ({engine.dialect.name})")
            time_checks(engine, ledger, 20, rng)  # warm-up: caches, compiled statements
            checks, transactions = time_checks(engine, ledger, args.articles, rng)
            results[rows] = report(f"novelty check, {rows:,} ledger rows", checks)
            report(f"  its own transaction, {rows:,} rows", transactions)
            engine.dispose()
        print(f"ratio of the checks, full / empty ledger      {results[args.rows] / results[0]:7.2f}")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
