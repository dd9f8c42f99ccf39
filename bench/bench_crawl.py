"""End-to-end crawl throughput, incremental re-crawl and peak memory, on a loopback outlet.

    .venv/bin/python bench/bench_crawl.py [--pages 2000] [--repeat 1]

Generates N article pages (newsroom-style HTML with chrome, each text different) into a fixture
outlet (tests/outlet.py) on 127.0.0.1, then:

1. `newsmon crawl` as a subprocess (feed -> requests -> extraction -> store_article -> counts),
   articles/s end to end, and the peak RSS of the crawl process;
2. trafilatura alone over the same pages in one process (bare_extraction with metadata and the
   same options newsmon uses), articles/s — the ratio of 1 to 2 is the target (>= 0.75);
3. a re-crawl of the unchanged outlet: article requests (target 0) and its wall time as a share of
   the first crawl's (target <= 5%).

To tell where the time goes it also prints the crawl's rate between its first and last stored
article (process start-up left out), the CPU seconds the crawl's processes spent per article,
and newsmon's whole per-page work (crawler.prepare.extract_page: extraction, hashes, figures,
watches) alone in one process, and the Scrapy floor: the same crawl process downloading the
same pages with no item pipeline at all (no extraction, no storage), the most any Scrapy-based
crawl could do on this machine.

Everything is loopback; nothing outside this machine is contacted.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.helpers import newsmon_env, start_outlet, write_config  # noqa: E402

VOCABULARY = (
    "officials said the ministry reported troops region border forces talks government parliament "
    "agency statement residents city villages port shipments exports prices election coalition "
    "minister spokesman attack drones missiles defense analysts report estimate week Monday Tuesday "
    "Wednesday Thursday Friday capital province authorities emergency services aid funding budget"
)
WORDS = tuple(VOCABULARY.split(" "))
UNITS = ("soldiers", "people", "homes", "tons", "ships", "drones", "votes", "acres", "workers", "families")


def story(rng: random.Random, index: int) -> tuple[str, list[str]]:
    title = f"{rng.randint(2, 9000):,} {rng.choice(UNITS)} {rng.choice(WORDS)} in {rng.choice(WORDS)} story {index}"
    paragraphs = []
    for _ in range(rng.randint(7, 11)):
        words = [rng.choice(WORDS) for _ in range(rng.randint(28, 48))]
        words.insert(rng.randint(0, len(words)), f"{rng.randint(2, 50000):,} {rng.choice(UNITS)}")
        paragraphs.append(" ".join(words).capitalize() + ".")
    return title, paragraphs


def page(title: str, paragraphs: list[str], index: int) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs[:3])
    body += '\n<p><strong>Related article: <a href="/articles/x.html">Another story with 87 drones</a></strong></p>\n'
    body += "\n".join(f"<p>{p}</p>" for p in paragraphs[3:])
    published = f"2025-01-{1 + index % 28:02d}T{index % 24:02d}:{index % 60:02d}:00Z"
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:title" content="{title}"><meta property="og:type" content="article">
<meta property="article:published_time" content="{published}"><meta name="author" content="Desk Writer {index % 40}">
</head><body><header><a href="/">The Bench Times</a><nav><a href="/section/">News</a> <a href="/section/">World</a>
<a href="/about">About</a></nav></header><main><article><h1>{title}</h1><div class="byline">By Desk Writer {index % 40}</div>
<div class="article-body">
{body}
</div><div class="newsletter-box"><p>Our daily briefing. Sign up now!</p></div>
<div class="author-bio"><p>Desk Writer {index % 40} is a reporter at The Bench Times.</p></div></article>
<section class="related-articles"><ul><li><a href="/articles/a.html">12,000 evacuated</a></li>
<li><a href="/articles/b.html">300 killed</a></li></ul></section></main><footer>&copy; The Bench Times</footer></body></html>
"""


def generate(root: Path, count: int) -> list[Path]:
    rng = random.Random(20250113)
    articles = root / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        title, paragraphs = story(rng, index)
        path = articles / f"story-{index:05d}.html"
        path.write_text(page(title, paragraphs, index), encoding="utf-8")
        paths.append(path)
    return paths


def trafilatura_alone(paths: list[Path]) -> float:
    """Seconds for trafilatura's extraction (newsmon's options, with metadata) over the pages."""
    import trafilatura

    from crawler.extraction import TRAFILATURA_OPTIONS

    pages = [path.read_bytes() for path in paths]
    trafilatura.bare_extraction(pages[0], with_metadata=True, **TRAFILATURA_OPTIONS)  # warm-up
    start = time.perf_counter()
    for html in pages:
        trafilatura.bare_extraction(html, with_metadata=True, **TRAFILATURA_OPTIONS)
    return time.perf_counter() - start


def extract_page_alone(paths: list[Path]) -> float:
    """Seconds for newsmon's per-page work in the extraction workers, in one process."""
    from crawler.prepare import extract_page
    from newsmon.config import load_settings

    watches = load_settings(None).watches
    pages = [path.read_bytes() for path in paths]
    extract_page(pages[0], "http://127.0.0.1/a.html", "utf-8", "text/html", None, watches)
    start = time.perf_counter()
    for html in pages:
        extract_page(html, "http://127.0.0.1/a.html", "utf-8", "text/html", None, watches)
    return time.perf_counter() - start


def storing_span(config: Path) -> float:
    """Seconds between the first and the last article the crawl stored."""
    from sqlalchemy import func, select

    from newsmon.config import load_settings
    from storage.db import connect
    from storage.models import Article

    engine = connect(load_settings(config).database_url)
    with engine.connect() as connection:
        first, last = connection.execute(
            select(func.min(Article.fetched_at), func.max(Article.fetched_at))
        ).one()
    engine.dispose()
    return (last - first).total_seconds()


def scrapy_floor(directory: Path, outlet_url: str, pages: int) -> float:
    """Seconds for the crawl process to download every page with no item pipeline."""
    from crawler.process import crawl_command, crawl_env
    from newsmon.config import load_settings
    from storage.db import upgrade

    directory.mkdir()
    config = write_config(
        directory, [{"name": "bench", "feeds": [f"{outlet_url}/feed.xml"]}],
        crawl={"max_articles_per_run": pages + 10, "concurrency_per_domain": 16, "time_limit": "1h"},
    )
    settings = load_settings(config)
    upgrade(settings.database_url)
    command = crawl_command(settings, "bench") + ["-s", "ITEM_PIPELINES={}"]
    start = time.perf_counter()
    subprocess.run(command, env=crawl_env(), cwd=REPO, check=True, capture_output=True, timeout=3600)
    return time.perf_counter() - start


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def crawl(config: Path) -> tuple[float, dict[str, object]]:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "newsmon", "--config", str(config), "crawl", "--json"],
        capture_output=True, text=True, cwd=REPO, env=newsmon_env(), timeout=3600,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"newsmon crawl failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return elapsed, json.loads(result.stdout)[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=1, help="fresh crawls to take the median of")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newsmon-bench-crawl-"))
    try:
        paths = generate(work / "outlet", args.pages)
        outlet = start_outlet(work / "outlet")
        try:
            firsts, recrawls, requests_again, rates, steady, cpus = [], [], [], [], [], []
            for attempt in range(args.repeat):
                directory = work / f"run{attempt}"
                directory.mkdir()
                config = write_config(
                    directory, [{"name": "bench", "feeds": [f"{outlet.url}/feed.xml"]}],
                    crawl={"max_articles_per_run": args.pages + 10, "concurrency_per_domain": 16,
                           "time_limit": "1h"},
                )
                outlet.reset()
                cpu_before = children_cpu()
                first, summary = crawl(config)
                cpus.append(children_cpu() - cpu_before)
                stored = int(summary["new_articles"]) + int(summary["duplicates"])  # type: ignore[call-overload]
                if stored != args.pages:
                    print(f"warning: {stored} of {args.pages} pages stored: {summary}", file=sys.stderr)
                outlet.reset()
                again, _ = crawl(config)
                firsts.append(first)
                recrawls.append(again)
                requests_again.append(outlet.article_requests())
                rates.append(stored / first)
                steady.append((stored - 1) / max(storing_span(config), 1e-9))
            floor = scrapy_floor(work / "floor", outlet.url, args.pages)
        finally:
            outlet.stop()
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        alone = trafilatura_alone(paths)
        alone_rate = len(paths) / alone
        page_work = extract_page_alone(paths)
        rate = statistics.median(rates)
        steady_rate = statistics.median(steady)
        cpu_ms = 1000 * statistics.median(cpus) / args.pages
        first, again = statistics.median(firsts), statistics.median(recrawls)
        print(f"pages                          {args.pages}")
        print(f"first crawl (newsmon crawl)    {first:8.1f} s   {rate:7.1f} articles/s (end to end, process start included)")
        print(f"trafilatura alone, 1 process   {alone:8.1f} s   {alone_rate:7.1f} articles/s")
        print(f"ratio end-to-end / alone       {rate / alone_rate:8.2f}     (target >= 0.75)")
        print(f"crawl rate, first to last store {'':7} {steady_rate:7.1f} articles/s "
              f"(ratio {steady_rate / alone_rate:.2f}; start-up left out)")
        print(f"CPU of the crawl's processes   {cpu_ms:8.1f} ms per article (all processes)")
        print(f"newsmon's page work, 1 process {page_work:8.1f} s   {len(paths) / page_work:7.1f} articles/s "
              f"(extraction, hashes, figures, watches: {1000 * page_work / len(paths):.1f} ms each)")
        print(f"Scrapy floor (no pipelines)    {floor:8.1f} s   {args.pages / floor:7.1f} pages/s "
              f"(ratio {args.pages / floor / alone_rate:.2f}: the most a Scrapy crawl can reach here)")
        print(f"re-crawl of unchanged outlet   {again:8.2f} s   {100 * again / first:6.1f}% of the first (target <= 5%)")
        print(f"article requests on re-crawl   {max(requests_again):8d}       (target 0)")
        print(f"peak RSS of a crawl process    {peak_mb:8.0f} MB")
        ok = rate / alone_rate >= 0.75 and max(requests_again) == 0 and again <= 0.05 * first
        return 0 if ok else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
