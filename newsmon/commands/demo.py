"""`newsmon demo`: the whole pipeline on a loopback outlet, no network needed.

A fixture outlet on 127.0.0.1 publishes the demo story's articles one at a time; after each, a real
crawl stores it and judges its figures, and the flags raised are printed. Then the review page is
served on the demo's database (unless --no-serve). Everything lives in <data_dir>/demo, anew each run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from newsmon.config import Settings, config_text


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="crawl a story from a loopback outlet article by article, then serve the review page",
    )
    parser.add_argument("--no-serve", action="store_true", help="stop after the crawls")
    parser.add_argument("--bind", metavar="HOST:PORT", help="where to serve the review page")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, settings: Settings) -> int:
    from newsmon.cli import fail
    from newsmon.demo import DEMO_WATCHES, timeline_articles
    from newsmon.demo.outlet import serve

    home = settings.storage.data_dir / "demo"
    shutil.rmtree(home, ignore_errors=True)
    (home / "outlet" / "articles").mkdir(parents=True)
    outlet = serve(home / "outlet")
    threading.Thread(target=outlet.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{outlet.server_address[1]}"
    config = _write_config(home, base, DEMO_WATCHES, args.bind or settings.review.bind)
    print(f"demo outlet at {base}/feed.xml; data in {home}")
    try:
        for page in timeline_articles():
            shutil.copy(page, home / "outlet" / "articles" / page.name)
            print(f"\npublished {page.name}")
            crawl = _newsmon(config, "crawl", "--json")
            if crawl.returncode != 0:
                return fail(f"the demo crawl failed:\n{crawl.stderr.strip()}")
            flags = json.loads(_newsmon(config, "flags", "--json").stdout)
            for flag in flags:
                if flag["article"]["url"].endswith(page.name):
                    for figure in flag["new_figures"]:
                        earlier = ", ".join(str(p["value"]) for p in figure["previous"]) or "none"
                        print(
                            f"  flag [{flag['watch']}] {figure['measure']}: {figure['value']} "
                            f"(earlier: {earlier})"
                        )
    finally:
        if args.no_serve:
            outlet.shutdown()
    if args.no_serve:
        return 0
    print("\nserving the review page; Ctrl-C to stop")
    return subprocess.call([sys.executable, "-m", "newsmon", "--config", str(config), "review"])


def _newsmon(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsmon", "--config", str(config), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def _write_config(home: Path, base: str, watches: list[dict[str, object]], bind: str) -> Path:
    text = config_text(
        {
            "storage": {"data_dir": str(home / "data")},
            "crawl": {"download_delay": "0s", "autothrottle": False},
            "alerts": {"baseline": False},
            "review": {"bind": bind},
        },
        sources=[{"name": "demo-outlet", "feeds": [f"{base}/feed.xml"]}],
        watches=[{"name": watch["name"], "all": watch["all"]} for watch in watches],
    )
    path = home / "newsmon.toml"
    path.write_text(text, encoding="utf-8")
    return path
