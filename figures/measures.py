"""The lexicon: which words name an event, which nouns are counted, and the measure they make.

Measure vocabulary (the ``measure`` of a :class:`figures.Figure`), in the issue's wording:

* people: ``killed`` (killed, dead, deaths, died, lives lost, death toll, "lost N soldiers"),
  ``wounded`` (wounded, injured, injuries, hurt), ``casualties``, ``missing``, ``captured``,
  ``deployed`` (troops or soldiers sent, deployed, stationed), ``returned``, ``evacuated``,
  ``displaced``, ``arrested``, ``rescued``, ``hospitalized``, ``released`` (prisoners freed
  or exchanged), ``affected`` (people affected: people, customers or accounts hit by a breach,
  an outage or a disaster), ``without power``, ``without water``, ``trapped`` (under rubble, underground),
  ``on board`` (people a boat, ship or plane carried), ``vaccinated``, ``quarantined``
  (contacts of an infection kept apart);
* outbreaks: ``case`` (infections: "cases", "infected", "sickened"; only in an article that
  names a disease or an outbreak, see ``DISEASE_CONTEXT``);
* structures: ``structures destroyed`` (homes, houses, buildings, structures destroyed,
  razed, burned down or lost), ``structures damaged``, ``structures threatened``;
* fires: ``acres burned``, ``hectares burned``, ``square miles burned``,
  ``square kilometres burned`` (only in a sentence about a fire) and ``percent contained``;
* earthquakes: ``magnitude``;
* money: ``money:<iso code>`` (``money:usd``, ``money:eur``, ...) for money paid, lost,
  demanded, stolen or fined;
* otherwise the counted noun's singular lemma, lower case, e.g. ``laborer``, ``combat
  engineer``, ``firefighter``, ``drone``, ``aftershock``, ``record`` (only for nouns listed
  here as worth counting on their own or with a verb that uses them).

Why a closed list: numbers that are not the story's figures must not come out with a measure,
and a noun counted without an event ("500 employees", "3 cups") is rarely a news figure.
"""

from __future__ import annotations

__all__ = [
    "AREA_CONTEXT",
    "AUX",
    "BRIDGE",
    "DISEASE_CONTEXT",
    "EVENT_NOUNS",
    "EVENT_PHRASES",
    "EVENT_WORDS",
    "LEFT_VERBS",
    "LEFT_VERB_PHRASES",
    "MONEY_EVENTS",
    "NOUNS",
    "NOUN_BIGRAMS",
    "PERSON_EVENTS",
    "THING_EVENTS",
    "resolve_measure",
]

# Events that apply to people (or to an uncounted number: "2,700 wounded").
PERSON_EVENTS = frozenset(
    {
        "killed", "wounded", "casualties", "missing", "captured", "evacuated", "displaced",
        "arrested", "rescued", "hospitalized", "affected", "returned", "released",
        "trapped", "vaccinated", "case", "on board", "quarantined",
    }
)  # fmt: skip

# Words that, after a number or after its counted noun, say what happened to it.
EVENT_WORDS: dict[str, str] = {
    "killed": "killed", "dead": "killed", "died": "killed", "perished": "killed",
    "slain": "killed", "murdered": "killed", "martyred": "killed", "drowned": "killed",
    "wounded": "wounded", "injured": "wounded", "hurt": "wounded", "maimed": "wounded",
    "casualties": "casualties",
    "missing": "missing", "unaccounted": "missing",
    "captured": "captured",
    "evacuated": "evacuated", "evacuate": "evacuated",
    "displaced": "displaced", "homeless": "displaced", "fled": "displaced",
    "uprooted": "displaced", "relocated": "evacuated",
    "arrested": "arrested", "detained": "arrested", "apprehended": "arrested",
    "surrendered": "captured",
    "rescued": "rescued", "alive": "rescued",
    "hospitalized": "hospitalized", "hospitalised": "hospitalized",
    "deployed": "deployed", "sent": "deployed", "dispatched": "deployed", "despatched": "deployed",
    "stationed": "deployed", "arrived": "deployed", "mobilized": "deployed",
    "mobilised": "deployed", "transferred": "deployed", "fighting": "deployed",
    "returned": "returned", "repatriated": "returned", "withdrawn": "returned",
    "affected": "affected", "impacted": "affected", "exposed": "affected",
    "compromised": "affected", "leaked": "affected", "stolen": "affected",
    "breached": "affected", "accessed": "affected", "hacked": "affected",
    "destroyed": "destroyed", "razed": "destroyed", "flattened": "destroyed",
    "collapsed": "destroyed", "levelled": "destroyed", "leveled": "destroyed",
    # burned: homes are destroyed, people are hurt ("four other soldiers were badly burned")
    "burned": "burned", "burnt": "burned", "toppled": "destroyed",
    "damaged": "damaged", "uninhabitable": "damaged",
    "threatened": "threatened",
    "contained": "contained",
    "released": "released", "freed": "released", "exchanged": "released",
    "swapped": "released",
    "captivity": "captured",
    "trapped": "trapped", "entombed": "trapped", "pinned": "trapped",
    "stranded": "trapped", "marooned": "trapped",
    "vaccinated": "vaccinated", "inoculated": "vaccinated", "immunized": "vaccinated",
    "immunised": "vaccinated",
    "infected": "case", "sickened": "case", "diagnosed": "case",
    "aboard": "on board",
    "quarantined": "quarantined",
    "eliminated": "eliminated", "neutralized": "eliminated", "neutralised": "eliminated",
    # people carried away from danger ("5,000 tourists were ferried to the mainland"); people
    # put up in shelters ("3,000 people are now accommodated in schools")
    "ferried": "moved", "bussed": "moved", "bused": "moved", "transported": "moved",
    "accommodated": "displaced", "housed": "displaced", "sheltered": "displaced",
}  # fmt: skip
# Weak event words only count when an auxiliary precedes them ("were fighting" is not a count).
WEAK_EVENTS = frozenset(
    {"fighting", "burned", "burnt", "fled", "sent", "arrived", "ferried", "bussed", "bused",
     "transported", "accommodated", "housed", "sheltered"}
)  # fmt: skip

# Multi-word events, matched on the space-joined tokens that follow.
EVENT_PHRASES: dict[str, str] = {
    "lost their lives": "killed", "lost their life": "killed", "lost his life": "killed",
    "killed in action": "killed", "were killed in action": "killed",
    "stabbed to death": "killed", "shot to death": "killed", "beaten to death": "killed",
    "shot dead": "killed", "hacked to death": "killed", "burned to death": "killed",
    "sent home": "returned", "sent back": "returned", "taken back": "returned",
    "brought back": "returned", "flown home": "returned", "flown back": "returned",
    "taken prisoner": "captured", "taken captive": "captured", "taken hostage": "captured",
    "taken into custody": "arrested", "placed under arrest": "arrested",
    "left homeless": "displaced", "forced to flee": "displaced",
    # right after the noun only (see extract._right_event): "forcing some 12,000 people to
    # flee", "allowing 14,000 evacuated residents to return home"
    "to flee": "displaced", "to return home": "returned", "to return to their homes": "returned",
    "forced from their homes": "displaced", "went missing": "missing",
    # buildings that fell: "38 apartment blocks came down"; people who fell ill are cases
    "came down": "destroyed", "came crashing down": "destroyed", "came down with": "case",
    # people who left the country: "4,000 people have crossed into neighbouring Velska"
    "crossed into": "crossed", "crossed the border into": "crossed",
    "unaccounted for": "missing", "burned down": "destroyed", "reduced to rubble": "destroyed",
    "reduced to ash": "destroyed", "reduced to ashes": "destroyed",
    "burned to the ground": "destroyed", "burnt to the ground": "destroyed",
    "pulled alive": "rescued", "ordered to evacuate": "evacuated",
    "told to evacuate": "evacuated", "told to leave": "evacuated", "ordered to leave": "evacuated",
    # an order to go is an evacuation whatever the verb after "to" ("ordered to flee", "urged
    # to leave", "asked to evacuate"); people moved out of a place are evacuated
    "ordered to flee": "evacuated", "told to flee": "evacuated", "urged to flee": "evacuated",
    "urged to leave": "evacuated", "urged to evacuate": "evacuated",
    "asked to leave": "evacuated", "asked to evacuate": "evacuated",
    "instructed to leave": "evacuated", "instructed to evacuate": "evacuated",
    "directed to leave": "evacuated", "directed to evacuate": "evacuated",
    "moved out of": "evacuated", "moved away from": "evacuated", "moved out": "evacuated",
    "taken out of": "evacuated", "bussed out": "evacuated", "bused out": "evacuated",
    "ferried out": "evacuated", "ferried to safety": "evacuated",
    "transported to safety": "evacuated", "bussed to safety": "evacuated",
    "sleeping outdoors": "displaced", "slept outdoors": "displaced",
    "sleeping in the open": "displaced", "slept in the open": "displaced", "under evacuation orders": "evacuated",
    "without power": "without power", "without electricity": "without power",
    # the missing as a list names them: "15 were listed (as) missing"
    "listed missing": "missing", "listed as missing": "missing",
    "declared missing": "missing",
    # people named by their injuries: "there are 323 people with minor and serious injuries"
    "with injuries": "wounded", "with minor injuries": "wounded",
    "with serious injuries": "wounded", "with severe injuries": "wounded",
    "with critical injuries": "wounded", "with minor and serious injuries": "wounded",
    "with serious and minor injuries": "wounded", "with life-threatening injuries": "wounded",
    # water cut as power is: "114,000 households remained without water (supply)"
    "without water": "without water", "without running water": "without water",
    "without tap water": "without water",
    # people who took to a shelter: "Only 15 took shelter at the gym", "28,000 were still at
    # evacuation shelters"
    "took shelter": "displaced", "at evacuation shelters": "displaced",
    "at evacuation centres": "displaced", "at evacuation centers": "displaced",
    "in evacuation shelters": "displaced",
    "taken refuge": "displaced", "took refuge": "displaced",
    "sought refuge": "displaced", "sought shelter": "displaced", "taken shelter": "displaced",
    "held captive": "captured", "held hostage": "captured", "in captivity": "captured",
    "under threat": "threatened",
    "under orders": "under orders",  # evacuation orders only when the sentence names them
    "allowed to return": "returned", "allowed back": "returned", "allowed home": "returned",
    "returned home": "returned", "allowed to go home": "returned",
    "in shelters": "displaced", "in evacuation centres": "displaced",
    "in evacuation centers": "displaced", "lost their homes": "displaced",
    "to evacuation centres": "displaced", "to evacuation centers": "displaced",
    "to relief camps": "displaced", "in relief camps": "displaced",
    "moved to evacuation centres": "evacuated", "moved to evacuation centers": "evacuated",
    "shifted to relief camps": "evacuated",
    "airlifted to safety": "evacuated", "evacuated to safety": "evacuated",
    "moved to safer places": "evacuated", "shifted to safer places": "evacuated",
    "taken to safety": "evacuated",
    "to leave their homes": "evacuated",
    "lost their houses": "displaced",
    "in hospital": "hospitalized", "in hospitals": "hospitalized",
    "in the hospital": "hospitalized", "to hospital": "hospitalized",
    "to hospitals": "hospitalized", "to the hospital": "hospitalized",
    "to a hospital": "hospitalized", "to local hospitals": "hospitalized",
    # injuries named with the hospital stay: the injury is the figure ("treated in hospital
    # for injuries" counts the wounded)
    "in hospital for injuries": "wounded", "in hospital with injuries": "wounded",
    "to hospital with injuries": "wounded", "treated for injuries": "wounded",
    "to hospital with burns": "wounded", "in hospital with burns": "wounded",
    "treated for burns": "wounded", "in hospital for burns": "wounded",
    "on board": "on board",
    "received a first dose": "vaccinated", "received a dose": "vaccinated",
    "received one dose": "vaccinated", "received at least one dose": "vaccinated",
    "been vaccinated": "vaccinated", "tested positive": "case",
    # "Three firefighters suffered injuries": the injury named as a noun
    "suffered injuries": "wounded", "sustained injuries": "wounded",
    "suffered minor injuries": "wounded", "sustained minor injuries": "wounded",
    "suffered serious injuries": "wounded", "sustained serious injuries": "wounded",
    "suffered burns": "wounded", "sustained burns": "wounded",
    "suffered critical injuries": "wounded", "sustained critical injuries": "wounded",
    "suffered severe injuries": "wounded", "sustained severe injuries": "wounded",
    # people whose state is critical are the injured ("120 people are in a critical
    # condition"; matched after an auxiliary, so "..., four in critical condition" stays a part)
    "in critical condition": "wounded", "in a critical condition": "wounded",
    "in serious condition": "wounded", "in a serious condition": "wounded",
    # people cut off by the disaster are trapped ("300 people cut off in a mountain hotel";
    # not "cut off from the grid"), as are the stranded and the marooned
    "cut off in": "trapped", "cut off by": "trapped", "cut off on": "trapped",
    "cut off at": "trapped",
    # an outbreak's contacts: "28 people ... were put under medical quarantine"
    "under quarantine": "quarantined", "under medical quarantine": "quarantined",
    "in quarantine": "quarantined", "into quarantine": "quarantined",
    "under medical observation": "quarantined",
    # a swap's other half, and people moved out of harm's way
    "handed over": "released", "were handed over": "released",
    "moved to temporary accommodation": "evacuated", "moved to safety": "evacuated",
    "moved to shelters": "evacuated", "in temporary accommodation": "displaced",
    # treated for a harm the figure names: "Six residents were treated for smoke inhalation"
    "treated for minor burns": "wounded", "treated for minor injuries": "wounded",
    "treated for smoke inhalation": "wounded", "treated for an injury": "wounded",
    "treated for a minor": "wounded", "treated for heat exhaustion": "wounded",
    "treated for serious injuries": "wounded", "treated for wounds": "wounded",
    # people who need a roof: "about 2,800 people needed emergency shelter"
    "needed shelter": "displaced", "need shelter": "displaced", "needing shelter": "displaced",
    "needed emergency shelter": "displaced", "need emergency shelter": "displaced",
    "in need of shelter": "displaced",
    # the missing, told by their whereabouts: "140 people whose whereabouts were unknown"
    "whose whereabouts were unknown": "missing", "whose whereabouts are unknown": "missing",
    "whose whereabouts remain unknown": "missing", "whereabouts unknown": "missing",
    # homes that cannot be lived in are damaged: "640 houses were deemed uninhabitable"
    "deemed uninhabitable": "damaged", "declared uninhabitable": "damaged",
    "rendered uninhabitable": "damaged", "left uninhabitable": "damaged",
    # still under care: "30 people are being treated in medical facilities"
    "in medical facilities": "hospitalized", "in medical institutions": "hospitalized",
    "under treatment": "hospitalized", "receiving treatment in": "hospitalized",
    "receiving treatment for": "wounded", "receiving hospital treatment": "hospitalized",
    # intensive care is a hospital stay; treatment received is an injury ("512 people have
    # received medical treatment"); shelters checked into are a displacement
    "in intensive care": "hospitalized", "in the intensive care": "hospitalized",
    "in an intensive care": "hospitalized",
    "received medical treatment": "wounded", "receiving medical treatment": "wounded",
    "required medical treatment": "wounded", "needed medical treatment": "wounded",
    # the same family with "sought": "91 people have sought medical treatment / help"
    "sought medical treatment": "wounded", "sought medical help": "wounded",
    "sought medical attention": "wounded", "sought medical care": "wounded",
    "sought hospital treatment": "wounded",
    # deaths told as an idiom: "five met their end in a vehicle accident"
    "met their end": "killed", "met their deaths": "killed", "met their death": "killed",
    # people carried out of danger: "carrying 900 people to safety", "airlifting a further
    # 400 people to safety" (right after the noun only, as "to flee")
    "to safety": "evacuated",
    # homes left and shelters moved to: "21,000 people left their homes", "27,000 survivors
    # were moved to temporary shelters", "100,000 still inside evacuation centres"
    "left their homes": "displaced", "left their houses": "displaced",
    "moved to temporary shelters": "evacuated",
    "inside evacuation centers": "displaced", "inside evacuation centres": "displaced",
    # (each phrase is gated on its longest word: no "medical care" or "emergency shelters",
    # whose gate words are everyday words of disaster copy)
    "checked into shelters": "displaced", "checked into evacuation": "displaced",
    "checked into red": "displaced", "checked in at shelters": "displaced",
    # people carried to hospital ("550 people were sent to hospitals"), not troops sent
    # the hospital family: carried there, kept there, watched there ("70 taken to hospital",
    # "40 people had to be hospitalized", "five are still under observation")
    "taken to hospital": "hospitalized", "taken to hospitals": "hospitalized",
    "taken to the hospital": "hospitalized", "taken to a hospital": "hospitalized",
    "rushed to hospital": "hospitalized", "rushed to hospitals": "hospitalized",
    "rushed to the hospital": "hospitalized", "rushed to a hospital": "hospitalized",
    "admitted to hospital": "hospitalized", "admitted to hospitals": "hospitalized",
    "admitted to the hospital": "hospitalized", "admitted to a hospital": "hospitalized",
    "to be hospitalized": "hospitalized", "to be hospitalised": "hospitalized",
    "under observation": "hospitalized", "kept in hospital": "hospitalized",
    "sent to hospital": "hospitalized", "sent to hospitals": "hospitalized",
    "sent to the hospital": "hospitalized", "sent to a hospital": "hospitalized",
}  # fmt: skip

# Nouns right after a number that are themselves the event ("300 deaths").
EVENT_NOUNS: dict[str, str] = {
    "deaths": "killed", "death": "killed", "fatalities": "killed", "fatality": "killed",
    "dead": "killed", "killed": "killed", "lives": "killed", "life": "killed",
    "casualties": "casualties", "casualty": "casualties", "losses": "casualties",
    "injuries": "wounded", "injured": "wounded", "wounded": "wounded",
    "arrests": "arrested", "arrest": "arrested", "detentions": "arrested",
    "evacuees": "evacuated", "evacuee": "evacuated", "evacuations": "evacuated",
    "missing": "missing", "displaced": "displaced", "homeless": "displaced",
    "hospitalizations": "hospitalized", "hospitalisations": "hospitalized",
    "captives": "captured",
    "bodies": "killed", "infections": "case", "diagnoses": "case",
    # the dead of a war as their side names them: "413 martyrs have arrived in hospitals"
    "martyrs": "killed",
}  # fmt: skip

# Event nouns a number links back to ("the death toll rose to 2,100", "casualties ... at 4,700").
BACK_EVENTS: dict[str, str] = {
    **EVENT_NOUNS,
    "toll": "killed", "killed": "killed", "dead": "killed", "died": "killed",
    "wounded": "wounded", "injured": "wounded",
    "containment": "contained", "contained": "contained",
    "evacuation": "evacuated", "evacuated": "evacuated",
    "displaced": "displaced", "missing": "missing", "arrested": "arrested",
    "affected": "affected", "magnitude": "magnitude",
    "trapped": "trapped", "cases": "case", "infections": "case", "vaccinated": "vaccinated",
}  # fmt: skip
BACK_EVENTS.pop("life", None)

# Words that link a number back to an event noun on its left.
BRIDGE = frozenset(
    {
        "at", "to", "of", "was", "were", "is", "are", "be", "been", "now", "stood", "stands",
        "stand", "rose", "risen", "rises", "climbed", "climbs", "jumped", "reached", "reaches",
        "hit", "hits", "topped", "tops", "surpassed", "exceeded", "passed", "increased",
        "grew", "grown", "totaled", "totalled", "totals", "numbered", "put", "estimated",
        "estimate", "has", "have", "had", "reportedly", "already", "about", "around",
        "approximately", "roughly", "some", "nearly", "almost", "over", "than", "more",
        "least", "up", "only", "just", "surpassing", "exceeding", "topping", "reaching",
        "rising", "climbing", "soared", "soaring", "doubled", "ticked", ":", "-", "increasing",
        "until", "by", "as", "high", "many", "placed", "raised", "revised", "upward", "upwards",
        "top", "cover", "covers", "covered", "covering", "amounted", "amounting", "amount",
        "for", "numbering", "include", "includes", "included", "including", "with",
        "dropped", "fell", "decreased", "declined", "peaked", "peaking",
        "crosses", "crossed", "crossing", "passes", "passing", "surpasses", "exceeds",
        "nears", "neared", "nearing", "mounts", "mounted",
    }
)  # fmt: skip

# Verbs that govern a number on their right ("sent more than 10,000", "killing at least 30").
LEFT_VERBS: dict[str, str] = {
    "killed": "killed", "killing": "killed", "kills": "killed", "kill": "killed",
    "injured": "wounded", "injuring": "wounded", "injures": "wounded", "wounded": "wounded",
    "wounding": "wounded", "wounds": "wounded",
    "captured": "captured", "capturing": "captured", "captures": "captured",
    "capture": "captured",
    "arrested": "arrested", "arresting": "arrested", "arrests": "arrested",
    "arrest": "arrested", "detained": "arrested", "detaining": "arrested",
    "detain": "arrested",
    "evacuated": "evacuated", "evacuating": "evacuated", "evacuate": "evacuated",
    "evacuates": "evacuated",
    "displaced": "displaced", "displacing": "displaced", "displace": "displaced",
    "uprooted": "displaced", "uprooting": "displaced", "uproots": "displaced",
    "displaces": "displaced",
    "rescued": "rescued", "rescuing": "rescued", "rescue": "rescued", "rescues": "rescued",
    "hospitalized": "hospitalized", "hospitalised": "hospitalized",
    "sent": "deployed", "send": "deployed", "sending": "deployed", "sends": "deployed",
    "deployed": "deployed", "deploying": "deployed", "deploy": "deployed",
    "deploys": "deployed", "dispatched": "deployed", "dispatching": "deployed",
    "despatched": "deployed", "despatching": "deployed",
    "dispatch": "deployed", "stationed": "deployed", "stationing": "deployed",
    "mobilized": "deployed", "mobilizing": "deployed", "mobilised": "deployed",
    "mobilising": "deployed", "mobilize": "deployed", "mobilise": "deployed",
    "committed": "deployed",
    "returned": "returned", "repatriated": "returned", "repatriating": "returned",
    "withdrew": "returned", "withdrawn": "returned", "withdrawing": "returned",
    "destroyed": "destroyed", "destroying": "destroyed", "destroys": "destroyed",
    "destroy": "destroyed", "razed": "destroyed", "flattened": "destroyed",
    "levelled": "destroyed", "leveled": "destroyed",
    "damaged": "damaged", "damaging": "damaged", "damages": "damaged",
    "threatened": "threatened", "threatening": "threatened", "threatens": "threatened",
    "released": "released", "releasing": "released", "releases": "released", "freed": "released",
    "frees": "released",
    "freeing": "released", "exchanged": "released", "exchanging": "released",
    "swapped": "released", "swapping": "released",
    "affected": "affected", "affecting": "affected", "affects": "affected",
    "impacted": "affected", "impacting": "affected", "impacts": "affected",
    "exposed": "affected", "exposing": "affected", "exposes": "affected",
    "compromised": "affected", "compromising": "affected", "leaked": "affected",
    "leaking": "affected", "stole": "affected", "stolen": "affected", "steal": "affected",
    "breached": "affected", "accessed": "affected", "hacked": "affected",
    "lost": "lost", "losing": "lost",
    "pulled": "pulled", "pulling": "pulled", "pulls": "pulled",  # "pulled 540 survivors from"
    "claimed": "killed",  # "claimed 300 lives"; without "lives" the noun decides
    "trapped": "trapped", "trapping": "trapped",
    "pinned": "trapped", "pinning": "trapped",  # "pinning 800 students inside" the campus
    "infected": "case", "infecting": "case", "sickened": "case", "sickening": "case",
    "vaccinated": "vaccinated", "vaccinating": "vaccinated", "inoculated": "vaccinated",
    "immunized": "vaccinated", "immunised": "vaccinated",
    "carrying": "on board",  # "a boat carrying 180 migrants"
    "quarantined": "quarantined", "quarantining": "quarantined",
    # military jargon for killed, of fighters only ("eliminated some 240 enemy soldiers";
    # a company that "eliminated 4,000 jobs" kills no one)
    "eliminated": "eliminated", "eliminating": "eliminated", "neutralized": "eliminated",
    "neutralised": "eliminated",
    "transported": "moved", "transporting": "moved", "ferried": "moved", "ferrying": "moved",
    "bussed": "moved", "bused": "moved",
}  # fmt: skip
LEFT_VERB_PHRASES: dict[str, str] = {
    "sent home": "returned", "sent back": "returned", "brought home": "returned",
    "brought back": "returned", "took back": "returned", "pulled out": "pulled",
    "shot down": "destroyed", "rounded up": "arrested", "took prisoner": "captured",
    "brought out": "pulled", "dug out": "pulled",
    "lifted for": "returned",  # "evacuation orders were lifted for 6,000 residents"
}  # fmt: skip

# Money: a currency amount is a figure only near one of these words.
MONEY_EVENTS = frozenset(
    {
        "ransom", "ransoms", "fine",
        "fined", "fines", "penalty", "penalties", "settlement", "settle", "settled",
        "damages", "losses", "lost", "stole", "stolen", "theft", "compensation", "demanded",
        "demand", "demanding", "demands", "extorted", "extortion", "extort", "ransomware",
        "reparations", "bounty", "reward", "embezzled", "laundered", "laundering",
        "restitution", "forfeit", "forfeited", "forfeiture",
        "bribes", "bribe", "seized", "seize", "seizing", "confiscated", "frozen", "froze",
        "siphoned", "drained", "looted", "swindled", "defrauded",
    }
)  # fmt: skip

AUX = frozenset(
    {
        "have", "has", "had", "been", "were", "was", "are", "is", "be", "being", "remain",
        "remained", "remains", "got", "get", "reportedly", "already", "also", "now", "since",
        "initially", "later", "subsequently", "recently", "all", "still", "officially",
        "reported", "believed", "feared", "estimated", "thought", "said", "confirmed",
        "presumed", "either", "both", "just", "so", "far", "allegedly", "likely",
        "probably", "apparently", "seriously", "critically", "fatally", "badly", "severely",
        "slightly", "lightly", "mortally", "who", "that", "which", "they", "internally",
    }
)  # fmt: skip

# Counted nouns: surface form -> (lemma, category, plural).
#   people    counted only with an event ("1,500 people were killed")
#   military  with an event; "sent"/"deployed" makes "deployed"; alone -> lemma
#   role      with a person event -> that event; sent/arrived -> lemma; alone -> nothing
#   counted   like role, but also counted on its own -> lemma ("2,000 firefighters")
#   structure with destroyed/damaged -> that; alone -> nothing
#   thing     weapons and craft: with a use verb ("launched 120 drones") -> lemma
#   quake     aftershocks: counted on their own -> lemma
#   data      with an exposure event -> "affected" for accounts, lemma for records
#   area      acres and hectares -> "<unit> burned" (in a sentence about a fire or a burn)
# A singular form counts only for "one" ("one soldier"); after a larger number it is a
# modifier ("four volunteer physicians").
NOUNS: dict[str, tuple[str, str, bool]] = {}


def _add(category: str, *pairs: str) -> None:
    for pair in pairs:
        plural, _, lemma = pair.partition(":")
        lemma = lemma or plural[:-1]
        NOUNS[plural] = (lemma, category, True)
        if lemma != plural:
            NOUNS.setdefault(lemma, (lemma, category, False))


_add(
    "people",
    "people:people", "persons:person", "individuals", "civilians", "residents",
    "inhabitants", "villagers", "citizens", "locals", "children:child", "kids", "women:woman",
    "minors", "toddlers",
    "men:man", "adults", "students", "pupils", "workers", "employees", "passengers",
    "victims", "pilgrims", "migrants", "tourists", "fans", "spectators", "protesters",
    "protestors", "demonstrators", "patients", "survivors", "customers", "users", "members",
    "subscribers", "clients", "families:family", "households", "nationals", "foreigners",
    "israelis", "palestinians", "ukrainians", "russians", "americans", "others:other",
    "teenagers", "babies:baby", "infants", "journalists", "reporters", "doctors", "nurses",
    "physicians", "staff:staff", "crew:crew", "crewmembers", "miners", "farmers",
    "voters", "shoppers", "guests", "occupants", "homeowners", "consumers", "taxpayers",
    "motorists", "cardholders", "policyholders", "officers", "medics", "volunteers",
    "suspects", "inmates", "guards", "instructors", "advisers", "advisors", "specialists",
    "technicians", "defectors", "deserters", "detainees", "policemen:policeman",
    "pedestrians", "cyclists", "climbers", "hikers", "swimmers", "divers", "fishermen:fisherman",
)  # fmt: skip
_add(
    "military",
    "soldiers", "troops:troop", "servicemen:serviceman", "servicemembers", "personnel:personnel",
    "marines", "paratroopers", "fighters", "militants", "combatants", "conscripts",
    "reservists", "recruits", "mercenaries:mercenary", "commandos", "militiamen:militiaman",
    "insurgents", "rebels", "guerrillas", "jihadists", "forces:force", "servicewomen:servicewoman",
    "sailors",
)  # fmt: skip
_add("role", "laborers", "labourers", "engineers", "hostages", "prisoners", "pows:pow",
     "evacuees", "asylum seekers:asylum seeker")  # fmt: skip
_add("counted", "firefighters", "rescuers", "peacekeepers", "refugees")
# British and translated wording for firefighters: "About 300 firemen and volunteers"
NOUNS["firemen"] = ("firefighter", "counted", True)
NOUNS["fireman"] = ("firefighter", "counted", False)
NOUNS["fire-fighters"] = ("firefighter", "counted", True)
_add(
    "structure",
    "homes", "houses", "buildings", "structures", "residences", "dwellings", "apartments",
    "businesses:business", "schools", "hospitals", "churches:church", "mosques", "bridges",
    "properties:property", "shelters", "villages", "farms",
    # holiday parks: "30 caravans and cabins were also destroyed" (only counted with
    # a destroy or damage event, as all structures are)
    "caravans", "cabins", "chalets", "bungalows", "cottages",
    # places of worship, one family: "destroyed 670 monasteries ... and 290 pagodas"
    "monasteries:monastery", "pagodas", "temples", "shrines", "synagogues", "chapels",
    "cathedrals", "madrasas",
)  # fmt: skip
_add(
    "thing",
    "missiles", "drones", "rockets", "shells", "tanks", "warships", "vessels",
    "aircraft:aircraft", "helicopters", "jets", "bombs", "artillery:artillery", "munitions",
    "warplanes", "ships", "boats", "projectiles", "interceptors", "airplanes", "planes",
    "howitzers", "uavs:drone",
)  # fmt: skip
_add("quake", "aftershocks", "tremors")
# Lawsuits are counted on their own, whatever verb comes with them ("faces 14 proposed
# class-action lawsuits", "five class action lawsuits have been filed").
_add("legal", "lawsuits")
_add("data", "records", "accounts", "passwords", "credentials", "devices")
# Organisations a breach or an attack hits: counted only as "affected" ("nearly 20,000
# organisations were affected", "hit roughly 250,000 targets"), never with any other event
_add("org", "organizations", "organisations", "companies:company", "firms", "agencies:agency",
     "institutions", "entities:entity", "enterprises", "targets")  # fmt: skip
# "cases" counts infections only in a story about a disease (see DISEASE_CONTEXT), not court
# cases or cases of water
NOUNS["cases"] = ("case", "disease", True)
NOUNS["acres"] = ("acres burned", "area", True)
NOUNS["hectares"] = ("hectares burned", "area", True)
NOUNS["acre"] = ("acres burned", "area", False)
NOUNS["hectare"] = ("hectares burned", "area", False)
# "troops" and "forces" are plural-only in this sense; some singulars are too ambiguous
for _w in ("troop", "force", "man", "woman", "other", "member", "shell", "tank", "guard",
           "record", "account", "staff"):  # fmt: skip
    if _w in NOUNS and not NOUNS[_w][2]:
        del NOUNS[_w]

# Verbs that make weapons and craft a figure ("launched 120 drones", "40 missiles were fired").
# Not "deployed" or "sent": "deployed 900 soldiers and 60 boats" counts the soldiers only.
THING_EVENTS = frozenset(
    {
        "launched", "launch", "launches", "launching", "fired", "fire", "fires", "firing",
        "intercepted", "intercept", "intercepting", "downed", "shot", "destroyed", "destroying",
        "struck", "sank", "sunk", "hit", "lost", "captured", "seized", "supplied",
        "delivered", "attacked", "targeted", "neutralized", "neutralised", "used",
        "barrage", "salvo", "wave", "attack", "strike", "strikes", "shooting", "down",
        "shoot", "downing", "intercepts",
    }
)  # fmt: skip
# Words that put a count of acres or hectares in a fire's story.
AREA_CONTEXT = frozenset(
    {
        "fire", "fires", "wildfire", "wildfires", "blaze", "blazes", "burned", "burnt",
        "burning", "burn", "scorched", "charred", "consumed", "flames", "containment",
        "contained", "firefighters", "torched", "blackened", "fire's", "blaze's",
        "bushfire", "bushfires", "grassfire", "grassfires", "bushfire's", "megafire",
    }
)  # fmt: skip

# Words that make an article a disease story, where "cases" and "infected" count infections.
# Named diseases and outbreak words only: "disease" alone is too loose ("cold and disease").
DISEASE_CONTEXT = frozenset(
    {
        "cholera", "measles", "dengue", "ebola", "mpox", "monkeypox", "covid", "coronavirus",
        "influenza", "flu", "outbreak", "outbreaks", "epidemic", "pandemic", "malaria",
        "typhoid", "diphtheria", "polio", "meningitis", "marburg", "plague", "anthrax",
        "tuberculosis", "hepatitis", "zika", "chikungunya", "nipah", "lassa", "pertussis",
        "legionnaires", "listeria", "salmonella", "norovirus", "infections", "infection",
        "virus", "vaccine", "vaccination", "vaccinated", "contagious",
    }
)  # fmt: skip

# Two-word counted nouns; the first word alone may be a modifier ("combat", "police").
NOUN_BIGRAMS: dict[str, tuple[str, str]] = {
    "combat engineers": ("combat engineer", "role"),
    "police officers": ("police officer", "people"),
    "rescue workers": ("rescue worker", "counted"),
    "fire fighters": ("firefighter", "counted"),
    "mobile homes": ("mobile home", "structure"),
    "aid workers": ("aid worker", "role"),
    "health workers": ("health worker", "role"),
    "construction workers": ("construction worker", "role"),
    "service members": ("service member", "military"),
    "crew members": ("crew member", "people"),
    "special forces": ("special forces", "military"),
    "prisoners of war": ("prisoner of war", "role"),
    "square miles": ("square miles burned", "area"),
    "square kilometres": ("square kilometres burned", "area"),
    "square kilometers": ("square kilometres burned", "area"),
    "sq km": ("square kilometres burned", "area"),
    "ballistic missiles": ("ballistic missile", "thing"),
    "cruise missiles": ("cruise missile", "thing"),
    "artillery shells": ("artillery shell", "thing"),
    "fighter jets": ("fighter jet", "thing"),
    "artillery systems": ("artillery system", "thing"),
    "armored vehicles": ("armored vehicle", "thing"),
    "armoured vehicles": ("armoured vehicle", "thing"),
    "armored fighting vehicles": ("armored fighting vehicle", "thing"),
    "armoured fighting vehicles": ("armoured fighting vehicle", "thing"),
    "air defense systems": ("air defense system", "thing"),
    "air defence systems": ("air defence system", "thing"),
    # state-media wording for drones, and guns the vocabulary lacked
    "unmanned aerial vehicles": ("drone", "thing"),
    "artillery guns": ("artillery gun", "thing"),
    "artillery pieces": ("artillery piece", "thing"),
    "rocket launchers": ("rocket launcher", "thing"),
    "credit cards": ("credit card", "data"),
    # cards and claims a breach exposes: "380,000 payment cards were compromised"
    "payment cards": ("payment card", "data"),
    "bank cards": ("payment card", "data"),
    "debit cards": ("payment card", "data"),
    "health claims": ("health claim", "data"),
    "account holders": ("account holder", "people"),
    "asylum seekers": ("asylum seeker", "role"),
    "north koreans": ("north korean", "people"),
    # a settlement's class: the people the breach or harm affected
    "class members": ("class member", "people"),
    # blocks of flats: "38 apartment blocks came down"
    "apartment blocks": ("apartment block", "structure"),
    "tower blocks": ("tower block", "structure"),
    "residential blocks": ("residential block", "structure"),
    "apartment buildings": ("apartment building", "structure"),
}


# People a business "loses" without anyone dying.
_NOT_LOST_PEOPLE = frozenset(
    {"customer", "user", "subscriber", "member", "client", "voter", "employee", "shopper",
     "consumer", "cardholder", "policyholder", "fan", "guest", "taxpayer", "passenger",
     "student", "pupil", "household", "tourist", "worker", "account holder", "spectator"}
)  # fmt: skip


# Peoples counted by nationality: sent or deployed, they are troops
_NATIONS = frozenset(
    {"israeli", "palestinian", "ukrainian", "russian", "american", "north korean"}
)  # fmt: skip


def resolve_measure(event: str | None, lemma: str | None, category: str | None) -> str | None:
    """The measure for an event and a counted noun (either may be missing), or None.

    None means "not a figure": e.g. "1,200 customers" with no event, "500 employees".
    """
    if category in ("area", "legal"):
        return lemma  # "acres burned", "hectares burned", ..., "lawsuit"
    if category == "disease":
        return "case" if event in (None, "case", "affected") else None
    if lemma == "other":
        category = None  # "destroyed 40 homes and damaged 12 others": whatever came before
    if event is None:
        if lemma == "class member":
            return "affected"  # "the settlement covers 1.9 million class members"
        if category in ("military", "counted", "quake"):
            return lemma
        return None
    if event == "crossed":
        # people who fled across a border; not tourists or fans on a trip
        if category in (None, "people", "counted", "role") and lemma not in _NOT_LOST_PEOPLE:
            return "displaced"
        return None
    if event == "eliminated":
        return "killed" if category == "military" else None
    if event == "moved":
        # civilians carried out of danger; troops moved are not evacuees
        return "evacuated" if category in (None, "people", "counted") else None
    if event in ("without power", "without water"):
        # "30,000 homes without power": customers, people or the homes they live in
        return event if category in (None, "people", "data", "structure") else None
    if event == "threatened":
        return "structures threatened" if category in (None, "structure") else None
    if event == "burned":
        if category in (None, "structure"):
            return "structures destroyed"  # "40 homes were burned"
        if category in ("people", "military", "role", "counted"):
            return "wounded"  # "Eleven other soldiers were burned fighting the fires"
        return lemma if category == "thing" else None
    if event in ("destroyed", "damaged"):
        if category in (None, "structure"):
            return "structures " + event  # homes, houses, buildings: all "structures"
        if category in ("thing", "military"):
            return lemma
        return None
    if event == "deployed":
        if category in (None, "military") or lemma in _NATIONS:
            return "deployed"  # "Russia has deployed some 8,000 North Koreans"
        if category in ("role", "counted", "thing", "people"):
            return lemma  # "15,000 laborers sent", "60,000 aid workers deployed"
        return None
    if event == "affected":
        if category in (None, "people", "org") or lemma in (
            "account", "device", "email", "business"
        ):
            return "affected"
        if category == "data":
            return lemma
        return None
    if event == "contained":
        return None  # a count is never "contained"; only a percentage is (handled by caller)
    if event == "magnitude":
        return None
    if event == "pulled":  # "pulled 540 survivors from the rubble"; troops pulled back
        if category in (None, "people", "role"):
            return "rescued"
        return "returned" if category == "military" else None
    if event == "lost":
        # "North Korea has lost 300 soldiers", "the town lost 40 homes"; but a business that
        # "lost 3,000 customers" counts no victims
        if category in ("military", "role", "counted") or (
            category == "people" and lemma not in _NOT_LOST_PEOPLE
        ):
            return "killed"
        if category == "structure":
            return "structures destroyed"
        return None
    if event in PERSON_EVENTS:
        if category in (None, "people", "military", "role", "counted"):
            return event
        if category == "thing" and event == "captured":
            return lemma
        return None
    return None
