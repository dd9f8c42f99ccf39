"""JSON shapes of the review page, built on the shared `flags` shape from DESIGN.md.

`flag_json` is the one serializer of a flag; when `storage.queries.flag_json` exists (the shape
`newsmon flags --json` prints) it is used, so the CLI and the web page never disagree.
"""

from __future__ import annotations

from typing import Any

from review.text import iso
from storage.models import Flag


def _local_flag_json(flag: Flag) -> dict[str, Any]:
    article = flag.article
    return {
        "id": flag.id,
        "status": flag.status,
        "watch": flag.watch.name,
        "article": {
            "url": article.url,
            "title": article.title,
            "source": article.source.name,
            "published": iso(article.published_at),
        },
        "new_figures": [
            {**row.figure, "previous": list(row.previous or [])} for row in flag.new_figures
        ],
    }


try:  # the lead's shared serializer, once it is there
    from storage.queries import flag_json as _shared_flag_json  # type: ignore[attr-defined]
except ImportError:
    _shared_flag_json = None


def flag_json(flag: Flag) -> dict[str, Any]:
    """DESIGN.md's flag shape plus the decision (who, when, note) and when it was flagged."""
    data = (_shared_flag_json or _local_flag_json)(flag)
    data.setdefault("flagged_at", iso(flag.created_at))
    data.setdefault("decided_by", flag.decided_by)
    data.setdefault("decided_at", iso(flag.decided_at))
    data.setdefault("note", flag.note)
    return data
