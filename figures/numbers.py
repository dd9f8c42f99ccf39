"""Number recognition: digits, scales, number words, ranges, hedges and vague amounts.

Everything here works on a *lower-cased, length-preserving* copy of the text (see
:func:`figures.noise.prepare`), so every span found is also a span of the caller's original
string.  The scanner is one precompiled regular expression plus a little Python per match;
deciding whether a number is noise (a date, an age, ...) or what it counts is done elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "HEDGE_KIND",
    "Num",
    "alpha_words",
    "parse_words",
    "scan_numbers",
]

# --- number words -------------------------------------------------------------------------

_UNITS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES: dict[str, int] = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    # South Asian scales written out: "over a lakh residents", "two crore"
    "lakh": 100_000,
    "crore": 10_000_000,
}
_SCALE_SUFFIX: dict[str, float] = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
    # South Asian scales: "1.2 crore users" is 12 million, "87 lakh" 8.7 million
    "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7,
}  # fmt: skip

_NW = "(?:" + "|".join(sorted([*_UNITS, *_SCALES, "dozen"], key=len, reverse=True)) + ")"

_CURRENCY_PREFIX: dict[str, str] = {
    "us$": "usd", "$": "usd", "usd": "usd", "€": "eur", "eur": "eur", "£": "gbp", "gbp": "gbp",
    "¥": "jpy", "c$": "cad", "ca$": "cad", "cdn$": "cad", "a$": "aud", "au$": "aud", "nz$": "nzd",
    "sg$": "sgd", "hk$": "hkd", "s$": "sgd", "rs": "inr", "rs.": "inr", "₹": "inr",
    "inr": "inr", "₦": "ngn",
}  # fmt: skip
_CURRENCY_SUFFIX: dict[str, str] = {
    "dollars": "usd", "dollar": "usd", "euros": "eur", "euro": "eur", "pounds": "gbp",
    "yen": "jpy", "yuan": "cny", "rupees": "inr", "roubles": "rub", "rubles": "rub",
    "hryvnias": "uah", "won": "krw", "naira": "ngn",
    # a named dollar: "210,000 Singapore dollars", "12 million Canadian dollars"
    "singapore dollars": "sgd", "australian dollars": "aud", "canadian dollars": "cad",
    "new zealand dollars": "nzd", "hong kong dollars": "hkd", "u.s. dollars": "usd",
}  # fmt: skip

# One scanner for all kinds of number atoms.  Order of the alternatives matters: vague plurals
# first ("hundreds of thousands"), then digits (with currency and scale), then words.
_ATOM_RE = re.compile(
    r"""
    (?P<vague>
        \b(?:tens|hundreds)\s+of\s+thousands\b
      | \b(?:hundreds|tens)\s+of\s+millions\b
      | \b(?:several|a\s+few|many|some)\s+(?:hundred|thousand|million|dozen)\b(?!\s+(?:and\s+)?\w+teen)
      | \b(?:dozens|scores|hundreds|thousands|millions|billions)\b
    )
  | (?P<digits>
        (?:(?P<cur>us\$|hk\$|cdn\$|ca\$|au\$|nz\$|sg\$|s\$|c\$|a\$|\$|€|£|¥|₹|\busd\s?|\beur\s?|\bgbp\s?)\s?)?
        (?P<d>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
        (?:(?P<sc1>\s?(?:thousand|million|billion|trillion|mln|bn|mn|tn|lakhs?|crores?)\b)|(?P<sc2>[kmb])(?![a-z\d]))?
        (?P<pct>\s?%|\s?(?:percent|per\s+cent)\b)?
    )
  | (?P<words>
        \b(?P<pre>(?:a|half\s+a|one\s+and\s+a\s+half)\s+
               (?=(?:dozen|hundred|thousand|million|billion|lakh|crore)\b))?
        """
    + _NW
    + r"(?:(?:\s+and\s+|[\s-]+)"
    + _NW
    + r""")*\b
        (?P<wpct>\s(?:percent|per\s+cent)\b)?
    )
    """,
    re.VERBOSE,
)

# Hedges written before a number, longest first; matched against the text just before it.
_HEDGES_BEFORE: dict[str, str] = {
    # approximate
    "around": "approx", "about": "approx", "approximately": "approx", "approx.": "approx",
    "roughly": "approx", "some": "approx", "an estimated": "approx", "estimated": "approx",
    "close to": "max", "nearly": "max", "almost": "max", "up to": "max", "as many as": "max",
    "fewer than": "max", "less than": "max", "at most": "max", "under": "max", "below": "max",
    "just under": "max", "not more than": "max", "no more than": "max",
    "more than": "min", "over": "min", "at least": "min", "upwards of": "min",
    "in excess of": "min", "surpassed": "min", "surpassing": "min", "exceeded": "min",
    "exceeding": "min", "topped": "min", "topping": "min", "passed": "min", "above": "min",
    "tops": "min", "surpasses": "min", "exceeds": "min", "passes": "min", "nears": "max",
    "nearing": "max", "neared": "max", "past": "min",
    "well over": "min", "just over": "min", "well above": "min", "no fewer than": "min",
    "no less than": "min", "a minimum of": "min", "beyond": "min",
    "only": "exact", "just": "exact", "exactly": "exact", "precisely": "exact",
    "between": "range", "from": "from",
}  # fmt: skip
HEDGE_KIND: dict[str, str] = dict(_HEDGES_BEFORE)
HEDGE_KIND.update({"or more": "min", "plus": "min", "or so": "approx", "+": "min"})


def phrase_before(
    low: str, pos: int, table: dict[str, str] | frozenset[str]
) -> tuple[str, int] | None:
    """The longest phrase of ``table`` (up to 4 words) that ends just before ``pos``.

    Returns the phrase and its start.  There must be white space between the phrase and
    ``pos`` and a non-word character before the phrase.  String operations only: this runs
    for every number and a regex search over the window is several times slower.
    """
    if pos == 0 or not low[pos - 1].isspace():
        return None
    seg = low[max(0, pos - 40) : pos]
    r = seg.rstrip()
    if not r or r.rsplit(None, 1)[-1] not in _LAST_WORDS:  # quick reject
        return None
    words = r.split()[-4:]
    for k in range(len(words), 0, -1):
        ph = " ".join(words[-k:])
        if ph in table and r.endswith(ph):
            at = len(r) - len(ph)
            if at > 0 and (r[at - 1].isalnum() or r[at - 1] in "-_"):
                continue
            return ph, pos - len(seg) + at
    return None


_HEDGE_AFTER_RE = re.compile(r"(?P<h>\s+or\s+more\b|\s+or\s+so\b|-?plus\b|\+)")
_RANGE_SEP_RE = re.compile(r"\s*(?:-|–|—)\s*|\s+(?P<w>to|and|or)\s+")


@dataclass(slots=True)
class Num:
    """A number expression found in text (before deciding what, if anything, it counts).

    ``start``/``end`` cover the whole expression including a hedge ("around 300");
    ``core_start``/``core_end`` cover the number itself ("300", "300-400", "$22 million").
    """

    start: int
    end: int
    core_start: int
    core_end: int
    value: float | None
    low: float | None
    high: float | None
    hedge: str | None
    vague: bool
    kind: str  # "digits" | "words" | "vague"
    currency: str | None = None
    percent: bool = False
    scaled: bool = False  # a scale word or suffix was present ("1.2 million", "190M")
    raw: str = ""  # the digits as written, e.g. "2,700" (noise checks look at its shape)
    is_range: bool = False
    from_: bool = False  # written as "from X" (a previous value in "rose from X to Y")


def parse_words(words: str) -> float | None:
    """Value of a run of English number words ("twenty-seven hundred", "dozen") or None.

    Invalid sequences ("one two", "seven twenty") give None rather than a guess.
    """
    total = 0
    current = 0
    small = 0  # the part added since the last multiplier ("twenty" in "two hundred twenty")
    prev_tens = False
    for t in re.split(r"[\s-]+", words.strip()):
        if not t or t == "and":
            continue
        if t in _UNITS:
            v = _UNITS[t]
            if small and not (prev_tens and v < 10):
                return None
            current += v
            small += v
            prev_tens = v >= 20 and v % 10 == 0
        elif t == "dozen":
            current = (current or 1) * 12
            small, prev_tens = 0, False
        elif t == "hundred":
            current = (current or 1) * 100
            small, prev_tens = 0, False
        elif t in _SCALES:
            total += (current or 1) * _SCALES[t]
            current = small = 0
            prev_tens = False
        else:
            return None
    return float(total + current)


# Fast candidate search: a C-level scan for digit runs plus ``str.find`` for each number word
# is an order of magnitude faster than running the full pattern at every position.
_FIND_WORDS = (*_UNITS, *_SCALES, "dozen", "scores")
_FIND_WORD_SET = frozenset(_FIND_WORDS)
# Words are found first as whole tokens (C-level split and set intersection), then located.
_FIND_SET = _FIND_WORD_SET | {"dozens", "hundreds", "thousands", "millions", "billions"}
_FIND_BYTES = frozenset(w.encode() for w in _FIND_SET)
# What may precede the first digit or word of an atom (currency, "a", "tens of", ...).
_WORD_PREFIXES = frozenset(
    {"tens of", "hundreds of", "several", "a few", "many", "some", "a", "half a",
     "one and a half"}
)  # fmt: skip
# Last words of every phrase looked for before a number (hedges, prefixes): a quick filter.
_LAST_WORDS = frozenset(
    h.split()[-1] for h in (*_HEDGES_BEFORE, *_WORD_PREFIXES, "between", "from")
)
_PREFIX_LAST = frozenset({"of", "several", "few", "many", "some", "a", "half", "usd", "eur", "gbp"})
_CURRENCY_GLUED = ("us$", "hk$", "s$", "c$", "a$", "$", "€", "£", "¥", "₹", "₦")
_CURRENCY_SPACED = ("usd", "eur", "gbp", "$", "€", "£", "¥", "₹", "us$", "₦")


def _prefix_start(low: str, p: int, last: int) -> int | None:
    """Where an atom whose digits or first number word sit at ``p`` may start."""
    if p == 0:
        return None
    c = low[p - 1]
    if not c.isspace():
        for cur in _CURRENCY_GLUED:
            if low.endswith(cur, max(0, p - len(cur)), p):
                q = p - len(cur)
                return q if q >= last else None
        return None
    seg_end = p - 1
    c2 = low[p - 2] if p >= 2 else " "
    if c2.isalpha():  # quick reject unless the word before is a prefix's last word
        w = low[low.rfind(" ", max(0, p - 16), p - 1) + 1 : p - 1]
        if w not in _PREFIX_LAST:
            return None
    for cur in _CURRENCY_SPACED:  # "USD 5", "$ 5"
        if low.endswith(cur, max(0, seg_end - len(cur)), seg_end):
            q = seg_end - len(cur)
            if q >= last and (q == 0 or not low[q - 1].isalpha() or cur[0] in "$€£¥₹u"):
                return q
    found = phrase_before(low, p, _WORD_PREFIXES)
    if found is not None and found[1] >= last:
        return found[1]
    return None


# Digits are found by one C-level scan: the pattern starts with a digit, so ``finditer`` skips
# to candidate positions without trying the pattern elsewhere.  Currency before the digits is
# read with a few character tests (see :func:`_currency_before`).
_DIGIT_RE = re.compile(
    # the first digit is factored out so that the pattern starts with a character class:
    # then the regex engine jumps between digits instead of trying every position (4x faster)
    # Indian grouping too: "1,20,344" is 120,344 (lakhs and crores grouped by two digits)
    r"(?P<d>\d(?:\d?(?:,\d\d)+,\d{3}(?![\d,])|\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?))"
    r"(?:(?P<sc1>\s?(?:thousand|million|billion|trillion|mln|bn|mn|tn|lakhs?|crores?)\b)|(?P<sc2>[kmb])(?![a-z\d]))?"
    r"(?P<pct>\s?%|\s?(?:percent|per\s+cent)\b)?"
)
_CURRENCY_SIGNS = frozenset("$€£¥₹₦")
_CURRENCY_CODES = ("usd", "eur", "gbp", "inr")
# Every byte but a-z splits words: number words are found as whole words of this split.
_NON_ALPHA = bytes.maketrans(
    bytes(b for b in range(256) if not 97 <= b <= 122), b" " * (256 - 26)
)


def alpha_words(low: str) -> list[bytes]:
    """The runs of a-z in ``low`` (C-level; shared by the number and trigger-word searches)."""
    return low.encode().translate(_NON_ALPHA).split()


def _currency_before(low: str, p: int, last: int) -> tuple[int, str] | None:
    """(start, ISO code) of a currency written just before digits at ``p``, if any.

    "$5", "us$5", "hk$5", "c$5", "€5", "$ 5", "usd 5", "usd5", "eur  5".
    """
    if p == 0:
        return None
    c = low[p - 1]
    q = p - 1
    if c == " " and p >= 2:
        c = low[p - 2]
        q = p - 2
        if c == " " and p >= 3 and low[p - 3] not in " \n":
            c = low[p - 3]  # "usd  5": two spaces after a code
            q = p - 3
    if c in _CURRENCY_SIGNS:
        if c == "$" and q >= 1:
            if q >= 3 and low[q - 3 : q] == "cdn" and (q == 3 or not low[q - 4].isalpha()):
                q -= 3
            elif (
                q >= 2
                and low[q - 2 : q] in ("us", "hk", "ca", "au", "nz", "sg")
                and (q == 2 or not low[q - 3].isalpha())
            ):
                q -= 2
            elif low[q - 1] in "cas" and (q == 1 or not low[q - 2].isalpha()):
                q -= 1
        if q < last:
            return None
        return q, _CURRENCY_PREFIX[low[q : p].strip()]
    if c.isalpha() and q >= 2 and low[q - 2 : q + 1] in _CURRENCY_CODES:
        q -= 2
        if q < last or (q > 0 and low[q - 1].isalnum()):
            return None
        return q, _CURRENCY_PREFIX[low[q : q + 3]]
    # Indian rupees: "Rs 25 crore", "Rs. 5,000", "Rs25"
    if c == "." and q >= 2 and low[q - 2 : q] == "rs":
        q -= 1
        c = "s"
    if c == "s" and q >= 1 and low[q - 1] == "r":
        q -= 1
        if q < last or (q > 0 and low[q - 1].isalnum()):
            return None
        return q, "inr"
    # Nigerian naira, written glued: "N500m", "N2.5bn", "N150,000" (a lone "N" word before
    # the digits; "N95" and the like stay below the money floor)
    if c == "n" and q == p - 1 and (q == 0 or not low[q - 1].isalnum()) and q >= last:
        return q, "ngn"
    return None


def _word_candidates(low: str, words: Collection[bytes]) -> list[int]:
    """Sorted start positions where a number word may begin."""
    present = {w.decode() for w in _FIND_BYTES.intersection(words)}
    if not present:
        return []
    if "dozens" in present or "hundreds" in present or "thousands" in present:
        present |= {"dozen", "hundred", "thousand"}
    if "millions" in present or "billions" in present:
        present |= {"million", "billion"}
    starts: set[int] = set()
    find = low.find
    for w in present:
        if w not in _FIND_WORD_SET:
            continue
        i = find(w)
        while i != -1:
            if i == 0 or not low[i - 1].isalpha():
                starts.add(i)
            i = find(w, i + len(w))
    return sorted(starts)


def _word_match(low: str, p: int, last: int) -> re.Match[str] | None:
    """The atom of number words (or vague amount) at candidate ``p``, perhaps with a prefix."""
    match = _ATOM_RE.match
    m = None
    q = _prefix_start(low, p, last)
    if q is not None:
        m = match(low, q)
        if m is not None and m.end() <= p:
            m = None
    if m is None:
        m = match(low, p)
    if m is None or m.end() == m.start():
        return None
    return m


def _digit_atom(m: re.Match[str], low: str, original: str, last: int) -> Num:
    p, e = m.span()
    d = m.group("d")
    base = float(d.replace(",", "")) if "," in d else float(d)
    cur = _currency_before(low, p, last)
    s = p if cur is None else cur[0]
    sc1 = m.group("sc1")
    scale = 1.0
    if sc1:
        scale = _SCALE_SUFFIX[sc1.strip()]
    else:
        sc2 = m.group("sc2")
        if sc2:
            # A glued "m" is million only for money or when written as a capital ("190M");
            # "5m" is more often metres.  "b" likewise; "k" is always thousand.
            if (
                sc2 == "k" or cur is not None or original[e - 1].isupper()
                or _glued_million(low, e)
            ):
                scale = _SCALE_SUFFIX[sc2]
            else:
                e = m.end("d")  # glued letters: keep the digits, the noise filter sees them
    if scale != 1.0:
        # in decimal: 4.1 * 1e6 in binary floats is 4099999.9999999995, a wrong novelty key
        base = float(Decimal(d.replace(",", "")) * Decimal(scale))
    return Num(
        s, e, s, e, base, None, None, None, False, "digits",
        currency=cur[1] if cur is not None else None,
        percent=bool(m.group("pct")) and e >= m.end("d"),
        scaled=scale != 1.0, raw=d,
    )  # fmt: skip


# Words after a lowercase "5m" that make it metres (or a race): "5m high", "100m away"
_METRE_NEXT = frozenset(
    {"high", "tall", "long", "wide", "deep", "away", "from", "above", "below", "under", "in",
     "into", "to", "off", "up", "down", "thick", "across", "along", "beneath", "wall", "wave",
     "waves", "sprint", "race", "freestyle", "hurdles", "relay", "final", "dash", "drop",
     "radius", "depth", "height", "length", "tsunami", "cliff", "tower", "bridge"}
)  # fmt: skip
_NEXT_WORD = re.compile(r" ([a-z]+)")
# a glued "m" counts people when a people noun follows within a few words ("50m people",
# "7.8m current bill-pay customers", "100m of the telco's customers"); "2.5m accounts" and
# metres stay digits
_GLUED_PEOPLE = re.compile(
    r"(?: of (?:the|its|their|our))?(?: [a-z'’-]+){0,2}? (?:people|persons|individuals"
    r"|customers|users|members|patients|clients|subscribers|residents|citizens|voters"
    r"|employees|workers|students|children|households|families|consumers|cardholders"
    r"|policyholders|drivers|riders|passengers|shoppers|viewers|americans|britons"
    r"|australians|canadians|europeans|adults)\b"
)


def _glued_million(low: str, e: int) -> bool:
    """A lowercase glued "m" (or "b") read as million, as British copy writes it, before
    people (see ``_GLUED_PEOPLE``); never before a word of length ("5m high")."""
    w = _NEXT_WORD.match(low, e)
    if w is None or w.group(1) in _METRE_NEXT:
        return False
    return _GLUED_PEOPLE.match(low, e) is not None


def _atoms(
    low: str,
    original: str,
    words: Collection[bytes] | None = None,
    keep: Callable[[int, int], bool] | None = None,
) -> list[Num]:
    out: list[Num] = []
    cands = _word_candidates(low, alpha_words(low) if words is None else words)
    last = 0  # where the last atom ended: atoms never overlap
    k = 0

    def words_before(limit: int) -> None:
        """The number words that start before ``limit``, in text order."""
        nonlocal k, last
        while k < len(cands) and cands[k] < limit:
            p = cands[k]
            k += 1
            if p >= last and (wm := _word_match(low, p, last)) is not None:
                last = _add_word_atom(out, wm, keep)

    for dm in _DIGIT_RE.finditer(low):
        words_before(dm.start())
        if dm.start() < last:
            continue
        if keep is None or keep(dm.start(), dm.end()):
            out.append(_digit_atom(dm, low, original, last))
        last = dm.end()
    words_before(len(low) + 1)
    return out


def _add_word_atom(
    out: list[Num], m: re.Match[str], keep: Callable[[int, int], bool] | None
) -> int:
    """Append the atom of a word match (when it is a number) and return where the match ends."""
    if keep is None or keep(m.start(), m.end()):
        num = _word_atom(m)
        if num is not None:
            out.append(num)
    return m.end()


def _word_atom(m: re.Match[str]) -> Num | None:
    s, e = m.span()
    if m.group("vague"):
        return Num(s, e, s, e, None, None, None, None, True, "vague", raw=m.group())
    words = m.group("words")
    if not words:
        return None
    pre = m.group("pre") or ""
    body = words[len(pre) :]
    if m.group("wpct"):
        body = body[: len(body) - len(m.group("wpct"))]
    first = re.split(r"[\s-]+", body, maxsplit=1)[0]
    if not pre and (first in _SCALES or first == "dozen"):
        return None  # a bare "thousand" or "dozen" is not a number
    v = parse_words(body)
    if v is None:
        return None
    pre = " ".join(pre.split())
    value = v * (0.5 if pre == "half a" else 1.5 if pre.startswith("one and") else 1.0)
    return Num(
        s, e, s, e, value, None, None, None, False, "words",
        percent=bool(m.group("wpct")), scaled=False, raw=body.strip(),
    )  # fmt: skip


def _attach_currency_suffix(n: Num, low: str) -> None:
    """'22 million dollars' -> currency usd (extends the span over the currency word)."""
    if n.currency or n.kind == "vague":
        return
    m = _CURRENCY_AFTER_RE.match(low, n.end)
    if m and (m.group(1) != "pounds" or n.scaled):  # bare "pounds" is usually weight
        n.currency = _CURRENCY_SUFFIX[m.group(1)]
        n.end = n.core_end = m.end()


_CURRENCY_AFTER_RE = re.compile(
    r"\s+(?:us\s+)?("
    + "|".join(re.escape(k) for k in sorted(_CURRENCY_SUFFIX, key=len, reverse=True))
    + r")\b"
)


def scan_numbers(
    low: str,
    original: str,
    words: Collection[bytes] | None = None,
    keep: Callable[[int, int], bool] | None = None,
) -> list[Num]:
    """All number expressions in ``low`` with hedges and ranges attached.

    ``low`` is the lower-cased text and ``original`` the same text with its case kept (same
    length); ``words`` its :func:`alpha_words` when the caller has them already; ``keep``, if
    given, is asked ``keep(start, end)`` about each number found before any more work is
    done on it.  Returns atoms in text order; range parts are merged into one :class:`Num`.
    """
    atoms = _atoms(low, original, words, keep)
    for a in atoms:
        _attach_currency_suffix(a, low)
    merged: list[Num] = []
    i = 0
    n_atoms = len(atoms)
    while i < n_atoms:
        a = atoms[i]
        if i + 1 < n_atoms and a.kind != "vague":
            b = atoms[i + 1]
            sep = _RANGE_SEP_RE.fullmatch(low, a.end, b.start) if b.kind != "vague" else None
            if sep is not None and _merge_range(a, b, sep.group("w"), low):
                merged.append(a)
                i += 2
                continue
        merged.append(a)
        i += 1
    for n in merged:
        _attach_hedges(n, low)
    return merged


def _merge_range(a: Num, b: Num, word: str | None, low: str) -> bool:
    """Merge ``b`` into ``a`` when "a-b", "a to b", "between a and b", "a or b" is a range."""
    if a.value is None or b.value is None or (a.percent and not b.percent):
        return False
    before = low[max(0, a.start - 12) : a.start]
    if word == "and" and not before.rstrip().endswith("between"):
        return False
    if word == "to" and re.search(r"\b(?:from|by)\s*$", before):
        return False  # "rose from 300 to 400", "rose by 50 to 3,145": two values, not a range
    if _yearlike(a) and _yearlike(b):
        return False  # "between 2009 and 2018", "2022-2023"
    if word is None and (a.kind != "digits" or b.kind != "digits"):
        return False
    if word is None and low[a.end : b.start].strip() == "" and a.end != b.start:
        return False
    lo, hi = a.value, b.value
    # "300 to 400 million", "$1-2 billion": the scale (and currency) of the second applies
    if b.scaled and not a.scaled:
        factor = _factor_of(b)
        if factor and lo * factor <= hi:
            lo = float(Decimal(repr(lo)) * Decimal(factor))
    if lo >= hi:
        return False  # "3-1" is a score, "2,000-1,500" a change: not ranges
    if b.percent:
        a.percent = True
    a.currency = a.currency or b.currency
    a.low, a.high, a.value = lo, hi, lo
    a.end = a.core_end = b.end
    a.is_range = True
    a.scaled = a.scaled or b.scaled
    return True


def _yearlike(n: Num) -> bool:
    return n.kind == "digits" and len(n.raw) == 4 and n.raw.isdigit() and 1800 <= int(n.raw) <= 2100


def _factor_of(n: Num) -> float:
    raw = n.raw.replace(",", "")
    try:
        base = float(raw)
    except ValueError:
        return 0.0
    if not base:
        return 0.0
    return float(round(Decimal(repr(n.value or 0.0)) / Decimal(raw)))  # a power of ten


def _attach_hedges(n: Num, low: str) -> None:
    if n.kind == "vague":
        return
    found = phrase_before(low, n.start, _HEDGES_BEFORE)
    hedge = None
    if found is not None:
        h, h_start = found
        kind = _HEDGES_BEFORE[h]
        if kind == "from":
            n.from_ = True
        elif kind == "range" and not n.is_range:
            pass  # "between 300 ..." without a second number: ignore the word
        else:
            hedge = h
            n.start = h_start
    ma = _HEDGE_AFTER_RE.match(low, n.end)
    if ma and hedge is None and not n.is_range:
        h = ma.group("h").strip().lstrip("-")
        hedge = h
        n.end = ma.end()
    n.hedge = hedge
    if hedge and n.kind == "words" and n.raw == "dozen" and HEDGE_KIND.get(hedge) != "exact":
        # "nearly a dozen", "about a dozen": a loose amount, not twelve
        n.vague, n.value, n.low, n.high = True, None, None, None
        return
    if n.value is None:
        return
    bound = HEDGE_KIND.get(hedge) if hedge else "exact"
    if n.is_range:
        return
    if bound == "exact":
        n.low = n.high = n.value
    elif bound == "min":
        n.low, n.high = n.value, None
    elif bound == "max":
        n.low, n.high = None, n.value
    else:  # approximate
        n.low = n.high = None
