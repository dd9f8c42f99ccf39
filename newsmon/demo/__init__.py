"""The demo: a fixture outlet on loopback publishing a story's articles one at a time.

`newsmon demo` and the tests share it, as Datasette's fixtures do: the outlet server
(`outlet.py`) and our own articles re-telling a nine-month story (`timeline/`).
"""

from __future__ import annotations

from pathlib import Path

DEMO_TIMELINE = Path(__file__).resolve().parent / "timeline"

DEMO_WATCHES: list[dict[str, object]] = [
    {
        "name": "north-korean-troops",
        "all": [["North Korea", "North Korean", "Pyongyang"], ["Russia", "Kursk", "Ukraine"]],
    },
    {"name": "wildfires", "all": [["wildfire", "bushfire", "forest fire"]]},
]


def timeline_articles() -> list[Path]:
    """The demo's articles in the order they were published (their names start with the date)."""
    return sorted(DEMO_TIMELINE.glob("*.html"))
