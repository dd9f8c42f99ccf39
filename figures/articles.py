"""An article's figures and watches, as newsmon stores them: the entry points the crawl's
extraction workers, storage and the CLI share. Pure functions, and light to import: a worker
process loads this and the extractor, never the database layer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from figures import Figure, extract_figures
from figures.watches import matches_watch

if TYPE_CHECKING:
    from newsmon.config import WatchSettings

__all__ = ["figures_of", "matching_watches"]


def figures_of(title: str | None, text: str, published: datetime | None) -> list[Figure]:
    """The figures of an article; its date tells earlier events' figures from the story's."""
    return extract_figures(text, title, published=published.date() if published else None)


def matching_watches(
    watches: Sequence[WatchSettings], title: str | None, text: str
) -> list[str]:
    """The names of the watches an article belongs to."""
    return [
        watch.name
        for watch in watches
        if matches_watch(title or "", text, watch.all, watch.none)
    ]
