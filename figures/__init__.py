"""Figures: the numbers a news article reports, what each counts, and when one is new.

Public API::

    extract_figures(text, title=None) -> list[Figure]
    novelty_key(figure) -> (measure, value_key) | None
    value_key(value) -> str
    matches_watch(title, text, all_groups, none_terms) -> bool

Pure functions, no I/O.  The measure vocabulary is documented in :mod:`figures.measures`.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from figures.watches import matches_watch

__all__ = ["Figure", "extract_figures", "matches_watch", "novelty_key", "value_key"]

logging.getLogger(__name__).addHandler(logging.NullHandler())


@dataclass(frozen=True, slots=True)
class Figure:
    """A number in an article with what it counts.

    ``value`` is None only for vague amounts ("thousands"); ``low``/``high`` are the bounds
    the wording gives (exact: both equal ``value``; "more than": ``low`` only; "up to",
    "nearly": ``high`` only; "around": neither; a range: both).  ``start``/``end`` are offsets
    into the text it was found in (the title when ``in_title``).
    """

    value: float | None
    low: float | None
    high: float | None
    hedge: str | None
    vague: bool
    measure: str
    subject: str | None
    noun: str | None
    source: str | None
    text: str
    sentence: str
    start: int
    end: int
    in_title: bool = False

    def to_json(self) -> dict[str, Any]:
        """The JSON shape of the contract (integral numbers as ints)."""
        return {
            "value": _num(self.value),
            "low": _num(self.low),
            "high": _num(self.high),
            "hedge": self.hedge,
            "vague": self.vague,
            "measure": self.measure,
            "subject": self.subject,
            "noun": self.noun,
            "source": self.source,
            "text": self.text,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
        }


def _num(v: float | None) -> int | float | None:
    if v is None:
        return None
    return int(v) if float(v).is_integer() else v


def value_key(value: float) -> str:
    """Canonical decimal string of a value, for a database unique key.

    No exponent, no trailing zeros: 2000.0 -> "2000", 1.2e6 -> "1200000", 0.5 -> "0.5".
    """
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"not a finite value: {value!r}")
    if v.is_integer():
        return str(int(v))
    s = format(Decimal(repr(v)), "f")
    return s.rstrip("0").rstrip(".") if "." in s else s


def novelty_key(f: Figure) -> tuple[str, str] | None:
    """``(measure, value_key(value))``; hedges are ignored; None for vague figures.

    A range ("between 300 and 400") keys as ``"300-400"``: it is neither 300 nor 400.
    """
    if f.vague or f.value is None:
        return None
    if f.low is not None and f.high is not None and f.low < f.high:
        return f.measure, f"{value_key(f.low)}-{value_key(f.high)}"
    return f.measure, value_key(f.value)


def extract_figures(
    text: str, title: str | None = None, *, published: date | None = None
) -> list[Figure]:
    """Figures of ``title`` and ``text``, one per (measure, value).

    A figure found in both keeps its first body occurrence (spans into ``text``); a figure
    only in the title keeps its title occurrence (spans into ``title``, ``in_title=True``).
    Vague figures are kept once per (measure, wording).  Order: title-only figures, then body.

    ``published`` (the article's date, if known) tells earlier events' figures from the
    story's: "in 2019, a quake killed 300" is background in an article of 2025 even when no
    later year is written in it.  Without it the latest year in the text stands in.
    """
    from figures.extract import extract_text

    seen: set[tuple[str, str]] = set()
    year = published.year if published is not None else None
    # repeats are skipped as they are found
    kept_body = extract_text(text or "", seen=seen, year=year, story_title=title)
    kept_title = extract_text(title, title=True, seen=seen) if title else []
    if kept_title and kept_body:
        kept_title = [f for f in kept_title if not _rounded_in_body(f, kept_body)]
    return kept_title + kept_body


def _rounded_in_body(f: Figure, body: list[Figure]) -> bool:
    """A headline's round hedged figure ("Toll Passes 74,000") that the body gives exactly
    (74,180): the same figure, not a new one."""
    if f.hedge is None or f.value is None or f.low == f.high:
        return False
    for b in body:
        if b.measure != f.measure or b.value is None or b.hedge == f.hedge:
            continue
        if f.low is not None and not f.low <= b.value <= f.low * 1.05:
            continue
        if f.high is not None and not f.high * 0.95 <= b.value <= f.high:
            continue
        if f.low is None and f.high is None and abs(b.value - f.value) > 0.05 * f.value:
            continue
        return True
    return False


def dedupe_key(
    measure: str,
    value: float | None,
    low: float | None,
    high: float | None,
    vague: bool,
    text: str,
) -> tuple[str, str]:
    """What makes two figures of one article the same: the novelty key, or for a vague
    figure its measure and wording."""
    if vague or value is None:
        return measure, "~" + " ".join(text.lower().split())
    if low is not None and high is not None and low < high:
        return measure, f"{value_key(low)}-{value_key(high)}"
    return measure, value_key(value)
