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
import re
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
    out = kept_title + kept_body
    for f in out:
        if f.measure == "money:usd" and _bare_dollar(f.text):
            low = f"{title or ''}\n{text or ''}".lower()
            cur = _local_dollar(low)
            if cur is not None:
                return _relabel_dollars(out, cur, _us_amounts(low))
            break
    return out


# A bare "$" or "dollars" in the copy of a Singaporean, Australian or Canadian outlet is
# the local dollar: the text names that one country and not the United States (a "U.S.
# dollars" conversion beside the amount is no sign of the US).
_LOCAL_DOLLAR = (
    ("sgd", ("singapore",)),
    ("aud", ("australia", "asx")),
    ("cad", ("canada", "canadian", "quebec", "ontario", "british columbia", "alberta")),
)
# signs of a local outlet: dollars marked as American, a local exchange or regulator, a
# local dateline (not wire copy, which writes US dollars as "$")
_LOCAL_BODIES = ("asx", "pdpc", "oaic", "tsx", "privacy commissioner of canada")
_LOCAL_DATELINES = ("singapore -", "singapore —", "singapore –", "sydney -", "sydney —",
                    "melbourne -", "melbourne —", "toronto -", "toronto —", "montreal -",
                    "montreal —", "ottawa -", "ottawa —", "vancouver -", "vancouver —")  # fmt: skip
_WIRES = ("(ap)", "(reuters)", "(afp)", "(bloomberg)", "associated press")
_US_MARKS = ("u.s.", "united states", "america", "washington", "new york")


def _bare_dollar(t: str) -> bool:
    low = t.lower()
    if "$" in low:
        return "us$" not in low and "u.s." not in low
    return low.endswith(("dollars", "dollar")) and "u.s." not in low and " us " not in low


def _local_dollar(low: str) -> str | None:
    """The local dollar of a text that names one dollar country only (see above)."""
    found = None
    for cur, marks in _LOCAL_DOLLAR:
        if any(m in low for m in marks):
            if found is not None:
                return None
            found = cur
    if found is None or not (
        "u.s. dollar" in low or "us$" in low or any(m in low for m in _LOCAL_BODIES)
        or (low.lstrip().startswith(_LOCAL_DATELINES) and not any(w in low[:200] for w in _WIRES))
    ):
        return None
    if "u.s. dollar" in low:
        low = low.replace("u.s. dollar", "")
    if any(m in low for m in _US_MARKS):
        return None
    return found


_US_AMOUNT = re.compile(r"us\$\s?(\d[\d,]*(?:\.\d+)?)\s?(k|m|bn|million|billion)?\b")
_US_SCALE = {"k": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}


def _us_amounts(low: str) -> set[float]:
    """Amounts the text writes as "US$N": a bare "$N" of the same value is that one."""
    if "us$" not in low:
        return set()
    return {
        float(m.group(1).replace(",", "")) * _US_SCALE.get(m.group(2) or "", 1.0)
        for m in _US_AMOUNT.finditer(low)
    }


def _relabel_dollars(figs: list[Figure], cur: str, us: set[float]) -> list[Figure]:
    from dataclasses import replace

    out: list[Figure] = []
    keys = {(f.measure, f.value) for f in figs}
    for f in figs:
        if f.measure == "money:usd" and _bare_dollar(f.text) and f.value not in us:
            m = f"money:{cur}"
            if (m, f.value) in keys:
                continue  # already there in the local wording
            f = replace(f, measure=m)
        out.append(f)
    return out


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
