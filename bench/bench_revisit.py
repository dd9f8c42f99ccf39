"""What [crawl] revisit adds to reading a listing: the stored-pages query beside the known-URL one.

    .venv/bin/python bench/bench_revisit.py [--stored 20000] [--listing 500] [--repeat 30]

Fills a SQLite file with N stored articles (one URL each, half of them first stored inside the
48 h window) and times, for a listing of L links that are all stored (the usual case: a feed whose
entries we already have), RunBook.known() alone and RunBook.due_for_revisit() for the same links,
each dated after our fetch. Prints medians and the ratio; the target is a revisit check costing no
more than the known-URL check it follows (ratio <= 1.5), i.e. a few milliseconds per listing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sqlalchemy import insert  # noqa: E402

from crawler.runbook import RunBook  # noqa: E402
from storage.db import connect, session_scope, upgrade  # noqa: E402
from storage.models import Article, Source, Url, utcnow  # noqa: E402


def fill(database_url: str, stored: int) -> list[str]:
    upgrade(database_url)
    engine = connect(database_url)
    now = utcnow()
    urls = [f"https://outlet.example/news/{n:06d}-story" for n in range(stored)]
    with session_scope(engine) as session:
        source = Source(name="bench")
        session.add(source)
        session.flush()
        session.execute(insert(Article), [
            {"id": n + 1, "url": url, "source_id": source.id, "text": f"text {n}", "content_hash": f"{n:064x}",
             "fetched_at": now - timedelta(hours=96 if n % 2 else 1)}
            for n, url in enumerate(urls)
        ])
        session.execute(insert(Url), [
            {"url": url, "source_id": source.id, "kind": "article", "article_id": n + 1, "status": "stored",
             "fetched_at": now - timedelta(hours=2), "first_seen_at": now - timedelta(hours=2)}
            for n, url in enumerate(urls)
        ])
    engine.dispose()
    return urls


def timed(action, repeat: int) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stored", type=int, default=20000)
    parser.add_argument("--listing", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        database_url = f"sqlite:///{Path(directory) / 'bench.db'}"
        urls = fill(database_url, args.stored)
        listing = urls[-args.listing:]
        changed = dict.fromkeys(listing, utcnow() - timedelta(minutes=30))
        book = RunBook.open(database_url, "bench")
        try:
            due = book.due_for_revisit(changed, timedelta(hours=48))
            known = timed(lambda: book.known(listing), args.repeat)
            revisit = timed(lambda: book.due_for_revisit(changed, timedelta(hours=48)), args.repeat)
        finally:
            book.finish("ok")
    print(f"stored articles {args.stored}, listing of {args.listing} stored links, {len(due)} due for a revisit")
    print(f"known-URL check      median {known * 1000:8.2f} ms")
    print(f"revisit check        median {revisit * 1000:8.2f} ms")
    print(f"ratio revisit/known  {revisit / known:8.2f}   (target <= 1.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
