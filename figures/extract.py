"""Figures: numbers linked to what they count, who says so, and the sentence they are in.

The pipeline for one text (title or body):

1. :func:`figures.noise.prepare` blanks URLs and boilerplate lines, keeping every offset;
2. :func:`figures.numbers.scan_numbers` finds number expressions with hedges and ranges;
3. :func:`figures.noise.noise_reason` drops dates, years, ages, durations, codes, ...;
4. :func:`_link` finds what each remaining number counts, in this order:
   an event noun right after it ("300 deaths"); a counted noun after it ("2,000 soldiers")
   with a governing verb before it ("sent 2,000 soldiers") or a main verb after the noun
   ("soldiers ... have been killed"); an event participle after it ("2,700 wounded",
   "another 2,700 had been injured"); a governing verb alone ("killing at least 30"); and
   last a back-link to an event noun on its left ("the death toll rose to 2,100");
5. the measure is resolved from the event and the noun (:func:`figures.measures.resolve_measure`)
   and the source is looked for in the sentence ("..., Lee said", "according to the Pentagon").

All regular expressions are compiled once; work per number is bounded by a window of a few
hundred characters, so an article costs well under a millisecond.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import TYPE_CHECKING

from figures.measures import (
    AREA_CONTEXT,
    AUX,
    BACK_EVENTS,
    BRIDGE,
    DISEASE_CONTEXT,
    EVENT_NOUNS,
    EVENT_PHRASES,
    EVENT_WORDS,
    LEFT_VERB_PHRASES,
    LEFT_VERBS,
    MONEY_EVENTS,
    NOUN_BIGRAMS,
    NOUNS,
    PERSON_EVENTS,
    THING_EVENTS,
    WEAK_EVENTS,
    resolve_measure,
)
from figures.noise import _YEARISH_PRECEDE_RE, noise_reason, prepare
from figures.numbers import HEDGE_KIND, Num, alpha_words, scan_numbers

if TYPE_CHECKING:
    from figures import Figure

__all__ = ["extract_text"]

_WINDOW = 160  # characters of context looked at on each side of a number

# Words after a number that do not stop the search for its noun.
_SKIP_AFTER = frozenset(
    {"more", "additional", "other", "extra", "further", "new", "fresh", "of", "the", "them",
     "those", "these", "its", "their", "his", "her", "our", "such", "whom", "which"}
)  # fmt: skip
# Words before a number that do not stop the search for a governing verb.
_SKIP_BEFORE = frozenset(
    {"a", "an", "the", "another", "additional", "some", "further", "more", "extra", "at",
     "least", "than", "up", "to", "over", "about", "around", "nearly", "almost", "roughly",
     "approximately", "only", "just", "estimated", "as", "many", "total", "of", "all",
     "close", "well", "upwards", "between", "fewer", "less", "no", "excess", "in",
     "its", "their", "his", "her", "reportedly", "also", "already"}
)  # fmt: skip
# Words that end the counted noun phrase.
_NP_STOP = frozenset(
    {"to", "in", "at", "on", "for", "from", "with", "by", "who", "that", "which", "were",
     "was", "have", "has", "had", "are", "is", "be", "been", "and", "or", "but", "while",
     "as", "after", "before", "since", "when", "than", "into", "across", "during",
     "including", "among", "amid", "under", "over", "per", "a", "an", "will", "would",
     "could", "may", "might", "can", "should", "must", "do", "did", "does", "not", "so",
     "if", "because", "out", "up", "off", "down", "near", "there", "here", "this", "each",
     "every", "all", "both", "they", "it", "he", "she", "we", "you", "i", "said", "says",
     "say", "told", "according", "yet", "still", "also", "just", "only", "now", "then",
     "where"}
)  # fmt: skip
_PUNCT_STOP = frozenset(',;:.!?()"[]—')
_CLAUSE_STOP = frozenset(';:.!?—()[]"')
_MODALS = frozenset({"would", "could", "might", "may", "will", "should", "must", "shall"})
_LIVES_VERBS = frozenset({"claimed", "claim", "claims", "claiming", "cost", "costs",
                          "costing", "took", "taken", "take", "takes", "taking"})  # fmt: skip

# Reporting verbs for the source of a figure.
_REPORT_VERBS = frozenset(
    {"said", "says", "say", "told", "tells", "reported", "reports", "report", "claimed",
     "claims", "claim", "estimated", "estimates", "estimate", "stated", "states", "confirmed",
     "confirms", "announced", "announces", "added", "adds", "believes", "believe",
     "revealed", "reveals", "disclosed", "discloses", "acknowledged", "acknowledges",
     "admitted", "admits", "noted", "wrote", "tweeted", "posted", "warned", "insisted",
     "alleged", "alleges", "indicated", "showed", "shows", "found", "counted", "recorded",
     "assessed", "assesses", "put", "puts"}
)  # fmt: skip
_ROLE_NOUNS = frozenset(
    {"lawmaker", "lawmakers", "official", "officials", "ministry", "agency", "police",
     "military", "army", "spokesperson", "spokesman", "spokeswoman", "authorities",
     "government", "intelligence", "service", "officer", "media", "experts", "analysts",
     "sources", "source", "monitor", "group", "observatory", "statement", "report",
     "department", "office", "company", "firm", "regulator", "commission", "researchers",
     "investigators", "prosecutors", "governor", "mayor", "minister", "president", "chief",
     "command", "staff", "council", "committee", "organization", "organisation", "agencies",
     "representatives", "leaders", "leader", "administration", "embassy", "mission",
     "coroner", "rescuers", "workers", "firefighters", "legislator", "politician",
     "watchdog", "newspaper", "outlet", "broadcaster", "channel"}
)  # fmt: skip
_TITLE_WORDS = frozenset(
    {"president", "minister", "leader", "lawmaker", "spokesman", "spokeswoman",
     "spokesperson", "governor", "mayor", "secretary", "general", "chief", "commander",
     "director", "chairman", "chairwoman", "ceo", "head", "senator", "congressman",
     "congresswoman", "representative", "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gen",
     "lt", "col", "sgt", "prime", "foreign", "defense", "defence", "interior", "health",
     "colonel", "major", "captain", "lieutenant", "sergeant", "admiral", "marshal", "brig",
     "maj", "capt", "gov", "sheriff", "commissioner", "inspector", "superintendent"}
)  # fmt: skip
_SOURCE_SKIP = frozenset(
    {"has", "have", "had", "previously", "also", "reportedly", "separately", "officially",
     "later", "earlier", "repeatedly", "initially", "further", "recently", "again", "then",
     "now", "once", "first", "on", "monday", "tuesday", "wednesday", "thursday",
     "friday", "saturday", "sunday", "yesterday", "today", "last", "week", "publicly",
     "already", "since", "originally", "jointly", "privately", "itself"}
)  # fmt: skip
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "who", "which", "that"})
_ABBREV = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gen", "lt", "col", "sgt", "capt", "cpl",
     "st", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
     "no", "nos", "vs", "etc", "inc", "ltd", "co", "corp", "jr", "sr", "gov", "approx", "est",
     "fig", "vol", "pp", "ft", "mt", "op", "dept", "univ", "ave", "blvd", "rd", "ph", "u.s",
     "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "al", "rs"}
)  # fmt: skip
_WORD_RE = re.compile(r"[A-Za-z][\w'.-]*[\w']|[A-Za-z]|\d[\d,.]*|[^\w\s]")


@dataclass(slots=True)
class _Link:
    measure: str
    noun: str | None
    subject: tuple[int, int] | None  # token indexes [i, j) of the right-hand context
    direct: bool  # event adjacent to the number (needed for "one")


def _no_abbreviation_before() -> str:
    """Lookbehinds that keep a '.' after an abbreviation ("Sept.", "Mr.", "U.S.") or an
    initial ("J.") from ending a sentence (one lookbehind per length: they must be fixed)."""
    by_len: dict[int, list[str]] = {}
    for a in sorted(_ABBREV):
        by_len.setdefault(len(a), []).append(re.escape(a))
    parts = [f"(?<!\\b(?i:{'|'.join(words)})\\.)" for _, words in sorted(by_len.items())]
    return "".join(parts) + "(?<!\\b[A-Z]\\.)"


# A sentence ends at . ! ? before a capital or a digit, at a blank line, or at a line break
# not followed by a lower-case word (hard-wrapped lines continue in lower case).  The pattern
# starts with a character class, so the engine skips straight to candidates.
_SENT_END_RE = re.compile(
    r"[.!?\n](?:(?<=[.!?])" + _no_abbreviation_before() + r"[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])"
    r"|(?<=\n)\s*\n|(?<=\n)(?=\s*[^a-z\s]))"
)


class _Sentences:
    """Sentence bounds of a text: every end found in one C-level pass, then bisected.  The
    pass runs at the first question: a text whose numbers are all far from any trigger word
    never needs it."""

    __slots__ = ("clean", "ends", "size")

    def __init__(self, clean: str) -> None:
        self.clean = clean
        self.ends: list[int] | None = None
        self.size = len(clean)

    def bounds(self, pos: int) -> tuple[int, int]:
        ends = self.ends
        if ends is None:
            ends = self.ends = [m.end() for m in _SENT_END_RE.finditer(self.clean)]
        k = bisect_right(ends, pos)
        return (ends[k - 1] if k else 0), (ends[k] if k < len(ends) else self.size)


# Punctuation split off words by plain replacements (a regex tokenizer is ~3x slower and this
# runs twice per number).  Commas and periods inside numbers ("2,700", "1.2") stay put.
_SPLIT_OFF = (
    ('"', ' " '), ("(", " ( "), (")", " ) "), ("[", " [ "), ("]", " ] "), ("\u2014", " \u2014 "),
    ("$", " $ "), ("!", " ! "), ("?", " ? "), ("' ", " ' "), (", ", " , "), (". ", " . "),
    ("; ", " ; "), (": ", " : "),
)  # fmt: skip


def _tokens(low: str, start: int, end: int) -> list[str]:
    """The word, number and punctuation tokens of ``low[start:end]`` (strings, for speed)."""
    seg = " ".join(low[start:end].split()) + " "  # one space between words, one at the end
    if ". " in seg and ("u.s. " in seg or "u.k. " in seg or "u.n. " in seg):
        # "200 U.S. troops": the abbreviation's dot is no sentence stop between number and noun
        seg = seg.replace("u.s. ", "u.s ").replace("u.k. ", "u.k ").replace("u.n. ", "u.n ")
    for a, b in _SPLIT_OFF:
        if a in seg:
            seg = seg.replace(a, b)
    return seg.split()


def _token_spans(low: str, start: int, toks: list[str]) -> list[tuple[int, int]]:
    """Offsets of ``toks`` (from :func:`_tokens` at ``start``), found in order."""
    spans = []
    pos = start
    for t in toks:
        i = low.find(t, pos)
        if i < 0:
            break
        spans.append((i, i + len(t)))
        pos = i + len(t)
    return spans


def _is_number_tok(t: str) -> bool:
    return t[0].isdigit()


def _phrase_at(toks: list[str], i: int, table: dict[str, str], maxlen: int = 4) -> tuple[str, int]:
    """Longest phrase of ``table`` starting at token ``i``: (measure, tokens used) or ("", 0)."""
    for n in range(min(maxlen, len(toks) - i), 1, -1):
        key = " ".join(toks[i : i + n])
        hit = table.get(key)
        if hit:
            return hit, n
    return "", 0


def _irrealis(toks: list[str], i: int) -> bool:
    """'about to be captured', 'could be killed', 'not killed': not an event that happened."""
    prev = toks[max(0, i - 3) : i]
    if "not" in prev or "never" in prev or "no" in prev:
        return True
    if "about" in prev and "to" in prev:
        return True
    if any(p in _MODALS for p in prev) and "have" not in prev:
        return True
    if "be" in prev and "to" in prev:
        # "believed to be trapped", "feared to be dead": reported, only hedged
        return not any(p in _BELIEVED for p in toks[max(0, i - 4) : i])
    return False


_BELIEVED = frozenset(
    {"expected", "believed", "thought", "feared", "presumed", "reported", "said", "known",
     "confirmed", "estimated"}
)  # fmt: skip


_SAID_TO_BE = frozenset({"said", "reported", "believed", "thought", "to", "be", "still", "now"})


def _right_event(toks: list[str], i: int, limit: int = 14) -> tuple[str, int, bool] | None:
    """The main event after a counted noun: (event, index, has_aux).

    Prefers an event word with an auxiliary before it ("deployed to Russia have been killed"
    is killed), else the first one ("15,000 laborers sent to Russia").
    """
    first: tuple[str, int, bool] | None = None
    end = min(len(toks), i + limit)
    j = i
    asides = 0
    listing = False
    while j < end:
        tk = toks[j]
        t = tk
        if t in ("dating", "going") and first is None:
            # "personal details dating (as far) back (to / as far as) 2017 may have been
            # accessed": the data's age, not a clause of its own
            k = j + 1
            while k < min(len(toks), j + 6) and toks[k] in ("as", "far", "back", "to"):
                k += 1
            if "back" in toks[j + 1 : k] and k < len(toks) and _is_number_tok(toks[k]):
                end = min(len(toks), end + (k + 1 - j))
                j = k + 1
                continue
        if t == "," and asides == 0 and first is None:
            asides = 1
            # "Three children, aged 4 to 9, were injured": skip a short aside
            close = next((x for x in range(j + 1, min(len(toks), j + 8)) if toks[x] == ","), None)
            if close is not None and not any(toks[x] in EVENT_WORDS for x in range(j, close)):
                j = close + 1
                end = min(len(toks), end + (close - j) + 2)
                continue
            long_close = _long_aside(toks, j) if j == i else None
            if long_close is not None:
                # "At least 19 people, among them ... who had been sheltering in the basement,
                # were killed": a long aside right after the noun, then the verb
                end = min(len(toks), long_close + 1 + 14)
                j = long_close + 1
                continue
        if t == "," and first is None and j + 1 < len(toks) and toks[j + 1] == "who":
            j += 1  # "33 injured, including 4 children, who are being treated in hospital"
            continue
        if t == "," and listing:
            j += 1  # "had their names, addresses and card numbers exposed": a list of data
            continue
        if j == i and t == "(" and first is None:
            # "52 people (including 5 children) had died", "30 people (most of them women)
            # were killed": a bracketed aside right after the noun, then the verb
            close = next((x for x in range(j + 1, min(len(toks), j + 14)) if toks[x] == ")"), None)
            if close is not None and not any(
                toks[x] in EVENT_WORDS or toks[x] == "(" for x in range(j + 1, close)
            ):
                end = min(len(toks), end + (close - j) + 2)
                j = close + 1
                continue
        if j == i and t in _DASHES and first is None:
            # "Two hostages — an American and an Australian — who had been held ... were
            # released": a dashed aside right after the noun
            close = next((x for x in range(j + 1, min(len(toks), j + 10)) if toks[x] == t), None)
            if close is not None and not any(toks[x] in EVENT_WORDS for x in range(j, close)):
                end = min(len(toks), end + (close - j) + 6)
                j = close + 1
                continue
        if t in _CLAUSE_STOP or t == "," or t in ("while", "but", "whereas", "although"):
            break
        if t == "for" and j > i and toks[j - 1] in _SEARCHING:
            break  # "300 firemen ... looking for dozens reported missing": whom they seek
        if t == "their" and j > i and toks[j - 1] in ("had", "have", "has") and first is None:
            listing = True
            end = min(len(toks), end + 12)
        if _is_number_tok(t) and j > i:
            if toks[j - 1] in _PREPS or toks[j - 1] == "since":
                j += 1  # "protesters in 21 cities have been killed": part of a phrase
                continue
            break
        if t in ("and", "or"):
            k = j + 1
            while k < min(len(toks), j + 4) and toks[k] in _SKIP_BEFORE:
                k += 1
            counted = k < len(toks) and (_is_number_tok(toks[k]) or toks[k] in _NUMBER_WORDS)
            if counted and _partitive(toks[k + 1 : k + 6]):
                break  # "... and two of the injured died": the part has its own event
            num = next(
                (x for x in range(j + 1, min(len(toks), j + 4)) if _is_number_tok(toks[x])),
                None,
            )
            if num is not None and all(toks[x] in _SKIP_BEFORE for x in range(j + 1, num)):
                if first is not None:
                    break  # "120 were killed and 800 injured": the second has its own event
                # "45 protesters and 12 police officers were injured": one verb for both
                j = num + 1
                end = min(len(toks), end + 6)
                continue
        ev, used = _phrase_at(toks, j, EVENT_PHRASES)
        if (
            ev
            and "condition" in toks[j : j + used]
            and not (j > i and all(x in AUX or x in _SAID_TO_BE for x in toks[i:j]))
        ):
            ev = ""  # "120 people are in a critical condition", not "..., four in critical condition"
        if (
            not ev and t == "in" and j > i and j + 2 < len(toks)
            and (toks[j + 2] in _HOSPITAL_WORDS
                 or (j + 3 < len(toks) and toks[j + 3] in _HOSPITAL_WORDS))
            and all(x in AUX for x in toks[i:j])
        ):
            ev, used = "hospitalized", 3  # "38 people are in Norvel hospitals"
        if ev and t == "to" and toks[j + 1] in ("flee", "return"):
            if j != i:
                ev = ""  # "500 people tried to flee": an attempt, not a count of the fled
            elif not _irrealis(toks, j):
                return ev, j, True  # as strong as an auxiliary: beats "evacuated residents"
        if not ev:
            ev = EVENT_WORDS.get(t, "")
            used = 1
            if ev and j > i and toks[j - 1] in _DETERMINERS:
                ev = ""  # "... filed complaints about the leaked data": an adjective
        if not ev and t in _SHELTERS and "in" in toks[max(i, j - 4) : j] and (
            t in ("shelters", "camps", "tents") or toks[j - 1] == "evacuation"
        ):
            ev = "displaced"  # "were staying in 36 temporary shelters"
        if not ev and t in _SUFFER and j + 1 < len(toks):
            # "suffered heat-related injuries", "sustained serious burns"
            # (up to four words between: "suffered minor to serious injuries")
            h = next((x for x in range(j + 1, min(len(toks), j + 6)) if toks[x] in _HARM), None)
            if h is not None and all(toks[x].replace("-", "").isalpha() for x in range(j + 1, h)):
                ev, used = "wounded", h - j + 1
        if ev:
            aux = j > 0 and toks[j - 1] in AUX
            if ev and t in WEAK_EVENTS and not aux and not (t == "fled" and j == i):
                ev = ""  # "2,600 residents fled to higher ground" is a count all the same
            if ev and not _irrealis(toks, j):
                if aux:
                    return ev, j, True
                if first is None:
                    first = (ev, j, False)
            j += used
            continue
        j += 1
    return first


_SEARCHING = frozenset(
    {"looking", "searching", "search", "searched", "hunting", "combing", "looked", "scouring"}
)
_ASIDE_OPENERS = frozenset(
    {"among", "including", "most", "many", "some", "all", "mostly", "mainly", "according",
     "the", "a", "an", "two", "three", "half", "nearly", "almost", "several", "both"}
)  # fmt: skip
_AFTER_ASIDE = frozenset({"remain", "remained", "remains"})


def _long_aside(toks: list[str], j: int) -> int | None:
    """Index of the comma that closes a long aside opened at ``toks[j]`` (a comma right after
    the counted noun), when a verb follows it at once; else None."""
    if j + 1 >= len(toks) or toks[j + 1] not in _ASIDE_OPENERS:
        return None
    for x in range(j + 2, min(len(toks) - 1, j + 28)):
        t = toks[x]
        if t in _CLAUSE_STOP or _is_number_tok(t):
            return None
        if t == ",":
            nxt = toks[x + 1]
            if nxt in AUX or nxt in _AFTER_ASIDE or (nxt in EVENT_WORDS and nxt not in WEAK_EVENTS):
                return x
            return None
    return None


_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
_DASHES = frozenset({"—", "–", "-"})
# "had / received burns" too: "seven others also had burns", "received serious injuries"
_SUFFER = frozenset(
    {"suffered", "sustained", "suffering", "sustaining", "had", "received", "receiving"}
)  # fmt: skip
_HARM = frozenset({"injuries", "burns", "wounds", "injury"})


def _left_verb(left: list[str]) -> tuple[str, int] | None:
    """A verb governing the number from the left ("sent more than 10,000"): (event, index)."""
    k = 0
    coordinated = False
    while k < min(len(left), 12):
        t = left[k]
        if t in _SKIP_BEFORE:
            k += 1
            continue
        if t in ("and", "or") and not coordinated:
            # "destroyed 404 homes and 184 other buildings": the verb of the first conjunct
            num = next(
                (
                    x
                    for x in range(k + 1, min(len(left), k + 6))
                    if _is_number_tok(left[x]) or left[x] in _NUMBER_WORDS
                ),
                None,
            )
            if num is None:
                return None
            coordinated = True
            k = num + 1
            continue
        if k + 1 < len(left):
            ph = LEFT_VERB_PHRASES.get(left[k + 1] + " " + t)
            if ph:
                return ph, k
        ev = LEFT_VERBS.get(t)
        if ev and not (k + 1 < len(left) and left[k + 1] in ("be", "being")):
            if k + 2 < len(left) and _killed_and_wounded([left[k + 2], left[k + 1], t], 0):
                return "casualties", k  # "killed and wounded 300", "dead and wounded at 900"
            return ev, k
        return None
    return None


_NUMBER_WORDS = frozenset(
    {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
     "twelve", "dozen", "hundred", "thousand", "million", "billion", "dozens", "hundreds",
     "thousands", "millions"}
)  # fmt: skip


_PLACES = frozenset(
    {"city", "town", "village", "country", "nation", "province", "region", "state", "district",
     "island", "county", "municipality", "capital", "metropolis", "community", "population"}
)  # fmt: skip


def _back_event(left: list[str], hedged: bool = False) -> tuple[str, int] | None:
    """An event noun on the left that the number measures ("death toll rose to 2,100").

    The word before the number must link it ("at", "to", "was", "rose", ...); a hedge that
    is a verb ("tops", "surpassed") links it too.
    """
    if not left:
        return None
    first = left[0]
    if first not in BRIDGE and not hedged:
        return None
    if first == "of" and len(left) > 1 and left[1] in _PLACES:
        return None  # "a city of 250,000": a population, whatever the sentence is about
    words = 0
    k = 0
    while k < len(left) and words < 16:
        t = left[k]
        if t in (";", "—", "(", ")") or (t == "." and k > 0):
            return None
        if _is_number_tok(t):
            # "rose from 300 to 400": skip the previous value
            if k + 1 < len(left) and left[k + 1] == "from":
                k += 2
                continue
            if k + 1 < len(left) and left[k + 1] in ("past", "last", "previous"):
                k += 2  # "losses over the past 24 hours amounted to 310": a period
                continue
            return None
        if (t == "magnitude" and k + 1 < len(left) and _is_number_tok(left[k + 1])) or (
            _is_number_tok(t) and left[k + 1 : k + 2] == ["magnitude"]
        ):
            # "the toll from the 7.7 magnitude quake ... has reached 3,455": that magnitude
            # has its number; the toll before it is what this number measures
            k += 2
            continue
        if t in BACK_EVENTS:
            if any(x in _MODALS or x == "not" for x in left[k + 1 : k + 4]):
                return None  # "could be affected, including 1.4 million children"
            ev = BACK_EVENTS[t]
            if k + 2 < len(left) and _killed_and_wounded([left[k + 2], left[k + 1], t], 0):
                return "casualties", k  # "the number of dead and wounded ... to 905,000"
            if t == "toll" and k + 1 < len(left) and left[k + 1] not in ("death", "the"):
                pass
            return ev, k
        if t == "action" and k + 2 < len(left) and left[k + 1] == "in":
            return "killed", k + 2
        if t == "board" and k + 1 < len(left) and left[k + 1] in ("on", "aboard"):
            return "on board", k + 1
        if t == "admissions" and k + 1 < len(left) and left[k + 1] == "hospital":
            return "hospitalized", k + 1
        if t in ("said", "says", "told") or (t in LEFT_VERBS and t not in ("claimed",)):
            return None
        if t.isalpha():
            words += 1
        k += 1
    return None


def _find_noun(right: list[str], i: int, one: bool) -> tuple[int, int, str, str] | None:
    """First counted noun after a number: (index, tokens used, lemma, category).

    ``one``: the number is 1, so a singular noun counts ("one soldier"); otherwise a singular
    is a modifier ("four volunteer physicians").
    """
    mods = 0
    j = i
    while j < len(right) and mods <= 4:
        t = right[j]
        if (
            t == "("
            and j > i
            and j + 2 < len(right)
            and right[j + 2] == ")"
            and right[j + 1].isalpha()
            and len(right[j + 1]) <= 6
        ):
            j += 3  # "580,000 Singapore Airlines (SIA) customers": a bracketed acronym
            continue
        if t in _PUNCT_STOP or _is_number_tok(t):
            return None
        if t.endswith(("’s", "'s")) and t[:-2] in NOUNS and NOUNS[t[:-2]][1] in _PERSON_CATS:
            # "108,000 people's personal details were compromised": whose data it was
            poss = NOUNS[t[:-2]]
            return j, 1, poss[0], poss[1]
        if j + 1 < len(right):
            bi = NOUN_BIGRAMS.get(t + " " + right[j + 1])
            if bi:
                return j, 2, bi[0], bi[1]
            if j + 2 < len(right):
                tri = NOUN_BIGRAMS.get(t + " " + right[j + 1] + " " + right[j + 2])
                if tri:
                    return j, 3, tri[0], tri[1]
        hit = NOUNS.get(t)
        if hit and (hit[2] or one):
            return j, 1, hit[0], hit[1]
        if one and t in _LONE_PERSONS:
            return j, 1, t, "people"  # "a man (1 man) was stabbed to death"
        if t in EVENT_NOUNS and t not in EVENT_WORDS:  # "deaths", "casualties": a head
            return None
        if t == "and" and j > i and _modifier_pair(right, j):
            mods += 1  # "2,400 search and rescue personnel": two modifiers joined by "and"
            j += 1
            continue
        if t in _NP_STOP:
            return None
        if t in EVENT_WORDS and j == i and not _modifier_followed(right, j):
            return None  # "2,700 wounded while ..." - a participle, not a modifier
        mods += 1
        j += 1
    return None


def _modifier_pair(right: list[str], j: int) -> bool:
    """'search and rescue personnel': "and" between two plain words, with a plural counted
    noun right after the second (not "300 soldiers and police", where the noun came first)."""
    if j + 2 >= len(right):
        return False
    before, after, head = right[j - 1], right[j + 1], right[j + 2]
    if not (before.isalpha() and after.isalpha()) or before in NOUNS or after in NOUNS:
        return False
    hit = NOUNS.get(head)
    return hit is not None and hit[2]


def _modifier_followed(right: list[str], j: int) -> bool:
    """Is the word at ``j`` a prenominal modifier, i.e. is a counted noun right after it?"""
    for k in range(j + 1, min(len(right), j + 4)):
        t = right[k]
        if (t in NOUNS and NOUNS[t][2]) or (
            k + 1 < len(right) and t + " " + right[k + 1] in NOUN_BIGRAMS
        ):
            return True
        if t in _PUNCT_STOP or t in _NP_STOP or t in EVENT_WORDS:
            return False
    return False


def _skip(right: list[str]) -> int:
    i = 0
    while i < len(right) and right[i] in _SKIP_AFTER:
        i += 1
    return i


_DROVE = frozenset({"forced", "forcing", "forces", "drove", "driven", "driving", "drives",
                    "chased", "pushed", "uprooted"})  # fmt: skip
def _lost_after(right: list[str], k: int) -> bool:
    """'homes have been lost': auxiliaries, then "lost" ending the clause (not "lost power")."""
    x = k
    while x < min(len(right), k + 3) and right[x] in AUX:
        x += 1
    if x == k or x >= len(right) or right[x] != "lost":
        return False
    return x + 1 >= len(right) or right[x + 1] in _CLAUSE_STOP or right[x + 1] in (",", "in")


def _lost_power(right: list[str], k: int) -> bool:
    """'5,000 homes (have) lost power', 'customers lost electricity'."""
    x = k
    while x < min(len(right), k + 2) and right[x] in AUX:
        x += 1
    return right[x : x + 1] == ["lost"] and right[x + 1 : x + 2] in (["power"], ["electricity"])


_PERSON_CATS = frozenset({"people", "role", "military", "counted"})
_TAKEN = frozenset({"taken", "rushed", "airlifted", "flown", "transported", "brought"})
_INJURY_WORDS = frozenset({"injuries", "burns", "wounds"})
_CONTAINS = frozenset({"contains", "contained", "containing", "contain", "holds", "held"})
_BREACH_WORDS = frozenset(
    {"breach", "hackers", "hacker", "leak", "leaked", "stolen", "trove", "ransomware", "dataset",
     "hack", "hacked", "exfiltrated"}
)  # fmt: skip
_ORDERS = frozenset({"orders", "order"})
_LIFTED = frozenset({"lifted", "lift", "lifting", "lifts", "rescinded"})


def _taken_injured(right: list[str]) -> bool:
    """'(were) taken to <a named hospital> with injuries': the named place hides the phrase
    "to hospital with injuries"."""
    taken = False
    for k, t in enumerate(right[:18]):
        if t in _CLAUSE_STOP or t == ",":
            return False
        if t in _TAKEN and right[k + 1 : k + 2] == ["to"]:
            taken = True
        elif taken and t == "with":
            return any(x in _INJURY_WORDS for x in right[k + 1 : k + 4])
    return False


_MONEY_SIGNS = frozenset({"$", "€", "£", "¥", "₹", "₦"})


def _converted_currency(right: list[str]) -> bool:
    """'N selvar (about US$270 million)': an amount in a currency the lexicon does not know,
    followed by its conversion in brackets."""
    if len(right) < 3 or right[1] != "(" or not right[0].isalpha() or right[0] in NOUNS:
        return False
    return any(t in _MONEY_SIGNS or t in _CURRENCY_WORDS for t in right[2:6])


_DECIMAL_RAW = re.compile(r"\d{1,2}\.\d\Z")
_HARM_HEADS = frozenset({"injuries", "deaths", "fatalities"})


def _link(n: Num, right: list[str], left: list[str]) -> _Link | None:
    """What the number counts, or None when it is not a figure."""
    if right[:2] == ["out", "of"] and len(right) > 2 and _is_number_tok(right[2]):
        right = right[1:]  # "destroyed 21 out of 23 missiles": as "21 of 23 missiles"
    if left and left[0] == "but" and left[1:2] == ["all"] and right[:1] == ["of"] and _power_cut(
        left
    ):
        return _Link("without power", None, None, True)  # "restored to all but 900 of the 8,400"
    if _converted_currency(right):
        return None  # "4.2 trillion selvar (about US$270 million)": the bracket is the figure
    if _claimed_that(left, right):
        return None  # "claimed 18 million consumers ... were involved": claim as assert
    part = _part_event(right)
    if part is not None:
        return _Link(part, None, None, True)
    if (
        len(left) > 1
        and left[0] == "of"
        and left[1] in ("fate", "safety", "whereabouts")
        and (held := _find_noun(right, 0, n.value == 1)) is not None
        and held[3] in _PERSON_CATS
    ):
        for t in right[:14]:
            if t in _CLAUSE_STOP:
                break
            if t in ("unclear", "unknown", "unconfirmed", "uncertain"):
                # "the fate of two further sailors ... remains unclear", "the safety of 210
                # people remained unconfirmed": missing
                return _Link("missing", None, None, True)
    if (
        len(right) > 2
        and right[0].isalpha()
        and right[0] not in EVENT_NOUNS
        and right[0] not in _NUMBER_WORDS
        and (
            right[1] in _HARM_HEADS
            or (len(right) > 2 and right[1].isalpha() and right[2] in _HARM_HEADS)
        )
        and not right[0].endswith("s")
        and (NOUNS.get(right[0]) is None or not NOUNS[right[0]][2])
    ):
        # "four first responder injuries", "three firefighter injuries", "12 civilian
        # deaths": the head noun after singular modifiers is the event
        harm = right[1] if right[1] in _HARM_HEADS else right[2]
        return _Link(EVENT_NOUNS[harm], None, None, True)
    if right[:2] == ["in", "need"] and "shelter" not in right[2:5]:
        return None  # "and nearly 20 million in need of assistance": a need, not an event
    if len(left) > 1 and left[0] in _THRESHOLD_VERBS and left[1] == "to" and "first" in left[2:9]:
        return None  # "the first quake to claim more than 100 lives since ...": a threshold
    if len(left) > 1 and left[0] == "for" and left[1] in _ACCOUNT and right[:1] != ["of"]:
        return None  # "34,297 evacuees, with Ishikawa accounting for 33,446": a share
    if left[:1] in (["in"], ["across"]) and right[:1] and right[0] in _PLACE_UNITS:
        return None  # "2,000 houses in 20 villages": where the count is, not a count
    if (len(left) > 1 and left[0] in _RANGE_VERBS and left[1] in _MODALS) or (
        len(left) > 2
        and left[0] in ("between", "from")
        and left[1] in _RANGE_VERBS
        and left[2] in _MODALS
    ):
        return None  # "the toll could range between 10,000 and 100,000": a projection
    if (
        "each" in right[:3]
        and all(t.isalpha() for t in right[: right.index("each")])
        and _SWAPS.isdisjoint(left[:6])
        and _EACH_SIDE.isdisjoint(left[:6])
    ):
        # "two deaths each in A and B", "3 people each day": a share or a rate (a swap's
        # "exchanged 35 detainees each" is the swap's count)
        return None
    if left and left[0] in _HOLD_VERBS and _held_captive(left[0], right):
        police = any(t in ("police", "officers", "authorities") for t in left[:10])
        return _Link("arrested" if police and "custody" in right[:9] else "captured", None,
                     None, True)
    if len(right) > 3 and right[0] == "of" and right[1] in _WHOLE_DETS and _is_number_tok(
        right[2]
    ):
        return _part_of_whole(right)  # "50 of the / its 40,000 customers were affected"
    if len(left) > 2 and left[0] in _WHOLE_DETS and left[1] == "of" and (
        _is_number_tok(left[2]) or left[2] in _NUMBER_WORDS
    ):
        whole = _whole_of_part(right)
        if whole is None or isinstance(whole, _Link):
            return whole
    if len(right) > 2 and right[0] == "of" and _is_number_tok(right[1]):
        return _n_of_m(right, left)
    if _partitive(right):
        # "19 of the injured are in hospital": a part with an event of its own kind
        if _in_hospital(right):
            return _Link("hospitalized", None, None, True)
        if len(left) > 1 and left[0] == "for" and left[1] in _ACCOUNT:
            # "prisoners account for at least 11,200 of the dead": a group's share of the toll,
            # told as its own count
            ev = EVENT_NOUNS.get(right[2])
            return _Link(ev, None, None, True) if ev in ("killed", "wounded") else None
        return None
    if _part_of_left(left, right):
        return None
    degree = _of_them_degree(right, left)
    if degree is not None:
        return degree
    i = _skip(right)
    i = _head_after_modifiers(right, i)
    # 1. an event noun right after the number: "300 deaths", "4,700 casualties"
    if i < len(right):
        t = right[i]
        head = EVENT_NOUNS.get(t)
        if head in ("killed", "wounded") and _killed_and_wounded(right, i):
            return _Link("casualties", "casualty", None, True)  # "1,200 killed and wounded"
        if t == "bodies":
            handed = _handed_back(left)
            if handed and (
                not _CARE_PLACES.isdisjoint(left[:10])
                or not _WOUNDED_WORDS.isdisjoint(right[i + 1 : i + 7])
            ):
                # "the facility received 10 bodies and more than 15 wounded after the
                # strike": the dead brought in, not remains handed back
                handed = None
            if handed is not None:
                # "Ukraine has returned 15,801 bodies": the dead handed back, not a toll
                return _Link("returned", "body", None, True) if handed else None
        if t == "bodies" and (
            any(x in _INCREMENT for x in right[:i]) or (left and left[0] in _INCREMENT)
        ):
            return None  # "recovered 22 more bodies": a step, the toll is the figure
        if head and (t in _HEAD_EVENT_NOUNS or not _modifier_followed(right, i)):
            if t in ("lives", "life"):
                verb_word = _left_verb_word(left)
                nxt = " ".join(right[i + 1 : i + 4])
                if verb_word not in _LIVES_VERBS and "lost" not in nxt and left[:2] != [
                    "of", "loss"
                ]:  # "a tragic loss of over 2,400 lives" is a toll
                    return None
            elif t in EVENT_WORDS:
                # "2,700 wounded", "12 dead": participle; fine as an event noun too
                if head == "wounded":
                    rv = _right_event(right, i + 1)
                    if rv is not None and rv[0] == "hospitalized" and (
                        rv[2] or "who" in right[i + 1 : rv[1]]
                    ):
                        # "33 injured, ..., who are being treated in hospital": still there
                        return _Link("hospitalized", None, None, True)
            elif t in _PEOPLE_EVENT_NOUNS:
                # "9,000 evacuees were allowed to return home": what happened to them now
                rv = _right_event(right, i + 1)
                if rv is not None and rv[2] and rv[0] in PERSON_EVENTS:
                    head = rv[0]
            lemma = t[:-1] if t.endswith("s") and t not in ("losses",) else t
            return _Link(head, _EVENT_LEMMA.get(t, lemma), None, True)
    # 2. a counted noun after it
    found = _find_noun(right, i, n.value == 1)
    if found is not None:
        j, used, lemma, cat = found
        subject = (i, j + used)
        if cat == "area":
            if not _near(AREA_CONTEXT, right, left, 40):
                return None
            if len(left) > 2 and left[0] == "(" and left[1] in _AREA_UNITS and _is_number_tok(left[2]):
                return None  # "19,700 acres (80 square kilometers)": the same area converted
            if left[:2] == ["or", ","] and len(left) > 3 and left[2] in _AREA_UNITS:
                return None  # "9,600 acres, or about 15 square miles": the same area again
            return _Link(lemma, lemma.rsplit(" ", 1)[0], subject, True)
        if cat == "thing":
            dropped = left[:1] in (["dropped"], ["dropping"], ["drop"], ["drops"]) and lemma in (
                "bomb", "munition", "shell"
            )  # "the jet dropped two bombs on a house": the verb's own object
            if (
                not dropped
                and not _thing_event_near(right[j + used :], left)
                and not _colon_list_verb(left)
            ):
                rest = _list_rest(left)
                if (rest is None or not any(t in THING_EVENTS for t in rest[:3])) and (
                    _list_tail_event(right[j + used :]) not in ("destroyed", "damaged", "captured")
                ):
                    return None  # "lost 11,204 tanks, ..., and 28 ships": the list's verb
            return _Link(lemma, lemma, subject, True)
        event: str | None = None
        direct = False
        of = next(
            (x for x in range(min(len(left), 4)) if left[x] not in _SKIP_BEFORE or left[x] == "of"),
            -1,
        )
        if (
            cat in _PERSON_CATS
            and of >= 0
            and left[of : of + 1] == ["of"]
            and left[of + 1 : of + 2]
            and left[of + 1] in _REMAINS
        ):
            handed = _handed_back(left[of + 2 :])
            if handed is not None:
                # "brought home the bodies of 1,212 soldiers killed in the war": returned
                return _Link("returned", lemma, subject, True) if handed else None
        lv = _left_verb(left)
        if lv is None and len(left) > 2 and left[1] == "as" and left[0] in _AS_AUX:
            lv = _as_have_event(left)  # "... have been destroyed, as have 264 buildings"
        if (
            lv is not None
            and lv[0] == "affected"
            and len(left) > 2
            and left[1] in _ORDERS
            and left[2] in _EVACUATION_WORDS
        ):
            lv = ("evacuated", lv[1])  # "evacuation orders affecting 30,000 people"
        if lv is not None and cat == "structure" and left[lv[1]] in _CLAIMED:
            lv = ("destroyed", lv[1])  # "the blaze has claimed 1,900 homes"
        if lv is None and cat == "structure":
            lv = _nominal_event(left)  # "caused the collapse of 1,200 houses", "damage to 900 homes"
        if lv is None and cat in _PERSON_CATS and left[:3] in (
            ["with", "contact", "lost"], ["with", "touch", "lost"], ["with", "contact", "losing"]
        ):
            lv = ("missing", 2)  # "officials lost contact with 40 people" (not "3 satellites")
        if lv is None and cat in ("people", "counted"):
            lv = _flight_of(left)  # "forced the flight of 60,000 people", "an area of 18,000 people"
        if lv is None and _data_of(left) and cat in ("people", "data"):
            lv = ("affected", 0)  # "the data of 2.3 million customers"
        if lv is None and cat == "data" and left and left[0] == "including":
            lv = _verb_before_including(left)  # "stole 1.4 terabytes, including 12m records"
        if (
            j + used < len(right)
            and right[j + used] in _CAPTIVE
            and _left_verb_word(left) in _TAKE
            and cat in ("people", "military", "role")
        ):
            lv = ("captured", 0)  # "taken 75 soldiers prisoner"
        if lv is None and cat in _PERSON_CATS and _taken_injured(right[j + used :]):
            lv = ("wounded", 0)  # "were taken to Hollis Regional Medical Center with injuries"
        if (
            lv is None
            and cat == "data"
            and _left_verb_word(left) in _CONTAINS
            and _near(_BREACH_WORDS, right, left, 40)
        ):
            lv = ("affected", 0)  # "the trove, which it says contains 38 million records"
        if lv is None and cat in _PERSON_CATS and left[:1] == ["saved"]:
            lv = ("rescued", 0)  # "rescuers saved 34 people" (not "saved 300 jobs")
        if (
            lv is None
            and cat == "people"
            and right[j + used : j + used + 3] == ["from", "their", "homes"]
            and _left_verb_word(left) in _DROVE
        ):
            lv = ("displaced", 0)  # "the flooding forced some 40,000 people from their homes"
        if lv is None and cat == "structure" and _lost_after(right, j + used):
            lv = ("destroyed", 0)  # "More than 40 homes have been lost"
        if (
            lv is None
            and cat in ("structure", "people")
            and _lost_power(right, j + used)
        ):
            return _Link("without power", lemma, subject, True)  # "5,000 homes have lost power"
        rv = _right_event(right, j + used) if lv is None else None
        if rv is not None and rv[0] == "under orders":
            # "2,700 people remain under orders": evacuation orders, if the sentence says so
            evac = _near(_EVACUATION_WORDS, right, left, 40)
            rv = ("evacuated", rv[1], rv[2]) if evac else None
        if lv is None and (rv is None or not rv[2]):
            # "188 destroyed structures, ... and 36 damaged ones": the participle before the
            # noun, unless a verb with an auxiliary follows ("1,500 injured soldiers had been
            # sent home")
            lv = _participle_before(right[i:j])
        if lv is not None:
            event, direct = lv[0], True
        else:
            if rv is not None:
                event = rv[0]
                direct = rv[1] - (j + used) <= 3
                if event in ("killed", "wounded") and _both_casualties(right, rv[1]):
                    event = "casualties"  # "3,000 soldiers have been killed or wounded"
        if event == "on board" and right[j + used : j + used + 2] == ["to", "safety"]:
            event = "evacuated"  # "the ship left carrying 900 people to safety"
        if cat == "disease":
            return _Link("case", lemma, subject, True)  # the article is checked by the caller
        measure = resolve_measure(event, lemma, cat) if event else None
        if event == "moved" and measure is not None and _to_hospital(right, j + used):
            measure = "hospitalized"  # "ambulances transported 40 people to hospital"
        if measure is None and cat in ("people", "data", "structure") and _power_cut(left):
            return _Link("without power", lemma, subject, True)
        if (
            measure is None
            and cat == "people"
            and left[:1] == ["for"]
            and not _ORDERS.isdisjoint(left[1:6])
            and _LIFTED.isdisjoint(left[1:6])
            and _near(_EVACUATION_WORDS, right, left, 40)
        ):
            return _Link("evacuated", lemma, subject, True)  # "orders remain in place for 2,300 people"
        if measure is None and cat in ("people", "military", "role"):
            back = _back_event(left, n.hedge is not None)
            if back is not None and back[0] in PERSON_EVENTS:
                # "killed four civilians, including one child": the inclusion fixes the event
                return _Link(back[0], lemma, subject, left[0] == "including")
        inc_left = _including_left(left) if measure is None and left else None
        if inc_left is None and measure is None and event is None and left:
            # "The people killed include 18 women, 21 children and 9 men" (at 21): the
            # list's inclusion word
            rest0 = _list_rest(left)
            inc_left = _including_left(rest0) if rest0 else None
        if measure is None and inc_left is not None:
            ev_inc = _event_before_including(inc_left)
            if ev_inc is None and right[j + used : j + used + 1] == [")"] and "(" in left[:3]:
                # "52 people (including 5 children) had died": the verb after the bracket
                rv2 = _right_event(right, j + used + 1)
                ev_inc = rv2[0] if rv2 is not None and rv2[2] else None
            if ev_inc is None and right[j + used : j + used + 1] == [","]:
                # "At least 27 civilians, including 9 children, have been killed": the verb
                # after the aside
                rv2 = _right_event(right, j + used + 1)
                ev_inc = rv2[0] if rv2 is not None and rv2[2] else None
            if ev_inc is not None:
                # "112 structures destroyed, including 71 homes": the part has the set's event
                measure = resolve_measure(ev_inc, lemma, cat)
                # "killed five civilians, including one child": the inclusion fixes the event
                direct = direct or (measure is not None and left[0] == "including")
        if measure is None and event is None:
            rest = _list_rest(left)
            lv = _left_verb(rest) if rest is not None else None
            if lv is not None and cat == "structure" and rest is not None and rest[lv[1]] in _CLAIMED:
                lv = ("destroyed", lv[1])  # "has claimed 1,900 homes and 85 businesses"
            if lv is None and cat == "structure" and rest is not None:
                lv = _nominal_event(rest)  # "destruction that included 5,300 homes ... and 900 homes"
            if lv is not None:
                # "killed 30 soldiers, 12 police officers and 4 civilians": the list's verb
                measure = resolve_measure(lv[0], lemma, cat)
        if measure is None and event is None and cat in ("people", "military", "role", "counted"):
            ev_with = _along_with_event(left)
            if ev_with is not None:
                # "2,400 rescuers had been sent, along with 300 soldiers": the clause's event
                measure = resolve_measure(ev_with, lemma, cat)
            elif left[:1] == ["for"] and left[1:2] and left[1] in _SWAPS:
                measure = "released"  # "in a prisoner swap for three insurgents"
        if measure is None and event is None and cat in ("structure", "people", "role"):
            tail = _list_tail_event(right[j + used :])
            if tail is not None:
                # "2 high-rise buildings, 26 private houses, a school and 14 cars were damaged"
                measure = resolve_measure(tail, lemma, cat)
        if measure is None and cat == "military" and _located(right, j + used):
            measure = "deployed"  # "13,000 US troops remain in Afghanistan"
        if measure is None and _target(left):
            return None  # "ordered the army to grow to 1.5 million personnel": a goal
        if measure is None:
            measure = resolve_measure(None, lemma, cat)
        if measure is None:
            return None
        return _Link(measure, lemma, subject, direct)
    which = _of_which(right, left)
    if which is not None:
        return which
    elided = _elided_thing(right, i, left)
    if elided is not None:
        return elided
    # 3. an event word right after it, perhaps after auxiliaries: "2,700 were injured";
    #    also after a plural noun the lexicon does not know ("600 defenders were killed")
    unknown = _unknown_np(right, i)
    if unknown is not None and left and left[0] in _PREPS:
        unknown = None  # "in 21 cities": a place, not the people the event happened to
    j = i if unknown is None else unknown
    while j < len(right) and j - i < 5 and right[j] in AUX:
        j += 1
    if j < len(right):
        ev, _used = _phrase_at(right, j, EVENT_PHRASES)
        if ev and "condition" in right[j : j + _used] and j == i:
            ev = ""  # "..., four in critical condition": a part, not a verb of its own
        if not ev and right[j] == "in" and j + 2 < len(right) and right[j + 2] == "captivity":
            ev = "captured"  # "6,000 Zelmorans remained in Ruvanian captivity"
        if (
            not ev and j > i and right[j] == "in" and j + 2 < len(right)
            and (right[j + 2] in _HOSPITAL_WORDS
                 or (j + 3 < len(right) and right[j + 3] in _HOSPITAL_WORDS))
        ):
            ev = "hospitalized"  # "38 people are in Norvel hospitals", "in two city hospitals"
        if not ev:
            ev = EVENT_WORDS.get(right[j], "")
            if right[j] in WEAK_EVENTS and j == i:
                ev = ""
        if not ev and j > i and right[j] in _POSSESSIVES and right[j - 1] in ("had", "have"):
            # "1.9 million of them had their Social Security numbers exposed"
            for k in range(j + 1, min(len(right), j + 6)):
                if EVENT_WORDS.get(right[k]) == "affected":
                    ev = "affected"
                    break
                if right[k] in _CLAUSE_STOP or right[k] == ",":
                    break
        ok = j > i or i == 0 or right[i - 1] == "more"
        if unknown is not None:
            ok = ev in _OPEN_EVENTS or (ev in PERSON_EVENTS and _demonym(right[unknown - 1]))
        if ev in ("killed", "wounded") and _both_casualties(right, j):
            ev = "casualties"  # "some 5,000 were killed or wounded"
        if ev and ok and not _irrealis(right, j):
            m = resolve_measure(ev, None, None)
            if m:
                noun = right[unknown - 1] if unknown is not None else None
                return _Link(m, _singular(noun), None, True)
    # 4. a verb before it and nothing countable after it: "killing at least 30"; or a plural
    #    noun the lexicon does not know after a verb done to people ("killed 600 defenders")
    nxt = right[i] if i < len(right) else "."
    free = not _nounish(nxt)  # nothing countable follows: "to 410 overnight", "30, police said"
    if free or unknown is not None:
        lv = _left_verb(left)
        if lv is not None and (
            unknown is None
            or lv[0] in _OPEN_EVENTS
            or (lv[0] in PERSON_EVENTS and _demonym(right[unknown - 1]))
        ):
            m = resolve_measure(lv[0], None, None)
            if m:
                noun = right[unknown - 1] if unknown is not None else None
                return _Link(m, _singular(noun), None, True)
    # 5. back to an event noun: "the death toll rose to 2,100"; or to a counted noun: "the
    #    number of refugees ... rose to 160,000", "refugees top 160,000"
    if free:
        back = _back_event(left, n.hedge is not None)
        if back is not None and back[0] in PERSON_EVENTS:
            return _Link(back[0], None, None, False)
        counted = _counted_back(left, n.hedge is not None)
        if counted is not None:
            return counted
    return None


_SWAPS = frozenset({"swap", "exchange", "trade", "swapped", "exchanged", "traded"})
_CLAIMED = frozenset({"claimed", "claim", "claims", "claiming"})
_CLAIM_BE = frozenset({"were", "was", "are", "is", "had", "have", "has"})
_CLAIM_TOLL = frozenset({"killed", "dead", "died", "slain", "lost"})


def _claimed_that(left: list[str], right: list[str]) -> bool:
    """"claimed" as "asserted": a clause of its own follows the count ("the group claimed 18
    million consumers and 600,000 firms were involved", "claims 4,000 soldiers have been
    killed" stays: a toll stated by a source is still a toll)."""
    k = next((i for i, t in enumerate(left[:12]) if t in _CLAIMED or t in _CLAUSE_STOP), None)
    if k is None or left[k] not in _CLAIMED or right[:2] == ["lives"] or "lives" in right[:3]:
        return False
    for i, t in enumerate(right[:8]):
        if t in _CLAUSE_STOP:
            return False
        if t in _CLAIM_BE:
            nxt = right[i + 1 : i + 4]
            return bool(nxt) and not any(x in _CLAIM_TOLL for x in nxt)
    return False
_REMAINS = frozenset({"bodies", "remains"})
_HAND_BACK = frozenset(
    {"returned", "received", "repatriated", "handed", "transferred", "exchanged", "swapped",
     "return", "receive", "repatriate", "hand", "transfer", "exchange", "swap", "returns",
     "receives", "repatriates", "hands", "transfers", "returning", "receiving",
     "repatriating", "handing", "transferring", "exchanging"}
)  # fmt: skip
_HAND_BACK_PAIRS = frozenset({("brought", "home"), ("brought", "back"), ("taken", "back"),
                              ("took", "back"), ("got", "back"), ("handed", "over")})
_PLAN_BEFORE = frozenset({"to", "will", "would", "could", "may", "might", "shall", "should"})


def _handed_back(left: list[str]) -> bool | None:
    """Is the count (of bodies) the object of a verb that hands the dead back ("returned
    15,801 bodies", "brought home the bodies of", "received the remains of")?  True when
    done, False when only planned ("prepared to hand over", "would return"), None when no
    such verb governs it."""
    k = 0
    while k < min(len(left), 6) and left[k] in _SKIP_BEFORE and left[k] != "to":
        k += 1
    if k >= len(left):
        return None
    t = left[k]
    verb = -1
    if t in _HAND_BACK:
        verb = k
    elif t in ("home", "back", "over") and k + 1 < len(left) and (left[k + 1], t) in _HAND_BACK_PAIRS:
        verb = k + 1
    if verb < 0:
        return None
    before = left[verb + 1 : verb + 4]
    # False for "is prepared to hand over", "agreed to exchange up to 6,000 bodies"
    return not ((before[:1] and before[0] in _PLAN_BEFORE) or "to" in before[:2])

_NOMINAL_HEDGES = frozenset(
    {"more", "than", "over", "about", "around", "nearly", "almost", "roughly", "some", "at",
     "least", "just", "well", "approximately", "an", "estimated", "up", "upwards", "of"}
)  # fmt: skip
_DAMAGE_NOUNS = frozenset({"damage", "damages"})
_RUIN_NOUNS = frozenset({"collapse", "destruction", "razing", "levelling", "leveling"})


def _nominal_event(left: list[str]) -> tuple[str, int] | None:
    """Damage or destruction named as a noun before a count of structures: "severe damage to
    21,000 homes" (damaged), "caused the collapse of more than 1,200 houses", "a trail of
    destruction that included 5,300 structures" (destroyed)."""
    k = 0
    while k < min(len(left), 5) and left[k] in _NOMINAL_HEDGES and left[k] != "of":
        k += 1
    if k >= len(left):
        return None
    t = left[k]
    if t == "to":
        # "damage to", "heavy damage to", "extensive structural damage to"
        for x in range(k + 1, min(len(left), k + 4)):
            if left[x] in _DAMAGE_NOUNS:
                return "damaged", x
            if not left[x].isalpha() or left[x] in _NP_STOP:
                return None
        return None
    if t == "of" and k + 1 < len(left) and left[k + 1] in _RUIN_NOUNS:
        return "destroyed", k + 1
    if t in ("included", "including", "includes", "include"):
        for x in range(k + 1, min(len(left), k + 4)):
            if left[x] in ("destruction", "devastation"):
                return "destroyed", x
    return None


_FLIGHT_NOUNS = {"flight": "displaced", "exodus": "displaced", "evacuation": "evacuated"}
_AREA_NOUNS = frozenset(
    {"area", "zone", "district", "region", "neighbourhood", "neighborhood", "town", "city",
     "village", "island", "community", "suburb", "settlement", "camp"}
)  # fmt: skip
_EVACUATE_VERBS = frozenset({"evacuate", "evacuated", "evacuating", "evacuates", "evacuation"})
_HOSPITAL_WORDS = frozenset({"hospital", "hospitals", "clinic", "clinics", "infirmary"})


def _flight_of(left: list[str]) -> tuple[str, int] | None:
    """People leaving as a noun before "of": "forced the flight (exodus) of 60,000 people"
    (displaced); a place emptied of its people: "had to evacuate an area (a town) of 18,000
    people", "the evacuation of a district of 9,000 residents" (evacuated)."""
    k = 0
    while k < min(len(left), 5) and left[k] in _NOMINAL_HEDGES and left[k] != "of":
        k += 1
    if k + 1 >= len(left) or left[k] != "of":
        return None
    t = left[k + 1]
    if t in _FLIGHT_NOUNS:
        return _FLIGHT_NOUNS[t], k + 1
    if t in _AREA_NOUNS and k + 3 < len(left) and left[k + 2] in ("a", "an", "the", "whole", "entire"):
        x = k + 3 if left[k + 2] not in ("whole", "entire") else k + 4
        if x < len(left) and left[x] in ("a", "an", "the"):
            x += 1
        if x < len(left) and left[x] in _EVACUATE_VERBS:
            return "evacuated", x
        if x + 1 < len(left) and left[x] == "of" and left[x + 1] in _EVACUATE_VERBS:
            return "evacuated", x + 1
    return None


def _to_hospital(right: list[str], j: int) -> bool:
    """'... to (a / the / nearby) hospital(s)' within a few words after the counted noun."""
    for k in range(j, min(len(right), j + 8)):
        t = right[k]
        if t in _HOSPITAL_WORDS:
            return True
        if t in _PUNCT_STOP or t in (",", ";"):
            return False
    return False


def _along_with_event(left: list[str]) -> str | None:
    """The event of the clause before ", along with N people" ("... had been sent to the
    region, along with 300 soldiers"; "was quarantined, along with 28 people")."""
    if left[:2] == ["with", "along"] or left[:2] == ["with", "together"]:
        k = 2
    elif left[:3] == ["as", "well", "as"]:
        k = 3
    else:
        return None
    if k < len(left) and left[k] == ",":
        k += 1
    for t in left[k : k + 14]:
        if t in _CLAUSE_STOP or t in (",", "said", "says"):
            return None
        ev = EVENT_WORDS.get(t) or LEFT_VERBS.get(t)
        if ev and ev != "lost":
            return ev
    return None


_AREA_UNITS = frozenset(
    {"acres", "hectares", "miles", "kilometres", "kilometers", "km", "ha", "acre", "hectare"}
)  # fmt: skip
# Shelters people stay in: "8,700 people were staying in 36 temporary shelters".
_SHELTERS = frozenset({"shelters", "camps", "tents", "centres", "centers"})
_EVACUATION_WORDS = frozenset({"evacuation", "evacuations", "evacuate", "evacuated", "evacuees"})

# Plural event nouns that are always the head, never a modifier: "1,080 casualties Dravenian
# forces suffered" counts casualties, not forces.
_HEAD_EVENT_NOUNS = frozenset(
    {"deaths", "fatalities", "casualties", "injuries", "arrests", "evacuations", "detentions",
     "hospitalizations", "hospitalisations", "infections", "diagnoses"}
)  # fmt: skip
# Words that may stand between a number and such a head: "4,870 confirmed deaths", "40
# civilian deaths", "12 heat-related injuries".
_HEAD_MODIFIERS = frozenset(
    {"confirmed", "reported", "recorded", "registered", "documented", "verified", "known",
     "official", "civilian", "military", "child", "combat", "traffic", "related", "new",
     "suspected", "probable", "possible", "likely", "total", "daily", "weekly"}
)  # fmt: skip


def _head_after_modifiers(right: list[str], i: int) -> int:
    """Index of a head event noun behind one or two modifiers, else ``i`` unchanged."""
    for k in (i + 1, i + 2):
        if k < len(right) and right[k] in _HEAD_EVENT_NOUNS:
            if all(right[x] in _HEAD_MODIFIERS or right[x].endswith("-related") for x in range(i, k)):
                return k
            return i
    return i


_KILLED_WORDS = frozenset({"killed", "dead", "deaths"})
_WOUNDED_WORDS = frozenset({"wounded", "injured", "injuries"})


def _killed_and_wounded(toks: list[str], i: int) -> bool:
    """'killed and wounded', 'dead or injured': both together are casualties."""
    if i + 2 >= len(toks) or toks[i + 1] not in ("and", "or"):
        return False
    a, b = toks[i], toks[i + 2]
    return (a in _KILLED_WORDS and b in _WOUNDED_WORDS) or (
        a in _WOUNDED_WORDS and b in _KILLED_WORDS
    )


_OBJECT_START = frozenset({"at", "more", "about", "nearly", "some", "around", "over", "another"})


def _both_casualties(toks: list[str], i: int) -> bool:
    """'have been killed or wounded' after the counted noun, unless the second verb takes a
    number of its own ("were killed and wounded 12 others")."""
    if not _killed_and_wounded(toks, i):
        return False
    nxt = toks[i + 3] if i + 3 < len(toks) else "."
    return not (_is_number_tok(nxt) or nxt in _OBJECT_START or nxt in _NUMBER_WORDS)


# Participles that say, before the counted noun, what happened to it: "40 damaged homes".
_PARTICIPLES = frozenset(
    {"destroyed", "damaged", "injured", "wounded", "missing", "displaced", "evacuated",
     "arrested", "rescued", "trapped", "detained", "stolen", "compromised", "exposed", "dead"}
)  # fmt: skip


def _participle_before(mods: list[str]) -> tuple[str, int] | None:
    """An event participle among the words between a number and its noun, or None."""
    for t in mods:
        if t in _PARTICIPLES:
            return EVENT_WORDS[t], 0
    return None


_PART_HEDGES = frozenset({"some", "about", "around", "roughly", "nearly", "almost", "approximately", "over"})


def _of_which(right: list[str], left: list[str]) -> _Link | None:
    """'64 drones, of which 52 were downed': the part takes the noun before 'of which'; a
    part of exposed data or people takes the exposure ("exposed 280 million guest records,
    of which some 25 million belonged to ...")."""
    h = 0
    while h < min(len(left), 3) and left[h] in _PART_HEDGES:
        h += 1
    left = left[h:]
    if len(left) < 3 or left[0] != "which" or left[1] != "of":
        return None
    k = 3 if left[2] == "," else 2
    hit = NOUNS.get(left[k]) if k < len(left) else None
    if hit is None or not hit[2]:
        return None
    lemma, cat, _plural = hit
    if cat in ("data", "people") and any(
        LEFT_VERBS.get(t) == "affected" or EVENT_WORDS.get(t) == "affected"
        for t in left[k + 1 : k + 12]
    ):
        return _Link(lemma if cat == "data" else "affected", lemma, None, True)
    j = 0
    while j < len(right) and j < 4 and right[j] in AUX:
        j += 1
    if j >= len(right):
        return None
    t = right[j]
    if cat == "thing":
        if t in THING_EVENTS or EVENT_WORDS.get(t) == "destroyed":
            return _Link(lemma, lemma, None, True)
        return None
    ev = EVENT_WORDS.get(t)
    measure = resolve_measure(ev, lemma, cat) if ev else None
    return _Link(measure, lemma, None, True) if measure else None


def _of_them_degree(right: list[str], left: list[str]) -> _Link | None:
    """'1,450 buildings damaged, 210 of them beyond repair': a part of the figure before
    with a measure of its own (destroyed).  A part that only differs by degree ('412 injured,
    97 of them seriously') would read as a new total of the same measure: not a figure."""
    if len(right) < 3 or right[0] != "of" or right[1] not in ("them", "those", "which"):
        return None
    if not left or left[0] not in (",", "—", "–", "("):
        return None  # "61 destroyed structures — 39 of them homes —": a dashed aside too
    typed = NOUNS.get(right[2])
    if typed is not None and typed[2] and typed[1] in ("structure", "people", "military", "role"):
        # "73 structures destroyed, 48 of them homes": a part of another kind, like
        # "including 48 homes"; the event is the set's
        for t in left[1:10]:
            if t in _CLAUSE_STOP or _is_number_tok(t):
                break
            ev = EVENT_WORDS.get(t) if t not in WEAK_EVENTS else None
            if ev is not None:
                measure = resolve_measure(ev, typed[0], typed[1])
                return _Link(measure, typed[0], None, True) if measure else None
        return None
    if right[2] != "beyond" or right[3:4] != ["repair"]:
        # "900 of them so badly that they will have to be demolished": lost all the same
        tail = right[2:14]
        stop = next((k for k, t in enumerate(tail) if t in _CLAUSE_STOP or t == ","), len(tail))
        if _DEMOLISHED.isdisjoint(tail[:stop]):
            return None  # a part that differs only by degree ("18 of them seriously")
    event = lemma = cat = None
    for t in left[1:10]:
        if t in _CLAUSE_STOP or _is_number_tok(t):
            break
        if event is None and t in EVENT_WORDS:
            event = EVENT_WORDS[t]
        elif event is not None and t in NOUNS and NOUNS[t][2]:
            lemma, cat = NOUNS[t][0], NOUNS[t][1]
            break
    if event is None:
        return None
    if event != "damaged":
        return None
    event = "destroyed"  # "1,450 buildings damaged, 210 of them beyond repair"
    measure = resolve_measure(event, lemma, cat)
    return _Link(measure, lemma, None, True) if measure else None


_DEMOLISHED = frozenset(
    {"demolished", "destroyed", "razed", "flattened", "uninhabitable", "collapsed", "demolition"}
)  # fmt: skip


def _list_tail_event(right: list[str]) -> str | None:
    """The verb after a list of "N noun" items that starts at this number ("812 aircraft,
    61,400 drones and 27,900 tanks have been destroyed"): its event word, or None.

    ``right`` starts after this item's noun.  At least one more numbered item must follow,
    and the verb must come right after the last item (auxiliaries allowed).
    """
    k = 0
    items = 0
    size = min(len(right), 40)
    while k < size:
        t = right[k]
        if t in (",", "and"):
            k += 1
            continue
        if t in ("a", "an") and k + 1 < size and right[k + 1].isalpha():
            k += 2  # "26 private houses, a school and 14 cars were damaged": an unnumbered item
            continue
        if _is_number_tok(t):
            items += 1
            k += 1
            # the item's words: "unmanned aerial vehicles", "tanks and other armoured vehicles"
            words = 0
            while k < size and words < 8 and (right[k].isalpha() or right[k] == "and"):
                if right[k] in AUX or right[k] in EVENT_WORDS:
                    break
                k += 1
                words += 1
            if words == 0:
                return None  # "54,000 people, and 31,000 have been vaccinated": a clause
            continue
        break
    if items == 0:
        return None
    while k < size and right[k] in AUX:
        k += 1
    if k < size and k > 0 and right[k - 1] in AUX:
        ev = EVENT_WORDS.get(right[k])
        if ev is not None and not _irrealis(right, k):
            return ev
    return None


def _list_rest(left: list[str]) -> list[str] | None:
    """The words before a list of "N noun" items that ends at this number, or None.

    "has also lost 11,204 tanks, 23,318 armored vehicles and 28 ships" (at 28): the left
    context from "lost" on; "lost 1,230 troops in the past day, as well as 14 tanks" too.
    """
    k = 0
    items = 0
    size = len(left)
    while k < size and items < 16:
        start = k
        while k < size:  # separators: ",", "and", ", and", "as well as", ", including"
            if left[k] in (",", "and", "including"):
                k += 1
            elif left[k : k + 3] == ["as", "well", "as"]:
                k += 3
            else:
                break
        if k == start:
            break
        m = next(
            (
                x
                for x in range(k, min(size, k + 7))
                if _is_number_tok(left[x]) or left[x] in _NUMBER_WORDS
            ),
            None,
        )
        if m is None or m == k or not all(left[x].isalpha() for x in range(k, m)):
            return None
        k = m + 1
        items += 1
    return left[k:] if items else None


_GROWTH = frozenset(
    {"grow", "increase", "expand", "boost", "raise", "bring", "double", "swell", "enlarge"}
)  # fmt: skip


def _target(left: list[str]) -> bool:
    """'ordered the forces to grow to 1.5 million', 'plans to expand the army to 1.5 million':
    a goal, not a count."""
    if not left or left[0] != "to":
        return False
    for k in range(1, min(len(left) - 1, 6)):
        if left[k] in _GROWTH and left[k + 1] == "to":
            return True
        if left[k] in _CLAUSE_STOP or left[k] == ",":
            return False
    return False


# Verbs that finish weapons and craft, for a part whose noun is left out ("; 241 were downed").
_DOWNED = frozenset({"downed", "intercepted", "destroyed", "shot", "neutralised", "neutralized"})


def _elided_thing(right: list[str], i: int, left: list[str]) -> _Link | None:
    """'273 drones were launched overnight; 241 were downed': the part takes the noun of the
    nearest "N <weapons>" before it in the sentence."""
    j = i
    while j < len(right) and j - i < 3 and right[j] in AUX:
        j += 1
    if j == i or j >= len(right) or right[j] not in _DOWNED:
        return None
    for k in range(1, min(len(left) - 1, 24)):
        t = left[k]
        if t == ".":
            return None
        hit = NOUNS.get(t)
        if hit is not None and hit[1] == "thing" and hit[2] and _is_number_tok(left[k + 1]):
            return _Link(hit[0], hit[0], None, True)
    return None


_TALLY = frozenset({"number", "total", "count", "tally"})
_INCREMENT = frozenset({"more", "additional", "further", "another", "other", "extra"})
# Groups an event already counted: "four of the dead", "two of the injured" are parts of a
# figure, not figures
_GROUP_DETERMINERS = frozenset({"the", "those", "these", "our", "their"})
_GROUP_WORDS = frozenset({"victims", "survivors", "bodies", "casualties"})


_DATA_TAKEN = frozenset({"taken", "stolen", "exposed", "accessed", "compromised", "leaked"})


def _n_of_m(right: list[str], left: list[str]) -> _Link | None:
    """'downed 25 of 30 drones', 'rescued 12 of 15 miners': the part has the noun after the
    whole and the verb before it."""
    found = _find_noun(right, 2, False)
    if found is None:
        return None
    _j, _used, lemma, cat = found
    if cat == "thing":
        return _Link(lemma, lemma, None, True) if _thing_event_near([], left) else None
    lv = _left_verb(left)
    if lv is None or cat not in ("people", "military", "role", "counted"):
        return None
    measure = resolve_measure(lv[0], lemma, cat)
    return _Link(measure, lemma, None, True) if measure else None


_CARE_PLACES = frozenset(
    {"hospital", "hospitals", "clinic", "clinics", "morgue", "morgues", "facility", "mortuary"}
)
_THRESHOLD_VERBS = frozenset({"claim", "kill", "cause", "leave", "displace", "destroy"})
_RANGE_VERBS = frozenset({"range", "ranging", "vary"})
_PLACE_UNITS = frozenset(
    {"villages", "towns", "districts", "provinces", "cities", "regions", "countries", "states",
     "communities", "municipalities", "counties", "prefectures", "townships", "neighbourhoods",
     "neighborhoods"}
)  # fmt: skip
_EACH_SIDE = frozenset({"released", "freed", "returned", "handed", "swap", "swapped", "involved"})
_HOLD_VERBS = frozenset({"hold", "holds", "holding", "held", "has", "have", "had"})
_HELD_WORDS = frozenset({"custody", "captivity"})


def _held_captive(verb: str, right: list[str]) -> bool:
    """'still holds 41 hostages', 'is holding 59 of the captives', 'had 11 of the ship's crew
    in custody': people held now are captured ("has/had" only with custody or captivity)."""
    for t in right[:9]:
        if t in _CLAUSE_STOP or t in (",", "with", "for", "about", "on", "at", "to", "from"):
            return False
        if t in _HELD_WORDS or (t in _CAPTIVE and verb not in ("has", "have", "had")):
            return True
    return False


_AS_AUX = frozenset({"have", "has", "had", "were", "was", "did", "are", "is"})


def _as_have_event(left: list[str]) -> tuple[str, int] | None:
    """'Eight homes have been destroyed, as have 131 sheds': the count after "as have / as
    were" takes the verb of the clause before it."""
    for k in range(2, min(len(left), 14)):
        t = left[k]
        if t in (".", ";", ":"):
            return None
        ev = EVENT_WORDS.get(t)
        if ev and ev not in ("contained", "threatened"):
            return ev, k
    return None


# the whole in "N of the / its / their M <noun>"
_WHOLE_DETS = frozenset({"the", "those", "its", "their", "his", "her", "our"})


def _part_of_whole(right: list[str]) -> _Link | None:
    """'Four of the 25 people aboard the ship were killed': the part has the verb's event and
    the whole's noun."""
    if right[3:5] == ["or", "so"]:
        right = right[:3] + right[5:]  # "some 50 of its 40,000 or so customers"
    found = _find_noun(right, 3, False)
    if found is None:
        return None
    j, used, lemma, cat = found
    if cat not in ("people", "military", "role", "counted"):
        return None
    k = j + used
    if k < len(right) and right[k] in EVENT_WORDS:
        k += 1  # "three of the 21 people injured were children": that event is the whole's
    rv = _right_event(right, k)
    if rv is None or rv[0] not in PERSON_EVENTS or rv[0] == "on board":
        return None
    measure = resolve_measure(rv[0], lemma, cat)
    return _Link(measure, lemma, None, True) if measure else None


def _whole_of_part(right: list[str]) -> _Link | bool | None:
    """The whole in 'Four of the 25 people aboard the ship were killed': the people on board
    when "aboard" / "on board" follows its noun, its own event when a participle does ("three
    of the 21 people injured"), else no figure (the verb is the part's).  False: not a
    counted whole, look further."""
    if right[:2] == ["or", "so"]:
        right = right[2:]
    found = _find_noun(right, 0, False)
    if found is None:
        return False
    j, used, lemma, cat = found
    if cat not in ("people", "military", "role", "counted"):
        return False
    nxt = right[j + used : j + used + 2]
    if nxt[:1] == ["aboard"] or nxt == ["on", "board"]:
        measure = resolve_measure("on board", lemma, cat)
        return _Link(measure, lemma, None, True) if measure else None
    if nxt[:1] and (nxt[0] in EVENT_WORDS or nxt[0] in ("who", "that", "which", "whose")):
        return False  # "of the 62,000 people who fled": the whole's own event
    return None


def _part_event(right: list[str]) -> str | None:
    """'41 of the returned prisoners were seriously wounded', '410,000 of those affected also
    had driver's license numbers taken': a part of a group with an event of its own.

    Not a part that only differs by degree from its group ("18 of the injured were seriously
    injured") nor deaths among the hurt ("two of the injured died": the toll says it)."""
    if len(right) < 4 or right[0] != "of" or right[1] not in _GROUP_DETERMINERS:
        return None
    k = 2
    group_event = None
    while k < min(len(right), 5) and right[k].isalpha() and right[k] not in AUX:
        group_event = group_event or EVENT_WORDS.get(right[k])
        k += 1
    if k == 2 or k >= len(right):
        return None
    j = k
    while j < min(len(right), k + 5) and (right[j] in AUX or right[j].endswith("ly")):
        j += 1
    if j == k or j >= len(right) or _irrealis(right, j):
        return None
    if right[j] in _POSSESSIVES or right[j - 1] in ("had", "have"):
        # "had driver's license numbers taken": a part by the kind of data
        for x in range(j, min(len(right), j + 6)):
            if right[x] in _PUNCT_STOP:
                break
            if right[x] in _DATA_TAKEN:
                return "affected"
    ev, _used = _phrase_at(right, j, EVENT_PHRASES)
    ev = ev or EVENT_WORDS.get(right[j], "")
    if not ev or ev in ("killed", group_event) or ev not in PERSON_EVENTS:
        return None
    return ev


def _in_hospital(right: list[str]) -> bool:
    """'... of the injured are (still) in hospital' / 'were hospitalized' right after the
    partitive group."""
    for k in range(3, min(len(right), 9)):
        t = right[k]
        if t in _PUNCT_STOP or (t in EVENT_WORDS and t not in ("hospitalized", "hospitalised")):
            return False  # "three of the injured died in hospital": deaths, not stays
        if t in ("hospitalized", "hospitalised"):
            return True
        if t == "hospital" and right[k - 1] in ("in", "to"):
            return True
    return False


def _partitive(right: list[str]) -> bool:
    """"Four of the dead were fishermen": a part of an earlier count, not a new one."""
    if len(right) < 3 or right[0] != "of" or right[1] not in _GROUP_DETERMINERS:
        return False
    for t in right[2:5]:
        if t in _PUNCT_STOP or _is_number_tok(t):
            return False
        if t in _GROUP_WORDS or (t in EVENT_NOUNS and EVENT_NOUNS[t] in PERSON_EVENTS):
            return True
    return False


_ACCOUNT = frozenset({"account", "accounts", "accounted", "accounting"})
_VAGUE_SHARE = frozenset(
    {"most", "many", "some", "half", "several", "few", "majority", "none", "each", "much"}
)  # fmt: skip


def _part_of_left(left: list[str], right: list[str]) -> bool:
    """'Among the dead were two children': a part of a count; 'most of the 6,500 evacuated
    residents have returned': the number names a group counted before (by the event word in
    front of its noun), not this event ("half of the 200 homes were flattened" still counts)."""
    if (
        len(left) >= 3 and left[0] == "the" and left[1] == "of" and left[2] in _VAGUE_SHARE
        and right and right[0] in EVENT_WORDS
    ):
        return True
    k = 0
    while k < min(len(left), 4) and left[k] in _SKIP_BEFORE:
        k += 1
    if k + 2 < len(left) and left[k] in ("were", "are", "was", "is", "included", "include"):
        group = left[k + 1]
        return left[k + 2] in _GROUP_DETERMINERS and (
            group in _GROUP_WORDS or (group in EVENT_NOUNS and EVENT_NOUNS[group] in PERSON_EVENTS)
        ) and k + 3 < len(left) and left[k + 3] == "among"
    return False


def _power_cut(left: list[str]) -> bool:
    """'power was cut to 45,000 homes', 'knocked out power to', 'restored to all but 48,000'."""
    power = cut = restored = False
    for t in left[:12]:
        if t in _CLAUSE_STOP:
            break
        if t in ("power", "electricity"):
            power = True
        elif t in ("cut", "knocked", "lost", "outages", "outage", "shut", "shutoffs", "shutoff",
                   "shutting", "cutting", "knocking", "cuts", "shuts"):
            cut = True
        elif t == "restored":
            restored = True
    if restored:
        return power and left[:2] == ["but", "all"]
    return power and cut
_CAPTIVE = frozenset({"prisoner", "prisoners", "captive", "captives", "hostage", "hostages"})
_TAKE = frozenset({"taken", "took", "take", "takes", "taking"})
_POSSESSIVES = frozenset({"their", "its", "his", "her"})


_INCLUDE_VERBS = frozenset({"include", "includes", "included"})
_ANAPHORS = frozenset({"this", "that", "which", "it", "these"})


def _including_left(left: list[str]) -> list[str] | None:
    """The left context of a part of a set, normalised to start at "including": "including
    9 children", "the toll includes 312 dead", "312 dead, among them 40 children", "the
    people killed include 18 women"; "This includes 40 children" after the sentence that
    gave the set ("The strike killed 312 people. This includes ...").  None when the number
    is no part of a set."""
    t = left[0]
    if t == "including":
        return left
    if t in _INCLUDE_VERBS:
        if len(left) > 2 and left[1] in _ANAPHORS:
            rest = left[2:]
            if rest[:1] == ["."]:
                rest = rest[1:]
            return ["including", *rest]
        return left
    if t in ("them", "whom") and left[1:2] == ["among"]:
        return ["including", *left[2:]]
    if t == "of" and left[1:3] == ["those", "including"]:
        return ["including", *left[3:]]  # "83 bodies ..., including those of 22 minors"
    return None


def _event_before_including(left: list[str]) -> str | None:
    """The event of the set a part after "including" belongs to ("destroyed" in "112
    structures destroyed, including 71 homes"), looked for back to the set's number."""
    for k in range(1, min(len(left), 10)):
        t = left[k]
        if t in _CLAUSE_STOP or (_is_number_tok(t) and k + 1 < len(left) and
                                  left[k + 1] not in LEFT_VERBS):
            if _is_number_tok(t) and t not in _CLAUSE_STOP:
                # "the death toll has risen to 41, including 13 children": the set's event
                back = _back_event(left[k + 1 :])
                if back is not None and back[0] in PERSON_EVENTS:
                    return back[0]
            return None
        ev = EVENT_WORDS.get(t) if t not in WEAK_EVENTS else None
        ev = ev or LEFT_VERBS.get(t)
        if ev:
            return ev
    return None


def _verb_before_including(left: list[str]) -> tuple[str, int] | None:
    """The exposure verb of the set a data count is part of: "stolen 1.4 terabytes of data,
    including 12 million records" -> affected."""
    for k in range(1, min(len(left), 10)):
        t = left[k]
        if t in _CLAUSE_STOP:
            return None
        if LEFT_VERBS.get(t) == "affected":
            return "affected", k
    return None


def _counted_back(left: list[str], hedged: bool) -> _Link | None:
    """A counted noun on the left that the number totals, through linking words only
    ("refugees top 160,000") or after "the number of" ("the number of firefighters on the
    fire lines rose to 1,100").  Only nouns counted on their own qualify (not "protesters")."""
    if not left or (left[0] not in BRIDGE and not hedged):
        return None
    linking = True  # only linking words so far
    for k in range(min(len(left), 16)):
        t = left[k]
        if t in _CLAUSE_STOP or t == "," or _is_number_tok(t) or t in ("said", "says", "told"):
            return None
        if t == "of" and k >= 1 and k + 1 < len(left) and left[k + 1] in _TALLY and _demonym(left[k - 1]):
            # "the total number of Elvanians freed from captivity ... to 4,812"
            # the event right after the counted people ("freed from captivity": freed)
            ev = next((EVENT_WORDS[x] for x in reversed(left[:k]) if x in EVENT_WORDS), None)
            if ev in PERSON_EVENTS and ev not in WEAK_EVENTS:
                m = resolve_measure(ev, None, None)
                return _Link(m, None, None, False) if m else None
        hit = NOUNS.get(t)
        if hit is not None and hit[2]:
            anchored = k + 2 < len(left) and left[k + 1] == "of" and left[k + 2] in _TALLY
            if (
                not anchored
                and k + 3 < len(left)
                and left[k + 1] in _BACK_PARTICIPLES
                and left[k + 2] == "of"
                and left[k + 3] in _TALLY
            ):
                # "the number of damaged houses has climbed to 3,480"
                measure = resolve_measure(EVENT_WORDS[left[k + 1]], hit[0], hit[1])
                return _Link(measure, hit[0], None, False) if measure else None
            if not (linking or anchored):
                return None
            event = None
            if anchored:
                # "the number of homes destroyed has risen to 41", "the number of people whose
                # data was stolen ... has grown to 2.1 million": the event after the noun
                event = next((EVENT_WORDS[x] for x in left[:k] if x in EVENT_WORDS), None)
                if (
                    event is None
                    and "orders" in left[:k]
                    and "under" in left[:k]
                    and any(x in _EVACUATION_WORDS for x in left[k:])
                ):
                    # "the total number of people under orders to roughly 9,500", in a
                    # sentence about evacuation orders
                    event = "evacuated"
            measure = resolve_measure(event, hit[0], hit[1]) if event else None
            measure = measure or resolve_measure(None, hit[0], hit[1])
            return _Link(measure, hit[0], None, False) if measure else None
        if t not in BRIDGE and t not in _ASSIGNED:
            linking = False
    return None


# "Personnel assigned to the fire increased to 1,450": a participle phrase after the noun
_ASSIGNED = frozenset(
    {"assigned", "working", "battling", "fighting", "the", "fire", "blaze", "fires", "lines",
     "line", "scene", "incident", "on"}
)  # fmt: skip


_BACK_PARTICIPLES = frozenset(
    {"destroyed", "damaged", "injured", "wounded", "missing", "displaced", "evacuated",
     "arrested", "rescued", "trapped", "affected", "detained", "exposed", "killed"}
)  # fmt: skip


# Event nouns that name people: what happens to them later wins ("evacuees ... returned").
_PEOPLE_EVENT_NOUNS = frozenset({"evacuees", "evacuee", "captives", "detainees"})


# Events that may count a plural noun the lexicon does not list ("defenders", "worshippers").
_OPEN_EVENTS = frozenset(
    {"killed", "wounded", "captured", "arrested", "evacuated", "rescued", "displaced",
     "missing", "hospitalized"}
)  # fmt: skip
_NOT_COUNTED = frozenset(
    {"times", "cases", "years", "days", "others", "points", "percent", "things", "ways",
     "kinds", "types", "sorts", "parts", "lots", "tons", "units", "items", "votes", "games",
     "cities", "countries", "towns", "provinces", "states", "regions", "districts", "areas",
     "locations", "sites", "counties", "municipalities", "neighbourhoods", "neighborhoods",
     "streets", "incidents", "attacks", "strikes", "events", "hours", "weeks"}
)  # fmt: skip


_PREPS = frozenset({"in", "across", "from", "at", "on", "to", "with", "by", "for", "of", "into",
                    "over", "near", "within", "among", "between"})  # fmt: skip


def _demonym(word: str) -> bool:
    """'Teverians', 'Solmarkians', 'Indonesians': a people plural the lexicon cannot list."""
    return len(word) > 6 and word.endswith("ians")


def _unknown_np(right: list[str], i: int) -> int | None:
    """End index of a short noun phrase headed by an unknown plural ("Palestinian worshippers")."""
    for k in range(i, min(len(right), i + 3)):
        t = right[k]
        if not t.isalpha() or t in _NP_STOP or t in AUX or t in EVENT_WORDS or t in NOUNS:
            return None
        if t in EVENT_NOUNS or t in _SKIP_AFTER or t in _NOT_COUNTED:
            return None
        if len(t) > 3 and t.endswith("s") and not t.endswith(("ss", "us", "is")):
            nxt = right[k + 1] if k + 1 < len(right) else "."
            if nxt.isalpha() and nxt not in _NP_STOP and nxt not in AUX and nxt not in EVENT_WORDS:
                continue  # "civilian defenders": keep looking for the head
            return k + 1
    return None


_ADVERBS_IN_S = frozenset({"overseas", "always", "afterwards", "nevertheless", "whereas",
                           "besides", "towards", "perhaps", "sometimes", "nowadays"})  # fmt: skip


def _nounish(t: str) -> bool:
    """Could ``t`` be the noun a number counts (so the number is not free)?"""
    if t in NOUNS or t in EVENT_NOUNS:
        return True
    if t in _NP_STOP or t in _PUNCT_STOP or t in AUX or t in EVENT_WORDS or t in _ADVERBS_IN_S:
        return False
    return t.isalpha() and len(t) > 3 and t.endswith("s") and not t.endswith(("ss", "us", "ly"))


def _singular(noun: str | None) -> str | None:
    if noun is None:
        return None
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    return noun[:-1] if noun.endswith("s") else noun


def _near(words: frozenset[str], right: list[str], left: list[str], reach: int) -> bool:
    """Is one of ``words`` within ``reach`` tokens on either side, in the same clause?"""
    for toks in (right[:reach], left[:reach]):
        for tk in toks:
            if tk in (";", "—") or (tk == "." and reach < 20):
                break
            if tk in words:
                return True
    return False


# "fire" is a weapons verb ("fired 40 missiles", "opened fire"), not in "90 fire engines"
_FIRE_COMPOUND = frozenset(
    {"engines", "engine", "trucks", "truck", "crews", "crew", "officials", "department",
     "departments", "service", "services", "station", "stations", "chief", "chiefs", "season",
     "danger", "weather", "risk", "brigade", "brigades", "hydrants", "lines", "line", "ban",
     "agency", "authorities", "behavior", "behaviour", "perimeter", "retardant", "fighting"}
)  # fmt: skip


def _thing_event_near(right: list[str], left: list[str]) -> bool:
    """A verb of use for weapons and craft within 8 tokens ("launched 120 drones")."""
    for toks, after in ((right[:8], 1), (left[:8], -1)):
        for k, tk in enumerate(toks):
            if tk in (";", "—", "."):
                break
            if tk in THING_EVENTS:
                if tk in ("fire", "fires"):
                    nxt = k + after
                    src = toks if 0 <= nxt < len(toks) else None
                    if src is not None and src[nxt] in _FIRE_COMPOUND:
                        continue
                return True
    return False


def _colon_list_verb(left: list[str]) -> bool:
    """'shot down 51 air attack assets: 47 ... UAVs in the north ..., and 4 cruise missiles':
    an item of a list after a colon whose lead-in has a verb of use."""
    for k in range(min(len(left), 40)):
        t = left[k]
        if t in (".", ";", "—", "!", "?"):
            return False
        if t == ":":
            return any(x in THING_EVENTS for x in left[k + 1 : k + 8])
    return False


def _located(right: list[str], j: int) -> bool:
    """'troops (are|remain) in Kursk', 'personnel are believed to remain at the base': a count
    of troops somewhere is a deployment."""
    k = j
    while k < len(right) and k - j < 5 and right[k] in _STAYING:
        k += 1
    if k == j or k >= len(right):
        return False
    if right[k] == "at" and not any(right[x] in ("remain", "remained", "stay") for x in range(j, k)):
        return False  # "300 soldiers were at the parade": present, not posted
    return right[k] in ("in", "inside", "across", "at")


_STAYING = frozenset(
    {"are", "remain", "remained", "still", "now", "currently", "were", "stay", "believed",
     "thought", "reportedly", "to", "said"}
)  # fmt: skip


_EVENT_LEMMA = {
    "deaths": "death", "fatalities": "fatality", "casualties": "casualty", "injuries": "injury",
    "arrests": "arrest", "evacuees": "evacuee", "evacuations": "evacuation",
    "detentions": "detention", "losses": "loss", "lives": "life", "captives": "captive",
    "hospitalizations": "hospitalization", "hospitalisations": "hospitalisation",
}  # fmt: skip


_DATA_NOUNS = frozenset({"data", "information", "records", "details", "files", "info"})


def _data_of(left: list[str]) -> bool:
    """'(the personal) data of|on|belonging to N people': a breach count."""
    k = 0
    while k < len(left) and left[k] in _SKIP_BEFORE and left[k] not in ("of", "on"):
        if left[k] == "to" and k + 1 < len(left) and left[k + 1] in _RELATING:
            break
        if left[k] == "to" and left[k + 1 : k + 2] == ["access"]:
            # "gained (steal, got, had) access to 300 million accounts"
            return k + 2 < len(left) and left[k + 2] in _ACCESS_VERBS
        k += 1
    if k + 2 < len(left) and left[k] == "from" and left[k + 1] in _DATA_NOUNS:
        # "stole data from 900 million accounts", "the theft of data from 30 million cards"
        # (not "data from 40 countries": the counted noun decides)
        for t in left[k + 2 : k + 8]:
            if t in _CLAUSE_STOP:
                return False
            if LEFT_VERBS.get(t) == "affected" or t in ("theft", "thefts", "access", "accessing"):
                return True
        return False
    if (
        k + 2 < len(left)
        and left[k] == "to"
        and left[k + 1] in _RELATING
    ):
        # "personal data relating to 1.8 million customers"; "files containing personal
        # information, including names and ... numbers, relating to 2.7 million policyholders"
        for t in left[k + 2 : k + 20]:
            if t in _CLAUSE_STOP:
                return False
            if t in _DATA_NOUNS:
                return True
        return False
    if k + 1 < len(left) and left[k] in ("of", "on", "for"):
        if left[k + 1] == "numbers":  # "Social Security numbers for 310,000 people"
            return k + 2 < len(left) and left[k + 2] in _ID_KINDS
        if left[k + 1] in _PERSONAL_ITEMS:
            # "accessed the names and addresses of 1.5 million patients", with an exposure
            # verb (not "released the names of 40 people killed")
            for t in left[k + 2 : k + 14]:
                if t in _CLAUSE_STOP:
                    return False
                if LEFT_VERBS.get(t) == "affected" or t == "access":
                    return True  # "gained access to the accounts of 6.9 million users"
            return False
        return left[k + 1] in _DATA_NOUNS
    return False


_ACCESS_VERBS = frozenset(
    {"gained", "gain", "gaining", "gains", "steal", "stole", "stolen", "got", "get", "getting",
     "obtained", "obtain", "had", "have", "has", "won", "granted", "unauthorised",
     "unauthorized", "illegal", "illicit"}
)  # fmt: skip
_PERSONAL_ITEMS = frozenset(
    {"names", "addresses", "emails", "birthdates", "identities", "passwords", "accounts"}
)  # fmt: skip


_RELATING = frozenset({"relating", "belonging", "related", "pertaining"})
_ID_KINDS = frozenset(
    {"security", "phone", "passport", "card", "account", "insurance", "license", "licence",
     "id", "identification", "tax", "routing"}
)  # fmt: skip


def _left_verb_word(left: list[str]) -> str:
    for tk in left[:4]:
        if tk not in _SKIP_BEFORE:
            return tk
    return ""


_AGREEMENTS = frozenset({"deal", "agreement", "settlement", "terms", "accord", "consent"})
_PAYS = frozenset({"pay", "put", "place", "deposit", "contribute", "provide", "set", "fund"})
_MONEY_BLOCK = frozenset({"could", "would", "might", "may", "maximum", "faces", "face",
                          "facing", "up", "per", "worth", "valued", "value"})  # fmt: skip
# Verbs that govern an amount which is neither paid nor lost to the story's event.
_MONEY_NEUTRAL = frozenset(
    {"spend", "spends", "spent", "spending", "invest", "invests", "invested", "investing",
     "raise", "raised", "raises", "raising", "pledge", "pledged", "pledges", "pledging",
     "earmark", "earmarked", "allocate", "allocated", "budget", "budgeted", "earn", "earned",
     "earns", "borrow", "borrowed", "save", "saved", "cost", "costs", "costing", "worth"}
)  # fmt: skip
_PRICE_AFTER = re.compile(
    r"\s*(?:/|per\b|a\s+(?:month|year|week|day|share|tonne|ton|barrel"
    r"|ounce|head|piece|night)\b|an\s+(?:hour|ounce)\b|each\b)"
)


_CURRENCY_WORDS = frozenset(
    {"dollars", "dollar", "euros", "euro", "pounds", "yen", "yuan", "rupees", "roubles",
     "rubles", "hryvnias", "won", "usd", "eur", "gbp", "naira"}
)  # fmt: skip


_BRACKET_HEDGES = frozenset({"about", "around", "roughly", "approximately", "some", "nearly",
                             "almost", "over", "c.", "approx", "approx."})  # fmt: skip
_REACH = frozenset({"reach", "top", "exceed", "surpass", "hit", "total", "near"})
_CRYPTO = frozenset(
    {"bitcoin", "bitcoins", "btc", "ether", "eth", "monero", "xmr", "usdt", "tether"}
)  # fmt: skip
# "agreed to pay", "ordered to pay": a settlement or a penalty ("agreed to pay $2bn for" a
# company is a purchase)
_PAY_ORDERED = frozenset({"agreed", "agree", "agrees", "ordered", "required", "forced"})
_PURCHASE = frozenset({"acquire", "buy", "purchase", "take"})  # "agreed to pay $2bn to acquire"
_LOSS_NOUNS = frozenset({"losses", "loss", "damage", "damages"})


# Currencies a reader knows: kept as written, with a dollar conversion beside them dropped;
# any other currency ("2.45 billion yuan ($400 million)") is keyed by its dollar conversion
_MAJOR = frozenset({"usd", "eur", "gbp"})
_MAJOR_WORDS = frozenset({"dollars", "dollar", "usd", "euros", "euro", "eur", "pounds", "gbp"})


def _usd_bracket(right: list[str]) -> bool:
    """Does a bracket opening at ``right[0]`` give a dollar amount ("($400 million",
    "(about US$64 million)")?"""
    for k in range(1, min(len(right), 5)):
        t = right[k]
        if t == "$":
            return k + 1 < len(right) and _is_number_tok(right[k + 1])
        if t not in _BRACKET_HEDGES and t != "us":
            return False
    return False


def _loss_estimate(left: list[str], k: int) -> bool:
    """'(insured) losses ... could reach': a modal at ``left[k]`` that estimates a loss, not a
    penalty someone may face ("could face a $250,000 fine")."""
    if k < 1 or left[k - 1] not in _REACH:
        return False
    for t in left[k + 1 : k + 8]:
        if t in _CLAUSE_STOP or t == ",":
            return False
        if t in _LOSS_NOUNS:
            return True
    return False


_DAMAGE_COST = frozenset({"damage", "damages", "rebuilding", "rebuild", "reconstruction"})
_ESTIMATE_WORDS = frozenset(
    {"estimated", "estimate", "estimates", "put", "puts", "exceeding", "exceed", "exceeds",
     "top", "tops", "topping", "reach", "reached", "reaching", "could", "may", "might",
     "cost", "costs", "valued", "assessed", "pegged", "totalling", "totaling", "surpassing",
     "estimating"}
)  # fmt: skip


_DAMAGE_SCOPE = frozenset({"estimates", "estimate", "across", "to", "in", "from", "on", "bill"})
_DAMAGE_SCOPE_BEFORE = frozenset(
    {"overall", "total", "preliminary", "initial", "economic", "estimated", "property"}
)  # fmt: skip


def _damage_estimate(left: list[str]) -> bool:
    """Money that values a disaster's damage or the cost to rebuild: "damage across the county
    is estimated at $4bn", "damage estimates exceeding $60 billion", "put the damage to the
    school at $800,000", "the cost of rebuilding could be up to $3bn"."""
    estimate = False
    for k, t in enumerate(left[:12]):
        if t in _CLAUSE_STOP or t == "," or _is_number_tok(t):
            return False
        if t in _ESTIMATE_WORDS:
            estimate = True
        if t in _DAMAGE_COST:
            if t in ("damage", "damages") and not (
                (k > 0 and left[k - 1] in _DAMAGE_SCOPE) or left[k + 1 : k + 2] == ["overall"]
                or (k + 1 < len(left) and left[k + 1] in _DAMAGE_SCOPE_BEFORE)
            ):
                return False  # a bare "Damage is estimated at ...": no scope, not this rule
            if not estimate:
                estimate = any(x in _ESTIMATE_WORDS for x in left[k + 1 : k + 4])
            return estimate
    return False


def _money_link(n: Num, low: str, right: list[str], left: list[str]) -> _Link | None:
    """A currency amount is a figure when a ransom, payment, fine or loss is near it.

    Prices ("$9.99 a month", "$1,737 a tonne"), small sums and statutory maxima ("could face a
    $250,000 fine") are not.
    """
    if n.value is None or n.value < 10_000 or _PRICE_AFTER.match(low, n.end):
        return None
    if n.currency not in _MAJOR and right[:1] == ["("] and _usd_bracket(right):
        return None  # "2.45 billion yuan ($400 million)": the conversion is the figure
    if len(left) > 1 and left[1] == "(" and left[0] in _BRACKET_HEDGES:
        left = left[1:]  # "4.2 trillion selvar (about US$270 million)"
    if left and left[0] == "(":
        # "fined it 40 million crowns ($1.8 million)": a conversion stands for the amount
        # before it, unless that amount is in a currency of its own (then it is the figure)
        k = 1
        while k < min(len(left), 5) and not _is_number_tok(left[k]):
            if left[k] in _CURRENCY_WORDS or not left[k].isalpha():
                if n.currency == "usd" and left[k] in _CURRENCY_WORDS - _MAJOR_WORDS:
                    break  # "2.45 billion yuan ($400 million)": the dollars are the figure
                return None
            k += 1
        if (
            k + 1 < len(left)
            and _is_number_tok(left[k])
            and left[k + 1] in _MONEY_SIGNS
            and n.currency != "usd"
        ):
            return None  # "$3bn (£2.1bn)": the dollar amount before it is the figure
        while k < min(len(left), 5) and not _is_number_tok(left[k]):
            k += 1
        if k >= len(left) or not _is_number_tok(left[k]):
            return None
        left = left[k + 1 :]
    if left and left[0] == "worth":
        # "demanded 40 bitcoin, worth approximately $3.9 million": the dollar value of a
        # crypto amount stands for it; "seized (laptops and) cryptocurrency worth about $1.1
        # million"
        k = 1 + (left[1:2] == [","])
        if k + 1 < len(left) and left[k] in _CRYPTO and _is_number_tok(left[k + 1]):
            left = left[k + 2 :]
        else:
            for t in left[1:6]:
                if t in _CLAUSE_STOP or t == "," or _is_number_tok(t):
                    break
                if t in MONEY_EVENTS:
                    return _Link(f"money:{n.currency}", None, None, True)
    if (
        len(left) > 2
        and left[0] == "pay"
        and left[1] == "to"
        and left[2] in _PAY_ORDERED
        and right[:1] != ["for"]
        and not (right[:1] == ["to"] and right[1:2] and right[1] in _PURCHASE)
    ):
        return _Link(f"money:{n.currency}", None, None, True)  # "agreed to pay $1.75 million"
    if _damage_estimate(left):
        return _Link(f"money:{n.currency}", None, None, True)  # "damage is estimated at $4bn"
    if _paid_to_attackers(right, left):
        return _Link(f"money:{n.currency}", None, None, True)  # "paid $4.4 million to hackers"
    for k, tk in enumerate(left[:14]):
        if tk in _CLAUSE_STOP:
            break
        if tk in _MONEY_BLOCK:
            if tk in _MODALS and _loss_estimate(left, k):
                continue  # "insured losses could reach $450 million": an estimate of a loss
            if (
                tk == "would"
                and not _AGREEMENTS.isdisjoint(left[k + 1 : k + 18])
                and not _PAYS.isdisjoint(left[:k])
                and "up" not in left[:k]
                and n.hedge not in ("up to", "a maximum of", "as much as")
                and "if" not in right[:12]
            ):
                # the terms of a deal as reported: "Under the deal, the firm would pay $240
                # million", "the settlement ... would require it to place $90.5 million"
                return _Link(f"money:{n.currency}", None, None, True)
            return None
    if _left_verb_word(left) in _MONEY_NEUTRAL:
        return None  # "and to spend $30 million on upgrades": not the payment of the clause before
    if right[:2] in (["in", "damage"], ["in", "damages"], ["of", "damage"]) or right[:3] == [
        "worth", "of", "damage"
    ]:
        return _Link(f"money:{n.currency}", None, None, True)  # "caused $2.1bn in damage"
    for toks in (right[:10], left[:8]):
        for tk in toks:
            if tk in _CLAUSE_STOP:
                break
            if tk in MONEY_EVENTS:
                return _Link(f"money:{n.currency}", None, None, True)
    return None


_PAID = frozenset({"paid", "pay", "pays", "paying", "handed", "transferred", "sent"})
_ATTACKERS = frozenset(
    {"hackers", "hacker", "gang", "attackers", "criminals", "criminal", "cybercriminals",
     "extortionists", "kidnappers", "captors", "hijackers", "abductors"}
)  # fmt: skip
_PAID_STOP = frozenset({".", "for", "after", "before", "when", "while", "because", "as", "since"})
_PAID_SKIP = frozenset(
    {"of", "equivalent", "the", "a", "an", "\u201c", '"', "nearly", "about", "around", "some",
     "roughly", "almost", "over", "more", "than"}
)  # fmt: skip


def _paid_to_attackers(right: list[str], left: list[str]) -> bool:
    """'paid $4.4 million to a gang of hackers', 'paid hackers $2 million', 'paid "the
    equivalent of $11 million" to the criminal group': a payment to the attackers is a ransom
    whether or not the word is there."""
    k = 0
    while k < min(len(left), 6) and left[k] in _PAID_SKIP:
        k += 1
    if k < len(left) and left[k] in _ATTACKERS and k + 1 < len(left) and left[k + 1] in _PAID:
        return True  # "paid hackers $2 million"
    if k >= len(left) or left[k] not in _PAID:
        return False
    for t in right[:8]:
        if t in ("\u201d", '"'):
            continue  # the closing quote of "the equivalent of $11 million"
        if t in _CLAUSE_STOP or t in _PAID_STOP:
            return False  # "paid $2 million for new servers after the gang struck"
        if t in _ATTACKERS:
            return True
    return False


def _percent_link(right: list[str], left: list[str]) -> _Link | None:
    """Only a fire's containment is a percentage figure ("40% contained")."""
    i = _skip(right)
    if i < len(right) and right[i] in ("contained", "containment"):
        return _Link("percent contained", None, None, True)
    for tk in left[:8]:
        if tk in ("containment", "contained"):
            return _Link("percent contained", None, None, True)
        if tk in _CLAUSE_STOP:
            break
    return None


def _magnitude(n: Num, low: str, readings: list[int]) -> _Link | None:
    """'a magnitude 7.8 earthquake', 'the 6.9-magnitude quake'."""
    if n.value is None or not 0 < n.value < 10:
        return None
    if low.startswith(("-magnitude", " magnitude"), n.core_end) or low[
        max(0, n.start - 15) : n.start
    ].rstrip(" -").endswith(("magnitude", "magnitude of")):  # "a magnitude of 6.4"
        return _Link("magnitude", None, None, True)
    # "the US Geological Survey measured it at 7.0", "put the quake at 6.4": a seismic agency's
    # reading, in a story that names the quake or its magnitude just before
    if readings and n.start in readings and (
        _QUAKE_WORD_RE.search(low, max(0, n.start - 300), n.start)
        or _RICHTER_RE.match(low, n.start)
    ):
        return _Link("magnitude", None, None, True)
    return None


# " at 7.0" first (a literal the regex engine finds fast), then the verb before it
_AT_DIGIT_RE = re.compile(r" at (?:a )?(?:preliminary )?(?=\d)")
_READING_RE = re.compile(
    r"\b(?:measured|put|rated|registered|recorded|estimated|gauged|pegged|assessed)\s+"
    r"(?:it|its\s+magnitude|the\s+(?:quake|earthquake|tremor|temblor|shock|jolt|magnitude))"
    r" $"
)
_QUAKE_MEASURED_RE = re.compile(
    r"\b(?:quake|earthquake|tremor|temblor)s?,?\s+(?:which\s+|that\s+)?(?:measured|registered"
    r"|measuring|registering)\s+(?:a\s+)?(?:preliminary\s+)?(?:magnitude\s+)?(?=\d)"
)
_RICHTER_RE = re.compile(r"\d+(?:\.\d+)?(?=\s+on\s+the\s+richter\b)")
_QUAKE_WORD_RE = re.compile(r"\b(?:magnitude|quake|earthquake|tremor|temblor|richter)\b")


def extract_text(
    text: str,
    *,
    title: bool = False,
    seen: set[tuple[str, str]] | None = None,
    year: int | None = None,
    story_title: str | None = None,
) -> list[Figure]:
    """All figures of one text, in order.

    ``story_title`` (the article's title, for a body) names the story's own fire when the
    body compares it with other named fires.

    With ``seen`` (the dedupe keys of figures kept so far, see :func:`figures.dedupe_key`),
    a figure whose key is in it is skipped early and every figure kept adds its key; without
    it, repeats are all returned.
    """
    from figures import Figure, dedupe_key

    clean, low = prepare(text)
    # a set of the a-z words: the lexicon checks below are set intersections, and the two
    # rewrites look for their words in it instead of scanning the text for each
    words = set(alpha_words(low))
    before = low
    if not _LONE_GATE.isdisjoint(words) and not _LONE_WORDS.isdisjoint(words):
        clean, low = _lone_death(clean, low)
    if not _ORDINAL_WORDS.isdisjoint(words):
        clean, low = _ordinal_counts(clean, low)
    if low is not before:
        words = set(alpha_words(low))  # "a" became "1"
    triggers, money_words, singular = _trigger_positions(low, words)
    readings: list[int] = []
    if not _QUAKE_GATE.isdisjoint(words):
        # "the US Geological Survey measured it at 7.0": a reading with no trigger word
        readings = [
            m.end()
            for m in _AT_DIGIT_RE.finditer(low)
            if _READING_RE.search(low, max(0, m.start() - 48), m.start() + 1)
        ]
        # "the quake measured 6.4", "6.4 on the Richter scale"
        if not _MEASURE_VERBS.isdisjoint(words):
            readings += [m.end() for m in _QUAKE_MEASURED_RE.finditer(low)]
        if b"richter" in words:
            readings += [m.start() for m in _RICHTER_RE.finditer(low)]
        if readings:
            readings.sort()
            triggers = sorted(triggers + readings)
    if not triggers and not money_words and not singular:
        return []  # no word any rule could link a number to
    sentences = _Sentences(clean)
    anywhere = sorted(triggers + money_words) if money_words else triggers

    reach = _WINDOW + 40
    n_anywhere = len(anywhere)

    def near_trigger(a: int, b: int) -> bool:
        # A number whose sentence has no trigger word within reach is dropped before its
        # hedges, ranges and noise are even looked at (the margin covers those).  The
        # bisections of ``_within`` are inlined: this runs once per number of the text.
        lo, hi = a - reach, b + reach
        k = bisect_left(anywhere, lo)
        hit = k < n_anywhere and anywhere[k] <= hi
        if not hit and not (
            b - a <= 3 and low[a:b] in ("1", "one") and _within(singular, lo, hi)
        ):
            return False  # nothing within reach even across sentence ends
        s0, s1 = sentences.bounds(a)
        if s0 > lo:
            lo = s0
        if s1 < hi:
            hi = s1
        if hit:
            k = bisect_left(anywhere, lo, k)  # the sentence's bounds only narrow the window
            if k < n_anywhere and anywhere[k] <= hi:
                return True
        return b - a <= 3 and low[a:b] in ("1", "one") and _within(singular, lo, hi)

    nums = scan_numbers(low, clean, words, keep=near_trigger)
    if not nums:
        return []
    # the story's present: looked up at the first linked figure (most numbers never get there)
    latest: int | None = None
    latest_known = False
    own_years: frozenset[int] | None = None
    disease: bool | None = None  # is this a disease story? looked up at the first case count
    out: list[Figure] = []
    src_cache: dict[int, tuple[list[str], list[str]]] = {}
    prev: tuple[int, int, str, str | None] | None = None  # sentence, end, measure, noun
    inc: tuple[int, int, str, str | None] | None = None  # a step: "rose by 50" (to ...)
    for n in nums:
        if n.from_ and not n.is_range:
            continue  # "rose from 300 to 400": the old value
        mag = _magnitude(n, low, readings)
        reason = None
        if mag is None and not low.startswith(("-acre", "-hectare"), n.core_end):
            reason = noise_reason(n, low, clean, title=title)
            if reason is not None and reason != "year":
                continue
            # cheap rejects before any tokenising: most numbers that are not noise are not
            # figures either, and no rule can link them without a lexicon word nearby
            if n.currency:
                if n.value is None or n.value < 10_000:
                    continue
                if not _within(money_words, n.start - _WINDOW, n.end + _WINDOW):
                    continue
            elif n.percent:
                if low.find("contain", max(0, n.start - _WINDOW), n.end + 80) == -1:
                    continue
            elif (
                not _within(triggers, n.start - _WINDOW, n.end + _WINDOW)
                and not (n.value == 1 and _within(singular, n.start, n.end + _WINDOW))
            ) or (reason == "year" and not _counted_next(low, n.end)):
                continue
        s0, s1 = sentences.bounds(n.start)
        left = _tokens(low, max(s0, n.start - _WINDOW), n.start)
        left.reverse()
        if len(left) >= 2 and left[-2] in _INCLUDE_VERBS and left[-1] in _ANAPHORS and s0 > 0:
            # "The strike killed 312 people. This includes 40 children": the set is in the
            # sentence before
            prior = _tokens(low, max(0, s0 - _WINDOW), s0)
            prior.reverse()
            left = left + prior
        if mag is None and low.startswith(("-acre", "-hectare"), n.core_end):
            # "the 40,000-acre fire": a compound, but the area is the figure
            unit = "acres" if low.startswith("-acre", n.core_end) else "hectares"
            ctx = _tokens(low, n.end, min(s1, n.end + 60))
            if not _near(AREA_CONTEXT, ctx, left, 40):
                continue
            mag = _Link(f"{unit} burned", unit, None, True)
        right = _tokens(low, n.end, min(s1, n.end + _WINDOW))
        if mag is not None:
            link: _Link | None = mag
        elif n.currency:
            link = _money_link(n, low, right, left)
        elif n.percent:
            link = _percent_link(right, left)
        else:
            link = _link(n, right, left)
        if link is None and left and left[0] in _TALLY_VERBS_NEAR:
            head = _tally_head(low, s0, n.start)
            if head == "" and prev is not None and prev[0] < s0 and prev[2] in _TALLY_MEASURES:
                # "The toll stood at 21,304 on Friday. By Sunday, the figure had risen to
                # 21,880": the figure named in the sentence before
                link = _Link(prev[2], prev[3], None, False)
            elif head:
                link = _Link(head, None, None, False)
        if (
            (link is None or not link.direct)
            and inc is not None
            and inc[0] == s0
            and _INC_GAP_RE.fullmatch(low, inc[1], n.start)
        ):
            link = _Link(inc[2], inc[3], None, False)  # "rose by 50 to 3,145": the total
        if (
            link is not None
            and _BY_BEFORE_RE.search(low, max(0, n.start - 4), n.start)
            and _INC_TO_RE.match(low, n.end)
        ):
            # "the toll rose by 50 to 3,145": the step is not a figure, the total after it is
            inc = (s0, n.end, link.measure, link.noun)
            continue
        if (
            (link is None or (not link.direct and not _names_event(low, prev, n.start)))
            and prev is not None
            and prev[0] == s0
            and prev[2] != "magnitude"  # a quake's magnitude has no running total
            and _CONTINUE_RE.match(low, prev[1], n.start)
        ):
            # "lost 1,040 troops ..., bringing its total losses to 684,300", "peaked at 1,050
            # and has since dropped to 870": the running total of the figure before
            link = _Link(prev[2], prev[3], None, False)
        if (
            (link is None or not link.direct)
            and prev is not None
            and prev[0] == s0
            and _PLACE_ITEM_RE.match(low, n.end)
            and _PLACE_GAP_RE.fullmatch(low, prev[1], n.start)
        ):
            # "1,293 deaths in Al Haouz, 452 in Taroudant and 41 in Ouarzazate", "62 people were
            # injured in the region, 48 - in the capital", "as well as 28 in Kryvyi Rih": a bare
            # count by place in a list takes the measure of the item before it
            link = _Link(prev[2], prev[3], None, True)
        if (
            (link is None or link.noun is None)
            and prev is not None
            and prev[0] == s0
            and prev[3] is not None
            and prev[2] == prev[3]
            and _THEM_DOWNED_RE.match(low, n.end)
        ):
            # "attacked by eight drones, and seven of them were shot down": the part of the
            # weapons before it that was downed
            link = _Link(prev[2], prev[3], None, True)
        if (
            link is None
            and prev is not None
            and prev[0] == s0
            and prev[2] in PERSON_EVENTS
            and _BARE_GAP_RE.fullmatch(low, prev[1], n.start)
            and _BARE_END_RE.match(low, n.end)
        ):
            # "including 5.1 million Medibank customers, 2.8 million AHM and 1.8 million
            # international customers", "160,000 X customers, 300,000 Y customers and ...": an
            # item of a list with no event of its own takes the list's
            link = _Link(prev[2], prev[3], None, True)
        if (
            link is not None
            and prev is not None
            and prev[0] == s0
            and left[:2] == ["including", ","]
            and prev[2].startswith("structures ")
            and link.measure.startswith("structures ")
            and _PREV_NUMBER_RE.match(low, prev[1] - 1, n.start)
        ):
            # "rose to 34, including 22 homes, and 8 more were damaged": the part has the
            # set's event, not the next clause's
            link = _Link(prev[2], link.noun, link.subject, link.direct)
        if link is None:
            continue
        if link.measure == "case":
            if disease is None:
                disease = not _DISEASE_WORDS.isdisjoint(words)
            if not disease:
                continue  # "230 cases of diarrhoea", court cases: only an outbreak counts cases
        if link.measure == "magnitude" and "aftershock" in low[s0 : n.start]:
            continue  # "aftershocks, including one of magnitude 5.9": not the quake's magnitude
        if link.measure == "wounded" and _BEING_TREATED_RE.match(low, n.end, min(s1, n.end + 90)):
            # "More than 70 injured people were being treated at the city's main hospital":
            # still in hospital
            link = _Link("hospitalized", link.noun, link.subject, link.direct)
        if link.measure == "magnitude" and _INTENSITY_RE.search(low, n.end, min(s1, n.end + 90)):
            continue  # "registered 7, the highest level on the Japanese intensity scale"
        if reason == "year" and (
            not link.direct
            or _YEARISH_PRECEDE_RE.search(low, max(0, n.start - 20), n.start)
            or link.noun is None
        ):
            continue
        if n.vague and (link.measure not in _VAGUE_OK):
            continue
        if n.value == 1 and not link.direct:
            continue
        if (
            n.value is not None
            and link.measure in PERSON_EVENTS
            and not n.scaled
            and _DECIMAL_RAW.match(n.raw or "") is not None
        ):
            continue  # "At least 64 Killed by 6.8 Quake": a decimal counts no people
        if (n.value is not None and n.value < 1) and link.measure not in _FRACTIONAL:
            continue  # "zero", "0.5 soldiers": not counts
        key = dedupe_key(link.measure[:64], n.value, n.low, n.high, n.vague, text[n.start : n.end])
        if seen is not None and key in seen:
            continue  # a repeat of a figure already kept: it would be dropped anyway
        if not latest_known:
            latest, latest_known = _latest_year(low), True
            if year is not None and (latest is None or year > latest):
                latest = year  # the publication year is the story's present, whatever the text says
        # an outbreak's own count is a running total: "1,200 cases so far this year"
        if not title and _historical(low, s0, s1, n.start, latest, link.measure == "case"):
            if own_years is None:
                own_years = _breach_years(low, story_title)
            if not (
                own_years
                and _breach_measure(link.measure)
                and not _historical(
                    low, s0, s1, n.start, latest, link.measure == "case", own_years
                )
            ):
                continue
        if _other_events_total(low, s0, n.start, link.measure, latest) or _other_event_clause(
            low, s0, n.start
        ):
            continue
        if seen is not None:
            seen.add(key)
        sent = clean[s0:s1]
        source = _source(clean, s0, s1, n, src_cache)
        subject = None
        if link.subject is not None:
            # token indexes back to offsets: tokenise the right context again, with spans
            spans = _token_spans(low, n.end, right)
            a, b = link.subject
            if b <= len(spans):
                subject = " ".join(text[spans[a][0] : spans[b - 1][1]].split())
        prev = (s0, n.end, link.measure, link.noun)
        out.append(
            Figure(
                value=n.value,
                low=n.low,
                high=n.high,
                hedge=n.hedge,
                vague=n.vague,
                measure=link.measure[:64],
                subject=subject,
                noun=link.noun,
                source=source,
                text=text[n.start : n.end],
                sentence=" ".join(sent.split()),
                start=n.start,
                end=n.end,
                in_title=title,
            )
        )
    if out and not title and (b"fire" in words or b"fires" in words):
        out = _drop_other_fires(out, clean, low, story_title, year)
    if len(out) > 1:
        out = _drop_passed_bounds(out, low)
        out = _drop_rounded_bounds(out)
        out = _drop_superseded(out, low)
        out = _drop_place_splits(out, clean, low)
    return out


_SPLIT_MEASURES = frozenset(
    {"killed", "wounded", "casualties", "missing", "hospitalized", "displaced", "evacuated",
     "trapped", "rescued", "affected"}
)  # fmt: skip
# After a count, the place it is in: "37 in Ganzi", "1,293 deaths in Al Haouz", "nine were
# killed in Varsk", "208 of them in Awaran district alone" (a capital letter follows, checked
# on the clean text; a month or a weekday is no place).
_SPLIT_AFTER_RE = re.compile(
    r"(?:\s+(?!and\b|or\b|but\b|while\b|including\b|more\b|other\b|further\b)[a-z]+){0,4}?"
    r"\s+(?:each\s+)?(?:in|at)\s+(?:the\s+)?"
    r"(?!(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|total|all)\b)(?=[a-z])"
)
# Before a count, a place named as the share's owner: "Mandalay suffered the highest
# casualties, with 694 deaths", "Ishikawa accounts for 33,446", "the region of X recorded".
_SPLIT_BEFORE_RE = re.compile(
    r"(?:\b([a-z][\w'’-]*)\s+(?:suffered|accounted\s+for|accounting\s+for|accounts\s+for)\b"
    r"[^.;:!?\d]{0,60}|,\s+where\s+(?:some\s+|about\s+|at\s+least\s+|around\s+)?)$"
)
# a part of a listed set or an addition to it, not a split: "including three in X", "a
# further 72 ... also killed in Y", "five more lives in Z"
_SPLIT_PART_BEFORE_RE = re.compile(
    r"\b(?:includ(?:ing|ed|es)|also|further|another|additional)\b[^.;:!?]{0,60}$"
)
_ICU_RE = re.compile(r"[^.;:!?\d]*?\b(?:intensive\s+care|icu)\b")
_SPLIT_IN_RE = re.compile(r"\b(?:in|at)\s")
# the place runs on to a second one ("in Paktika and neighboring Khost province"): the
# whole area, not a split
_SPLIT_TWO_PLACES_RE = re.compile(
    r"[^.;:!?,\d]{0,40}?\s(?:and|&)\s+"
    r"(?!\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|another)\b)[a-z]"
)


def _placed(f: Figure, clean: str, low: str) -> bool:
    """A named place follows the count ("37 in Ganzi", "nine were killed in Varsk")."""
    m = _SPLIT_AFTER_RE.match(low, f.end, f.end + 70)
    return (
        m is not None
        and clean[m.end() : m.end() + 1].isupper()
        and _SPLIT_TWO_PLACES_RE.match(low, m.end()) is None
    )


def _split_marked(f: Figure, clean: str, low: str) -> bool:
    a = f.start
    if _placed(f, clean, low):
        return _SPLIT_PART_BEFORE_RE.search(low, max(0, a - 80), a) is None
    m = _SPLIT_BEFORE_RE.search(low, max(0, a - 100), a)
    # the share's owner is a named place ("Mandalay suffered", "with Ishikawa accounting
    # for"), not a group ("prisoners ... account for"); or "<place>, where N have died"
    return m is not None and (m.start(1) < 0 or clean[m.start(1) : m.start(1) + 1].isupper())


def _drop_place_splits(out: list[Figure], clean: str, low: str) -> list[Figure]:
    """A split of a stated total by place is part of that total, not a figure of its own:
    "The toll rose to 65: 37 in Ganzi and 28 in Yaan" (65 only), "24 people died. Nine were
    killed in X", "Mandalay suffered the highest casualties, with 694 deaths".  Only when the
    article states the total (same measure, larger, not itself placed when in the same
    sentence) before it or earlier in the same sentence; a part after "including" and an
    addition ("a further", "also", "five more") stay.
    """
    drop = set()
    for k, f in enumerate(out):
        if f.value is None or f.in_title or f.measure not in _SPLIT_MEASURES:
            continue
        if f.measure == "hospitalized" and _ICU_RE.match(low, f.end, f.end + 50):
            # "Eight were taken to hospital, and three remained in intensive care": a part
            if any(
                g.measure == f.measure and g.sentence == f.sentence and (g.value or 0) > f.value
                for g in out[:k]
            ):
                drop.add(k)
            continue
        if not _split_marked(f, clean, low):
            continue
        for j in range(k):
            g = out[j]
            if (
                g.measure != f.measure
                or g.value is None
                or g.in_title
                or g.value <= f.value
                or (g.high is not None and g.low is None)
            ):
                continue
            if g.sentence == f.sentence and _SPLIT_IN_RE.search(low, g.end, out[j + 1].start):
                continue  # "820 dead in Varsk, 310 in Lodin": a list of places, no total
            drop.add(k)
            break
    return [f for k, f in enumerate(out) if k not in drop] if drop else out


# A named fire: "the Woolsey Fire", "the Camp Fire", "the August Complex".
_NAMED_FIRE_RE = re.compile(
    r"\b((?:[A-Z][a-z'’-]+\s+){1,2})(?:Fire|Complex)\b(?!\s+(?:Chief|Department|Dept|Service|"
    r"Services|Authority|Protection|Captain|Capt|Marshal|District|Station|Rescue|Brigade|"
    r"Commissioner|Officer|Emergency|Fighters?|Crews?|Engines?|Academy|Agency|Management|Danger))"
)
# A sentence that ranks or dates a fire: a record, a comparison, a past month.
_FIRE_HISTORY_RE = re.compile(
    r"\b(?:for\s+a\s+time|ultimately|records?|behind|surpass\w*|than\s+the|previous|used\s+to"
    r"|largest|most\s+destructive|deadliest|worst|biggest|ranks?|ranked|history|historic"
    r"|no\.\s*\d|last\s+year'?s?|last\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
    r"|in\s+(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+)?(?:1[89]|20)\d\d)\b"
)
_STATEWIDE_RE = re.compile(
    r"\b(?:statewide|across\s+the\s+state|around\s+the\s+state)\b"
)
_THAT_FIRE_RE = re.compile(r"[^a-z]*(?:that|this)\s+(?:fire|blaze|inferno)\b")
_AREA_MEASURES = frozenset({"acres burned", "hectares burned", "square miles burned"})


def _sentence_start(low: str, at: int) -> int:
    k = max(low.rfind(". ", 0, at), low.rfind("\n", 0, at), low.rfind("? ", 0, at), low.rfind("! ", 0, at))
    return k + 1 if k >= 0 else 0


def _sentence_end(low: str, at: int) -> int:
    ends = [e for e in (low.find(". ", at), low.find("\n", at)) if e != -1]
    return min(ends) + 1 if ends else len(low)


def _drop_other_fires(
    out: list[Figure], clean: str, low: str, story_title: str | None, year: int | None
) -> list[Figure]:
    """Figures of another fire than the story's: a sentence whose last named fire before the
    figure is not the story's, when it ranks or dates that fire ("The Larch Fire, which
    started last October, ultimately destroyed 912 structures", "behind the Osgood Fire,
    which hit Marlin County in October 2017 and destroyed 1,210 structures"), or goes on from
    the sentence before that did ("The update moved the Pell Fire past last year's Elm Fire.
    The Elm Fire burned 41,200 acres"; "That blaze razed 812 structures" after "the Oak Ridge
    Fire in 2004"); and an area summed over a state's fires ("200,000 acres were burning
    statewide")."""
    names = (
        [(m.start(), m.group(1).split()[-1].lower()) for m in _NAMED_FIRE_RE.finditer(clean)]
        if "Fire" in clean or "Complex" in clean  # the regex's literal words: a cheap gate
        else []
    )
    own: str | None = None
    if story_title:
        t = _NAMED_FIRE_RE.search(story_title)
        own = t.group(1).split()[-1].lower() if t else None
    if own is None and names:
        own = names[0][1]
    statewide = "statewide" in low or " the state" in low
    if not statewide and all(nm == own for _, nm in names):
        return out  # one fire only, no state total: nothing to drop
    drop = set()
    for k, f in enumerate(out):
        a = f.start
        s0 = _sentence_start(low, a)
        end = _sentence_end(low, a)
        if statewide and f.measure in _AREA_MEASURES and _STATEWIDE_RE.search(low, s0, end):
            drop.add(k)
            continue
        if own is None:
            continue
        before = [nm for pos, nm in names if s0 <= pos < a]
        if before:
            if before[-1] == own:
                continue
            if _FIRE_HISTORY_RE.search(low, s0, end):
                drop.add(k)
                continue
            p0 = _sentence_start(low, max(0, s0 - 2))
            prev_names = [nm for pos, nm in names if p0 <= pos < s0]
            if before[-1] in prev_names and own not in before and _FIRE_HISTORY_RE.search(low, p0, s0):
                drop.add(k)  # "... past last year's Elm Fire. The Elm Fire burned 41,200 acres"
            continue
        if _THAT_FIRE_RE.match(low, s0):
            p0 = _sentence_start(low, max(0, s0 - 2))
            prev_names = [nm for pos, nm in names if p0 <= pos < s0]
            if prev_names and prev_names[-1] != own and _FIRE_HISTORY_RE.search(low, p0, s0):
                drop.add(k)  # "... the Oak Ridge Fire in 2004. That blaze razed 812 structures"
    return [f for k, f in enumerate(out) if k not in drop] if drop else out


_EARLIER_COUNT_RE = re.compile(
    r"\b(?:previous|earlier|prior|initial|old|original|preliminary)\s+(?:death\s+)?"
    r"(?:count|figure|toll|tally|estimate|total|number)\s+of\s+"
    r"(?:about\s+|around\s+|some\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+|at\s+least\s+)?$"
    # "revised down from an original 7-magnitude", "from an initial 40"
    r"|\bfrom\s+(?:an?\s+|the\s+|its\s+)?(?:original|initial|earlier|previous|preliminary)\s+"
    r"(?:(?:reading|estimate|figure|count)\s+of\s+)?(?:about\s+|around\s+|some\s+)?$"
)
# Said before, in the pluperfect or "initially": "The agency had earlier said 22 people had
# been killed", "Earlier it had put the magnitude at 5.5", "officials initially said five
# died" (a bare "Earlier, the channel published 28 dead" is news of its own)
_SAID_BEFORE_RE = re.compile(
    r"\bhad\s+(?:earlier|initially|previously|first|originally)\s+(?:said|put|reported|given|"
    r"estimated|announced|stated|counted|confirmed)\b"
    r"|\b(?:initially|originally|at\s+first)\s+(?:said|put|reported|gave|estimated|announced|"
    r"stated|counted|confirmed)\b"
    r"|\bearlier\s*,?\s+(?:it|they|he|she|officials|authorities|the\s+\w+)\s+had\s+(?:put|said|"
    r"reported|given|estimated)\b"
    # "An earlier toll from rescuers had stood at 41"
    r"|\b(?:an|the)\s+(?:earlier|previous|initial|original)\s+(?:toll|count|tally|figure|estimate)"
    r"\b[^.;,]{0,40}?\bhad\s+(?:stood|been\s+put|been\s+given)\b"
)
# A step in an area, not its size: "an increase of 3,120 acres from the morning estimate",
# "grew only 300 acres", "was up about 9,000 acres from the previous night's update"
_AREA_STEP_BEFORE_RE = re.compile(
    r"\b(?:(?:increase|growth|jump|rise|expansion|gain)\s+of|grew\s+(?:by\s+|only\s+|just\s+)"
    r"(?:only\s+|just\s+)?(?:by\s+)?|grew|up|spread\s+(?:by\s+|only\s+|another\s+))\s+"
    r"(?:about\s+|around\s+|some\s+|nearly\s+|almost\s+|roughly\s+|more\s+than\s+|over\s+|another\s+)?$"
)
_AREA_STEP_AFTER_RE = re.compile(r"[^.;]{0,40}?\b(?:from|since|overnight|in\s+(?:a|one|the\s+past)\s+)")
# "Earlier reports said 400 ...", "Initially, the ministry had reported 9,240 injuries, but
# later clarified that this figure was in error" (a bare "Earlier, the channel published 28
# dead" in a live report is news of its own)
_EARLIER_OPENER_RE = re.compile(
    r"[^a-z]*(?:earlier|previous|initial|first)\s+(?:reports?|figures?|estimates?|counts?|tolls?|tallies)\b"
    r"|[^a-z]*(?:initially|at\s+first)\b.*\b(?:but\s+later|in\s+error|wrong|incorrect|"
    r"revised|corrected|clarified)"
)
_NOT_AS_BEFORE_RE = re.compile(r"\s+(?:[a-z]+\s+)?as\s+(?:previously|earlier|first|initially)\b")
_STEP_ON_RE = re.compile(r"\s+on\s+the\s+(?:previous|earlier|last)\s+(?:figure|count|toll|tally)")
_STEP_BEFORE_RE = re.compile(r"\b(?:rise|increase|jump)\s+of\s+(?:more\s+than\s+|over\s+|about\s+|some\s+)?$")


def _drop_superseded(out: list[Figure], low: str) -> list[Figure]:
    """A count the article names as superseded, when it gives another of the same measure:
    "follow a previous count of 304 dead", "Earlier reports said 400 people were killed",
    "Initially, the ministry had reported 9,240 injuries", "20 people were hurt, not 8 as
    previously known"; and a step against the previous figure ("a rise of more than 500 on
    the previous figure") is no count at all."""
    drop = set()
    for k, f in enumerate(out):
        if f.value is None or f.in_title:
            continue
        a = f.start
        if _STEP_BEFORE_RE.search(low, max(0, a - 30), a) and _STEP_ON_RE.match(low, f.end):
            drop.add(k)
            continue
        if f.measure in ("acres burned", "hectares burned") and _AREA_STEP_BEFORE_RE.search(
            low, max(0, a - 40), a
        ):
            tail = low[f.end : f.end + 60]
            if low[max(0, a - 40) : a].rstrip().endswith(("of", "grew", "only", "just", "by")) or (
                _AREA_STEP_AFTER_RE.match(tail) is not None
            ):
                drop.add(k)  # "an increase of 3,120 acres from the morning", "grew only 300 acres"
                continue
        old = bool(_EARLIER_COUNT_RE.search(low, max(0, a - 60), a))
        if not old:
            s0 = max(low.rfind(". ", max(0, a - 240), a), low.rfind(",", max(0, a - 240), a))
            old = bool(_SAID_BEFORE_RE.search(low, s0 + 1 if s0 >= 0 else max(0, a - 240), a))
        if not old and low[max(0, a - 5) : a].endswith("not "):
            old = bool(_NOT_AS_BEFORE_RE.match(low, f.end))
        if not old:
            old = bool(_EARLIER_OPENER_RE.match(f.sentence.lower()))
        if old and any(
            g is not f and g.measure == f.measure and g.value != f.value and g.value is not None
            for g in out
        ):
            drop.add(k)
    return [f for k, f in enumerate(out) if k not in drop] if drop else out


_TALLY_VERBS_NEAR = frozenset({"to", "at", "reached", "hit", "topped", "surpassed", "passed"})
_TALLY_MEASURES = frozenset(
    {"killed", "wounded", "casualties", "missing", "displaced", "evacuated", "hospitalized"}
)
_TALLY_HEAD_EVENTS = {
    "death": "killed", "deaths": "killed", "dead": "killed", "killed": "killed",
    "fatalities": "killed", "martyrs": "killed", "injured": "wounded", "wounded": "wounded",
    "injuries": "wounded", "casualty": "casualties", "casualties": "casualties",
    "missing": "missing", "displaced": "displaced", "evacuated": "evacuated",
}  # fmt: skip
# The subject of a sentence that is a tally ("The death toll from ...", "The number of people
# killed in ...", "the figure") and its verb right before the number, whatever lies between
# them (but no clause break): "... has risen to 165", "... (1000 GMT) stood at 48,577".
_TALLY_HEAD_RE = re.compile(
    r"[^a-z0-9]*(?:by\s[^,.;]{1,40},\s*|on\s[^,.;]{1,30},\s*|as\sof\s[^,.;]{1,30},\s*)?"
    r"the\s+(?:(?:(death|casualty)\s+)toll|number\s+of\s+(?:[a-z]+\s+){0,2}?"
    r"(deaths|dead|killed|fatalities|martyrs|injured|wounded|injuries|casualties|missing|displaced|evacuated)"
    r"|(figure|tally|toll|count))\b"
    r"(?:\([^()]{0,24}\)|[^;:()\n\"])*?"
    r"\b(?:(?:has|have|had)\s+(?:now\s+|since\s+|further\s+)?)?"
    r"(?:risen|rose|climbed|reached|jumped|increased|grown|grew|stood|stands|hit|topped|"
    r"surpassed|passed|soared|mounted)"
    r"(?:\s+(?:to|at))?\s+(?:at\s+least\s+|more\s+than\s+|over\s+|nearly\s+|almost\s+|"
    r"about\s+|some\s+|around\s+)?$"
)


def _tally_head(low: str, s0: int, at: int) -> str | None:
    """The measure of a tally that is the subject of the number's sentence, "" for an
    anaphoric "the figure" / "the tally", None when the sentence has no such subject."""
    if at - s0 > 260:
        return None
    m = _TALLY_HEAD_RE.match(low, s0, at)
    if m is None or m.end() != at:
        return None
    if m.group(3):
        return ""
    word = m.group(1) or m.group(2)
    return "casualties" if word == "casualty" else _TALLY_HEAD_EVENTS.get(word, "killed")


def _names_event(low: str, prev: tuple[int, int, str, str | None] | None, at: int) -> bool:
    """Does the text between the figure before and this number name an event of its own
    ("..., and the number of injured has risen to 40")?  "losses" and "total" do not."""
    if prev is None:
        return False
    for t in _tokens(low, prev[1], at):
        if t not in _LOSS_NOUNS and (t in EVENT_NOUNS or t in EVENT_WORDS):
            return True
    return False


_BY_BEFORE_RE = re.compile(r"\bby\s$")
_INC_TO_RE = re.compile(r"\s+(?:[a-z]+\s+){0,2}?to\s+(?=(?:[a-z]+\s+)?\d)(?:[a-z]+\s+)?")
_INC_GAP_RE = re.compile(r"\s+(?:[a-z]+\s+){0,2}?to\s+(?:[a-z]+\s+)?")
_PREV_NUMBER_RE = re.compile(r"\d,\s+including\s+$")
# A bare count by place ("452 in Taroudant", "48 - in the capital") after a list separator
# that follows an item of the same list placed the same way ("... deaths in Al Haouz, ").
_PLACE_ITEM_RE = re.compile(
    r"\s*[-–—]?\s*(?:in|at)\s+(?:the\s+)?(?=[a-z])(?!(?:the\s+)?(?:past|last|next|first|morning|evening|afternoon|night|total|all|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"critical|serious|stable|good|fair|poor|intensive|hospital|custody|quarantine|need|danger|total|all|a|an)\b)"
)
_PLACE_GAP_RE = re.compile(
    r"(?:[^\d.;:!?()\n]{0,50}?\b(?:in|at)\s[^\d.;:!?()\n]{1,40}?"
    r"(?:,\s*(?:and\s+|while\s+|with\s+)?|\s+and\s+|,?\s+as\s+well\s+as\s+)"
    r"|\s*[a-z]*\s*[:—–-]\s*(?:[^\d.;:!?()\n]{0,40}?\b(?:in|at)\s[^\d.;:!?()\n]{1,40}?"
    r"(?:,\s*(?:and\s+)?|\s+and\s+))?"
    r")(?:some\s+|about\s+|another\s+|at\s+least\s+)?"
)
_BEING_TREATED_RE = re.compile(
    r"(?:\s+[a-z]+){0,3}?\s+(?:are|were|is|was|remain|remained)\s+(?:still\s+)?being\s+"
    r"treated\s+(?:at|in)\s+(?:[\w'’-]+\s+){0,4}?(?:hospitals?|clinics?|medical\s+"
    r"(?:facilities|centres|centers))\b"
    # "As many as 52 wounded people are receiving inpatient treatment": still under care
    r"|(?:\s+[a-z]+){0,2}?\s+(?:are|were|is|was|remain|remained)\s+(?:still\s+)?(?:receiving|"
    r"undergoing|getting)\s+(?:inpatient|in-patient|hospital)\s+(?:treatment|care)\b"
    # "There are 19 injured in hospitals and ...": a count of the injured now in hospital
    r"|(?:\s+(?:injured|wounded|people|persons|civilians|victims|patients)){0,2}\s+"
    r"(?:(?:are|were|remain|remained)\s+)?(?:still\s+)?in\s+(?:(?:a|the|local|several|"
    r"various|different|\d+)\s+)?(?:hospitals?|clinics?)\b(?!\s+(?:with|for|after|in|at|to))"
)
_THEM_DOWNED_RE = re.compile(
    r"\s+of\s+(?:them|which|those)\s+(?:were|was|had\s+been|have\s+been|got)\s+(?:[a-z]+ly\s+)?"
    r"(?:shot\s+down|intercepted|downed|destroyed|neutrali[sz]ed|jammed)\b"
)
_INTENSITY_RE = re.compile(r"\bintensity\b|\bshindo\b")
# Between a list item and the next bare one: a few words, then a list separator.
_BARE_GAP_RE = re.compile(
    r"(?:\s+[a-z][a-z'’-]*){0,4}\s*(?:,\s*(?:and\s+)?|\s+and\s+)"
    r"(?:about\s+|some\s+|another\s+|nearly\s+|almost\s+|over\s+|more\s+than\s+)?"
)
# ... and after it: a few words that end the item (no "of": "3 of them" is a part).
_BARE_END_RE = re.compile(r"(?!\s+(?:of|in|at|on|to|for|from|with|by|from|this|last|next)\b)(?:\s+[a-z][a-z'’-]*){0,3}?\s*(?:[,.;]|\s+and\b|$)")
# Between a figure and a later number of its sentence that continues it as a running total.
_CONTINUE_RE = re.compile(
    r"[^.;:!?]{0,60}?(?:,\s*|\s)(?:"
    r"(?:bringing|taking|pushing|raising)\s+(?:the|its|their)\s+(?:[a-z]+\s+){0,6}?to"
    r"|(?:and|but)\s+(?:has\s+|have\s+|had\s+)?(?:since\s+|then\s+|later\s+)?"
    r"(?:dropped|fallen|fell|declined|decreased|risen|rose|climbed|grown|grew|increased)\s+to"
    # "the number of dead, which officials had put at 35 on Monday, has now risen to 52"
    r"|(?:has|have|had)\s+(?:now\s+|since\s+|already\s+)?"
    r"(?:dropped|fallen|declined|risen|climbed|grown|increased|jumped|reached)(?:\s+to)?"
    r")\s+(?:[a-z]+\s+){0,2}$"
)
_PASSED_HEDGES = frozenset({"past", "passed", "surpassed", "topped"})
_PASSED_RE = re.compile(r"\b(?:past|passed|surpassed|topped|crossed)\s+$")


def _drop_passed_bounds(out: list[Figure], low: str) -> list[Figure]:
    """'The toll has climbed past 100, with officials confirming 112 deaths': a round bound
    passed, and the exact count after it in the sentence is the figure."""
    drop = set()
    for k, f in enumerate(out):
        if f.value is None or not (
            f.hedge in _PASSED_HEDGES or _PASSED_RE.search(low, max(0, f.start - 12), f.start)
        ):
            continue
        for g in out[k + 1 :]:
            if (
                g.sentence == f.sentence
                and g.measure == f.measure
                and g.value is not None
                and g.value > f.value
            ):
                drop.add(k)
                break
    return [f for k, f in enumerate(out) if k not in drop] if drop else out


def _round(v: float) -> bool:
    """One or two significant digits: 100, 7,000, 89,000, 10 million (not 112 or 2,263)."""
    if v < 10 or not float(v).is_integer():
        return False
    n = int(v)
    while n % 10 == 0:
        n //= 10
    return n < 100


def _headline_sentence(sentence: str) -> bool:
    """A line of a headline's shape: no closing full stop or exclamation, or a question."""
    tail = sentence.rstrip(" \"'”’)")
    return not tail.endswith((".", "!", ";", ":")) or (tail.endswith("?") and len(tail) < 120)


def _drop_rounded_bounds(out: list[Figure]) -> list[Figure]:
    """A hedged round figure that the article also gives exactly, within 2%: "Over 100,000
    civilians displaced" above "100,537 people have fled", "nearly 89,000" beside 88,892.  The
    exact count is the figure; the bound is the same one rounded.  A looser bound ("topped
    1,000" beside 1,046, "more than 400,000" beside 429,612) is a figure of its own."""
    drop = set()
    for k, f in enumerate(out):
        if f.value is None or f.hedge is None or f.vague or f.measure.startswith("money"):
            continue
        kind = HEDGE_KIND.get(f.hedge)
        if kind not in ("min", "max", "approx") or not _round(f.value):
            continue
        # a headline kept in the body (a line with no closing stop: "Toll reaches nearly
        # 2,000", "Over 2,700 Dead, What About the Missing?") rounds as loosely as a title
        band = 0.05 if _headline_sentence(f.sentence) else 0.02
        for g in out:
            if g is f or g.measure != f.measure or g.value is None or g.vague:
                continue
            if g.hedge is not None and HEDGE_KIND.get(g.hedge) != "exact" and (
                HEDGE_KIND.get(g.hedge) != "min" or _round(g.value)
            ):
                continue  # "at least 2,911" is a precise count; "at least 3,000" is not
            if g.low is not None and g.high is not None and g.low < g.high:
                continue
            v = f.value
            if (
                (kind == "min" and v < g.value <= v * (1 + band))
                or (kind == "max" and v * (1 - band) <= g.value < v)
                or (kind == "approx" and abs(g.value - v) <= band * v)
            ):
                drop.add(k)
                break
    return [f for k, f in enumerate(out) if k not in drop] if drop else out


_FRACTIONAL = frozenset({"magnitude", "percent contained"})
# Words whose presence lets a rewrite or a rule run at all (see extract_text).
_LONE_GATE = frozenset({b"a", b"an"})
_LONE_WORDS = frozenset({b"killed", b"dead", b"death"})
_ORDINAL_WORDS = frozenset({b"fatality", b"death", b"case"})
_MEASURE_VERBS = frozenset({b"measured", b"registered", b"measuring", b"registering"})
_QUAKE_GATE = frozenset(
    {b"quake", b"quakes", b"earthquake", b"earthquakes", b"tremor", b"tremors", b"temblor",
     b"temblors"}
)  # fmt: skip


# "A volunteer firefighter was killed": a singular "a"/"an" that counts one person who died.
_LONE_DEATH_RE = re.compile(
    r"(?:^|(?<=[.;:!?\"]\s)|(?<=, )|(?<=\) - )|(?<= — )|(?<=\band )|(?<=\bwhen )|(?<=\bsaid )|(?<=\bthat )"
    r"|(?<=\bsays ))(an?)\s+"
    r"(?:[a-z-]+\s+){0,2}?([a-z]+)\s+(?:was|has\s+been|had\s+been)\s+"
    r"(?:(?:also|later|fatally)\s+)?(?:killed|shot\s+dead|(?:stabbed|shot|beaten)\s+to\s+death)\b",
    re.MULTILINE,  # a paragraph may open on it
)


def _lone_death(clean: str, low: str) -> tuple[str, str]:
    """Write "1" over the article of "a <person> was killed" (same length: offsets hold)."""
    if "killed" not in low and "dead" not in low and "to death" not in low:
        return clean, low
    if "killed a" in low or "killing a" in low:
        # "the strike killed an elderly woman": the active form; the person is one of the
        # (up to three) words after the article
        for m in _lone_killed_matches(low):
            if any(_lone_person(w) for w in m.group(2).split()):
                a, b = m.span(1)
                one = "1".ljust(b - a)
                low = low[:a] + one + low[b:]
                clean = clean[:a] + one + clean[b:]
    for m in _lone_death_matches(low):
        noun = NOUNS.get(m.group(2)) or NOUNS.get(m.group(2) + "s")
        if m.group(2) not in _LONE_PERSONS and (
            noun is None or noun[1] not in ("people", "military", "role", "counted")
        ):
            continue
        a, b = m.span(1)
        one = "1".ljust(b - a)
        low = low[:a] + one + low[b:]
        clean = clean[:a] + one + clean[b:]
    return clean, low


_LONE_KILLED_RE = re.compile(
    r"kill(?:ed|ing)\s+(an?)\s+((?:[a-z-]+\s+){0,2}[a-z]+)\b(?!\s+(?:of|later|ago)\b)"
)


def _lone_killed_matches(low: str) -> list[re.Match[str]]:
    """Matches of :data:`_LONE_KILLED_RE`, tried only where "killed a"/"killing a" starts
    (most are "killed at least": a scan of the whole text would cost more)."""
    out = []
    for word in ("killed a", "killing a"):
        i = low.find(word)
        while i != -1:
            m = _LONE_KILLED_RE.match(low, i) if i == 0 or not low[i - 1].isalpha() else None
            if m is not None:
                out.append(m)
            i = low.find(word, i + len(word))
    return out


def _lone_person(word: str) -> bool:
    noun = NOUNS.get(word) or NOUNS.get(word + "s")
    return word in _LONE_PERSONS or (
        noun is not None and noun[1] in ("people", "military", "role", "counted")
    )


def _lone_death_matches(low: str) -> list[re.Match[str]]:
    """The matches of :data:`_LONE_DEATH_RE`, searched only in a window before each "killed"
    or "dead" (every match ends on one): a scan of the whole text tried the lookbehinds at
    every position and was an eighth of the extraction time of a dense article."""
    spans: dict[tuple[int, int], re.Match[str]] = {}
    search = _LONE_DEATH_RE.finditer
    for word in ("killed", "dead", "to death"):
        i = low.find(word)
        while i != -1:
            end = i + len(word)
            # one character past the word, so that "\b" sees the text that follows
            for m in search(low, max(0, i - _LONE_DEATH_REACH), end + 1):
                spans.setdefault(m.span(), m)
            i = low.find(word, end)
    return [spans[k] for k in sorted(spans)]


# "a 6th fatality", "the 3rd death": the ordinal is the running count (digits only, so that
# the figure's text stays the number: "6").
_ORDINAL_COUNT_RE = re.compile(
    r"(?:(?<=\ba )|(?<=\bthe ))(\d{1,3}(?:st|nd|rd|th))\s+"
    r"(?:(?:confirmed|reported|known)\s+)?(?:fatality|death|case)\b"
    r"(?!\s+(?:anniversary|metal|row|penalty|sentence|threats?|certificate|march|squad|toll))"
)


def _ordinal_counts(clean: str, low: str) -> tuple[str, str]:
    """Write the count over the ordinal ("6th" -> "6  "): same length, offsets hold.

    The pattern is tried only just before each "fatality", "death" or "case" preceded by a
    digit ordinal (a scan of the whole text cost a sixth of the extraction time)."""
    found: list[re.Match[str]] = []
    for word in ("fatality", "death", "case"):
        i = low.find(word)
        while i != -1:
            head = low[max(0, i - 24) : i]
            if ("th " in head or "st " in head or "nd " in head or "rd " in head) and any(
                c.isdigit() for c in head
            ):
                found.extend(_ORDINAL_COUNT_RE.finditer(low, max(0, i - 24), i + len(word) + 24))
            i = low.find(word, i + len(word))
    for m in found:
        digits = m.group(1)[:-2]
        a, b = m.span(1)
        rep = digits.ljust(b - a)
        low = low[:a] + rep + low[b:]
        clean = clean[:a] + rep + clean[b:]
    return clean, low


# Singular people the lexicon leaves out (too ambiguous as modifiers: "man hours"), but
# "a man was stabbed to death" counts one.
_LONE_PERSONS = frozenset({"man", "woman", "boy", "girl", "person", "teenager", "toddler"})

# Longest "a <words> was killed" looked for (the pattern's words are short in practice).
_LONE_DEATH_REACH = 200


# Years 1800-2099 (the pattern starts with literal digits, so the scan skips to them).
_YEARISH_RE = re.compile(r"(?:1[89]|20)\d\d(?![\d])")


def _latest_year(low: str) -> int | None:
    """The latest year written in the text (the story's present, for :func:`_historical`)."""
    latest = None
    for m in _YEARISH_RE.finditer(low):
        i = m.start()
        if i and low[i - 1] in "0123456789,.$":
            continue
        j = m.end()
        if low[j : j + 1] in (",", ".") and low[j + 1 : j + 2].isdigit():
            continue  # "2000,5" or "1999.5": not a year
        y = int(m.group())
        if latest is None or y > latest:
            latest = y
    return latest


def _phrase_words(*tables: object) -> set[str]:
    """One word per key: the longest, which must be present for the key to match at all."""
    words: set[str] = set()
    for table in tables:
        for key in table:  # type: ignore[attr-defined]
            parts = re.findall(r"[a-z]+", key)
            rare = [w for w in parts if w not in _COMMON_GATE_WORDS] or parts
            words.add(max(rare, key=len))
    return words


# Long but everyday words a phrase is better gated on another word of ("received a first
# dose" on "dose"): each trigger word present lets more numbers through to tokenising.
_COMMON_GATE_WORDS = frozenset(
    {"received", "first", "least", "treated", "apartment", "residential", "medical", "their",
     "temporary"}
)  # fmt: skip


# Every word a linking rule can fire on: a number with none of them within the window it
# looks at can never become a figure, so it is dropped before tokenising.
# (Singular nouns count only after "one", and the fire words only with acres, which are
# triggers themselves.)
_TRIGGER_WORDS = frozenset(
    w.encode()
    for w in _phrase_words(
        EVENT_NOUNS, [k for k, v in NOUNS.items() if v[2]], NOUN_BIGRAMS, EVENT_WORDS,
        EVENT_PHRASES, LEFT_VERBS, LEFT_VERB_PHRASES, BACK_EVENTS,
        ("action", "magnitude", "contained", "containment", "acre", "hectare", "figure", "tally"),
    )
)  # fmt: skip
_SINGULAR_WORDS = frozenset(k.encode() for k, v in NOUNS.items() if not v[2]) - _TRIGGER_WORDS
# "$2bn in damage"; "agreed to pay $1.75 million" (the rule is in _money_link)
_MONEY_WORDS = frozenset(w.encode() for w in MONEY_EVENTS) | {
    b"damage", b"pay", b"rebuilding", b"rebuild", b"reconstruction",
    # a payment to the attackers (the rule is in _paid_to_attackers)
    b"hackers", b"hacker", b"gang", b"attackers", b"criminals", b"criminal", b"cybercriminals",
    b"extortionists", b"kidnappers", b"captors", b"hijackers", b"abductors",
}
_DISEASE_WORDS = frozenset(w.encode() for w in DISEASE_CONTEXT)
def _trigger_positions(
    low: str, words: AbstractSet[bytes]
) -> tuple[list[int], list[int], list[int]]:
    """Sorted offsets of trigger words, of money words and of singular counted nouns in ``low``
    (``words``: its a-z runs)."""
    found = _word_positions(low, _TRIGGER_WORDS.intersection(words))
    money = _word_positions(low, _MONEY_WORDS.intersection(words))
    single = _word_positions(low, _SINGULAR_WORDS.intersection(words))
    return found, money, single


def _word_positions(low: str, words: AbstractSet[bytes]) -> list[int]:
    """Sorted offsets of whole-word occurrences of ``words`` in ``low``."""
    out: list[int] = []
    find = low.find
    size = len(low)
    for w in words:
        s = w.decode()
        n = len(s)
        i = find(s)
        while i != -1:
            j = i + n
            if (i == 0 or not low[i - 1].isalpha()) and (j == size or not low[j].isalpha()):
                out.append(i)
            i = find(s, j)
    out.sort()
    return out


def _within(positions: list[int], a: int, b: int) -> bool:
    k = bisect_left(positions, a)
    return k < len(positions) and positions[k] <= b


def _counted_next(low: str, end: int) -> bool:
    """A year-like number ("2000") counts only with a counted noun or event noun right after."""
    for w in low[end : end + 60].split()[:3]:
        w = w.strip(",.;:\"'()")
        if w in _SKIP_AFTER:
            continue
        return w in NOUNS or w in EVENT_NOUNS or any(k.startswith(w + " ") for k in NOUN_BIGRAMS)
    return False


_YEAR_RE = re.compile(r"(?<![\d,.$])\b(1[89]\d\d|20\d\d)\b(?![,.]\d)")
_HIST_PHRASE_RE = re.compile(
    r"\b(?:last|previous|prior)\s+year\b|\byears?\s+(?:ago|earlier|before)\b"
    r"|\ba\s+year\s+(?:ago|earlier|before)\b|\bdecades?\s+(?:ago|earlier)\b"
    r"|\bin\s+previous\s+years\b|\bthe\s+year\s+before\b"
)
# A comparison with an older value just before a past-time phrase.
_COMPARED_RE = re.compile(
    r"\b(?:(?:up|down)\s+from|compared\s+(?:with|to))\s+(?:[^,;:]|,(?=\d)){1,25}$"
)
_HIST_SINCE_RE = re.compile(
    r"\b(?:deadliest|worst|largest|biggest|strongest|most\s+\w+)\b[^.;]*?"
    # "since 1999", "since October 2013", "since Cyclone Irka in 2019"
    r"\bsince\s+(?:(?:[a-z'-]+\.?\s+){0,4}?(?:1[89]\d\d|20\d\d)\b"
    # "the deadliest since a magnitude 6.2 tremor killed 105": another, earlier event
    r"|an?\s)"
)
# A running total of many events: "5,100 wildfires so far this year", "year to date".
_HIST_AGGREGATE_RE = re.compile(
    r"\bso\s+far\s+this\s+year\b|\bthis\s+year\s+so\s+far\b|\byear[\s-]to[\s-]date\b"
    r"|\bsince\s+the\s+(?:start|beginning)\s+of\s+the\s+year\b"
)
# "Oskaria's deadliest quake in recent decades, in 1999, killed about 2,400 people."
_HIST_RECORD_RE = re.compile(
    r"\b(?:deadliest|worst|largest|biggest|strongest|most\s+\w+)\b[^.;]*?,\s*in\s+"
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+)?"
    r"(?:1[89]\d\d|20\d\d)\s*,"
)
# A total over an earlier stretch of the war or the crisis: "in the first year of the war".
_HIST_STRETCH_RE = re.compile(
    r"\b(?:in|during|over)\s+the\s+(?:first|second|third|fourth|opening)\s+years?\s+of\b"
)
_HIST_EVENT_RE = re.compile(
    r"(?:\b(?:a|an|the|its|that|their)|'s)\s+(?:(?:failed|disastrous|devastating|deadly"
    r"|major|massive|huge|ill-fated|abortive|previous|last)\s+)?(?:1[89]\d\d|20\d\d)(?:[-–/](?:\d\d){1,2})?\s+"
    r"(?:\"?[a-z-]+\"?\s+){0,2}?"
    r"(?:earthquakes?|quakes?|fires?|wildfires?|blazes?|floods?|flooding|hurricanes?|typhoons?"
    r"|cyclones?|storms?|tsunamis?|attacks?|bombings?|breach(?:es)?|hacks?|crash(?:es)?"
    r"|explosions?|blasts?|outbreaks?|pandemic|epidemic|famine|massacres?|disasters?"
    r"|eruptions?|landslides?|mudslides?|heatwaves?|droughts?|riots?|shootings?|tornado(?:es)?"
    r"|wars?|conflicts?|uprisings?|insurgency|sieges?|offensives?|crackdowns?|protests?"
    r"|complex(?:es)?)\b"  # "the 2020 Basin Complex": a fire complex
)
# the digits of a year: a sentence without them matches none of the year patterns here
_YEAR_DIGITS_RE = re.compile(r"(?:1[89]|20)\d\d")
_HIST_IN_RE = re.compile(
    r"\b(?:in|during)\s+(?:(?:early|late|mid-?)\s*)?"
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+)?(1[89]\d\d|20\d\d)\b"
)


# A period of past years: "from 2010 to 2015", "between 2009 and 2018" (the end year is kept).
_HIST_PERIOD_RE = re.compile(
    r"\b(?:from|between)\s+(?:1[89]\d\d|20\d\d)\s*(?:to|and|-|–)\s*(1[89]\d\d|20\d\d)\b"
)
# An earlier century (not the 21st): "in the 14th Century", "during the fourteenth century".
_HIST_CENTURY_RE = re.compile(
    r"\b(?:in|during|of|since)\s+the\s+(?:(?:early|late|mid-?)\s*)?"
    r"(?:1?\d(?:st|nd|rd|th)|20th|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
    r"|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth"
    r"|eighteenth|nineteenth|twentieth)\s+century\b"
)
# A sentence that opens on a past year: "In 2022, floods in the same valley killed 11 people."
_HIST_FRONTED_RE = re.compile(
    r"\s*(?:back\s+)?in\s+(?:(?:early|late|mid-?)\s*)?"
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+)?(1[89]\d\d|20\d\d)\s*,"
)


# A legal or money action now, about an event dated before it.
_ACTION_OVER_RE = re.compile(
    r"\b(?:fined?|fines|penalty|penalties|penalised|penalized|settlement|settled|settle|"
    r"sentenced?|sentencing|convicted|charged|sued|lawsuits?|compensation|damages|ordered|"
    r"sanctioned|slapped)\b"
)


_WHICH_RE = re.compile(r"\s*,?\s*(?:which|that|when\s+it)\s+(?:\w+\s+){0,2}?"
                       r"(?:led|killed|left|claimed|caused|took|destroyed|displaced)\b")
_NOW_TALLY_RE = re.compile(
    r"\b(?:has|have)\s+(?:now\s+|since\s+)?(?:risen|climbed|reached|increased|grown|jumped)\b"
)


_BREACH_YEAR_RE = re.compile(
    r"\b(?:breach(?:es|ed)?|hack(?:ed|s)?|cyber-?attacks?|attack|intrusion|leak(?:ed)?|stolen|stole"
    r"|compromised|exposed)\b[^.;\n]{0,60}?\b(?:in|during)\s+(?:(?:early|late|mid-?)\s*)?"
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+)?((?:19|20)\d\d)\b"
    r"|\b((?:19|20)\d\d)\s+(?:data\s+|cyber\s+|security\s+)?(?:breach|hack|cyber-?attack|attack|leak)\b"
)
_DATA_LEMMAS = frozenset(v[0] for v in NOUNS.values() if v[1] == "data")


def _years_in(text: str) -> set[int]:
    return {int(y) for y in re.findall(r"(?:19|20)\d\d", text)}


def _breach_measure(measure: str) -> bool:
    return measure == "affected" or measure.startswith("money:") or measure in _DATA_LEMMAS


def _breach_years(low: str, story_title: str | None) -> frozenset[int]:
    """The years that date the story's own breach: those the title, or the body's first
    breach word dated in its lead (the first 1,500 characters), ties to a breach word ("500
    million accounts hacked in 2014", "a breach at the chain in 2013", "its 2013 data
    breach"). A breach is told years after it happened, in its disclosure, revised counts,
    fines and settlements: such a year is the story's time, not the past."""
    years: set[int] = set()
    if story_title:
        for tm in _BREACH_YEAR_RE.finditer(story_title.lower()):
            years.add(int(tm.group(1) or tm.group(2)))
    m = _BREACH_YEAR_RE.search(low, 0, min(len(low), 1500))
    if m is not None:
        pre = low[_sentence_start(low, m.start()) : m.start()]
        # not a comparison with, or background on, an earlier breach
        if not re.search(r"\b(?:since|than|after|worst|largest|biggest|when|like|similar)\b", pre):
            years.add(int(m.group(1) or m.group(2)))
    return frozenset(years)


def _historical(
    low: str,
    s0: int,
    s1: int,
    at: int,
    latest: int | None,
    aggregate_ok: bool = False,
    own_years: frozenset[int] = frozenset(),
) -> bool:
    """Is the figure at ``at`` about an earlier event than the story's?

    "Last year, fires burned 4.2 million acres"; "the deadliest since 1999, when a quake
    killed 17,000"; "a 2018 fire killed 85"; "in 2019" when the article also mentions years
    at least two later.  "Since 2022" counts up to now and is never historical.
    """
    sent = low[s0:s1]
    # literal gates: each pattern below needs its word (or a year's digits) in the sentence,
    # and most sentences have none of them
    has_year = _YEAR_DIGITS_RE.search(sent) is not None
    has_since = "since" in sent
    has_yearword = "year" in sent
    for hm in _HIST_PHRASE_RE.finditer(sent) if has_yearword or "decade" in sent else ():
        if " since " in sent[max(0, hm.start() - 40) : hm.start()]:
            continue  # "the worst attack since a coup two years ago": a period's start
        cmp = _COMPARED_RE.search(sent, max(0, hm.start() - 40), hm.start())
        if cmp is None or s0 + cmp.start() < at:
            return True  # "up from 470,000 a year ago" dates the old value only

    if not aggregate_ok and has_yearword and _HIST_AGGREGATE_RE.search(sent):
        return True
    m = _HIST_SINCE_RE.search(sent) if has_since else None
    if m is not None and s0 + m.end() <= at and not _NOW_TALLY_RE.search(sent, m.end(), at - s0):
        # (not "one of the worst attacks since a coup ... has risen to 165": the main
        # clause's tally, now)
        return True
    ev = _HIST_EVENT_RE.search(sent) if has_year else None
    if ev is not None and own_years and _years_in(ev.group()) <= own_years:
        ev = None  # "its 2013 data breach" in the story of that breach
    if ev is not None and _ACTION_OVER_RE.search(sent, 0, ev.start()) and s0 + ev.start() > at:
        # "fined $80 million over the company's 2019 data breach", "a penalty related to the
        # 2018 hack": the year dates the event the action is about, not the action's figure
        ev = None
        if _HIST_IN_RE.search(sent) is None and _HIST_FRONTED_RE.match(sent) is None:
            return False
    if ev is not None and "since" not in sent[max(0, ev.start() - 24) : ev.start()]:
        return True  # "in its failed 2024 offensive": not "since the 2022 invasion"
    if ev is not None and s0 + ev.end() <= at and _WHICH_RE.match(sent, ev.end()):
        return True  # "since the 2016 Vesk earthquake, which led to 318 deaths": that event's
    if has_since:
        return False
    if "century" in sent and _HIST_CENTURY_RE.search(sent):
        return True  # "the Black Death ... killed 25 million in the 14th century"
    if _after_century(low, s0, sent):
        return True  # "In the 14th century the Black Death spread ... More than 100 million
        # people may have perished": the next sentence, with no time of its own, goes on
    if (has_year and _HIST_RECORD_RE.search(sent)) or (
        has_yearword and _HIST_STRETCH_RE.search(sent)
    ):
        return True
    if not has_year:
        return False  # every test below needs a year
    fm = _HIST_FRONTED_RE.match(sent)
    if fm is not None and int(fm.group(1)) not in own_years:
        return True  # news fronts a year for background, not for the story's own figures
    ev2 = _HIST_EVENT_RE.search(sent)
    if ev2 is not None and not (own_years and _years_in(ev2.group()) <= own_years):
        return True
    if latest is not None:
        for m in _HIST_IN_RE.finditer(sent):
            if int(m.group(1)) <= latest - 2 and int(m.group(1)) not in own_years:
                return True
        for m in _HIST_PERIOD_RE.finditer(sent):
            if int(m.group(1)) < latest:
                # "3,248 cases between 2010 and 2015", "26 cases and 11 deaths between 2009
                # and 2018" in 2019: a closed period's total, not the story's
                return True
    return False


# "California has seen 3,900 wildfires this year that burned 190,000 acres", "725 large
# breaches reported in 2025, affecting 168 million people": a total over many events
_MANY_EVENTS_RE = re.compile(
    r"\b\d[\d,.]*\s+(?:(?:large|major|other|separate|similar|data)\s+)?(?:wildfires|fires|blazes"
    r"|breaches|incidents|intrusions|hacks|cyberattacks|earthquakes|quakes|floods|storms)\b"
)
_PERIOD_MARK_RE = re.compile(
    r"\b(?:this\s+year|so\s+far|since|other|last\s+year|in\s+(?:1[89]|20)\d\d)\b"
)
_SINCE_YEAR_RE = re.compile(r"\bsince\s+(?:[a-z]+\s+)?(1[89]\d\d|20\d\d)\b")


def _other_events_total(low: str, s0: int, at: int, measure: str, latest: int | None) -> bool:
    """A figure that totals other events: after "N wildfires ... this year" in its sentence,
    or money taken "since 2023" (a gang's haul from all its victims)."""
    head = low[s0:at]
    if _MANY_EVENTS_RE.search(head) and _PERIOD_MARK_RE.search(head):
        return True
    if measure.startswith("money:") and latest is not None:
        m = _SINCE_YEAR_RE.search(low, s0, at + 80)
        if m is not None and int(m.group(1)) < latest and "." not in low[at : m.start()]:
            return True
    return False


# The toll of another event told in a clause about it: "in retaliation for the March 2
# bombing that killed 31 people", "to avenge an attack in which 18 pilgrims were killed", "a
# week after another tremor struck the island and killed 13", "an earlier strike on the same
# block, which killed four"
_OTHER_EVENT_CUES = ("retaliation", "revenge", "avenge", "response", "another", "earlier",
                     "previous", "separate")
_OTHER_EVENT_RE = re.compile(
    r"(?:\bin\s+(?:retaliation|revenge|response)\s+(?:for|to|against)|\bto\s+avenge"
    r"|\b(?:an?|one|two|three|four|five|six|\d+)\s+(?:days?|weeks?|months?|years?)\s+(?:after|before)"
    r"\s+(?:an?\s+|the\s+)?(?:another|earlier|previous|similar)"
    r"|\b(?:an?|the)\s+(?:earlier|previous|separate))"
    r"\s+(?:[\w'’-]+\s+){0,5}?(?:attacks?|bombings?|strikes?|tremors?|quakes?|earthquakes?|shelling|massacres?"
    r"|blasts?|explosions?|raids?|ambush)\b"
    r"[^.;]{0,70}?(?:\b(?:that|which|in\s+which|and|when|killing|leaving|injuring|wounding)\b)"
    r"[^.;]{0,50}$"
)


def _other_event_clause(low: str, s0: int, at: int) -> bool:
    head = low[max(s0, at - 260) : at]
    if not any(c in head for c in _OTHER_EVENT_CUES):
        return False
    return _OTHER_EVENT_RE.search(head) is not None


_NOW_RE = re.compile(r"\b(?:now|today|this\s+(?:week|month|year|time)|currently|so\s+far)\b")


def _after_century(low: str, s0: int, sent: str) -> bool:
    """Does the sentence before this one (same or previous paragraph) date itself to an
    earlier century, while this one names no time of its own?"""
    if low.find("century", max(0, s0 - 400), s0) == -1:
        return False
    if _YEAR_RE.search(sent) or _NOW_RE.search(sent):
        return False
    prev = low[max(0, s0 - 400) : s0].rstrip()
    if not prev:
        return False
    cut = max(prev.rfind(". ", 0, len(prev) - 1), prev.rfind("\n", 0, len(prev) - 1))
    return _HIST_CENTURY_RE.search(prev, cut + 1) is not None


_VAGUE_OK = PERSON_EVENTS | {"structures destroyed", "structures damaged", "deployed"}


# --- attribution ------------------------------------------------------------------------


def _source(
    clean: str,
    s0: int,
    s1: int,
    n: Num,
    cache: dict[int, tuple[list[str], list[str]]],
) -> str | None:
    """Who the sentence says reports the figure, e.g. "the Pentagon", "Zelensky", or None."""
    cached = cache.get(s0)
    if cached is None:
        words = _WORD_RE.findall(clean, s0, s1)
        cached = (words, [w.lower() for w in words])
        cache[s0] = cached
    words, lows = cached
    if not words:
        return None
    # index of the first word at or after the number (it starts a token)
    k = len(_WORD_RE.findall(clean, s0, n.start))
    # 1. "according to X"
    for i in range(len(lows) - 1 if "according" in lows else 0):
        if lows[i] == "according" and lows[i + 1] == "to":
            np = _np_after(words, i + 2)
            if np:
                return np
    # 2. a reporting verb before the number, in the same clause
    for i in range(k - 1, -1, -1):
        w = lows[i]
        if w in (";", "while", "but", "whereas", "—") or (
            w == "," and i + 1 < k and lows[i + 1] in ("while", "but")
        ):
            break
        if w in _REPORT_VERBS:
            np = _np_before(words, i)
            if np:
                return np
    # 3. a reporting verb after it: ", Lee said", ", said the lawmaker", "X told reporters"
    for i in range(k, len(lows)):
        if lows[i] in _REPORT_VERBS and lows[i] not in ("found", "showed", "shows", "put"):
            prev = lows[i - 1] if i > 0 else ""
            if prev in (",", '"', "'") or i == k:
                np = _np_after(words, i + 1)
            else:
                np = _np_before(words, i)
            if np:
                return np
    return None


def _np_before(words: list[str], verb: int) -> str | None:
    i = verb - 1
    while i >= 0 and words[i].lower() in _SOURCE_SKIP:
        i -= 1
    got: list[str] = []
    while i >= 0:
        w = words[i]
        wl = w.lower()
        if w == ")" and i >= 2 and words[i - 2] == "(":
            got[:0] = [f"({words[i - 1]})"]
            i -= 3
            continue
        if w[0].isupper() or wl in _ROLE_NOUNS or (wl.endswith(("'s", "s'")) and got):
            if wl in _PRONOUNS:
                break
            got.insert(0, w)
        elif wl in ("of", "the", "for", "and", "de", "al") and got:
            got.insert(0, w)
        elif got and wl.isalpha() and len(got) <= 2 and _is_role(got[-1]) and wl != "a":
            got.insert(0, w)  # "the country's spy agency": lowercase words before a role noun
        else:
            break
        i -= 1
    if not got and i >= 1 and words[i].isalpha() and words[i].islower():
        # "the junta claimed", "the rebels' command said": a determiner and a common noun
        for back in (1, 2):
            d = i - back
            if (
                d >= 0
                and words[d].lower() == "the"
                and all(
                    words[x].isalpha() or words[x].endswith("'") for x in range(d + 1, i + 1)
                )
            ):
                got = words[d : i + 1]
                break
    return _clean_np(got)


def _is_role(w: str) -> bool:
    return w.lower() in _ROLE_NOUNS


def _np_after(words: list[str], i: int) -> str | None:
    got: list[str] = []
    while i < len(words):
        w = words[i]
        wl = w.lower()
        if (
            w[0].isupper()
            or wl in _ROLE_NOUNS
            or (wl.endswith("'s") and got)
            or (wl in ("of", "the", "for", "and", "de", "al") and (got or wl == "the"))
        ):
            got.append(w)
        elif w == "(" and i + 2 < len(words) and words[i + 2] == ")":
            got.append(f"({words[i + 1]})")
            i += 3
            continue
        else:
            break
        i += 1
    return _clean_np(got)


def _clean_np(got: list[str]) -> str | None:
    while got and got[0].lower() in ("of", "for", "and", "de", "al", "a", "an"):
        got.pop(0)
    while got and got[-1].lower() in ("of", "the", "for", "and", "de", "al"):
        got.pop()
    if not got:
        return None
    if got[0].lower() in _PRONOUNS or all(g.lower() in _SOURCE_SKIP for g in got):
        return None
    # "Ukrainian President Volodymyr Zelensky" -> "Volodymyr Zelensky"
    for k in range(len(got) - 2, -1, -1):
        title_word = got[k].lower().rstrip(".") in _TITLE_WORDS
        if title_word and got[k + 1][0].isupper() and not _is_role(got[-1]):
            got = got[k + 1 :]
            break
    if len(got) == 1 and got[0].lower() == "the":
        return None
    if not any(g[0].isupper() or _is_role(g) for g in got):
        return None
    return " ".join(got)
