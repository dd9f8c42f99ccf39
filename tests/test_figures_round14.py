"""Figures: the general rules added after the blind real-prose round 14 (breach3, breach4,
war4, quake4, wildfire4), each checked on sentences of their own (exact measure and value,
found and not found)."""

from __future__ import annotations

import pytest

from tests.helpers import found_figures


# Local dollars: a named dollar, a two-letter dollar prefix, and a bare "$" or "dollars" in
# the copy of a Singaporean, Australian or Canadian outlet.
@pytest.mark.parametrize(
    ("text", "found", "absent"),
    [
        ("The regulator fined the lender CA$2.5 million over the leak.",
         ("money:cad", 2500000), ("money:usd", 2500000)),
        ("The court approved a settlement of AU$48 million for victims of the hack.",
         ("money:aud", 48000000), ("money:usd", 48000000)),
        ("The privacy office fined the pharmacy chain Cdn$600,000 for the breach.",
         ("money:cad", 600000), ("money:usd", 600000)),
        ("A penalty of 210,000 Singapore dollars has also been imposed on the clinic group.",
         ("money:sgd", 210000), ("money:usd", 210000)),
        ("The insurer was ordered to pay 3 million Canadian dollars to affected members.",
         ("money:cad", 3000000), ("money:usd", 3000000)),
        # a dateline of a local outlet
        ("SINGAPORE - The watchdog has imposed its largest fine of $640,000 on the clinic "
         "operator for lapses that let hackers in.",
         ("money:sgd", 640000), ("money:usd", 640000)),
        ("TORONTO — The credit union was fined $450,000 after a former employee leaked the "
         "files of 1.1 million members in Ontario.",
         ("money:cad", 450000), ("money:usd", 450000)),
        # a US-dollar conversion beside the amount marks the copy as local
        ("Two hospital firms in Singapore were fined 900,000 dollars (about 660,000 U.S. "
         "dollars) in total over the leak.",
         ("money:sgd", 900000), ("money:usd", 900000)),
        # a local exchange or regulator
        ("The lender told the ASX it had paid a ransom of $4.8 million after the cyber attack, "
         "which hit customers across Australia.",
         ("money:aud", 4800000), ("money:usd", 4800000)),
    ],
)
def test_local_dollars(
    text: str, found: tuple[str, float], absent: tuple[str, float]
) -> None:
    got = found_figures(text)
    assert found in got
    assert absent not in got


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # wire copy from abroad keeps dollars American
        ("SYDNEY (Reuters) - The hackers demanded a ransom of $1 million from the Australian "
         "telecom company, police said.", ("money:usd", 1000000)),
        # a US story that names Canada too
        ("The breach affected 140 million Americans and some Canadian customers; the company "
         "agreed to pay $700 million in a settlement.", ("money:usd", 700000000)),
        # an amount the text also writes as US$ stays American
        ("Hackers demand $500K ransom. Officials in Australia said the gang is selling the data "
         "for US$500,000 on a forum.", ("money:usd", 500000)),
        # no country at all
        ("The firm paid a ransom of $2.3 million to the gang.", ("money:usd", 2300000)),
    ],
)
def test_dollars_stay_american(text: str, found: tuple[str, float]) -> None:
    got = found_figures(text)
    assert found in got
    assert not {m for m, _ in got if m in ("money:aud", "money:cad", "money:sgd")}


# A lowercase glued "m" is million in British copy when a noun or "of the" follows; metres
# stay digits.
@pytest.mark.parametrize(
    ("text", "title", "found", "absent"),
    [
        ("", "Carrier confirms almost 31m people affected by data theft",
         ("affected", 31000000), ("affected", 31)),
        ("The gang claimed to have stolen detailed information on 80m of the lender's "
         "customers.", None, ("affected", 80000000), ("affected", 80)),
        ("Data relating to approximately 6.3m current customers appears to have been "
         "compromised.", None, ("affected", 6300000), ("affected", 6.3)),
        ("Hackers exposed the records of 2.4m patients at the clinic network.", None,
         ("affected", 2400000), ("affected", 2.4)),
    ],
)
def test_glued_million(
    text: str, title: str | None, found: tuple[str, float], absent: tuple[str, float]
) -> None:
    got = found_figures(text or "Officials gave no details.", title)
    assert found in got
    assert absent not in got


@pytest.mark.parametrize(
    "text",
    [
        "The wave was 6m high and swept through the harbour town of Ossel.",
        "Rescuers found the hikers 300m away from the collapsed hut.",
        "She won the 100m final in the capital before the quake.",
        "The crane fell from 40m onto the street below.",
    ],
)
def test_glued_metres_stay(text: str) -> None:
    got = found_figures(text)
    assert not {v for _, v in got if v is not None and v >= 1_000_000}


# The hospital family: people in (named) hospitals, carried or admitted there, who had to be
# hospitalized, kept under observation.
@pytest.mark.parametrize(
    ("text", "found", "absent"),
    [
        ("As of noon, 44 people are in Norvel hospitals, 8 are in serious condition.",
         ("hospitalized", 44), ("wounded", 44)),
        ("Nineteen people are in two district hospitals, the governor said.",
         ("hospitalized", 19), ("killed", 19)),
        ("In Tarsk province, 27 people had been killed and 65 taken to hospital.",
         ("hospitalized", 65), ("killed", 65)),
        ("The worst damage was in the harbour, while at least 33 people in the capital had to "
         "be hospitalized.", ("hospitalized", 33), ("wounded", 33)),
        ("At least 22 people needed to be hospitalised after the blast at the depot.",
         ("hospitalized", 22), ("wounded", 22)),
        ("Of these, six have been discharged, while the remaining four are still under "
         "observation, the clinic said.", ("hospitalized", 4), ("hospitalized", 6)),
        ("Eleven passengers remain under observation in the county hospital.",
         ("hospitalized", 11), ("wounded", 11)),
        ("At least 14 people were rushed to hospital after the bus overturned near Dovra.",
         ("hospitalized", 14), ("wounded", 14)),
        ("Some 30 residents were admitted to hospital overnight with smoke in their lungs.",
         ("hospitalized", 30), ("evacuated", 30)),
    ],
)
def test_hospital_family(
    text: str, found: tuple[str, float], absent: tuple[str, float]
) -> None:
    got = found_figures(text)
    assert found in got
    assert absent not in got


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # the injury named with the stay stays wounded
        ("Twenty people are in hospital with burns.", ("wounded", 20)),
        # a place that is no hospital
        ("About 300 people are in two school gyms in the valley.", None),
    ],
)
def test_hospital_family_limits(text: str, found: tuple[str, float] | None) -> None:
    got = found_figures(text)
    if found is None:
        assert not {m for m, _ in got if m == "hospitalized"}
    else:
        assert found in got
        assert ("hospitalized", found[1]) not in got
