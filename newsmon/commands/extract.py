"""`newsmon extract FILE|URL|-`: one page through extraction, dedupe key and figures; nothing stored.

A URL is fetched once with a plain HTTP client, the configured User-Agent and timeout (no robots.txt
check: this is one page a person asked for, like a browser would fetch it).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path
from typing import Any

from newsmon.config import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "extract", help="extract one page (file, URL or stdin): text, metadata, content hash, figures",
        description="Run one page through newsmon's extraction: clean text, title, author, published "
                    "date, language, the content hash used for dedupe, and the figures found. "
                    "Nothing is stored.",
    )
    parser.add_argument("page", metavar="FILE|URL|-", help="an HTML file, an http(s) URL, or - for stdin")
    parser.add_argument("--url", help="the page's address, when reading a file or stdin")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, settings: Settings) -> int:
    from newsmon.cli import fail

    try:
        body, url, charset = _read(args.page, settings)
    except (OSError, urllib.error.URLError, ValueError) as exc:
        return fail(f"cannot read {args.page}: {getattr(exc, 'reason', None) or exc}")
    result = page_json(body, args.url or url, charset)
    if "skipped" in result:
        if args.json:
            print(json.dumps(result, ensure_ascii=False, indent=2))
        return fail(f"{args.page}: not stored as an article: {result['skipped']}")
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    for key in ("url", "title", "author", "published", "language", "content_hash"):
        print(f"{key}: {result[key] if result[key] is not None else '-'}")
    print(f"figures: {len(result['figures'])}")
    for figure in result["figures"]:
        print(f"  {figure.get('text') or figure.get('value')}  [{figure.get('measure')}]")
    print()
    print(result["text"])
    return 0


def page_json(body: bytes, url: str | None, charset: str | None = None) -> dict[str, Any]:
    """The `extract` JSON shape for one page: url, title, author, published, language, text,
    content_hash, figures — or, for a page that is not an article, `skipped` with the reason."""
    from crawler.extraction import Skipped, extract_article
    from crawler.hashing import content_hash
    from crawler.urls import resolve_canonical

    result = extract_article(body, url, charset)
    if isinstance(result, Skipped):
        return {"url": url, "skipped": result.reason, "kind": result.kind, "text": result.text}
    canonical = resolve_canonical(url, result.canonical_url) if url else result.canonical_url
    return {
        "url": canonical,
        "title": result.title,
        "author": result.author,
        "published": result.published.isoformat(timespec="seconds") + "Z" if result.published else None,
        "language": result.language,
        "text": result.text,
        "content_hash": content_hash(result.text),
        "figures": _figures(result.text, result.title, result.published),
    }


def _figures(text: str, title: str | None, published: datetime | None) -> list[dict[str, Any]]:
    try:
        from figures.articles import figures_of
    except ImportError:  # the figures package is optional for extraction
        return []
    return [figure.to_json() for figure in figures_of(title, text, published)]


def _read(page: str, settings: Settings) -> tuple[bytes, str | None, str | None]:
    if page == "-":
        return sys.stdin.buffer.read(), None, None
    if re.match(r"^https?://", page, re.I):
        request = urllib.request.Request(page, headers={"User-Agent": settings.crawl.user_agent,
                                                        "Accept": "text/html,application/xhtml+xml"})
        with urllib.request.urlopen(request, timeout=settings.crawl.download_timeout) as response:
            limit = settings.crawl.max_page_size
            body = response.read(limit + 1)
            if len(body) > limit:
                raise ValueError(f"page larger than {limit} bytes")
            return body, response.geturl(), response.headers.get_content_charset()
    path = Path(page)
    return path.read_bytes(), None, None
