"""Reading the lists of articles an outlet publishes: RSS/Atom feeds, news sitemaps, section pages.

Pure functions over a response body: no I/O, no Scrapy. Each returns a `Listing`: the article links
it found (with the date the listing gives, if any), child sitemaps to follow, and, when the body is
broken, a problem to record. A listing that is partly readable (a feed cut off mid-way) still
yields the entries before the break: those are whole links, and the problem is recorded anyway.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin

import feedparser
from lxml import etree
from lxml import html as lxml_html

from crawler.urls import canonical_url, looks_like_article, same_site

_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    published: datetime | None = None  # naive UTC
    updated: datetime | None = None  # when the listing says the page last changed (naive UTC)

    @property
    def last_changed(self) -> datetime | None:
        """The latest date the listing gives (an article republished may be 'published' later)."""
        return max((stamp for stamp in (self.published, self.updated) if stamp), default=None)


@dataclass(slots=True)
class Listing:
    links: list[Link] = field(default_factory=list)
    children: list[str] = field(default_factory=list)  # sitemaps listed by a sitemap index
    problem: str | None = None  # set when the body was broken or was not a listing at all


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> Listing:
    """An RSS or Atom feed's entry links, newest first as the feed gives them."""
    if not body.strip():
        return Listing(problem="feed is empty")
    if _HTML_START.match(body[:2048]):
        return Listing(problem="feed is not XML (an HTML page)")
    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    parsed = feedparser.parse(body, response_headers=headers)
    links = []
    for entry in parsed.entries:
        link = entry.get("link") or ""
        if not link.startswith(("http://", "https://")):
            guid = entry.get("id") or ""
            link = guid if guid.startswith(("http://", "https://")) else urljoin(url, link) if link else ""
        if link:
            # Read past FeedParserDict's mapping of a missing 'updated' to 'published' (deprecated).
            updated = dict.get(entry, "updated_parsed")
            stamp = dict.get(entry, "published_parsed") or updated
            links.append(Link(link, _from_struct(stamp), _from_struct(updated)))
    listing = Listing(links=links)
    if parsed.bozo:
        error = parsed.get("bozo_exception")
        if not links and not parsed.version:
            listing.problem = f"feed is not XML ({_short(error)})"
        elif not isinstance(error, (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)):
            listing.problem = f"feed is cut off or malformed after {len(links)} entries ({_short(error)})"
    elif not parsed.version:
        listing.problem = "not an RSS or Atom feed"
    return listing


def parse_sitemap(body: bytes) -> Listing:
    """A sitemap's (or news sitemap's) URLs with their lastmod or news publication date; a sitemap
    index gives its child sitemaps instead."""
    if not body.strip():
        return Listing(problem="sitemap is empty")
    if body[:2] == b"\x1f\x8b":
        import gzip

        try:
            body = gzip.decompress(body)
        except OSError:
            return Listing(problem="sitemap is a broken gzip file")
    if _HTML_START.match(body[:2048]):
        return Listing(problem="sitemap is not XML (an HTML page)")
    problem = None
    try:
        root = etree.fromstring(body, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        problem = f"sitemap is cut off or malformed ({_short(exc)})"
        root = etree.fromstring(body, parser=etree.XMLParser(recover=True, resolve_entities=False, no_network=True))
    if root is None:
        return Listing(problem=problem or "sitemap is not XML")
    kind = etree.QName(root).localname
    listing = Listing(problem=problem)
    for item in root:
        if not isinstance(item.tag, str):
            continue
        values = {etree.QName(child).localname: (child.text or "").strip() for child in item.iter() if isinstance(child.tag, str)}
        loc = values.get("loc")
        if not loc or (problem and f"{loc}</".encode() not in body):
            continue  # in a cut-off sitemap, a <loc> that does not close may be a truncated URL
        if kind == "sitemapindex":
            listing.children.append(loc)
        else:
            published = _from_iso(values.get("publication_date") or values.get("lastmod"))
            listing.links.append(Link(loc, published, _from_iso(values.get("lastmod"))))
    if kind not in ("urlset", "sitemapindex") and listing.problem is None:
        listing.problem = f"not a sitemap (root element <{kind}>)"
    return listing


def section_links(body: bytes | str, url: str, allow: tuple[str, ...] = ()) -> Listing:
    """Article links on a section page: same site, not the page itself; matching an `allow`
    pattern when there are any, else looking like an article URL. (A source's `deny` patterns
    apply to every listing's links alike: see `allowed_by`.)"""
    if not body.strip():
        return Listing(problem="section page is empty")
    try:
        tree = lxml_html.fromstring(body)
    except (etree.ParserError, ValueError) as exc:
        return Listing(problem=f"section page is not HTML ({_short(exc)})")
    allowed = [re.compile(pattern) for pattern in allow]
    here = canonical_url(url)
    links, seen = [], set()
    for element in tree.iter("a"):
        href = element.get("href")
        target = canonical_url(href, base=url) if href else None
        if not target or target == here or target in seen or not same_site(target, url):
            continue
        seen.add(target)
        if allowed:
            if not any(pattern.search(target) for pattern in allowed):
                continue
        elif not looks_like_article(target):
            continue
        links.append(Link(target))
    return Listing(links=links)


def allowed_by(url: str, deny: tuple[str, ...]) -> bool:
    """False when `url` matches one of a source's `deny` patterns (feeds, sitemaps, sections)."""
    return not any(re.search(pattern, url) for pattern in deny)


def _from_struct(stamp: object) -> datetime | None:
    if stamp is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(stamp), UTC).replace(tzinfo=None)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None


def _from_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _short(error: object, limit: int = 120) -> str:
    text = str(error) if error is not None else "unreadable"
    return text if len(text) <= limit else text[: limit - 1] + "…"
