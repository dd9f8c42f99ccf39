"""JSON shapes of the review page, built on the shared `flags` shape from DESIGN.md.

There is one serializer of a flag, `storage.queries.flag_json` (the shape `newsmon flags --json`
prints), so the CLI and the web page never disagree; this module only re-exports it.
"""

from __future__ import annotations

from storage.queries import flag_json

__all__ = ["flag_json"]
