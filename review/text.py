"""Pure text helpers for the review page: highlighting figures, safe links, search snippets.

Nothing here touches the database or the network. Scraped text is hostile, so these functions
never produce markup: they cut text into segments that the (autoescaping) templates render.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

SNIPPET_OPEN, SNIPPET_CLOSE = "\x02", "\x03"  # search-hit markers no article text contains


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text; `mark` is None for plain text, else how the figure it covers is shown."""

    text: str
    mark: str | None = None  # "figure" | "new"
    title: str = ""


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    mark: str
    title: str


def highlight(text: str, spans: Iterable[Span]) -> list[Segment]:
    """Cut `text` into segments so that each span becomes one marked segment.

    Spans out of range or overlapping an earlier one are dropped (a new figure wins over a plain
    one at the same place): the text is never duplicated or lost, whatever the offsets say.
    """
    ordered = sorted(
        (span for span in spans if 0 <= span.start < span.end <= len(text)),
        key=lambda span: (span.start, span.mark != "new", -span.end),
    )
    segments: list[Segment] = []
    position = 0
    for span in ordered:
        if span.start < position:
            continue
        if span.start > position:
            segments.append(Segment(text[position:span.start]))
        segments.append(Segment(text[span.start:span.end], span.mark, span.title))
        position = span.end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return segments


def paragraphs(segments: Sequence[Segment]) -> list[list[Segment]]:
    """Split segments at blank-line or newline boundaries into paragraphs for display."""
    result: list[list[Segment]] = [[]]
    for segment in segments:
        if segment.mark is not None or "\n" not in segment.text:
            result[-1].append(segment)
            continue
        pieces = re.split(r"\n+", segment.text)
        for index, piece in enumerate(pieces):
            if index:
                result.append([])
            if piece:
                result[-1].append(Segment(piece))
    return [paragraph for paragraph in result if paragraph]


def safe_href(url: Any) -> str | None:
    """`url` when it is an absolute http(s) URL, else None: `javascript:` and friends never link."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if any(ord(char) < 32 for char in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def local_path(target: Any, default: str = "/") -> str:
    """`target` when it is a path on this site (for redirects after a form), else `default`."""
    if not isinstance(target, str) or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(char) < 32 for char in target):
        return default
    return target


def fts5_query(query: str) -> str:
    """A user's words as a safe FTS5 query: each word quoted, all required; "word*" keeps prefix."""
    terms = []
    for match in re.finditer(r"(\w+)(\*?)", query):
        word, star = match.groups()
        terms.append(f'"{word}"' + ("*" if star else ""))
    return " ".join(terms)


def snippet_segments(snippet: str) -> list[Segment]:
    """A snippet with SNIPPET_OPEN/CLOSE markers -> segments, hits marked "hit"."""
    segments: list[Segment] = []
    for index, piece in enumerate(re.split(f"[{SNIPPET_OPEN}{SNIPPET_CLOSE}]", snippet)):
        if piece:
            segments.append(Segment(piece, "hit" if index % 2 else None))
    return segments


def format_value(value: float | None) -> str:
    """1200.0 -> '1,200'; 2.5 -> '2.5'."""
    if value is None:
        return "?"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def figure_label(figure: dict[str, Any]) -> str:
    """'around 300 killed (North Korean soldiers)' for a Figure JSON dict."""
    value = figure.get("value")
    low, high = figure.get("low"), figure.get("high")
    if low is not None and high is not None and low != high:
        number = f"{format_value(low)}–{format_value(high)}"
    else:
        number = format_value(value)
    words = [figure.get("hedge") or "", number, figure.get("measure") or ""]
    label = " ".join(word for word in words if word)
    if figure.get("subject"):
        label += f" ({figure['subject']})"
    return label


def short_date(value: Any) -> str:
    """An ISO 8601 string or datetime -> '2025-11-12'; anything else as it is."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).strftime("%Y-%m-%d")
        except ValueError:
            return value
    return "" if value is None else str(value)


def human_time(moment: datetime | None) -> str:
    if moment is None:
        return "—"
    return moment.strftime("%Y-%m-%d %H:%M UTC")
