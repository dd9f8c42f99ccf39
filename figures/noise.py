"""Text preparation and noise: what is a number but not a figure.

:func:`prepare` normalises text *without changing its length* (so spans found in the prepared
text are spans of the original): quotes and dashes are unified, URLs, handles, markdown link
targets and boilerplate lines ("Related article: ...", "Sign up now", photo credits, embedded
posts) are blanked with spaces.

:func:`noise_reason` says why a number is not a figure: a date, a year, a time, an age, a
duration, an ordinal, an identifier ("Flight 370", "No. 3"), a unit of measurement, a part of
a code glued to letters ("F-16", "COVID-19"), a fraction or a page counter ("1 of 5").
"""

from __future__ import annotations

import re

from figures.measures import EVENT_NOUNS, EVENT_WORDS, NOUNS
from figures.numbers import Num

__all__ = ["noise_reason", "prepare"]

# Characters unified before anything else, one for one (offsets must not move).
_REPLACE: tuple[tuple[str, str], ...] = (
    ("\u2018", "'"), ("\u2019", "'"), ("\u201a", "'"), ("\u201b", "'"), ("\u2032", "'"),
    ("\u201c", '"'), ("\u201d", '"'), ("\u201e", '"'), ("\u00ab", '"'), ("\u00bb", '"'),
    ("\u2010", "-"), ("\u2011", "-"), ("\u2012", "-"), ("\u2013", "-"), ("\u2212", "-"),
    ("\u2015", "\u2014"), ("\u00a0", " "), ("\u2009", " "), ("\u202f", " "), ("\u2007", " "),
    ("\u200b", " "), ("\u00ad", " "), ("\ufeff", " "),
)  # fmt: skip

# Spans blanked with spaces: URLs, e-mail addresses, handles, hashtags, link targets.
# Each pattern starts with a literal and runs only when that literal occurs (speed).
_URL_RE = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+")
_HASHTAG_RE = re.compile(r"(?<![\w#&])#\w+")
_MDLINK_RE = re.compile(r"\]\([^)\s]*\)")
_ANGLE_RE = re.compile(r"<[^<>\s]*>")
_TLD_RE = re.compile(r"\.(?:com|org|net|co\.uk|gov|io|ru|ua|kr)\b(?:/\S*)?")
_HANDLE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_.+-")

# Lines that are page furniture rather than article text.  Blanked whole.
_LINE_RE = re.compile(
    r"""
    ^[ \t>*#_\[-]*(?:\*\*)?
    (?:
        (?:related|also\s+read|read\s+(?:more|also|next|the\s+full)|see\s+also|more\s+on\s+this
          |recommended|more\s+from|most\s+(?:read|popular)|trending|you\s+may\s+also\s+like
          |further\s+reading|latest\s+news|top\s+stories|sign\s+up|subscribe|follow\s+(?:topic|us)
          |download\s+the|get\s+(?:the|our)\s+\w+\s+newsletter|disclaimer|advertisement
          |share\s+this|click\s+here|editor'?s\s+note|copyright|all\s+rights\s+reserved|watch\s+now
          |listen\s+to|updated|published|last\s+updated)\b
      | (?:photo|image|picture|video|caption|credit|source|watch|listen|file\s+photo)s?\s*:
      | \d+\s+min(?:ute)?s?\s+read\b
      | [\u2014-]\s*[^\n]{0,80}\(\s*@?[\w.]*\s*\)\s*(?:[a-z]+\s+\d{1,2},\s+\d{4})?\s*$   # "- Name (@x) date"
    )
    [^\n]*$
    """,
    re.VERBOSE | re.IGNORECASE | re.MULTILINE,
)


# Quick first words of furniture lines; _LINE_RE confirms.
_LINE_PREFIXES = (
    "related", "also read", "read ", "see also", "more ", "recommended", "most ", "trending",
    "you may", "further reading", "latest news", "top stories", "sign up", "subscribe",
    "follow ", "download the", "get the", "get our", "disclaimer", "advertisement",
    "share this", "click here", "editor", "copyright", "all rights", "watch", "listen",
    "updated", "published", "last updated", "photo", "image", "picture", "video", "caption",
    "credit", "source", "file photo", "\u2014", "-", "0", "1", "2", "3", "4", "5", "6", "7", "8",
    "9",
)  # fmt: skip


_PREFIX_FIRST = frozenset(p[0] for p in _LINE_PREFIXES)

# Short words a Title Case headline leaves in lower case.
_MINOR_WORDS = frozenset(
    {"a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by", "with",
     "from", "as", "vs", "via", "per", "into", "over", "after"}
)  # fmt: skip


_CLOSERS = frozenset(".!?:;,\"')\u201d ")


def _headline_line(line: str) -> bool:
    """A Title Case line with no closing punctuation inside a body ("3 Hospitalized After
    Wrong-Way Crash in North Richland Hills"): a link to another story, not this one's text."""
    words = line.split()
    if not 4 <= len(words) <= 16 or line.rstrip()[-1:] in ".!?:;,\"')”":
        return False
    big = 0
    for w in words:
        w = w.strip("\"'‘’“”(")
        if not w:
            continue
        if w.lower() in _MINOR_WORDS:
            continue
        if not (w[0].isupper() or w[0].isdigit()):
            return False
        big += w[0].isupper()
    return big >= 3


def _blank_spans(low: str, clean: str = "") -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if "http" in low or "www." in low or "pic.twitter" in low:
        spans += [m.span() for m in _URL_RE.finditer(low)]
    if "#" in low:
        spans += [m.span() for m in _HASHTAG_RE.finditer(low)]
    if "]" in low and "](" in low:  # a one-character scan first: most texts have no "]"
        spans += [m.span() for m in _MDLINK_RE.finditer(low)]
    if "<" in low:
        spans += [m.span() for m in _ANGLE_RE.finditer(low)]
    if "@" in low:  # e-mail addresses and handles: expand around each "@"
        i = low.find("@")
        while i != -1:
            a, b = i, i + 1
            while a > 0 and low[a - 1] in _HANDLE_CHARS:
                a -= 1
            while b < len(low) and low[b] in _HANDLE_CHARS:
                b += 1
            spans.append((a, b))
            i = low.find("@", b)
    # bare domains: expand left of ".com" and friends (one regex search, anchored on its
    # literal ".", is 7x cheaper than a substring test per domain)
    if _TLD_RE.search(low) is not None:
        for m in _TLD_RE.finditer(low):
            a = m.start()
            while a > 0 and (low[a - 1].isalnum() or low[a - 1] in "-._"):
                a -= 1
            if a < m.start():
                spans.append((a, m.end()))
    # furniture lines
    pos = 0
    for line in low.split("\n"):
        if not line:
            pos += 1  # blank lines between paragraphs: half the lines of most texts
            continue
        stripped = line.lstrip(" \t>*#_[-")
        quick = (
            stripped[:1] in _PREFIX_FIRST and stripped.startswith(_LINE_PREFIXES)
        ) or line[0] in "-\u2014"
        if quick and _LINE_RE.match(line):
            spans.append((pos, pos + len(line)))
        elif (
            clean
            and pos > 0
            and 12 < len(line) < 110
            and line[-1] not in _CLOSERS
            and _headline_line(clean[pos : pos + len(line)])
        ):
            spans.append((pos, pos + len(line)))  # not the first line: a title may open a text
        pos += len(line) + 1
    return spans


def prepare(text: str) -> tuple[str, str]:
    """Return ``(clean, low)``: the blanked text with its case, and a lower-cased copy.

    Both have exactly ``len(text)`` characters, so offsets carry over to ``text``.
    """
    clean = text
    if not clean.isascii():
        for fancy, plain in _REPLACE:
            if fancy in clean:
                clean = clean.replace(fancy, plain)
    low = clean.lower()
    if len(low) != len(clean):  # a few characters lower-case to two ("İ"); keep them as is
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in clean)
    spans = _blank_spans(low, clean)
    if not spans:
        return clean, low
    spans.sort()
    cparts: list[str] = []
    lparts: list[str] = []
    last = 0
    for a, b in spans:
        if b <= last:
            continue
        a = max(a, last)
        cparts.append(clean[last:a])
        lparts.append(low[last:a])
        gap = " " * (b - a)
        if "\n" in clean[a:b]:
            gap = "".join("\n" if c == "\n" else " " for c in clean[a:b])
        cparts.append(gap)
        lparts.append(gap)
        last = b
    cparts.append(clean[last:])
    lparts.append(low[last:])
    return "".join(cparts), "".join(lparts)


# What follows a number and makes it not a count.
# A verb done to people or things right before "N of M": the part is a count, not a counter.
_PART_VERB_RE = re.compile(
    r"\b(?:rescued|saved|freed|released|evacuated|killed|injured|wounded|recovered|downed"
    r"|intercepted|destroyed|arrested|captured)\s+(?:(?:at\s+least|only|just|all\s+but)\s+)?$"
)
_NO_ONE_RE = re.compile(r"\bno\s$|\bnot\s$")
_FOLLOW_RE = re.compile(
    r"""
    (?:\s|-)*
    (?:
        (?P<old>(?:years?|months?)\s+old\b|-?year-olds?\b)
      | (?P<month>(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\b\.?
          |may\b(?=\s*(?:[,.]|\d|$)))
      | (?P<unit>(?:years?|yrs?|months?|weeks?|days?|hours?|hrs?|minutes?|mins?|seconds?|secs?
          |decades?|centur(?:y|ies)|nights?|weekends?|milliseconds?|quarters?|semesters?
          |innings|laps?|sessions?|rounds?|terms?|times|fold|thirds?|halves|half|fifths?
          |sixths?|tenths?|a\.m(?=\.)|p\.m(?=\.)|am|pm|gmt|utc|bst|cet|est|edt|pst|pdt|o'clock
          |km|kms|kilomet(?:er|re)s?|miles?|met(?:er|re)s?|feet|foot|ft|inch(?:es)?|cm|mm
          |kg|kilos?|kilograms?|grams?|lbs?|tons?|tonnes?|mph|kph|km/h|knots?|degrees?
          |gb|mb|tb|kb|ghz|mhz|kw|mw|gw|kwh|mwh|hz|mp|calories|points?|pts|goals?|runs?
          |votes?|seats?|yards?|sq|cubic|litres?|liters?|gallons?|barrels?|bpd
          |storey|story|stories|floors?|ounces?|oz|th|st|nd|rd
          |percentage\s+points?|basis\s+points?|bps|games?|matches|wins|losses|sets
          |stars?|things|ways|reasons|tips|takeaways|questions|lessons|facts|steps)\b
          | °)
      | (?P<of>of\s+(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten)\b))
      | (?P<ratio>in\s+(?:\d{1,2}\b(?![,.]\d)|(?:two|three|four|five|six|seven|eight|nine|ten
          |a\s+hundred|a\s+thousand)\b))
      | (?P<outof>out\s+of\s+(?:\d|[a-z]+\b))
    )
    """,
    re.VERBOSE,
)

# What precedes a number and makes it not a count (dates, identifiers, ages).
_PRECEDE_MONTHS = frozenset(
    [
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
_PRECEDE_WDAYS = frozenset(
    [
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)
# Full month and weekday names: a "." after one ends a sentence ("Sept." is an abbreviation).
_FULL_NAMES = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
     "friday", "saturday", "sunday"}
)  # fmt: skip
_PRECEDE_AGE = frozenset({"aged", "age", "ages"})
_PRECEDE_ID = frozenset(
    [
        "no",
        "nos",
        "number",
        "nr",
        "page",
        "pages",
        "pp",
        "vol",
        "volume",
        "chapter",
        "article",
        "section",
        "clause",
        "season",
        "episode",
        "ep",
        "round",
        "stage",
        "level",
        "phase",
        "grade",
        "category",
        "cat",
        "type",
        "version",
        "route",
        "flight",
        "room",
        "ward",
        "district",
        "highway",
        "interstate",
        "gate",
        "platform",
        "channel",
        "ranked",
        "rank",
        "ranking",
        "rated",
        "top",
        "model",
        "series",
        "class",
        "division",
        "tier",
        "act",
        "figure",
        "fig",
        "iphone",
        "windows",
        "galaxy",
        "pixel",
        "xbox",
        "ps",
        "playstation",
        "covid",
        "mark",
        "mk",
        "fy",
        "code",
        "ticket",
        "apollo",
        "boeing",
        "airbus",
        "#",
    ]
)


def _precede_kind(low: str, start: int) -> str | None:
    """'month', 'wday', 'age' or 'id' for the word right before a number, else None."""
    seg = low[max(0, start - 24) : start]
    r = seg.rstrip()
    if not r:
        return None
    if r.endswith("#"):
        return "id"
    if r.endswith("all but") and (len(r) == 7 or not r[-8].isalnum()):
        if "restored" in low[max(0, start - 60) : start]:
            return None  # "power restored to all but 48,000 homes": those are still without
        return "id"  # "all but four"
    words = r.split()
    last = words[-1]
    w = last.strip("(\"'[").rstrip(".,:;!?")
    # "... on Saturday. At least 120 people": a full name that ends a sentence or a clause
    # is not the first part of a date ("Sept. 2" and "Saturday, March 3" still are)
    ends_clause = last[-1] in ",:;!?" or (last[-1] == "." and w in _FULL_NAMES)
    if w in _PRECEDE_MONTHS and not ends_clause:
        return "month"
    if w in _PRECEDE_WDAYS and not ends_clause:
        return "wday"
    if w in _PRECEDE_AGE:
        return "age"
    if w == "of" and len(words) >= 2 and words[-2] in ("age", "ages"):
        return "age"  # "under the age of 25", "between the ages of 18 and 25"
    if w == "top" and len(words) >= 2 and _plural_word(words[-2]):
        return None  # "refugees top 160,000", "deaths top 1,000": a verb, not a rank
    if w in _PRECEDE_ID and not (w == "no" and r.endswith(("no", "no,"))):
        return "id"  # "No. 3" (but "no 300 soldiers" reads as a quantity)
    return None


_YEARISH_PRECEDE_RE = re.compile(
    r"\b(?:since|from|until|till|in|by|during|before|after|early|late|mid|circa|fiscal|fy|of"
    r"|year|summer|winter|spring|autumn|fall|the|his|her|its|their|a|an|this|that|and|or"
    r"|through|to|between)-?\s*$"
)


def noise_reason(n: Num, low: str, clean: str, *, title: bool = False) -> str | None:
    """Why the number ``n`` is not a count, or None when it may be one.

    ``low``/``clean`` are the prepared text (lower-cased / case kept).  A returned ``"year"``
    is soft: the caller keeps such a number when a counted noun follows it right away.
    """
    if n.kind == "vague":
        return None
    cs, ce = n.core_start, n.core_end
    size = len(low)
    before = low[cs - 1] if cs > 0 else " "
    after = low[ce] if ce < size else " "
    # glued to letters, codes and identifiers: "A87581", "F-16", "COVID-19", "80th", "5m"
    glued = before.isalnum() or before in "_/\\#@:.&"
    if glued and not (before == "." and cs >= 2 and not low[cs - 2].isdigit()):
        return "code"
    if before == "-" and cs >= 2 and low[cs - 2].isalnum():
        return "code"
    if n.kind == "digits" and (before == "'" or before == "’") and len(n.raw) == 2:
        return "year"  # '22
    if after.isalpha():
        return "ordinal" if low[ce : ce + 2] in ("th", "st", "nd", "rd") else "code"
    if after == "-":
        nxt = low[ce + 1] if ce + 1 < size else " "
        if nxt.isdigit():
            return "code"  # "3-1" score, "2022-23" season, a phone number
        if nxt.isalpha() and not low.startswith(("strong", "plus"), ce + 1):
            return "compound"  # "30-day", "25-year-old", "three-day", "two-thirds", "40-acre"
    if after in ":/" and ce + 1 < size and low[ce + 1].isdigit():
        return "time"
    if after == "." and ce + 1 < size and low[ce + 1].isdigit():
        return "code"
    if after == ")" and before == "(" and n.kind == "digits" and not n.percent and not n.currency:
        return "age"  # "Kim (25)" or a footnote
    if n.percent:
        return None
    fm = _FOLLOW_RE.match(low, ce)
    if fm is not None:
        kind = fm.lastgroup
        v = n.value or 0
        if kind == "old":
            return "age"
        if kind == "month":
            if v <= 31 and not n.scaled:
                return "date"
        elif kind == "unit":
            return "unit"
        elif kind == "of" or (kind == "outof" and fm.group("outof")[-1].isdigit()):
            # "27 out of 46 flats" reads as "27 of 46 flats" ("one out of five" stays a ratio)
            if v <= 20 and not _PART_VERB_RE.search(low, max(0, n.start - 24), n.start):
                return "counter"  # "1 of 5"; not "rescued 12 of 15 miners"
        elif kind == "ratio":
            if v <= 10:
                return "ratio"  # "one in five"
        else:
            return "ratio"
    if n.value == 1 and _NO_ONE_RE.search(low, max(0, n.start - 4), n.start):
        return "none"  # "no one was hurt", "not one building": nobody, not a count of one
    # a hedged number is never a date or a name: "in March more than 300", "Sunday some 40"
    kind = _precede_kind(low, n.start)
    if kind in ("month", "wday") and (n.start != n.core_start or _counted_after(low, ce)):
        kind = None  # "on Saturday 14 people were evacuated": a count after all
        if n.start == n.core_start and _dated_event(low, n.start, ce):
            kind = "month"  # "the Nov. 4 arrests", "the March 3 attacks": a date after all
    if kind is not None:
        if kind == "month":
            if (n.value or 0) <= 31 or _is_year(n):
                return "date"
        elif kind == "wday":
            return "date"
        elif kind == "age":
            return "age"
        else:
            return "identifier"
    if _is_year(n):
        return "year"
    if n.kind == "words" and n.raw == "one" and low.startswith((" of ", " another", " by one"), ce):
        return "one-of"
    if (
        not title
        and n.kind == "digits"
        and n.value is not None
        and n.value < 1000
        and "," not in n.raw
        and not n.currency
        and n.start == n.core_start
        and _capitalised_before(clean, n.start)
    ):
        return "name"  # "Destiny 2", "Boeing 737", "Apollo 11"
    return None


def _plural_word(w: str) -> bool:
    return (
        w.isalpha()
        and len(w) > 3
        and w.endswith("s")
        and not w.endswith(("ss", "us", "is"))
        and w not in ("this", "thus", "plus", "news")
    )


_DATE_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "that"})


def _dated_event(low: str, start: int, end: int) -> bool:
    """'the Nov. 4 arrests': a month after a determiner and an event noun (not a counted noun)
    after the number date the event; the number counts nothing."""
    before = low[max(0, start - 30) : start].split()
    if len(before) < 2 or before[-2] not in _DATE_DETERMINERS:
        return False
    after = low[end : end + 24].split(None, 2)
    w = after[0].rstrip(",.;:") if after else ""
    return w in EVENT_NOUNS and w not in NOUNS and w not in EVENT_WORDS


def _counted_after(low: str, end: int) -> bool:
    """Is the word after ``end`` a plural counted noun or an event ("14 people", "12 dead")?"""
    seg = low[end : end + 24].split(None, 2)
    if not seg:
        return False
    w = seg[0].rstrip(",.;:")
    hit = NOUNS.get(w)
    return (hit is not None and hit[2]) or (w in EVENT_NOUNS and w not in EVENT_WORDS)


def _is_year(n: Num) -> bool:
    return (
        n.kind == "digits"
        and len(n.raw) == 4
        and n.raw.isdigit()
        and 1800 <= int(n.raw) <= 2100
        and not n.currency
        and not n.scaled
        and not n.percent
        and not n.is_range
    )


_NOT_NAMES = frozenset(
    {
        "At", "About", "Around", "Over", "Some", "Only", "Nearly", "Almost", "Than", "To", "Of",
        "And", "Or", "By", "With", "For", "In", "On", "From", "The", "All", "Another", "Just",
        "Roughly", "Approximately", "Least", "Most", "Up", "Killed", "Kills", "Kill", "Killing",
        "Sent", "Sends", "Send", "Deploys", "Deployed", "Deploy", "Injured", "Injures", "Wounded",
        "Evacuated", "Evacuates", "Arrested", "Arrests", "Captured", "Captures", "Destroyed",
        "Destroys", "Affected", "Affects", "Leaves", "Left", "Tops", "Passes", "Hits", "Reaches",
        "Rises", "Exceeds", "Surpasses", "Nears", "Climbs", "Jumps", "Toll", "Dead",
        "Deaths", "Displaces", "Displaced", "Missing", "Exposes", "Exposed", "Rescued",
        "Rescues", "Claims", "Claimed", "Says", "Said", "Additional", "More", "Extra",
        "Say", "Suffered", "Suffers", "Loses", "Lost", "Has", "Have", "Had", "Is", "Are",
        "Was", "Were", "Stands", "Stood", "Reach", "Rise", "Rose", "Burns", "Burned",
    }
)  # fmt: skip


def _capitalised_before(clean: str, start: int) -> bool:
    """Is the number right after a capitalised name inside a sentence ("Destiny 2")?"""
    seg = clean[max(0, start - 30) : start]
    if not seg or seg[-1] not in " \t":
        return False
    parts = seg.split()
    if len(parts) < 2:
        return False
    w = parts[-1]
    if not (w.isalpha() and w[0].isupper()) or w in _NOT_NAMES:
        return False
    if w.lower() in _PRECEDE_WDAYS or w.lower() in _PRECEDE_MONTHS:
        return False  # dates are decided by noise_reason's date rules
    prev = parts[-2]
    if prev[-1] in ".!?:;\"'(":
        return False
    return "\n" not in seg[len(seg) - len(w) - 2 :]
