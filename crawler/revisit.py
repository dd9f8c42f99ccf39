"""Which stored articles to fetch again because a listing says they changed ([crawl] revisit).

Pure decisions, no I/O: the spider asks the database for what it knows of the listed URLs
(storage.crawlstate.stored_pages) and these functions say which are due. A stored page is due
when a listing dates a change after our last fetch of it, the date is one we have not acted on
yet, and its article was first stored less than `window` ago (an edit to a months-old page is not
news). One listed date triggers at most one re-fetch, so an outlet whose dates lie in the future,
or a fetch that failed, never turns into a request on every run.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crawler.listings import Link
    from storage.crawlstate import StoredPage

# A listing that gives this many entries or more, all with the one same date, is stamping its build
# time on every entry: that says nothing about which page was edited.
BUILD_STAMP_MIN_ENTRIES = 3


def due_for_revisit(changed: datetime | None, page: StoredPage, now: datetime, window: timedelta) -> bool:
    """Whether the stored `page`, which a listing dates `changed` (naive UTC), should be fetched again."""
    if changed is None or window <= timedelta(0):
        return False
    if page.first_stored_at is None or page.first_stored_at < now - window:
        return False
    if page.fetched_at is not None and changed <= page.fetched_at:
        return False
    return page.listed_changed_at is None or changed > page.listed_changed_at


def dates_tell_edits(links: Iterable[Link]) -> bool:
    """False for a listing that stamps one date on every entry (its build time, not an edit)."""
    stamps = [link.last_changed for link in links if link.last_changed is not None]
    return len(stamps) < BUILD_STAMP_MIN_ENTRIES or len(set(stamps)) > 1
