"""A fixture news outlet on 127.0.0.1, run by the tests as a subprocess and by `newsmon demo`.

It serves a directory: `articles/<slug>.html` are article pages; the RSS feed (`/feed.xml`), the Atom
feed (`/atom.xml`), the news sitemap (`/news-sitemap.xml`) and the section page (`/section/`) are built
from whatever articles are in the directory at request time, so a test publishes a story by writing a
file. Other files under the root are served as they are. Every response carries ETag and Last-Modified
and honours conditional requests. `/_/...` paths misbehave on purpose (see BAD_ROUTES), and
`/_/stats` reports how often each path was requested, so tests can assert what a crawl fetched.

    python -m newsmon.demo.outlet ROOT [--port 0]   # prints "PORT <n>" on stdout once listening
"""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import hashlib
import html
import json
import re
import sys
import threading
import time
from collections import Counter
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

META = re.compile(r'<meta\s+(?:name|property)="([^"]+)"\s+content="([^"]*)"', re.I)
TITLE = re.compile(r"<title>(.*?)</title>", re.I | re.S)

BAD_ROUTES = {
    "/_/hang": "never answers (until the client gives up)",
    "/_/slow": "answers after 3 seconds",
    "/_/redirect-loop": "redirects to itself",
    "/_/big": "a 20 MB page",
    "/_/binary": "binary content served as text/html",
    "/_/empty": "an empty 200 body",
    "/_/error500": "HTTP 500",
    "/_/gone": "HTTP 404",
    "/_/not-xml-feed": "an HTML page where a feed should be",
    "/_/cut-feed": "an RSS feed cut off mid-way",
}


class Outlet:
    """The state of the outlet: its directory and the request counts."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()

    def count(self, path: str) -> None:
        with self.lock:
            self.hits[path] += 1

    def articles(self) -> list[dict[str, str]]:
        """Metadata of every article page, newest first (by its published meta, then file time)."""
        entries = []
        for page in sorted((self.root / "articles").glob("*.html")):
            head = page.read_text(encoding="utf-8", errors="replace")[:8000]
            meta = {key.lower(): value for key, value in META.findall(head)}
            title_match = TITLE.search(head)
            title = meta.get("og:title") or (
                title_match.group(1).strip() if title_match else page.stem
            )
            published = meta.get("article:published_time") or time.strftime(
                "%Y-%m-%dT%H:%M:%SZ", time.gmtime(page.stat().st_mtime)
            )
            entries.append(
                {
                    "path": f"/articles/{page.name}",
                    "title": html.unescape(title),
                    "published": published,
                    # An edit in place: Atom's <updated> and the sitemap's <lastmod> say so.
                    "modified": meta.get("article:modified_time") or published,
                    "summary": html.unescape(meta.get("description", "")),
                    "feed": meta.get("newsmon:feed", "yes"),
                }
            )
        entries = [entry for entry in entries if entry["feed"] != "no"]
        return sorted(entries, key=lambda entry: entry["published"], reverse=True)


def _rfc822(iso: str) -> str:
    try:
        stamp = time.mktime(time.strptime(iso[:19], "%Y-%m-%dT%H:%M:%S")) - time.timezone
    except ValueError:
        stamp = time.time()
    return email.utils.formatdate(stamp, usegmt=True)


TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("newsmon.demo", "templates"),
    autoescape=True,  # titles and summaries are text: "&" and "<" must reach the XML escaped
    trim_blocks=True,
    lstrip_blocks=True,
)
TEMPLATES.filters["rfc822"] = _rfc822
# path -> (template, Content-Type): built from the articles present at request time
GENERATED = {
    "/feed.xml": ("feed.xml", "application/rss+xml; charset=utf-8"),
    "/atom.xml": ("atom.xml", "application/atom+xml; charset=utf-8"),
    "/news-sitemap.xml": ("news-sitemap.xml", "application/xml; charset=utf-8"),
    "/section/": ("section.html", "text/html; charset=utf-8"),
}


def render(template: str, outlet: Outlet, base: str) -> str:
    return TEMPLATES.get_template(template).render(articles=outlet.articles(), base=base)


class Handler(BaseHTTPRequestHandler):
    server_version = "FixtureOutlet/1.0"
    # Keep-alive, as news sites serve: every response below states its length.
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes; with Nagle's algorithm the second waits for the
    # client's delayed ACK (~40 ms) on a kept-alive connection.
    disable_nagle_algorithm = True
    outlet: Outlet

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        self.outlet.count(path)
        base = f"http://{self.headers.get('Host', '127.0.0.1')}"
        if path == "/_/stats":
            return self._send(
                200, json.dumps(dict(self.outlet.hits)).encode(), "application/json", cache=False
            )
        if path == "/_/reset":
            with self.outlet.lock:
                self.outlet.hits.clear()
            return self._send(200, b"{}", "application/json", cache=False)
        if path.startswith("/_/"):
            return self._bad(path, base)
        if path in GENERATED:
            template, kind = GENERATED[path]
            return self._send(200, render(template, self.outlet, base).encode("utf-8"), kind)
        if path == "/robots.txt" and not (self.outlet.root / "robots.txt").exists():
            return self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        target = (self.outlet.root / path.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file() or self.outlet.root.resolve() not in target.parents:
            return self._send(404, b"<html><body><h1>Not found</h1></body></html>", "text/html")
        kind = _content_type(target)
        charset_override = self._charset_override(target)
        if charset_override:
            kind = f"text/html; charset={charset_override}"
        return self._send(200, target.read_bytes(), kind)

    def _charset_override(self, target: Path) -> str | None:
        """A page may claim a wrong charset in its header, as some servers do: `<name>.charset`."""
        override = target.with_suffix(target.suffix + ".charset")
        return override.read_text().strip() if override.exists() else None

    def _bad(self, path: str, base: str) -> None:
        if path == "/_/hang":
            time.sleep(3600)
        elif path == "/_/slow":
            time.sleep(3)
            self._send(200, b"<html><body><p>Slow page.</p></body></html>", "text/html")
        elif path == "/_/redirect-loop":
            self.send_response(302)
            self.send_header("Location", f"{base}/_/redirect-loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/_/big":
            chunk = b"<p>" + b"filler text " * 800 + b"</p>\n"
            body = b"<html><body>" + chunk * (20 * 1024 * 1024 // len(chunk)) + b"</body></html>"
            self._send(200, body, "text/html")
        elif path == "/_/binary":
            self._send(200, bytes(range(256)) * 64, "text/html")
        elif path == "/_/empty":
            self._send(200, b"", "text/html")
        elif path == "/_/error500":
            self._send(500, b"<html><body>Internal error</body></html>", "text/html")
        elif path == "/_/not-xml-feed":
            self._send(
                200, b"<!doctype html><html><body><p>We moved!</p></body></html>", "text/html"
            )
        elif path == "/_/cut-feed":
            self._send(200, render("feed.xml", self.outlet, base).encode()[:300], "application/rss+xml")
        else:
            self._send(404, b"not found", "text/plain")

    def _send(self, status: int, body: bytes, kind: str, cache: bool = True) -> None:
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        if cache and status == 200 and self.headers.get("If-None-Match") == etag:
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if cache:
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", email.utils.formatdate(usegmt=True))
        self.end_headers()
        if self.command != "HEAD":
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)


def _content_type(target: Path) -> str:
    return {
        ".html": "text/html; charset=utf-8",
        ".xml": "application/xml; charset=utf-8",
        ".txt": "text/plain; charset=utf-8",
        ".json": "application/json",
    }.get(target.suffix, "application/octet-stream")


def serve(root: Path, port: int = 0) -> ThreadingHTTPServer:
    handler = type("BoundHandler", (Handler,), {"outlet": Outlet(root)})
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    (args.root / "articles").mkdir(parents=True, exist_ok=True)
    server = serve(args.root, args.port)
    print(f"PORT {server.server_address[1]}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
