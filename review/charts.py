"""Charts of a watch's measures over time, drawn by pygal as server-side SVG.

pygal's SVG carries an inline <style>, an inline config <script> and a JS tooltip layer, all of
which the page's Content-Security-Policy forbids. `render_measure_chart` strips them with lxml and
turns each point's description into an SVG <title> (a native tooltip, no script needed); colours and
strokes come from review/static/review.css. Each point links to its flag (or, for a baseline value,
its article page). Renders are cached by their content, so an unchanged chart is drawn once.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import lru_cache

import pygal
from lxml import etree

from review.queries import Point
from review.text import format_value

# Series order is fixed so that CSS can colour `.color-N` per status.
SERIES = (("confirmed", "Confirmed"), ("open", "Open"), ("dismissed", "Dismissed"),
          ("baseline", "Seen before flagging"))
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
CACHE_SIZE = 128

# pygal appends an old-style import hook (for its map plugins, unused here) to sys.meta_path that
# makes every later failed import warn (ImportWarning); take it out again.
sys.meta_path[:] = [finder for finder in sys.meta_path
                    if type(finder).__name__ != "PluginImportFixer"]

def _point_link(point: Point) -> str:
    return f"/flags/{point.flag_id}" if point.flag_id is not None else f"/articles/{point.article_id}"


def _point_title(point: Point) -> str:
    when = point.when.strftime("%Y-%m-%d") if point.when else "?"
    status = "seen before flagging" if point.status == "baseline" else point.status
    return f"{format_value(point.value)} {point.measure} — {when}, {point.source} ({status}): {point.title or ''}"


def _padded_range(points: Sequence[Point]) -> tuple[datetime, datetime] | None:
    """The time axis with a margin either side, so that no point sits on an axis."""
    moments = [point.when for point in points if point.when is not None]
    if not moments:
        return None
    first, last = min(moments), max(moments)
    margin = max((last - first) / 20, timedelta(hours=12))
    return first - margin, last + margin


def _date_format(points: Sequence[Point]) -> str:
    moments = [point.when for point in points if point.when is not None]
    if moments and max(moments) - min(moments) < timedelta(days=3):
        return "%m-%d %H:%M"  # a story of hours: dates alone would repeat on the axis
    return "%Y-%m-%d"


def _draw(measure: str, points: Sequence[Point]) -> str:
    date_format = _date_format(points)  # once, not per axis label
    chart = pygal.DateTimeLine(
        js=[], css=[], disable_xml_declaration=True, no_prefix=True, pretty_print=False,
        width=880, height=300, margin=12, dots_size=4, show_legend=True, legend_at_bottom=True,
        legend_at_bottom_columns=len(SERIES), x_label_rotation=0, truncate_label=-1,
        x_value_formatter=lambda moment: moment.strftime(date_format),
        x_labels_major_count=8, show_minor_x_labels=False,
        value_formatter=format_value, show_x_guides=False, show_y_guides=True,
        include_x_axis=True, title=None, xrange=_padded_range(points),
    )
    for status, label in SERIES:
        values = [
            {"value": (point.when, point.value), "xlink": {"href": _point_link(point), "target": "_self"},
             "label": _point_title(point)}
            for point in points if point.status == status
        ]
        # Confirmed values are joined by a line (the story so far); the rest are loose dots.
        chart.add(label, values, stroke=status == "confirmed")
    return _clean_svg(chart.render(is_unicode=True), measure)


def _clean_svg(svg: str, measure: str) -> str:
    """pygal's SVG without script, style, JS tooltips; point descriptions become <title>s."""
    root = etree.fromstring(svg.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in list(element.attrib):
            if attribute == "style" or attribute.lower().startswith("on"):
                del element.attrib[attribute]
    for bad in root.xpath("//svg:script | //svg:style | //comment() | //svg:g[contains(@class, "
                          "'tooltip-overlay')]", namespaces={"svg": SVG_NS}):
        bad.getparent().remove(bad)
    for link in root.iter(f"{{{SVG_NS}}}a"):
        label = ""
        for desc in link.findall(f"{{{SVG_NS}}}desc"):
            if desc.get("class") == "label":
                label = desc.text or ""
            link.remove(desc)
        title = etree.Element(f"{{{SVG_NS}}}title")
        title.text = label
        link.insert(0, title)
        link.attrib.pop("target", None)
    root.attrib.pop("id", None)
    root.set("role", "img")
    root.set("aria-label", f"{measure} over time")
    root.set("class", "pygal-chart chart")
    return etree.tostring(root, encoding="unicode")


def render_measure_chart(measure: str, points: Sequence[Point]) -> str:
    """SVG markup (safe to embed: built and serialised by lxml) for one measure's points."""
    return _draw_cached(measure, tuple(points))  # Points are frozen: the tuple is the cache key


@lru_cache(maxsize=CACHE_SIZE)  # thread-safe; pages draw charts in worker threads
def _draw_cached(measure: str, points: tuple[Point, ...]) -> str:
    return _draw(measure, points)


def clear_cache() -> None:
    _draw_cached.cache_clear()
