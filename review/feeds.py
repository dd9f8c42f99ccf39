"""Exports of the review page: a watch's flags as an Atom feed, its series as CSV.

Built with ElementTree and the csv module, never by pasting strings, so hostile titles stay text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from xml.etree import ElementTree

from review.text import figure_label, safe_href
from storage.models import Flag, utcnow
from storage.queries import iso

ATOM = "http://www.w3.org/2005/Atom"
CSV_COLUMNS = ("when", "measure", "value", "status", "flag", "source", "url", "title")


def atom_feed(watch: str, flags: Sequence[Flag], base_url: str) -> bytes:
    """An Atom 1.0 feed of a watch's flags, newest first; each entry links to its flag page."""
    ElementTree.register_namespace("", ATOM)

    def add(parent: ElementTree.Element, tag: str, text: str | None = None, **attrs: str) -> ElementTree.Element:
        element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    add(feed, "id", f"{base_url}/watches/{watch}.atom")
    add(feed, "title", f"newsmon: new figures for {watch}")
    updated = max((flag.decided_at or flag.created_at for flag in flags), default=None)
    add(feed, "updated", iso(updated or utcnow()))
    add(feed, "link", rel="self", href=f"{base_url}/watches/{watch}.atom")
    add(feed, "link", rel="alternate", type="text/html", href=f"{base_url}/watches/{watch}")
    add(add(feed, "author"), "name", "newsmon")
    for flag in flags:
        article = flag.article
        entry = add(feed, "entry")
        add(entry, "id", f"{base_url}/flags/{flag.id}")
        labels = "; ".join(figure_label(row.figure) for row in flag.new_figures)
        add(entry, "title", f"{labels or 'new figures'} — {article.title or article.url}")
        add(entry, "updated", iso(flag.decided_at or flag.created_at))
        add(entry, "published", iso(flag.created_at))
        add(entry, "link", rel="alternate", type="text/html", href=f"{base_url}/flags/{flag.id}")
        article_href = safe_href(article.url)
        if article_href:
            add(entry, "link", rel="related", href=article_href)
        add(entry, "category", term=flag.status)
        lines = [f"{article.source.name} · status: {flag.status}"]
        for row in flag.new_figures:
            previous = ", ".join(str(entry.get("value")) for entry in row.previous or [] if isinstance(entry, dict))
            lines.append(f"{figure_label(row.figure)}: {row.figure.get('sentence', '')}"
                         + (f" (earlier: {previous})" if previous else ""))
        add(entry, "summary", "\n".join(lines), type="text")
    return ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)


def series_csv(rows: Sequence[dict[str, Any]]) -> str:
    """The rows of `queries.export_rows` as CSV with a header line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        values = []
        for column in CSV_COLUMNS:
            value = row.get(column)
            if isinstance(value, datetime):
                value = iso(value)
            if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
                value = "'" + value  # a title must not become a spreadsheet formula
            values.append("" if value is None else value)
        writer.writerow(values)
    return buffer.getvalue()
