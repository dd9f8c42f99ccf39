"""Article extraction: one page's bytes in, clean text and metadata out — or the reason it was skipped.

Pure: no network, no database, no Scrapy. `extract_article(html, url)` decodes the page (a charset
header that lies is common, so the bytes themselves decide), reads the page's own metadata (Open
Graph, article:*, JSON-LD), prunes page chrome that trafilatura would otherwise keep (newsletter
boxes, related-story teasers, author bios, share bars), runs trafilatura with the settings that
measured best on the shared extraction benchmark (see bench/bench_extraction.py), drops the
chrome lines that survive inside the body ("Sign up now", "Related article: ..."), and decides
whether the page is an article at all: index pages, video pages with no text and paywall stubs
come back as `Skipped` with a reason the crawl run records.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import load_html
from w3lib.encoding import html_body_declared_encoding, resolve_encoding

# The options that measured best on ../shared/eval/extraction (F1 0.964 against 0.953 for
# trafilatura's defaults): comments are never article text, and precision keeps teasers out.
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "favor_precision": True,
    "include_tables": True,
    "deduplicate": False,
    "date_extraction_params": {"extensive_search": True, "original_date": True},
}

MIN_WORDS = 50  # fewer words than a short news brief: not an article
INDEX_MIN_LINKS = 15  # a page with this many links and little prose is a list of other stories
PAYWALL_MAX_WORDS = 200  # a teaser this short plus a subscribe wall is a stub, not the story

# Blocks of page chrome, by the words sites use in their class and id names. Matched as whole
# hyphen/underscore-separated tokens so that e.g. "article-body" never matches "bio".
_CHROME_TOKENS = (
    "newsletter", "newsletters", "signup", "sign-up", "subscribe", "subscription", "related",
    "recommended", "recommendations", "teaser", "teasers", "promo", "author-bio", "authorbio",
    "bio", "byline-bio", "share", "sharing", "social", "more-stories", "read-more", "readmore",
    "also-read", "outbrain", "taboola", "advert", "advertisement", "ad-slot", "paywall-prompt",
)
_CHROME_TOKEN_SET = frozenset(_CHROME_TOKENS)
_TOKEN_SPLIT = re.compile(r"[\s]+")
_KEEP_TAGS = frozenset({"html", "body", "main", "h1"})

# Lines of chrome that sit inside the body text itself.
_CHROME_LINE = re.compile(
    r"""^\s*(?:
        (?:related|related\ (?:article|story|stories|content|coverage|reading)|read\ (?:more|also|next)
           |also\ read|see\ also|more\ on\ this(?:\ story)?|recommended|watch|listen|you\ may\ also\ like
           |more\ from\ [\w\ ]{1,30}|trending|popular|editor'?s\ picks?)\s*[:|>»-].*
      | .{0,80}\bsign\ up\b.{0,80}
      | .{0,60}\b(?:subscribe|sign\ up)\ (?:to|for)\ (?:our|the)\ .{0,40}newsletter.{0,80}
      | .{0,80}\bnewsletter\b.{0,40}(?:inbox|sign\ up|subscribe).{0,60}
      | (?:get|receive)\ (?:the\ latest|our\ top|daily).{0,60}(?:inbox|newsletter).{0,40}
      | (?:share\ (?:this|on)|follow\ us\ on|click\ here\ to).{0,80}
      | advertisement | \d+\s*min(?:ute)?s?\ read
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_PAYWALL_MARKERS = (
    "subscribe to continue reading", "subscribe to read", "subscribers only", "for subscribers",
    "to continue reading", "already a subscriber", "subscribe now to read", "unlock this article",
    "this content is for subscribers", "premium article", "become a member to read",
)
_WORD = re.compile(r"\w+")
_META_CHARSET_WINDOW = 4096


@dataclass(frozen=True, slots=True)
class ExtractedArticle:
    """A page that is an article: its clean text and what the page says about itself."""

    text: str
    title: str | None = None
    author: str | None = None
    published: datetime | None = None  # naive UTC
    language: str | None = None
    canonical_url: str | None = None  # the page's rel=canonical / og:url, as written (may be relative)
    description: str | None = None
    sitename: str | None = None

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


@dataclass(frozen=True, slots=True)
class Skipped:
    """A page that is not stored, and why. kind 'error' is a broken page (retried on a later run),
    'skipped' a page that is fine but not an article (never fetched again)."""

    reason: str
    kind: str = "skipped"
    text: str = ""  # whatever body text the page had (a paywall teaser, a caption)


def extract_article(
    html: str | bytes, url: str | None = None, declared_encoding: str | None = None
) -> ExtractedArticle | Skipped:
    """Extract one page. `declared_encoding` is the charset of the Content-Type header, if any."""
    if isinstance(html, bytes):
        if not html.strip():
            return Skipped("empty body", "error")
        if looks_binary(html):
            return Skipped("binary content", "error")
        html = decode_html(html, declared_encoding)
    if not html.strip():
        return Skipped("empty body", "error")
    tree = load_html(html)
    if tree is None:
        return Skipped("not an HTML page", "error")
    meta = page_metadata(tree)
    links = len(tree.xpath("//body//a[@href]"))
    h1_texts = [text for h1 in tree.iter("h1") if (text := _clean(h1.text_content()))]
    prune_chrome(tree)
    # trafilatura's own metadata pass (author and date heuristics) costs about a third of the
    # extraction; a page that declares all three in its meta tags does not need it.
    need_metadata = not (meta.title and meta.author and meta.published)
    document = trafilatura.bare_extraction(
        tree, url=url, with_metadata=need_metadata, **TRAFILATURA_OPTIONS
    )
    raw_text = (getattr(document, "text", None) or "") if document is not None else ""
    author = meta.author or _clean(getattr(document, "author", None))
    title = meta.title or _clean(getattr(document, "title", None))
    text = clean_text(raw_text, author, [title, *h1_texts] if title else h1_texts)
    words = len(_WORD.findall(text))

    skip = _not_an_article(meta, text, words, links, html)
    if skip is not None:
        return Skipped(skip.reason, skip.kind, text)
    published = meta.published or _parse_date(getattr(document, "date", None))
    return ExtractedArticle(
        text=text,
        title=title,
        author=author,
        published=published,
        language=meta.language or detect_language(text),
        canonical_url=meta.canonical,
        description=meta.description or _clean(getattr(document, "description", None)),
        sitename=meta.sitename or _clean(getattr(document, "sitename", None)),
    )


def extract_text(html: str, url: str | None = None) -> str:
    """The body text only, whether or not the page counts as an article (a paywall teaser is
    still the page's text): the shape the extraction benchmark scores."""
    return extract_article(html, url).text


# ----------------------------------------------------------------------------- decoding


def looks_binary(body: bytes) -> bool:
    """NUL bytes or many control bytes early on: an image or archive served as text/html."""
    head = body[:4096]
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    return controls > len(head) * 0.05


def decode_html(body: bytes, declared_encoding: str | None = None) -> str:
    """Bytes to text. A header charset is often wrong (a Windows-1251 page sent as utf-8), so:
    a BOM, then valid UTF-8, then the page's own <meta charset>, then the header, then a guess."""
    codec: str | None
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if body.startswith(bom):
            return body[len(bom):].decode(codec, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates = [html_body_declared_encoding(body[:_META_CHARSET_WINDOW]), declared_encoding]
    for candidate in candidates:
        codec = resolve_encoding(candidate) if candidate else None
        if codec and codec not in ("utf-8", "utf8"):
            try:
                return body.decode(codec)
            except (UnicodeDecodeError, LookupError):
                continue
    from charset_normalizer import from_bytes

    best = from_bytes(body[:65536]).best()
    if best is not None and best.encoding:
        return body.decode(best.encoding, errors="replace")
    return body.decode("utf-8", errors="replace")


# ----------------------------------------------------------------------------- metadata


@dataclass(slots=True)
class PageMetadata:
    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    language: str | None = None
    canonical: str | None = None
    description: str | None = None
    sitename: str | None = None
    og_type: str | None = None
    ld_types: frozenset[str] = frozenset()
    free: bool | None = None  # JSON-LD isAccessibleForFree


def page_metadata(tree: HtmlElement) -> PageMetadata:
    """What the page declares about itself: Open Graph, article:*, JSON-LD, <link rel=canonical>."""
    metas: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").lower()
        content = element.get("content")
        if key and content and key not in metas:
            metas[key] = content.strip()
    ld = _json_ld(tree)
    canonical = next(
        (link.get("href") for link in tree.iter("link")
         if "canonical" in (link.get("rel") or "").lower().split() and link.get("href")),
        None,
    ) or metas.get("og:url")
    published = None
    for value in (
        metas.get("article:published_time"), ld.get("datePublished"), metas.get("datepublished"),
        metas.get("pubdate"), metas.get("publishdate"), metas.get("date"), metas.get("dc.date"),
    ):
        published = _parse_date(value)
        if published is not None:
            break
    ld_author = ld.get("author")
    author = metas.get("author") or metas.get("article:author") or _ld_name(ld_author)
    if author and author.startswith(("http://", "https://")):
        author = _ld_name(ld_author)
    lang = tree.get("lang") or tree.get("xml:lang") or metas.get("content-language") or metas.get("og:locale")
    free = ld.get("isAccessibleForFree")
    return PageMetadata(
        title=_clean(metas.get("og:title") or metas.get("twitter:title") or ld.get("headline")),
        author=_clean(author),
        published=published,
        language=_language_code(lang),
        canonical=canonical.strip() if canonical else None,
        description=_clean(metas.get("og:description") or metas.get("description")),
        sitename=_clean(metas.get("og:site_name")),
        og_type=(metas.get("og:type") or "").lower() or None,
        ld_types=frozenset(ld.get("@types", ())),
        free=None if free is None else str(free).lower() not in ("false", "0", "no"),
    )


def _json_ld(tree: HtmlElement) -> dict[str, Any]:
    """The JSON-LD objects of the page merged: the article's own fields win, `@types` lists all."""
    merged: dict[str, Any] = {}
    types: set[str] = set()
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if not isinstance(item, dict):
                continue
            if isinstance(item.get("@graph"), list):
                stack.extend(item["@graph"])
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            types.update(str(k) for k in kinds if k)
            is_article = any(str(k).endswith(("Article", "Posting", "Report")) for k in kinds)
            for key, value in item.items():
                if is_article or key not in merged:
                    merged[key] = value
    merged["@types"] = types
    return merged


def _ld_name(value: Any) -> str | None:
    if isinstance(value, list):
        names = [name for name in (_ld_name(item) for item in value) if name]
        return ", ".join(names) or None
    if isinstance(value, dict):
        return value.get("name")
    return value if isinstance(value, str) else None


def _parse_date(value: str | None) -> datetime | None:
    """An ISO 8601 date or date-time as naive UTC; None when absent or unreadable."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def _language_code(value: str | None) -> str | None:
    if not value:
        return None
    code = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = re.sub(r"\s+", " ", value).strip()
    return value or None


# ----------------------------------------------------------------------------- body text


def clean_text(text: str, author: str | None = None, headlines: list[str] | None = None) -> str:
    """Drop the chrome lines trafilatura keeps inside the body, a headline repeated as the first
    line (some layouts put the h1 inside the article body, others not: the text of one story
    must not depend on the layout, or syndicated copies would not hash alike) and a closing
    author bio."""
    lines = [line.strip() for line in text.splitlines()]
    kept = [line for line in lines if line and not _CHROME_LINE.match(line)]
    folded = {_fold(headline) for headline in headlines or () if headline}
    while kept and _fold(kept[0]) in folded:
        kept.pop(0)
    if author and kept:
        # An author bio closes the story: "Jane Doe is a correspondent covering ..."
        first_name = author.split(",")[0].strip()
        while kept and first_name and re.match(
            rf"^{re.escape(first_name)} (?:is|was|has been|covers|reports|writes)\b", kept[-1]
        ):
            kept.pop()
    return "\n".join(kept)


def prune_chrome(tree: HtmlElement) -> int:
    """Remove page-chrome blocks in place (asides, and elements whose class or id names a newsletter,
    related stories, an author bio, ...); returns how many. One pass over the tree: an XPath per
    token would cost more than the extraction itself."""
    doomed = []
    for element in tree.iter():
        tag = element.tag
        if not isinstance(tag, str) or tag in _KEEP_TAGS:
            continue
        if tag == "aside" or element.get("data-newsmon-chrome") is not None or _is_chrome(element):
            doomed.append(element)
    removed = 0
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()
            removed += 1
    return removed


def _is_chrome(element: HtmlElement) -> bool:
    names = f"{element.get('class') or ''} {element.get('id') or ''}".lower().replace("_", "-")
    if not names.strip():
        return False
    return any(token in _CHROME_TOKEN_SET for token in _TOKEN_SPLIT.split(names))


def _fold(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _not_an_article(
    meta: PageMetadata, text: str, words: int, links: int, html: str
) -> Skipped | None:
    is_video = (meta.og_type or "").startswith("video") or (
        "VideoObject" in meta.ld_types and not meta.ld_types & {"NewsArticle", "Article"}
    )
    if is_video and words < MIN_WORDS * 2:
        return Skipped("not an article: video page with no text")
    if words < PAYWALL_MAX_WORDS and (meta.free is False or _has_paywall_marker(html)):
        return Skipped(f"paywall stub ({words} words visible)")
    index_types = {"CollectionPage", "ItemList", "WebSite", "SearchResultsPage"}
    declared_index = meta.og_type == "website" or bool(meta.ld_types & index_types)
    lines = text.splitlines()
    listed = sum(1 for line in lines if line.startswith("- ")) / max(len(lines), 1)
    if links >= INDEX_MIN_LINKS and (
        (declared_index and words < MIN_WORDS * 12) or (listed > 0.5 and words < MIN_WORDS * 12)
    ):
        return Skipped("not an article: index page")
    if words < MIN_WORDS:
        if links >= INDEX_MIN_LINKS:
            return Skipped("not an article: index page")
        return Skipped(f"not an article: too little text ({words} words)")
    return None


def _has_paywall_marker(html: str) -> bool:
    lowered = html.lower()
    return any(marker in lowered for marker in _PAYWALL_MARKERS)


# ----------------------------------------------------------------------------- language

# A light detector for when the page does not declare its language: the share of very common
# function words per language, and the script for languages whose script alone decides.
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words("the of and to in is that for it was on with as by at from his have are said"),
    "ru": _words("и в не на что с по он как это из у за от к его для было так"),
    "uk": _words("і в не на що з та до як це у за від його для було які також"),
    "de": _words("der die und das nicht ist zu den mit sich auf ein eine dem des von"),
    "fr": _words("le la les et des est que une pour dans qui du sur pas au"),
    "es": _words("el la de que y en los se del las por un una con para es"),
}


def detect_language(text: str) -> str | None:
    sample = text[:4000]
    if not sample.strip():
        return None
    scripts = {
        "ko": len(re.findall(r"[\uac00-\ud7af]", sample)),
        "ja": len(re.findall(r"[\u3040-\u30ff]", sample)),
        "zh": len(re.findall(r"[\u4e00-\u9fff]", sample)),
        "ar": len(re.findall(r"[\u0600-\u06ff]", sample)),
    }
    script, count = max(scripts.items(), key=lambda item: item[1])
    if count > len(sample) * 0.2:
        return "ja" if scripts["ja"] > scripts["zh"] * 0.1 and script in ("ja", "zh") else script
    tokens = [token.lower() for token in _WORD.findall(sample)]
    if not tokens:
        return None
    scores = {lang: sum(token in words for token in tokens) / len(tokens) for lang, words in _STOPWORDS.items()}
    lang, score = max(scores.items(), key=lambda item: item[1])
    return lang if score >= 0.05 else None
