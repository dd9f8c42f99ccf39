"""Canonical URLs, so that one article is one URL whatever link led to it.

courlan does the normalising (scheme and host case, default ports, tracking parameters such as
utm_*, fbclid and gclid, sorted query), w3lib drops a few more trackers, the fragment goes; this module only decides which URL to trust: a
page's rel=canonical is honoured when it points into the same site, never across sites (a copied
page must not be able to claim another outlet's URL). Pure functions, no I/O.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urljoin, urlsplit, urlunsplit

import courlan
from w3lib.url import url_query_cleaner

# Trackers courlan's non-strict mode keeps. Its strict mode drops every parameter outside a short
# list, which would merge distinct articles such as "story.php?nid=5" and "story.php?nid=6".
EXTRA_TRACKERS = (
    "_ga", "_gl", "cmpid", "ocid", "igshid", "yclid", "mkt_tok", "ito", "ns_campaign", "ns_mchannel",
    "ns_source", "ns_linkname", "at_medium", "at_campaign", "cmp", "smid", "sref", "taid", "ftag",
)
_SLUG_PART = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+){2,}|\d{4,}", re.I)


def canonical_url(url: str, base: str | None = None) -> str | None:
    """The canonical form of `url` (made absolute against `base`), or None if it is not a web URL."""
    url = url.strip()
    if not url:
        return None
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    try:
        normalised = courlan.normalize_url(url, strict=False)
    except (ValueError, TypeError):
        return None
    if urlsplit(normalised).query:
        normalised = url_query_cleaner(normalised, EXTRA_TRACKERS, remove=True, unique=False, keep_fragments=True)
    scheme, netloc, path, query, _fragment = urlsplit(normalised)
    return urlunsplit((scheme, netloc, path, query, ""))


def site_of(url: str) -> str:
    """The registrable site of a URL: 'www.example.com' and 'news.example.com' are one site."""
    host = (urlsplit(url).hostname or "").lower()
    if _is_ip(host):
        return host
    return courlan.extract_domain(url) or host


def same_site(first: str, second: str) -> bool:
    return site_of(first) == site_of(second)


def resolve_canonical(fetched_url: str, declared: str | None) -> str:
    """The URL an article is stored under: its rel=canonical if on the same site, else the fetched one."""
    fetched = canonical_url(fetched_url) or fetched_url
    if declared:
        candidate = canonical_url(declared, base=fetched_url)
        if candidate and same_site(candidate, fetched):
            return candidate
    return fetched


def looks_like_article(url: str) -> bool:
    """A guess for links on a section page when the source sets no `allow` patterns: article URLs
    carry a slug ('north-korean-troops-killed') or a long number, navigation URLs do not."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if not path or courlan.is_navigation_page(url) or courlan.is_not_crawlable(url):
        return False
    last = path.rsplit("/", 1)[-1]
    return bool(_SLUG_PART.search(last))


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
