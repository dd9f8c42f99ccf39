"""What a crawl's extraction workers do with each fetched page: pure functions of the page.

The workers are separate processes (crawler/pipelines.py), so this module imports only what
they need (trafilatura, the hashes, the figures): never Scrapy or the database layer, which
would double a worker's start-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from crawler.items import PreparedArticle

if TYPE_CHECKING:
    from crawler.extraction import Skipped
    from newsmon.config import WatchSettings

TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")


def extract_page(
    body: bytes,
    url: str,
    declared_encoding: str | None,
    content_type: str | None,
    listed_published: datetime | None = None,
    watches: Sequence[WatchSettings] = (),
) -> PreparedArticle | Skipped:
    """One page's extraction: the pure function, plus the content type; then the text's
    hashes, figures and watches, which need nothing from the database.

    Never raises: a page that breaks any of it comes back as an error (recorded with the
    crawl run, its URL retried on a later run), never as a lost item and a traceback.
    """
    from crawler.extraction import Skipped

    try:
        return _prepare(body, url, declared_encoding, content_type, listed_published, watches)
    except Exception as exc:
        return Skipped(f"could not extract: {type(exc).__name__}: {exc}"[:300], "error")


def _prepare(
    body: bytes,
    url: str,
    declared_encoding: str | None,
    content_type: str | None,
    listed_published: datetime | None,
    watches: Sequence[WatchSettings],
) -> PreparedArticle | Skipped:
    from crawler.extraction import Skipped, extract_article
    from crawler.hashing import content_hash, simhash
    from figures.articles import figures_of, matching_watches

    if content_type and not content_type.startswith(TEXT_TYPES) and body.strip():
        return Skipped(f"not an HTML page ({content_type})")
    article = extract_article(body, url, declared_encoding)
    if isinstance(article, Skipped):
        return article
    published = article.published or listed_published
    return PreparedArticle(
        article,
        published,
        content_hash(article.text),
        simhash(article.text),
        figures_of(article.title, article.text, published),
        matching_watches(watches, article.title, article.text),
    )


def warm_up() -> None:
    """A worker's initializer: load trafilatura and the figures before the first page."""
    import crawler.extraction
    import crawler.hashing  # noqa: F401
    import figures.articles
    import figures.extract  # noqa: F401
